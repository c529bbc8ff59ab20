"""Derived word lists cached on disk (issue 22): the same words as derived, read back, damage passed over."""

from __future__ import annotations

from articlediff.normalise import wordcache
from articlediff.normalise.wordcache import cached_words


def test_a_list_is_derived_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    calls = []

    def derive():
        calls.append(1)
        return {"stated", "said", "économie"}

    first = cached_words("test", b"data v1", derive)
    again = cached_words("test", b"data v1", derive)
    assert first == again == frozenset({"stated", "said", "économie"}) and len(calls) == 1
    # other data: another file, derived again; the first is left as it was
    assert cached_words("test", b"data v2", lambda: {"x"}) == frozenset({"x"})
    assert len(list(tmp_path.glob("test-*.txt"))) == 2


def test_a_damaged_list_is_derived_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    cached_words("test", b"data", lambda: {"a", "b"})
    (path,) = tmp_path.glob("test-*.txt")
    path.write_text("2\na", encoding="utf-8")  # cut short
    assert cached_words("test", b"data", lambda: {"a", "b"}) == frozenset({"a", "b"})
    assert path.read_text(encoding="utf-8") == "2\na\nb"


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(blocked / "cache"))
    assert cached_words("test", b"data", lambda: {"a"}) == frozenset({"a"})
    assert blocked.read_text(encoding="utf-8") == "not a folder"
    assert wordcache.cache_folder() == blocked / "cache"


def test_the_spinnable_words_are_the_thesaurus_words(tmp_path, monkeypatch):
    from articlediff.normalise.lexicon import load_thesaurus, spinnable_words

    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    spinnable_words.cache_clear()
    try:
        words = spinnable_words()
        expected = {w for form, originals in load_thesaurus().items() for p in (form, *originals) for w in p.split()}
        assert words == expected
        spinnable_words.cache_clear()
        assert spinnable_words() == expected  # read back from the file this time
    finally:
        spinnable_words.cache_clear()
