"""Applying fixes: non-overlapping edits, re-lint until stable, atomic writes."""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

import chatlint.linter
from chatlint.errors import ChatlintError, InputError
from chatlint.files import FileChanged, FileTooLarge, SourceText, read_file, write_atomically
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


class TooLargeToFix(InputError):
    """A file past the size ``check`` reads whole: fixing holds it in memory many times
    over (a 44 MB file took 8.8 GB), so it is linted as ``check`` lints it, not fixed."""


def read_to_fix(
    path: Union[str, "os.PathLike[str]"], where: str
) -> Tuple[SourceText, os.stat_result]:
    """A file's text to fix, and its status from before it was read, for
    :func:`write_fixed` to tell whether anything has written to the file since.

    Raises :class:`TooLargeToFix` past the size ``check`` reads whole, and
    :class:`InputError` for a file that cannot be read.
    """
    try:
        status: Optional[os.stat_result] = os.stat(path)
    except OSError:
        status = None  # reading it says what is wrong, in check's words
    limit = chatlint.linter.MAX_FILE_BYTES
    try:
        source = read_file(path, where, limit)
    except FileTooLarge as too_large:
        problem = (
            f"too large to fix ({too_large.size / 1e6:.0f} MB; --fix rewrites files up to "
            f"{too_large.limit // 1_000_000} MB)"
        )
        raise TooLargeToFix(problem, where) from None
    if status is None:  # gone when looked at, there when read: it is being replaced
        raise InputError("changed while chatlint read it, not fixed", where)
    return source, status


def lint_unfixed(
    linter: Linter,
    path: Union[str, "os.PathLike[str]"],
    where: str,
    threshold: Applicability,
    file_format: Optional[Format],
    too_large: TooLargeToFix,
) -> FileResult:
    """``check``'s result for a file too large to fix (a large JSON Lines file is linted
    in pieces), with ``too_large`` as its error when a finding had a fix left undone."""
    result = linter.lint_file(path, where, file_format)
    if result.error is not None or not any(
        finding.fix is not None and finding.fix.applicability >= threshold
        for finding in result.findings
    ):
        return result
    return FileResult(result.path, result.findings, result.source, too_large, result.locations)


def write_fixed(
    path: Union[str, "os.PathLike[str]"],
    source: SourceText,
    where: str,
    read_as: Optional[os.stat_result] = None,
) -> None:
    """Replace the file at ``path`` (through a symbolic link, the file it points to)
    with ``source``'s text, keeping its permissions, owner and group, or leave it exactly
    as it was (see :func:`chatlint.files.write_atomically`).

    ``read_as`` is the file's status when it was read (:func:`read_to_fix`): a file
    written to since is left as it is, and reported, unless it already holds the fixed
    text (another run fixed it the same way). A file with more than one name (hard
    links) is reported and left as it is: replacing it would give only this name the
    fixed text, and rewriting it in place could leave it half written.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise InputError(f"cannot fix: {error.strerror or error}", where) from error
    if not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError("read-only file, not fixed", where)
    if status.st_nlink > 1:
        raise InputError(
            f"file with {status.st_nlink} hard links, not fixed (replacing it would split them)",
            where,
        )
    data = source.encoded(source.text)
    try:
        write_atomically(path, data, unchanged_since=read_as)
    except FileChanged:
        if _holds(path, data):
            return
        raise InputError(
            "changed while chatlint was fixing it, not fixed (run --fix again)", where
        ) from None
    except OSError as error:
        raise InputError(
            f"cannot write the fixed file: {error.strerror or error}", where
        ) from error


def _holds(path: Union[str, "os.PathLike[str]"], data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib  # only for --diff: it costs every run 1 ms to import

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
