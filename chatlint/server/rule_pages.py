"""Each rule's documentation as a page an editor can open: a diagnostic's
``codeDescription`` links to it.

chatlint's documentation lives in the rules themselves (``chatlint rule CODE``), not on
a web site, and an editor follows a ``file:`` link as readily as a web one. So the
page of each rule that appears is written, once per server, as Markdown into the cache
directory (``~/.cache/chatlint/rules/`` on Linux; a temporary folder when the cache is
turned off), from the same text ``chatlint rule`` prints; a team's own rules get pages
too, as their rule files describe them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Dict, Optional, Type

from chatlint.docs import rule_to_text
from chatlint.files import write_atomically
from chatlint.rule import Rule
from chatlint.toml_files import cache_directory


class RulePages:
    """The pages written so far, by rule class."""

    def __init__(self, directory: Optional[Path] = None) -> None:
        self._directory = directory
        self._hrefs: Dict[Type[Rule], str] = {}

    def _folder(self) -> Path:
        if self._directory is None:
            base = cache_directory()
            folder = (
                Path(base) / "rules" if base else Path(tempfile.mkdtemp(prefix="chatlint-rules-"))
            )
            folder.mkdir(parents=True, exist_ok=True)
            self._directory = folder
        return self._directory

    def href(self, rule: Type[Rule]) -> str:
        """The ``file:`` URI of ``rule``'s page, written on first use."""
        href = self._hrefs.get(rule)
        if href is None:
            page = self._folder() / f"{rule.code}-{rule.name}.md"
            text = rule_to_text(rule)
            try:
                if not page.is_file() or page.read_text(encoding="utf-8") != text:
                    write_atomically(page, text.encode("utf-8"), sync=False)
            except OSError:
                pass  # a link to a page that could not be written is still a link
            href = page.resolve().as_uri()
            self._hrefs[rule] = href
        return href
