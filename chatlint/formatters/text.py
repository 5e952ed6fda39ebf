"""The default output: ``path:line:col: CODE message``, then an indented ``help:`` line."""

from __future__ import annotations

from typing import List, Sequence

from chatlint.formatters import located, statistics
from chatlint.registry import Registry
from chatlint.results import FileResult


def render(results: Sequence[FileResult], registry: Registry) -> str:
    lines: List[str] = []
    for finding, index in located(results):
        line, column = index.location(finding.span.start)
        where = f" [{finding.context}]" if finding.context else ""
        lines.append(f"{finding.path}:{line}:{column}: {finding.code} {finding.message}{where}")
        if finding.suggestion:
            lines.append(f"  help: {finding.suggestion}")
    return "".join(line + "\n" for line in lines)


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    rows = statistics(results)
    width = max((len(str(count)) for _, _, count in rows), default=1)
    return "".join(f"{count:>{width}}  {code}  {name}\n" for code, name, count in rows)
