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
Patterns are bounded: one too long or too large to compile, or that runs away on the
load-time probes, is a configuration error that names the file, the rule and the
pattern; one that runs past its time limit on a message is reported once and not run
for the rest of the run, never a hang.
"""

from __future__ import annotations

import functools
import re
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

from chatlint.errors import ConfigError, RuleStopped
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
#: The most characters a pattern may have, and may stand for once its counted repeats
#: are written out ("a{1000}" stands for 1,000): the `regex` engine writes them out
#: when it compiles a pattern, at a few hundred bytes each, so "a{1000000000}" took
#: every byte of memory before any file was read. Far above any pattern a team writes.
MAX_PATTERN_LENGTH = 10_000
MAX_PATTERN_SIZE = 100_000
#: The deepest groups may nest: the engine's parser recurses into each.
MAX_PATTERN_DEPTH = 50
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
        matches = _rule_files(pattern, root, where)
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


def _rule_files(pattern: str, root: Path, where: str) -> List[Path]:
    """The files an ``extend-rules`` entry names: a path or a glob, relative to ``root``
    (the config's folder) or absolute."""
    if not any(char in pattern for char in "*?["):
        return [root / pattern]
    base, relative = root, pattern
    if Path(pattern).is_absolute():  # pathlib globs only below a folder: the drive's root
        base = Path(Path(pattern).anchor)
        relative = str(Path(pattern).relative_to(base))
    try:
        return sorted(base.glob(relative))
    except (ValueError, NotImplementedError, OSError) as error:  # "a**/b.toml", say
        raise ConfigError(
            f"'extend-rules' has '{pattern}', which is not a usable glob: {error}", where
        ) from error


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
    # Measured before it is compiled: compiling is what takes the memory.
    if len(spec.pattern) > MAX_PATTERN_LENGTH:
        raise ConfigError(
            f"{label}: pattern {_shown(spec.pattern)} is {len(spec.pattern):,} characters "
            f"long (at most {MAX_PATTERN_LENGTH:,}); a list of words is an existence rule's "
            "'phrases'",
            spec.source,
        )
    size, depth = pattern_size(spec.pattern)
    if size > MAX_PATTERN_SIZE:
        raise ConfigError(
            f"{label}: pattern {_shown(spec.pattern)} is too large to compile: with its "
            f"counted repeats written out it stands for {_count(size)} characters (at most "
            f"{MAX_PATTERN_SIZE:,}); use smaller counts, or '+' and '*'",
            spec.source,
        )
    if depth > MAX_PATTERN_DEPTH:
        raise ConfigError(
            f"{label}: pattern {_shown(spec.pattern)} nests groups {depth} deep (at most "
            f"{MAX_PATTERN_DEPTH})",
            spec.source,
        )
    import regex  # only teams that declare pattern rules pay for importing it

    try:
        compiled = _compile(spec.pattern, spec.case_sensitive)
    # The engine says ValueError for flags that cannot go together ("(?V0V1)"), and
    # runs out of stack or memory on what the limits above do not foresee.
    except (regex.error, ValueError, OverflowError, RecursionError, MemoryError) as error:
        raise ConfigError(
            f"{label}: invalid pattern {_shown(spec.pattern)}: {error or type(error).__name__}",
            spec.source,
        ) from error
    for probe in _PROBES:
        try:
            for _ in compiled.finditer(probe, timeout=PATTERN_TIMEOUT):
                pass
        except TimeoutError as error:
            raise ConfigError(
                (
                    f"{label}: pattern {_shown(spec.pattern)} runs away (catastrophic "
                    "backtracking); simplify it"
                ),
                spec.source,
            ) from error


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, case_sensitive: bool) -> "regex.Pattern[str]":
    # The `regex` engine, for its timeouts: a team's pattern must not hang a run.
    import regex

    return regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)


def _shown(pattern: str) -> str:
    """The pattern as a message quotes it: a long one cut short."""
    return repr(pattern) if len(pattern) <= 80 else repr(pattern[:60]) + "..."


def _count(size: int) -> str:
    return f"{size:,}" if size < _HUGE else f"more than {_HUGE:,}"


#: Sizes are not counted past this (a pattern is far too large long before).
_HUGE = 10**15
# A counted repeat, as the engine reads one: "{3}", "{3,}", "{,5}", "{3,5}" ("{}" and
# "{ 3}" are text).
_COUNTED = re.compile(r"\{([0-9]*)(,[0-9]*)?\}")
# An inline flag group: "(?x)", "(?i-x:". Flags are letters, and V0/V1.
_FLAGS = re.compile(r"\(\?[a-zA-Z0-9-]+[:)]")
_POSIX_CLASS = re.compile(r"\[:\^?\w+:\]")


