"""Rewrite the README's generated rule table from the installed rules.

Usage: python scripts/sync_readme.py
"""

from __future__ import annotations

import re
from pathlib import Path

from chatlint.docs import rules_table_markdown
from chatlint.registry import Registry

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    updated = re.sub(
        r"(<!-- rules-table:[^\n]*-->\n).*?(<!-- end rules-table -->)",
        lambda match: match.group(1) + rules_table_markdown(Registry.installed()) + match.group(2),
        text,
        flags=re.S,
    )
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: rule table updated")


if __name__ == "__main__":
    main()
