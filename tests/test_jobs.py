"""--jobs: a process pool gives byte-identical, sorted output."""

from __future__ import annotations

import random


def test_parallel_output_is_identical_to_serial(cli, write):
    phrases = ["Maybe.", "Sorry for any inconvenience.", "Thanks!!", "All good.", "I think so."]
    rng = random.Random(7)
    for index in range(60):
        write(f"d{index % 7}/m{index:03}.txt", " ".join(rng.choice(phrases) for _ in range(4)) + "\n")
    serial = cli(["check", "--output-format", "json", "."])
    parallel = cli(["check", "--output-format", "json", "--jobs", "2", "."])
    assert serial.stdout == parallel.stdout and serial.exit_code == parallel.exit_code == 1
    assert cli(["check", "--jobs", "auto", "."]).stdout == cli(["check", "."]).stdout


def test_bad_jobs_value(cli):
    result = cli(["check", "--jobs", "zero", "-"], input="x")
    assert result.exit_code == 2 and "--jobs" in result.stderr
