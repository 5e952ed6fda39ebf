"""Configuration: discovery, strict decoding, selection and per-file ignores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatlint.config import decode_settings, load_settings
from chatlint.errors import ConfigError
from chatlint.registry import Registry


def test_pyproject_tool_table_is_found_walking_up(cli, write, monkeypatch, tmp_path):
    write("pyproject.toml", '[tool.chatlint]\nignore = ["CL101"]\n')
    write("macros/deep/reply.txt", "probably\n")
    monkeypatch.chdir(tmp_path / "macros" / "deep")
    assert cli(["check", "reply.txt"]).exit_code == 0


def test_pyproject_without_tool_table_is_passed_over(cli, write, monkeypatch, tmp_path):
    write(".chatlint.toml", 'ignore = ["CL101"]\n')
    write("sub/pyproject.toml", '[project]\nname = "x"\n')
    write("sub/reply.txt", "probably\n")
    monkeypatch.chdir(tmp_path / "sub")
    assert cli(["check", "reply.txt"]).exit_code == 0


@pytest.mark.parametrize("name", [".chatlint.toml", "chatlint.toml"])
def test_top_level_keys_in_chatlint_toml(cli, write, name):
    write(name, 'ignore = ["hedging"]\n')
    write("reply.txt", "probably\n")
    assert cli(["check", "reply.txt"]).exit_code == 0


def test_explicit_config_wins(cli, write):
    write(".chatlint.toml", 'ignore = ["CL101"]\n')
    write("strict.toml", 'select = ["CL1"]\n')
    write("reply.txt", "probably\n")
    assert cli(["check", "--config", "strict.toml", "reply.txt"]).exit_code == 1


def test_missing_explicit_config(cli, write):
    write("reply.txt", "fine\n")
    result = cli(["check", "--config", "nope.toml", "reply.txt"])
    assert result.exit_code == 2
    assert result.stderr == "chatlint: error: nope.toml: config file not found\n"


@pytest.mark.parametrize(
    "content, message",
    [
        ('selec = ["CL1"]\n', "unknown key 'selec'"),
        ('select = "CL1"\n', "'select' must be a list of strings, like [\"CL1\"]"),
        ("select = [1]\n", "'select' must be a list of strings"),
        ('select = ["CL9"]\n', "'select' has 'CL9', which matches no known rule"),
        ('ignore = ["XX"]\n', "'ignore' has 'XX', which matches no known rule"),
        ('per-file-ignores = ["a"]\n', "'per-file-ignores' must be a table of glob = [codes]"),
        ('[per-file-ignores]\n"*.txt" = ["CL77"]\n', "'per-file-ignores.\"*.txt\"' has 'CL77'"),
        ('exclude = ["[abc"]\n', "unclosed '[' in glob '[abc'"),
        ("[rules.nope]\nx = 1\n", "'rules.nope' names no known rule"),
        (
            '[rules.hedging]\nextend-phrase = ["x"]\n',
            "unknown option 'rules.hedging.extend-phrase' (did you mean 'extend-phrases'?) "
            "(options: extend-phrases, ignore-phrases)",
        ),
        ('[rules.CL101]\nextend-phrases = "x"\n', "'rules.CL101.extend-phrases' must be a list"),
        ("[rules.CL101]\nextend-phrases = [3]\n", "'rules.CL101.extend-phrases' must be a string"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(cli, write, content, message):
    write(".chatlint.toml", content)
    write("reply.txt", "fine\n")
    result = cli(["check", "reply.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith("chatlint: error: ")
    assert ".chatlint.toml: " in result.stderr
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_bad_pyproject_key_names_the_table(cli, write):
    write("pyproject.toml", "[tool.chatlint]\nexclud = []\n")
    result = cli(["check", "-"], input="fine")
    assert result.exit_code == 2
    assert "pyproject.toml: unknown key 'tool.chatlint.exclud'" in result.stderr


def test_not_utf8_config(cli, write):
    write(".chatlint.toml", b'select = ["\xff"]\n')
    result = cli(["check", "-"], input="fine")
    assert result.exit_code == 2 and "invalid TOML" in result.stderr


def test_rule_options_extend_and_ignore_phrases(cli, write):
    write(
        ".chatlint.toml",
        '[rules.hedging]\nextend-phrases = ["I wonder if"]\nignore-phrases = ["Probably"]\n',
    )
    result = cli(["check", "-q", "-"], input="Probably. I wonder if it shipped.\n")
    assert (
        result.stdout.splitlines()[0]
        == '-:1:11: CL101 Hedging: "I wonder if" makes the reply sound unsure'
    )
    assert len([line for line in result.stdout.splitlines() if not line.startswith(" ")]) == 1


def test_per_file_ignores_by_glob(cli, write):
    write(
        "pyproject.toml",
        '[tool.chatlint.per-file-ignores]\n"legacy/**" = ["CL1"]\n"*.keep.txt" = ["hedging"]\n',
    )
    write("legacy/a/b.txt", "probably\n")
    write("x.keep.txt", "probably\n")
    write("new.txt", "probably\n")
    result = cli(["check", "-q", "."])
    assert [
        line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")
    ] == ["new.txt"]


def test_per_file_ignores_apply_to_stdin_filename(cli, write):
    write(".chatlint.toml", '[per-file-ignores]\n"drafts/*" = ["CL101"]\n')
    assert cli(["check", "--stdin-filename", "drafts/x.txt", "-"], input="probably").exit_code == 0
    assert cli(["check", "--stdin-filename", "other/x.txt", "-"], input="probably").exit_code == 1


def test_cli_selectors_are_checked(cli):
    result = cli(["check", "--ignore", "CL9", "-"], input="x")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "chatlint: error: command line: '--ignore' has 'CL9', which matches no known rule\n"
    )


def test_cli_select_replaces_config_select(cli, write):
    write(".chatlint.toml", 'ignore = ["CL1"]\n')
    assert cli(["check", "-"], input="probably").exit_code == 0
    # A full code beats the config's shorter ignore prefix.
    assert cli(["check", "--select", "CL101", "-"], input="probably").exit_code == 1
    assert cli(["check", "--extend-select", "CL101", "-"], input="probably").exit_code == 1
    # ...but an ignore of the same length wins the tie.
    assert (
        cli(["check", "--select", "CL101", "--ignore", "CL101", "-"], input="probably").exit_code
        == 0
    )


def test_decode_settings_directly(tmp_path):
    settings = decode_settings(
        {"select": ["CL1"], "rules": {"hedging": {"extend-phrases": ["I wonder"]}}},
        Registry.installed(),
        root=tmp_path,
    )
    assert settings.select == ("CL1",)
    assert settings.rule_options["CL101"].extend_phrases == ("I wonder",)
    with pytest.raises(ConfigError, match="unknown key 'nope'"):
        decode_settings({"nope": 1}, Registry.installed(), root=tmp_path)


def test_no_config_gives_defaults(tmp_path):
    settings = load_settings(Registry.installed(), cwd=tmp_path)
    assert settings.source is None and settings.select is None


@pytest.mark.parametrize(
    "rule, options, text, code",
    [
        (
            "bad-news-without-solution",
            {"extend-bad-news": ["shop is shut"]},
            "Sorry, the shop is shut.",
            "CL501",
        ),
        (
            "bad-news-without-empathy",
            {"extend-bad-news": ["shop is shut"]},
            "The shop is shut. Try the other one.",
            "CL502",
        ),
        (
            "unfilled-placeholder",
            {"extend-placeholder-words": ["voucher code"]},
            "Use [voucher code] at checkout.",
            "CL601",
        ),
        (
            "unfilled-placeholder",
            {"extend-markers": ["wip"]},
            "The new plan launches WIP.",
            "CL601",
        ),
        (
            "deferring-to-others",
            {"extend-people": ["shift lead"]},
            "Let me check with my shift lead.",
            "CL102",
        ),
        ("shouting", {"min-letters": 3}, "That is BAD.", "CL404"),
        ("long-sentence", {"max-words": 3}, "This sentence has five words.", "CL402"),
        ("long-message", {"max-words-chat": 2}, "Three words here.", "CL401"),
    ],
)
def test_rule_options_take_effect(rule, options, text, code):
    from chatlint import lint_text

    # Selected by code, so the test holds whether the rule is stable or preview.
    assert code not in {v.code for v in lint_text(text, config={"extend-select": [code]})}
    configured = {"extend-select": [code], "rules": {rule: options}}
    assert code in {v.code for v in lint_text(text, config=configured)}


@pytest.mark.parametrize(
    "rule, options, text, code",
    [
        (
            "bad-news-without-solution",
            {"extend-solutions": ["market stall"]},
            "Unfortunately the shop is shut. Our market stall is open tomorrow.",
            "CL501",
        ),
        (
            "bad-news-without-empathy",
            {"extend-acknowledgements": ["what a pain"]},
            "What a pain. The shop is not available today. Try the other one.",
            "CL502",
        ),
        (
            "bad-news-without-reason",
            {"extend-reasons": ["for the holiday"]},
            "Sorry, we can't refund it, the shop is shut for the holiday. Try the other one.",
            "CL503",
        ),
        (
            "bad-news-without-solution",
            {"ignore-bad-news": ["sold out"]},
            "Please note the blue jacket is sold out.",
            "CL501",
        ),
        ("shouting", {"extend-acronyms": ["sparrow"]}, "Your SPARROW ACCOUNT is locked.", "CL404"),
        ("hedging", {"ignore-phrases": ["perhaps"]}, "Perhaps.", "CL101"),
    ],
)
def test_rule_options_can_silence(rule, options, text, code):
    from chatlint import lint_text

    assert code in {v.code for v in lint_text(text, config={"extend-select": [code]})}
    assert code not in {
        v.code for v in lint_text(text, config={"extend-select": [code], "rules": {rule: options}})
    }


# -- each file takes the config nearest above it ------------------------------------


def _flagged(run) -> list:
    return sorted({line.split(":")[0] for line in run.stdout.splitlines() if ": CL" in line})


def test_each_file_is_linted_with_the_config_nearest_above_it(cli, write):
    write(".chatlint.toml", 'ignore = ["CL201"]\n')
    write("macros/.chatlint.toml", 'ignore = ["CL101"]\n')
    for folder in ("", "macros/", "macros/deep/"):
        write(f"{folder}reply.txt", "Probably it shipped. Sorry for any inconvenience.\n")
    run = cli(["check", "--output-format", "json", "."])
    found = sorted((item["filename"], item["code"]) for item in json.loads(run.stdout))
    assert found == [
        ("macros/deep/reply.txt", "CL201"),
        ("macros/reply.txt", "CL201"),
        ("reply.txt", "CL101"),
    ]
    # Named one by one, or from inside the folder, the same files take the same configs.
    assert _flagged(cli(["check", "macros/deep/reply.txt", "reply.txt"])) == [
        "macros/deep/reply.txt",
        "reply.txt",
    ]
    assert "CL101" not in cli(["check", "macros/deep/reply.txt"]).stdout


def test_a_nested_config_s_excludes_apply_below_it(cli, write):
    write("kb/.chatlint.toml", 'extend-exclude = ["drafts"]\n')
    write("kb/drafts/reply.txt", "It seems so.\n")
    write("kb/published/reply.txt", "It seems so.\n")
    assert _flagged(cli(["check", "."])) == ["kb/published/reply.txt"]


def test_config_option_applies_one_config_to_every_file(cli, write):
    write("macros/.chatlint.toml", 'ignore = ["CL101"]\n')
    write("macros/reply.txt", "Probably it shipped.\n")
    write("strict.toml", 'select = ["CL1"]\n')
    assert _flagged(cli(["check", "--config", "strict.toml", "."])) == ["macros/reply.txt"]


def test_standard_input_takes_the_config_of_the_name_it_is_given(cli, write):
    write("macros/.chatlint.toml", 'ignore = ["CL101"]\n')
    assert (
        cli(["check", "--stdin-filename", "macros/new.txt", "-"], input="Probably.\n").exit_code
        == 0
    )
    assert cli(["check", "--stdin-filename", "new.txt", "-"], input="Probably.\n").exit_code == 1


def test_worker_processes_use_each_file_s_config(cli, write):
    write("macros/.chatlint.toml", 'ignore = ["CL101"]\n')
    for number in range(40):
        write(f"macros/reply{number:02}.txt", "Probably it shipped.\n")
        write(f"drafts/reply{number:02}.txt", "Probably it shipped.\n")
    run = cli(["check", "--jobs", "2", "."])
    assert _flagged(run) == [f"drafts/reply{number:02}.txt" for number in range(40)]


def test_a_config_above_the_repository_is_not_used(cli, write, tmp_path, monkeypatch):
    write(".chatlint.toml", 'exclude = ["*"]\n')  # in a home folder, say
    write("repo/.git/HEAD", "ref: refs/heads/main\n")
    write("repo/reply.txt", "It seems so.\n")
    monkeypatch.chdir(tmp_path / "repo")
    assert cli(["check", "."]).exit_code == 1


def test_a_broken_nested_config_is_a_one_line_error(cli, write):
    write("macros/.chatlint.toml", 'selec = ["CL1"]\n')
    write("macros/reply.txt", "fine\n")
    run = cli(["check", "."])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"chatlint: error: {Path('macros/.chatlint.toml')}: unknown key")
    assert run.stderr.count("\n") == 1


def test_a_severity_lowered_to_info_is_kept(cli, write):
    # The README's own example: hedging reported as information, which `--fail-on
    # warning` lets pass.
    write("pyproject.toml", '[tool.chatlint.severity]\nhedging = "info"\n')
    write("reply.txt", "It seems it shipped.\n")
    run = cli(["check", "--output-format", "json", "reply.txt"])
    assert [item["severity"] for item in json.loads(run.stdout)] == ["info"]
    assert cli(["check", "--fail-on", "warning", "reply.txt"]).exit_code == 0
    assert cli(["check", "reply.txt"]).exit_code == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ('selct = ["CL1"]\n', "unknown key 'selct' (did you mean 'select'?)"),
        ('extend-exclud = ["a"]\n', "unknown key 'extend-exclud' (did you mean 'extend-exclude'?)"),
        (
            'select = ["CL1O1"]\n',
            "'select' has 'CL1O1', which matches no known rule (did you mean 'CL101'?)",
        ),
        ('ignore = ["hedgin"]\n', "matches no known rule (did you mean 'hedging'?)"),
        (
            '[severity]\nhedgng = "info"\n',
            "'severity.hedgng' names no known rule (did you mean 'hedging'?)",
        ),
        (
            "[rules.long-message]\nmax-words-mail = 3\n",
            "unknown option 'rules.long-message.max-words-mail' (did you mean 'max-words-email'?)",
        ),
    ],
)
def test_a_typo_in_the_config_gets_the_name_it_meant(cli, write, content, message):
    write(".chatlint.toml", content)
    write("reply.txt", "fine\n")
    result = cli(["check", "reply.txt"])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


# -- what a walk lints: ignore files, include ------------------------------------------


def test_files_that_gitignore_names_are_left_out(cli, write):
    write(".git/HEAD", "ref: refs/heads/main\n")
    write(".gitignore", "exports/\n*.tmp.txt\n!keep.tmp.txt\n")
    write("kb/.gitignore", "drafts/\n")
    write(".ignore", "vendor\n")
    for name in (
        "reply.txt",
        "exports/reply.txt",
        "kb/a.tmp.txt",
        "kb/keep.tmp.txt",
        "kb/drafts/reply.txt",
        "kb/published/reply.txt",
        "vendor/reply.txt",
    ):
        write(name, "It seems so.\n")
    assert _flagged(cli(["check", "."])) == [
        "kb/keep.tmp.txt",
        "kb/published/reply.txt",
        "reply.txt",
    ]
    # Walking a folder of the repository, the root's ignore files still apply.
    assert _flagged(cli(["check", "kb"])) == ["kb/keep.tmp.txt", "kb/published/reply.txt"]
    # A file named on the command line is linted whatever the ignore files say.
    assert _flagged(cli(["check", "exports/reply.txt"])) == ["exports/reply.txt"]
    everything = cli(["check", "--no-respect-gitignore", "."])
    assert len(_flagged(everything)) == 7


def test_respect_gitignore_can_be_turned_off_in_the_config(cli, write):
    write(".chatlint.toml", "respect-gitignore = false\n")
    write(".gitignore", "exports/\n")
    write("exports/reply.txt", "It seems so.\n")
    assert _flagged(cli(["check", "."])) == ["exports/reply.txt"]
    assert _flagged(cli(["check", "--respect-gitignore", "."])) == []


def test_include_limits_a_walk_to_the_support_content(cli, write):
    write(".chatlint.toml", 'include = ["macros/**"]\nextend-include = ["kb/*.md"]\n')
    for name in ("README.md", "package.json", "macros/refund.txt", "kb/late.md", "kb/old/x.md"):
        # "As far as I know": Markdown is read as an article, where only first-person
        # doubt is CL101's.
        write(
            name,
            '{"body": "As far as I know."}\n' if name.endswith(".json") else "As far as I know.\n",
        )
    assert _flagged(cli(["check", "."])) == ["kb/late.md", "macros/refund.txt"]


def test_show_settings_says_which_config_a_file_takes_and_what_runs(cli, write):
    write(".chatlint.toml", 'ignore = ["CL201"]\n')
    write(
        "macros/.chatlint.toml",
        'ignore = ["CL101"]\n[severity]\nshouting = "error"\n'
        "[rules.long-message]\nmax-words-chat = 40\n",
    )
    write("macros/refund.txt", "fine\n")
    result = cli(["check", "--show-settings", "macros/refund.txt"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Settings for macros/refund.txt",
        f"  config file:       {Path('macros/.chatlint.toml')}",
        "  project root:      macros",
        "  read as:           text, kind chat",
    ]
    assert "    CL404 shouting (error)" in lines and "    CL201 generic-apology (warning)" in lines
    assert not any(line.startswith("    CL101") for line in lines)
    assert "  rules.long-message.max-words-chat = 40" in lines
    # The root's config for a file beside it; nothing is linted.
    other = cli(["check", "--show-settings", "macros/../reply.txt"]).stdout
    assert "  config file:       .chatlint.toml" in other.splitlines()


def test_show_files_lists_what_a_run_would_lint(cli, write):
    write(".gitignore", "exports/\n")
    for name in ("b.txt", "a.md", "exports/c.txt", "notes.docx", "macros/x.yaml"):
        write(name, "It seems so.\n")
    result = cli(["check", "--show-files", "."])
    assert (result.exit_code, result.stdout) == (0, "a.md\nb.txt\nmacros/x.yaml\n")
    missing = cli(["check", "--show-files", "a.md", "nope.txt"])
    assert (missing.exit_code, missing.stdout) == (2, "a.md\n")
    assert missing.stderr == "chatlint: error: nope.txt: no such file or directory\n"


def test_a_folder_named_on_the_command_line_is_walked_even_if_ignored(cli, write):
    write(".git/HEAD", "ref: refs/heads/main\n")
    write(".gitignore", "exports/\n*.bak.txt\n")
    write("exports/jan/reply.txt", "It seems so.\n")
    write("exports/jan/reply.bak.txt", "It seems so.\n")
    assert _flagged(cli(["check", "exports/jan"])) == ["exports/jan/reply.txt"]
    assert _flagged(cli(["check", "."])) == []


def test_a_deeper_ignore_file_takes_back_what_a_shallower_one_ignores(cli, write):
    write(".gitignore", "*.old.txt\n")
    write("kb/.gitignore", "!keep.old.txt\n")
    write("kb/keep.old.txt", "It seems so.\n")
    write("kb/drop.old.txt", "It seems so.\n")
    assert _flagged(cli(["check", "."])) == ["kb/keep.old.txt"]
