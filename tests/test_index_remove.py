"""``index remove``: documents leave the index whole (rows, bucket references, texts); unknown ids are reported."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from articlediff.index import Index, check
from articlediff.index.integrity import check_index

from .conftest import SEEDS


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "corpus.adx"
    with Index(str(db)) as index:
        index.add([str(folder)], store_text=True)
    return folder, db


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_remove_then_check_no_longer_matches(corpus, tmp_path):
    folder, db = corpus
    original = sorted(folder.glob("*.txt"))[3]  # a seed that shares no text with the others (000 does with 001)
    doc_id = original.stem
    copy = tmp_path / "copy.txt"
    shutil.copyfile(original, copy)
    assert check([str(copy)], str(db)).results[0].verdict == "duplicate"
    with Index(str(db)) as index:
        before = len(index)
        report = index.remove([doc_id])
        assert report.removed == 1 and report.ids == (doc_id,) and report.unknown == ()
        assert len(index) == before - 1
    assert check_index(str(db)) == []
    assert check([str(copy)], str(db)).results[0].verdict == "new"


def test_remove_every_document_leaves_a_whole_empty_index(corpus):
    folder, db = corpus
    ids = [p.stem for p in folder.glob("*.txt")]
    with Index(str(db)) as index:
        assert index.remove(ids).removed == len(ids)
        assert len(index) == 0
    assert check_index(str(db)) == []
    with Index(str(db)) as index:  # the index takes documents again
        index.add([str(folder)])
        assert len(index) == len(ids)
    assert check_index(str(db)) == []


def test_cli_remove_and_unknown_ids(cli, corpus, tmp_path):
    folder, db = corpus
    original = sorted(folder.glob("*.txt"))[2]  # a seed that shares no text with the others
    doc_id = original.stem
    copy = tmp_path / "copy.txt"
    shutil.copyfile(original, copy)
    assert cli("check", "--db", db, copy).code == 1
    result = cli("index", "remove", "--db", db, doc_id, "no-such-id")
    assert result.code == 1
    assert "no-such-id" in result.err
    assert result.out.startswith("1 removed, 1 not found")
    assert cli("index", "check", "--db", db).code == 0
    assert cli("check", "--db", db, copy).code == 0  # new now


def test_nothing_known_leaves_the_file_unchanged(cli, corpus):
    _, db = corpus
    before = _digest(db)
    result = cli("index", "remove", "--db", db, "no-such-id")
    assert result.code == 1
    assert result.out.startswith("0 removed, 1 not found")
    assert _digest(db) == before


def test_remove_from_an_index_without_texts(tmp_path):
    db = tmp_path / "plain.adx"
    with Index(str(db)) as index:
        index.add([str(SEEDS)])
        ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
        report = index.remove([ids[2], ids[2], "unknown"])
        assert (report.removed, report.ids, report.unknown) == (1, (ids[2],), ("unknown",))
        assert len(index) == len(ids) - 1
    assert check_index(str(db)) == []
