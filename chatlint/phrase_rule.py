"""The base of rules that flag the phrases of a list: chatlint's own (with the list in
a TOML file beside the rule) and the ones a team declares in TOML.

A rule finds matches, may read each in context (:meth:`PhraseRule.accept`), and makes
every finding the same way: the message from its template, the suggestion for the
phrase, and the fix when it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, Mapping, Optional, Tuple

from chatlint.message import Message
from chatlint.phrases import PhraseSet, compile_phrases, merged
from chatlint.rule import Rule
from chatlint.violation import Fix, Span, Violation

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PhraseOptions:
    """Options every phrase-list rule takes: add phrases, or turn built-in ones off."""

    extend_phrases: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases to flag, on top of the built-in list."}
    )
    ignore_phrases: Tuple[str, ...] = field(
        default=(), metadata={"doc": "Built-in phrases your team does not want flagged."}
    )


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced by its value; other braces are left
    as written (a team's message may hold any text)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


class PhraseRule(Rule):
    """A rule that flags the phrases of a list.

    chatlint's own rules set ``data`` (from :func:`chatlint.toml_files.data_beside`),
    whose TOML holds ``phrases``, a general ``suggestion`` and optional per-phrase
    ``[suggestions]``, and ``template``, the message with ``{text}`` for the matched
    words. A subclass may override :meth:`accept` to read a match in context.
    """

    Options: ClassVar[type] = PhraseOptions
    data: ClassVar[Mapping[str, Any]] = {}
    template: ClassVar[str] = '"{text}"'

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.phrases = self.compile()

    def compile(self) -> PhraseSet:
        """The phrases to look for: the list, with the options' additions and removals."""
        return compile_phrases(
            merged(
                self.data.get("phrases", ()),
                self.options.extend_phrases,
                self.options.ignore_phrases,
            )
        )

    def check(self, message: Message) -> Iterator[Violation]:
        for span, phrase in self.matches(message):
            if self.accept(message, span, phrase):
                yield self.violation_at(message, span, phrase)

    def matches(self, message: Message) -> Iterator[Tuple[Span, str]]:
        """Each match in the message's prose, with the normalized phrase that matched."""
        return self.phrases.finditer(message.prose.text)

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        """Whether a match is really what the rule flags; the default takes every match."""
        return True

    def violation_at(self, message: Message, span: Span, phrase: str) -> Violation:
        """The finding for the words at ``span``, matched as ``phrase``."""
        found = message.text[span.start : span.end]
        return self.violation(
            span,
            self.message_for(found, phrase),
            suggestion=self.suggestion_for(phrase, found),
            fix=self.fix_in(message, span, found, phrase),
        )

    def fix_in(self, message: Message, span: Span, found: str, phrase: str) -> Optional[Fix]:
        """The fix of a match, read in its message (what comes before and after it);
        by default :meth:`fix_for`, which sees the match alone."""
        return self.fix_for(span, found, phrase)

    def message_for(self, found: str, phrase: str) -> str:
        """The template filled in: ``{text}`` is the words found, on one line (they may
        run over a line break), and :meth:`template_values` gives the rest."""
        return fill(
            self.template, text=_SPACE.sub(" ", found), **self.template_values(found, phrase)
        )

    def template_values(self, found: str, phrase: str) -> Mapping[str, str]:
        """Values for the template's other ``{names}``; a plain phrase rule has none."""
        return {}

    def suggestion_for(self, phrase: str, found: str = "") -> Optional[str]:
        """What to write instead: the phrase's own suggestion, else the general one."""
        suggestion: Optional[str] = self.data.get("suggestions", {}).get(
            phrase, self.data.get("suggestion", "")
        )
        return suggestion

    def fix_for(self, span: Span, found: str, phrase: str) -> Optional[Fix]:
        """The fix of a match; phrase rules fix nothing unless they say how."""
        return None
