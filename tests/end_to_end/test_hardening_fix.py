"""--fix and writing files under attack: the size cap, killed runs, unwritable folders,
long names, text written during a run, symbolic and hard links, owners (issue 16)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest
from conftest import memory_limit

from chatlint import files, fixing
from chatlint import linter as linter_module
from chatlint.errors import InputError
from chatlint.files import SourceText

FIXABLE = "Please wait!!! Your order has not shipped yet!!\n"
FIXED = "Please wait! Your order has not shipped yet!\n"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and links")


def _temporaries(folder: Path) -> List[str]:
    return [path.name for path in folder.rglob("*") if path.name.endswith(".chatlint-tmp")]


# -- item 7: the size cap, and workers that outlive their run ---------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as on Linux")
def test_fix_refuses_a_file_past_the_size_check_refuses(tmp_path):
    """A 33 MB text file: check refuses it; --fix read it whole and took gigabytes."""
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(33_000_000 // len(FIXABLE) + 1):
            handle.write(FIXABLE)
    size = big.stat().st_size
    (tmp_path / "small.txt").write_text(FIXABLE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--fix", "big.txt", "small.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=memory_limit(1024),
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("chatlint: error: big.txt: too large to ")
    assert run.stderr.count("\n") == 1
    assert big.stat().st_size == size
    assert (tmp_path / "small.txt").read_text(encoding="utf-8") == FIXED


def _transcript(lines: int) -> str:
    turns = [
        {"role": "customer", "text": "Where is my order?"},
        {"role": "agent", "text": "Please wait!!! It seems it ships on Friday."},
    ]
    return "".join(
        json.dumps({"session_id": f"s{number}", "turns": turns}) + "\n" for number in range(lines)
    )


def test_a_json_lines_file_too_large_to_fix_is_still_linted_as_check_lints_it(
    cli, write, monkeypatch
):
    """Past the cap a transcript is linted in pieces, as check does, and not fixed."""
    monkeypatch.setattr(linter_module, "MAX_FILE_BYTES", 20_000)
    monkeypatch.setattr(linter_module, "PIECE_BYTES", 5_000)
    text = _transcript(300)
    path = write("chats.jsonl", text)
    assert path.stat().st_size > 20_000
    checked = cli(["check", "chats.jsonl"])
    fixed = cli(["check", "--fix", "chats.jsonl"])
    assert path.read_text(encoding="utf-8") == text
    assert fixed.exit_code == 2
    assert fixed.stderr == (
        "chatlint: error: chats.jsonl: too large to fix (0 MB; --fix rewrites files up to 0 MB)\n"
    )
    findings = [line for line in checked.stdout.splitlines() if ": CL" in line]
    assert len(findings) >= 300
    assert [line for line in fixed.stdout.splitlines() if ": CL" in line] == findings


def _members(group: int) -> List[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while listed
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(name))
    return members


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the process table in /proc")
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_workers_end_when_their_run_is_killed(tmp_path, signal_number):
    # One file that keeps a worker busy for seconds, and enough others for a pool.
    (tmp_path / "a000.txt").write_text(FIXABLE * 30_000, encoding="utf-8")
    for number in range(1, 80):
        (tmp_path / f"a{number:03}.txt").write_text(FIXABLE, encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "chatlint", "check", "--jobs", "2", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the run and its workers
    )
    try:
        deadline = time.monotonic() + 60
        while len(_members(run.pid)) < 3 and run.poll() is None:
            assert time.monotonic() < deadline, "the pool never started"
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal_number)
        run.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _members(run.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _members(run.pid) == [], "workers outlived their run"
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        run.wait(timeout=30)


# -- item 10: a file that cannot be written is that file's error -----------------------


def test_a_file_with_a_name_of_255_bytes_is_fixed(cli, write, tmp_path):
    """Its temporary file's name would be longer than any name a folder allows."""
    name = "\u00e9" * 125 + "a.txt"  # the longest most systems allow: 255 bytes in UTF-8
    assert len(os.fsencode(name)) == 255
    path = write(name, FIXABLE)
    other = write("other.txt", FIXABLE)
    result = cli(["check", "--fix", "."])
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == FIXED
    assert other.read_text(encoding="utf-8") == FIXED
    assert _temporaries(tmp_path) == []


