"""The persistent corpus index: adding, idempotence, queries, foreign files, and surviving a SIGKILL mid-ingest."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff.dedup import FingerprintConfig
from articlediff.dedup.minhash import estimate, shingles, signatures
from articlediff.errors import ArticlediffError, InputError
from articlediff.index import CorpusIndexError, Index
from articlediff.index.encoding import (
    _unpack,
    compact,
    compact_estimates,
    decode_checked_refs,
    decode_refs,
    encode_checked_refs,
    encode_refs,
    split_path,
)
from articlediff.matching import word_keys
from articlediff.read import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"

_SYLLABLES = ["ba", "ke", "lo", "mi", "nu", "ra", "si", "to", "vu", "ze", "po", "da", "fi", "gu", "ha", "jo", "we", "qi"]
WORDS = [a + b for a in _SYLLABLES for b in _SYLLABLES]  # 324 made-up words


def generated_text(n: int, words: int = 150) -> str:
    """A deterministic made-up article: sentences of random words (seeded by ``n``)."""
    rng = random.Random(n)
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 15)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + ".")
        count += length
    return " ".join(sentences)


def generated_documents(count: int, start: int = 0):
    """Documents ``gen<n>``, generated lazily (the SIGKILL test's subprocess imports this)."""
    for n in range(start, start + count):
        yield Document(id=f"gen{n}", text=generated_text(n), path=f"corpus/gen{n}.txt")


def doc(id: str, text: str, **meta) -> Document:
    return Document(id=id, text=text, path=f"in/{id}.txt", meta=meta)


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "corpus.sqlite"


# --- adding ----------------------------------------------------------------------------


def test_add_then_stats(db):
    with Index(db) as index:
        report = index.add(generated_documents(250), batch=100)
        assert (report.added, report.present, report.skipped) == (250, 0, 0)
        stats = index.stats()
    assert stats["documents"] == 250 == report.seen
    assert stats["bytes"] == db.stat().st_size > 0  # the write-ahead log is checkpointed after add
    assert stats["bytes_per_document"] == round(stats["bytes"] / 250, 1)
    assert (stats["bands"], stats["rows"], stats["permutations"], stats["schema_version"]) == (32, 4, 128, 4)
    assert stats["signature_bits"] == 3 and stats["buckets"] > 250
    assert datetime.fromisoformat(stats["created"]).tzinfo is not None
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # 3-bit word (48 bytes), skeleton (24 bytes) and telling-word (12 bytes) signatures
        assert len(con.execute("SELECT sig FROM docs LIMIT 1").fetchone()[0]) == 84
        lists = {b: decode_refs(blob) for b, blob in con.execute("SELECT id, docs FROM buckets")}
        # an entry per word, skeleton, hash and telling band and document (each generated text has 8 telling words)
        assert sum(len(refs) for refs in lists.values()) == (32 + 16 + 1 + 16) * 250
        assert all(refs == sorted(set(refs)) and refs[0] >= 1 for refs in lists.values())
        lasts = dict(con.execute("SELECT id, last FROM buckets"))
        assert all(lasts[b] == refs[-1] for b, refs in lists.items())
        entries = {b: decode_checked_refs(blob) for b, blob in con.execute("SELECT id, docs FROM passages")}
        refs = [ref for found in entries.values() for ref, _ in found]
        assert refs and set(refs) <= set(range(1, 251))  # an entry per fingerprinted paragraph
        assert all(0 <= check < 2**24 for found in entries.values() for _, check in found)
        assert all(entries[b][-1][0] == last for b, last in con.execute("SELECT id, last FROM passages"))
    finally:
        con.close()


@given(st.lists(st.tuples(st.integers(0, 100_000), st.integers(0, 2**24 - 1)), max_size=40), st.integers(0, 1000))
def test_checked_refs_round_trip(entries, previous):
    entries = sorted((previous + ref, check) for ref, check in entries)  # not decreasing, from previous on
    blob = encode_checked_refs(entries, previous)
    assert decode_checked_refs(blob) == [(ref - previous, check) for ref, check in entries]
    assert decode_checked_refs(encode_checked_refs(entries)) == entries


def test_adding_the_same_documents_twice_adds_nothing(db):
    with Index(db) as index:
        first = index.add(generated_documents(120), batch=50)
        size = index.stats()["bytes"]
        again = index.add(generated_documents(120), batch=50)
        assert (first.added, again.added, again.present) == (120, 0, 120)
        # the same content under another id, and twice within one batch, is present too
        text = generated_text(7)
        renamed = index.add([doc("renamed", text), doc("new", generated_text(10_000)), doc("new-again", generated_text(10_000))])
        assert (renamed.added, renamed.present) == (1, 2)
        assert len(index) == 121
        assert index.stats()["bytes"] <= size + 8192  # nothing rewritten but one document
        (match,) = index.query(doc("q", text))
        assert match.id == "gen7" and match.path == "corpus/gen7.txt"  # the first id and path are kept


def test_same_id_with_other_content_keeps_both_versions_and_wordless_documents_are_skipped(db):
    with Index(db) as index:
        index.add([doc("story", generated_text(1))])
        report = index.add([doc("story", generated_text(2)), doc("blank", "— … — !!")])
        assert (report.added, report.skipped) == (1, 1)
        assert report.skips[0].path == "in/blank.txt" and "no words" in report.skips[0].reason
        assert len(index) == 2
        assert [m.id for m in index.query(doc("q", generated_text(2)))] == ["story"]


def test_paths_and_bucket_lists_round_trip():
    for d in (
        Document(id="sub/a", text="x", path="corpus/sub/a.txt"),
        Document(id="a", text="x", path="a.md"),
        Document(id="b", text="x", path="other/name.txt"),
        Document(id="one", text="x", path="feeds/docs.jsonl", line=3),
        Document(id="stdin:2", text="x", path="-", line=2),
        Document(id="ab", text="x", path="xab.txt"),
    ):
        prefix, named, rest = split_path(d)
        assert prefix + (d.id if named else "") + rest == d.path
    assert split_path(Document(id="sub/a", text="x", path="corpus/sub/a.txt")) == ("corpus/", 1, ".txt")
    assert split_path(Document(id="one", text="x", path="feeds/docs.jsonl", line=3)) == ("feeds/docs.jsonl", 0, "")
    assert split_path(Document(id="ab", text="x", path="xab.txt")) == ("", 0, "xab.txt")
    refs = [1, 2, 130, 20_000, 5_000_000, 2**40]
    assert decode_refs(encode_refs(refs)) == refs
    assert decode_refs(encode_refs(refs[:3]) + encode_refs(refs[3:], previous=refs[2])) == refs  # appended in two batches
    assert len(encode_refs([8_000, 16_000])) == 4  # gaps under 16,384 take two bytes


def test_jsonl_documents_keep_their_file_and_id(db):
    docs = [
        Document(id=f"feed:{n}", text=generated_text(n), path="feeds/day.jsonl", line=n, meta={"date": "2025-01-02"})
        for n in range(1, 4)
    ]
    with Index(db) as index:
        index.add(docs)
        (match,) = index.query(doc("q", generated_text(2)))
    assert (match.id, match.path, match.date, match.exact) == ("feed:2", "feeds/day.jsonl", "2025-01-02", True)


def test_progress_reports_committed_documents(db):
    seen = []
    with Index(db) as index:
        index.add(generated_documents(230), batch=100, progress=seen.append)
    assert seen == [100, 200, 230]


# --- querying --------------------------------------------------------------------------


def test_retypeset_copy_is_exact_and_edited_copy_scores(db):
    base = seed_text("004")
    with Index(db) as index:
        index.add([doc("base", base, date="2025-05-01"), doc("other", seed_text("001")), *generated_documents(300)])
        retypeset = " ".join(base.replace("’", "'").replace("“", '"').replace("”", '"').upper().split())
        assert retypeset != base
        (exact,) = index.query(doc("copy", retypeset))
        assert (exact.id, exact.path, exact.exact, exact.score, exact.date) == ("base", "in/base.txt", True, 1.0, "2025-05-01")
        edited = base.replace("Thursday", "Friday").replace("May 19", "May 20")
        assert edited != base
        (near,) = index.query(doc("edit", edited))
        assert near.id == "base" and not near.exact and 0.5 <= near.score < 1.0
        full = signatures([shingles(word_keys(t)) for t in (base, edited)])
        assert abs(near.score - estimate(full[0], full[1])) <= 0.15
        assert near.words == len(word_keys(base))


def test_unrelated_document_finds_nothing(db):
    with Index(db) as index:
        index.add([doc("base", seed_text("004")), *generated_documents(300)])
        assert index.query(doc("q", seed_text("001"))) == []
        assert index.query(doc("q", generated_text(99_999))) == []
        assert index.query(doc("q", "!!")) == []  # no words, nothing to match


def test_threshold_limit_and_order(db):
    base = generated_text(10_005, words=400)  # not a prefix of any gen<n>
    words = base.split()
    variants = []
    for k, changed in enumerate((4, 12, 24)):
        copy = list(words)
        for i in range(changed):
            copy[(i * 37 + 11) % len(copy)] = "zz" + str(i)
        variants.append(doc(f"v{k}", " ".join(copy)))
    with Index(db, config=FingerprintConfig(threshold=0.3)) as index:  # an index for queries at 0.3 (64 bands of 2 rows)
        index.add([doc("base", base), *variants, *generated_documents(100)])
        matches = index.query(doc("q", base), threshold=0.3)
        assert [m.id for m in matches] == ["base", "v0", "v1", "v2"]
        assert matches[0].exact and all(not m.exact for m in matches[1:])
        assert matches[1].score > matches[2].score > matches[3].score >= 0.3
        assert [m.id for m in index.query(doc("q", base), threshold=0.3, limit=2)] == ["base", "v0"]
        with pytest.raises(ValueError):
            index.query(doc("q", base), threshold=0)


def test_compact_signatures_estimate_close_to_full_ones():
    base = generated_text(3, words=600).split()
    texts = [" ".join(base)]
    for changed in (10, 40, 80, 160):
        copy = list(base)
        for i in range(changed):
            copy[(i * 7919) % len(copy)] = "edit" + str(i)
        texts.append(" ".join(copy))
    texts.append(generated_text(4, words=600))  # unrelated
    full = signatures([shingles(word_keys(t)) for t in texts])
    small = compact(full)
    assert small.shape == (len(texts), 48) and small.dtype == np.uint8  # 128 values of 3 bits
    assert (_unpack(small) == (full & 7)).all()
    errors = [abs(compact_estimates(small[0], small[k : k + 1])[0] - estimate(full[0], full[k])) for k in range(1, len(texts))]
    assert max(errors) <= 0.15
    assert compact_estimates(small[0], small[:1])[0] == 1.0
    assert compact_estimates(small[0], small[-1:])[0] < 0.15


def test_index_persists_across_opens(db):
    with Index(db) as index:
        index.add(generated_documents(50))
    with Index(db, create=False) as index:
        assert len(index) == 50
        assert [m.id for m in index.query(doc("q", generated_text(42)))] == ["gen42"]
        assert index.add(generated_documents(60)).added == 10


# --- files that are not an index -------------------------------------------------------


def assert_one_line_error(path: Path, match: str, **kwargs) -> None:
    with pytest.raises(CorpusIndexError) as info:
        Index(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ") and match in message
    assert isinstance(info.value, InputError) and isinstance(info.value, ArticlediffError) and info.value.exit_code == 2


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "app.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE users (name TEXT)")
    con.execute("INSERT INTO users VALUES ('ada')")
    con.commit()
    con.close()
    before = path.read_bytes()
    assert_one_line_error(path, "not an articlediff index")
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()


def test_non_sqlite_file_missing_file_and_folder_are_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello, this is not a database\n" * 50, encoding="utf-8")
    before = text.read_bytes()
    assert_one_line_error(text, "not an SQLite database")
    assert text.read_bytes() == before
    assert_one_line_error(tmp_path / "missing.sqlite", "no such index", create=False)
    assert not (tmp_path / "missing.sqlite").exists()
    assert_one_line_error(tmp_path, "is a directory")


def test_newer_schema_and_other_settings_are_refused(db):
    with Index(db) as index:
        index.add(generated_documents(3))
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = 5 WHERE key = 'schema_version'")
    con.commit()
    assert_one_line_error(db, "newer articlediff")
    con.execute("UPDATE meta SET value = 1 WHERE key = 'schema_version'")
    con.commit()
    assert_one_line_error(db, "older articlediff (schema version 1")
    con.execute("UPDATE meta SET value = 2 WHERE key = 'schema_version'")
    con.commit()
    assert_one_line_error(db, "older articlediff (schema version 2, with paragraph keys")
    con.execute("UPDATE meta SET value = 3 WHERE key = 'schema_version'")
    con.commit()
    assert_one_line_error(db, "older articlediff (schema version 3, without the telling-word keys that find rewrites")
    con.execute("UPDATE meta SET value = 4 WHERE key = 'schema_version'")
    con.execute("UPDATE meta SET value = 64 WHERE key = 'permutations'")
    con.commit()
    assert_one_line_error(db, "rows 4 (expected 2)")  # its settings no longer agree with each other
    con.execute("UPDATE meta SET value = 128 WHERE key = 'permutations'")
    con.commit()
    con.close()
    with Index(db, config=FingerprintConfig(threshold=0.7)) as index:  # the same bands (32 of 4 rows): one index serves
        assert index.config.threshold == 0.5 and index.check_threshold(0.7) == 0.7
    with pytest.raises(
        CorpusIndexError, match="built with Jaccard 50% .32 bands of 4 rows.*not Jaccard 30% .64 bands of 2 rows"
    ):
        Index(db, config=FingerprintConfig(threshold=0.3))
    with Index(db) as index, pytest.raises(CorpusIndexError, match="not Jaccard 80% .16 bands of 8 rows"):
        index.query(Document(text=generated_text(1)), threshold=0.8)


# --- interrupted ingest ----------------------------------------------------------------

_INGEST = """
import sys, threading
sys.path.insert(0, sys.argv[2])
if sys.argv[3] == "threaded":  # another thread running: the workers start through a fork server
    threading.Thread(target=threading.Event().wait, daemon=True).start()
from articlediff.index import Index
from tests.test_dedup_index import generated_documents
with Index(sys.argv[1]) as index:
    # a pool, so the kill leaves workers
    index.add(generated_documents(3000), batch=100, progress=lambda n: print(n, flush=True), workers=2)
print("finished", flush=True)
"""


def _processes_gone(marker: str, within: float) -> bool:
    """Whether, within ``within`` seconds, no process's environment holds ``marker`` (Linux's /proc).

    The environment, not the command line: a worker started by a fork server
    has the fork server's command line, but inherits the environment.
    """
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "environ").read_bytes().decode(errors="replace"):
                    alive.append(entry.name)
            except OSError:
                continue  # ended meanwhile
        if not alive:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("start", ["forked", "threaded"])
