"""Template syntax in messages: Liquid, Jinja and Handlebars tags and their branches.

A macro is a template: ``{% if refund %}...{% else %}...{% endif %}`` sends the customer
one branch, never both. :func:`renderings` gives each combination of branches (up to
:data:`MAX_RENDERINGS`) as a text of the same length as the message, with the tags and
the branches not taken blanked out, so rules that judge a whole message can judge what
a customer actually receives while offsets stay those of the message.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List, Optional

from chatlint.violation import Span

if TYPE_CHECKING:
    from chatlint.message import Message

MAX_RENDERINGS = 16

_TAG = re.compile(
    r"\{%-?\s*(?P<liquid>\w+)?[^%]*?-?%\}|\{\{-?\s*(?P<sigil>[#/]?)(?P<bars>\w+)?[^{}]*?-?\}\}",
    re.S,
)
OPENERS = {
    "if": "endif",
    "unless": "endunless",
    "for": "endfor",
    "case": "endcase",
    "capture": "endcapture",
    "raw": "endraw",
    "comment": "endcomment",
    "block": "endblock",
    "macro": "endmacro",
    "with": "endwith",
    "tablerow": "endtablerow",
    "filter": "endfilter",
    "call": "endcall",
    "set": None,
}
CONDITIONAL = frozenset(("if", "unless", "case"))
BRANCHES = frozenset(("elsif", "elif", "else", "when"))


@dataclass
class Block:
    """An open/close pair of block tags and, for a conditional, its branches."""

    name: str
    open_tag: Span
    close_tag: Optional[Span] = None
    #: Branch separators ({% else %}, {% elsif %}) in order.
    separators: List[Span] = field(default_factory=list)

    def branches(self) -> List[Span]:
        assert self.close_tag is not None
        edges = [self.open_tag, *self.separators, self.close_tag]
        return [Span(before.end, after.start) for before, after in zip(edges, edges[1:])]


@dataclass(frozen=True)
class Problem:
    span: Span
    message: str
    #: A block left open or closed twice, rather than a broken tag: in an article a
    #: block may open in one paragraph and close in another.
    block: bool = False


@dataclass
class Parsed:
    blocks: List[Block] = field(default_factory=list)
    tags: List[Span] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)


def parse(text: str) -> Parsed:
    """Block structure and syntax problems of the template tags in ``text``."""
    parsed = Parsed()
    if "{%" not in text and "{{" not in text and "%}" not in text and "}}" not in text:
        return parsed
    stack: List[Block] = []
    # A theme's own block tags ("{% callout %}...{% endcallout %}") are learned from
    # the text: a name that has an end tag here opens a block.
    learned = {
        match.group("liquid").lower()[3:]
        for match in _TAG.finditer(text)
        if match.group("liquid") and match.group("liquid").lower().startswith("end")
    }
    for match in _TAG.finditer(text):
        span = Span(*match.span())
        parsed.tags.append(span)
        if match.group("liquid") is not None or text.startswith("{%", span.start):
            name = (match.group("liquid") or "").lower()
            closing = name.startswith("end")
        else:
            sigil, name = match.group("sigil"), (match.group("bars") or "").lower()
            if sigil == "#":
                closing = False
            elif sigil == "/":
                name, closing = "end" + name, True
            elif name == "else":
                closing = False
            else:
                continue  # {{ variable }}
        if name in BRANCHES:
            if stack and stack[-1].name in CONDITIONAL:
                stack[-1].separators.append(span)
            else:
                parsed.problems.append(
                    Problem(span, f"'{name}' outside an if/unless/case block", block=True)
                )
        elif closing:
            opener = next((block for block in reversed(stack) if _end_of(block.name) == name), None)
            if opener is None:
                parsed.problems.append(
                    Problem(span, f"'{name}' closes a block that was never opened", block=True)
                )
                continue
            while stack[-1] is not opener:
                unclosed = stack.pop()
                parsed.problems.append(
                    Problem(unclosed.open_tag, f"'{unclosed.name}' block is not closed", block=True)
                )
            stack.pop().close_tag = span
            parsed.blocks.append(opener)
        elif OPENERS.get(name) is not None or (name not in OPENERS and name in learned):
            stack.append(Block(name, span))
    for unclosed in stack:
        parsed.problems.append(
            Problem(unclosed.open_tag, f"'{unclosed.name}' block is not closed", block=True)
        )
    parsed.problems.extend(_unbalanced(text, parsed.tags))
    parsed.problems.sort(key=lambda problem: problem.span)
    return parsed


def _end_of(name: str) -> str:
    return OPENERS.get(name) or "end" + name


def _unbalanced(text: str, tags: List[Span]) -> List[Problem]:
    """Delimiters outside any well-formed tag: a '{{' never closed, a stray '%}'."""
    problems = []
    covered = [(tag.start, tag.end) for tag in tags]
    # Braces inside inline code are code, not template syntax.
    covered += [match.span() for match in re.finditer(r"`[^`\n]*`", text)]
    for match in re.finditer(r"\{\{|\{%|%\}|\}\}", text):
        position = match.start()
        if any(start <= position < end for start, end in covered):
            continue
        delimiter = match.group()
        expected = {"{{": "}}", "{%": "%}", "%}": "{%", "}}": "{{"}[delimiter]
        problems.append(
            Problem(Span(position, match.end()), f"'{delimiter}' has no matching '{expected}'")
        )
    return problems


def parse_message(message: Message) -> Parsed:
    """``parse`` of a message's text; call as ``message.memo(parse_message)`` to share it."""
    return parse(message.text)


def renderings(text: str, parsed: Parsed) -> List[str]:
    """Each way the conditional branches can fall, as a text as long as ``text``."""
    conditionals = [
        block for block in parsed.blocks if block.name in CONDITIONAL and block.close_tag
    ]
    if not conditionals:
        return [text]
    # Block tags never reach the customer: blank them once for every rendering.
    base = list(text)
    for block in parsed.blocks:
        for tag in (block.open_tag, block.close_tag, *block.separators):
            if tag is not None:
                base[tag.start : tag.end] = " " * len(tag)
    choices = []
    for block in conditionals:
        branches = block.branches()
        if not any(
            "else" in text[separator.start : separator.end] for separator in block.separators
        ):
            branches.append(
                Span(block.open_tag.start, block.open_tag.start)
            )  # condition false: nothing
        choices.append(branches)
    results = []
    for chosen in itertools.islice(itertools.product(*choices), MAX_RENDERINGS):
        chars = list(base)
        for block, branch in zip(conditionals, chosen):
            for other in block.branches():
                if other != branch:
                    chars[other.start : other.end] = " " * len(other)
        results.append("".join(chars))
    return results
