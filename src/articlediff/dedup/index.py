"""A persistent corpus index: fingerprints and LSH buckets of many documents in one SQLite file.

``Index(path)`` opens (or creates) the file; ``add(documents)`` fingerprints
documents and stores them, a batch per transaction; ``query(document)``
finds the stored documents that are exact, near, spun or partial copies of
a new one.  The fingerprints are those of :mod:`.fingerprint` (word
4-grams of the matching view, 128 MinHash permutations, 32 bands of 4
rows; the skeleton's; each paragraph's), so the index agrees with ``dedup``
on what is a candidate.

Identity
    A document's identity is the xxHash64 of its matching view (its word
    keys joined by spaces), so a re-typeset copy (quotes, dashes, case,
    spacing) is the same document.  Adding a document whose hash is already
    stored is a no-op (counted as *present*), whatever its id or path; the
    index keeps the first id and path.  Ids are *not* unique: a document
    with an id already stored but different content (an updated article) is
    a new document and both versions are kept.  Documents without any word
    are skipped.  Nothing is ever removed.

Storage (schema version 2), aimed at under 300 bytes per document
    ``docs``: one row per document: ``id`` (an integer, the reference used
    by the buckets), ``hash`` (signed 64-bit; found through its own band of
    buckets, band 48, not an SQLite index, which cost 17 bytes a document
    against 2), ``name`` (the
    Document id), the path as ``prefix`` + (``name`` if ``named``) +
    ``rest``, ``words``, ``date`` (the JSONL ``date`` field or a leading
    ``date YYYY-MM-DD`` line, else NULL) and ``sig``, the compact
    signatures.  No text is stored.  ``prefixes`` holds each path prefix
    once: the whole file for JSONL documents (``rest`` empty), else the
    part before the id (``folder/`` + ``sub/a`` + ``.txt``, ``named`` = 1),
    else the folder.

    ``sig`` keeps the low 3 bits of each of the 128 word MinHash values
    (b-bit MinHash, 48 bytes instead of 512), then of the first 64 skeleton
    values (24 bytes).  Two signatures agree on a value with probability
    ``J + (1 − J)/8``, so the Jaccard estimate is ``(agreement − 1/8) /
    (7/8)``.  Its standard deviation at J = 0.5 is 0.050 against 0.044 for
    the full 32-bit values (0.047 at 4 bits, which cost 16 bytes more and
    put the index over its 300-byte budget); the skeleton's 64 values give
    0.071.

    ``buckets``: the LSH table.  A row per bucket, ``id`` = ``band << 11 |
    the band key's top 11 bits`` (``bucket_bits`` in ``meta``; bands 0-31
    are the word signature's, 32-47 the skeleton's 16 bands of 4 of its 64
    values; 2,048 buckets a band), ``docs`` = the references of the
    documents whose band falls in it, increasing, as varint deltas (LEB128;
    about 2 bytes each, as the mean gap is the 2,048 buckets of a band),
    ``last`` = the last reference, so a batch appends (an upsert
    concatenating blobs) without decoding.  A row per (band, document) with
    an index on (band, key) costs about 1,400 bytes per document at 100,000
    documents; packed uint32 lists 170; these about 100.  Each row costs
    about 12 bytes besides its list, which is why the buckets are coarse
    (8,192 a band cost 35 bytes a document more at 100,000 documents).  The
    price is false candidates (documents in the same bucket whose full band
    key differs, about 48 × documents / 98,304 per query: some 50 at
    100,000 documents, 500 at a million), which the signature check rejects
    in a few ``IN`` queries.

    ``passages``: the paragraph table, for partial copies.  Each paragraph
    of 20 words or more has a key, the mix of its first ``PASSAGE_ROWS``
    MinHash values (equal for two paragraphs of Jaccard J with probability
    J³); a row per bucket of the key's top 11 bits holds, per paragraph, the
    document's reference as a varint delta and the key's next 24 bits as a
    check (about 5 bytes a paragraph).  A stored document holding one of a
    new document's paragraph keys (all 35 bits) is a partial source; by
    chance that happens about once in 2,400 queries at 100,000 documents of
    12 paragraphs (the keys of 1.2 million paragraphs fill 1 in 29,000 of
    the 2^35 values, times 12 keys a query), ten times as often at a million.  A key found in ``FURNITURE_BUCKET_GROUPS`` or more stored
    documents is a site's furniture, as in ``dedup``.

    ``meta``: key/value pairs: ``application`` (``articlediff.index``),
    ``schema_version``, ``created``, and the fingerprint settings, checked
    on every open.  The file header also carries ``PRAGMA application_id``
    (``ADIX``) and ``user_version`` (the schema version).  A file of schema
    version 1 (word signatures only) is refused with a one-line message: its
    band keys are not this version's, and the texts needed to rebuild it
    are not stored, so it is rebuilt from the documents.

Verification
    ``query`` has no text to compare (``dedup`` also requires RapidFuzz's
    ratio of the two views), so a candidate is kept on its signature
    estimates alone, plus the content hash for ``exact`` and the paragraph
    keys for ``partial``.

Safety
    The file is in WAL mode with ``synchronous=NORMAL``; each batch of
    ``add`` is one transaction, so an interrupted or killed ingest leaves
    every committed batch and nothing of the one in progress, and the next
    run adds the rest.  A file that is not an SQLite database, or an SQLite
    database of something else, is never written to: opening it raises
    :class:`CorpusIndexError` (an :class:`InputError`, exit code 2) with a
    one-line message starting with the path.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice

import numpy as np

from ..errors import InputError
from .engine import map_batches
from .fingerprint import fingerprint, warm
from ..read import Document, Skipped, document_date
from .lsh import BANDS, ROWS, band_keys
from .minhash import PERMUTATIONS, SHINGLE_WORDS
from .passages import FURNITURE_BUCKET_GROUPS
from .run import DEFAULT_THRESHOLD  # the same similarity as dedup's

#: The schema this code writes and reads.
SCHEMA_VERSION = 2
APPLICATION = "articlediff.index"
#: ``PRAGMA application_id``: "ADIX".
APPLICATION_ID = 0x41444958
#: Bits of each MinHash value kept in the stored signature.
SIGNATURE_BITS = 3
#: Bits of a band key that choose its bucket (2^11 buckets a band; the module documentation says why so few).
BUCKET_BITS = 11
#: Skeleton MinHash values stored (the first of its 128) and the skeleton's LSH bands (of ``ROWS`` rows).
SKELETON_VALUES = 64
SKELETON_BANDS = SKELETON_VALUES // ROWS
#: MinHash values of a paragraph that make its key, and the key's bits kept to check a bucket's entries.
PASSAGE_ROWS = 3
CHECK_BITS = 24
#: A stored document is a partial source when this many paragraphs of the query match its paragraphs.
MIN_SHARED_PASSAGES = 1
#: The band number of the content-hash buckets (after the 32 word and 16 skeleton bands), for exact lookups.
HASH_BAND = BANDS + SKELETON_BANDS
#: Documents per transaction in :meth:`Index.add`.
BATCH = 500

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PARAMS = 500  # bound parameters per IN (...) query
_CHANCE = 1.0 / (1 << SIGNATURE_BITS)  # agreement of two unrelated b-bit values
_CHECK_BYTES = CHECK_BITS // 8

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID;
CREATE TABLE prefixes (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    name TEXT NOT NULL,
    prefix INTEGER NOT NULL REFERENCES prefixes(id),
    named INTEGER NOT NULL,
    rest TEXT NOT NULL,
    words INTEGER NOT NULL,
    date TEXT,
    sig BLOB NOT NULL
);
CREATE TABLE buckets (id INTEGER PRIMARY KEY, last INTEGER NOT NULL, docs BLOB NOT NULL);
CREATE TABLE passages (id INTEGER PRIMARY KEY, last INTEGER NOT NULL, docs BLOB NOT NULL);
"""

