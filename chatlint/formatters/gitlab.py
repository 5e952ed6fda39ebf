"""``--output-format gitlab``: a GitLab Code Quality report (``artifacts: reports:
codequality``), a JSON array with one issue per finding.

An issue's ``fingerprint`` is what GitLab tells old findings from new ones by, so it is
built as a baseline entry is: from the file, the code, the text the finding points at
and which occurrence of that text in the file it is, never the line, so editing other
lines does not make a finding new. Severities map ``info`` -> ``info``, ``warning`` ->
``minor`` and ``error`` -> ``major``.

Files that could not be read have no place in the report: they are on standard error,
and the run exits 2. A Code Quality report has no place for counts either, so with
``--statistics`` it is the same report; GitLab counts the issues per check itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Sequence

from chatlint.baseline import Fingerprint, fingerprints
from chatlint.formatters.escaping import json_output
from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Severity

_SEVERITY = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def _fingerprint(fingerprint: Fingerprint) -> str:
    key = "\0".join((*fingerprint[:3], str(fingerprint[3])))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _issue(finding: Finding, index: Placer, fingerprint: Fingerprint) -> Dict[str, Any]:
    line, _ = index.location(finding.span.start)
    end_line, _ = index.location(finding.span.end)
    description = f"{finding.code} {finding.message}"
    if finding.context:
        description += f" [{finding.context}]"
    if finding.suggestion:
        description += f" ({finding.suggestion})"
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": _fingerprint(fingerprint),
        "severity": _SEVERITY[finding.severity],
        # Relative to the project, with "/", as GitLab matches it against the merge
        # request's files.
        "location": {"path": fingerprint[0], "lines": {"begin": line, "end": end_line}},
    }


def render(results: Sequence[FileResult], registry: Registry) -> str:
    issues: List[Dict[str, Any]] = []
    root = Path(os.environ.get("CI_PROJECT_DIR") or Path.cwd())
    for result in sorted(results, key=lambda result: result.path):
        if not result.findings:
            continue
        index = result.line_index()
        for fingerprint, finding in fingerprints(result.findings, root):
            issues.append(_issue(finding, index, fingerprint))
    return json_output(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"


def render_statistics(results: Sequence[FileResult], registry: Registry) -> str:
    return render(results, registry)
