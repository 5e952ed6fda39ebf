"""A message: the clean text rules read, and the map back to its source file."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

if TYPE_CHECKING:
    from chatlint.prose import Prose
    from chatlint.violation import Speaker

T = TypeVar("T")

#: The kinds of message chatlint knows; limits such as a message's length depend on it.
KINDS = ("chat", "email", "article")


class SourceMap:
    """Maps code-point offsets in a message's text to offsets in its source file.

    The message is made of segments. A *copied* segment is source text taken as it is,
    so offsets inside it map one to one. A *replaced* segment stands for source text
    that was rewritten (``&amp;`` decoded to ``&``, a YAML escape, a joined line break):
    any offset inside it maps to the whole source range, so a span touching it covers
    all of it.
    """

    __slots__ = ("_starts", "_sources", "_source_ends", "_copied", "length")

    def __init__(self, segments: Sequence[Tuple[int, int, int, int]], length: int) -> None:
        """``segments`` holds ``(start, end, source_start, source_end)`` in message order."""
        self._starts = [segment[0] for segment in segments] or [0]
        self._sources = [segment[2] for segment in segments] or [0]
        self._source_ends = [segment[3] for segment in segments] or [0]
        self._copied = [
            (segment[1] - segment[0]) == (segment[3] - segment[2]) for segment in segments
        ] or [True]
        self.length = length

    @classmethod
    def identity(cls, length: int, base: int = 0) -> SourceMap:
        """The map of a message that is one unchanged run of its source from ``base``."""
        # What cls([(0, length, base, base + length)], length) builds, without the
        # general case's passes: every plain-text message gets one.
        source_map = cls.__new__(cls)
        source_map._starts = [0]
        source_map._sources = [base]
        source_map._source_ends = [base + length]
        source_map._copied = [True]
        source_map.length = length
        return source_map

    def _segment(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def start(self, offset: int) -> int:
        """The source offset where a span starting at ``offset`` starts."""
        index = self._segment(offset)
        if self._copied[index]:
            return self._sources[index] + offset - self._starts[index]
        return self._sources[index]

    def end(self, offset: int) -> int:
        """The source offset where a span ending at ``offset`` ends."""
        if offset <= 0:
            return self.start(0)
        index = self._segment(offset - 1)
        if self._copied[index]:
            return self._sources[index] + offset - self._starts[index]
        return self._source_ends[index]

    def segments(self) -> List[Tuple[int, int, int, int]]:
        """``(start, end, source_start, source_end)`` of every segment, in order."""
        ends = self._starts[1:] + [self.length]
        return list(zip(self._starts, ends, self._sources, self._source_ends))

    def then(self, outer: SourceMap) -> SourceMap:
        """This map followed by ``outer``: for text extracted from text that was itself
        extracted (the HTML of a macro body inside a JSON string)."""
        builder: List[Tuple[int, int, int, int]] = []
        for start, end, source_start, source_end in self.segments():
            if end - start == source_end - source_start:
                # Copied: split where the outer map changes segment.
                position = start
                while position < end:
                    inner = source_start + position - start
                    index = outer._segment(inner)
                    limit = (
                        outer._starts[index + 1] if index + 1 < len(outer._starts) else outer.length
                    )
                    step = max(min(end - position, limit - inner), 1)
                    if outer._copied[index]:
                        first = outer.start(inner)
                        builder.append((position, position + step, first, first + step))
                    else:
                        builder.append(
                            (position, position + step, outer.start(inner), outer.end(inner + step))
                        )
                    position += step
            else:
                builder.append((start, end, outer.start(source_start), outer.end(source_end)))
        return SourceMap(builder, self.length)

    def is_copied(self, start: int, end: int) -> bool:
        """True when ``start..end`` lies in one copied segment, so an edit maps exactly."""
        index = self._segment(start)
        if not self._copied[index]:
            return False
        next_start = self._starts[index + 1] if index + 1 < len(self._starts) else self.length
        return end <= next_start


class SegmentBuilder:
    """Builds a message's text and its :class:`SourceMap` piece by piece."""

    __slots__ = ("_parts", "_segments", "_length")

    def __init__(self) -> None:
        self._parts: List[str] = []
        self._segments: List[Tuple[int, int, int, int]] = []
        self._length = 0

    def copy(self, text: str, source_start: int) -> None:
        """Append source text taken unchanged from ``source_start``."""
        self._add(text, source_start, source_start + len(text))

    def replace(self, text: str, source_start: int, source_end: int) -> None:
        """Append ``text`` standing for the source range ``source_start..source_end``."""
        self._add(text, source_start, source_end)

    def _add(self, text: str, source_start: int, source_end: int) -> None:
        if not text:
            return
        start = self._length
        self._length += len(text)
        self._parts.append(text)
        last = self._segments[-1] if self._segments else None
        copied = len(text) == source_end - source_start
        if (
            last is not None
            and copied
            and last[1] - last[0] == last[3] - last[2]
            and last[3] == source_start
        ):
            # Merge contiguous copies so lookups stay cheap on long messages.
            self._segments[-1] = (last[0], self._length, last[2], source_end)
        else:
            self._segments.append((start, self._length, source_start, source_end))

    def __len__(self) -> int:
        return self._length

    def build(self) -> Tuple[str, SourceMap]:
        return "".join(self._parts), SourceMap(self._segments, self._length)


