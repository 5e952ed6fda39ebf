"""The rule index: a run imports only the rules it runs, and never chooses rules by
facts that have changed since they were indexed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest
from conftest import on_pythonpath, write_plugin

from chatlint import rule_index

#: A plugin rule written to a folder on PYTHONPATH, with the entry point pip would write.
PLUGIN = '''"""Flags the word zebra."""

from chatlint.rule import Rule
from chatlint.violation import Span
{extra_import}

class Zebra(Rule):
    code = "XI101"
    name = "zebra-word"
    summary = "The word zebra"
    preview = {preview}

    def check(self, message):
        at = message.text.find("zebra")
        if at >= 0:
            yield self.violation(Span(at, at + 5))
'''
ENTRY_POINT = "XI101 = index_plugin:Zebra"
#: chatlint's command line, saying at the end which rule modules the run imported.
RUN_AND_LIST_IMPORTS = (
    "import sys\n"
    "from chatlint.cli import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    sys.stderr.write('IMPORTED ' + ' '.join(sorted(\n"
    "        name for name in sys.modules if name.startswith(('chatlint_rules.', 'index_plugin'))\n"
    "    )) + '\\n')\n"
)
PREVIEW_MODULES = {
    "chatlint_rules.deferring",
    "chatlint_rules.guessing",
    "chatlint_rules.dismissive",
    "chatlint_rules.jargon",
    "chatlint_rules.bad_news_without_empathy",
    "chatlint_rules.bad_news_without_reason",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "reply.txt").write_text(
        "Sorry for the inconvenience. It seems the zebra ate your order.\n", encoding="utf-8"
    )
    return folder


def _write_plugin(
    tmp_path: Path, *, preview: bool = False, helper: bool = False, folder: str = "plugins"
) -> None:
    plugins = tmp_path / folder
    extra = "import index_plugin_words" if helper else ""
    write_plugin(
        plugins, "index_plugin", ENTRY_POINT, PLUGIN.format(preview=preview, extra_import=extra)
    )
    if helper:
        (plugins / "index_plugin_words.py").write_text("WORDS = ['zebra']\n")


def _chatlint(
    tmp_path: Path, cwd: Path, *args: str, plugins: str = "plugins"
) -> Tuple[subprocess.CompletedProcess, List[str]]:
    env = dict(os.environ)
    env["CHATLINT_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONPATH"] = on_pythonpath(tmp_path / plugins)
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_IMPORTS, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = [
        line.split(" ")[1:] for line in done.stderr.splitlines() if line.startswith("IMPORTED")
    ]
    assert len(imported) == 1, done.stderr
    done.stderr = "".join(
        line for line in done.stderr.splitlines(keepends=True) if not line.startswith("IMPORTED")
    )
    return done, imported[0]


def _codes(stdout: str) -> List[str]:
    return [line.split(" ")[1] for line in stdout.splitlines() if line.startswith("reply.txt:")]


def test_a_second_run_imports_only_the_rules_it_runs_and_finds_the_same(tmp_path, project):
    _write_plugin(tmp_path)
    first, imported_first = _chatlint(tmp_path, project, "check", "reply.txt")
    assert PREVIEW_MODULES <= set(imported_first)  # no index yet: every rule is imported
    assert list((tmp_path / "cache" / "rule-index").iterdir())

    second, imported_second = _chatlint(tmp_path, project, "check", "reply.txt")
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert _codes(second.stdout) == ["CL201", "CL101", "XI101"]
    assert not PREVIEW_MODULES & set(imported_second)
    assert {"chatlint_rules.hedging", "index_plugin"} <= set(imported_second)

    # A preview rule selected by its code is imported and runs; so is every rule listed.
    selected, imported = _chatlint(tmp_path, project, "check", "--extend-select", "CL102", ".")
    assert selected.returncode == 1 and "chatlint_rules.deferring" in imported
    listed, imported = _chatlint(tmp_path, project, "rules")
    assert "CL403" in listed.stdout and PREVIEW_MODULES <= set(imported)


def test_a_team_rule_file_keeps_the_index_in_use(tmp_path, project):
    (project / "team.toml").write_text(
        '[[rule]]\ncode = "ACME101"\nname = "ticket-word"\nkind = "existence"\n'
        'message = "Say request"\nphrases = ["ticket"]\n',
        encoding="utf-8",
    )
    (project / "chatlint.toml").write_text('extend-rules = ["team.toml"]\n', encoding="utf-8")
    (project / "reply.txt").write_text("It seems your ticket is closed.\n", encoding="utf-8")
    _chatlint(tmp_path, project, "check", "reply.txt")
    done, imported = _chatlint(tmp_path, project, "check", "reply.txt")
    assert _codes(done.stdout) == ["CL101", "ACME101"]
    assert not PREVIEW_MODULES & set(imported)


def test_a_rule_whose_source_changed_is_chosen_by_what_it_says_now(tmp_path, project):
    _write_plugin(tmp_path, preview=False)
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    assert "XI101" in _codes(done.stdout)

    _write_plugin(tmp_path, preview=True)  # now a preview rule: off by default
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    assert "XI101" not in _codes(done.stdout)
    done, _ = _chatlint(tmp_path, project, "check", "--preview", "reply.txt")
    assert "XI101" in _codes(done.stdout)


def test_another_copy_of_an_indexed_plugin_is_chosen_by_what_it_says(tmp_path, project):
    """Two copies of one plugin (or two source trees of chatlint) with the same entry
    point, both importable from one environment: each is chosen by its own files."""
    _write_plugin(tmp_path, preview=False, folder="stable-copy")
    _write_plugin(tmp_path, preview=True, folder="preview-copy")
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt", plugins="stable-copy")
    assert "XI101" in _codes(done.stdout)
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt", plugins="preview-copy")
    assert "XI101" not in _codes(done.stdout)


def test_an_indexed_plugin_that_no_longer_imports_stops_the_run_as_before(tmp_path, project):
    _write_plugin(tmp_path, helper=True)
    _chatlint(tmp_path, project, "check", "reply.txt")
    # What the plugin imports is gone; its own file, which the index watches, is not.
    (tmp_path / "plugins" / "index_plugin_words.py").unlink()
    indexed, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    (tmp_path / "cache").rename(tmp_path / "old-cache")
    unindexed, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    assert indexed.stdout == unindexed.stdout == ""
    assert indexed.returncode == unindexed.returncode == 2
    assert indexed.stderr == unindexed.stderr
    assert indexed.stderr.count("\n") == 1 and "XI101" in indexed.stderr
    assert "No module named 'index_plugin_words'" in indexed.stderr


def test_a_rule_whose_status_is_not_in_its_files_has_the_index_built_again(
    tmp_path, project, monkeypatch
):
    """A class that works out its status when imported (here from the environment) can
    differ from the index with no file changed: the run that meets it drops the index,
    and the next one chooses by what the class says."""
    _write_plugin(tmp_path)
    source = tmp_path / "plugins" / "index_plugin.py"
    source.write_text(
        "import os\n"
        + source.read_text().replace(
            "preview = False", 'preview = os.environ.get("ZEBRA_PREVIEW") == "1"'
        )
    )
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    assert "XI101" in _codes(done.stdout)
    monkeypatch.setenv("ZEBRA_PREVIEW", "1")
    _chatlint(tmp_path, project, "check", "reply.txt")  # chosen by the index, which it drops
    assert not list((tmp_path / "cache" / "rule-index").iterdir())
    done, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    assert "XI101" not in _codes(done.stdout)


@pytest.mark.parametrize("damage", [b"", b"CLRI", b"garbage" * 10, None])
def test_a_damaged_index_is_no_error_and_is_built_again(tmp_path, project, damage):
    first, _ = _chatlint(tmp_path, project, "check", "reply.txt")
    (index,) = (tmp_path / "cache" / "rule-index").iterdir()
    blob = index.read_bytes()
    index.write_bytes(blob[: len(blob) // 2] if damage is None else damage)
    again, imported = _chatlint(tmp_path, project, "check", "reply.txt")
    assert (again.returncode, again.stdout, again.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert PREVIEW_MODULES <= set(imported)  # it could not be read: every rule imported
    assert index.read_bytes() == blob


def test_no_index_when_the_cache_is_off_or_cannot_be_written(tmp_path, project, monkeypatch):
    monkeypatch.setenv("CHATLINT_CACHE_DIR", "")
    assert rule_index.index_file() is None
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHATLINT_CACHE_DIR", str(blocker / "cache"))
    rule_index.write({})  # no error
    assert blocker.read_text(encoding="utf-8") == ""
