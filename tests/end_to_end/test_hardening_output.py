"""Output that cannot be turned against CI, and plugins that hang or end their process
(issue 16, items 14 and 8).

A pull request chooses file names and file text, and both reach every output: a line
break there must not start a GitHub workflow command (the runner obeys
``::add-mask::...`` at the start of any line of standard output or standard error, and
``##[add-mask]...`` anywhere), and an ESC sequence must not hide the rest of a
terminal's output. A plugin rule that hangs, calls ``os._exit`` or raises
``SystemExit`` must cost one file, named with the rule, never the run's output.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest
from conftest import TESTS, memory_limit

# -- item 14: control characters and workflow commands -----------------------------

#: File names a pull request can add, each trying a workflow command or a terminal trick.
NEWLINE_NAME = "a\n::error file=README.md::pwned.txt"
RETURN_NAME = "b\r::add-mask::secret.txt"
COMMAND_NAME = "::warning::top.txt"
INDENTED_NAME = "  ::notice::spaced.txt"
OLD_COMMAND_NAME = "##[add-mask]old.txt"
SEPARATOR_NAME = "c\u2028::error::sep\x85.txt"
UNREADABLE_NAME = "e\n::add-mask::unreadable.txt"
#: What file text puts into finding contexts: a transcript id and a macro key; and into
#: findings' speakers: an agent's name.
SESSION = "customer name\r::warning::hi \x1b[8m hidden\x9b2J \u2029 ##[add-mask]x"
KEY = "refund\r::error::key\x1b[8m"
AGENT = "Dana\n::error::agent\x1b[8m\u2028##[add-mask]y"

#: What a terminal or a log reader may act on; none may reach any output raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# The GitHub runner reads its input a line at a time, as .NET's ReadLine splits it.
_LINES = re.compile("\r\n|\r|\n")


def _hostile_tree(write) -> None:
    for name in (
        NEWLINE_NAME,
        RETURN_NAME,
        COMMAND_NAME,
        INDENTED_NAME,
        OLD_COMMAND_NAME,
        SEPARATOR_NAME,
    ):
        write(name, "It seems so.\n")
    write(UNREADABLE_NAME, b"It seems \xff\n")
    session = json.dumps(
        {"session_id": SESSION, "turns": [{"role": "agent", "agent": AGENT, "text": "Probably."}]}
    )
    write("t.jsonl", session + "\n")
    write("m.yml", f"{json.dumps(KEY)}:\n  body: It seems so.\n")


def _workflow_command(line: str) -> Optional[Tuple[str, Dict[str, str], str]]:
    """A line as the GitHub runner reads it (ActionCommand.TryParseV2): the command,
    its properties and its data, unescaped as the runner unescapes them; or None."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    name, _, listed = message[2:end].partition(" ")
    properties = {}
    for item in listed.strip().split(","):
        key, _, value = item.partition("=")
        if key and value:
            for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
                value = value.replace(escaped, char)
            properties[key] = value.replace("%25", "%")
    data = message[end + 2 :]
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        data = data.replace(escaped, char)
    return name, properties, data


def _harmless(output: str, *, commands: Sequence[str] = ()) -> None:
    """Nothing in ``output`` for a terminal or a CI runner to act on: no raw control
    character, and no line a runner reads as a command, but the ``commands`` the format
    writes itself (then every line is one: a runner reads it as that, and never looks
    for an old-style "##[" command in it)."""
    assert _CONTROL.findall(output) == []
    for line in _LINES.split(output.rstrip("\n")):
        command = _workflow_command(line)
        if commands:
            assert command is not None and command[0] in commands, line
        else:
            assert command is None and "##[" not in line, line


def _formats() -> List[str]:
    from chatlint.formatters import OUTPUT_FORMATS

    return sorted(OUTPUT_FORMATS)


@pytest.mark.parametrize("output_format", _formats())
def test_no_output_format_lets_a_name_or_a_quote_act_on_a_terminal_or_ci(cli, write, output_format):
    _hostile_tree(write)
    run = cli(["check", "--output-format", output_format, "."])
    assert run.exit_code == 2, run
    commands = ("error", "warning", "notice") if output_format == "github" else ()
    _harmless(run.stdout, commands=commands)
    _harmless(run.stderr)
    # Standard error stays one line per problem, each of them chatlint's own.
    lines = run.stderr.splitlines()
    assert lines and all(line.startswith("chatlint: ") for line in lines), run.stderr
    assert sum("unreadable.txt" in line for line in lines) == 1


