"""Stored texts in the corpus index: ``index add --store-text``, ``Index.add(store_text=True)``, ``Index.text()``."""

from __future__ import annotations

import sqlite3
import zlib

import pytest

from articlediff.index import CorpusIndexError, Index
from articlediff.read import Document

from .conftest import seed_path
from .test_dedup_index import generated_documents, generated_text

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
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == 2
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
