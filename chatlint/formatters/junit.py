"""``--output-format junit``: JUnit XML, one test case per finding, as ruff writes it.

Every finding is a failed test case, every file with nothing to report a passing one,
and every file that could not be read an erroring one, so ``tests`` is always
``failures + errors`` plus the clean files. A case's ``classname`` is the file, its
``name`` the code, rule name and place.

With ``--statistics`` the report is the same, and the suite's ``<properties>`` also
say how many times each code was found (``chatlint.count.CODE``), most frequent first.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple
from xml.sax.saxutils import escape, quoteattr

from chatlint.formatters import statistics
from chatlint.formatters.escaping import xml_text
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding

# Characters XML 1.0 cannot hold at all, even escaped: control characters other than
# tab and line breaks, lone surrogates, U+FFFE and U+FFFF. A file name or a quoted
# finding can carry one (a stray ESC in a macro); it is written as a visible \x1b.
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _shown(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(text: str) -> str:
    return xml_text(escape(_NOT_IN_XML.sub(_shown, text)))


def _attribute(text: str) -> str:
    return xml_text(quoteattr(_NOT_IN_XML.sub(_shown, text)))


def _case(path: str, name: str, line: int = 0, body: str = "") -> str:
    where = f' line="{line}"' if line else ""
    tag = (
        f"  <testcase classname={_attribute(path)} name={_attribute(name)} "
        f"file={_attribute(path)}{where}"
    )
    return tag + ("/>" if not body else f">\n    {body}\n  </testcase>")


def _failure(finding: Finding, index: Placer) -> str:
    line, column = index.location(finding.span.start)
    where = f" [{finding.context}]" if finding.context else ""
    text = _text(f"{finding.path}:{line}:{column}: {finding.code} {finding.message}{where}")
    if finding.suggestion:
        # The report's own line break; one inside a name or a message is a reference.
        text += "\n" + _text(f"help: {finding.suggestion}")
    failure = (
        f"<failure type={_attribute(finding.code)} "
        f"message={_attribute(finding.message)}>{text}</failure>"
    )
    return _case(finding.path, f"{finding.code} {finding.name} ({line}:{column})", line, failure)


def _cases(results: Sequence[FileResult]) -> Tuple[List[str], int, int]:
    """The test cases, with how many of them failed and how many erred."""
    cases: List[str] = []
    failures = errors = 0
    for result in sorted(results, key=lambda result: result.path):
        if result.error is not None:
            errors += 1
            problem = result.error.problem
            error = (
                f'<error type="read" message={_attribute(problem)}>'
                f"{_text(f'{result.path}: {problem}')}</error>"
            )
            cases.append(_case(result.path, "could not be read", body=error))
        if result.findings:
            index = result.line_index()
            failures += len(result.findings)
            cases.extend(_failure(finding, index) for finding in result.findings)
        elif result.error is None:
            cases.append(_case(result.path, "no findings"))
    return cases, failures, errors


def _report(results: Sequence[FileResult], properties: Sequence[Tuple[str, str]] = ()) -> str:
    cases, failures, errors = _cases(results)
    counts = f'tests="{len(cases)}" failures="{failures}" errors="{errors}"'
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="chatlint" {counts}>',
        f' <testsuite name="chatlint" {counts} skipped="0">',
    ]
    if properties:
        lines.append("  <properties>")
        lines.extend(
            f"   <property name={_attribute(name)} value={_attribute(value)}/>"
            for name, value in properties
        )
        lines.append("  </properties>")
    lines.extend(cases)
    lines.extend([" </testsuite>", "</testsuites>"])
    return "".join(line + "\n" for line in lines)


def render(results: Sequence[FileResult], registry: Registry) -> str:
    return _report(results)


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    counts = [(f"chatlint.count.{code}", str(count)) for code, _, count in statistics(results)]
    return _report(results, counts)
