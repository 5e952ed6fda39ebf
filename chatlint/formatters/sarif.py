"""``--output-format sarif``: SARIF 2.1.0, for code-scanning dashboards.

Columns are counted in Unicode code points, as everywhere in chatlint, and the run says
so (``columnKind``); fixes use the same columns. A file that could not be read is a
``toolExecutionNotification`` of the run's invocation, which then did not succeed.

With ``--statistics`` the log is the same, complete one (a SARIF consumer has no use for
a bare table), and the run's ``properties.statistics`` holds how many times each code
was found, most frequent first.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Dict, List, Sequence
from urllib.parse import quote

from chatlint import __version__
from chatlint.formatters import located, statistics
from chatlint.formatters.escaping import json_output
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Fix, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# What a URI path segment may hold as it is besides letters, digits and "-._~" (RFC 3986
# pchar), less ":", plus the "/" between segments.
_PATH_CHARACTERS = "/!$&'()*+,;=@"


def _region(index: Placer, start: int, end: int) -> Dict[str, int]:
    line, column = index.location(start)
    end_line, end_column = index.location(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _uri(path: str) -> str:
    """``path`` as a URI reference: ``file:`` for an absolute path, else relative.

    A space, a ``%`` or a non-ASCII letter in a file name is legal on disk but not in a
    URI, so it is percent-encoded; so is every ``:``, which in the first segment of a
    relative reference would read as a scheme (``note:1.md``).
    """
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe=_PATH_CHARACTERS)


def _location(path: str) -> Dict[str, Any]:
    return {"artifactLocation": {"uri": _uri(path)}}


def _rule(code: str, name: str, registry: Registry) -> Dict[str, Any]:
    rule = registry.rules.get(code)
    if rule is None:  # a finding from a rule this run's registry does not describe
        return {"id": code, "name": name, "shortDescription": {"text": name}}
    doc = rule.documentation()
    help_text = "\n\n".join(body for _, body in doc.sections)
    markdown = "\n\n".join(f"## {title}\n\n{body}" for title, body in doc.sections)
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc.section("What it does") or rule.summary},
        "help": {"text": help_text or rule.summary, "markdown": markdown or rule.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.on_by_default()},
        "properties": {"fixable": rule.can_fix()},
    }


def _fix(fix: Fix, path: str, index: Placer) -> Dict[str, Any]:
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                **_location(path),
                "replacements": [
                    {
                        "deletedRegion": _region(index, edit.span.start, edit.span.end),
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"applicability": fix.applicability.label},
    }


def _result(finding: Finding, index: Placer, rule_index: int) -> Dict[str, Any]:
    message = finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")
    result: Dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    **_location(finding.path),
                    "region": _region(index, finding.span.start, finding.span.end),
                }
            }
        ],
    }
    if finding.context:
        result["properties"] = {"context": finding.context}
    if finding.fix is not None:
        result["fixes"] = [_fix(finding.fix, finding.path, index)]
    return result


def _invocation(results: Sequence[FileResult]) -> Dict[str, Any]:
    """The run's one invocation: each file that could not be read is an error on it."""
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{result.path}: {result.error.problem}"},
            # A path that names nothing (an empty argument) has no location to give.
            "locations": [{"physicalLocation": _location(result.path)}] if result.path else [],
        }
        for result in sorted(results, key=lambda result: result.path)
        if result.error is not None
    ]
    return {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}


def _log(results: Sequence[FileResult], registry: Registry) -> Dict[str, Any]:
    items = list(located(results))
    names = {finding.code: finding.name for finding, _ in items}
    codes = sorted(names)
    rule_index = {code: position for position, code in enumerate(codes)}
    sarif_results: List[Dict[str, Any]] = [
        _result(finding, index, rule_index[finding.code]) for finding, index in items
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "chatlint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/chatlint/",
                        "rules": [_rule(code, names[code], registry) for code in codes],
                    }
                },
                "invocations": [_invocation(results)],
                # chatlint counts columns in code points, not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def _dumps(document: Dict[str, Any]) -> str:
    return json_output(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def render(results: Sequence[FileResult], registry: Registry) -> str:
    return _dumps(_log(results, registry))


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    document = _log(results, registry)
    document["runs"][0]["properties"] = {
        "statistics": [
            {"ruleId": code, "name": name, "count": count}
            for code, name, count in statistics(results)
        ]
    }
    return _dumps(document)
