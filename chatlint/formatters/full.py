"""``--output-format full`` (the default on a terminal): each finding, then the line it
is on with the flagged words underlined, then what to write instead.

```text
reply.txt:1:1: CL101 Hedging: "I think" makes the reply sound unsure
  |
1 | I think your refund is on its way.
  | ^^^^^^^
  = help: State it directly, or say what you are doing to confirm it.
```

The carets sit under the flagged words as a terminal shows them: a tab is expanded, a
wide character (Chinese, an emoji) takes two columns and a combining mark none (via
wcwidth, which knows Unicode's widths). A long line is cut around the finding, with
"…" where it was cut. A finding that spans lines underlines its first line. Fixable
findings are marked ``[*]`` (``--fix`` applies them). Colour, when the run has it:
the code and the carets in red, the help in cyan.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from wcwidth import wcwidth

from chatlint.formatters.escaping import shown as escaped
from chatlint.formatters.escaping import shown_characters
from chatlint.formatters.text import Paint, fix_mark
from chatlint.formatters.text import render_statistics as render_statistics
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.violation import Finding

#: Columns of source shown at most; a longer line is cut around the finding.
WIDTH = 100
_ELLIPSIS = "\u2026"


def render(results: Sequence[FileResult], registry: Registry, color: bool = False) -> str:
    paint = Paint(color)
    blocks: List[str] = []
    for result in sorted(results, key=lambda result: result.path):
        if not result.findings:
            continue
        index = result.line_index()
        text = result.source.text if result.source is not None else None
        for finding in result.findings:
            blocks.append(_block(finding, index.location(finding.span.start), text, paint))
    # A blank line between findings, and before the summary that may follow.
    return "".join(block + "\n" for block in blocks)


def _block(finding: Finding, place: Tuple[int, int], text: Optional[str], paint: Paint) -> str:
    line, column = place
    where = f" [{finding.context}]" if finding.context else ""
    mark = fix_mark(finding)
    path = escaped(finding.path, line_start=True)
    lines = [
        f"{paint.bold(f'{path}:{line}:{column}:')} {paint.red(finding.code)}{mark} "
        f"{escaped(finding.message + where)}"
    ]
    suggestion = escaped(finding.suggestion) if finding.suggestion else ""
    help_line = f"{paint.cyan('help:')} {suggestion}" if suggestion else ""
    if text is not None:
        source, start, end = _source_line(text, finding)
        shown, under = _underline(source, start, end)
        gutter = " " * len(str(line))
        lines += [f"{gutter} |", f"{line} | {shown}", f"{gutter} | {paint.red(under)}"]
        if help_line:
            lines.append(f"{gutter} = {help_line}")
    elif help_line:
        lines.append(f"  {help_line}")
    return "\n".join(lines) + "\n"


def _source_line(text: str, finding: Finding) -> Tuple[str, int, int]:
    """The finding's (first) line, and where in it the finding starts and ends."""
    start, end = finding.span.start, finding.span.end
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = len(text)
    for terminator in ("\n", "\r"):
        found = text.find(terminator, start)
        if found != -1:
            line_end = min(line_end, found)
    return text[line_start:line_end], start - line_start, min(end, line_end) - line_start


def _width(char: str) -> int:
    width = wcwidth(char)
    return max(width, 0)  # control characters (shown escaped elsewhere) take no room


def _underline(line: str, start: int, end: int) -> Tuple[str, str]:
    """The line as shown (tabs expanded, cut to :data:`WIDTH` columns around the
    finding) and the carets under ``line[start:end]``."""
    cells: List[Tuple[str, int]] = []  # each character as shown, and its columns
    column = 0
    for char, written in zip(line, shown_characters(line)):
        if char == "\t":
            spaces = 4 - column % 4
            cells.append((" " * spaces, spaces))
            column += spaces
        elif written != char:  # written out ("\x1b"; the "[" of "##["): as wide as that is
            cells.append((written, len(written)))
            column += len(written)
        else:
            width = _width(char)
            cells.append((char, width))
            column += width
    last = max(end, start + 1)
    # Cut a long line: keep the finding, and as much around it as fits.
    columns = [width for _, width in cells]
    keep_from, keep_to = 0, len(cells)
    if sum(columns) > WIDTH:
        keep_from = start
        keep_to = min(len(cells), max(last, start + 1))
        room = WIDTH - sum(columns[keep_from:keep_to])
        while room > 0 and (keep_from > 0 or keep_to < len(cells)):
            if keep_from > 0 and (keep_to == len(cells) or start - keep_from <= keep_to - last):
                keep_from -= 1
                room -= columns[keep_from]
            else:
                room -= columns[keep_to]
                keep_to += 1
    shown = "".join(text for text, _ in cells[keep_from:keep_to])
    lead = sum(columns[keep_from:start])
    marks = max(1, sum(columns[start : min(last, len(cells))]))
    if keep_from > 0:
        shown, lead = _ELLIPSIS + shown, lead + 1
    if keep_to < len(cells):
        shown += _ELLIPSIS
    return shown, " " * lead + "^" * marks
