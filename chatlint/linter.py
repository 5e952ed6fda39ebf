"""The engine: runs the selected rules over each message and places findings in files."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple, Union

from chatlint.config import Settings, effective_registry
from chatlint.errors import ChatlintError, InputError
from chatlint.files import FileTooLarge, SourceText, byte_order_mark, decode, read_file
from chatlint.globs import RootRelative
from chatlint.message import Message
from chatlint.position import LineIndex, Locations
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.selection import check_selectors, enabled_codes, without
from chatlint import suppression
from chatlint.sources import PLAIN_TEXT, Document, Format, ReadOptions, format_for
from chatlint.violation import Edit, Finding, Fix, Span, Violation


class RuleFailure(ChatlintError):
    """A rule raised an exception: a bug in the rule, reported without a traceback."""


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one file: its findings, or the error that stopped it."""

    path: str
    findings: Tuple[Finding, ...] = ()
    #: The file's text, kept when there are findings so formatters can place them.
    source: Optional[SourceText] = None
    error: Optional[ChatlintError] = None
    #: Lines and columns of the findings, when the text itself is not kept.
    locations: Optional[Locations] = field(default=None, compare=False, repr=False)

    def line_index(self) -> Union[LineIndex, Locations]:
        """What formatters turn offsets into lines and columns with."""
        if self.locations is not None and self.source is None:
            return self.locations
        return LineIndex(self.source.text if self.source else "")

    def without_source(self) -> FileResult:
        """This result holding the places of its findings instead of the file's text."""
        if self.source is None:
            return self
        return replace(self, source=None, locations=Locations.of(self.source.text, _offsets(self.findings)))


def _offsets(findings: Iterable[Finding]) -> Set[int]:
    offsets: Set[int] = set()
    for finding in findings:
        offsets.update((finding.span.start, finding.span.end))
        if finding.fix is not None:
            for edit in finding.fix.edits:
                offsets.update((edit.span.start, edit.span.end))
    return offsets


