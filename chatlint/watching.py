"""``chatlint check --watch``: lint, then lint again whenever a file changes, for a
writer with a draft open in one window and chatlint in another.

The file system is watched with watchfiles (Rust's notify underneath: inotify on Linux,
FSEvents on macOS), which batches a burst of writes, such as an editor's save, into one
change. A change to a file chatlint reads, or to a TOML file (a config or a team's
rules), starts a new run, which works the config out afresh; the screen is not cleared,
each run is headed by the time it started. Ctrl+C ends it, with status 0.
"""

from __future__ import annotations

import os
import time
from typing import Iterable, Tuple

from chatlint.application import CheckOptions, Streams, check
from chatlint.errors import ChatlintError, ExitStatus
from chatlint.sources import format_for


def _matters(path: str) -> bool:
    return path.endswith(".toml") or format_for(path) is not None


def watch_and_check(options: CheckOptions, streams: Streams) -> ExitStatus:
    import watchfiles  # only for --watch

    roots = [path for path in options.paths if os.path.exists(path)] or ["."]
    _run(options, streams)
    try:
        for changes in watchfiles.watch(*roots):
            if _any_matters(changes):
                _run(options, streams)
    except KeyboardInterrupt:
        pass
    return ExitStatus.SUCCESS


def _any_matters(changes: Iterable[Tuple[object, str]]) -> bool:
    return any(_matters(path) for _, path in changes)


def _run(options: CheckOptions, streams: Streams) -> None:
    streams.err(f"[{time.strftime('%H:%M:%S')}] chatlint check {' '.join(options.paths)}\n")
    try:
        check(options, streams)
    except ChatlintError as error:  # a config being edited may be broken for a moment
        streams.err(f"chatlint: error: {error}\n")
