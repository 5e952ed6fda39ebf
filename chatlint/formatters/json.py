"""``--output-format json``: a JSON array, one object per finding."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Sequence

from chatlint.formatters import located, statistics
from chatlint.formatters.escaping import json_output
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Fix


def _location(index: Placer, offset: int) -> Dict[str, int]:
    line, column = index.location(offset)
    return {"line": line, "column": column}


def _fix(fix: Optional[Fix], index: Placer) -> Optional[Dict[str, Any]]:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability.label,
        "message": fix.title,
        "edits": [
            {
                "content": edit.replacement,
                "location": _location(index, edit.span.start),
                "end_location": _location(index, edit.span.end),
            }
            for edit in fix.edits
        ],
    }


def finding_to_json(finding: Finding, index: Placer) -> Dict[str, Any]:
    item: Dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.label,
        "filename": finding.path,
        "location": _location(index, finding.span.start),
        "end_location": _location(index, finding.span.end),
        "suggestion": finding.suggestion,
        "fix": _fix(finding.fix, index),
        "context": finding.context or None,
    }
    if finding.speaker is not None:
        # Only for a finding whose source names who wrote it (a transcript turn).
        named = {"name": finding.speaker.name, "team": finding.speaker.team}
        item["speaker"] = {key: value for key, value in named.items() if value}
    return item


def render(results: Sequence[FileResult], registry: Registry) -> str:
    items = [finding_to_json(finding, index) for finding, index in located(results)]
    return json_output(json.dumps(items, indent=2, ensure_ascii=False)) + "\n"


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    rows = [
        {"code": code, "name": name, "count": count} for code, name, count in statistics(results)
    ]
    return json.dumps(rows, indent=2) + "\n"
