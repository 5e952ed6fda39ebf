"""Rewrite the README's generated tables: the rule table and the evaluation figures.

Usage: python scripts/sync_readme.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from chatlint.docs import rules_table_markdown
from chatlint.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
sys.path.insert(0, str(ROOT / "tests"))

from evaluation import evaluate, load_examples, table  # noqa: E402


def _replace(text: str, marker: str, body: str) -> str:
    return re.sub(
        rf"(<!-- {marker}:[^\n]*-->\n).*?(<!-- end {marker} -->)",
        lambda match: match.group(1) + body + match.group(2),
        text,
        flags=re.S,
    )


def main() -> None:
    text = README.read_text(encoding="utf-8")
    updated = _replace(text, "rules-table", rules_table_markdown(Registry.installed()))
    updated = _replace(updated, "evaluation-table", table(evaluate(load_examples())))
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: generated tables updated")


if __name__ == "__main__":
    main()
