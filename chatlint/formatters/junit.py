"""``--output-format junit``: JUnit XML, one test case per file, failures per finding."""

from __future__ import annotations

import re
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from chatlint.registry import Registry
from chatlint.results import FileResult

# Characters XML 1.0 cannot hold at all, even escaped: control characters other than
# tab and line breaks, lone surrogates, U+FFFE and U+FFFF. A file name or a quoted
# finding can carry one (a stray ESC in a macro); it is written as a visible \x1b.
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _shown(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(text: str) -> str:
    return escape(_NOT_IN_XML.sub(_shown, text))


def _attribute(text: str) -> str:
    return quoteattr(_NOT_IN_XML.sub(_shown, text))


def render(results: Sequence[FileResult], registry: Registry) -> str:
    ordered = sorted(results, key=lambda result: result.path)
    failures = sum(len(result.findings) for result in ordered)
    errors = sum(1 for result in ordered if result.error is not None)
    cases = []
    for result in ordered:
        body = []
        if result.error is not None:
            body.append(f"    <error message={_attribute(result.error.problem)}/>")
        index = result.line_index()
        for finding in result.findings:
            line, column = index.location(finding.span.start)
            text = f"{finding.path}:{line}:{column}: {finding.code} {finding.message}"
            if finding.suggestion:
                text += f"\nhelp: {finding.suggestion}"
            body.append(
                f"    <failure type={_attribute(finding.code)} "
                f"message={_attribute(finding.message)}>{_text(text)}</failure>"
            )
        open_tag = f'  <testcase classname="chatlint" name={_attribute(result.path)}'
        cases.append(open_tag + ("/>" if not body else ">\n" + "\n".join(body) + "\n  </testcase>"))
    counts = f'tests="{len(ordered)}" failures="{failures}" errors="{errors}"'
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="chatlint" {counts}>\n'
        f' <testsuite name="chatlint" {counts}>\n'
    )
    return header + "\n".join(cases) + ("\n" if cases else "") + " </testsuite>\n</testsuites>\n"


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    return render(results, registry)
