"""A team's own rules, written in TOML: existence, substitution and pattern rules.

A rule file holds one or more ``[[rule]]`` tables::

    [[rule]]
    code = "ACME101"             # the team's own prefix; CL is chatlint's
    name = "internal-ticket-word"
    kind = "substitution"        # existence | substitution | pattern
    message = 'Say "{replacement}", not "{text}"'
    fix = "safe"                 # substitution only: none (default), safe or unsafe
    [rule.substitutions]
    "ticket" = "request"

``existence`` rules list ``phrases`` (with an optional ``suggestion`` and per-phrase
``[rule.suggestions]``, the same keys as the phrase files beside chatlint's own rules);
``pattern`` rules give a regular expression. Options: ``case-sensitive``,
``whole-words``, ``kinds`` (which message kinds it applies to) and ``severity``.
Patterns run with a time limit: one that runs away is a configuration error that names
the file, the rule and the pattern, never a hang.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
)

from chatlint.errors import ChatlintError, ConfigError
from chatlint.message import KINDS, Message
from chatlint.phrase_rule import PhraseRule, fill
from chatlint.phrases import PhraseSet, compile_phrases, normalize
from chatlint.registry import Registry
from chatlint.rule import CODE_PATTERN, NAME_PATTERN, NoOptions, Rule
from chatlint.rule_doc import RuleDoc
from chatlint.toml_files import parse, toml_parser
from chatlint.violation import Applicability, Edit, Fix, Severity, Span, Violation

if TYPE_CHECKING:
    import regex

#: Seconds a user pattern may spend on one message (and on the load-time probe).
PATTERN_TIMEOUT = 0.25
# Texts that make a catastrophically backtracking pattern show itself at load time.
_PROBES = ("a" * 40 + "!", "a " * 40 + "!", "Thanks for reaching out! " * 10, "x" * 2000)
_KINDS_OF_RULE = ("existence", "substitution", "pattern")
_KEYS = {
    "code",
    "name",
    "kind",
    "message",
    "suggestion",
    "suggestions",
    "phrases",
    "substitutions",
    "pattern",
    "case-sensitive",
    "whole-words",
    "kinds",
    "severity",
    "fix",
    "description",
}


@dataclass(frozen=True)
class RuleSpec:
    """One declarative rule as read from a TOML file (picklable, unlike the class)."""

    source: str
    code: str
    name: str
    kind: str
    message: str
    suggestion: str = ""
    suggestions: Tuple[Tuple[str, str], ...] = ()
    phrases: Tuple[str, ...] = ()
    substitutions: Tuple[Tuple[str, str], ...] = ()
    pattern: str = ""
    case_sensitive: bool = False
    whole_words: bool = True
    kinds: Tuple[str, ...] = KINDS
    severity: str = "warning"
    fix: str = "none"
    description: str = ""


def load_rule_files(patterns: Tuple[str, ...], root: Path, where: str) -> Tuple[RuleSpec, ...]:
    """Every rule in the files matching ``patterns`` (globs relative to ``root``)."""
    specs: List[RuleSpec] = []
    for pattern in patterns:
        matches = (
            sorted(root.glob(pattern)) if any(ch in pattern for ch in "*?[") else [root / pattern]
        )
        if not matches or not all(path.is_file() for path in matches):
            raise ConfigError(f"'extend-rules' has '{pattern}', which matches no rule file", where)
        for path in matches:
            specs.extend(_read(path))
    codes: Dict[str, str] = {}
    for spec in specs:
        if spec.code in codes:
            raise ConfigError(
                f"rule code {spec.code} is defined twice (also in {codes[spec.code]})", spec.source
            )
        codes[spec.code] = spec.source
    return tuple(specs)


def _read(path: Path) -> Iterator[RuleSpec]:
    where = str(path)
    try:
        with path.open("rb") as handle:
            document = parse(handle)
    except (OSError, toml_parser().TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"invalid rule file: {error}", where) from error
    unknown = set(document) - {"rule"}
    if unknown:
        raise ConfigError(
            f"unknown key '{sorted(unknown)[0]}' (rules go in [[rule]] tables)", where
        )
    tables = document.get("rule", [])
    if not isinstance(tables, list):
        raise ConfigError("'rule' must be [[rule]] tables", where)
    for table in tables:
        yield _spec(table, where)


def _spec(table: Mapping[str, Any], where: str) -> RuleSpec:
    label = f"rule {table['code']}" if isinstance(table.get("code"), str) else "a rule"
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{label}: unknown key '{key}'", where)
    for key in ("code", "name", "kind", "message"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise ConfigError(f"{label}: '{key}' is required and must be a string", where)
    code: str = table["code"]
    if not CODE_PATTERN.fullmatch(code) or code.startswith("CL"):
        raise ConfigError(
            f"{label}: code must be your own prefix and digits (like ACME101); CL is chatlint's",
            where,
        )
    if not NAME_PATTERN.fullmatch(table["name"]):
        raise ConfigError(f"{label}: name {table['name']!r} must be kebab-case", where)
    kind = table["kind"]
    if kind not in _KINDS_OF_RULE:
        raise ConfigError(
            f"{label}: kind must be one of {', '.join(_KINDS_OF_RULE)}, not {kind!r}", where
        )

    def strings(key: str) -> Tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{label}: '{key}' must be a list of strings", where)
        return tuple(value)

    def pairs(key: str) -> Tuple[Tuple[str, str], ...]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f'{label}: \'{key}\' must be a table of "text" = "text"', where)
        return tuple(value.items())

    def flag(key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"{label}: '{key}' must be true or false", where)
        return value

    spec = RuleSpec(
        source=where,
        code=code,
        name=table["name"],
        kind=kind,
        message=table["message"],
        suggestion=str(table.get("suggestion", "")),
        suggestions=pairs("suggestions"),
        phrases=strings("phrases"),
        substitutions=pairs("substitutions"),
        pattern=str(table.get("pattern", "")),
        case_sensitive=flag("case-sensitive", False),
        whole_words=flag("whole-words", True),
        kinds=strings("kinds") or KINDS,
        severity=str(table.get("severity", "warning")),
        fix=str(table.get("fix", "none")),
        description=str(table.get("description", "")),
    )
    if kind == "existence" and not spec.phrases:
        raise ConfigError(f"{label}: an existence rule needs 'phrases'", where)
    if kind == "substitution" and not spec.substitutions:
        raise ConfigError(f"{label}: a substitution rule needs [rule.substitutions]", where)
    if kind == "pattern":
        _check_pattern(spec, label)
    if any(k not in KINDS for k in spec.kinds):
        raise ConfigError(f"{label}: 'kinds' may hold {', '.join(KINDS)}", where)
    if spec.severity not in ("error", "warning", "info"):
        raise ConfigError(f"{label}: severity must be error, warning or info", where)
    if spec.fix not in ("none", "safe", "unsafe") or (
        spec.fix != "none" and kind != "substitution"
    ):
        raise ConfigError(
            f"{label}: fix must be none, safe or unsafe, and only substitutions fix", where
        )
    return spec


def _check_pattern(spec: RuleSpec, label: str) -> None:
    if not spec.pattern:
        raise ConfigError(f"{label}: a pattern rule needs 'pattern'", spec.source)
    import regex  # only teams that declare pattern rules pay for importing it

    try:
        compiled = _compile(spec.pattern, spec.case_sensitive)
    except regex.error as error:
        raise ConfigError(
            f"{label}: invalid pattern {spec.pattern!r}: {error}", spec.source
        ) from error
    for probe in _PROBES:
        try:
            for _ in compiled.finditer(probe, timeout=PATTERN_TIMEOUT):
                pass
        except TimeoutError as error:
            raise ConfigError(
                (
                    f"{label}: pattern {spec.pattern!r} runs away (catastrophic "
                    "backtracking); simplify it"
                ),
                spec.source,
            ) from error


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, case_sensitive: bool) -> "regex.Pattern[str]":
    # The `regex` engine, for its timeouts: a team's pattern must not hang a run.
    import regex

    return regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)


def with_declared(registry: Registry, specs: Sequence[RuleSpec], origin: str = "") -> Registry:
    """``registry`` (the installed rules) plus the rules a team declared: the complete
    set of rules a run knows."""
    return registry.extended([build(spec) for spec in specs], origin)


@functools.lru_cache(maxsize=256)
def build(spec: RuleSpec) -> Type[Rule]:
    """The rule class for a spec (built once, so equal specs share a class)."""
    return type(
        "".join(part.title() for part in spec.name.split("-")),
        (DeclarativeRule,),
        {
            "code": spec.code,
            "name": spec.name,
            "summary": fill(spec.message, text="...", replacement="..."),
            "severity": Severity[spec.severity.upper()],
            "fix_title": "Substitute the preferred wording" if spec.fix != "none" else None,
            "template": spec.message,
            "spec": spec,
            "__module__": __name__,
        },
    )


class DeclarativeRule(PhraseRule):
    """Base of the classes :func:`build` makes from TOML rule specs: phrase rules
    whose list, messages and suggestions come from the spec. Team rules take no
    options: the team edits the spec itself."""

    Options: ClassVar[type] = NoOptions
    spec: ClassVar[RuleSpec]

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        spec = self.spec
        self._pattern = (
            _compile(spec.pattern, spec.case_sensitive) if spec.kind == "pattern" else None
        )
        self._substitutions = {normalize(key): value for key, value in spec.substitutions}
        self._suggestions = {normalize(key): value for key, value in spec.suggestions}

    def compile(self) -> PhraseSet:
        spec = self.spec
        words = (
            spec.phrases
            if spec.kind == "existence"
            else tuple(key for key, _ in spec.substitutions)
        )
        return compile_phrases(words, spec.case_sensitive, spec.whole_words)

    @classmethod
    def documentation(cls) -> RuleDoc:
        spec = cls.spec
        what = (
            spec.description
            or {
                "existence": f"Flags these phrases: {', '.join(spec.phrases)}.",
                "substitution": "Flags wording the team replaces: "
                + ", ".join(f'"{a}" -> "{b}"' for a, b in spec.substitutions)
                + ".",
                "pattern": f"Flags text matching the pattern `{spec.pattern}`.",
            }[spec.kind]
        )
        sections = [
            ("What it does", what),
            ("Why is this bad?", f"A house-style rule from {spec.source}."),
        ]
        if spec.fix != "none":
            sections.append(
                ("Fix safety", f"The team marked this substitution's fix as {spec.fix}.")
            )
        return RuleDoc(tuple(sections))

    def check(self, message: Message) -> Iterator[Violation]:
        if message.kind in self.spec.kinds:
            yield from super().check(message)

    def matches(self, message: Message) -> Iterator[Tuple[Span, str]]:
        if self._pattern is None:
            yield from super().matches(message)
            return
        spec = self.spec
        try:
            spans = [
                Span(*match.span())
                for match in self._pattern.finditer(message.prose.text, timeout=PATTERN_TIMEOUT)
            ]
        except TimeoutError as error:
            raise ChatlintError(
                (
                    f"rule {spec.code}: pattern {spec.pattern!r} ran too long on a message; "
                    "simplify it"
                ),
                spec.source,
            ) from error
        for span in spans:
            if span.start < span.end:
                yield span, normalize(message.text[span.start : span.end])

    def _replacement(self, found: str, phrase: str) -> Optional[str]:
        """The substitution for ``found``, capitalised as it was."""
        replacement = self._substitutions.get(phrase)
        if replacement is not None and found[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        return replacement

    def template_values(self, found: str, phrase: str) -> Mapping[str, str]:
        return {"replacement": self._replacement(found, phrase) or ""}

    def suggestion_for(self, phrase: str, found: str = "") -> Optional[str]:
        replacement = self._replacement(found, phrase)
        return (
            self._suggestions.get(phrase)
            or self.spec.suggestion
            or (f'Write "{replacement}".' if replacement else None)
        )

    def fix_for(self, span: Span, found: str, phrase: str) -> Optional[Fix]:
        replacement = self._replacement(found, phrase)
        if replacement is None or self.spec.fix == "none":
            return None
        applicability = Applicability.SAFE if self.spec.fix == "safe" else Applicability.UNSAFE
        return Fix(
            f'Replace "{found}" with "{replacement}"', (Edit(span, replacement),), applicability
        )
