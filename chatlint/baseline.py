"""Baselines: record today's findings, then report only the ones that are new.

A finding is recognised by its file (relative to the project root), its code, the text
it points at, and which occurrence of that text it is in the file, never by its line,
so edits elsewhere in the file do not bring baselined findings back.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, List, Sequence, Set, Tuple

from chatlint.errors import ConfigError
from chatlint.files import write_atomically
from chatlint.globs import relative_to
from chatlint.results import FileResult
from chatlint.violation import Finding

VERSION = 1
Fingerprint = Tuple[str, str, str, int]
_SURROGATE = re.compile("[\ud800-\udfff]")


def fingerprints(findings: Iterable[Finding], root: Path) -> List[Tuple[Fingerprint, Finding]]:
    """Each finding (of one file) in order, with what recognises it whatever moves
    around it: its path relative to ``root``, its code, its text with runs of white
    space as one space, and which occurrence of that text it is. GitLab's Code
    Quality fingerprints are made from the same."""
    seen: Counter[Tuple[str, str, str]] = Counter()
    out = []
    for finding in sorted(findings, key=Finding.sort_key):
        key = (
            relative_to(finding.path, root),
            finding.code,
            " ".join(finding.matched_text.split()),
        )
        out.append(((*key, seen[key]), finding))
        seen[key] += 1
    return out


def write(path: Path, results: Sequence[FileResult], root: Path) -> int:
    """Record every finding of ``results``; returns how many."""
    entries = [
        {
            "path": fingerprint[0],
            "code": fingerprint[1],
            "text": fingerprint[2],
            "occurrence": fingerprint[3],
        }
        for result in results
        for fingerprint, _ in fingerprints(result.findings, root)
    ]
    entries.sort(
        key=lambda entry: (entry["path"], entry["code"], entry["text"], entry["occurrence"])
    )
    data = (
        json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    )
    # A file name that is not UTF-8 holds a lone surrogate for each bad byte, which UTF-8
    # cannot hold: written as a JSON escape, it reads back as the same name, and matches.
    data = _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", data)
    try:
        write_atomically(path, data.encode("utf-8"))
    except OSError as error:
        raise ConfigError(
            f"cannot write the baseline: {error.strerror or error}", str(path)
        ) from error
    return len(entries)


def load(path: Path) -> Set[Fingerprint]:
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(
            "baseline file not found (create it with --write-baseline)", where
        ) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"not a chatlint baseline: {error}", where) from error
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise ConfigError(f"not a chatlint baseline (version {VERSION} expected)", where)
    try:
        return {
            (entry["path"], entry["code"], entry["text"], int(entry["occurrence"]))
            for entry in data["findings"]
        }
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"malformed baseline entry: {error}", where) from error


def without_baselined(
    results: Sequence[FileResult], baseline: Set[Fingerprint], root: Path
) -> List[FileResult]:
    """``results`` less the findings recorded in ``baseline``."""
    kept: List[FileResult] = []
    for result in results:
        if not result.findings:
            kept.append(result)
            continue
        new = tuple(
            finding
            for fingerprint, finding in fingerprints(result.findings, root)
            if fingerprint not in baseline
        )
        new = tuple(sorted(new, key=Finding.sort_key))
        kept.append(dataclasses.replace(result, findings=new))
    return kept
