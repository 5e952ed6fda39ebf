"""Applying fixes: non-overlapping edits, re-lint until stable, atomic writes."""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

from chatlint.errors import ChatlintError, InputError
from chatlint.files import SourceText, write_atomically
from chatlint.linter import Linter
from chatlint.results import FileResult
from chatlint.sources import Format
from chatlint.violation import Applicability, Finding

#: Passes of fix-and-lint before a file that keeps changing is reported as a bug.
MAX_PASSES = 10


@dataclass(frozen=True)
class FixedFile:
    """A file after fixing: what is left to report, the new text, and what was fixed."""

    result: FileResult
    original: Optional[SourceText]
    fixed: Optional[SourceText]
    applied: Tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return (
            self.fixed is not None
            and self.original is not None
            and self.fixed.text != self.original.text
        )


def apply_fixes(
    text: str, findings: Sequence[Finding], threshold: Applicability
) -> Tuple[str, List[Finding]]:
    """``text`` with the fixes of ``findings`` at or above ``threshold`` applied.

    Fixes are taken in order of position; one that overlaps a fix already applied is
    left for the next pass, which sees the text it would have changed.
    """
    candidates = sorted(
        (
            (finding, finding.fix)
            for finding in findings
            if finding.fix and finding.fix.applicability >= threshold
        ),
        key=lambda pair: (pair[1].span.start, pair[1].span.end),
    )
    pieces: List[str] = []
    applied: List[Finding] = []
    last = 0
    for finding, fix in candidates:
        edits = fix.edits
        if edits[0].span.start < last:
            continue
        for edit in edits:
            pieces.append(text[last : edit.span.start])
            pieces.append(edit.replacement)
            last = edit.span.end
        applied.append(finding)
    pieces.append(text[last:])
    return "".join(pieces), applied


def fix_source(
    linter: Linter,
    source: SourceText,
    path: str,
    threshold: Applicability,
    file_format: Optional[Format] = None,
) -> FixedFile:
    """Fix, re-lint and repeat until nothing changes; the last lint is what remains."""
    current = source
    applied: List[Finding] = []
    for _ in range(MAX_PASSES):
        result = linter.lint_source(current, path, file_format)
        if result.error is not None:
            return FixedFile(result, source, None)
        new_text, fixed_now = apply_fixes(current.text, result.findings, threshold)
        if not fixed_now or new_text == current.text:
            return FixedFile(result, source, current, tuple(applied))
        applied.extend(fixed_now)
        current = dataclasses.replace(current, text=new_text)
    error = ChatlintError(
        (
            f"fixes did not settle after {MAX_PASSES} passes; this is a bug in a rule's fix, "
            "please report it"
        ),
        path,
    )
    return FixedFile(FileResult(path, error=error), source, None)


def write_fixed(path: Union[str, "os.PathLike[str]"], source: SourceText, where: str) -> None:
    """Replace ``path`` with ``source``'s text, keeping its permissions, or leave it
    exactly as it was (see :func:`chatlint.files.write_atomically`)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError as error:
        raise InputError(f"cannot fix: {error.strerror or error}", where) from error
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError("read-only file, not fixed", where)
    try:
        write_atomically(path, source.encoded(source.text), mode=mode)
    except OSError as error:
        raise InputError(
            f"cannot write the fixed file: {error.strerror or error}", where
        ) from error


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