def pattern_size(pattern: str) -> Tuple[int, int]:
    """How many parts ``pattern`` has with its counted repeats written out, at least
    (``a{1000}`` has 1,000; ``(ab){3}`` has 9, a group counting one), and how deeply
    it nests groups.

    Only the smallest count of a repeat is written out (``a{2,1000}`` stands for 2,
    ``a{0,1000}`` for 1): that is what the engine's memory grows with. A class
    (``[a-z]``) or an escape counts as one character; the branches of ``|`` add up.
    The pattern is read the ways the engine may read it (verbose, nested character
    sets) and the largest answer taken, so white space and comments in a verbose
    pattern cannot hide a repeat.
    """
    flags = "".join(_FLAGS.findall(pattern))
    nested_sets = "V1" in flags
    size, depth = _measure(pattern, nested_sets)
    if "x" in flags:  # verbose: white space and "#" comments between its parts are layout
        compact_size, compact_depth = _measure(_without_layout(pattern, nested_sets), nested_sets)
        size, depth = max(size, compact_size), max(depth, compact_depth)
    return size, depth


def _measure(pattern: str, nested_sets: bool) -> Tuple[int, int]:
    enclosing: List[int] = []  # the size so far of each group around the current one
    total = 0  # the size so far of the current group
    last = 0  # the size of the last part, which a repeat after it repeats
    depth = 0
    index, end = 0, len(pattern)
    while index < end:
        char = pattern[index]
        if char == "(" and pattern.startswith("(?#", index):  # a comment
            close = pattern.find(")", index)
            index = end if close == -1 else close + 1
            continue
        if char == "(":
            enclosing.append(total)
            total = last = 0
            depth = max(depth, len(enclosing))
            index += 1
            continue
        if char == ")" and enclosing:
            last = total + 1
            total = enclosing.pop() + last
            index += 1
            continue
        if char == "{":
            counted = _COUNTED.match(pattern, index)
            if counted is not None and (counted.group(1) or counted.group(2)):
                least = counted.group(1) if counted.group(2) is None else counted.group(1) or "0"
                # More digits than this are far past any limit (and int() refuses 4,300).
                times = max(int(least) if len(least) <= 15 else _HUGE, 1)
                total = min(total + last * (times - 1), _HUGE)
                last = min(last * times, _HUGE)
                index = counted.end()
                continue
        if char in "*+?":  # repeats at least once at most: nothing more to write out
            index += 1
            continue
        if char == "|":
            last = 0
            index += 1
            continue
        if char == "\\":
            index += 2
        elif char == "[":
            index = _set_end(pattern, index, nested_sets) or index + 1
        else:
            index += 1
        total += 1
        last = 1
    while enclosing:  # unclosed groups (the engine refuses them)
        total += enclosing.pop()
    return total, depth


def _set_end(pattern: str, start: int, nested_sets: bool) -> Optional[int]:
    """Where the character set opening at ``start`` ends (after its "]"), or ``None``
    when it does not end (the engine refuses it)."""
    index = start + 1
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):  # a "]" first is one of the characters
        index += 1
    depth = 1
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            posix = _POSIX_CLASS.match(pattern, index)  # "[:alpha:]" is one part
            if posix is not None:
                index = posix.end()
                continue
            if nested_sets:
                depth += 1
        elif char == "]":
            depth -= 1
            if not depth:
                return index + 1
        index += 1
    return None


def _without_layout(pattern: str, nested_sets: bool) -> str:
    """``pattern`` read as a verbose one: without white space and ``#`` comments
    outside character sets."""
    kept: List[str] = []
    index, end = 0, len(pattern)
    while index < end:
        char = pattern[index]
        if char == "\\":
            kept.append(pattern[index : index + 2])
            index += 2
        elif char == "[":
            close = _set_end(pattern, index, nested_sets) or index + 1
            kept.append(pattern[index:close])
            index = close
        elif char == "#":
            newline = pattern.find("\n", index)
            index = end if newline == -1 else newline + 1
        else:
            if not char.isspace():
                kept.append(char)
            index += 1
    return "".join(kept)


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
            "fix_safety": spec.fix if spec.fix != "none" else "safe",
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
        # Set once the pattern has run past its time on a message: the load-time probes
        # missed a text it backtracks on, and such texts repeat (ten thousand replies
        # from one template), so it is not run again: one time limit per run, not per file.
        self._ran_away = False

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
        if self._ran_away:
            raise self._stopped()
        try:
            spans = [
                Span(*match.span())
                for match in self._pattern.finditer(message.prose.text, timeout=PATTERN_TIMEOUT)
            ]
        except TimeoutError as error:
            self._ran_away = True
            raise self._stopped() from error
        for span in spans:
            if span.start < span.end:
                yield span, normalize(message.text[span.start : span.end])

    def _stopped(self) -> RuleStopped:
        spec = self.spec
        return RuleStopped(
            f"rule {spec.code} ({spec.name}) of {spec.source}: pattern {_shown(spec.pattern)} "
            f"ran longer than {PATTERN_TIMEOUT} s on a message in this file (catastrophic "
            "backtracking), so it is not run for the rest of this run; simplify it",
            code=spec.code,
        )

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
