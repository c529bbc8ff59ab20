"""The compiled signing path (``dedup/native.py``) gives the numpy path's prints bit for bit, and falls back quietly.

The equality tests need a C compiler (this machine kind has one); the fallback tests run everywhere.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.dedup import native
from articlediff.dedup.fingerprint import fingerprint

needs_compiler = pytest.mark.skipif(native.compiler() is None, reason="no C compiler on this machine")

WORDS = ["the", "minister", "said", "trade", "talks", "would", "resume", "in", "Brussels", "on", "Monday", "2025",
         "€5bn", "don’t", "co-operation", "Élysée", "and", "a", "deal", "was", "near", "UK", "EU", "summit"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
document = st.lists(paragraph, min_size=0, max_size=5).map("\n\n".join)


@pytest.fixture(autouse=True)
def fresh_library():
    """Each test finds the library as it sets things up (no loaded library, or failed look-up, left from another)."""
    native.library.cache_clear()
    yield
    native.library.cache_clear()


def _prints(texts, monkeypatch, on: bool):
    monkeypatch.setenv(native.SWITCH, "1" if on else "0")
    native.library.cache_clear()  # the switch is read when the library is first asked for
    return fingerprint(texts)


def _same(a, b) -> None:
    for name in a.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape, name
            assert np.array_equal(x, y), name
        else:
            assert x == y, name


@needs_compiler
def test_the_compiled_path_is_built_and_used(monkeypatch, tmp_path):
    """Built afresh in an empty cache folder (as on a new machine), then loaded and used."""
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    monkeypatch.setenv(native.SWITCH, "1")
    assert native.library() is not None
    assert native.built_path().parent == tmp_path and native.built_path().exists()
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name or p.suffix == ".failed"] == []
    texts = ["The minister said trade talks would resume in Brussels on Monday. " * 5, "Short."]
    _same(fingerprint(texts), _prints(texts, monkeypatch, False))


@needs_compiler
@settings(max_examples=40, deadline=None)
@given(st.lists(document, min_size=1, max_size=8))
def test_compiled_and_numpy_prints_are_the_same(texts):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(_prints(texts, monkeypatch, True), _prints(texts, monkeypatch, False))


@needs_compiler
def test_the_seeds_print_the_same_both_ways(monkeypatch, seeds):
    seed_texts = [a.text for a in seeds.values()]
    texts = [*seed_texts, "", "One.", "x " * 400, seed_texts[0][:500]]
    compiled, numpy_path = _prints(texts, monkeypatch, True), _prints(texts, monkeypatch, False)
    assert len(compiled.passages) > 20  # windows were signed, not only documents
    _same(compiled, numpy_path)


def test_switched_off_means_numpy(monkeypatch):
    monkeypatch.setenv(native.SWITCH, "0")
    assert native.library() is None


def test_a_failing_compiler_falls_back_and_is_not_tried_again(monkeypatch, tmp_path):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    monkeypatch.setenv(native.SWITCH, "1")
    monkeypatch.setenv("CC", "false")  # exits 1 at once
    assert native.library() is None
    failed = native.built_path().with_suffix(".failed")
    assert "exited with 1" in failed.read_text(encoding="utf-8")
    calls = []
    monkeypatch.setattr("subprocess.run", lambda *a, **k: calls.append(a))
    native.library.cache_clear()
    assert native.library() is None and calls == []  # the note says it failed: no second try
    assert fingerprint(["The minister said trade talks would resume in Brussels on Monday."]).words.any()
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []  # no half-built file left


def test_no_compiler_falls_back(monkeypatch, tmp_path):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    monkeypatch.setenv(native.SWITCH, "1")
    monkeypatch.setattr(native, "compiler", lambda: None)
    assert native.library() is None
    assert not native.built_path().exists()


def test_an_unwritable_cache_folder_falls_back(monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(blocked / "cache"))
    monkeypatch.setenv(native.SWITCH, "1")
    assert native.library() is None
    assert blocked.read_text() == "not a folder"  # nothing of the user's touched


def test_a_damaged_build_falls_back(monkeypatch, tmp_path):
    monkeypatch.setenv("ARTICLEDIFF_CACHE", str(tmp_path))
    monkeypatch.setenv(native.SWITCH, "1")
    native.built_path().write_bytes(b"\x7fELF not really")
    assert native.library() is None
    assert fingerprint(["The minister said trade talks would resume in Brussels on Monday."]).words.any()
