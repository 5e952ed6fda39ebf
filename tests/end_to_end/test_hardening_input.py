"""Hostile input (issue 16, reading and walking): files that are not regular files,
folders and files that cannot be read, huge or broken JSON Lines, lone surrogates and
file names that are not UTF-8. Each is one line on standard error (exit 2) while every
other file is still linted and every output stays printable and valid.

A case that used to hang or eat memory runs chatlint in a child process, with a
timeout and a limit on the child's address space (never on the test process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEDGE, run_chatlint

from chatlint import discovery, files
from chatlint import linter as linter_module


def _chatlint(args, cwd, **options) -> subprocess.CompletedProcess:
    """``chatlint ARGS``, bounded (see conftest.run_chatlint); output as bytes."""
    return run_chatlint(args, cwd, text=False, **options)


def _conversation(session: str, text: str) -> str:
    turns = [{"role": "customer", "text": "Where is it?"}, {"role": "agent", "text": text}]
    return json.dumps({"session_id": session, "turns": turns})


def _finding_files(stdout: str):
    return sorted({line.split(":")[0] for line in stdout.splitlines() if ": CL" in line})


# -- 1. Files that are not regular files ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes or devices")
def test_devices_and_pipes_in_a_walked_folder_are_reported_not_read(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text("It seems so.\n", encoding="utf-8")
    os.symlink("/dev/zero", tree / "zero.txt")  # read, it grew memory without bound
    os.symlink("/dev/urandom", tree / "random.md")
    os.mkfifo(tree / "pipe.md")  # read, it waited for ever for a writer
    run = _chatlint(["check", "tree"], tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode().splitlines() == [
        "chatlint: error: tree/pipe.md: not a regular file (a named pipe), not linted; "
        "to lint a stream, send it to standard input ('-')",
        "chatlint: error: tree/random.md: not a regular file (a character device), not linted",
        "chatlint: error: tree/zero.txt: not a regular file (a character device), not linted",
    ]
    assert f"tree/a.txt:1:1: {HEDGE}" in run.stdout.decode()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_for_an_ignore_file_does_not_hang_the_walk(tmp_path):
    (tmp_path / "a.txt").write_text("It seems so.\n", encoding="utf-8")
    os.mkfifo(tmp_path / ".gitignore")  # read, it waited for ever for a writer
    os.symlink("/dev/zero", tmp_path / ".ignore")
    run = _chatlint(["check", "."], tmp_path, timeout=30)
    assert (run.returncode, run.stderr) == (1, b"")
    assert run.stdout.decode().startswith(f"a.txt:1:1: {HEDGE}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_named_on_the_command_line_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "draft.txt")
    (tmp_path / "good.txt").write_text("It seems so.\n", encoding="utf-8")
    run = _chatlint(["check", "draft.txt", "good.txt"], tmp_path, timeout=30)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "chatlint: error: draft.txt: not a regular file (a named pipe), not linted; "
        "to lint a stream, send it to standard input ('-')\n"
    )
    assert f"good.txt:1:1: {HEDGE}" in run.stdout.decode()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_reading_a_pipe_that_replaced_a_file_does_not_wait(tmp_path):
    """The walk checks each file, but a file can become a pipe after the check: the
    read itself opens without waiting and refuses it (in a child: it used to block)."""
    os.mkfifo(tmp_path / "draft.txt")
    code = (
        "from chatlint import files\n"
        "try:\n"
        "    files.read_file('draft.txt', 'draft.txt')\n"
        "except Exception as error:\n"
        "    print(error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert run.stdout.startswith("draft.txt: not a regular file (a named pipe), not linted")


def test_standard_input_is_still_read_as_a_stream(tmp_path):
    draft = b"It seems so.\n" + b"Thanks.\n" * 10_000  # more than a pipe holds at once
    run = _chatlint(["check", "-"], tmp_path, stdin=draft)
    assert run.returncode == 1
    assert run.stdout.decode().startswith(f"-:1:1: {HEDGE}")


# -- 11. Folders and files that cannot be read -----------------------------------------


def test_a_folder_that_cannot_be_listed_is_an_error(cli, write, tmp_path, monkeypatch):
    write("tree/a.txt", "It seems so.\n")
    locked = tmp_path / "tree" / "locked"
    write("tree/locked/hidden.txt", "It seems so.\n")
    real_scandir = os.scandir

    def scandir(path):
        # Root lists any folder: fail the way a user's run does.
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    if os.geteuid() != 0:
        locked.chmod(0)
    try:
        result = cli(["check", "tree"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: tree/locked: cannot read the folder: permission denied\n"
    )
    assert _finding_files(result.stdout) == ["tree/a.txt"]
    assert "1 file with errors" in result.stdout


def test_an_unreadable_file_named_on_the_command_line_is_one_line(cli, write, monkeypatch):
    bad = write("locked.txt", "It seems so.\n")
    write("good.txt", "It seems so.\n")
    real_access, real_open = os.access, os.open

    # Root may read any file: answer as the system answers a user.
    def access(path, mode, *args, **kwargs):
        if os.path.basename(os.fspath(path)) == bad.name:
            return False
        return real_access(path, mode, *args, **kwargs)

    def fake_open(path, *args, **kwargs):
        if os.path.basename(os.fspath(path)) == bad.name:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(files.os, "open", fake_open)
    if os.geteuid() != 0:
        bad.chmod(0)
    result = cli(["check", "locked.txt", "good.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: locked.txt: permission denied\n"
    assert _finding_files(result.stdout) == ["good.txt"]


# -- 6. Huge JSON Lines ---------------------------------------------------------------


def test_a_sparse_gigabyte_of_json_lines_is_binary_at_once(tmp_path):
    with (tmp_path / "dump.jsonl").open("wb") as handle:
        handle.truncate(1 << 30)  # sparse: no disk; it took 470 s to be called binary
    (tmp_path / "good.txt").write_text("It seems so.\n", encoding="utf-8")
    run = _chatlint(["check", "dump.jsonl", "good.txt"], tmp_path, timeout=60)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "chatlint: error: dump.jsonl: binary file (contains NUL bytes), not linted\n"
    )
    assert f"good.txt:1:1: {HEDGE}" in run.stdout.decode()


def test_a_line_too_long_to_read_is_reported_and_the_others_linted(tmp_path):
    """A 100 MB line: it used to be gathered by rebuilding the buffer for every block
    (quadratic) and then parsed (gigabytes); now it is read through and reported."""
    path = tmp_path / "chats.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_conversation("first", "It seems so.") + "\n")
        handle.write('{"session_id": "huge", "turns": [{"role": "agent", "text": "')
        chunk = "Thanks for waiting. " * 50_000  # 1 MB
        for _ in range(100):
            handle.write(chunk)
        handle.write('"}]}\n')
        handle.write(_conversation("last", "It seems so.") + "\n")
    run = _chatlint(["check", "chats.jsonl"], tmp_path, timeout=120)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "chatlint: error: chats.jsonl: line 2: longer than 10 MB, not linted\n"
    )
    stdout = run.stdout.decode()
    assert "chats.jsonl:1:" in stdout and "[conversation first, turn 2]" in stdout
    assert "chats.jsonl:3:" in stdout and "[conversation last, turn 2]" in stdout


def test_the_piece_reader_keeps_line_numbers_past_a_long_line(tmp_path, monkeypatch):
    """Lines longer than the cap, ending inside a block or at the end of the file,
    each stand as an empty line: the lines after them keep their numbers."""
    monkeypatch.setattr(linter_module, "MAX_LINE_BYTES", 50)
    data = b"a\n" + b"x" * 120 + b"\nb\nc\n" + b"y" * 70 + b"\nd\n" + b"z" * 200
    long_lines = []
    path = tmp_path / "pieces.jsonl"
    path.write_bytes(data)
    with path.open("rb") as handle:
        pieces = list(linter_module._pieces(handle, 16, "pieces.jsonl", long_lines))
    assert b"".join(pieces).split(b"\n") == [b"a", b"", b"b", b"c", b"", b"d", b""]
    assert long_lines == [2, 5, 7]
    assert all(piece.endswith(b"\n") for piece in pieces)


# -- 9. One bad file never loses the run -----------------------------------------------


@pytest.mark.parametrize(
    "bad_line, stderr",
    [
        (
            '{"session_id": "x", "score": NaN, "turns": []}',
            "line 3001: invalid JSON: NaN is not a JSON value (line 1, column 30)",
        ),
        ('{"session_id": "x", "score": -Infinity}', "line 3001: invalid JSON: -Infinity is"),
        ('{"session_id": "x", "score": ' + "7" * 5_000 + ', "turns": []}', None),
    ],
)
def test_a_large_transcript_with_nan_or_a_huge_number_loses_nothing(
    cli, tmp_path, bad_line, stderr
):
    reply = "It seems so: it left our warehouse this morning."
    lines = [_conversation(f"s{number}", reply) for number in range(8000)]
    lines[3000] = bad_line
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (tmp_path / "big.jsonl").stat().st_size > linter_module.PIECE_BYTES  # in pieces
    (tmp_path / "good.txt").write_text("It seems so.\n", encoding="utf-8")
    result = cli(["check", "--output-format", "json", "big.jsonl", "good.txt"])
    assert "internal error" not in result.stderr
    found = json.loads(result.stdout)
    assert sum(item["filename"] == "big.jsonl" for item in found) == 7999
    assert sum(item["filename"] == "good.txt" for item in found) == 1
    if stderr is None:
        assert (result.exit_code, result.stderr) == (1, "")
    else:
        assert result.exit_code == 2
        assert result.stderr.startswith(f"chatlint: error: big.jsonl: {stderr}")


def test_nan_in_a_json_macro_file_is_a_file_error_not_a_bug(cli, write):
    write("macros.json", '{"body": "Thanks for waiting.", "weight": NaN}\n')
    write("good.txt", "It seems so.\n")
    result = cli(["check", "macros.json", "good.txt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: macros.json: invalid JSON: NaN is not a JSON value (line 1, column 43)\n"
    )
    assert _finding_files(result.stdout) == ["good.txt"]


@pytest.mark.parametrize(
    "output_format", ["text", "json", "github", "sarif", "junit", "gitlab", "html"]
)
def test_a_lone_surrogate_in_a_transcript_id_prints_in_every_format(tmp_path, output_format):
    turn = '{"role": "agent", "agent": "Dana \\udc80", "team": "\\ud800", "text": "It seems so."}'
    line = '{"session_id": "\\ud800", "turns": [' + turn + "]}"
    (tmp_path / "chats.jsonl").write_text(line + "\n", encoding="utf-8")
    run = _chatlint(
        ["check", "--output-format", output_format, "chats.jsonl"],
        tmp_path,
        env={"PYTHONIOENCODING": "utf-8:strict"},
    )
    assert (run.returncode, run.stderr) == (1, b"")
    stdout = run.stdout.decode("utf-8")  # strict: no surrogate reached the output
    if output_format in ("json", "sarif", "gitlab"):
        json.loads(stdout)
    assert "conversation \\ud800" in stdout.replace("\\\\", "\\")
    # So does one in the name of the agent who wrote the turn.
    if output_format == "json":
        assert json.loads(stdout)[0]["speaker"] == {"name": "Dana \\udc80", "team": "\\ud800"}
    if output_format == "html":
        assert "<td>Dana \\udc80</td><td>\\ud800</td>" in stdout


def _name_not_utf8(tmp_path: Path) -> Path:
    try:
        path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xff.txt")))
        path.write_text("It seems so.\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("the file system takes only UTF-8 names")
    (tmp_path / "ok.txt").write_text("It seems so.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit", "gitlab"])
@pytest.mark.parametrize("locale", ["utf-8:strict", "surrogateescape"])
def test_a_file_name_that_is_not_utf8_prints_in_every_format(tmp_path, output_format, locale):
    _name_not_utf8(tmp_path)
    # Strict UTF-8, as on most systems; or the C locale, which passes the raw byte on.
    env = {"PYTHONIOENCODING": locale} if locale != "surrogateescape" else {"LC_ALL": "C"}
    if locale == "surrogateescape":
        env["PYTHONIOENCODING"] = "utf-8:surrogateescape"
    run = _chatlint(["check", "--output-format", output_format, "."], tmp_path, env=env)
    assert (run.returncode, run.stderr) == (1, b"")
    stdout = run.stdout.decode("utf-8")  # valid UTF-8: no raw 0xFF byte
    if output_format in ("json", "sarif", "gitlab"):
        json.loads(stdout)
    shown = "caf%5Cudcff.txt" if output_format == "sarif" else "caf\\udcff.txt"
    assert shown in stdout.replace("\\\\", "\\")


def test_a_baseline_with_a_file_name_that_is_not_utf8_round_trips(tmp_path):
    _name_not_utf8(tmp_path)
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    written = _chatlint(["check", "--write-baseline", "baseline.json", "."], tmp_path, env=strict)
    assert (written.returncode, written.stderr) == (
        0,
        b"Wrote 2 findings to the baseline baseline.json.\n",
    )
    data = (tmp_path / "baseline.json").read_bytes()
    paths = {entry["path"] for entry in json.loads(data.decode("utf-8"))["findings"]}
    assert paths == {"caf\udcff.txt", "ok.txt"}  # the same name, read back
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".chatlint-tmp")]
    again = _chatlint(["check", "--baseline", "baseline.json", "."], tmp_path, env=strict)
    assert again.returncode == 0
    assert again.stdout.decode() == "All checks passed.\n2 findings in the baseline not shown.\n"


# -- 16. Smaller things -----------------------------------------------------------------


def test_a_yaml_flow_mapping_is_yaml_not_invalid_json(cli, write):
    write("replies.yml", "{body: It seems so., title: Shipping}\n")
    result = cli(["check", "replies.yml"])
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith(f"replies.yml:1:8: {HEDGE} [body]")


def test_json_in_a_yaml_file_is_still_read_as_json(cli, write):
    write("replies.yaml", '{"body": "Caf\\u00e9? It seems so."}\n')
    result = cli(["check", "replies.yaml"])
    assert result.stdout.startswith(f"replies.yaml:1:22: {HEDGE} [body]")


def test_invalid_json_is_still_invalid_in_a_json_file(cli, write):
    write("replies.json", "{body: It seems so.}\n")
    result = cli(["check", "replies.json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("chatlint: error: replies.json: invalid JSON")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_fixed_in_kind(cli, write, encoding):
    text = "THANKS FOR WAITING!!! It seems it shipped.\r\n"
    path = write("reply.txt", text.encode(encoding))
    result = cli(["check", "reply.txt"])
    assert result.exit_code == 1 and result.stderr == ""
    assert "reply.txt:1:23: CL101" in result.stdout
    cli(["check", "--fix", "reply.txt"])
    assert path.read_bytes() == text.replace("!!!", "!").encode(encoding)  # no mark added


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 16,  # every byte value
        b"".join(number.to_bytes(2, "little") for number in range(200)) * 10,  # small numbers
        "Thanks\x00 for waiting.\n".encode("utf-16-le"),  # UTF-16 holding a NUL
    ],
)
def test_binary_data_with_zero_bytes_is_still_binary(cli, write, content):
    write("data.txt", content)
    result = cli(["check", "data.txt"])
    assert result.exit_code == 2
    assert (
        result.stderr == "chatlint: error: data.txt: binary file (contains NUL bytes), not linted\n"
    )


def test_a_nul_byte_after_the_first_8_kb_is_binary(cli, write):
    write("reply.txt", "Thanks for waiting.\n" * 1000 + "It seems\x00 so.\n")
    result = cli(["check", "reply.txt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: reply.txt: binary file (contains NUL bytes), not linted\n"
    )


def test_markdown_nested_too_deeply_says_what_it_did_not_lint(tmp_path):
    (tmp_path / "deep.md").write_text(
        # Markdown is read as an article, where only first-person doubt is CL101's.
        "As far as I know, it shipped.\n\n" + "> " * 100_000 + "Probably it did.\n",
        encoding="utf-8",
    )
    run = _chatlint(["check", "deep.md"], tmp_path, timeout=120)
    assert run.returncode == 2
    assert run.stderr.decode() == (
        "chatlint: error: deep.md: line 3: Markdown nested too deeply; "
        "the text inside is not linted\n"
    )
    assert 'deep.md:1:1: CL101 Hedging: "As far as I know" makes' in run.stdout.decode()


def test_markdown_nested_as_deep_as_it_is_read_is_clean(cli, write):
    write(
        "lists.md",
        "".join("  " * depth + "- item\n" for depth in range(9)) + "\nAs far as I know, yes.\n",
    )
    result = cli(["check", "lists.md"])
    assert (result.exit_code, result.stderr) == (1, "")


@pytest.mark.parametrize("piece_bytes", [None, 300])
def test_one_bad_json_lines_line_keeps_the_findings_of_the_others(
    cli, write, monkeypatch, piece_bytes
):
    if piece_bytes:  # read in pieces, as a large file is
        monkeypatch.setattr(linter_module, "PIECE_BYTES", piece_bytes)
    lines = [_conversation(f"s{number}", "It seems so.") for number in range(8)]
    lines[2] = '{"session_id": "cut short", "turns": [{"role": "ag'
    lines[6] = "not json"
    write("chats.jsonl", "\n".join(lines) + "\n")
    result = cli(["check", "chats.jsonl"])
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: chats.jsonl: line 3: invalid JSON: Unterminated string starting at "
        "(line 1, column 48); 1 more line not read either\n"
    )
    lines_found = [int(line.split(":")[1]) for line in result.stdout.splitlines() if ": CL" in line]
    assert lines_found == [1, 2, 4, 5, 6, 8]
