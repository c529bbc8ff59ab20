"""Derived tables cached on disk (issue 22): the same values as derived, read back, damage passed over."""

from __future__ import annotations

from articlediff.normalise import wordcache
from articlediff.normalise.wordcache import cached, cached_words


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
    assert len(list(tmp_path.glob("test-*.marshal"))) == 2


def test_a_damaged_list_is_derived_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    cached_words("test", b"data", lambda: {"a", "b"})
    (path,) = tmp_path.glob("test-*.marshal")
    whole = path.read_bytes()
    for damaged in (whole[:-3], whole[:10], b"", whole[:-1] + bytes([whole[-1] ^ 1])):  # cut short, or one bit flipped
        path.write_bytes(damaged)
        assert cached_words("test", b"data", lambda: {"a", "b"}) == frozenset({"a", "b"})
        assert path.read_bytes() == whole  # derived again and written back whole


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


def test_a_table_keeps_its_types(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    table = {"white house": 14_700_000, "économie": 3}
    assert cached("counts", b"v1", lambda: dict(table)) == table
    assert cached("counts", b"v1", lambda: {}) == table  # read back, not derived


def test_the_thesaurus_reads_back_as_parsed(tmp_path, monkeypatch):
    from articlediff.normalise import lexicon

    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    lexicon.load_thesaurus.cache_clear()
    try:
        first = lexicon.load_thesaurus()
        lexicon.load_thesaurus.cache_clear()
        again = lexicon.load_thesaurus()  # from the cache file this time
        assert len(list(tmp_path.glob("thesaurus-*.marshal"))) == 1
        assert dict(first.items()) == dict(again.items()) and len(again) > 100_000
        assert again["stated"][0] == "said" and again.get("no such form") is None and "stated" in again
    finally:
        lexicon.load_thesaurus.cache_clear()


def test_the_minhash_parameters_read_back_as_numpy_draws_them(tmp_path, monkeypatch):
    import numpy as np

    from articlediff.dedup import minhash

    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    drawn = np.frombuffer(minhash._drawn(128), dtype="<u8")
    for _ in range(2):  # derived and written, then read back
        a, b, multipliers = minhash._params(128)
        assert np.array_equal(np.concatenate((a, b, multipliers)), drawn) and a.dtype == np.uint64
    assert np.array_equal(a, minhash._A) and np.array_equal(multipliers, minhash._MULTIPLIERS)
    assert (a % 2 == 1).all() and len(b) == 128 and len(multipliers) == 16


def test_a_cached_file_of_another_type_is_derived_again(tmp_path, monkeypatch):
    import marshal

    from articlediff.normalise.wordcache import MAGIC

    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    cached("table", b"v1", lambda: {"a": 1})
    (path,) = tmp_path.glob("table-*.marshal")
    payload = marshal.dumps(["not", "a", "dict"])  # well formed, checksum right, wrong type
    import xxhash

    path.write_bytes(MAGIC + xxhash.xxh64_digest(payload) + payload)
    assert cached("table", b"v1", lambda: {"a": 1}) == {"a": 1}