Progress = Callable[[int], None]


class CorpusIndexError(InputError):
    """The index file cannot be used: missing, not SQLite, not an articlediff index, newer, locked, damaged."""


@dataclass(frozen=True, slots=True)
class Match:
    """A stored document similar to the one queried, and how."""

    id: str  # the stored Document id
    path: str
    score: float  # 0-1: the estimated Jaccard similarity of the word 4-grams (1.0 when exact), of the skeletons
    # (spun), or the share of the query's fingerprinted paragraphs found in the stored document (partial)
    relation: str  # exact, near, spun or partial (as dedup's relations)
    date: str | None = None
    words: int = 0

    @property
    def exact(self) -> bool:
        return self.relation == "exact"


@dataclass(frozen=True)
class AddReport:
    """What :meth:`Index.add` did: documents added, already present (same content hash), skipped (no words)."""

    added: int = 0
    present: int = 0
    skipped: int = 0
    skips: tuple[Skipped, ...] = field(default=(), repr=False)

    @property
    def seen(self) -> int:
        return self.added + self.present + self.skipped


@dataclass(frozen=True)
class _Print:
    """A document's fingerprint as stored."""

    hash: int  # signed 64-bit
    words: int
    sig: np.ndarray  # 128 uint32: MinHash of all-word shingles
    skeleton: np.ndarray  # 128 uint32: MinHash of the skeleton's shingles (all zeros when it has none)
    passages: np.ndarray  # uint64 key of each fingerprinted paragraph
    keys: np.ndarray  # its LSH band keys (word bands, then skeleton bands if any), computed with its batch's


