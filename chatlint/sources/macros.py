"""Support macros kept as YAML or JSON: canned replies inside configuration files.

String values under message keys are messages: ``comment``, ``body``, ``text``,
``content``, ``*Comment`` and ``*-message`` by default, which covers Help Scout saved
replies, GitHub saved-reply formats (label-actions, VS Code ``commands.json``,
``replies.yml``, stale and no-response bots) and Freshdesk canned responses; values of
``*_html`` keys are read as HTML. Zendesk macro exports are read by their ``actions``:
the ``value`` of an action whose ``field`` is ``comment_value`` or
``comment_value_html``. A JSON file of conversations with ``turns`` is read as a
transcript instead.

Findings point into the file through block, folded and quoted scalars and escape
sequences. In YAML, ``# chatlint: disable=CL201`` on the line of a key or the line
before it silences those codes in that key's value.
"""

from __future__ import annotations

import fnmatch
from html import escape
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

from chatlint import suppression_comments
from chatlint.errors import InputError
from chatlint.message import Message, SegmentBuilder, SourceMap
from chatlint.position import LineIndex
from chatlint.sources import Document, ReadOptions
from chatlint.sources import html as html_source
from chatlint.sources.json_strings import Located
from chatlint.sources.json_strings import encode as json_encode
from chatlint.suppression_comments import Suppression
from chatlint.violation import Edit, Span

if TYPE_CHECKING:
    import yaml

#: Where a value sits in a macro file: keys and list indexes from the top.
KeyPath = Tuple[Union[str, int], ...]

_ZENDESK_FIELDS = {"comment_value": False, "comment_value_html": True}
#: How many nodes of a YAML document are visited at most: alias bombs stay bounded.
MAX_NODES = 200_000


def read(text: str, options: ReadOptions) -> Document:
    if text.lstrip().startswith(("{", "[")):
        return _read_json(text, options)
    return _read_yaml(text, options)


def read_yaml(text: str, options: ReadOptions) -> Document:
    """A ``.yml`` or ``.yaml`` file: JSON when it is JSON (its positions are exact
    through escapes), else YAML, flow style included (``{body: ...}`` opens like JSON)."""
    if text.lstrip().startswith(("{", "[")):
        try:
            return _read_json(text, options)
        except InputError:
            pass  # not JSON: YAML says whether it is valid YAML
    return _read_yaml(text, options)


