"""``--output-format concise`` (also ``text``; the default when not writing to a
terminal): ``path:line:col: CODE message``, then an indented ``help:`` line. A finding
that ``--fix`` can fix is marked ``[*]`` after its code."""

from __future__ import annotations

from typing import List, Sequence

from chatlint.formatters import located, statistics
from chatlint.formatters.escaping import shown
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Applicability, Finding


def render(results: Sequence[FileResult], registry: Registry, color: bool = False) -> str:
    paint = Paint(color)
    lines: List[str] = []
    for finding, index in located(results):
        line, column = index.location(finding.span.start)
        path = shown(finding.path, line_start=True)
        where = f" [{finding.context}]" if finding.context else ""
        lines.append(
            f"{paint.bold(f'{path}:{line}:{column}:')} {paint.red(finding.code)}"
            f"{fix_mark(finding)} {shown(finding.message + where)}"
        )
        if finding.suggestion:
            lines.append(f"  {paint.cyan('help:')} {shown(finding.suggestion)}")
    return "".join(line + "\n" for line in lines)


def fix_mark(finding: Finding) -> str:
    """`` [*]`` for a finding ``--fix`` fixes (a safe fix), as ruff marks them."""
    fix = finding.fix
    return " [*]" if fix is not None and fix.applicability >= Applicability.SAFE else ""


class Paint:
    """ANSI colours for a terminal, or none."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def _code(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def bold(self, text: str) -> str:
        return self._code(text, "1")

    def red(self, text: str) -> str:
        return self._code(text, "1;31")

    def cyan(self, text: str) -> str:
        return self._code(text, "36")


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    rows = statistics(results)
    width = max((len(str(count)) for _, _, count in rows), default=1)
    return "".join(f"{count:>{width}}  {code}  {name}\n" for code, name, count in rows)