class Linter:
    """Lints texts and files with one registry and one set of settings."""

    def __init__(self, registry: Registry, settings: Settings) -> None:
        registry = effective_registry(registry, settings)
        self.registry = registry
        self.settings = settings
        where = settings.where
        check_selectors(registry, settings.select or (), where, "select")
        check_selectors(registry, settings.extend_select, where, "extend-select")
        check_selectors(registry, settings.ignore, where, "ignore")
        for glob, codes in settings.per_file_ignores:
            check_selectors(registry, codes, where, f'per-file-ignores."{glob}"')
        self._codes = enabled_codes(
            registry,
            select=settings.select,
            extend_select=settings.extend_select,
            ignore=settings.ignore,
            preview=settings.preview,
        )
        self._per_file_ignores = settings.per_file_ignore_globs()
        self._root = settings.root.resolve()
        self._kinds = settings.kind_globs()
        self._rules: Dict[str, Rule] = {}
        self._rule_sets: Dict[FrozenSet[str], Tuple[Rule, ...]] = {}
        self._read_options: Dict[str, ReadOptions] = {}

    @property
    def enabled(self) -> FrozenSet[str]:
        return self._codes

    def rules_for(self, path: Optional[str]) -> Tuple[Rule, ...]:
        """The rule instances that run on ``path`` (after its per-file ignores)."""
        return self._rules_and_codes(path)[0]

    def _rules_and_codes(self, path: Optional[str]) -> Tuple[Tuple[Rule, ...], FrozenSet[str]]:
        codes = self._codes
        if path is not None and self._per_file_ignores:
            relative = relative_to(path, self._root)
            for globs, ignored in self._per_file_ignores:
                if globs.matches(relative):
                    codes = without(codes, self.registry, ignored)
        rules = self._rule_sets.get(codes)
        if rules is None:
            rules = tuple(self._rule(code) for code in sorted(codes))
            self._rule_sets[codes] = rules
        return rules, codes

    def read_options(self, path: str, file_format: Format) -> ReadOptions:
        """How to read ``path``: its message kind (config globs win) and format settings."""
        kind = file_format.kind
        if self._kinds:
            relative = relative_to(path, self._root)
            for globs, configured in self._kinds:
                if globs.matches(relative):
                    kind = configured
        options = self._read_options.get(kind)
        if options is None:  # one per kind: the rest comes from settings, fixed for the run
            settings = self.settings
            options = ReadOptions(kind=kind, roles=settings.roles, message_keys=settings.message_keys + settings.extend_message_keys)
            self._read_options[kind] = options
        return options

    def _rule(self, code: str) -> Rule:
        rule = self._rules.get(code)
        if rule is None:
            rule_class = self.registry.rules[code]
            rule = rule_class(self.settings.options_for(rule_class))
            self._rules[code] = rule
        return rule

    # -- messages -------------------------------------------------------------------

    def check_message(self, message: Message, rules: Iterable[Rule]) -> List[Violation]:
        """Every violation the rules find in one message, in text order."""
        violations: List[Violation] = []
        length = len(message.text)
        for rule in rules:
            try:
                for violation in rule.check(message):
                    if violation.span.end > length:
                        raise ValueError(f"span {violation.span} is outside the message")
                    violations.append(violation)
            except Exception as error:  # a rule bug must not lose the other files
                raise RuleFailure(
                    f"rule {rule.code} ({rule.name}) failed: {type(error).__name__}: {error}"
                ) from error
        if len(violations) > 1:
            violations.sort(key=_text_order)
        return violations

    def lint_document(self, document: Document, path: str, source_text: str) -> List[Finding]:
        """Findings in one read file, after its inline suppressions."""
        rules, enabled = self._rules_and_codes(path)
        findings: List[Finding] = []
        for message in document.messages:
            for violation in self.check_message(message, rules):
                findings.append(_place(violation, message, path, source_text, self.registry, self.settings.severities))
        findings.sort(key=Finding.sort_key)
        return suppression.apply(findings, document.suppressions, self.registry, enabled, path, source_text)

    # -- files ----------------------------------------------------------------------

    def lint_source(
        self, source: SourceText, path: str, file_format: Optional[Format] = None
    ) -> FileResult:
        """Lint text that came from ``path`` (a real file or a name for stdin)."""
        file_format = file_format or format_for(path) or PLAIN_TEXT
        try:
            document = file_format.read(source.text, self.read_options(path, file_format))
            findings = self.lint_document(document, path, source.text)
        except ChatlintError as error:
            error.where = error.where or path
            return FileResult(path, error=error)
        except Exception as error:  # a bug in a reader must not lose the other files
            if os.environ.get("CHATLINT_DEBUG"):
                raise
            problem = f"internal error reading it as {file_format.name}: {type(error).__name__}: {error} (a bug in chatlint)"
            return FileResult(path, error=InputError(problem, path))
        return FileResult(path, tuple(findings), source if findings else None)

    def lint_file(self, path: Union[str, "os.PathLike[str]"], display: str, file_format: Optional[Format] = None) -> FileResult:
        chosen = file_format or format_for(display) or PLAIN_TEXT
        if chosen.line_records and _size(path) > PIECE_BYTES:
            return self._lint_in_pieces(path, display, chosen)
        return self._lint_whole(path, display, chosen, MAX_FILE_BYTES)

    def _lint_whole(
        self, path: Union[str, "os.PathLike[str]"], display: str, file_format: Format, max_bytes: Optional[int]
    ) -> FileResult:
        try:
            source = read_file(path, display, max_bytes)
        except FileTooLarge as too_large:
            problem = (
                f"too large to lint ({too_large.size / 1e6:.0f} MB; files up to "
                f"{too_large.limit // 1_000_000} MB are read, JSON Lines of any size)"
            )
            return FileResult(display, error=InputError(problem, display))
        except InputError as error:
            return FileResult(display, error=error)
        return self.lint_source(source, display, file_format)

    def _lint_in_pieces(self, path: Union[str, "os.PathLike[str]"], display: str, file_format: Format) -> FileResult:
        """A large JSON Lines file, read and linted some thousand lines at a time.

        Memory holds one piece and the findings so far, whatever the file's size;
        findings and their lines and columns are those of the whole file.
        """
        findings: List[Finding] = []
        locations = Locations({})
        options = self.read_options(display, file_format)
        base, first_line = 0, 1
        try:
            with open(path, "rb") as handle:
                for data in _pieces(handle, PIECE_BYTES):
                    if base == 0 and byte_order_mark(data)[0] != "utf-8":
                        break  # UTF-16 or UTF-32: lines are not bytes apart; read it whole below
                    text = decode(data, display, first_line).text
                    document = file_format.read(text, replace(options, first_line=first_line))
                    piece = self.lint_document(document, display, text)
                    shifted = [_shifted(finding, base) for finding in piece]
                    locations.add(text, _offsets(shifted), first_line, base)
                    findings.extend(shifted)
                    base += len(text)
                    first_line += text.count("\n")
                else:
                    return FileResult(display, tuple(findings), locations=locations)
        except OSError as error:
            return FileResult(display, error=InputError(f"cannot read: {error.strerror or error}", display))
        except ChatlintError as error:
            error.where = error.where or display
            return FileResult(display, error=error)
        # UTF-16 or UTF-32: read whole, whatever its size (lines are not bytes apart).
        return self._lint_whole(path, display, file_format, None)


