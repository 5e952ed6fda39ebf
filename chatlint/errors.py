"""Errors that end in a one-line message and exit status 2, never a traceback."""

from __future__ import annotations

import enum
from typing import Iterable, Optional, Tuple, Type


class ExitStatus(enum.IntEnum):
    """What ``chatlint`` exits with."""

    SUCCESS = 0
    FINDINGS = 1
    ERROR = 2


class ChatlintError(Exception):
    """A problem the user can fix: bad config, bad input, a broken plugin.

    ``where`` names the file (and, where it helps, the key or line) the problem is in.
    """

    def __init__(self, problem: str, where: Optional[str] = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}" if self.where else self.problem

    def __reduce__(self) -> Tuple[Type[ChatlintError], Tuple[str, Optional[str]]]:
        # Errors travel back from worker processes: keep ``where`` across pickling.
        return (type(self), (self.problem, self.where))


class ConfigError(ChatlintError):
    """The configuration is malformed: unreadable TOML, an unknown key, a wrong type."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'select'?)" when one of ``known`` is close to ``word``: most
    unknown names in a config are typos of a known one."""
    by_folded = {name.lower(): name for name in known}
    import difflib  # only when a name is wrong: it costs every run 1 ms to import

    close = difflib.get_close_matches(word.lower(), by_folded, n=1, cutoff=0.6)
    return f" (did you mean '{by_folded[close[0]]}'?)" if close else ""


class InputError(ChatlintError):
    """A file to lint cannot be read as text."""


class PluginError(ChatlintError):
    """A rule package is broken: it fails to import or declares a bad rule."""


class RuleFailure(ChatlintError):
    """A rule raised an exception: a bug in the rule, reported without a traceback."""


class RuleStopped(RuleFailure):
    """A rule stopped itself for the rest of the run, because what it was given cannot
    work (a team's pattern that ran past its time limit), and says so in its own words.

    It raises this for every file after that, at no cost, so a file whose report shows
    another error does not hide it; a run shows it once, at the first file, and none
    of the rule's findings after that file, however many processes ran the rule.
    """

    def __init__(self, problem: str, where: Optional[str] = None, code: str = "") -> None:
        super().__init__(problem, where)
        #: The code of the rule that stopped.
        self.code = code

    def __reduce__(  # type: ignore[override]  # one more argument than its base's
        self,
    ) -> Tuple[Type[RuleStopped], Tuple[str, Optional[str], str]]:
        return (type(self), (self.problem, self.where, self.code))