def _is_message_key(key: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def _is_html_key(key: str) -> bool:
    return key.endswith("_html") or key == "html"


def _message(
    value: Located, kind: str, context: str, is_html: bool, encode: Callable[[str], Optional[str]]
) -> Optional[Message]:
    text, source_map = value.text, value.source_map
    if is_html:
        html_text, html_map, _ = html_source.extract(text)
        text, source_map = html_text, html_map.then(source_map)
        outer = encode
        encode = lambda replacement: outer(escape(replacement, quote=False))  # noqa: E731
    if not text.strip():
        return None
    return Message(text, kind=kind, source_map=source_map, context=context, encode=encode)


def _yaml_encoder(style: Optional[str]) -> Callable[[str], Optional[str]]:
    if style == '"':
        return json_encode
    if style == "'":
        return lambda replacement: replacement.replace("'", "''")

    def plain_or_block(replacement: str) -> Optional[str]:
        # Text that could change the meaning of unquoted YAML is not written.
        return None if any(mark in replacement for mark in (": ", " #", "\n")) else replacement

    return plain_or_block


# -- JSON ---------------------------------------------------------------------------


def _read_json(text: str, options: ReadOptions) -> Document:
    from chatlint.sources import json_strings, transcript

    tree = json_strings.load(text, "")
    if transcript.looks_like_transcripts(tree):
        return Document(list(transcript.messages_of(tree, options)))
    messages = [
        message
        for path, value, is_html in _json_values(tree, (), options.message_keys)
        if (message := _message(value, options.kind, _path_text(path), is_html, json_encode))
        is not None
    ]
    return Document(messages)


def _json_values(
    node: Any, path: KeyPath, keys: Sequence[str]
) -> Iterator[Tuple[KeyPath, Located, bool]]:
    if isinstance(node, dict):
        field = node.get("field")
        if (
            isinstance(field, Located)
            and field.text in _ZENDESK_FIELDS
            and isinstance(node.get("value"), Located)
        ):
            yield path + ("value",), node["value"], _ZENDESK_FIELDS[field.text]
            return
        for key, value in node.items():
            if isinstance(value, Located):
                if _is_message_key(key, keys):
                    yield path + (key,), value, _is_html_key(key)
            else:
                yield from _json_values(value, path + (key,), keys)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _json_values(item, path + (index,), keys)


def _path_text(path: KeyPath) -> str:
    return "".join(
        f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
        for i, part in enumerate(path)
    )


# -- YAML ---------------------------------------------------------------------------


def suppression_edit(text: str, offset: int, code: str, options: ReadOptions) -> Optional[Edit]:
    """A ``# chatlint: disable CODE`` line above the key of the YAML value at ``offset``
    (it silences the whole value); ``None`` in JSON, which has no comments."""
    if text.lstrip().startswith(("{", "[")):
        return None
    for _, key_line, node, _ in _yaml_message_values(text, options):
        if node.start_mark.index <= offset <= node.end_mark.index:
            return suppression_comments.comment_line_edit(text, key_line, "#", code)
    return None


def _yaml_message_values(
    text: str, options: ReadOptions
) -> Iterator[Tuple[KeyPath, int, "yaml.ScalarNode", bool]]:
    """Each message value of every document: its key path, its key's 0-based line, its
    node and whether it holds HTML."""
    budget = [MAX_NODES]
    for document in _yaml_documents(text):
        if document is None:
            continue
        try:
            yield from list(_yaml_values(document, (), options.message_keys, budget, set()))
        except RecursionError as error:
            raise InputError("YAML is nested too deeply") from error


def _yaml_documents(text: str) -> List[Optional["yaml.Node"]]:
    import yaml

    try:
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InputError(f"invalid YAML: {error.problem or error.context}{where}") from error
    except yaml.YAMLError as error:
        raise InputError(f"invalid YAML: {error}") from error
    except RecursionError as error:
        raise InputError("YAML is nested too deeply") from error


def _read_yaml(text: str, options: ReadOptions) -> Document:
    values = list(_yaml_message_values(text, options))
    directives = suppression_comments.by_line(text, LineIndex(text))
    messages: List[Message] = []
    suppressions: List[Suppression] = []
    for path, key_line, node, is_html in values:
        value = _located(text, node)
        message = _message(
            value, options.kind, _path_text(path), is_html, _yaml_encoder(node.style)
        )
        if message is None:
            continue
        messages.append(message)
        suppressions.extend(suppression_comments.for_value(directives, key_line, value.span))
    return Document(messages, suppressions)


def _yaml_values(
    node: "yaml.Node", path: KeyPath, keys: Sequence[str], budget: List[int], seen: Set[int]
) -> Iterator[Tuple[KeyPath, int, "yaml.ScalarNode", bool]]:
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(f"YAML has more than {MAX_NODES} nodes (an alias bomb?)")
    if id(node) in seen:
        return  # an alias already visited: its strings were linted where they stand
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        items = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
        field = items.get("field")
        value = items.get("value")
        if (
            isinstance(field, yaml.ScalarNode)
            and field.value in _ZENDESK_FIELDS
            and isinstance(value, yaml.ScalarNode)
        ):
            yield path + ("value",), value.start_mark.line, value, _ZENDESK_FIELDS[field.value]
            return
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if isinstance(value_node, yaml.ScalarNode):
                if value_node.tag.endswith(":str") and _is_message_key(key, keys):
                    yield path + (key,), key_node.start_mark.line, value_node, _is_html_key(key)
            else:
                yield from _yaml_values(value_node, path + (key,), keys, budget, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _yaml_values(item, path + (index,), keys, budget, seen)


def _located(text: str, node: "yaml.ScalarNode") -> Located:
    """A YAML scalar's value aligned with its source, whatever its style."""
    start, end = node.start_mark.index, node.end_mark.index
    return Located(node.value, Span(start, end), _align(node.value, text, start, end))


def _align(value: str, text: str, start: int, end: int) -> SourceMap:
    """Map each character of a scalar's value to the source characters it came from.

    Characters that appear as they are in the source are matched in order; a character
    the source spells differently (an escape such as ``\\n``, a folded line break) maps
    to the source it stands for; source characters that produce nothing (quotes,
    indentation, block indicators) are skipped.
    """
    builder = SegmentBuilder()
    position = start
    for char in value:
        while position < end and text[position] != char:
            spelled = _spelling(text, position, end, char)
            if spelled:
                builder.replace(char, position, position + spelled)
                position += spelled
                break
            position += 1
        else:
            if position < end:
                builder.copy(char, position)
                position += 1
            else:
                builder.replace(char, end, end)
    return builder.build()[1]


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "0": "\0",
    " ": " ",
    "e": "\x1b",
    "a": "\a",
    "b": "\b",
    "v": "\v",
    "f": "\f",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def _spelling(text: str, position: int, end: int, char: str) -> int:
    """How many source characters at ``position`` spell ``char`` (0 when they do not)."""
    here = text[position]
    if here == "\\" and position + 1 < end:
        kind = text[position + 1]
        if _ESCAPES.get(kind) == char:
            return 2
        lengths = {"x": 4, "u": 6, "U": 10}
        if kind in lengths:
            try:
                if chr(int(text[position + 2 : position + lengths[kind]], 16)) == char:
                    return lengths[kind]
            except ValueError:
                return 0
    if here in "\r\n" and char in " \n":
        # A folded line break: the break and the next line's indentation.
        stop = position + 1
        while stop < end and text[stop] in " \t\r\n" and (char == " " or text[stop] not in "\r\n"):
            stop += 1
        return stop - position
    return 0
