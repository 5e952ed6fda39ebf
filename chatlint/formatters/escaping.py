"""Output that cannot be turned against the terminal or the CI system reading it.

File names and the text of files (quoted in messages, key paths, transcript ids, the
source lines of ``full``) reach every output, and a pull request chooses both. A raw
control character there could hide the rest of a terminal's output (``ESC [8m``),
rewrite a line (a carriage return), or start a line that a CI runner obeys: GitHub
Actions reads ``::add-mask::...``, ``::error ...::...`` and the like at the start of any
line of standard output or standard error (after white space), and the older
``##[add-mask]...`` anywhere in a line.

So every output writes them harmlessly, each in its own way:

- for people (the text formats, standard error, the HTML report): C0 control characters
  but tab, DEL, C1 control characters and U+2028/U+2029 are written out as ``\\x1b``,
  ``\\r``, ``\\n``, ``\\x85``, ``\\u2028``; ``##[`` as ``##\\x5b``; and a line that would
  start with ``::`` starts with ``\\x3a:`` instead;
- JSON (``json``, ``sarif``, ``gitlab``): as JSON escapes, so a parser gets the exact text;
- JUnit XML: as character references (or, for those XML cannot hold, written out);
- ``github``: GitHub's own escaping of workflow command data and properties, which the
  runner undoes, after the rest are written out.
"""

from __future__ import annotations

import re
from typing import List

# Patterns are compiled on first use (re caches them): most runs print no error and
# use one output format, and compiling them all would cost every run a millisecond.
#: What a terminal or a log reader may act on: C0 controls but tab, DEL, C1 controls,
#: and the Unicode line and paragraph separators (line breaks to JavaScript and to some
#: viewers).
_CONTROL = "[\x00-\x08\n-\x1f\x7f-\x9f\u2028\u2029]"
#: The same, less the line breaks GitHub's escaping writes as %0A and %0D.
_CONTROL_BUT_LINE_BREAKS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]"
#: What JSON may hold raw but a terminal may act on (JSON escapes C0 controls itself).
_RAW_IN_JSON = "[\x7f-\x9f\u2028\u2029]"
#: What XML may hold but a terminal may act on, or an XML reader would not give back
#: (it reads a raw carriage return as a line feed).
_RAW_IN_XML = "[\n\r\x7f-\x9f\u2028\u2029]"
#: An old-style workflow command, obeyed anywhere in a line.
_OLD_COMMAND = "##["
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _written_out(match: "re.Match[str]") -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _reference(match: "re.Match[str]") -> str:
    return f"&#{ord(match.group())};"


def shown(text: str, *, line_start: bool = False) -> str:
    """``text`` for a person's terminal or a CI log: control characters written out, no
    workflow command. ``line_start``: ``text`` starts a line of the output."""
    if not text.isprintable():  # rare: a control character, or a space other than " "
        text = re.sub(_CONTROL, _written_out, text)
    if _OLD_COMMAND in text:
        text = text.replace(_OLD_COMMAND, "##\\x5b")
    # A command is obeyed at the start of a line after white space: "  ::error::".
    if line_start and text.lstrip().startswith("::"):
        lead = len(text) - len(text.lstrip())
        text = f"{text[:lead]}\\x3a{text[lead + 1 :]}"
    return text


def shown_characters(line: str) -> List[str]:
    """Each character of ``line`` as :func:`shown` writes it, one item per character,
    for a caller that lines marks up under them."""
    written = [
        char if char.isprintable() else re.sub(_CONTROL, _written_out, char) for char in line
    ]
    start = line.find(_OLD_COMMAND)
    while start != -1:
        written[start + 2] = "\\x5b"
        start = line.find(_OLD_COMMAND, start + 3)
    return written


def html_escape(text: str) -> str:
    """``text`` escaped for HTML, with its control characters written out, for a report
    read in a browser (or printed to a CI log): nothing to act on, nothing hidden."""
    import html  # only the HTML report needs it (it loads every entity's name)

    text = re.sub(_CONTROL, _written_out, text)
    return html.escape(text).replace(_OLD_COMMAND, "##&#91;")


def github_text(text: str) -> str:
    """``text`` for a GitHub workflow command, before GitHub's own escaping: control
    characters other than line breaks written out (the runner would pass them on to
    the log as they are)."""
    return re.sub(_CONTROL_BUT_LINE_BREAKS, _written_out, text)


def json_output(document: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with what JSON may
    hold raw but a terminal may act on written as ``\\u`` escapes: the same data to a
    parser, nothing for a terminal or a CI runner to act on when it is printed."""
    document = re.sub(_RAW_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", document)
    # "##[" only occurs inside strings: a JSON document has no "#" of its own.
    return document.replace(_OLD_COMMAND, "##\\u005b")


def xml_text(escaped: str) -> str:
    """XML-escaped text or a quoted attribute with its line breaks, DEL and C1 controls
    as character references: the same text to an XML reader (which would turn a raw
    carriage return into a line feed), no line of its own for a CI runner to obey."""
    return re.sub(_RAW_IN_XML, _reference, escaped).replace(_OLD_COMMAND, "##&#91;")
