"""The engine: runs the selected rules over each message and places findings in files."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple, Union

from chatlint.config import Settings, effective_registry
from chatlint.errors import ChatlintError, InputError
from chatlint.files import SourceText, read_file
from chatlint.globs import RootRelative
from chatlint.message import Message
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
        )
        self._per_file_ignores = settings.per_file_ignore_globs()
        self._root = settings.root.resolve()
        self._kinds = settings.kind_globs()
        self._rules: Dict[str, Rule] = {}
        self._rule_sets: Dict[FrozenSet[str], Tuple[Rule, ...]] = {}

    @property
    def enabled(self) -> FrozenSet[str]:
        return self._codes

    def rules_for(self, path: Optional[str]) -> Tuple[Rule, ...]:
        """The rule instances that run on ``path`` (after its per-file ignores)."""
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
        return rules

    def read_options(self, path: str, file_format: Format) -> ReadOptions:
        """How to read ``path``: its message kind (config globs win) and format settings."""
        kind = file_format.kind
        if self._kinds:
            relative = relative_to(path, self._root)
            for globs, configured in self._kinds:
                if globs.matches(relative):
                    kind = configured
        settings = self.settings
        return ReadOptions(kind=kind, roles=settings.roles, message_keys=settings.message_keys + settings.extend_message_keys)

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
        violations.sort(key=lambda violation: (violation.span, violation.code))
        return violations

    def lint_document(self, document: Document, path: str, source_text: str) -> List[Finding]:
        """Findings in one read file, after its inline suppressions."""
        rules = self.rules_for(path)
        findings: List[Finding] = []
        for message in document.messages:
            for violation in self.check_message(message, rules):
                findings.append(_place(violation, message, path, source_text, self.registry, self.settings.severities))
        findings.sort(key=Finding.sort_key)
        enabled = {rule.code for rule in rules}
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
        return FileResult(path, tuple(findings), source if findings else None)

    def lint_file(self, path: Union[str, "os.PathLike[str]"], display: str, file_format: Optional[Format] = None) -> FileResult:
        try:
            source = read_file(path, display)
        except InputError as error:
            return FileResult(display, error=error)
        return self.lint_source(source, display, file_format)


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