@posix_only
def test_a_file_in_a_read_only_folder_is_its_own_one_line_error(cli, write, tmp_path, monkeypatch):
    for number in range(3):
        write(f"open/r{number}.txt", FIXABLE)
    locked = write("locked/reply.txt", FIXABLE).parent
    write("z.txt", FIXABLE)  # after the locked folder: the run goes on past it
    locked.chmod(0o555)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root writes anywhere: refuse as a
        real_open = os.open  # read-only folder does, when a file is created in it

        def open_(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and Path(path).parent == locked:
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
    try:
        result = cli(["check", "--fix", "."])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2, result.stderr
    assert result.stderr == (
        "chatlint: error: locked/reply.txt: cannot write the fixed file: Permission denied\n"
    )
    assert (locked / "reply.txt").read_text(encoding="utf-8") == FIXABLE
    for name in ("open/r0.txt", "open/r1.txt", "open/r2.txt", "z.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == FIXED
    assert _temporaries(tmp_path) == []


# -- item 12: text written while --fix runs is kept -----------------------------------


def _edit_during_the_fix(monkeypatch, edit):
    """Run ``edit`` on the file just after its fixes are worked out, before the write."""
    real = fixing.fix_source

    def fix_source(linter, source, path, threshold, file_format=None):
        fixed = real(linter, source, path, threshold, file_format)
        edit(Path(path))
        return fixed

    monkeypatch.setattr(fixing, "fix_source", fix_source)


def test_text_added_while_fixing_is_kept_and_the_file_reported(cli, write, monkeypatch):
    path = write("reply.txt", FIXABLE)
    other = write("other.txt", FIXABLE)

    def append(edited: Path) -> None:
        if edited.name == "reply.txt":
            with edited.open("a", encoding="utf-8") as handle:
                handle.write("Thanks for waiting.\n")

    _edit_during_the_fix(monkeypatch, append)
    result = cli(["check", "--fix", "reply.txt", "other.txt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: reply.txt: changed while chatlint was fixing it, not fixed "
        "(run --fix again)\n"
    )
    assert path.read_text(encoding="utf-8") == FIXABLE + "Thanks for waiting.\n"
    assert other.read_text(encoding="utf-8") == FIXED


@posix_only
def test_a_file_saved_over_with_the_same_size_and_time_is_kept(cli, write, monkeypatch):
    """An editor that saves by renaming a new file over the old: only the inode says so."""
    path = write("reply.txt", FIXABLE)
    edited_text = FIXABLE.replace("Please", "PLEASE")

    def save_over(edited: Path) -> None:
        before = edited.stat()
        fresh = edited.with_name("reply.txt~")
        fresh.write_text(edited_text, encoding="utf-8")
        os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(fresh, edited)

    _edit_during_the_fix(monkeypatch, save_over)
    result = cli(["check", "--fix", "reply.txt"])
    assert result.exit_code == 2
    assert "reply.txt: changed while chatlint was fixing it" in result.stderr
    assert path.read_text(encoding="utf-8") == edited_text


def test_a_write_during_the_flush_is_caught_just_before_the_rename(write, monkeypatch):
    path = write("reply.txt", FIXABLE)
    read_as = path.stat()
    real_fsync = os.fsync

    def fsync(descriptor):
        real_fsync(descriptor)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("More.\n")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(files.FileChanged):
        files.write_atomically(path, FIXED.encode(), unchanged_since=read_as)
    assert path.read_text(encoding="utf-8") == FIXABLE + "More.\n"
    assert _temporaries(path.parent) == []


def test_a_file_another_run_fixed_the_same_way_is_not_an_error(write):
    path = write("reply.txt", FIXABLE)
    source, read_as = fixing.read_to_fix(path, "reply.txt")
    os.replace(write("fixed-elsewhere.txt", FIXED), path)  # the other run's rename
    fixing.write_fixed(path, SourceText(FIXED), "reply.txt", read_as)
    assert path.read_text(encoding="utf-8") == FIXED
    assert source.text == FIXABLE


# -- item 13: symbolic links, hard links, owners ---------------------------------------


@pytest.fixture
def outside_link(tmp_path, monkeypatch):
    """A repository holding leak.txt, a link to a file outside it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("It seems the password is hunter2!!\n", encoding="utf-8")
    repository = tmp_path / "repository"
    repository.mkdir()
    (repository / "leak.txt").symlink_to(secret)
    (repository / "reply.txt").write_text(FIXABLE + "It seems so.\n", encoding="utf-8")
    monkeypatch.chdir(repository)
    return secret


@posix_only
@pytest.mark.parametrize(
    "args, tree",
    [
        (["check", "."], "the folder being linted"),
        (["check", "--fix", "."], "the folder being linted"),
        (["check", "--output-format", "json", "."], "the folder being linted"),
        (["check", "leak.txt", "reply.txt"], "the working directory"),
        (["check", "--fix", "leak.txt", "reply.txt"], "the working directory"),
    ],
)
def test_a_link_out_of_the_tree_is_reported_and_never_read(cli, outside_link, args, tree):
    result = cli(args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"chatlint: error: leak.txt: symbolic link to a file outside {tree}, not read\n"
    )
    assert "hunter2" not in result.stdout
    assert "reply.txt" in result.stdout  # the other file is linted
    assert outside_link.read_text(encoding="utf-8") == "It seems the password is hunter2!!\n"
    assert os.readlink("leak.txt") == str(outside_link)


@posix_only
def test_fixing_through_a_link_fixes_its_file_and_keeps_the_link(cli, write, tmp_path):
    real = write("drafts/reply.txt", FIXABLE)
    os.chmod(real, 0o640)
    (tmp_path / "reply.txt").symlink_to(Path("drafts", "reply.txt"))
    result = cli(["check", "--fix", "reply.txt"])
    assert result.exit_code == 0, result.stderr
    assert os.readlink(tmp_path / "reply.txt") == os.path.join("drafts", "reply.txt")
    assert real.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _temporaries(tmp_path) == []


@posix_only
def test_a_hard_linked_file_is_reported_and_its_links_kept(cli, write, tmp_path):
    first = write("reply.txt", FIXABLE)
    second = tmp_path / "copy" / "reply.txt"
    second.parent.mkdir()
    os.link(first, second)
    other = write("other.txt", FIXABLE)
    result = cli(["check", "--fix", "reply.txt", "other.txt"])
    assert result.exit_code == 2
    assert result.stderr == (
        "chatlint: error: reply.txt: file with 2 hard links, not fixed "
        "(replacing it would split them)\n"
    )
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert first.read_text(encoding="utf-8") == FIXABLE
    assert other.read_text(encoding="utf-8") == FIXED


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give files away"
)
def test_fix_keeps_the_owner_and_group_of_a_file_fixed_as_root(cli, write):
    path = write("reply.txt", FIXABLE)
    os.chown(path, 4321, 4322)
    os.chmod(path, 0o2664)  # set-group-ID: cleared by a change of owner unless set after
    result = cli(["check", "--fix", "reply.txt"])
    assert result.exit_code == 0, result.stderr
    status = path.stat()
    assert (status.st_uid, status.st_gid) == (4321, 4322)
    assert stat.S_IMODE(status.st_mode) == 0o2664
    assert path.read_text(encoding="utf-8") == FIXED


@posix_only
def test_an_owner_that_cannot_be_kept_is_an_error_and_the_file_is_left(write, monkeypatch):
    path = write("reply.txt", FIXABLE)

    def refuse(descriptor, uid, gid):
        raise PermissionError(1, "Operation not permitted")

    real_fstat = os.fstat

    def other_owner(descriptor):  # the new file's owner differs from the old one's
        status = list(real_fstat(descriptor))
        status[stat.ST_UID] += 1
        return os.stat_result(status)

    monkeypatch.setattr(os, "fchown", refuse)
    monkeypatch.setattr(os, "fstat", other_owner)
    with pytest.raises(InputError, match="cannot write the fixed file: cannot keep the file's"):
        fixing.write_fixed(path, SourceText(FIXED), "reply.txt")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == FIXABLE
    assert _temporaries(path.parent) == []
