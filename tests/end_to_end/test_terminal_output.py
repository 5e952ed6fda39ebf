"""At the terminal: the `full` output with the text under each finding, colour when it
helps and never when it does not, and what `--fix` could do, said in the summary."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

SAMPLE = (
    "It seems your order shipped. PLEASE WAIT!!!\n"
    "\tYour \u4e2d\u6587 \U0001f600 order is probably late.\n"
)


def test_full_output_underlines_each_finding_as_a_terminal_shows_it(cli, write):
    write("reply.txt", SAMPLE)
    result = cli(["check", "--output-format", "full", "reply.txt"])
    assert result.exit_code == 1
    assert result.stdout == (
        'reply.txt:1:1: CL101 Hedging: "It seems" makes the reply sound unsure\n'
        "  |\n"
        "1 | It seems your order shipped. PLEASE WAIT!!!\n"
        "  | ^^^^^^^^\n"
        '  = help: State it directly, or say what you are doing to confirm it ("Let me check '
        'that for you").\n'
        "\n"
        'reply.txt:1:30: CL404 "PLEASE WAIT" in capitals reads as shouting\n'
        "  |\n"
        "1 | It seems your order shipped. PLEASE WAIT!!!\n"
        "  |                              ^^^^^^^^^^^\n"
        '  = help: Write "please wait" in normal case and let the wording carry the emphasis.\n'
        "\n"
        'reply.txt:1:41: CL404 [*] "!!!" reads as shouting\n'
        "  |\n"
        "1 | It seems your order shipped. PLEASE WAIT!!!\n"
        "  |                                         ^^^\n"
        '  = help: Use a single "!".\n'
        "\n"
        # The tab is four columns; the two Chinese characters and the emoji two each.
        'reply.txt:2:21: CL101 Hedging: "probably" makes the reply sound unsure\n'
        "  |\n"
        "2 |     Your \u4e2d\u6587 \U0001f600 order is probably late.\n"
        "  |                           ^^^^^^^^\n"
        '  = help: State it directly, or say what you are doing to confirm it ("Let me check '
        'that for you").\n'
        "\n"
        "Found 4 problems in 1 file.\n"
        "[*] 1 fixable with `--fix` (3 more with `--unsafe-fixes`).\n"
    )


def test_full_output_cuts_a_long_line_around_the_finding(cli, write):
    write("reply.txt", "Thanks. " * 30 + "It seems it shipped. " + "Bye now. " * 30 + "\n")
    lines = cli(["check", "--output-format", "full", "reply.txt"]).stdout.splitlines()
    shown, carets = lines[2], lines[3]
    assert shown.startswith("1 | \u2026") and shown.endswith("\u2026")
    assert len(shown) <= 4 + 102
    assert shown[carets.index("^") : carets.rindex("^") + 1] == "It seems"


def test_concise_output_marks_what_fix_fixes_and_the_summary_counts_it(cli, write):
    write("reply.txt", SAMPLE)
    result = cli(["check", "--output-format", "concise", "reply.txt"])
    assert 'reply.txt:1:41: CL404 [*] "!!!" reads as shouting' in result.stdout.splitlines()
    assert result.stdout.endswith(
        "Found 4 problems in 1 file.\n[*] 1 fixable with `--fix` (3 more with `--unsafe-fixes`).\n"
    )
    after_fix = cli(["check", "--fix", "reply.txt"]).stdout
    assert after_fix.endswith("(1 fixed).\n3 fixable with `--fix --unsafe-fixes`.\n")


def test_colour_only_when_asked_or_at_a_terminal(cli, write, monkeypatch):
    write("reply.txt", SAMPLE)
    assert "\x1b[" not in cli(["check", "reply.txt"]).stdout  # a pipe: no colour
    assert "\x1b[1;31mCL101\x1b[0m" in cli(["check", "--color", "always", "reply.txt"]).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in cli(["check", "reply.txt"]).stdout
    assert "\x1b[" not in cli(["check", "--color", "never", "reply.txt"]).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in cli(["check", "reply.txt"]).stdout


def test_at_a_real_terminal_the_default_is_full_output_in_colour(tmp_path: Path):
    (tmp_path / "reply.txt").write_text(SAMPLE, encoding="utf-8")
    text = _in_a_terminal(tmp_path, ["reply.txt"], {}, stdout_too=True)
    assert "\x1b[1;31mCL101\x1b[0m" in text
    assert "1 | It seems your order shipped." in text  # the full output's source line


def _in_a_terminal(tmp_path: Path, args, env_extra, stdout_too: bool = False) -> str:
    """What chatlint writes to a real terminal (a pty): its standard error, and its
    standard output too with ``stdout_too``."""
    leader, follower = pty.openpty()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CI", "NO_COLOR", "FORCE_COLOR")
    }
    env.update(TERM="xterm-256color", **env_extra)
    process = subprocess.Popen(
        [sys.executable, "-m", "chatlint", "check", *args],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=follower if stdout_too else subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    return output.decode("utf-8")


def _many_files(tmp_path: Path) -> None:
    for number in range(200):
        (tmp_path / f"reply{number:03}.txt").write_text("Your order ships on Monday.\n")


def test_a_long_run_at_a_terminal_shows_how_far_it_has_got(tmp_path: Path):
    _many_files(tmp_path)
    shown = _in_a_terminal(tmp_path, ["--jobs", "1", "."], {"CHATLINT_PROGRESS_AFTER": "0"})
    # A count now and then (every 32 files, at most ten times a second), then cleared.
    assert re.search(r"\rchecked \d+ files\u2026", shown) and shown.endswith("\r\x1b[K")


def test_no_progress_in_ci_logs_or_when_a_run_is_quick(tmp_path: Path):
    _many_files(tmp_path)
    assert "checked" not in _in_a_terminal(tmp_path, ["."], {})  # quicker than a second
    in_ci = {"CI": "true", "CHATLINT_PROGRESS_AFTER": "0"}
    assert "checked" not in _in_a_terminal(tmp_path, ["."], in_ci)
