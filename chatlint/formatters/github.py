"""``--output-format github``: GitHub Actions workflow commands, one annotation each.

A file that could not be read is an ``::error file=PATH::problem`` annotation, so the
pull request shows why the run failed. ``--statistics`` prints the plain counts.
"""

from __future__ import annotations

from typing import List, Sequence

from chatlint.formatters.escaping import github_text
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # GitHub's escaping of command data (its toolkit's escapeData), which the runner
    # undoes: a line break in a file name or a quote cannot start a command of its own.
    text = github_text(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(finding: Finding, index: Placer) -> str:
    line, column = index.location(finding.span.start)
    end_line, end_column = index.location(finding.span.end)
    message = finding.message + (f" [{finding.context}]" if finding.context else "")
    if finding.suggestion:
        message += f"\n{finding.suggestion}"
    title = _property(f"{finding.code} {finding.name}")
    return (
        f"::{_COMMAND[finding.severity]} file={_property(finding.path)},"
        f"line={line},col={column},endLine={end_line},endColumn={end_column},"
        f"title={title}::{_data(message)}"
    )


def render(results: Sequence[FileResult], registry: Registry) -> str:
    lines: List[str] = []
    for result in sorted(results, key=lambda result: result.path):
        if result.error is not None:
            lines.append(f"::error file={_property(result.path)}::{_data(result.error.problem)}")
        if not result.findings:
            continue
        index = result.line_index()
        lines.extend(_annotation(finding, index) for finding in result.findings)
    return "".join(line + "\n" for line in lines)


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    from chatlint.formatters.text import render_statistics as text_statistics

    return text_statistics(results, registry)
