"""The real pre-commit, running this project's hook on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def macro_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("macros")
    _git(repo, "init", "-q")
    (repo / "bad.txt").write_text("It seems your refund is probably on its way.\n")
    (repo / "good.txt").write_text(
        "Your refund was sent today and arrives within five working days.\n"
    )
    (repo / "replies.yml").write_text("refund:\n  comment: 'Sorry for any inconvenience.'\n")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo, hook, *files):
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hook_fails_on_a_bad_draft(macro_repo):
    result = _try_repo(macro_repo, "chatlint", "bad.txt")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'bad.txt:1:1: CL101 Hedging: "It seems" makes the reply sound unsure' in result.stdout


def test_hook_passes_on_a_clean_draft(macro_repo):
    result = _try_repo(macro_repo, "chatlint", "good.txt")
    assert result.returncode == 0, result.stdout + result.stderr


def test_macro_hook_checks_yaml(macro_repo):
    result = _try_repo(macro_repo, "chatlint-macros", "replies.yml", "bad.txt")
    assert result.returncode == 1
    assert (
        "replies.yml:2:13: CL201" in result.stdout
        and "bad.txt" not in result.stdout.split("- hook id")[-1].split("\n", 3)[-1]
    )


def test_hook_with_the_readme_s_baseline_recipe_reports_only_new_findings(tmp_path):
    repo = tmp_path / "kb"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "old.txt").write_text("It seems your refund is on its way.\n")
    # The README's recipe: record what is there, then name the baseline in the config.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "chatlint",
            "check",
            "--write-baseline",
            ".chatlint-baseline.json",
            ".",
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    (repo / ".chatlint.toml").write_text('baseline = ".chatlint-baseline.json"\n')
    _git(repo, "add", ".")
    passed = _try_repo(repo, "chatlint", "old.txt", ".chatlint-baseline.json")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (repo / "new.txt").write_text("Probably tomorrow.\n")
    _git(repo, "add", "new.txt")
    failed = _try_repo(repo, "chatlint", "old.txt", "new.txt")
    assert failed.returncode == 1
    assert "new.txt:1:1: CL101" in failed.stdout and "old.txt:" not in failed.stdout
