"""`chatlint check --watch`: a writer edits a draft and sees the findings change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue


def _reader(stream, lines: "Queue[str]") -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)


def _wait_for(lines: "Queue[str]", text: str, seen: list, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in line for line in seen):
        try:
            seen.append(lines.get(timeout=max(0.05, deadline - time.monotonic())))
        except Empty:
            raise AssertionError(f"{text!r} never came; got {''.join(seen)!r}") from None


def test_watch_lints_again_when_the_draft_changes(tmp_path: Path):
    draft = tmp_path / "reply.txt"
    draft.write_text("Your order ships on Monday.\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "chatlint", "check", "--watch", "--output-format", "concise", "."],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: "Queue[str]" = Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    seen: list = []
    try:
        _wait_for(lines, "All checks passed.", seen)
        time.sleep(0.5)  # the watcher is set up after the first run
        draft.write_text("It seems your order ships on Monday.\n", encoding="utf-8")
        _wait_for(lines, 'reply.txt:1:1: CL101 Hedging: "It seems"', seen)
        (tmp_path / ".chatlint.toml").write_text('ignore = ["CL101"]\n', encoding="utf-8")
        count = sum("All checks passed." in line for line in seen)
        deadline = time.monotonic() + 30
        while sum("All checks passed." in line for line in seen) == count:
            assert time.monotonic() < deadline, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except Empty:
                pass
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
    assert status == 0
    assert "Traceback" not in "".join(seen)