def _text_order(violation: Violation) -> Tuple[Span, str]:
    return violation.span, violation.code


#: JSON Lines files larger than this are read a piece of about this size at a time.
PIECE_BYTES = 1_000_000
#: Other files are read whole; past this size (no reply, macro or article is near it)
#: reading one would cost memory for nothing, so it is reported instead.
MAX_FILE_BYTES = 32_000_000


def _size(path: Union[str, "os.PathLike[str]"]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # reading it will report the problem


def _pieces(handle, size: int) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at the end of a line."""
    leftover = b""
    while True:
        block = handle.read(size)
        if not block:
            if leftover:
                yield leftover
            return
        block = leftover + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            leftover = block  # one line longer than a piece: keep reading
            continue
        leftover = block[cut:]
        yield block[:cut]


def _shifted(finding: Finding, base: int) -> Finding:
    """``finding`` with offsets moved from a piece of a file to the whole file."""
    if not base:
        return finding
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, edits=tuple(replace(edit, span=Span(edit.span.start + base, edit.span.end + base)) for edit in fix.edits))
    return replace(finding, span=Span(finding.span.start + base, finding.span.end + base), fix=fix)


def _place(
    violation: Violation, message: Message, path: str, source_text: str, registry: Registry, severities
) -> Finding:
    source_map = message.source_map
    start = source_map.start(violation.span.start)
    end = max(source_map.end(violation.span.end), start)
    rule = registry.rules.get(violation.code)
    return Finding(
        path=path,
        code=violation.code,
        name=rule.name if rule else "",
        message=violation.message,
        span=Span(start, end),
        severity=severities.get(violation.code) or (rule.severity if rule else Finding.severity),
        suggestion=violation.suggestion,
        fix=_place_fix(violation.fix, message),
        context=message.context,
        matched_text=source_text[start:end],
    )


def _place_fix(fix: Optional[Fix], message: Message) -> Optional[Fix]:
    """The fix in source offsets, or ``None`` when an edit touches rewritten text."""
    if fix is None:
        return None
    source_map = message.source_map
    edits = []
    for edit in fix.edits:
        if not source_map.is_copied(edit.span.start, edit.span.end):
            # Editing decoded or joined text would need re-encoding; offer no fix.
            return None
        replacement = message.encode(edit.replacement)
        if replacement is None:
            return None  # the source cannot hold this text as it is (a YAML plain scalar)
        start = source_map.start(edit.span.start)
        edits.append(Edit(Span(start, start + len(edit.span)), replacement))
    return Fix(fix.title, tuple(edits), fix.applicability)


def relative_to(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, for matching config globs."""
    return _root_relative(root).of(path)


@functools.lru_cache(maxsize=8)
def _root_relative(root: Path) -> RootRelative:
    return RootRelative(root)