def passage_keys(passage_sigs: np.ndarray) -> np.ndarray:
    """A paragraph's key: the mix of its first ``PASSAGE_ROWS`` MinHash values (equal for paragraphs of Jaccard J
    with probability J^3: every verbatim copy, 73% of copies at 0.9, 22% at 0.6)."""
    if not len(passage_sigs):
        return np.empty(0, dtype=np.uint64)
    return band_keys(passage_sigs[:, :PASSAGE_ROWS], bands=1)[:, 0]


def compact(sigs: np.ndarray) -> np.ndarray:
    """The stored form of signatures: the low ``SIGNATURE_BITS`` bits of each value, bit-packed (k values: k·b/8 bytes a row)."""
    values = np.atleast_2d(sigs)
    planes = ((values[:, :, None] >> np.arange(SIGNATURE_BITS, dtype=values.dtype)) & 1).astype(np.uint8)
    return np.packbits(planes.reshape(len(values), -1), axis=1)


def _unpack(packed: np.ndarray) -> np.ndarray:
    """The b-bit values of compact signatures (the inverse of :func:`compact`), one row of uint8 per signature."""
    packed = np.atleast_2d(packed)
    planes = np.unpackbits(packed, axis=1).reshape(len(packed), -1, SIGNATURE_BITS)
    return (planes << np.arange(SIGNATURE_BITS, dtype=np.uint8)).sum(axis=2, dtype=np.uint8)


