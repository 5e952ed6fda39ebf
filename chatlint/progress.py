"""How far a long run has got: a count of the files checked, on standard error.

Shown only to a person watching a terminal, and only once a run has taken more than a
second: never in a CI log (``CI`` is set there), a pipe or a file, where a line
rewritten in place is noise. The line is cleared before the findings are printed.
"""

from __future__ import annotations

import os
import time
from typing import Callable

#: Seconds a run goes before the count shows (``CHATLINT_PROGRESS_AFTER`` sets it).
AFTER = float(os.environ.get("CHATLINT_PROGRESS_AFTER", "1"))


class Progress:
    """Counts files as the run reaches them; writes the count now and then."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._start = time.monotonic()
        self._last = 0.0
        self.count = 0
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if self.count % 32:  # the clock is read every 32 files: a tick costs nothing
            return
        now = time.monotonic()
        if now - self._start < AFTER or now - self._last < 0.1:
            return
        self._write(f"\rchecked {self.count:,} files\u2026")
        self.shown = True
        self._last = now

    def done(self) -> None:
        if self.shown:
            self._write("\r\x1b[K")


def wanted(is_terminal: bool) -> bool:
    """Whether a run writing its errors to a terminal (``is_terminal``) shows progress."""
    return is_terminal and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
