"""The word-frequency table answers exactly what wordfreq answers.

``build_docs.repair.lexicon`` stands between the word repairs and wordfreq so
that a process does not load the whole English list; these tests hold it to
giving the same numbers, whatever the word and whether or not the table can
be written.
"""

from __future__ import annotations

import os
import string
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_dict, zipf_frequency

from build_docs.repair import lexicon

LISTED_WORDS = sorted(get_frequency_dict("en"))[::97]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no answers or connection from earlier tests."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.forget()
    yield tmp_path / "build_docs"
    lexicon.forget()


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.sampled_from(LISTED_WORDS),
                 st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=12),
                 st.text(alphabet=string.ascii_letters + "'’-éı0 ", min_size=1, max_size=12)))
def test_answers_are_wordfreqs(word: str) -> None:
    assert lexicon.zipf(word) == zipf_frequency(word, "en")


def test_a_batch_answers_as_single_lookups_do() -> None:
    words = LISTED_WORDS[:2500] + ["xqzt", "don't", "naïve"]
    lexicon.forget()
    lexicon.prefetch(words)  # more words than one query may bind
    assert {w: lexicon.zipf(w) for w in words} == {w: zipf_frequency(w, "en") for w in words}


def test_the_table_is_made_once_in_the_cache_folder(fresh_cache: Path) -> None:
    assert lexicon.zipf("river") == zipf_frequency("river", "en")
    tables = list(fresh_cache.iterdir())
    assert [t.name for t in tables] == [lexicon.table_path().name]  # no temporary file left
    made = tables[0].stat().st_ino
    os.utime(tables[0], (0, 0))
    lexicon.forget()
    assert lexicon.zipf("border") == zipf_frequency("border", "en")
    assert tables[0].stat().st_ino == made  # opened, not written again ...
    assert tables[0].stat().st_mtime > 0  # ... and marked as used (old tables of other installs are removed)


def test_an_unwritable_cache_leaves_wordfreq_to_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    lexicon.forget()
    try:
        assert lexicon.zipf("policy") == zipf_frequency("policy", "en")
        assert lexicon._open_table() is None
    finally:
        lexicon.forget()


def test_a_forked_worker_opens_its_own_connection(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = lexicon._open_table()
    assert parent is not None
    other_pid = os.getpid() + 1
    monkeypatch.setattr(lexicon.os, "getpid", lambda: other_pid)
    child = lexicon._open_table()
    assert child is not None and child is not parent


def test_the_table_is_named_for_the_wordfreq_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def install(folder: Path, word_list: bytes) -> Path:
        (folder / "data").mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / "data" / "large_en.msgpack.gz").write_bytes(word_list)
        return folder / "__init__.py"

    origins = {"old": install(tmp_path / "old", b"list"), "new": install(tmp_path / "new", b"longer list")}
    names = {}
    for version, origin in origins.items():
        monkeypatch.setattr(lexicon.importlib.util, "find_spec", lambda name, o=origin: SimpleNamespace(origin=str(o)))
        names[version] = lexicon.table_path().name
    assert names["old"] != names["new"]


def test_a_damaged_table_is_removed_and_wordfreq_answers(fresh_cache: Path) -> None:
    path = lexicon.table_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)  # e.g. a disk error
    assert lexicon.zipf("policy") == zipf_frequency("policy", "en")
    assert lexicon.zipf("xqzt") == 0.0
    assert not path.exists()
    lexicon.forget()  # the next process writes the table again
    assert lexicon.zipf("river") == zipf_frequency("river", "en")
    assert path.is_file()


def test_a_relative_cache_folder_is_taken_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    lexicon.forget()
    try:
        assert lexicon.zipf("policy") == zipf_frequency("policy", "en")
        assert lexicon._open_table() is not None
        assert lexicon.table_path().is_relative_to(tmp_path / "relative-cache")
    finally:
        lexicon.forget()


def test_threads_asking_at_once_share_one_table(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under mkdocs serve the warm-up thread and a build may both ask first."""
    writes: list[Path] = []
    real_write = lexicon.write_table

    def counted(path: Path) -> None:
        writes.append(path)
        real_write(path)

    monkeypatch.setattr(lexicon, "write_table", counted)
    asked_wordfreq: list[str] = []
    real_wordfreq = lexicon._wordfreq_zipf

    def fallback(word: str) -> float:
        asked_wordfreq.append(word)
        return real_wordfreq(word)

    monkeypatch.setattr(lexicon, "_wordfreq_zipf", fallback)
    words = ["policy", "river", "border", "state"]
    answers: dict[str, float] = {}
    threads = [threading.Thread(target=lambda w=w: answers.__setitem__(w, lexicon.zipf(w))) for w in words]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(writes) == 1
    assert asked_wordfreq == []  # the others waited for the table rather than load wordfreq's list
    assert answers == {w: zipf_frequency(w, "en") for w in words}
