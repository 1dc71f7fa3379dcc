"""The on-disk cache: reused while nothing changed, rebuilt on any edit or damage, and kept small."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sdi import cache
from sdi.model import Library


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SDI_NO_CACHE", raising=False)
    return tmp_path


def counting_builder(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value
    return calls, build


def test_second_call_reads_the_stored_object(folder: Path) -> None:
    calls, build = counting_builder({"a": 1})
    assert cache.cached("thing", "k1", build) == {"a": 1}
    assert cache.cached("thing", "k1", build) == {"a": 1}
    assert len(calls) == 1


def test_a_damaged_entry_is_rebuilt_silently(folder: Path) -> None:
    calls, build = counting_builder([1, 2])
    cache.cached("thing", "k1", build)
    (folder / "thing-k1.pickle").write_bytes(b"\x80\x05garbage")
    assert cache.cached("thing", "k1", build) == [1, 2]
    assert len(calls) == 2


def test_no_cache_builds_every_time(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDI_NO_CACHE", "1")
    calls, build = counting_builder(3)
    cache.cached("thing", "k1", build)
    cache.cached("thing", "k1", build)
    assert len(calls) == 2 and not list(folder.iterdir())


def test_key_changes_with_any_edit_and_only_then(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\n")
    b.write_text("y: 2\n")
    first = cache.content_key([a, b])
    assert cache.content_key([b, a]) == first  # order of listing does not matter
    a.write_text("x: 2\n")  # same length, one byte changed
    assert cache.content_key([a, b]) != first
    a.write_text("x: 1\n")
    assert cache.content_key([a, b]) == first
    assert cache.content_key([a, b], "extra") != first


def test_moving_bytes_between_files_changes_the_key(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"abc")
    b.write_bytes(b"def")
    first = cache.content_key([a, b])
    a.write_bytes(b"abcd")
    b.write_bytes(b"ef")
    assert cache.content_key([a, b]) != first


def test_prune_drops_unused_entries_and_dead_temporaries(folder: Path) -> None:
    now = time.time()
    old, fresh, tmp = folder / "library-old.pickle", folder / "library-new.pickle", folder / ".tmp-x"
    for path in (old, fresh, tmp):
        path.write_bytes(b"x")
    os.utime(old, (now - cache.MAX_AGE - 60,) * 2)
    os.utime(tmp, (now - cache.STALE_TMP - 60,) * 2)
    cache.prune(folder, now)
    assert sorted(p.name for p in folder.iterdir()) == ["library-new.pickle"]


def test_prune_keeps_the_total_under_budget_least_recent_first(folder: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", 250)
    now = time.time()
    for i in range(5):
        path = folder / f"matcher-{i}.pickle"
        path.write_bytes(b"x" * 100)
        os.utime(path, (now - 100 + i,) * 2)
    cache.prune(folder, now)
    assert sorted(p.name for p in folder.iterdir()) == ["matcher-3.pickle", "matcher-4.pickle"]


def test_reading_an_entry_marks_it_used(folder: Path) -> None:
    calls, build = counting_builder("v")
    cache.cached("thing", "k1", build)
    entry = folder / "thing-k1.pickle"
    os.utime(entry, (time.time() - cache.MAX_AGE - 60,) * 2)
    cache.cached("thing", "k1", build)
    cache.prune(folder)
    assert entry.exists() and len(calls) == 1


def test_a_loaded_library_carries_its_phrases_normalised(library: Library) -> None:
    """A cold compile after a cached load reads every catalog phrase from the table, not the stemmer."""
    from sdi.text import _phrase_words

    packed = dict(zip(*library.phrases))
    terms = [t for c in library.catalog.concepts.values() for t in c.terms]
    assert terms
    for term in terms:
        words, stems = _phrase_words(term)
        assert packed[term] == " ".join(words) + "\x1f" + " ".join(stems)


def test_the_code_fingerprint_covers_subpackages() -> None:
    # a matcher cached by older negation code must not be reused: sdi.negation is a subpackage
    names = [name for name, _ in cache._sources(os.path.dirname(os.path.abspath(cache.__file__)))]
    assert "negation/reader.py" in names and "cache.py" in names
