"""Output formats. Each turns file results into text; only here do offsets become lines."""

from __future__ import annotations

import copy
import functools
import importlib
import re
from collections import Counter
from dataclasses import replace
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding, Fix, Speaker

#: Output format name -> module that renders it (imported only when used).
OUTPUT_FORMATS: Dict[str, str] = {
    "text": "chatlint.formatters.text",
    "concise": "chatlint.formatters.text",
    "full": "chatlint.formatters.full",
    "json": "chatlint.formatters.json",
    "github": "chatlint.formatters.github",
    "sarif": "chatlint.formatters.sarif",
    "junit": "chatlint.formatters.junit",
    "html": "chatlint.formatters.html",
    "gitlab": "chatlint.formatters.gitlab",
}


#: Formats for people at a terminal, which may be in colour.
TERMINAL_FORMATS = ("text", "concise", "full")


def render(
    name: str,
    results: Sequence[FileResult],
    registry: Registry,
    *,
    statistics: bool = False,
    color: bool = False,
) -> str:
    """``results`` in the output format ``name``. ``registry`` is the run's: the rules
    that were known to it, built-in, plugin and team rules alike. ``color`` asks a
    terminal format for ANSI colours."""
    module = importlib.import_module(OUTPUT_FORMATS[name])
    renderer: Callable[[Sequence[FileResult], Registry], str] = (
        module.render_statistics if statistics else module.render
    )
    if color and not statistics and name in TERMINAL_FORMATS:
        renderer = functools.partial(module.render, color=True)
    try:
        output: Optional[str] = renderer(results, registry)
    except UnicodeEncodeError:  # a format that encodes a name itself (a SARIF URI)
        output = None
    if output is None or _SURROGATE.search(output):  # rare: paid for only when it happens
        output = renderer([_without_surrogates(result) for result in results], registry)
        output = _SURROGATE.sub("\ufffd", output)  # from the registry itself: never seen
    return output


# A lone surrogate cannot be written as UTF-8 at all: a file name that is not UTF-8
# holds one for each bad byte (U+DC80-U+DCFF), and a JSON "\ud800" escape decodes to
# one. Each is shown as the six characters "\udcff" in every format, as standard error
# shows it, so no output fails to print and a JSON output stays valid UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(text: str) -> str:
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _without_surrogates(result: FileResult) -> FileResult:
    error = result.error
    if error is not None:
        error = copy.copy(error)
        error.problem = _shown(error.problem)
        error.where = _shown(error.where) if error.where else error.where
    findings = tuple(
        replace(
            finding,
            path=_shown(finding.path),
            message=_shown(finding.message),
            suggestion=_shown(finding.suggestion) if finding.suggestion else finding.suggestion,
            context=_shown(finding.context),
            speaker=None if finding.speaker is None else _speaker_shown(finding.speaker),
            matched_text=_shown(finding.matched_text),
            fix=None if finding.fix is None else _fix_shown(finding.fix),
        )
        for finding in result.findings
    )
    return replace(result, path=_shown(result.path), findings=findings, error=error)


def _speaker_shown(speaker: Speaker) -> Speaker:
    return Speaker(_shown(speaker.name), _shown(speaker.team))


def _fix_shown(fix: Fix) -> Fix:
    edits = tuple(replace(edit, replacement=_shown(edit.replacement)) for edit in fix.edits)
    return replace(fix, title=_shown(fix.title), edits=edits)


def located(results: Sequence[FileResult]) -> Iterator[Tuple[Finding, Placer]]:
    """Each finding with the line index of its file, in output order."""
    for result in sorted(results, key=lambda result: result.path):
        if not result.findings:
            continue
        index = result.line_index()
        for finding in result.findings:
            yield finding, index


def statistics(results: Sequence[FileResult]) -> List[Tuple[str, str, int]]:
    """``(code, name, count)`` for each code found, most frequent first."""
    names: Dict[str, str] = {}
    counts: Counter[str] = Counter()
    for result in results:
        for finding in result.findings:
            counts[finding.code] += 1
            names[finding.code] = finding.name
    return [
        (code, names[code], count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
