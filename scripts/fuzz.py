"""Coverage-guided fuzzing of the whole pipeline, from a file on disk to every output
format and ``--fix``, with atheris.

    pip install atheris
    python scripts/fuzz.py -max_total_time=1800         # half an hour
    python scripts/fuzz.py crash-<hash>                 # replay one input it saved

Each input is a file name (any characters a file name can hold: spaces, line breaks,
control characters, bytes that are not UTF-8) and the file's raw bytes (any encoding,
byte-order marks, NUL, lone surrogate escapes in JSON), written to a scratch folder and
run the way ``chatlint check`` runs a file: read (JSON Lines through the piece reader,
whose piece size is made tiny here so every input crosses pieces), linted with every
rule, placed, rendered in every output format, then fixed on disk with unsafe fixes,
twice. What must hold, whatever the input:

- no exception other than chatlint's own one-line errors (a file error is a result,
  and its outputs are rendered and checked too);
- every finding inside the file, its line and column inside the text;
- every output renders; JSON, SARIF and GitLab parse as JSON, JUnit as XML, and no
  output but ``--diff`` carries a raw control character other than tab and newline;
- fixing writes the file whole or not at all, and fixing again changes nothing.

Without atheris, the same properties run as hypothesis tests:
``HYPOTHESIS_PROFILE=fuzz pytest tests/unit/test_properties*.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import atheris

from chatlint import linter as linter_module
from chatlint.discovery import Target
from chatlint.errors import ChatlintError
from chatlint.files import SourceText
from chatlint.formatters import OUTPUT_FORMATS, render
from chatlint.linter import Linter
from chatlint.position import LineIndex
from chatlint.run_config import RunConfig
from chatlint.runner import Work, process
from chatlint.settings import Settings
from chatlint.violation import Applicability

LINTER = Linter(RunConfig(Settings(root=Path.cwd())))
SUFFIXES = (".txt", ".md", ".html", ".yml", ".json", ".jsonl")
# Every JSON Lines input crosses the piece reader's pieces.
linter_module.PIECE_BYTES = 64
SCRATCH = Path(tempfile.mkdtemp(prefix="chatlint-fuzz-"))
# Raw control characters no output may carry (tab, line feed and carriage return are
# the outputs' own line structure, checked by the parsers).
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARSED = {"json": json.loads, "sarif": json.loads, "gitlab": json.loads}

# Read one of each so every rule and input format is loaded, then instrument it all.
for _suffix in SUFFIXES:
    LINTER.lint_source(SourceText("I think {{ a }} [name] maybe!!"), "f" + _suffix)
atheris.instrument_all()


def _name(provider: "atheris.FuzzedDataProvider") -> str:
    raw = provider.ConsumeBytes(provider.ConsumeIntInRange(0, 12))
    # A file name holds any byte but "/" and NUL; os.fsdecode gives undecodable bytes
    # as lone surrogates, as a real walk does.
    stem = os.fsdecode(raw.replace(b"/", b"_").replace(b"\0", b"_")) or "f"
    if stem in (".", ".."):
        stem = "f"
    return stem + SUFFIXES[provider.ConsumeIntInRange(0, len(SUFFIXES) - 1)]


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name = _name(provider)
    content = provider.ConsumeBytes(provider.remaining_bytes())
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    try:
        path = folder / name
        path.write_bytes(content)
        _check(str(path), name, content)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check(path: str, name: str, content: bytes) -> None:
    try:
        result = LINTER.lint_file(path, name)
    except ChatlintError:
        return
    text = result.source.text if result.source is not None else None
    if text is not None:
        index = LineIndex(text)
        for finding in result.findings:
            assert 0 <= finding.span.start <= finding.span.end <= len(text), (name, finding)
            line, column = index.location(finding.span.start)
            assert 1 <= line <= index.line_count and column >= 1, (name, finding)
    for output_format in OUTPUT_FORMATS:
        output = render(output_format, [result], LINTER.registry)
        assert isinstance(output, str)
        output.encode("utf-8")  # every output prints
        assert not _RAW_CONTROL.search(output), (output_format, output)
        if output_format in _PARSED:
            _PARSED[output_format](output)
        elif output_format == "junit":
            ElementTree.fromstring(output.encode("utf-8"))
    work = Work(fix=Applicability.UNSAFE, write=True)
    once = process(LINTER, Target(path, name), work)
    after = Path(path).read_bytes()
    if once.result.error is not None or not once.applied:
        assert after == content, (name, "a file with nothing fixed was written")
        return
    again = process(LINTER, Target(path, name), work)
    assert Path(path).read_bytes() == after, (name, "fixing twice changed the file again")
    assert not again.applied or again.result.error is not None, (name, again.applied)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
