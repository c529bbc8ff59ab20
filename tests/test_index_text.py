"""What the corpus index keeps besides fingerprints: stored texts (``index add --store-text``, ``Index.text()``) and a
spinner learned from the spun pairs an add sees (``index add --learn-spinner``, ``Index.spinner_profile()``)."""

from __future__ import annotations

import sqlite3
import zlib

import pytest

from articlediff.index import CorpusIndexError, Index
from articlediff.read import Document

from .conftest import seed_path
from .test_dedup_index import generated_documents, generated_text
from .test_source import _WORD, spun_copy

SOURCES = ("001", "002", "003", "004")


def seed(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "corpus.sqlite"


def test_stored_text_round_trips_compressed(db):
    odd = "Caf\u00e9 \u201cquotes\u201d \u2014 and a lone surrogate \ud800 from a JSONL string.\n\nSecond paragraph here."
    docs = [Document(id=f"seed-{k}", text=seed(k), path=str(seed_path(k))) for k in SOURCES]
    docs.append(Document(id="odd", text=odd, path="feed.jsonl", line=3))
    with Index(db) as index:
        report = index.add(docs, store_text=True, workers=1)
        assert report.added == 5 and index.stores_text and index.stats()["stores_text"] is True
        for d in docs:
            (match,) = [m for m in index.query(d) if m.exact]
            assert index.text(match) == d.text  # exactly as read, surrogate included
    con = sqlite3.connect(db)
    try:
        blobs = dict(con.execute("SELECT docs.name, texts.text FROM texts JOIN docs ON docs.id = texts.id"))
    finally:
        con.close()
    assert set(blobs) == {d.id for d in docs}
    for k in SOURCES:
        raw = seed(k).encode("utf-8")
        assert zlib.decompress(blobs[f"seed-{k}"]) == raw
        assert len(blobs[f"seed-{k}"]) < 0.6 * len(raw)  # compressed: about half a news article's bytes


def test_an_index_that_stores_text_keeps_storing_it(db):
    with Index(db) as index:
        index.add(generated_documents(3), store_text=True)
    with Index(db) as index:  # reopened: the choice is the index's
        assert index.stores_text
        index.add(generated_documents(2, start=3))  # no store_text: stored anyway
        assert all(index.text(ref) == generated_text(ref - 1) for ref in range(1, 6))
        with pytest.raises(CorpusIndexError, match="stores the text of its documents"):
            index.add(generated_documents(1, start=9), store_text=False)
        assert len(index) == 5  # refused before anything was added


def test_an_index_without_text_stores_none_until_asked(db):
    with Index(db) as index:
        index.add(generated_documents(2))
        assert not index.stores_text and index.text(1) is None and index.stats()["stores_text"] is False
    con = sqlite3.connect(db)
    try:  # the file is what it was before stored texts existed: no table, no meta row, schema 2
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'texts'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM meta WHERE key = 'store_text'").fetchone()[0] == 0
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == 4
    finally:
        con.close()
    with Index(db) as index:  # asked later: documents from then on have their text, the earlier ones not
        index.add(generated_documents(1, start=2), store_text=True)
        assert index.text(1) is None and index.text(3) == generated_text(2)


def test_index_add_store_text_option(cli, tmp_path):
    db = tmp_path / "corpus.sqlite"
    assert cli("index", "add", seed_path("001"), "--db", db, "-q", "--store-text").code == 0
    assert cli("index", "add", seed_path("002"), "--db", db, "-q").code == 0  # the index keeps storing
    with Index(db, create=False) as index:
        assert index.stores_text and [index.text(ref) for ref in (1, 2)] == [seed("001"), seed("002")]
    assert "stores_text: True" in cli("index", "stats", "--db", db).out


# --- a spinner learned from the spun pairs an add sees (learn_spinner) ------------------


def _swapped_pairs(original: str, spun: str, swapped: set[int]) -> set[tuple[str, str]]:
    """(spun form, original word), lower case, of each word spun_copy swapped."""
    a, b = _WORD.findall(original), _WORD.findall(spun)
    return {(b[k].lower(), a[k].lower()) for k in swapped}


def test_add_learns_a_spinner_from_spun_copies_of_stored_documents(db):
    spun, swapped = spun_copy(seed("003"))
    with Index(db) as index:
        first = index.add(seed_path(k) for k in SOURCES)  # sources read from their files later
        assert first.learned == 0 and len(index.spinner_profile()) == 0
        report = index.add([Document(id="spun", text=spun, path="incoming/spun.txt")], learn_spinner=True)
        profile = index.spinner_profile()
    assert report.learned == 1 and profile.pairs == 1
    expected = _swapped_pairs(seed("003"), spun, swapped)
    learned = {(key, source) for key, source in profile.swaps}
    assert len(expected & learned) >= 0.9 * len(expected)  # the spinner's swaps, spun form -> source word
    with Index(db) as index:  # kept in the file, and the next add adds to it
        assert index.spinner_profile().to_dict() == profile.to_dict()
        again, _ = spun_copy(seed("001"), every=3)
        assert index.add([Document(id="spun-1", text=again, path="x/1.txt")], learn_spinner=True).learned == 1
        assert index.spinner_profile().pairs == 2 and index.stats()["spinner_pairs"] == 2


def test_learning_is_opt_in_and_finds_sources_in_the_same_add(db):
    spun, _ = spun_copy(seed("004"))
    docs = [Document(id="source", text=seed("004"), path="a/source.txt"), Document(id="spun", text=spun, path="a/spun.txt")]
    with Index(db) as index:
        assert index.add(docs[:1]).learned == 0
        assert index.add(docs[1:]).learned == 0 and len(index.spinner_profile()) == 0  # not asked: nothing learned
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spinner'").fetchone()[0] == 0
    finally:
        con.close()
    db.unlink()
    with Index(db) as index:  # the source only in memory, in the same batch: learned from all the same
        assert index.add(docs, learn_spinner=True).learned == 1


def test_an_earlier_dated_new_document_is_taken_as_the_source(db):
    spun, swapped = spun_copy(seed("002"))
    with Index(db) as index:
        index.add([Document(id="spun", text=spun, path="mem/spun", meta={"date": "2025-03-02"})], store_text=True)
        original = Document(id="orig", text=seed("002"), path="mem/orig", meta={"date": "2025-03-01"})
        report = index.add([original], learn_spinner=True)
        learned = set(index.spinner_profile().swaps)
    assert report.learned == 1
    expected = _swapped_pairs(seed("002"), spun, swapped)
    assert len(expected & learned) >= 0.9 * len(expected)  # spun form -> source word, not the other way round


def test_a_source_that_cannot_be_read_is_passed_over(tmp_path, db):
    source = tmp_path / "source.txt"
    source.write_text(seed("003"), encoding="utf-8")
    with Index(db) as index:
        index.add([source])
        source.unlink()
        report = index.add([Document(id="spun", text=spun_copy(seed("003"))[0], path="x.txt")], learn_spinner=True)
        assert (report.added, report.learned, len(index.spinner_profile())) == (1, 0, 0)


def test_index_add_learn_spinner_option(cli, tmp_path):
    db = tmp_path / "corpus.sqlite"
    spun = tmp_path / "spun.txt"
    spun.write_text(spun_copy(seed("003"))[0], encoding="utf-8")
    assert cli("index", "add", seed_path("003"), "--db", db, "-q").code == 0
    done = cli("index", "add", spun, "--db", db, "-q", "--learn-spinner")
    assert done.code == 0 and done.out.strip().endswith("· a spinner learned from 1 spun pairs")
    assert "spinner_pairs: 1" in cli("index", "stats", "--db", db).out


def test_an_undated_spun_copy_indexed_before_its_source_is_learned_the_right_way_round(db):
    # No dates: the text that reads less like English (the spinner's) is the spun one, whichever came first.
    spun, swapped = spun_copy(seed("002"))
    with Index(db) as index:
        index.add([Document(id="spun", text=spun, path="mem/spun")], store_text=True)
        report = index.add([Document(id="orig", text=seed("002"), path="mem/orig")], learn_spinner=True)
        learned = set(index.spinner_profile().swaps)
    assert report.learned == 1
    expected = _swapped_pairs(seed("002"), spun, swapped)
    assert len(expected & learned) >= 0.9 * len(expected)


def test_clean_db_undoes_the_spinner_the_index_learned(cli, tmp_path):
    # The index learned a spinner from one spun pair; another article of the same spinner, whose source is not
    # indexed, is de-spun with that profile alone.
    db = tmp_path / "corpus.sqlite"
    learn_spun, _ = spun_copy(seed("003"))
    assert cli("index", "add", seed_path("003"), "--db", db, "-q").code == 0
    with Index(db) as index:
        assert index.add([Document(id="spun", text=learn_spun, path="mem/spun")], learn_spinner=True).learned == 1
    shown = cli("spinner", "show", "--db", db, "-f", "json")
    assert shown.code == 0 and '"schema": "articlediff.spinner/1"' in shown.out
    other = tmp_path / "other.txt"
    other.write_text(spun_copy(seed("004"))[0], encoding="utf-8")
    cleaned = cli("clean", other, "--db", db, "-f", "json")
    assert cleaned.code == 0
    import json

    data = json.loads(cleaned.out)
    assert data["metadata"]["despin"]["profile"] is True
    proposals = [r for r in data["repairs"] + data["suggestions"] if r["reason"].startswith("spinner profile")]
    assert proposals
    assert cli("spinner", "show").code == 2 and cli("spinner", "show", "x.json", "--db", db).code == 2