def compact_estimates(query: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one compact signature with each row of ``stored`` (as many bytes), 0-1."""
    agree = (_unpack(stored) == _unpack(query)).mean(axis=1)
    return np.clip((agree - _CHANCE) / (1 - _CHANCE), 0.0, 1.0)


def split_path(doc: Document) -> tuple[str, int, str]:
    """``(prefix, named, rest)`` with ``doc.path == prefix + (doc.id if named else "") + rest``; prefixes repeat across documents."""
    path = doc.path
    if doc.line is not None:  # a JSONL line: the file is shared by its documents
        return path, 0, ""
    root, ext = os.path.splitext(path)
    seps = "/" + os.sep
    if doc.id and root.endswith(doc.id) and (len(root) == len(doc.id) or root[-len(doc.id) - 1] in seps):
        return root[: len(root) - len(doc.id)], 1, ext
    cut = max(path.rfind(c) for c in seps) + 1
    return path[:cut], 0, path[cut:]


def encode_refs(refs: Iterable[int], previous: int = 0) -> bytes:
    """Increasing document references as LEB128 varints of their differences (from ``previous``)."""
    out = bytearray()
    for ref in refs:
        gap, previous = ref - previous, ref
        while gap >= 0x80:
            out.append(gap & 0x7F | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def decode_refs(blob: bytes) -> list[int]:
    """The references of a bucket (the inverse of :func:`encode_refs` from 0)."""
    out = []
    value = gap = shift = 0
    for byte in blob:
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            value += gap
            out.append(value)
            gap = shift = 0
    return out


def encode_checked_refs(entries: Iterable[tuple[int, int]], previous: int = 0) -> bytes:
    """``(reference, check)`` entries, references not decreasing: each as the varint of its delta and the check's bytes."""
    out = bytearray()
    for ref, check in entries:
        out += encode_refs([ref], previous)
        out += check.to_bytes(_CHECK_BYTES, "big")
        previous = ref
    return bytes(out)


def decode_checked_refs(blob: bytes) -> list[tuple[int, int]]:
    """The ``(reference, check)`` entries of a passage bucket (the inverse of :func:`encode_checked_refs` from 0)."""
    out = []
    value = gap = shift = 0
    k = 0
    while k < len(blob):
        byte = blob[k]
        k += 1
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        value += gap
        gap = shift = 0
        out.append((value, int.from_bytes(blob[k : k + _CHECK_BYTES], "big")))
        k += _CHECK_BYTES
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _chunks(items: list, size: int = _PARAMS) -> Iterator[list]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


def fingerprint_texts(texts: list[str]) -> list[_Print | None]:
    """The stored fingerprint of each text (None for a text without words): a batch, for a worker process."""
    found = fingerprint(texts)
    keys = passage_keys(found.passages)
    # The band keys of the whole batch in one step (where the batch is fingerprinted, in a worker), not one
    # document at a time in the process that writes: that was a third of the writer's time.
    word_bands = band_keys(found.words)
    skeleton_bands = band_keys(found.skeleton[:, :SKELETON_VALUES], SKELETON_BANDS)
    out: list[_Print | None] = []
    for k in range(len(texts)):
        if not found.lengths[k]:
            out.append(None)
            continue
        mine = keys[found.passage_doc == k]
        bands = np.concatenate((word_bands[k], skeleton_bands[k])) if found.skeleton[k].any() else word_bands[k]
        out.append(_Print(int(found.hashes[k]), int(found.lengths[k]), found.words[k], found.skeleton[k], mine, bands))
    return out


class Index:
    """A persistent near-duplicate index in one SQLite file (see the module documentation)."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True) -> None:
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        self._prefixes: dict[str, int] = {}
        self._check_file(create)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self._open(create)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise self._error(exc) from None
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ opening

    def _fail(self, reason: str) -> CorpusIndexError:
        return CorpusIndexError(f"{self.path}: {reason}")

    def _error(self, exc: sqlite3.Error) -> CorpusIndexError:
        message = _one_line(exc) or type(exc).__name__
        if "not a database" in message:
            return self._fail("not an articlediff index (not an SQLite database)")
        return self._fail(f"index cannot be used ({message})")

    def _check_file(self, create: bool) -> None:
        """Refuse, before SQLite touches it, what cannot be an index."""
        if os.path.isdir(self.path):
            raise self._fail("is a directory, expected an index file")
        if not os.path.exists(self.path):
            if not create:
                raise self._fail("no such index")
            folder = os.path.dirname(self.path) or "."
            if not os.path.isdir(folder):
                raise self._fail("its folder does not exist")
            return
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise self._fail(f"cannot be read ({exc.strerror or exc})") from None
        if not head and not create:
            raise self._fail("is empty, not an articlediff index")
        if head and head != _SQLITE_MAGIC:
            raise self._fail("not an articlediff index (not an SQLite database)")

    def _open(self, create: bool) -> None:
        conn = self._conn
        assert conn is not None
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != 0 or tables:
                raise self._fail("not an articlediff index (an SQLite database of something else)")
            if not create:
                raise self._fail("is an empty database, not an articlediff index")
            self._initialise()
        self._validate()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")

    def _initialise(self) -> None:
        conn = self._conn
        assert conn is not None
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise self._fail(f"cannot switch the index to WAL mode (journal mode stays {mode})")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                conn.execute("ROLLBACK")  # another process created it meanwhile
                return
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            meta = {
                "application": APPLICATION,
                "schema_version": SCHEMA_VERSION,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "permutations": PERMUTATIONS,
                "bands": BANDS,
                "rows": ROWS,
                "shingle_words": SHINGLE_WORDS,
                "signature_bits": SIGNATURE_BITS,
                "bucket_bits": BUCKET_BITS,
                "skeleton_values": SKELETON_VALUES,
                "passage_rows": PASSAGE_ROWS,
                "check_bits": CHECK_BITS,
            }
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _validate(self) -> None:
        conn = self._conn
        assert conn is not None
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        except sqlite3.OperationalError:
            raise self._fail("not an articlediff index (no meta table)") from None
        if meta.get("application") != APPLICATION:
            raise self._fail("not an articlediff index (its meta table is not ours)")
        version = meta.get("schema_version")
        if not isinstance(version, int):
            raise self._fail("not an articlediff index (no schema version)")
        if version > SCHEMA_VERSION:
            raise self._fail(f"written by a newer articlediff (schema version {version}; this one reads up to {SCHEMA_VERSION})")
        if version < SCHEMA_VERSION:
            raise self._fail(
                f"written by an older articlediff (schema version {version}, without skeleton and paragraph keys);"
                " build a new index from the documents"
            )
        expected = {
            "permutations": PERMUTATIONS,
            "bands": BANDS,
            "rows": ROWS,
            "shingle_words": SHINGLE_WORDS,
            "signature_bits": SIGNATURE_BITS,
            "skeleton_values": SKELETON_VALUES,
            "passage_rows": PASSAGE_ROWS,
            "check_bits": CHECK_BITS,
        }
        wrong = [f"{k} {meta.get(k)} (expected {v})" for k, v in expected.items() if meta.get(k) != v]
        if wrong:
            raise self._fail("built with other fingerprint settings: " + ", ".join(wrong) + "; build a new index")
        bits = meta.get("bucket_bits")
        if not isinstance(bits, int) or not 1 <= bits <= 24:
            raise self._fail(f"invalid bucket_bits {bits!r} in its meta table")
        self._meta = meta
        self._bucket_bits = bits

    # ------------------------------------------------------------------ helpers

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self._fail("index is closed")
        return self._conn

    def _buckets(self, fp: _Print) -> list[int]:
        """The LSH buckets of a document: its word bands (0-31), then, if it has a skeleton, its skeleton's (32-47)."""
        bits = self._bucket_bits
        shift = 64 - bits
        return [(band << bits) | (key >> shift) for band, key in enumerate(fp.keys.tolist())]

    def _hash_bucket(self, content_hash: int) -> int:
        """The bucket of a content hash: band ``HASH_BAND``, the hash's top bits."""
        return (HASH_BAND << self._bucket_bits) | ((content_hash & 0xFFFF_FFFF_FFFF_FFFF) >> (64 - self._bucket_bits))

    def _stored_hashes(self, hashes: list[int]) -> dict[int, list[int]]:
        """Which of these content hashes are stored: hash -> the references of the documents that have it.

        The hash band's buckets give the candidates; their ``hash`` column decides.
        """
        wanted = set(hashes)
        buckets = sorted({self._hash_bucket(h) for h in wanted})
        refs = {ref for (blob,) in self._select_in("SELECT docs FROM buckets WHERE id IN ({})", buckets) for ref in decode_refs(blob)}
        found: dict[int, list[int]] = defaultdict(list)
        for ref, h in self._select_in("SELECT id, hash FROM docs WHERE id IN ({})", sorted(refs)):
            if h in wanted:
                found[h].append(ref)
        return found

    def _passage_entries(self, fp: _Print) -> list[tuple[int, int]]:
        """``(bucket, check)`` of each fingerprinted paragraph: the top bits of its key, and the next ``CHECK_BITS``."""
        bits = self._bucket_bits
        shift, check_shift = 64 - bits, 64 - bits - CHECK_BITS
        mask = (1 << CHECK_BITS) - 1
        return [(key >> shift, (key >> check_shift) & mask) for key in fp.passages.tolist()]

    @staticmethod
    def _fingerprint(docs: list[Document]) -> list[_Print | None]:
        return fingerprint_texts([d.text for d in docs])

    # ------------------------------------------------------------------ adding

    def add(
        self, documents: Iterable[Document], *, batch: int = BATCH, progress: Progress | None = None, workers: int | None = None
    ) -> AddReport:
        """Store the documents not stored yet (by content hash), one transaction per ``batch`` documents.

        ``progress(documents)`` is called after each commit with the number of
        input documents handled so far (all of them committed).  An
        interruption loses at most the batch in progress.  ``workers``
        processes fingerprint the batches (default: every available core; 1
        keeps the work in this process) while this one writes.
        """
        if batch < 1:
            raise ValueError("batch must be at least 1")
        stream = iter(documents)
        waiting: deque[list[Document]] = deque()  # batches sent to be fingerprinted, in order

        def texts() -> Iterator[list[str]]:
            while chunk := list(islice(stream, batch)):
                waiting.append(chunk)
                yield [d.text for d in chunk]

        fingerprinted = ((waiting.popleft(), prints) for prints in map_batches(fingerprint_texts, texts(), workers=workers, initializer=warm))
        return self.add_fingerprinted(fingerprinted, progress=progress)

    def add_fingerprinted(
        self, batches: Iterable[tuple[list[Document], list[_Print | None]]], *, progress: Progress | None = None
    ) -> AddReport:
        """Store batches of documents already fingerprinted (:func:`fingerprint_texts`), one transaction a batch.

        What :meth:`add` does once its workers have fingerprinted a batch; an
        engine that fingerprints elsewhere (:mod:`.index_build`) calls it with
        documents whose text is no longer needed (the id, path, line and date are).
        """
        added = present = 0
        skips: list[Skipped] = []
        done = 0
        for chunk, prints in batches:
            a, p, s = self._add_batch(chunk, prints)
            added, present = added + a, present + p
            skips.extend(s)
            done += len(chunk)
            if progress:
                progress(done)
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError:
            pass  # a reader holds the log; SQLite checkpoints later
        return AddReport(added, present, len(skips), tuple(skips))

    def _add_batch(self, chunk: list[Document], prints: list[_Print | None]) -> tuple[int, int, list[Skipped]]:
        skips = [Skipped(d.path, f"{d.id}: no words to fingerprint", d.line) for d, fp in zip(chunk, prints) if fp is None]
        fresh: dict[int, tuple[Document, _Print]] = {}
        for doc, fp in zip(chunk, prints):
            if fp is not None and fp.hash not in fresh:
                fresh[fp.hash] = (doc, fp)
        conn = self._db
        new_prefixes: dict[str, int] = {}
        try:
            conn.execute("BEGIN IMMEDIATE")
            for h in self._stored_hashes(list(fresh)):
                fresh.pop(h, None)
            rows = []
            appends: dict[int, list[int]] = defaultdict(list)
            ref = conn.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]
            if fresh:
                sigs = np.hstack(
                    (
                        compact(np.vstack([fp.sig for _, fp in fresh.values()])),
                        compact(np.vstack([fp.skeleton[:SKELETON_VALUES] for _, fp in fresh.values()])),
                    )
                )
            passage_appends: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for k, (doc, fp) in enumerate(fresh.values()):
                ref += 1
                prefix, named, rest = split_path(doc)
                prefix_id = self._prefixes.get(prefix) or new_prefixes.get(prefix)
                if prefix_id is None:
                    conn.execute("INSERT OR IGNORE INTO prefixes(prefix) VALUES (?)", (prefix,))
                    found = conn.execute("SELECT id FROM prefixes WHERE prefix = ?", (prefix,)).fetchone()
                    prefix_id = new_prefixes[prefix] = found[0]
                rows.append((ref, fp.hash, doc.id, prefix_id, named, rest, fp.words, document_date(doc), sigs[k].tobytes()))
                for bucket in self._buckets(fp):
                    appends[bucket].append(ref)
                appends[self._hash_bucket(fp.hash)].append(ref)
                for bucket, check in self._passage_entries(fp):
                    passage_appends[bucket].append((ref, check))
            lasts = self._lasts("buckets", appends)
            passage_lasts = self._lasts("passages", passage_appends)
            conn.executemany(
                "INSERT INTO docs(id, hash, name, prefix, named, rest, words, date, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            conn.executemany(
                "INSERT INTO buckets(id, last, docs) VALUES (?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET docs = CAST(docs || excluded.docs AS BLOB), last = excluded.last",
                ((b, refs[-1], encode_refs(refs, lasts.get(b, 0))) for b, refs in sorted(appends.items())),
            )
            conn.executemany(
                "INSERT INTO passages(id, last, docs) VALUES (?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET docs = CAST(docs || excluded.docs AS BLOB), last = excluded.last",
                (
                    (b, entries[-1][0], encode_checked_refs(entries, passage_lasts.get(b, 0)))
                    for b, entries in sorted(passage_appends.items())
                ),
            )
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._error(exc) from None
        except BaseException:
            self._rollback()
            raise
        self._prefixes.update(new_prefixes)
        present = sum(1 for fp in prints if fp is not None) - len(rows)
        return len(rows), present, skips

    def _select_in(self, sql: str, ids: list[int]) -> Iterator[tuple]:
        """The rows of ``sql``, whose ``{}`` stands for the ``IN`` list, for all of ``ids`` (``_PARAMS`` at a time)."""
        for part in _chunks(ids):
            yield from self._db.execute(sql.format(",".join("?" * len(part))), part)

    def _lasts(self, table: str, buckets: dict) -> dict[int, int]:
        """The last reference stored in each of these buckets of ``table`` (where the next delta starts)."""
        return dict(self._select_in(f"SELECT id, last FROM {table} WHERE id IN ({{}})", list(buckets)))

    def _rollback(self) -> None:
        conn = self._conn
        if conn is not None and conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    # ------------------------------------------------------------------ querying

    def query(self, document: Document, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10) -> list[Match]:
        """The stored documents similar to ``document``, strongest relation first, then by score; at most ``limit``.

        Relations, as ``dedup``'s: ``exact`` (the same content hash), ``near``
        (the word signatures' estimated Jaccard similarity reaches
        ``threshold``, 0-1), ``spun`` (only the skeletons' does), ``partial``
        (``MIN_SHARED_PASSAGES`` or more of the document's paragraphs have the
        key of one of the stored document's paragraphs; a paragraph key
        found in ``FURNITURE_BUCKET_GROUPS`` or more stored documents is a
        site's furniture and does not count).  Candidates are the documents
        sharing an LSH bucket with it.
        """
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be above 0 and at most 1")
        if limit < 1:
            raise ValueError("limit must be at least 1")
        (fp,) = self._fingerprint([document])
        if fp is None:
            return []
        query_sig = compact(fp.sig)[0]
        query_skeleton = compact(fp.skeleton[:SKELETON_VALUES])[0] if fp.skeleton.any() else None
        width = len(query_sig)
        conn = self._db
        try:
            found: dict[int, tuple[str, float]] = {}
            for ref in self._stored_hashes([fp.hash]).get(fp.hash, ()):
                found[ref] = ("exact", 1.0)
            blobs = self._select_in("SELECT docs FROM buckets WHERE id IN ({})", self._buckets(fp))
            refs = sorted({ref for (blob,) in blobs for ref in decode_refs(blob)} - set(found))
            got = list(self._select_in("SELECT id, sig FROM docs WHERE id IN ({})", refs))
            if got:
                stored = np.frombuffer(b"".join(sig for _, sig in got), dtype=np.uint8).reshape(len(got), -1)
                words = compact_estimates(query_sig, stored[:, :width]).tolist()
                if query_skeleton is not None:
                    spun = compact_estimates(query_skeleton, stored[:, width:]).tolist()
                    spun = [0.0 if not stored[k, width:].any() else v for k, v in enumerate(spun)]
                else:
                    spun = [0.0] * len(got)
                for (ref, _), w, sk in zip(got, words, spun):
                    if w >= threshold:
                        found[ref] = ("near", w)
                    elif sk >= threshold:
                        found[ref] = ("spun", sk)
            for ref, share in self._partial_sources(fp).items():
                found.setdefault(ref, ("partial", share))
            rank = {"exact": 0, "near": 1, "spun": 2, "partial": 3}
            best = sorted(found.items(), key=lambda item: (rank[item[1][0]], -item[1][1], item[0]))[:limit]
            out = []
            for ref, (relation, score) in best:
                name, prefix, named, rest, words, date = conn.execute(
                    "SELECT name, prefixes.prefix, named, rest, words, date FROM docs"
                    " JOIN prefixes ON prefixes.id = docs.prefix WHERE docs.id = ?",
                    (ref,),
                ).fetchone()
                out.append(Match(name, prefix + (name if named else "") + rest, score, relation, date, words))
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        return out

    def _partial_sources(self, fp: _Print) -> dict[int, float]:
        """Stored documents holding ``MIN_SHARED_PASSAGES`` or more of the document's paragraphs: reference -> share."""
        entries = self._passage_entries(fp)
        if len(entries) < MIN_SHARED_PASSAGES:
            return {}
        wanted = sorted({bucket for bucket, _ in entries})
        stored = {
            bucket: decode_checked_refs(blob) for bucket, blob in self._select_in("SELECT id, docs FROM passages WHERE id IN ({})", wanted)
        }
        shared: dict[int, int] = defaultdict(int)
        for bucket, check in entries:
            holders = {ref for ref, c in stored.get(bucket, ()) if c == check}
            if len(holders) >= FURNITURE_BUCKET_GROUPS:
                continue  # a site's furniture: in too many stored documents to be evidence of copying
            for ref in holders:
                shared[ref] += 1
        return {ref: count / len(entries) for ref, count in shared.items() if count >= MIN_SHARED_PASSAGES}

    # ------------------------------------------------------------------ facts

    def __len__(self) -> int:
        try:
            return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def stats(self) -> dict:
        """Documents, size on disk (the file and its write-ahead log), bytes per document and the settings."""
        documents = len(self)
        try:
            buckets = self._db.execute("SELECT count(*) FROM buckets").fetchone()[0]
            passage_buckets = self._db.execute("SELECT count(*) FROM passages").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        meta = self._meta
        return {
            "path": self.path,
            "documents": documents,
            "bytes": size,
            "bytes_per_document": round(size / documents, 1) if documents else None,
            "bands": meta["bands"],
            "rows": meta["rows"],
            "permutations": meta["permutations"],
            "shingle_words": meta["shingle_words"],
            "signature_bits": meta["signature_bits"],
            "bucket_bits": meta["bucket_bits"],
            "buckets": buckets,
            "skeleton_values": meta["skeleton_values"],
            "passage_rows": meta["passage_rows"],
            "passage_buckets": passage_buckets,
            "schema_version": meta["schema_version"],
            "created": meta["created"],
        }

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._conn is None:
            return
        self._rollback()
        conn, self._conn = self._conn, None
        try:
            conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self):  # -> Self (typing.Self needs Python 3.11)
        return self

    def __exit__(self, *exc) -> None:
        self.close()