class Message:
    """One unit of text a reader receives: a reply draft, a macro body, a transcript turn.

    ``text`` is what rules read. ``source_map`` places offsets in it back into the
    source file. ``context`` says where in the file the message came from when the file
    holds many (empty otherwise). ``follow_up`` is text the same speaker sent right after
    this message, before anyone answered, for rules that judge a reply as a whole.
    ``speaker`` is who wrote it, when the source names them (``None`` otherwise).
    """

    __slots__ = (
        "text",
        "kind",
        "source_map",
        "context",
        "follow_up",
        "speaker",
        "encode",
        "_prose",
        "_memo",
        "_renderings",
    )

    def __init__(
        self,
        text: str,
        *,
        kind: str = "chat",
        source_map: Optional[SourceMap] = None,
        context: str = "",
        follow_up: str = "",
        speaker: Optional[Speaker] = None,
        encode: Optional[Callable[[str], Optional[str]]] = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown message kind {kind!r}; expected one of {', '.join(KINDS)}")
        self.text = text
        self.kind = kind
        self.source_map = source_map if source_map is not None else SourceMap.identity(len(text))
        self.context = context
        self.follow_up = follow_up
        self.speaker = speaker
        #: Spells replacement text the way the source needs it (JSON escapes, HTML
        #: entities), or returns ``None`` when it cannot be written there safely.
        self.encode: Callable[[str], Optional[str]] = encode or _as_is
        self._prose: Optional[Prose] = None
        self._memo: Dict[Callable[[Message], Any], Any] = {}
        self._renderings: Optional[List[Prose]] = None

    @property
    def prose(self) -> Prose:
        """The shared analysis of the text (words, sentences, masked text), made once."""
        if self._prose is None:
            from chatlint.prose import Prose

            self._prose = Prose(self.text)
        return self._prose

    @property
    def renderings(self) -> List[Prose]:
        """The prose of each way the message's template branches can render.

        A message without ``{% if %}`` branches has one rendering, its own prose. Each
        rendering is as long as the message, with the branches not taken blanked out.
        """
        if self._renderings is None and "{%" not in self.text and "{{" not in self.text:
            self._renderings = [self.prose]  # no template tags, so no branches
        if self._renderings is None:
            from chatlint.prose import Prose
            from chatlint.templates import parse_message, renderings

            texts = renderings(self.text, self.memo(parse_message))
            self._renderings = [self.prose] if len(texts) == 1 else [Prose(text) for text in texts]
        return self._renderings

    def memo(self, analysis: Callable[[Message], T]) -> T:
        """``analysis(self)``, computed once per message however many rules ask for it.

        Rules that share a model of the message (the bad-news rules share one reading of
        which sentences are bad news) call this with the same module-level function.
        """
        if analysis not in self._memo:
            self._memo[analysis] = analysis(self)
        found: T = self._memo[analysis]
        return found

    def __repr__(self) -> str:
        return f"Message({self.text!r}, kind={self.kind!r})"


def _as_is(text: str) -> Optional[str]:
    return text
