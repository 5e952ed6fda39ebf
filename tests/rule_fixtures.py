"""Reading the per-rule fixture files in ``tests/fixtures/rules/CODE.txt``.

A fixture file is a list of cases. Each starts with a header line::

    --- flag "I think" "maybe"     the rule must report exactly these texts, in order
    --- flag                       the rule must report at least once
    --- ok                         the rule must report nothing
    --- ok kind=article            a case can set the message kind

(a line break inside an expected text is written ``\n``)
and the case's message is every line up to the next header. Lines starting with
``#`` before the first header are comments.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@dataclass(frozen=True)
class Case:
    code: str
    line: int
    flagged: bool
    expected: Optional[Tuple[str, ...]]
    text: str
    kind: str = "chat"

    @property
    def id(self) -> str:
        return f"{self.code}:{self.line}:{'flag' if self.flagged else 'ok'}"


def load_cases(code: str) -> List[Case]:
    path = FIXTURES / f"{code}.txt"
    cases: List[Case] = []
    header: Optional[Tuple[int, str]] = None
    body: List[str] = []

    def close() -> None:
        if header is None:
            return
        line, words = header[0], shlex.split(header[1])
        verdict, *rest = words
        options = dict(word.split("=", 1) for word in rest if "=" in word)
        # A line break inside an expected text is written \n.
        texts = tuple(word.replace("\\n", "\n") for word in rest if "=" not in word)
        if verdict not in ("flag", "ok"):
            raise ValueError(f"{path}:{line}: a header is '--- flag' or '--- ok', not {verdict!r}")
        text = "\n".join(body).strip("\n")
        if not text.strip():
            raise ValueError(f"{path}:{line}: empty case")
        cases.append(
            Case(
                code,
                line,
                verdict == "flag",
                texts or None if verdict == "flag" else None,
                text,
                options.get("kind", "chat"),
            )
        )

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("--- "):
            close()
            header, body = (number, line[4:]), []
        elif header is not None:
            body.append(line)
    close()
    return cases
