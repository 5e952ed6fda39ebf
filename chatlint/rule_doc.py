"""A rule's documentation: its docstring split into the headed sections users read."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import List, Optional, Tuple

REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example")


@dataclass(frozen=True)
class RuleDoc:
    """A rule's documentation, split into its headed sections."""

    sections: Tuple[Tuple[str, str], ...]

    @classmethod
    def parse(cls, docstring: str) -> RuleDoc:
        sections: List[Tuple[str, List[str]]] = []
        for line in _dedent(docstring).splitlines():
            if line.startswith("## "):
                sections.append((line[3:].strip(), []))
            elif sections:
                sections[-1][1].append(line)
        return cls(tuple((title, "\n".join(body).strip()) for title, body in sections))

    def section(self, title: str) -> str:
        return dict(self.sections).get(title, "")

    @property
    def missing(self) -> List[str]:
        titles = {title for title, _ in self.sections}
        return [title for title in REQUIRED_SECTIONS if title not in titles]

    def examples(self) -> Tuple[str, str]:
        """The text of the bad example and of its ``Use instead:`` counterpart."""
        blocks = _code_blocks(self.section("Example"))
        if len(blocks) < 2:
            return (blocks[0] if blocks else "", "")
        return blocks[0], blocks[1]


def _dedent(text: str) -> str:
    lines = text.expandtabs().splitlines()
    if not lines:
        return ""
    return lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))


def _code_blocks(text: str) -> List[str]:
    blocks: List[str] = []
    current: Optional[List[str]] = None
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks
