"""A regular expression compiled when it is first used.

Rules hold many patterns that only some messages need (the bad-news reading runs on a
reply that has bad news, which most runs never meet); compiling them all at import
cost milliseconds of every run. A :class:`LazyPattern` is written where its pattern is
defined, like ``re.compile``, and compiles on its first search. After that its methods
are the compiled pattern's own, so a search costs what it would on a compiled pattern.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Callable, Iterator, List, Match, Optional, Pattern, Union

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class LazyPattern:
    """``re.compile(source, flags)``, done on first use."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags

    def compiled(self) -> Pattern[str]:
        """The compiled pattern; from now on its methods answer for this object's."""
        pattern = re.compile(self.source, self.flags)
        # Attributes of the instance come before the class's methods: the next call
        # goes straight to the compiled pattern's method.
        vars(self).update((name, getattr(pattern, name)) for name in _METHODS)
        vars(self)["compiled"] = lambda: pattern
        return pattern

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Optional[Match[str]]:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Optional[Match[str]]:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Optional[Match[str]]:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> List[str]:
        return self.compiled().findall(string, pos, endpos)

    def sub(
        self, repl: Union[str, Callable[[Match[str]], str]], string: str, count: int = 0
    ) -> str:
        return self.compiled().sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> List[Any]:
        return self.compiled().split(string, maxsplit)
