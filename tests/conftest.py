"""Shared fixtures: a CLI runner and the real-data corpus when it is present."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

import pytest
from click.testing import CliRunner
from hypothesis import settings

# Property tests run 150 examples each in the suite; `HYPOTHESIS_PROFILE=fuzz pytest
# tests/unit/test_properties*.py` runs 5,000 each, a long search kept out of CI.
settings.register_profile("suite", max_examples=150)
settings.register_profile("fuzz", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# The suite never touches the user's cache directory: one cache for the whole run, in
# a temporary directory that subprocesses inherit and that is removed at the end.
if "CHATLINT_CACHE_DIR" not in os.environ:
    os.environ["CHATLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="chatlint-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CHATLINT_CACHE_DIR"], True)

#: The tests folder: shared data (fixtures/, eval/, schemas/) and helpers live here;
#: unit/ tests call chatlint's modules, end_to_end/ tests run it as users do.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: ../shared/corpus beside the repository: CI has it, a user's clone may not.
CORPUS = Path(os.environ.get("CHATLINT_CORPUS", ROOT.parent / "shared" / "corpus"))


def memory_limit(megabytes: int):
    """A ``preexec_fn`` capping a child process's address space: a run that would need
    gigabytes fails in the child, never in the test process."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return limit


#: Address space a child run may use: a normal run needs about 300 MB; the inputs the
#: hardening tests pin down once took gigabytes.
CHILD_MEMORY = 1024  # MB
#: The finding a reply holding "It seems" gets, as the text output prints it.
HEDGE = 'CL101 Hedging: "It seems" makes the reply sound unsure'


def run_chatlint(
    args: Sequence[str],
    cwd: Path,
    *,
    timeout: float = 60,
    stdin: Optional[bytes] = None,
    env: Optional[dict] = None,
    text: bool = True,
) -> subprocess.CompletedProcess:
    """``chatlint ARGS`` in a child process, bounded in time and memory (a case that
    used to hang or eat memory fails there, never in the test process)."""
    return subprocess.run(
        [sys.executable, "-m", "chatlint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=text,
        timeout=timeout,
        preexec_fn=memory_limit(CHILD_MEMORY),
        env={**os.environ, **(env or {})},
    )


def write_plugin(folder: Path, module: str, rules: str, source: str) -> None:
    """An unpacked plugin package in ``folder``, as pip would leave it: ``module``.py
    with ``source``, and a dist-info whose ``chatlint.rules`` entry points are ``rules``
    ("CODE = module:Class" lines). With ``folder`` on PYTHONPATH, chatlint finds it."""
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "entry_points.txt").write_text(f"[chatlint.rules]\n{rules}\n", encoding="utf-8")
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n",
        encoding="utf-8",
    )
    (folder / f"{module}.py").write_text(source, encoding="utf-8")


def on_pythonpath(folder: Path) -> str:
    """PYTHONPATH with ``folder`` first."""
    return os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))


def requires_corpus():
    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real-data corpus not found at {CORPUS}")


class Run:
    def __init__(self, result) -> None:
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def __repr__(self) -> str:
        return f"Run(exit={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr in by default
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps them apart and dropped the argument


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run ``chatlint`` in-process from a clean working directory (``tmp_path``)."""
    monkeypatch.chdir(tmp_path)

    def run(args: Sequence[str], input: Optional[str | bytes] = None) -> Run:
        # Imported here rather than at the top of the module, so that chatlint is
        # loaded only after CHATLINT_CACHE_DIR is set above.
        from chatlint.cli import main

        return Run(_runner().invoke(main, list(args), input=input, catch_exceptions=False))

    return run


@pytest.fixture
def write(tmp_path):
    """Write a file under ``tmp_path`` (creating directories) and return its path."""

    def write_file(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        return path

    return write_file