def test_sigkill_midway_keeps_committed_batches_and_the_next_run_adds_the_rest(db, start):
    marker = f"ARTICLEDIFF_TEST_INGEST={uuid.uuid4().hex}"
    proc = subprocess.Popen(
        [sys.executable, "-c", _INGEST, str(db), str(ROOT), start],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, marker.split("=")[0]: marker.split("=")[1]},
    )
    reported = 0
    deadline = time.monotonic() + 60
    try:
        while reported < 500 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                pytest.fail(f"the ingest stopped early: {proc.stderr.read()}")
            reported = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert reported >= 500
    assert _processes_gone(marker, within=10), "a fingerprinting worker (or its fork server) outlived the killed ingest"

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = {name for (name,) in con.execute("SELECT name FROM docs")}
    finally:
        con.close()
    assert {f"gen{n}" for n in range(reported)} <= names  # every batch reported committed is there
    assert len(names) % 100 == 0 and len(names) < 3000  # whole batches only: nothing of the batch in progress
    assert names == {f"gen{n}" for n in range(len(names))}

    with Index(db, create=False) as index:
        report = index.add(generated_documents(3000), batch=500)
        assert (report.added, report.present) == (3000 - len(names), len(names))
        assert len(index) == 3000
        assert [m.id for m in index.query(doc("q", generated_text(2999)))] == ["gen2999"]
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def test_band_keys_computed_with_the_batch_equal_one_document_at_a_time():
    from articlediff.dedup.candidates import band_keys
    from articlediff.index.build import fingerprint_texts
    from articlediff.index.encoding import skeleton_shape

    config = FingerprintConfig()
    values, skeleton_bands = skeleton_shape(config)
    texts = [generated_text(n) for n in range(5)] + [seed_text("001"), seed_text("004"), "The the the the."]
    for fp in fingerprint_texts(texts, config):
        alone = band_keys(fp.sig, config.bands)[0].tolist()
        if fp.skeleton.any():
            alone += band_keys(fp.skeleton[:values], skeleton_bands)[0].tolist()
        assert fp.keys.tolist() == alone
