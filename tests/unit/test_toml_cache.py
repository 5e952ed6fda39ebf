"""The rule-data cache: used while the data file holds the bytes it was made from, and
never a reason for a run to fail or read stale phrases."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chatlint import toml_files

DATA = 'phrases = ["maybe", "I think"]\n'


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CHATLINT_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "rules" / "hedges.toml"
    path.parent.mkdir()
    path.write_text(DATA, encoding="utf-8")
    return path


def _no_parser(monkeypatch):
    def refuse():
        raise AssertionError("the TOML file was parsed, not read from the cache")

    monkeypatch.setattr(toml_files, "toml_parser", refuse)


def test_the_second_load_comes_from_the_cache(cache_dir, data_file, monkeypatch):
    first = toml_files.load_cached(str(data_file))
    entries = list((cache_dir / "rule-data").iterdir())
    assert [entry.name.split("-")[0] for entry in entries] == ["hedges.toml"]
    _no_parser(monkeypatch)
    assert toml_files.load_cached(str(data_file)) == first == {"phrases": ["maybe", "I think"]}


def test_an_edited_data_file_is_parsed_again_even_with_the_same_size_and_time(cache_dir, data_file):
    toml_files.load_cached(str(data_file))
    status = os.stat(data_file)
    data_file.write_text(DATA.replace("maybe", "MAYBE"), encoding="utf-8")
    os.utime(data_file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert toml_files.load_cached(str(data_file)) == {"phrases": ["MAYBE", "I think"]}
    assert toml_files.load_cached(str(data_file)) == {"phrases": ["MAYBE", "I think"]}


@pytest.mark.parametrize("damage", [b"", b"CLTD", b"garbage" * 10, None])
def test_a_damaged_entry_is_replaced(cache_dir, data_file, damage):
    toml_files.load_cached(str(data_file))
    (entry,) = (cache_dir / "rule-data").iterdir()
    blob = entry.read_bytes()
    entry.write_bytes(blob[: len(blob) // 2] if damage is None else damage)
    assert toml_files.load_cached(str(data_file)) == {"phrases": ["maybe", "I think"]}
    assert entry.read_bytes() == blob


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, data_file, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHATLINT_CACHE_DIR", str(blocker / "cache"))
    assert toml_files.load_cached(str(data_file)) == {"phrases": ["maybe", "I think"]}
    assert blocker.read_text(encoding="utf-8") == ""


def test_an_empty_cache_dir_setting_turns_the_cache_off(tmp_path, data_file, monkeypatch):
    monkeypatch.setenv("CHATLINT_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert toml_files.cache_file(str(data_file)) is None
    assert toml_files.load_cached(str(data_file)) == {"phrases": ["maybe", "I think"]}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rules"]


def test_data_marshal_cannot_store_is_parsed_every_time(cache_dir, data_file):
    data_file.write_text("released = 2026-11-23\n", encoding="utf-8")
    assert str(toml_files.load_cached(str(data_file))["released"]) == "2026-11-23"
    assert not (cache_dir / "rule-data").exists() or not list((cache_dir / "rule-data").iterdir())


def test_a_damaged_data_file_is_still_reported(cache_dir, data_file):
    data_file.write_text("phrases = [\n", encoding="utf-8")
    with pytest.raises(toml_files.toml_parser().TOMLDecodeError):
        toml_files.load_cached(str(data_file))


def test_files_of_the_same_name_in_two_places_keep_their_own_entries(cache_dir, tmp_path):
    one, two = tmp_path / "a" / "x.toml", tmp_path / "b" / "x.toml"
    for path, value in ((one, "1"), (two, "2")):
        path.parent.mkdir()
        path.write_text(f"value = {value}\n", encoding="utf-8")
    for _ in range(2):
        assert toml_files.load_cached(str(one)) == {"value": 1}
        assert toml_files.load_cached(str(two)) == {"value": 2}
    assert len(list((cache_dir / "rule-data").iterdir())) == 2


def test_a_cold_and_a_warm_run_report_the_same(tmp_path):
    """The whole command, in fresh processes: first with an empty cache, then with it."""
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "It seems we will probably refund you. Sorry for any inconvenience.\n", encoding="utf-8"
    )
    environment = {**os.environ, "CHATLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "chatlint", "check", str(draft)]
    cold = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)
    assert len(list((tmp_path / "cache" / "rule-data").iterdir())) >= 5
    warm = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout and "CL101" in cold.stdout and "CL201" in cold.stdout
    assert not [path for path in (tmp_path / "cache").rglob("*tmp")]
