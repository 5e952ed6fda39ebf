"""Path globs for ``exclude`` and ``per-file-ignores``, with gitignore-like anchoring.

A glob without a slash matches a file or directory name anywhere in the tree
(``node_modules``, ``*.draft.txt``). A glob with a slash matches a path relative to the
configuration's directory (``macros/legacy/**``); ``**`` spans any number of
directories. A directory that matches covers everything below it.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, NamedTuple, Optional, Sequence, Set, Tuple

from chatlint.errors import ConfigError


class GlobError(ValueError):
    """A glob that cannot be compiled."""


def glob_to_regex(pattern: str) -> str:
    """Translate one glob into a regular expression over ``/``-separated paths."""
    return _joined(_parts(pattern))


# The parts of a glob. The regular expression each stands for says what the glob means;
# :class:`_Automaton` matches exactly that, without backtracking.
_CHAR = "char"  # the character itself
_ONE = "one"  # "?": any character but "/"
_SET = "set"  # "[...]": a character class
_STAR = "star"  # "*": any characters but "/"
_ANY = "any"  # "**": any characters but a line break (as "." in an expression)
_DIRS = "dirs"  # "**/": nothing, or any characters (but a line break) up to a "/"
_EXPRESSIONS = {_ONE: "[^/]", _STAR: "[^/]*", _ANY: ".*", _DIRS: "(?:.*/)?"}


def _expression(kind: str, text: str) -> str:
    if kind == _CHAR:
        return re.escape(text)
    return text if kind == _SET else _EXPRESSIONS[kind]


def _parts(pattern: str) -> List[Tuple[str, str]]:
    """The glob's parts: (kind, the character or the class's expression)."""
    out: List[Tuple[str, str]] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append((_DIRS, ""))
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append((_ANY, ""))
            index += 2
            continue
        if char == "*":
            out.append((_STAR, ""))
        elif char == "?":
            out.append((_ONE, ""))
        elif char == "[":
            close = pattern.find(
                "]", index + 2 if pattern[index + 1 : index + 2] in ("!", "^") else index + 1
            )
            if close == -1:
                raise GlobError(f"unclosed '[' in glob {pattern!r}")
            body = pattern[index + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append((_SET, "[" + body.replace("\\", "\\\\") + "]"))
            index = close
        elif char == "]":
            raise GlobError(f"unmatched ']' in glob {pattern!r}")
        else:
            out.append((_CHAR, char))
        index += 1
    return out


def _backtracks(parts: Sequence[Tuple[str, str]]) -> bool:
    """Whether the regular expression engine may take too long over this glob.

    It tries the ways to share a path out between the glob's wildcards, about n^k
    steps for k of them. Two "*" (in a name, at most 255 characters) or one "**" and
    one "*" stay within about a million; more may take minutes
    (``*a*a*a*a*a*a*a*a*a*a*a*a*b`` against a long name, or many "**/"). A "**" at
    the end counts for nothing in a path without a line break (the only paths these
    expressions see): it takes the rest of the path at the first try.
    """
    if parts and parts[-1][0] == _ANY:
        parts = parts[:-1]  # a "**" at the end takes the rest of a path at once
    stars = sum(1 for kind, _ in parts if kind == _STAR)
    spans = sum(1 for kind, _ in parts if kind in (_ANY, _DIRS))
    return not ((spans == 0 and stars <= 2) or (spans == 1 and stars <= 1))


#: What a state of :class:`_Automaton` takes: a character equal to ``text`` (``_IS``),
#: any character but ``text`` (``_NOT``), one its class matches (``_IN``), or none
#: (``_NONE``: it only leads on without a character).
_IS, _NOT, _IN, _NONE = range(4)


class _Automaton:
    """One glob matched a character at a time, in every state it can be in at once:
    the regular expression of :func:`glob_to_regex` without backtracking, so time is
    linear in the path whatever the glob. Each set of states met is numbered, with the
    set each character takes it to, so most characters of a walk cost one lookup.
    """

    __slots__ = ("_kinds", "_values", "_loops", "_closures", "_steps", "_lock", "_needs")

    #: Sets of states kept before starting afresh (memory stays small whatever the paths).
    MAX_SETS = 2_000
    _DEAD = 1  # the number of the empty set: no way left to match

    def __init__(self, parts: Sequence[Tuple[str, str]]) -> None:
        kinds: List[int] = []
        values: List[Any] = []
        loops: List[bool] = []  # taking a character stays in the state ("*", "**")
        skips: List[Tuple[int, ...]] = []  # states reached without a character
        for kind, text in parts:
            here = len(kinds)
            if kind == _DIRS:  # a choice (skip it, or go in), a ".*" loop, then a "/"
                kinds.extend((_NONE, _NOT, _IS))
                values.extend(("", "\n", "/"))
                loops.extend((False, True, False))
                skips.extend(((here + 1, here + 3), (here + 2,), ()))
                continue
            if kind == _CHAR:
                kinds.append(_IS)
                values.append(text)
            elif kind == _SET:
                kinds.append(_IN)
                values.append(re.compile(text).fullmatch)
            else:
                kinds.append(_NOT)
                values.append("\n" if kind == _ANY else "/")
            loops.append(kind in (_STAR, _ANY))
            skips.append((here + 1,) if kind in (_STAR, _ANY) else ())
        skips.append(())  # the accepting state, numbered len(kinds)
        # The longest run of plain characters: a path without it cannot match, and
        # most paths are ruled out by that one search ("/drafts/" in the path).
        runs = "".join(text if kind == _CHAR else "\0" for kind, text in parts).split("\0")
        self._needs = max(runs, key=len)
        self._kinds = kinds
        self._values = values
        self._loops = loops
        self._closures = [_closure(state, skips) for state in range(len(skips))]
        self._steps = _Steps(self._closures[0], len(kinds))
        # Numbering a new set is not atomic; a program may share a config between threads.
        self._lock = threading.Lock()

    def _current_steps(self) -> _Steps:
        steps = self._steps
        if len(steps.sets) > self.MAX_SETS:  # a match under way keeps the one it has
            steps = self._steps = _Steps(self._closures[0], len(self._kinds))
        return steps

    def fullmatch(self, text: str) -> bool:
        if self._needs not in text:
            return False
        steps = self._current_steps()
        moves = steps.moves
        current = 0
        for char in text:
            following = moves[current].get(char)
            current = self._move(steps, current, char) if following is None else following
            if current == self._DEAD:
                return False
        return steps.accepting[current]

    def matches_above(self, path: str) -> bool:
        """Whether the glob matches ``path`` or a directory above it (``path`` has no
        empty parts): :meth:`fullmatch` of each, in one pass."""
        if self._needs not in path:
            return False
        steps = self._current_steps()
        moves = steps.moves
        accepting = steps.accepting
        current = 0
        for char in path:
            if char == "/" and accepting[current]:
                return True
            following = moves[current].get(char)
            current = self._move(steps, current, char) if following is None else following
            if current == self._DEAD:
                return False
        return accepting[current]

    def _move(self, steps: _Steps, number: int, char: str) -> int:
        accept = len(self._kinds)
        reached: Set[int] = set()
        for state in steps.sets[number]:
            if state == accept:
                continue  # nothing follows
            kind = self._kinds[state]
            value = self._values[state]
            if kind == _IS:
                taken = char == value
            elif kind == _NOT:
                taken = char != value
            elif kind == _IN:
                taken = value(char) is not None
            else:
                continue  # the choice in "**/" takes no character itself
            if taken:
                reached |= self._closures[state if self._loops[state] else state + 1]
        with self._lock:
            following = steps.number(frozenset(reached))
            steps.moves[number][char] = following
        return following


class _Steps:
    """The sets of states an :class:`_Automaton` has met, numbered (the start is 0, the
    empty set 1), with the set each character takes each one to."""

    __slots__ = ("sets", "numbers", "moves", "accepting", "_accept")

    def __init__(self, start: FrozenSet[int], accept: int) -> None:
        self.sets: List[FrozenSet[int]] = []
        self.numbers: Dict[FrozenSet[int], int] = {}
        self.moves: List[Dict[str, int]] = []
        self.accepting: List[bool] = []
        self._accept = accept
        self.number(start)
        self.number(frozenset())

    def number(self, states: FrozenSet[int]) -> int:
        number = self.numbers.get(states)
        if number is None:
            # Appended before it is numbered: a reader never finds a number with no set.
            self.sets.append(states)
            self.moves.append({})
            self.accepting.append(self._accept in states)
            number = self.numbers[states] = len(self.sets) - 1
        return number


def _closure(state: int, skips: Sequence[Tuple[int, ...]]) -> FrozenSet[int]:
    """``state`` and every state reached from it without a character."""
    seen = {state}
    pending = [state]
    while pending:
        for following in skips[pending.pop()]:
            if following not in seen:
                seen.add(following)
                pending.append(following)
    return frozenset(seen)


class _Matchers(NamedTuple):
    """Globs of one sort (names, or paths from the root): those the regular expression
    engine matches quickly as one expression, the others as automata."""

    expression: Optional["re.Pattern[str]"]
    automata: Tuple[_Automaton, ...]

    @classmethod
    def of(cls, globs: Sequence[Sequence[Tuple[str, str]]], line_break: bool) -> _Matchers:
        """Matchers of ``globs`` for paths without a line break, or (``line_break``) with
        one, where "." stops and "**" may backtrack: the automata take every glob."""
        slow = [parts for parts in globs if line_break or _backtracks(parts)]
        fast = [parts for parts in globs if not (line_break or _backtracks(parts))]
        return cls(_compile([_joined(parts) for parts in fast]), tuple(map(_Automaton, slow)))

    def fullmatch(self, text: str) -> bool:
        if self.expression is not None and self.expression.fullmatch(text) is not None:
            return True
        return any(automaton.fullmatch(text) for automaton in self.automata)


class GlobSet:
    """Globs compiled into one pattern, matched against relative POSIX paths.

    A glob the regular expression engine could take minutes over (:func:`_backtracks`)
    is matched by an :class:`_Automaton` instead; the others, nearly all, by the one
    expression, which is faster.
    """

    __slots__ = (
        "patterns", "_named", "_anchored", "_name_expression", "_path_expression", "_slow",
        "_parts", "_with_line_breaks",
    )  # fmt: skip

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        anchored: List[List[Tuple[str, str]]] = []
        named: List[List[Tuple[str, str]]] = []
        for pattern in self.patterns:
            stripped = pattern.strip()
            if not stripped:
                raise GlobError("empty glob")
            stripped = stripped.rstrip("/")
            if stripped.startswith("./"):
                stripped = stripped[2:]
            if "/" in stripped:
                anchored.append(_parts(stripped.lstrip("/")))
            else:
                named.append(_parts(stripped))
        # All of them as one expression each, as before: that is what checks them,
        # whichever way each is then matched.
        for globs in (named, anchored):
            _compile([_joined(parts) for parts in globs])
        self._named = _Matchers.of(named, line_break=False)
        self._anchored = _Matchers.of(anchored, line_break=False)
        # The fast way, held apart: a walk asks :meth:`matches_last` of every entry.
        self._name_expression = self._named.expression
        self._path_expression = self._anchored.expression
        self._slow = bool(self._named.automata or self._anchored.automata)
        self._parts = (named, anchored)
        self._with_line_breaks: Optional[Tuple[_Matchers, _Matchers]] = None

    def _matchers_with_line_breaks(self) -> Tuple[_Matchers, _Matchers]:
        """The matchers of names and of paths for a path with a line break."""
        if self._with_line_breaks is None:  # a rare path: made when first needed
            named, anchored = self._parts
            self._with_line_breaks = (
                _Matchers.of(named, line_break=True),
                _Matchers.of(anchored, line_break=True),
            )
        return self._with_line_breaks

    def matches(self, relative_path: str) -> bool:
        """True when the path, or a directory above it, matches a glob."""
        parts = [part for part in relative_path.split("/") if part and part != "."]
        plain = "\n" not in relative_path
        if plain:  # nearly every path: the expressions, held apart, first
            names, paths = self._name_expression, self._path_expression
            if names is not None and any(names.fullmatch(part) for part in parts):
                return True
            if paths is not None:
                for end in range(len(parts), 0, -1):
                    if paths.fullmatch("/".join(parts[:end])):
                        return True
            if not self._slow:
                return False
        named, anchored = (
            (self._named, self._anchored) if plain else self._matchers_with_line_breaks()
        )
        if named.automata and any(
            automaton.fullmatch(part) for automaton in named.automata for part in parts
        ):
            return True
        if anchored.automata and parts:
            joined = "/".join(parts)
            return any(automaton.matches_above(joined) for automaton in anchored.automata)
        return False

    def matches_last(self, relative_path: str) -> bool:
        """:meth:`matches` for a path whose directory is known not to match (a walk
        prunes excluded directories): only its name and the whole path are left."""
        parts = [part for part in relative_path.split("/") if part and part != "."]
        if not parts:
            return False
        if "\n" in relative_path:
            named, anchored = self._matchers_with_line_breaks()
            return named.fullmatch(parts[-1]) or anchored.fullmatch("/".join(parts))
        expression = self._name_expression
        if expression is not None and expression.fullmatch(parts[-1]):
            return True
        expression = self._path_expression
        if expression is not None and expression.fullmatch("/".join(parts)):
            return True
        if not self._slow:
            return False
        return any(glob.fullmatch(parts[-1]) for glob in self._named.automata) or any(
            glob.fullmatch("/".join(parts)) for glob in self._anchored.automata
        )

    def __bool__(self) -> bool:
        return bool(self.patterns)


def _joined(parts: Sequence[Tuple[str, str]]) -> str:
    return "".join(_expression(kind, text) for kind, text in parts)


def _compile(expressions: List[str]) -> Optional["re.Pattern[str]"]:
    if not expressions:
        return None
    try:
        return re.compile("|".join(f"(?:{expression})" for expression in expressions))
    except re.error as error:  # only reachable through a malformed character class
        raise GlobError(str(error)) from error


def compile_globs(patterns: Sequence[str], where: str) -> GlobSet:
    """Compile globs from config, turning a bad one into a :class:`ConfigError`."""
    try:
        return GlobSet(patterns)
    except GlobError as error:
        raise ConfigError(str(error), where) from error


def per_file_globs(
    table: Sequence[Tuple[str, Tuple[str, ...]]], where: str
) -> Tuple[Tuple[GlobSet, Tuple[str, ...]], ...]:
    return tuple((compile_globs([glob], where), codes) for glob, codes in table)


class RootRelative:
    """Paths relative to the project root in POSIX form, for matching config globs."""

    __slots__ = ("root", "_prefix")

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self._prefix = self.root.rstrip(os.sep) + os.sep

    def relative(self, real_path: str) -> str:
        """``real_path`` (already resolved) under the root, or as given when outside it."""
        if real_path.startswith(self._prefix):
            relative = real_path[len(self._prefix) :]
        elif real_path == self.root:
            relative = "."
        else:
            relative = real_path
        return relative.replace(os.sep, "/") if os.sep != "/" else relative

    def of(self, path: str) -> str:
        """Any path, resolved first."""
        real = os.path.realpath(path)
        if real.startswith(self._prefix) or real == self.root:
            return self.relative(real)
        return Path(path).as_posix()


def relative_to(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, for matching config globs."""
    return _root_relative(root).of(path)


@functools.lru_cache(maxsize=8)
def _root_relative(root: Path) -> RootRelative:
    return RootRelative(root)
