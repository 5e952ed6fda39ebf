"""``--output-format junit``: JUnit XML, one test case per file, failures per finding."""

from __future__ import annotations

from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from chatlint.linter import FileResult


def render(results: Sequence[FileResult]) -> str:
    ordered = sorted(results, key=lambda result: result.path)
    failures = sum(len(result.findings) for result in ordered)
    errors = sum(1 for result in ordered if result.error is not None)
    cases = []
    for result in ordered:
        body = []
        if result.error is not None:
            body.append(f"    <error message={quoteattr(result.error.problem)}/>")
        index = result.line_index()
        for finding in result.findings:
            line, column = index.location(finding.span.start)
            text = f"{finding.path}:{line}:{column}: {finding.code} {finding.message}"
            if finding.suggestion:
                text += f"\nhelp: {finding.suggestion}"
            body.append(
                f"    <failure type={quoteattr(finding.code)} message={quoteattr(finding.message)}>{escape(text)}</failure>"
            )
        open_tag = f'  <testcase classname="chatlint" name={quoteattr(result.path)}'
        cases.append(open_tag + ("/>" if not body else ">\n" + "\n".join(body) + "\n  </testcase>"))
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="chatlint" tests="{len(ordered)}" failures="{failures}" errors="{errors}">\n'
        f' <testsuite name="chatlint" tests="{len(ordered)}" failures="{failures}" errors="{errors}">\n'
    )
    return header + "\n".join(cases) + ("\n" if cases else "") + " </testsuite>\n</testsuites>\n"


def render_statistics(results: Sequence[FileResult]) -> str:
    return render(results)
