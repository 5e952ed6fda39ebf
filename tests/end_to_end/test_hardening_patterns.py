"""Hostile patterns, globs, HTML and limits (issue 16, items 2-5 and 15): a team's
pattern that would compile to gigabytes, one that backtracks on real text, globs that
backtrack, HTML the standard parser reads in quadratic time, and limits that make no
sense. Each is a one-line error (exit 2) or is simply read, never a hang.

A case that used to hang or eat memory runs chatlint in a child process, with a
timeout and a limit on the child's address space (never on the test process).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import List, Optional

import pytest
from conftest import HEDGE, run_chatlint
from hypothesis import given
from hypothesis import strategies as st

from chatlint import globs
from chatlint.declarative import pattern_size


def _pattern_rule(pattern: str, name: str = "house-pattern") -> str:
    return (
        "[[rule]]\n"
        'code = "ACME1"\n'
        f'name = "{name}"\n'
        'kind = "pattern"\n'
        "message = 'Matched \"{text}\"'\n"
        f"pattern = {json.dumps(pattern)}\n"
    )


def _errors(stderr: str) -> List[str]:
    return [line for line in stderr.splitlines() if line.startswith("chatlint: error: ")]


# -- 2. Patterns that compile to gigabytes -------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "a{1000000000}",  # took 23 GB
        "(?:(?:a{1000}){1000}){1000}",  # nested counted repeats multiply
        "(?:ab|cd){200000,}",  # the smallest count is what is written out
        "(?x) a {1 000 000 000}  # verbose: spaces and comments inside the count",
        "(?x) (?: a ) # a comment between a group and its count\n {1000000000}",
    ],
)
def test_a_pattern_too_large_to_compile_is_a_config_error(tmp_path, pattern):
    (tmp_path / "style.toml").write_text(_pattern_rule(pattern), encoding="utf-8")
    (tmp_path / ".chatlint.toml").write_text('extend-rules = ["style.toml"]\n', encoding="utf-8")
    (tmp_path / "reply.txt").write_text("It seems so.\n", encoding="utf-8")
    run = run_chatlint(["check", "reply.txt"], tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""  # failed as config, before any file was read
    [error] = run.stderr.splitlines()
    assert error.startswith("chatlint: error: ") and "style.toml: rule ACME1: pattern" in error
    assert "is too large to compile" in error and "(at most 100,000)" in error


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(" * 300 + "a" + ")" * 300, "nests groups 300 deep (at most 50)"),  # RecursionError
        ("x" * 20_000, "is 20,000 characters long (at most 10,000)"),
        ("(?V0V1)a", "invalid pattern '(?V0V1)a': VERSION0 and VERSION1"),  # ValueError
    ],
)
def test_other_patterns_the_engine_cannot_compile_are_config_errors(cli, write, pattern, problem):
    write("style.toml", _pattern_rule(pattern))
    write(".chatlint.toml", 'extend-rules = ["style.toml"]\n')
    result = cli(["check", "-"], input="It seems so.")
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert "style.toml: rule ACME1: " in error and problem in error
    assert "internal error" not in error


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bacme\s?#?\s?\d{6}\b",
        r"[A-Z]{2}-\d{4}-\d{4}-\d{4}",
        r"(?x) \b acme \s? \d{6} \b  # an order number",
        r"(?:ticket|case)\s+#?\d{3,10}",
        r"[[:alpha:]]{2,}\d{1,5}",
    ],
)
def test_patterns_teams_write_are_still_accepted(cli, write, pattern):
    write("style.toml", _pattern_rule(pattern))
    write(".chatlint.toml", 'extend-rules = ["style.toml"]\n')
    assert cli(["check", "-"], input="Order acme 123456 is here.").exit_code in (0, 1)


def test_the_size_of_a_pattern_is_its_counted_repeats_written_out():
    assert pattern_size("(ab){3}c") == (10, 1)  # a group counts one more: 3 x 3 + 1
    assert pattern_size("a{2,1000}") == (2, 0)  # only the smallest count is written out
    assert pattern_size("a{0,1000}|b") == (2, 0)
    assert pattern_size("[a{1000}]") == (1, 0)  # inside a set, braces are characters
    assert pattern_size(r"\{1000}") == (6, 0)  # an escaped brace, then text
    assert pattern_size(r"\{{1000}") == (1000, 0)  # an escaped brace, repeated
    assert pattern_size("a{}b{ 5}") == (8, 0)  # not counts: text


# -- 3. Patterns that backtrack on real text ------------------------------------------------


@pytest.fixture
def runaway_tree(tmp_path):
    """Forty replies on which '(b|bb)+c' backtracks, after five it matches quickly."""
    (tmp_path / "style.toml").write_text(_pattern_rule("(b|bb)+c"), encoding="utf-8")
    (tmp_path / ".chatlint.toml").write_text('extend-rules = ["style.toml"]\n', encoding="utf-8")
    tree = tmp_path / "replies"
    tree.mkdir()
    for number in range(5):
        (tree / f"a{number}.txt").write_text("Your code is bbc.\n", encoding="utf-8")
    for number in range(40):
        text = "It seems " + "b" * 40 + "! And bbc.\n"  # passes the load-time probes
        (tree / f"b{number:02}.txt").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pattern_that_runs_away_is_reported_once_and_not_run_again(runaway_tree, jobs):
    run = run_chatlint(["check", "--jobs", jobs, "replies"], runaway_tree, timeout=120)
    assert run.returncode == 2
    # Once, at the first file, naming the rule, its file and the pattern; it cost each
    # of forty files its time limit and its findings before.
    assert _errors(run.stderr) == [
        "chatlint: error: replies/b00.txt: rule ACME1 (house-pattern) of "
        f"{runaway_tree / 'style.toml'}: pattern '(b|bb)+c' ran longer than 0.25 s on a "
        "message in this file (catastrophic backtracking), so it is not run for the rest of "
        "this run; simplify it"
    ]
    lines = run.stdout.splitlines()
    # Every file's other findings stay; the rule's own before it ran away too.
    assert sum(1 for line in lines if HEDGE in line) == 40
    assert [line.split(":")[0] for line in lines if " ACME1 " in line] == [
        f"replies/a{number}.txt" for number in range(5)
    ]
    assert lines[-1] == "Found 45 problems in 45 files; 1 file with errors."


def test_a_run_that_stops_a_pattern_reports_what_a_run_in_one_process_does(runaway_tree):
    one = run_chatlint(["check", "--jobs", "1", "replies"], runaway_tree, timeout=120)
    many = run_chatlint(["check", "--jobs", "3", "replies"], runaway_tree, timeout=120)
    assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr)


# -- 4. Globs that backtrack ----------------------------------------------------------------


def test_an_exclude_glob_that_backtracks_on_a_long_name_does_not_hang_the_walk(tmp_path):
    (tmp_path / ".chatlint.toml").write_text(
        'extend-exclude = ["*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n'
        '[per-file-ignores]\n"*a*a*a*a*a*a*a*a*a*a*a*a*b" = ["CL101"]\n',
        encoding="utf-8",
    )
    name = "a" * 100 + ".txt"  # the regular expression tried every way to share it out
    (tmp_path / name).write_text("It seems so.\n", encoding="utf-8")
    run = run_chatlint(["check", "."], tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines()[0] == f"{name}:1:1: {HEDGE}"


def test_many_double_stars_do_not_hang_a_deep_walk(tmp_path):
    (tmp_path / ".chatlint.toml").write_text(
        'extend-exclude = ["' + "**/" * 12 + 'x"]\n', encoding="utf-8"
    )
    deep = tmp_path.joinpath(*["d"] * 30)
    deep.mkdir(parents=True)
    (deep / "reply.txt").write_text("It seems so.\n", encoding="utf-8")
    (deep / "x").mkdir()
    (deep / "x" / "hidden.txt").write_text("It seems so.\n", encoding="utf-8")
    run = run_chatlint(["check", "."], tmp_path)
    assert run.returncode == 1
    assert [line.split(":")[0] for line in run.stdout.splitlines() if HEDGE in line] == [
        "/".join(["d"] * 30 + ["reply.txt"])
    ]


def test_a_glob_with_many_wildcards_keeps_its_meaning(tmp_path):
    (tmp_path / ".chatlint.toml").write_text(
        'extend-exclude = ["**/drafts/**/*.old*.txt", "*-*-*-*.txt"]\n', encoding="utf-8"
    )
    for name in ("kb/drafts/a/b/reply.old1.txt", "kb/drafts/reply.old.txt", "a-b-c-d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("It seems so.\n", encoding="utf-8")
    for name in ("kb/drafts/reply.txt", "kb/draft/x/reply.old.txt", "a-b-c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("It seems so.\n", encoding="utf-8")
    run = run_chatlint(["check", "--show-files", "."], tmp_path)
    assert run.stdout.splitlines() == [
        "a-b-c.txt",
        "kb/draft/x/reply.old.txt",
        "kb/drafts/reply.txt",
    ]


def _reference(patterns: List[str], path: str, last: bool = False) -> bool:
    """What a glob set matched before: one regular expression per sort of glob, tried
    on each name, and on the path and each directory above it (``last``: on the last
    name and the whole path only)."""
    named, anchored = [], []
    for pattern in patterns:
        stripped = pattern.strip().rstrip("/")
        stripped = stripped[2:] if stripped.startswith("./") else stripped
        if "/" in stripped:
            anchored.append(globs.glob_to_regex(stripped.lstrip("/")))
        else:
            named.append(globs.glob_to_regex(stripped))
    parts = [part for part in path.split("/") if part and part != "."]

    def one(expressions: List[str]) -> Optional["re.Pattern[str]"]:
        return re.compile("|".join(f"(?:{e})" for e in expressions)) if expressions else None

    name_expression, path_expression = one(named), one(anchored)
    names = parts[-1:] if last else parts
    if name_expression is not None and any(name_expression.fullmatch(p) for p in names):
        return True
    ends = range(len(parts), len(parts) - 1 if last else 0, -1)
    return path_expression is not None and any(
        path_expression.fullmatch("/".join(parts[:end])) for end in ends if end > 0
    )


_GLOB_PARTS = ["a", "b", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "[/]", ".", "\n", "./"]
_PATH_PARTS = ["a", "b", "ab", "/", ".", "\n", "ba"]


@pytest.mark.parametrize("automata", ["as needed", "always"])
@given(
    patterns=st.lists(
        st.lists(st.sampled_from(_GLOB_PARTS), min_size=1, max_size=6).map("".join),
        min_size=1,
        max_size=3,
    ),
    paths=st.lists(
        st.lists(st.sampled_from(_PATH_PARTS), max_size=8).map("".join), min_size=1, max_size=5
    ),
)
def test_globs_match_exactly_what_their_regular_expressions_match(automata, patterns, paths):
    if any(not pattern.strip().rstrip("/") for pattern in patterns):
        return  # an empty glob is an error either way
    original = globs._backtracks
    if automata == "always":
        globs._backtracks = lambda parts: True  # every glob through the automaton
    try:
        matcher = globs.GlobSet(patterns)
    finally:
        globs._backtracks = original
    for path in paths:
        assert matcher.matches(path) == _reference(patterns, path), path
        assert matcher.matches_last(path) == _reference(patterns, path, last=True), path


# -- 5. HTML that parses in quadratic time --------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<a " * 30_000,  # 90 KB took minutes: every "<" looked for a ">" to the end
        "<a b" * 25_000,
        "<!--x>" * 100_000,  # comments that never close, with ">" after each
        "<![cdata[x>" * 150_000,
        "</a" * 300_000,
    ],
)
def test_html_markup_that_never_closes_is_read_in_linear_time(tmp_path, markup):
    # A page is read as an article, where only first-person doubt is CL101's.
    page = "<p>As far as I know, yes.</p>\n" + markup
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    macros = {"macros": [{"title": "x", "content_html": page}]}  # Freshdesk's *_html
    (tmp_path / "macros.json").write_text(json.dumps(macros), encoding="utf-8")
    run = run_chatlint(["check", "page.html", "macros.json"], tmp_path)
    assert _errors(run.stderr) == []
    assert run.returncode == 1
    column = json.dumps(macros).index("As far as I know") + 1
    hedge = 'CL101 Hedging: "As far as I know" makes the reply sound unsure'
    assert [line for line in run.stdout.splitlines() if hedge in line] == [
        f"macros.json:1:{column}: {hedge} [macros[0].content_html]",
        f"page.html:1:4: {hedge}",
    ]


def test_markup_left_open_reads_as_its_text(cli, write):
    write("page.html", "<p>We are here.</p> <b>Thanks &amp; more</b> <a href=x As far as I know")
    result = cli(["check", "--output-format", "json", "page.html"])
    assert [finding["code"] for finding in json.loads(result.stdout)] == ["CL101"]


# -- 15. Limits that make no sense, and absolute rule globs -------------------------------


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            "[rules.long-sentence]\nmax-words = 0",
            "'rules.long-sentence.max-words' must be at least 1, not 0",
        ),
        (
            "[rules.long-sentence]\nmax-words = -5",
            "'rules.long-sentence.max-words' must be at least 1, not -5",
        ),
        (
            "[rules.long-message]\nmax-words-chat = -1",
            "'rules.long-message.max-words-chat' must be at least 0, not -1",
        ),
        ("[rules.CL404]\nmin-letters = -1", "'rules.CL404.min-letters' must be at least 0, not -1"),
    ],
)
def test_limits_below_what_makes_sense_are_config_errors(cli, write, table, problem):
    write(".chatlint.toml", table + "\n")
    result = cli(["check", "-"], input="Thanks!")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"chatlint: error: {Path('.chatlint.toml').resolve()}: {problem}"
    ]


def test_zero_still_means_no_limit_where_it_does(cli, write):
    write(".chatlint.toml", "[rules.long-message]\nmax-words-chat = 0\n")
    assert cli(["check", "-"], input="We will fix it today. " * 40).exit_code == 0


def test_extend_rules_takes_an_absolute_glob(cli, write, tmp_path):
    write("shared/house.toml", _pattern_rule(r"\bticket\b"))
    write(
        "team/.chatlint.toml",
        f"extend-rules = [{json.dumps(str(tmp_path / 'shared') + '/*.toml')}]\n",
    )
    write("team/reply.txt", "Your ticket is open.\n")
    result = cli(["check", "team/reply.txt"])
    assert result.exit_code == 1, result.stderr
    assert 'team/reply.txt:1:6: ACME1 Matched "ticket"' in result.stdout


def test_an_extend_rules_glob_pathlib_cannot_use_is_a_config_error(cli, write):
    write(".chatlint.toml", 'extend-rules = ["**a/*.toml"]\n')
    result = cli(["check", "-"], input="x")
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert "'extend-rules' has '**a/*.toml', which is not a usable glob" in error
    assert "internal error" not in error
