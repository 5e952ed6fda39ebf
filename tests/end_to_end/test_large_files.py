"""Large inputs: a JSON Lines transcript read in pieces gives exactly the findings of a
whole read, and a run keeps findings, not the text of the files it read."""

from __future__ import annotations

import json

import pytest

from chatlint import linter as linter_module
from chatlint.api import lint_paths


def _conversation(number: int, text: str) -> str:
    turns = [{"role": "customer", "text": "Where is my order?"}, {"role": "agent", "text": text}]
    return json.dumps({"session_id": f"s{number}", "turns": turns}, ensure_ascii=False)


REPLIES = [
    "It seems your order has shipped, probably tomorrow.",
    "Sorry for any inconvenience \u2028 it is on its way.",  # U+2028 inside a JSON string
    "Caf\u00e9 orders \U0001f600 probably arrive Friday!!",
    "Unfortunately we can't refund this order.",
    "Thanks, it arrives on Friday.",
]


@pytest.fixture
def transcript(tmp_path):
    lines = [_conversation(number, REPLIES[number % len(REPLIES)]) for number in range(60)]
    lines.insert(7, _conversation(999, "It seems " + "this is long " * 80))  # longer than a piece
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json_findings(cli, path):
    return json.loads(cli(["check", "--output-format", "json", str(path)]).stdout)


def test_reading_in_pieces_finds_exactly_what_a_whole_read_finds(cli, transcript, monkeypatch):
    whole = _json_findings(cli, transcript)
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 300)
    pieces = _json_findings(cli, transcript)
    assert len(whole) > 60
    assert pieces == whole


def test_pieces_with_a_byte_order_mark_and_crlf(cli, tmp_path, monkeypatch):
    lines = [_conversation(number, REPLIES[number % len(REPLIES)]) for number in range(20)]
    path = tmp_path / "chats.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    whole = _json_findings(cli, path)
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 256)
    assert _json_findings(cli, path) == whole
    assert whole[0]["location"]["line"] == 1


def test_an_error_deep_in_a_large_file_names_its_line(cli, tmp_path, monkeypatch):
    lines = [_conversation(number, "Thanks!").encode() for number in range(30)]
    lines[22] = lines[22].replace(b"Thanks", b"Thanks \xff")
    path = tmp_path / "chats.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 200)
    result = cli(["check", str(path)])
    assert result.exit_code == 2
    assert "line 23" in result.stderr and "not valid UTF-8" in result.stderr


def test_results_keep_places_not_text(tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text("Hello.\nIt seems it shipped.\n", encoding="utf-8")
    (result,) = lint_paths([path])
    compact = result.without_source()
    assert compact.source is None
    finding = compact.findings[0]
    assert compact.line_index().location(finding.span.start) == (2, 1)


def test_a_huge_file_is_reported_without_being_read(cli, tmp_path):
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: costs no disk, and is never read
    (tmp_path / "reply.txt").write_text("It seems so.\n", encoding="utf-8")
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"chatlint: error: {huge}: too large to lint "
        "(200 MB; files up to 32 MB are read, JSON Lines of any size)\n"
    )
    assert "reply.txt:1:1: CL101" in result.stdout


def test_memory_does_not_grow_with_the_number_of_files(tmp_path):
    """100,000 files hold no more memory at the end of a run than 10,000 (a resource
    bound, not a timing: peak resident memory of the process, serial run)."""
    import os
    import subprocess
    import sys

    def tree(count):
        root = tmp_path / f"tree{count}"
        for folder in range(count // 1000):
            directory = root / f"{folder:03d}"
            directory.mkdir(parents=True)
            for number in range(1000):
                (directory / f"{number:04d}.txt").write_bytes(
                    b"Thanks, it shipped today.\n" if number % 2 else b""
                )
        return root

    def peak_kb(root):
        process = subprocess.Popen(
            [sys.executable, "-m", "chatlint", "check", "--jobs", "1", "-q", str(root)],
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        assert process.returncode == 0
        return usage.ru_maxrss

    small, large = peak_kb(tree(10_000)), peak_kb(tree(100_000))
    assert large < small + 25_000, (small, large)


@pytest.mark.parametrize(
    "name, content",
    [
        ("emphasis.md", "*a **b " * 20_000 + "\n"),  # unclosed emphasis, the classic quadratic case
        ("brackets.md", "[" * 20_000 + "a" + "](" * 20_000 + "\n"),
        ("backticks.md", "`" * 5_000 + " a " + "``" * 5_000 + "\n"),
        ("nested.html", "<div>" * 20_000 + "As far as I know" + "</div>" * 20_000),
        ("unclosed.html", "<p><b><i>" * 10_000 + "probably"),
        ("entities.html", "&amp;&#x27;&nbsp" * 20_000),
        ("anchors.yml", "base: &b [1, 2]\n" + "".join(f"k{i}: *b\n" for i in range(20_000))),
        ("wide.json", "[" + ",".join(['"probably"'] * 50_000) + "]"),
    ],
)
def test_inputs_built_to_be_slow_finish(tmp_path, name, content):
    """Pathological Markdown, HTML, YAML and JSON: the run ends, with findings or one
    clear error, well inside the bound (a generous limit, not a timing)."""
    import subprocess
    import sys

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "-q", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 1, 2)
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


def test_a_large_utf16_transcript_is_read_whole(cli, tmp_path, monkeypatch):
    lines = [_conversation(number, REPLIES[number % len(REPLIES)]) for number in range(10)]
    path = tmp_path / "chats.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-16"))  # with its byte-order mark
    whole = _json_findings(cli, path)
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 200)
    assert _json_findings(cli, path) == whole and whole


def test_a_byte_order_mark_opening_a_later_line_is_not_dropped(cli, tmp_path, monkeypatch):
    # U+FEFF at the start of a piece other than the first is text, not a byte-order
    # mark: the line is as invalid read in pieces as read whole.
    lines = [_conversation(number, REPLIES[number % len(REPLIES)]) for number in range(20)]
    path = tmp_path / "chats.jsonl"
    path.write_text(
        "\n".join(lines[:10]) + "\n\ufeff" + "\n".join(lines[10:]) + "\n", encoding="utf-8"
    )
    whole = cli(["check", str(path)])
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 200)
    pieces = cli(["check", str(path)])
    assert (
        (pieces.exit_code, pieces.stderr)
        == (whole.exit_code, whole.stderr)
        == (
            2,
            f"chatlint: error: {path}: line 11: invalid JSON: "
            "Unexpected UTF-8 BOM (decode using utf-8-sig) (line 1, column 1)\n",
        )
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_large_transcripts_with_a_wide_encoding_are_read_whole(
    cli, tmp_path, monkeypatch, encoding
):
    lines = [_conversation(number, REPLIES[number % len(REPLIES)]) for number in range(10)]
    path = tmp_path / "chats.jsonl"
    path.write_bytes("\n".join(lines).encode(encoding))
    whole = _json_findings(cli, path)
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 200)
    assert _json_findings(cli, path) == whole and whole
