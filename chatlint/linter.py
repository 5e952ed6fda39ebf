"""The engine: runs the selected rules over each message and places findings in files."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import (
    BinaryIO,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    Union,
)

from chatlint import suppression
from chatlint.errors import ChatlintError, InputError, RuleFailure, RuleStopped
from chatlint.files import (
    BINARY_FILE,
    SNIFF_BYTES,
    FileTooLarge,
    SourceText,
    decode,
    open_regular,
    read_file,
    wide_encoding,
)
from chatlint.message import Message
from chatlint.position import Locations
from chatlint.registry import Registry
from chatlint.results import FileResult, finding_offsets
from chatlint.rule import Rule
from chatlint.run_config import RunConfig
from chatlint.sources import PLAIN_TEXT, Document, Format, Unread, format_for
from chatlint.violation import Edit, Finding, Fix, Severity, Span, Violation


class Linter:
    """Runs the rules of one :class:`~chatlint.run_config.RunConfig` over texts and files.

    What runs where is the config's to say; the linter keeps one instance of each
    rule and runs them.
    """

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.registry = config.registry
        self._severities = config.settings.severities
        self._rules: Dict[str, Rule] = {}
        self._rule_sets: Dict[FrozenSet[str], Tuple[Rule, ...]] = {}

    def rules_for(self, path: Optional[str]) -> Tuple[Rule, ...]:
        """The rule instances that run on ``path`` (after its per-file ignores)."""
        return self._rules_of(self.config.codes_for(path))

    def _rules_of(self, codes: FrozenSet[str]) -> Tuple[Rule, ...]:
        rules = self._rule_sets.get(codes)
        if rules is None:
            rules = tuple(self._rule(code) for code in sorted(codes))
            self._rule_sets[codes] = rules
        return rules

    def _rule(self, code: str) -> Rule:
        rule = self._rules.get(code)
        if rule is None:
            rule_class = self.registry.rules[code]
            rule = rule_class(self.config.rule_options(rule_class))
            self._rules[code] = rule
        return rule

    # -- messages -------------------------------------------------------------------

    def check_message(
        self,
        message: Message,
        rules: Iterable[Rule],
        failed: Optional[Dict[str, RuleFailure]] = None,
    ) -> List[Violation]:
        """Every violation the rules find in one message, in text order.

        A rule that raises stops the call with a :class:`RuleFailure`; given ``failed``,
        the failure is recorded there instead (by code), the other rules' violations are
        kept, and a rule already in ``failed`` is not run again.
        """
        violations: List[Violation] = []
        length = len(message.text)
        if failed:
            rules = [rule for rule in rules if rule.code not in failed]
        for rule in rules:
            found = len(violations)
            try:
                for violation in rule.check(message):
                    if violation.span.end > length:
                        raise ValueError(f"span {violation.span} is outside the message")
                    violations.append(violation)
            except Exception as error:  # a rule bug must not lose the other rules' findings
                failure = (
                    # Not a bug: the rule says what is wrong, in its own words.
                    RuleStopped(error.problem, code=error.code)
                    if isinstance(error, RuleStopped)
                    else RuleFailure(
                        f"rule {rule.code} ({rule.name}) failed: {type(error).__name__}: {error}"
                    )
                )
                if failed is None:
                    raise failure from error
                failed[rule.code] = failure
                del violations[found:]  # what the rule found before it failed is not trusted
        if len(violations) > 1:
            violations.sort(key=_text_order)
        return violations

    def lint_document(
        self, document: Document, path: str, source_text: str, codes: FrozenSet[str]
    ) -> Tuple[List[Finding], Optional[RuleFailure]]:
        """Findings in one read file (the rules of ``codes``), after its inline
        suppressions; and the first rule failure, when a rule failed (the other rules'
        findings are still all there)."""
        rules = self._rules_of(codes)
        findings: List[Finding] = []
        failed: Dict[str, RuleFailure] = {}
        for message in document.messages:
            for violation in self.check_message(message, rules, failed):
                findings.append(
                    _place(violation, message, path, source_text, self.registry, self._severities)
                )
        findings.sort(key=Finding.sort_key)
        kept = suppression.apply(
            findings, document.suppressions, self.registry, codes, path, source_text
        )
        failure = next(iter(failed.values()), None)
        if failure is not None:
            failure.where = path
        return kept, failure

    # -- files ----------------------------------------------------------------------

    def lint_source(
        self, source: SourceText, path: str, file_format: Optional[Format] = None
    ) -> FileResult:
        """Lint text that came from ``path`` (a real file or a name for stdin)."""
        file_format = file_format or format_for(path) or PLAIN_TEXT
        file_config = self.config.for_file(path, file_format)
        try:
            document = file_format.read(source.text, file_config.read_options)
            findings, failure = self.lint_document(document, path, source.text, file_config.codes)
        except ChatlintError as error:
            error.where = error.where or path
            return FileResult(path, error=error)
        except Exception as error:  # a bug in a reader must not lose the other files
            if os.environ.get("CHATLINT_DEBUG"):
                raise
            return _internal_error(path, file_format, error)
        # What the format skipped (a bad JSON line) is the file's error; the findings in
        # the rest of it stand.
        reported = document.unread.error(path) if document.unread is not None else failure
        return FileResult(path, tuple(findings), source if findings else None, reported)

    def lint_file(
        self,
        path: Union[str, "os.PathLike[str]"],
        display: str,
        file_format: Optional[Format] = None,
    ) -> FileResult:
        chosen = file_format or format_for(display) or PLAIN_TEXT
        if chosen.line_records and _size(path) > PIECE_BYTES:
            return self._lint_in_pieces(path, display, chosen)
        return self._lint_whole(path, display, chosen, MAX_FILE_BYTES)

    def _lint_whole(
        self,
        path: Union[str, "os.PathLike[str]"],
        display: str,
        file_format: Format,
        max_bytes: Optional[int],
    ) -> FileResult:
        try:
            source = read_file(path, display, max_bytes)
        except FileTooLarge as too_large:
            problem = (
                f"too large to lint ({too_large.size / 1e6:.0f} MB; files up to "
                f"{too_large.limit // 1_000_000} MB are read, JSON Lines of any size)"
            )
            if file_format.line_records:  # here only when UTF-16 or UTF-32, read whole
                problem = (
                    f"too large to lint ({too_large.size / 1e6:.0f} MB; JSON Lines in UTF-16 "
                    f"or UTF-32 are read whole, up to {too_large.limit // 1_000_000} MB: "
                    "save it as UTF-8)"
                )
            return FileResult(display, error=InputError(problem, display))
        except InputError as error:
            return FileResult(display, error=error)
        return self.lint_source(source, display, file_format)

    def _lint_in_pieces(
        self, path: Union[str, "os.PathLike[str]"], display: str, file_format: Format
    ) -> FileResult:
        """A large JSON Lines file, read and linted some thousand lines at a time.

        Memory holds one piece and the findings so far, whatever the file's size;
        findings and their lines and columns are those of the whole file. A line that
        cannot be read (invalid JSON, or longer than :data:`MAX_LINE_BYTES`) is the
        file's error, and the findings of every other line are still reported.
        """
        findings: List[Finding] = []
        locations = Locations({})
        file_config = self.config.for_file(display, file_format)
        base, first_line = 0, 1
        first_failure: Optional[RuleFailure] = None
        unread: Optional[Unread] = None
        long_lines: List[int] = []
        try:
            descriptor, _ = open_regular(path, display)
            with os.fdopen(descriptor, "rb") as handle:
                if wide_encoding(handle.read(SNIFF_BYTES)):
                    # UTF-16 or UTF-32: lines are not bytes apart, so it is read whole.
                    return self._lint_whole(path, display, file_format, MAX_FILE_BYTES)
                handle.seek(0)
                for data in _pieces(handle, PIECE_BYTES, display, long_lines):
                    text = decode(data, display, first_line).text
                    document = file_format.read(
                        text, replace(file_config.read_options, first_line=first_line)
                    )
                    piece, failure = self.lint_document(document, display, text, file_config.codes)
                    first_failure = first_failure or failure
                    if document.unread is not None:
                        unread = document.unread.plus(unread)
                    shifted = [_shifted(finding, base) for finding in piece]
                    locations.add(text, finding_offsets(shifted), first_line, base)
                    findings.extend(shifted)
                    base += len(text)
                    first_line += text.count("\n")
        except OSError as error:
            return FileResult(
                display, error=InputError(f"cannot read: {error.strerror or error}", display)
            )
        except ChatlintError as error:
            error.where = error.where or display
            return FileResult(display, error=error)
        except Exception as error:  # a bug in a reader must not lose the other files
            if os.environ.get("CHATLINT_DEBUG"):
                raise
            return _internal_error(display, file_format, error)
        if long_lines:
            too_long = f"longer than {MAX_LINE_BYTES // 1_000_000} MB, not linted"
            unread = Unread(long_lines[0], too_long, len(long_lines)).plus(unread)
        reported = unread.error(display) if unread is not None else first_failure
        return FileResult(display, tuple(findings), error=reported, locations=locations)


def _internal_error(path: str, file_format: Format, error: Exception) -> FileResult:
    """A bug met reading a file, as that file's one-line error."""
    problem = (
        f"internal error reading it as {file_format.name}: {type(error).__name__}: "
        f"{error} (a bug in chatlint)"
    )
    return FileResult(path, error=InputError(problem, path))