def test_text_output_writes_control_characters_out_and_names_stay_recognisable(cli, write):
    _hostile_tree(write)
    run = cli(["check", "--output-format", "text", "."])
    assert "a\\n::error file=README.md::pwned.txt:1:1: CL101 " in run.stdout
    assert "b\\r::add-mask::secret.txt:1:1:" in run.stdout
    # A name that would start a line with a command starts it with "\x3a:" instead.
    assert "\\x3a:warning::top.txt:1:1:" in run.stdout
    assert "  \\x3a:notice::spaced.txt:1:1:" in run.stdout
    assert "##\\x5badd-mask]old.txt:1:1:" in run.stdout
    assert "c\\u2028::error::sep\\x85.txt:1:1:" in run.stdout
    assert "[conversation customer name\\r::warning::hi \\x1b[8m hidden\\x9b2J" in run.stdout
    assert "[refund\\r::error::key\\x1b[8m.body]" in run.stdout
    assert "chatlint: error: e\\n::add-mask::unreadable.txt: " in run.stderr


def test_json_sarif_and_gitlab_stay_valid_and_give_back_the_exact_names(cli, write):
    _hostile_tree(write)
    named = {NEWLINE_NAME, RETURN_NAME, COMMAND_NAME, INDENTED_NAME, OLD_COMMAND_NAME}
    named |= {SEPARATOR_NAME, "t.jsonl", "m.yml"}
    items = json.loads(cli(["check", "--output-format", "json", "."]).stdout)
    assert {item["filename"] for item in items} == named
    contexts = {item["context"] for item in items} - {None}
    assert contexts == {f"conversation {SESSION}, turn 1", f"{KEY}.body"}
    assert [item["speaker"] for item in items if "speaker" in item] == [{"name": AGENT}]

    log = json.loads(cli(["check", "--output-format", "sarif", "."]).stdout)
    messages = [result["message"]["text"] for result in log["runs"][0]["results"]]
    assert len(messages) == len(items)
    (notification,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith(f"{UNREADABLE_NAME}: ")

    issues = json.loads(cli(["check", "--output-format", "gitlab", "."]).stdout)
    assert {issue["location"]["path"] for issue in issues} == named


def test_junit_gives_back_the_exact_names_and_quotes(cli, write):
    _hostile_tree(write)
    report = ElementTree.fromstring(cli(["check", "--output-format", "junit", "."]).stdout)
    files = {case.get("file") for case in report.iter("testcase")}
    assert {NEWLINE_NAME, RETURN_NAME, SEPARATOR_NAME, UNREADABLE_NAME} <= files
    failures = [failure.text or "" for failure in report.iter("failure")]
    # A carriage return comes back as one, not as the line feed a raw one is read as;
    # ESC, which XML cannot hold at all, is written out.
    assert any("customer name\r::warning::hi \\x1b[8m hidden\x9b2J \u2029" in f for f in failures)
    assert any(f.startswith(f"{NEWLINE_NAME}:1:1: CL101 ") for f in failures)
    assert all("\nhelp: " in failure for failure in failures)


def test_github_annotations_carry_the_real_names_and_nothing_else(cli, write):
    _hostile_tree(write)
    run = cli(["check", "--output-format", "github", "."])
    lines = _LINES.split(run.stdout.rstrip("\n"))
    commands = [_workflow_command(line) for line in lines]
    assert None not in commands, run.stdout
    files = {command[1].get("file") for command in commands if command is not None}
    assert {NEWLINE_NAME, RETURN_NAME, COMMAND_NAME, OLD_COMMAND_NAME, UNREADABLE_NAME} <= files
    data = " ".join(command[2] for command in commands if command is not None)
    # GitHub's escaping gives the carriage return back; ESC and C1 are written out.
    assert "[conversation customer name\r::warning::hi \\x1b[8m hidden\\x9b2J \\u2029" in data


def test_an_esc_sequence_in_a_file_does_not_hide_a_terminals_output(tmp_path):
    """At a terminal (a pseudo-terminal here) click passes ESC sequences through."""
    (tmp_path / "m.yml").write_text(f"{json.dumps(KEY)}:\n  body: It seems so.\n")
    output = _at_a_terminal([sys.executable, "-m", "chatlint", "check", "m.yml"], tmp_path)
    assert b"CL101" in output
    assert b"\x1b[8m" not in output and b"\x9b" not in output
    assert b"\\x1b[8m" in output


def _at_a_terminal(command: List[str], cwd: Path) -> bytes:
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    chunks = []
    try:
        while True:
            if not select.select([main], [], [], 60)[0]:  # a run this small never takes that
                process.kill()
                break
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: the process has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        process.wait(timeout=60)
    return b"".join(chunks)


def test_a_config_error_naming_a_hostile_key_stays_one_line(cli, write):
    write(".chatlint.toml", 'select = ["CL1"]\n"x\\r::add-mask::y\\u001b[8m" = 1\n')
    write("a.txt", "It seems so.\n")
    run = cli(["check", "a.txt"])
    assert run.exit_code == 2
    _harmless(run.stderr)
    assert len(run.stderr.splitlines()) == 1 and run.stderr.startswith("chatlint: error: ")


# -- item 8: plugins that hang or end their process --------------------------------

HOSTILE_PLUGIN = TESTS / "fixtures" / "hostile-plugin"
#: chatlint's command line with a file's time cut to a second (and a stopped rule's
#: grace with it), so a test of a rule that hangs takes seconds, not the default ten.
_CHATLINT_QUICK_CLOCK = (
    "import chatlint.runner as runner; runner.FILE_SECONDS = runner.STOP_SECONDS = 1.0; "
    "from chatlint.cli import run; run()"
)
#: A run that has not ended by then hangs.
_TIMEOUT = 120
_MEMORY = 3 * 1024  # MB, for the child only


def _chatlint(
    args: Sequence[str], cwd: Path, *, plugin: bool = True
) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if plugin:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(HOSTILE_PLUGIN), env.get("PYTHONPATH")])
        )
    return subprocess.run(
        [sys.executable, "-c", _CHATLINT_QUICK_CLOCK, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        preexec_fn=memory_limit(_MEMORY),
    )


def _many_files(tmp_path: Path, triggers: Dict[int, str], count: int = 44) -> None:
    """``count`` replies, each with a CL101 finding; reply N says ``triggers[N]`` too."""
    for number in range(count):
        trigger = f" We {triggers[number]} now." if number in triggers else ""
        (tmp_path / f"m{number:02}.txt").write_text(f"It seems so.{trigger}\n")


def _reported(stdout: str) -> List[str]:
    return sorted({item["filename"] for item in json.loads(stdout)})


@pytest.mark.parametrize(
    "word, error",
    [
        ("crash", "rule XX102 (exits-on-purpose) ended the process linting this file"),
        ("quit", "rule XX103 (quits-on-purpose) failed: SystemExit: 0"),
        ("stall", "rule XX101 (stalls-on-purpose) failed: TimeoutError: still running after"),
        ("spin", "rule XX104 (spins-on-purpose) did not stop when this file's time was up"),
    ],
)
def test_a_plugin_that_ends_or_hangs_its_worker_costs_one_file_named_with_the_rule(
    tmp_path, word, error
):
    _many_files(tmp_path, {7: word, 30: word})
    run = _chatlint(["check", "--jobs", "2", "--output-format", "json", "."], tmp_path)
    assert run.returncode == 2, run.stderr
    errors = run.stderr.splitlines()
    assert len(errors) == 2, run.stderr
    for line, name in zip(errors, ["m07.txt", "m30.txt"]):
        assert line.startswith(f"chatlint: error: {name}: {error}"), run.stderr
    # Every other file is linted and reported; a stopped rule leaves its file's other
    # findings, a file whose process ended has none.
    others = [f"m{number:02}.txt" for number in range(44) if number not in (7, 30)]
    kept = ["m07.txt", "m30.txt"] if word == "stall" else []
    assert _reported(run.stdout) == sorted(others + kept)


def test_the_same_run_without_the_plugin_reports_the_same_other_files(tmp_path):
    """The files after a worker ended come back exactly as a run without the plugin
    gives them: nothing lost, nothing twice, in order."""
    _many_files(tmp_path, {3: "crash", 20: "crash", 41: "crash"})
    hostile = _chatlint(["check", "--jobs", "2", "--output-format", "json", "."], tmp_path)
    plain = _chatlint(
        ["check", "--jobs", "2", "--output-format", "json", "."], tmp_path, plugin=False
    )
    crashed = {"m03.txt", "m20.txt", "m41.txt"}
    expected = [item for item in json.loads(plain.stdout) if item["filename"] not in crashed]
    assert json.loads(hostile.stdout) == expected
    assert len(hostile.stderr.splitlines()) == 3


def test_a_file_named_with_a_line_break_is_named_when_its_worker_ends(tmp_path):
    _many_files(tmp_path, {})
    (tmp_path / "n\n::add-mask::x.txt").write_text("We crash now.\n")
    run = _chatlint(["check", "--jobs", "2", "--output-format", "json", "."], tmp_path)
    assert run.stderr == (
        "chatlint: error: n\\n::add-mask::x.txt: rule XX102 (exits-on-purpose) ended the "
        "process linting this file; nothing else is reported for it\n"
    )
    assert _reported(run.stdout) == [f"m{number:02}.txt" for number in range(44)]


def test_a_run_in_one_process_stops_a_hanging_rule_and_survives_system_exit(tmp_path):
    _many_files(tmp_path, {1: "stall", 2: "quit", 3: "stall"}, count=6)
    run = _chatlint(["check", "--jobs", "1", "--output-format", "json", "."], tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == [
        "chatlint: error: m01.txt: rule XX101 (stalls-on-purpose) failed: TimeoutError: "
        "still running after 1 s on this file; stopped",
        "chatlint: error: m02.txt: rule XX103 (quits-on-purpose) failed: SystemExit: 0 "
        "(a rule cannot end the run; nothing else is reported for this file)",
        "chatlint: error: m03.txt: rule XX101 (stalls-on-purpose) failed: TimeoutError: "
        "still running after 1 s on this file; stopped",
    ]
    assert _reported(run.stdout) == ["m00.txt", "m01.txt", "m03.txt", "m04.txt", "m05.txt"]
