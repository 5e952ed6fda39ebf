"""The values a rule produces: spans, edits, fixes and violations."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Optional, Tuple


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of code-point offsets, ``start <= i < end``."""

    start: int
    end: int

    # Written out rather than generated: a frozen dataclass's own __init__ sets each
    # field through object.__setattr__, and every message makes several spans.
    def __init__(self, start: int, end: int) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"invalid span {start}..{end}")
        fields = self.__dict__
        fields["start"] = start
        fields["end"] = end

    def __len__(self) -> int:
        return self.end - self.start


class Applicability(enum.IntEnum):
    """How safe a fix is to apply without a human reading it (ordered like ruff's)."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


class Severity(enum.IntEnum):
    """How much a finding matters; the gate decides which levels fail a run."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Edit:
    """Replace the text in ``span`` with ``replacement`` (an empty span inserts)."""

    span: Span
    replacement: str


@dataclass(frozen=True)
class Fix:
    """One or more edits that together resolve a violation."""

    title: str
    edits: Tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = sorted(self.edits, key=lambda edit: edit.span)
        for before, after in zip(ordered, ordered[1:]):
            if before.span.end > after.span.start:
                raise ValueError("the edits of one fix overlap")
        object.__setattr__(self, "edits", tuple(ordered))

    @property
    def span(self) -> Span:
        return Span(self.edits[0].span.start, max(edit.span.end for edit in self.edits))


@dataclass(frozen=True, order=True)
class Speaker:
    """Who wrote a message, where its source names them: a transcript turn's agent and
    the agent's team (either may be empty, not both)."""

    name: str = ""
    team: str = ""


@dataclass(frozen=True)
class Violation:
    """What a rule reports, with offsets into the message text it was given."""

    code: str
    message: str
    span: Span
    suggestion: Optional[str] = None
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class Finding:
    """A violation placed in its source: offsets are into the source file's text.

    ``context`` names where inside the file the message came from when the file holds
    many (a transcript's conversation and turn, a macro's key path); it is empty for a
    file that is one message. ``speaker`` is who wrote that message, when the file says
    (a transcript turn that names its agent or team).
    """

    path: str
    code: str
    name: str
    message: str
    span: Span
    severity: Severity = Severity.WARNING
    suggestion: Optional[str] = None
    fix: Optional[Fix] = None
    context: str = ""
    speaker: Optional[Speaker] = None
    matched_text: str = field(default="", compare=False)

    def sort_key(self) -> Tuple[str, int, int, str, str]:
        return (self.path, self.span.start, self.span.end, self.code, self.message)