def _text_order(violation: Violation) -> Tuple[Span, str]:
    return violation.span, violation.code


#: JSON Lines files larger than this are read a piece of about this size at a time.
PIECE_BYTES = 1_000_000
#: Other files are read whole; past this size (no reply, macro or article is near it)
#: reading one would cost memory for nothing, so it is reported instead.
MAX_FILE_BYTES = 32_000_000
#: The longest line of a JSON Lines file that is read (no conversation is near it); a
#: longer one is reported and skipped, and the lines around it are linted.
MAX_LINE_BYTES = 10_000_000


def _size(path: Union[str, "os.PathLike[str]"]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # reading it will report the problem


def _pieces(handle: BinaryIO, size: int, where: str, long_lines: List[int]) -> Iterator[bytes]:
    """The UTF-8 file in pieces of about ``size`` bytes, each ending at the end of a line.

    The first block is looked at for NUL bytes before anything more is read: a binary
    file (a sparse gigabyte) is refused at once, not after a search for its first line
    end. A line longer than a block is gathered as a list of blocks, each looked at
    once, and joined once. A line longer than :data:`MAX_LINE_BYTES` is read through but
    not kept: it comes as an empty line, so later lines keep their numbers, and its
    number goes to ``long_lines``.
    """
    line = 1  # the number of the line ``held`` starts
    held: List[bytes] = []  # the part of that line read so far
    held_bytes = 0
    skipping = False  # in a line too long to keep
    block = handle.read(size)
    if b"\x00" in block:
        raise InputError(BINARY_FILE, where)
    while block:
        end = block.rfind(b"\n") + 1
        if not end:  # no line ends in this block
            if not skipping:
                held.append(block)
                held_bytes += len(block)
                if held_bytes > MAX_LINE_BYTES:
                    long_lines.append(line)
                    held, held_bytes, skipping = [], 0, True
        else:
            first_end = block.find(b"\n") + 1
            if skipping or held_bytes + first_end > MAX_LINE_BYTES:
                if not skipping:
                    long_lines.append(line)
                piece = b"\n" + block[first_end:end]
                skipping = False
            else:
                held.append(block[:end])
                piece = b"".join(held)
            held = [block[end:]] if end < len(block) else []
            held_bytes = len(block) - end
            line += piece.count(b"\n")
            yield piece
        block = handle.read(size)
    if held:
        yield b"".join(held)


def _shifted(finding: Finding, base: int) -> Finding:
    """``finding`` with offsets moved from a piece of a file to the whole file."""
    if not base:
        return finding
    fix = finding.fix
    if fix is not None:
        fix = replace(
            fix,
            edits=tuple(
                replace(edit, span=Span(edit.span.start + base, edit.span.end + base))
                for edit in fix.edits
            ),
        )
    return replace(finding, span=Span(finding.span.start + base, finding.span.end + base), fix=fix)


def _place(
    violation: Violation,
    message: Message,
    path: str,
    source_text: str,
    registry: Registry,
    severities: Mapping[str, Severity],
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
        # A config's level wins, the lowest ("info") included: INFO is 0, so `or` dropped it.
        severity=severities.get(violation.code, rule.severity if rule else Finding.severity),
        suggestion=violation.suggestion,
        fix=_place_fix(violation.fix, message),
        context=message.context,
        speaker=message.speaker,
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
