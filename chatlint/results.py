"""What linting a file produced: its findings, or the error that stopped it.

Formatters, baselines and the application read results; only the engine makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Set, Tuple

from chatlint.errors import ChatlintError
from chatlint.files import SourceText
from chatlint.position import LineIndex, Locations, Placer
from chatlint.violation import Finding


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one file: its findings, or the error that stopped it."""

    path: str
    findings: Tuple[Finding, ...] = ()
    #: The file's text, kept when there are findings so formatters can place them.
    source: Optional[SourceText] = None
    error: Optional[ChatlintError] = None
    #: Lines and columns of the findings, when the text itself is not kept.
    locations: Optional[Locations] = field(default=None, compare=False, repr=False)

    def line_index(self) -> Placer:
        """What formatters turn offsets into lines and columns with."""
        if self.locations is not None and self.source is None:
            return self.locations
        return LineIndex(self.source.text if self.source else "")

    def without_source(self) -> FileResult:
        """This result holding the places of its findings instead of the file's text."""
        if self.source is None:
            return self
        return replace(
            self,
            source=None,
            locations=Locations.of(self.source.text, finding_offsets(self.findings)),
        )


def finding_offsets(findings: Iterable[Finding]) -> Set[int]:
    """Every offset a formatter may turn into a line and column: the start and end of
    each finding and of each edit of its fix."""
    offsets: Set[int] = set()
    for finding in findings:
        offsets.update((finding.span.start, finding.span.end))
        if finding.fix is not None:
            for edit in finding.fix.edits:
                offsets.update((edit.span.start, edit.span.end))
    return offsets
