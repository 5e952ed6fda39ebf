"""Chat transcripts: ``.jsonl`` with one conversation (or one message) per line, or a
``.json`` list of conversations.

A conversation is an object with a list of turns (``turns``), each with a speaker role
(``role``) and text (``text``), and an id (``session_id``, ``conversation_id`` or
``id``); this reads ``chat-ibm-twitter-care/conversations.jsonl`` as it is. A line that
is a single message has ``role`` and ``text`` itself. Only turns whose role is listed
(``agent`` by default; ``--role``) are linted. Each finding names the conversation and
the turn. An agent turn followed by more agent turns before the customer speaks is
judged with them, so bad news answered in the next turn is not CL501.

A turn (or a single message) may name who wrote it: the first of ``agent``,
``agent_name``, ``author`` and ``name`` that holds text, and ``team`` or ``team_name``.
A conversation may name its agent (``agent`` or ``agent_name``) and ``team`` for every
agent turn that names none. Only string values count. Each finding carries the name as
its speaker, which the JSON output and the HTML report's per-agent breakdown show.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Sequence

from chatlint.errors import InputError
from chatlint.message import Message
from chatlint.sources import Document, ReadOptions, Unread, json_strings
from chatlint.sources.json_strings import Located
from chatlint.sources.json_strings import encode as json_encode
from chatlint.violation import Speaker

ID_FIELDS = ("session_id", "conversation_id", "id")
#: Fields of a turn that name its agent, the first that holds text winning.
AGENT_FIELDS = ("agent", "agent_name", "author", "name")
#: Fields of a conversation that name its agent: not ``author`` or ``name``, which name
#: the conversation itself in some exports.
CONVERSATION_AGENT_FIELDS = ("agent", "agent_name")
TEAM_FIELDS = ("team", "team_name")
#: The role of the turns a conversation's own agent and team name.
AGENT_ROLE = "agent"


def read(text: str, options: ReadOptions) -> Document:
    messages: List[Message] = []
    unread: Optional[Unread] = None
    offset = 0
    # Only "\n" ends a JSON line: U+2028 and friends may stand raw inside a string.
    for number, line in enumerate(text.split("\n"), start=options.first_line):
        if line.strip():
            try:
                record = json_strings.load(line, "", base=offset)
            except InputError as error:
                # One bad line (a write cut short, a stray NUL) costs only itself: the
                # other conversations are linted, and the first bad line is named.
                bad = Unread(number, error.problem)
                unread = bad.plus(unread)
            else:
                if looks_like_transcripts(record):
                    messages.extend(messages_of(record, options, fallback_id=f"line {number}"))
                elif isinstance(record, dict):
                    messages.extend(_single(record, options, number))
        offset += len(line) + 1
    return Document(messages, unread=unread)


def looks_like_transcripts(tree: Any) -> bool:
    """A conversation object, or a list of them."""
    if isinstance(tree, dict):
        return isinstance(tree.get("turns"), list)
    return (
        isinstance(tree, list)
        and bool(tree)
        and all(isinstance(item, dict) and isinstance(item.get("turns"), list) for item in tree)
    )


def messages_of(tree: Any, options: ReadOptions, fallback_id: str = "") -> Iterator[Message]:
    conversations = tree if isinstance(tree, list) else [tree]
    for position, conversation in enumerate(conversations, start=1):
        identity = (
            _text(next((conversation[key] for key in ID_FIELDS if key in conversation), None))
            or fallback_id
            or f"#{position}"
        )
        turns = [turn for turn in conversation["turns"] if isinstance(turn, dict)]
        for index, turn in enumerate(turns):
            text = turn.get("text")
            role = _text(turn.get("role"))
            if role not in options.roles or not isinstance(text, Located) or not text.text.strip():
                continue
            follow_up = []
            for later in turns[index + 1 :]:
                if _text(later.get("role")) not in options.roles:
                    break
                follow_up.append(_text(later.get("text")))
            yield Message(
                text.text,
                kind=options.kind,
                source_map=text.source_map,
                context=f"conversation {identity}, turn {index + 1}",
                follow_up="\n\n".join(follow_up),
                speaker=_speaker(turn, conversation if role == AGENT_ROLE else {}),
                encode=json_encode,
            )


def _single(record: Dict[str, Any], options: ReadOptions, number: int) -> Iterator[Message]:
    text = record.get("text")
    if (
        _text(record.get("role")) in options.roles
        and isinstance(text, Located)
        and text.text.strip()
    ):
        identity = (
            _text(next((record[key] for key in ID_FIELDS if key in record), None))
            or f"line {number}"
        )
        yield Message(
            text.text,
            kind=options.kind,
            source_map=text.source_map,
            context=f"conversation {identity}",
            speaker=_speaker(record, {}),
            encode=json_encode,
        )


def _speaker(turn: Dict[str, Any], conversation: Dict[str, Any]) -> Optional[Speaker]:
    """Who wrote ``turn``: as it names them, else as ``conversation`` does; or None."""
    name = _named(turn, AGENT_FIELDS) or _named(conversation, CONVERSATION_AGENT_FIELDS)
    team = _named(turn, TEAM_FIELDS) or _named(conversation, TEAM_FIELDS)
    return Speaker(name, team) if name or team else None


def _named(record: Dict[str, Any], fields: Sequence[str]) -> str:
    """The first of ``fields`` in ``record`` that holds text, trimmed; "" for none."""
    for key in fields:
        value = record.get(key)
        # A string only: an id number or a nested profile object is not a name.
        if isinstance(value, Located) and value.text.strip():
            return value.text.strip()
    return ""


def _text(value: Any) -> str:
    if isinstance(value, Located):
        return value.text
    return "" if value is None else str(value)
