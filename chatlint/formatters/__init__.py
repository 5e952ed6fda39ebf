"""Output formats. Each turns file results into text; only here do offsets become lines."""

from __future__ import annotations

import importlib
from collections import Counter
from typing import Callable, Dict, Iterator, List, Sequence, Tuple

from chatlint.position import Placer
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding

#: Output format name -> module that renders it (imported only when used).
OUTPUT_FORMATS: Dict[str, str] = {
    "text": "chatlint.formatters.text",
    "json": "chatlint.formatters.json",
    "github": "chatlint.formatters.github",
    "sarif": "chatlint.formatters.sarif",
    "junit": "chatlint.formatters.junit",
    "html": "chatlint.formatters.html",
    "gitlab": "chatlint.formatters.gitlab",
}


def render(
    name: str, results: Sequence[FileResult], registry: Registry, *, statistics: bool = False
) -> str:
    """``results`` in the output format ``name``. ``registry`` is the run's: the rules
    that were known to it, built-in, plugin and team rules alike."""
    module = importlib.import_module(OUTPUT_FORMATS[name])
    renderer: Callable[[Sequence[FileResult], Registry], str] = (
        module.render_statistics if statistics else module.render
    )
    return renderer(results, registry)


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
