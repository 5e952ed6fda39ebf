"""Coverage-guided fuzzing of the whole message pipeline with atheris.

    pip install atheris
    python scripts/fuzz.py -max_total_time=600          # ten minutes
    python scripts/fuzz.py crash-<hash>                 # replay one input it saved

Each input picks an input format and a text (any code points, NUL, CR, lone surrogates
where a format can carry them) and runs it the way `chatlint check` does: read,
lint with every rule, place findings, apply fixes. What must hold, whatever the input:
no exception other than chatlint's own one-line errors, every finding inside the file
with its line and column inside the text, and fixing twice the same as fixing once.
Without atheris, the same properties run as hypothesis tests:
``HYPOTHESIS_PROFILE=fuzz pytest tests/unit/test_properties*.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

from chatlint.errors import ChatlintError
from chatlint.files import SourceText
from chatlint.fixing import fix_source
from chatlint.linter import Linter
from chatlint.position import LineIndex
from chatlint.run_config import RunConfig
from chatlint.settings import Settings
from chatlint.violation import Applicability

LINTER = Linter(RunConfig(Settings(root=Path.cwd())))
NAMES = ("reply.txt", "article.md", "page.html", "macros.yml", "macros.json", "chats.jsonl")
# Read one of each so every rule and input format is loaded, then instrument it all.
for _name in NAMES:
    LINTER.lint_source(SourceText("I think {{ a }} [name] maybe!!"), _name)
atheris.instrument_all()


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name = NAMES[provider.ConsumeIntInRange(0, len(NAMES) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    source = SourceText(text)
    try:
        result = LINTER.lint_source(source, name)
    except ChatlintError:
        return
    if result.error is not None:
        return
    index = LineIndex(text)
    for finding in result.findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text), (name, finding)
        line, column = index.location(finding.span.start)
        assert 1 <= line <= index.line_count and column >= 1, (name, finding, line, column)
    once = fix_source(LINTER, source, name, Applicability.UNSAFE)
    if once.fixed is not None:
        twice = fix_source(LINTER, once.fixed, name, Applicability.UNSAFE)
        assert twice.fixed is None or twice.fixed.text == once.fixed.text, (name, text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
