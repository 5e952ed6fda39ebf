"""chatlint runs from its own source tree, with no install, and a new rule written by
scripts/new_rule.py runs at once, without reinstalling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT


def _tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def clean_clone(tmp_path_factory) -> Path:
    """The tracked files of this checkout, copied: what a fresh clone holds."""
    clone = tmp_path_factory.mktemp("clone")
    for name in _tracked_files():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    return clone


def _run_uninstalled(clone: Path, *args: str, input: str = "") -> subprocess.CompletedProcess:
    """Python with the dependencies importable but no site processing: no installed or
    editable chatlint is seen, only the clone's own files."""
    environment = {**os.environ, "PYTHONPATH": sysconfig.get_path("purelib")}
    return subprocess.run(
        [sys.executable, "-S", *args],
        cwd=clone,
        input=input,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_clean_clone_runs_without_installing(clean_clone):
    result = _run_uninstalled(clean_clone, "-m", "chatlint", "check", "examples/drafts")
    assert result.returncode == 1, result.stderr
    flagged = {line.split(":")[0] for line in result.stdout.splitlines() if ": CL" in line}
    assert flagged == {
        "examples/drafts/late-order-bad.txt",
        "examples/drafts/refund-denied-bad.txt",
    }
    where = _run_uninstalled(
        clean_clone,
        "-c",
        "import chatlint.registry as r; r.Registry.installed(); "
        "import chatlint_rules; print(chatlint_rules.__file__)",
    )
    assert Path(where.stdout.strip()).parent == clean_clone / "rules"


def test_a_new_rule_runs_without_reinstalling(clean_clone):
    made = _run_uninstalled(
        clean_clone,
        "scripts/new_rule.py",
        "CL399",
        "over-promising",
        "--summary",
        "Promises the team cannot keep",
        "--phrase",
        "we guarantee",
        "--phrase",
        "I promise",
        "--message",
        "promises more than the team can keep",
        "--suggestion",
        "Say what the team will do and by when.",
    )
    assert made.returncode == 0, made.stderr
    assert (
        'CL399 = "chatlint_rules.over_promising:OverPromising"\n'
        in (clean_clone / "pyproject.toml").read_text()
    )
    listed = _run_uninstalled(clean_clone, "-m", "chatlint", "rules")
    assert any(
        line.split()[:3] == ["CL399", "over-promising", "preview"]
        for line in listed.stdout.splitlines()
    )
    found = _run_uninstalled(
        clean_clone,
        "-m",
        "chatlint",
        "check",
        "--select",
        "CL399",
        "-",
        input="We guarantee it ships today.\n",
    )
    assert found.stdout.splitlines()[:2] == [
        '-:1:1: CL399 "We guarantee" promises more than the team can keep',
        "  help: Say what the team will do and by when.",
    ]
    # The fixture it wrote holds for the rule it wrote.
    fixture = (clean_clone / "tests" / "fixtures" / "rules" / "CL399.txt").read_text()
    assert fixture.splitlines()[1:3] == [
        '--- flag "I promise"',
        "I promise, it will be there tomorrow.",
    ]
    again = _run_uninstalled(
        clean_clone, "scripts/new_rule.py", "CL399", "other-name", "--summary", "S", "--phrase", "x"
    )
    assert again.returncode == 2 and "CL399 is already registered in pyproject.toml" in again.stderr
