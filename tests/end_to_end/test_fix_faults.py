"""--fix under faults: killed before the rename, two runs at once, files vanishing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from chatlint import runner

FIXABLE = "Please wait!!! Your order has not shipped yet!!\n"
FIXED = "Please wait! Your order has not shipped yet!\n"


def _python(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not hasattr(os, "kill"), reason="needs os.kill")
def test_killed_between_write_and_rename_leaves_the_original(tmp_path):
    target = tmp_path / "reply.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    run = _python(
        """
        import os, signal, sys
        # Die the moment the fixed file would be renamed over the original.
        os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
        sys.argv = ["chatlint", "check", "--fix", "reply.txt"]
        from chatlint.cli import main
        main()
        """,
        tmp_path,
    )
    assert run.returncode == -9
    assert target.read_text(encoding="utf-8") == FIXABLE
    leftovers = [path.name for path in tmp_path.iterdir() if path.name != "reply.txt"]
    assert all(
        name.startswith(".reply.txt.") and name.endswith(".chatlint-tmp") for name in leftovers
    )
    # The next run fixes the file and is not confused by the leftover.
    again = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--fix", "reply.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert target.read_text(encoding="utf-8") == FIXED


def test_two_fix_runs_at_once_leave_every_file_whole(tmp_path):
    for number in range(60):
        (tmp_path / f"r{number:02d}.txt").write_text(FIXABLE * (1 + number % 5), encoding="utf-8")
    command = [sys.executable, "-m", "chatlint", "check", "--fix", "--jobs", "1", "."]
    first = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    second = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    for process in (first, second):
        _, errors = process.communicate(timeout=120)
        assert process.returncode in (0, 1), errors
    for number in range(60):
        text = (tmp_path / f"r{number:02d}.txt").read_text(encoding="utf-8")
        assert text in (FIXABLE * (1 + number % 5), FIXED * (1 + number % 5))
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".chatlint-tmp")]


def test_a_file_deleted_during_the_run_is_reported_and_the_rest_linted(cli, write, monkeypatch):
    write("a.txt", "It seems so.\n")
    doomed = write("b.txt", "Probably.\n")
    write("c.txt", "It seems so.\n")
    real = runner.process

    def process(linter, target, work):
        if target.display == "a.txt":
            doomed.unlink()  # gone after the walk listed it
        return real(linter, target, work)

    monkeypatch.setattr(runner, "process", process)
    result = cli(["check", "--jobs", "1", "."])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: b.txt: no such file\n"
    assert sorted(
        {line.split(":")[0] for line in result.stdout.splitlines() if line.endswith("unsure")}
    ) == ["a.txt", "c.txt"]
