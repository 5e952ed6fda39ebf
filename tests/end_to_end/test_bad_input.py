"""Bad input: a clear one-line error naming the file, exit 2, and every other file linted."""

from __future__ import annotations

import json
import os

import pytest

from chatlint import files


def _finding_paths(stdout):
    return [line.split(":")[0] for line in stdout.splitlines() if ": CL" in line]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not linted"),
        (b"caf\xe9 probably\n", "not valid UTF-8 text (byte 0xe9 on line 1); save it as UTF-8"),
        (b"ok\nok\n\xff\n", "not valid UTF-8 text (byte 0xff on line 3); save it as UTF-8"),
    ],
)
def test_unreadable_content_is_reported_and_others_still_linted(cli, write, content, message):
    write("bad.txt", content)
    write("good.txt", "probably\n")
    result = cli(["check", "bad.txt", "good.txt"])
    assert result.exit_code == 2
    assert result.stderr == f"chatlint: error: bad.txt: {message}\n"
    assert _finding_paths(result.stdout) == ["good.txt"]


def test_missing_path(cli, write):
    write("good.txt", "probably\n")
    result = cli(["check", "nope.txt", "good.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: nope.txt: no such file or directory\n"
    assert _finding_paths(result.stdout) == ["good.txt"]


def test_empty_file_is_clean(cli, write):
    write("empty.txt", "")
    write("blank.txt", "\n\n  \n")
    result = cli(["check", "empty.txt", "blank.txt"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_unreadable_file(cli, write, monkeypatch):
    bad = write("locked.txt", "probably\n")
    write("good.txt", "probably\n")
    if os.geteuid() != 0:
        bad.chmod(0)
    else:  # root reads any file: make the read fail as it would for a user
        real = os.open

        def fake_open(path, *args, **kwargs):
            if os.path.basename(os.fspath(path)) == bad.name:
                raise PermissionError(13, "Permission denied")
            return real(path, *args, **kwargs)

        monkeypatch.setattr(files.os, "open", fake_open)
    result = cli(["check", "locked.txt", "good.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: locked.txt: permission denied\n"
    assert _finding_paths(result.stdout) == ["good.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_and_broken_link(cli, write, tmp_path):
    write("tree/a.txt", "probably\n")
    os.symlink(tmp_path / "tree", tmp_path / "tree" / "loop")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    result = cli(["check", "tree", "dangling.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: dangling.txt: broken symbolic link\n"
    assert _finding_paths(result.stdout) == ["tree/a.txt"]


def test_binary_stdin(cli):
    result = cli(["check", "-"], input=b"\x00\x01\x02")
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: -: binary file (contains NUL bytes), not linted\n"


def test_broken_rule_is_reported_not_raised(cli, write, monkeypatch):
    from chatlint_rules.hedging import Hedging

    def explode(self, message):
        raise RuntimeError("boom")

    monkeypatch.setattr(Hedging, "check", explode)
    write("a.txt", "text\n")
    result = cli(["check", "a.txt"])
    assert result.exit_code == 2
    assert (
        result.stderr == "chatlint: error: a.txt: rule CL101 (hedging) failed: RuntimeError: boom\n"
    )


def test_a_failing_rule_keeps_the_other_rules_findings(cli, write, monkeypatch):
    from chatlint_rules.hedging import Hedging

    def explode(self, message):
        raise RuntimeError("boom")

    monkeypatch.setattr(Hedging, "check", explode)
    write("a.txt", "It seems it shipped. Sorry for any inconvenience.\n")
    write("b.txt", "Sorry for any inconvenience.\n")
    for output_format in ("text", "json", "sarif", "github", "junit", "gitlab"):
        result = cli(["check", "--output-format", output_format, "."])
        assert result.exit_code == 2
        assert "CL201" in result.stdout and "All checks passed" not in result.stdout
    result = cli(["check", "--output-format", "json", "."])
    assert [(item["filename"], item["code"]) for item in json.loads(result.stdout)] == [
        ("a.txt", "CL201"),
        ("b.txt", "CL201"),
    ]
    assert result.stderr.count("rule CL101 (hedging) failed") == 2


def test_html_the_standard_parser_gives_up_on(cli, write):
    # Found by scripts/fuzz.py: "<![" followed by no known section name.
    write("page.html", "Hello <![<Y<`<<[ there, I think\n")
    write("good.txt", "probably\n")
    result = cli(["check", "page.html", "good.txt"])
    assert "internal error" not in result.stderr
    assert result.stderr in (
        "",
        "chatlint: error: page.html: malformed HTML markup the parser cannot read (line 1)\n",
    )
    assert "good.txt:1:1: CL101" in result.stdout


def test_a_directory_read_as_a_file_is_a_clear_error(tmp_path):
    from chatlint.errors import InputError

    with pytest.raises(InputError, match="is a directory"):
        files.read_file(tmp_path, "notes")


def test_a_file_larger_than_one_read_is_read_whole(tmp_path, monkeypatch):
    """Reads are capped (some systems refuse one of 2 GiB); a longer file takes several."""
    monkeypatch.setattr(files, "_LARGEST_READ", 1000)
    body = "Thanks for waiting.\n" * 300  # 6,000 bytes: six reads and the one that ends it
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    assert files.read_file(tmp_path / "long.txt", "long.txt").text == body
    (tmp_path / "exact.txt").write_text("x" * 999, encoding="utf-8")  # size + 1 fits one read
    assert files.read_file(tmp_path / "exact.txt", "exact.txt").text == "x" * 999
