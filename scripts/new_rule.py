"""Start a new built-in rule: its module, its phrase list, its fixture and its entry point.

    python scripts/new_rule.py CL303 over-promising \\
        --summary "Promises the team cannot keep" --phrase "we guarantee" --phrase "i promise"

writes ``rules/over_promising.py`` (a phrase rule, in preview, with its documentation
to fill in), ``rules/over_promising.toml`` (the phrases and a suggestion),
``tests/fixtures/rules/CL303.txt`` (a first flagged and a first clean case) and the
entry point in ``pyproject.toml``. Run from a checkout, chatlint reads its rules from
``pyproject.toml``, so the rule runs at once, with no reinstall:
``python -m chatlint check --select CL303 -``. Nothing is written when a file or the
code or name is already taken. What is left to do is printed at the end.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chatlint.phrases import normalize  # noqa: E402
from chatlint.rule import CODE_PATTERN, NAME_PATTERN  # noqa: E402

GROUP_HEADER = '[project.entry-points."chatlint.rules"]'

MODULE = '''"""{summary}.

## What it does
TODO(new_rule): say what the rule flags, with examples of the wording, and what it leaves alone.

## Why is this bad?
TODO(new_rule): say how the customer reads it, in the words of the guidance it comes from.

## Example
```text
{example}
```

Use instead:
```text
{instead}
```
"""

from __future__ import annotations

from chatlint.phrase_rule import PhraseRule
from chatlint.toml_files import data_beside


class {class_name}(PhraseRule):
    code = "{code}"
    name = "{name}"
    summary = "{summary}"
    # New rules start in preview, off by default, until their precision is measured
    # on real text they were not tuned on (see scripts/evaluate.py).
    preview = True
    data = data_beside(__file__)
    template = '"{{text}}" {message}'
'''

DATA = """# {code} {name}. Keep the list in alphabetical order.

suggestion = "{suggestion}"

phrases = [
{phrases}
]
"""

FIXTURE = """# {code} {name}.
--- flag "{flagged}"
{example}
--- ok
{instead}
"""


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def class_name(name: str) -> str:
    return "".join(part.title() for part in name.split("-"))


def module_name(name: str) -> str:
    return name.replace("-", "_")


def with_entry_point(pyproject: str, code: str, target: str) -> str:
    """``pyproject`` with ``code = "target"`` added to the rules' entry points, in code order."""
    lines = pyproject.splitlines(keepends=True)
    try:
        start = next(index for index, line in enumerate(lines) if line.strip() == GROUP_HEADER)
    except StopIteration:
        raise SystemExit(f"new_rule: error: pyproject.toml has no {GROUP_HEADER} table") from None
    entry = re.compile(r"^([A-Z]+[0-9]+)\s*=")
    position = start + 1
    while position < len(lines) and entry.match(lines[position]):
        if entry.match(lines[position]).group(1) > code:
            break
        position += 1
    lines.insert(position, f'{code} = "{target}"\n')
    return "".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("code", help="the rule's code, such as CL303")
    parser.add_argument("name", help="the rule's kebab-case name, such as over-promising")
    parser.add_argument(
        "--summary", required=True, help="one line, no full stop: what the rule flags"
    )
    parser.add_argument(
        "--phrase", action="append", required=True, help="a phrase to flag (repeatable)"
    )
    parser.add_argument(
        "--message",
        default="reads badly",
        help='the finding\'s message after the quoted words (default: "reads badly")',
    )
    parser.add_argument(
        "--suggestion",
        default="TODO(new_rule): say what to write instead.",
        help="what to write instead",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    code, name, summary = options.code, options.name, options.summary.strip()
    problems: List[str] = []
    if not CODE_PATTERN.fullmatch(code) or not code.startswith("CL"):
        problems.append(f"{code!r} is not a chatlint code (CL and digits, like CL303)")
    if not NAME_PATTERN.fullmatch(name):
        problems.append(f"{name!r} is not a kebab-case name (like over-promising)")
    if not summary or summary.endswith("."):
        problems.append("the summary is one line with no full stop at the end")
    phrases = sorted({normalize(phrase) for phrase in options.phrase if normalize(phrase)})
    if not phrases:
        problems.append("give at least one --phrase")
    root: Path = options.root
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    if re.search(rf"^{code}\s*=", pyproject, re.M):
        problems.append(f"{code} is already registered in pyproject.toml")
    module = module_name(name)
    files = {
        root / "rules" / f"{module}.py": None,
        root / "rules" / f"{module}.toml": None,
        root / "tests" / "fixtures" / "rules" / f"{code}.txt": None,
    }
    problems += [f"{path.relative_to(root)} already exists" for path in files if path.exists()]
    if any(
        re.search(rf'^name = "{re.escape(name)}"$', path.read_text(encoding="utf-8"), re.M)
        for path in (root / "rules").glob("*.py")
    ):
        problems.append(f"a rule is already named {name}")
    if problems:
        for problem in problems:
            print(f"new_rule: error: {problem}", file=sys.stderr)
        return 2

    first = phrases[0]
    example = f"{first[:1].upper()}{first[1:]}, it will be there tomorrow."
    instead = "It will be there tomorrow."
    values = dict(
        code=code,
        name=name,
        summary=summary,
        class_name=class_name(name),
        example=example,
        instead=instead,
        message=options.message.replace('"', "'"),
        suggestion=_quoted(options.suggestion),
        phrases="\n".join(f'  "{_quoted(phrase)}",' for phrase in phrases),
        flagged=example[: len(first)],
    )
    texts = [MODULE.format(**values), DATA.format(**values), FIXTURE.format(**values)]
    for path, text in zip(files, texts):
        path.write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        with_entry_point(pyproject, code, f"chatlint_rules.{module}:{class_name(name)}"),
        encoding="utf-8",
    )

    print(
        f"Wrote rules/{module}.py, rules/{module}.toml, tests/fixtures/rules/{code}.txt "
        "and its entry point in pyproject.toml."
    )
    print(f"It runs now: echo {example!r} | python -m chatlint check --select {code} -")
    print("Left to do:")
    print(
        f"  - write the documentation in rules/{module}.py (the TODO(new_rule) lines) "
        f"and the suggestion in rules/{module}.toml;"
    )
    print(
        f"  - grow tests/fixtures/rules/{code}.txt to 10 flagged and 10 clean cases, "
        "from real text;"
    )
    print("  - python scripts/sync_readme.py, to add the rule to the README's table;")
    print(
        "  - measure it on text it was not tuned on (scripts/evaluate.py) "
        "before taking it out of preview."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
