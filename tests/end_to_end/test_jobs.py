"""--jobs: a process pool gives byte-identical, sorted output."""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys

import pytest
from conftest import on_pythonpath, write_plugin


def test_parallel_output_is_identical_to_serial(cli, write):
    phrases = ["Probably.", "Sorry for any inconvenience.", "Thanks!!", "All good.", "It seems so."]
    rng = random.Random(7)
    for index in range(60):
        write(
            f"d{index % 7}/m{index:03}.txt", " ".join(rng.choice(phrases) for _ in range(4)) + "\n"
        )
    serial = cli(["check", "--output-format", "json", "."])
    parallel = cli(["check", "--output-format", "json", "--jobs", "2", "."])
    assert serial.stdout == parallel.stdout and serial.exit_code == parallel.exit_code == 1
    assert cli(["check", "--jobs", "auto", "."]).stdout == cli(["check", "."]).stdout


def test_bad_jobs_value(cli):
    result = cli(["check", "--jobs", "zero", "-"], input="x")
    assert result.exit_code == 2 and "--jobs" in result.stderr


def _default_linter():
    """A linter with the installed rules and the config of the current directory."""
    from chatlint.linter import Linter
    from chatlint.run_config import load_run_config

    return Linter(load_run_config())


def test_a_pool_fed_by_a_walk_still_going_gives_every_outcome_in_order(
    write, tmp_path, monkeypatch
):
    """Files stream from the walk into the pool past the look-ahead that sizes chunks."""
    from chatlint import runner
    from chatlint.discovery import collect_targets

    monkeypatch.setattr(runner, "MAX_CHUNK", 2)  # look-ahead of 32 files; 90 stream after it
    for index in range(120):
        write(f"d{index % 5}/m{index:03}.txt", "Probably." if index % 3 == 0 else "All good.")
    monkeypatch.chdir(tmp_path)
    linter = _default_linter()
    walked = (target for target in collect_targets(["."], linter.config))
    work = runner.Work()
    outcomes = list(runner.run(linter, walked, work, jobs=2))
    assert [outcome.result.path for outcome in outcomes] == sorted(
        f"d{i % 5}/m{i:03}.txt" for i in range(120)
    )
    flagged = [outcome.result.path for outcome in outcomes if outcome.result.findings]
    assert flagged == sorted(f"d{i % 5}/m{i:03}.txt" for i in range(0, 120, 3))
    serial = list(runner.run(linter, collect_targets(["."], linter.config), work, jobs=1))
    assert [(o.result.path, o.result.findings) for o in serial] == [
        (o.result.path, o.result.findings) for o in outcomes
    ]


def test_the_walk_yields_files_in_the_order_of_their_paths_as_strings(write, tmp_path, monkeypatch):
    """Sorted per directory as it goes, with a directory's name counting as "name/":
    'b-x.txt' < 'b.txt' < 'b/c.txt' < 'b0.txt', as sorting the whole paths would give."""
    from chatlint.discovery import collect_targets
    from chatlint.run_config import RunConfig
    from chatlint.settings import Settings

    names = [
        "b0.txt",
        "b/c.txt",
        "b.txt",
        "b-x.txt",
        "B.txt",
        "b/a/z.txt",
        "b/a.txt",
        "a b.txt",
        "ä.txt",
    ]
    for name in names:
        write(name, "Hello.")
    monkeypatch.chdir(tmp_path)
    displays = [
        target.display for target in collect_targets(["."], RunConfig(Settings(root=tmp_path)))
    ]
    assert displays == sorted(names)


def test_a_pool_asked_for_files_with_something_to_show_sends_back_only_those(
    write, tmp_path, monkeypatch
):
    """``keep_clean=False`` (what the CLI asks for, except for JUnit): clean files never
    come back from the workers, and the rest keep their order."""
    from chatlint import runner
    from chatlint.discovery import collect_targets

    for index in range(80):
        write(f"d{index % 4}/m{index:03}.txt", "Probably." if index % 5 == 0 else "All good.")
    write("d0/broken.txt", b"caf\xe9 probably")
    monkeypatch.chdir(tmp_path)
    linter = _default_linter()
    work = runner.Work()
    for jobs in (1, 2):
        outcomes = list(
            runner.run(linter, collect_targets(["."], linter.config), work, jobs, keep_clean=False)
        )
        expected = sorted([f"d{i % 4}/m{i:03}.txt" for i in range(0, 80, 5)] + ["d0/broken.txt"])
        assert [outcome.result.path for outcome in outcomes] == expected, jobs
        assert all(outcome.result.findings or outcome.result.error for outcome in outcomes)


def test_files_are_shown_under_their_normalized_path_however_the_directory_is_spelled(
    write, tmp_path, monkeypatch
):
    import os

    from chatlint.discovery import collect_targets
    from chatlint.run_config import RunConfig
    from chatlint.settings import Settings

    write("a/x.txt", "Hello.")
    write("a/b/y.txt", "Hello.")
    monkeypatch.chdir(tmp_path)
    for spelled in (
        ".",
        "./",
        "a",
        "a/",
        "./a//",
        "a/../a",
        str(tmp_path / "a"),
        str(tmp_path / "a") + "/",
    ):
        targets = list(collect_targets([spelled], RunConfig(Settings(root=tmp_path))))
        assert len(targets) == 2 and all(
            target.display == os.path.normpath(target.path) for target in targets
        ), spelled


COUNTING_PLUGIN = '''"""Flags the word zebra, and notes each process that builds it."""

import os

from chatlint.rule import Rule
from chatlint.violation import Span


class Zebra(Rule):
    code = "XJ101"
    name = "zebra-word"
    summary = "The word zebra"

    def __init__(self, options=None):
        super().__init__(options)
        with open(os.environ["BUILT_IN"], "a") as built:
            built.write(f"{os.getpid()}\\n")

    def check(self, message):
        at = message.text.find("zebra")
        if at >= 0:
            yield self.violation(Span(at, at + 5))
'''


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers are forked only where fork is"
)
def test_forked_workers_use_the_rules_the_run_built_before_they_started(tmp_path):
    plugins = tmp_path / "plugins"
    write_plugin(plugins, "counting_plugin", "XJ101 = counting_plugin:Zebra", COUNTING_PLUGIN)
    replies = tmp_path / "replies"
    for index in range(48):
        (replies / f"d{index % 4}").mkdir(parents=True, exist_ok=True)
        (replies / f"d{index % 4}" / f"m{index:02}.txt").write_text(
            "A zebra.\n" if index % 2 else "All good.\n"
        )
    built = tmp_path / "built.txt"
    env = {
        **os.environ,
        "PYTHONPATH": on_pythonpath(plugins),
        "BUILT_IN": str(built),
    }

    def check(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "chatlint", "check", "--output-format", "json", *options, "."],
            cwd=replies,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    parallel = check("--jobs", "2")
    assert len(built.read_text().split()) == 1  # built once, before the workers started
    serial = check("--jobs", "1")
    assert parallel.stdout == serial.stdout and parallel.returncode == serial.returncode == 1
    assert parallel.stdout.count("XJ101") == 24
