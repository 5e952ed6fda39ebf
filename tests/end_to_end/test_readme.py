"""The README stays true: its generated rule table and its quick-start commands."""

from __future__ import annotations

import re

from conftest import ROOT

from chatlint.docs import rules_table_markdown
from chatlint.registry import Registry

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_current():
    match = re.search(r"<!-- rules-table:[^\n]*-->\n(.*?)<!-- end rules-table -->", README, re.S)
    assert match, "the README lost its rule-table markers"
    assert match.group(1) == rules_table_markdown(Registry.installed()), (
        "README rule table is stale: run `python scripts/sync_readme.py`"
    )


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert len(commands) == 2
    run, test = commands
    assert "chatlint check examples/" in run and "pip install ." in run
    assert "pip install -e '.[test]'" in test and test.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    """.ci/run's own extraction, run on the README, yields the quick start's test command."""
    import subprocess

    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extraction = re.search(r"command=\$\((awk '.*?' README\.md)\)", ci, re.S)
    assert extraction, ".ci/run no longer extracts the command from the README"
    extracted = subprocess.run(
        ["bash", "-c", extraction.group(1)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert extracted.strip() == re.findall(r"```sh\n(.*?)\n```", section, re.S)[1]


def test_the_using_it_example_is_what_chatlint_prints():
    import subprocess
    import sys

    block = README.split("<!-- using-it:", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    command, *expected = block.splitlines()
    text = command.split('echo "', 1)[1].split('"', 1)[0]
    done = subprocess.run(
        [sys.executable, "-m", "chatlint", "check", "--output-format", "full", "-"],
        input=text + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.splitlines() == expected
