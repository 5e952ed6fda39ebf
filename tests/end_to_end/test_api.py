"""The Python API an agent console calls on every draft."""

from __future__ import annotations

import pytest

import chatlint
from chatlint.errors import ConfigError


def test_lint_text_returns_violations_with_offsets():
    text = "Hi! It seems your refund is on its way. Did you get the e-mail??"
    violations = chatlint.lint_text(text)
    assert [(v.code, text[v.span.start : v.span.end]) for v in violations] == [
        ("CL101", "It seems"),
        ("CL404", "??"),
    ]
    assert violations[1].fix is not None and violations[1].fix.edits[0].replacement == "?"


def test_lint_text_kind_and_config(tmp_path):
    long = "Four words per sentence. " * 25
    assert [v.code for v in chatlint.lint_text(long)] == ["CL401"]
    assert chatlint.lint_text(long, kind="email") == []
    assert chatlint.lint_text("Probably.", config={"ignore": ["CL101"]}) == []
    config = tmp_path / "chatlint.toml"
    config.write_text("[rules.long-message]\nmax-words-chat = 200\n")
    assert chatlint.lint_text(long, config=config) == []
    assert chatlint.lint_text(long, config=chatlint.load_config(config)) == []


def test_lint_text_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown message kind"):
        chatlint.lint_text("x", kind="letter")
    with pytest.raises(ConfigError, match="unknown key 'nope'"):
        chatlint.lint_text("x", config={"nope": 1})


def test_lint_paths(tmp_path):
    (tmp_path / "a.txt").write_text("Probably it shipped.\n")
    (tmp_path / "b.md").write_text("# Fine\n")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    results = chatlint.lint_paths([tmp_path])
    assert [(r.path.rsplit("/", 1)[-1], [f.code for f in r.findings]) for r in results] == [
        ("a.txt", ["CL101"]),
        ("b.md", []),
    ]


def test_load_config_checks_everything_before_any_text_is_linted(tmp_path):
    config = tmp_path / "chatlint.toml"
    config.write_text('select = ["CL1"]\nignore = ["CL9999"]\n')
    with pytest.raises(ConfigError, match="'ignore' has 'CL9999', which matches no known rule"):
        chatlint.load_config(config)
    config.write_text('select = ["CL1"]\n[per-file-ignores]\n"drafts/**" = ["CL101"]\n')
    loaded = chatlint.load_config(config)
    # One loaded config serves every call; lint_text has no file, so no per-file ignore.
    for _ in range(3):
        assert [
            v.code
            for v in chatlint.lint_text("Probably. Sorry for any inconvenience.", config=loaded)
        ] == ["CL101"]
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("Probably.\n")
    (tmp_path / "b.txt").write_text("Probably.\n")
    results = chatlint.lint_paths([tmp_path / "drafts", tmp_path / "b.txt"], config=loaded)
    assert [(r.path.rsplit("/", 1)[-1], [f.code for f in r.findings]) for r in results] == [
        ("b.txt", ["CL101"]),
        ("a.txt", []),
    ]
