"""The benchmark script runs end to end on a tiny workload (figures are not checked:
speed is compared in bench/run.py's own side-by-side runs, never asserted here)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT, requires_corpus


def _quick_run(tmp_path, *options: str) -> subprocess.CompletedProcess:
    """bench/run.py on its tiny workload, chatlint alone."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            *options,
            "--only",
            "chatlint",
            "--corpus",
            str(CORPUS),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@requires_corpus()
def test_benchmark_runs_on_a_tiny_workload(tmp_path):
    run = _quick_run(tmp_path)
    assert run.returncode == 0, run.stderr
    table = run.stdout.splitlines()
    assert table[0].startswith("| Workload | Tool | Median wall time |")
    rows = [line for line in table if "| chatlint |" in line]
    assert len(rows) == 6
    assert any(line.startswith("- lint_text on ") for line in table)


@requires_corpus()
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_instructions_are_counted_under_valgrind(tmp_path):
    run = _quick_run(tmp_path, "--instructions")
    assert run.returncode == 0, run.stderr
    header, _, row = run.stdout.splitlines()
    assert header == "| Workload | chatlint (instructions) | Ratio |"
    name, count, ratio = row.strip("|").split(" | ")
    # A whole run of chatlint on one reply: some hundreds of millions of instructions.
    assert name.strip() == "one small file (whole process)" and ratio.strip() == "-"
    assert 50 < float(count.replace(",", "").replace(" M", "")) < 5_000


def test_benchmark_without_a_corpus_says_so(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--corpus", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == (
        f"bench: no corpus at {tmp_path / 'nowhere'}; "
        "pass --corpus DIR (the shared/corpus folder)\n"
    )


def test_language_server_benchmark_runs_on_a_tiny_workload(tmp_path):
    # Without a corpus it types into the bundled example drafts.
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lsp.py"), "--quick", "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("draft: ") and "bundled example drafts" in lines[0]
    assert any(line.startswith("change -> diagnostics, 30 edits") for line in lines)
    assert any(line.strip().startswith("after    300 edits:") for line in lines)
    assert lines[-1] == "server exit status after shutdown: 0"
