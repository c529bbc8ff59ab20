"""A persistent corpus index: fingerprints and LSH buckets of many documents in one SQLite file.

``Index(path, config=...)`` opens (or creates) the file; ``add(inputs)``
has an engine read and fingerprint documents (:mod:`.build`) and stores
them (with their text, compressed, if asked), a batch per transaction; ``query(document)`` finds the stored
documents that are exact, near, spun or partial copies of a new one.  The
fingerprints are those of :mod:`articlediff.dedup.fingerprint` under the
index's :class:`~articlediff.dedup.config.FingerprintConfig` (by default
word 4-grams of the matching view, 128 MinHash permutations and a
threshold of 0.5, hence 32 bands of 4 rows; the skeleton's; each
paragraph's), with ``dedup``'s band keys, so the index agrees with
``dedup`` on what is a candidate.  The config is stored in the file; a
query or an ``add`` asking for one that bands signatures otherwise is refused.

Identity
    A document's identity is the xxHash64 of its matching view (its word
    keys joined by spaces), so a re-typeset copy (quotes, dashes, case,
    spacing) is the same document.  Adding a document whose hash is already
    stored is a no-op (counted as *present*), whatever its id or path; the
    index keeps the first id and path.  Ids are *not* unique: a document
    with an id already stored but different content (an updated article) is
    a new document and both versions are kept.  Documents without any word
    are skipped.  Nothing is ever removed.

Storage (schema version 3), aimed at under 300 bytes per document
    ``docs``: one row per document: ``id`` (an integer, the reference used
    by the buckets), ``hash`` (signed 64-bit; found through its own band of
    buckets, the band after the word and skeleton bands (48 by default),
    not an SQLite index, which cost 17 bytes a document against 2), ``name`` (the
    Document id), the path as ``prefix`` + (``name`` if ``named``) +
    ``rest``, ``words``, ``date`` (the JSONL ``date`` field or a leading
    ``date YYYY-MM-DD`` line, else NULL) and ``sig``, the compact
    signatures.  No text is stored, unless asked (``texts`` below).  ``prefixes`` holds each path prefix
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
    the band key's top 11 bits`` (``bucket_bits`` in ``meta``; by default
    bands 0-31 are the word signature's, 32-47 the skeleton's 16 bands of 4
    of its 64 values; the config decides; 2,048 buckets a band), ``docs`` = the references of the
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

    ``passages``: the passage-window table, for partial copies.  Each
    window (a run of sentences of 20 words or more, :mod:`..dedup.fingerprint`)
    has a key, the mix of the first ``PASSAGE_ROWS`` MinHash values of its
    skeleton (equal for two windows of Jaccard J with probability J⁴); a row
    per bucket of the key's top 11 bits holds, per stored window, the
    document's reference as a varint delta and the key's next 24 bits as a
    check (about 5 bytes a window).  A window that holds another of its
    document's windows whole is not stored (:func:`.build.outer_windows`:
    a run that holds it holds the inner one too).  A stored document
    holding one of a new document's window keys (all 35 bits) is a partial
    source; by chance that happens about once in 2,400 queries at 100,000
    documents of 12 windows (the keys of 1.2 million windows fill 1 in
    29,000 of the 2^35 values, times 12 keys a query), ten times as often
    at a million.
    A key found in ``FURNITURE_BUCKET_GROUPS`` or more stored documents is a
    site's furniture, as in ``dedup``.

    ``texts``: only in an index that stores its documents' text (``index
    add --store-text``, ``add(store_text=True)``; ``store_text`` = 1 in
    ``meta``): ``id`` (the document's reference) and ``text``, the text as
    read, compressed with zlib (:func:`.encoding.compress_text` says why;
    about 1 kB a news article, 49.8% of its UTF-8 size).  It is what lets
    :func:`.source.find_source` hand ``clean`` a copy's source without the
    source's file.  The table is an addition, not a new schema: an index
    without it (every index written before it existed) simply stores no
    text, and an older articlediff reads a file that has it.  Once an index
    stores text, every later ``add`` (``check --add`` too) stores it: the
    choice is the index's, kept in ``meta``, so a script that forgets the
    flag does not leave holes; asking an index that stores text not to is
    refused.  An index that starts storing text later keeps the documents
    added before without one (their text is read from their path).

    ``spinner``: only in an index that learned a spinner (``index add
    --learn-spinner``, ``add(learn_spinner=True)``): one row, the
    :class:`~articlediff.normalise.profile.SpinnerProfile` learned from
    the spun pairs those adds saw, as zlib-compressed JSON (its
    ``articlediff.spinner/1`` form).  A new document that the index finds
    to be a spun copy (its skeleton's estimate reaches the threshold, its
    words' does not) of a document stored before it is diffed against it
    (:func:`~articlediff.normalise.profile.learn_profile`): when both are
    dated on different days the earlier is the source; else the one that
    reads less like English under the trigram model is taken as the spun
    copy (:func:`~articlediff.normalise.profile.spun_side`: right on all 48
    orientations of our labelled spun copies).  The stored one's text is this add's, the index's, or read
    again from its path (:mod:`.reread`); a source that cannot be read is
    passed over.  The learning happens in the batch's transaction, so the
    profile never counts a document the index lost.  A table, not a
    ``meta`` row, because the profile grows (a word count for every word a
    spun copy kept) and ``meta`` is read on every open.

    ``meta``: key/value pairs: ``application`` (``articlediff.index``),
    ``schema_version``, ``created``, and the fingerprint settings (the
    config's shingle words, permutations and threshold, and the bands and
    rows they give), checked on every open: their bands must be those the
    config derives.  A file written before the threshold was stored has
    none; it was built for 0.5 (``LEGACY_THRESHOLD``).  The file header also carries ``PRAGMA application_id``
    (``ADIX``) and ``user_version`` (the schema version).  A file of an
    older schema is refused with a one-line message: version 1 (word
    signatures only) has none of this version's band keys, version 2 keyed
    paragraphs, not passage windows (its partial copies could never match
    a query's windows, silently), and the texts needed to rebuild either
    are not always stored, so it is rebuilt from the documents.

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

import errno
import json
import os
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import numpy as np

from ..dedup.config import FingerprintConfig, describe
from ..dedup.fingerprint import warm
from ..dedup.model import RELATIONS
from ..dedup.passages import FURNITURE_BUCKET_GROUPS
from ..dedup.verify import REWRITE_ESTIMATE, SPUN_MAX_WORD_SHARE
from ..engines import open_engine
from ..errors import InputError
from ..read import Document, Skipped, document_date
from ..read.decode import kind_problem, stat_problem
from .build import Print, fingerprint_texts, fingerprinted
from .encoding import (
    CHECK_BITS,
    PASSAGE_ROWS,
    SIGNATURE_BITS,
    compact,
    compact_estimates,
    compress_text,
    decode_checked_refs,
    decode_refs,
    decompress_text,
    encode_checked_refs,
    encode_refs,
    skeleton_shape,
    split_path,
    telling_shape,
)
from .integrity import connect_readonly, quick_structure

if TYPE_CHECKING:  # the spinner's learning and the stored texts' reader are imported where used: a check needs neither
    from ..normalise.profile import SpinnerProfile

#: How a match ranks by its relation, strongest first (dedup's order of relations).
RELATION_RANK = {relation: k for k, relation in enumerate(RELATIONS)}
#: The schema this code writes and reads.
SCHEMA_VERSION = 4
APPLICATION = "articlediff.index"
#: ``PRAGMA application_id``: "ADIX".
APPLICATION_ID = 0x41444958
#: Bits of a band key that choose its bucket (2^11 buckets a band; the module documentation says why so few).
BUCKET_BITS = 11
#: A stored document is a partial source when this many passage windows of the query match its windows.  Two
#: would rule out the rare chance match of one window of common words (1 of 150 unrelated Wikipedia sections of the
#: labelled corpus), but cost a fifth of the copies of real one-line news (docs/benchmarks.md): one it is.
MIN_SHARED_PASSAGES = 1
#: Documents per transaction in :meth:`Index.add`.  Each transaction rewrites every bucket row its
#: documents fall in, so larger ones write each row less often: at 100,000 documents, 5,000 a
#: transaction took 79 s of CPU against 99 s for 500 (issue 22; docs/scaling.md), and the file holds
#: the same rows either way.  An interrupted ingest loses at most this many documents' work (a few
#: seconds of fingerprinting), and the next run adds them.
BATCH = 5000
#: The threshold of an index written before the threshold was stored (its bands are 32 of 4 rows).
LEGACY_THRESHOLD = 0.5

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PARAMS = 500  # bound parameters per IN (...) query
#: SQLite page cache of a writing connection, in KiB (64 MB: the buckets of 200,000 documents; used as pages are read).
WRITE_CACHE_KIB = 65_536
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
#: The table of an index that stores its documents' text (created by the first ``add(store_text=True)``).
_TEXTS = "CREATE TABLE IF NOT EXISTS texts (id INTEGER PRIMARY KEY, text BLOB NOT NULL)"
#: The spinner profile learned from the spun pairs ``add`` saw (one row, id 1; created by the first that learns one).
_SPINNER = "CREATE TABLE IF NOT EXISTS spinner (id INTEGER PRIMARY KEY, profile BLOB NOT NULL)"

Progress = Callable[[int], None]


def _merged(windows: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    """Windows ``(start, end, first word, end word)`` merged where they overlap or touch: ``(start, end, words)`` runs.

    A window that starts a sentence before a copied run (or ends a sentence
    after it) can still match when most of it is copied; without the texts
    an index cannot tell, so a run may take in a sentence of the new
    document's own at an end (docs/benchmarks.md measures by how much).
    """
    runs: list[list[int]] = []
    for start, end, first, last in sorted(windows.tolist(), key=lambda w: w[2]):
        if runs and first <= runs[-1][3]:
            runs[-1][1], runs[-1][3] = max(runs[-1][1], end), max(runs[-1][3], last)
        else:
            runs.append([start, end, first, last])
    return tuple((start, end, last - first) for start, end, first, last in runs)


class CorpusIndexError(InputError):
    """The index file cannot be used: missing, not SQLite, not an articlediff index, newer, locked, damaged."""


@dataclass(frozen=True, slots=True)
class Match:
    """A stored document similar to the one queried, and how."""

    id: str  # the stored Document id
    path: str
    score: float  # 0-1: the estimated Jaccard similarity of the word 4-grams (1.0 when exact), of the skeletons
    # (spun), the share of the query's words in passage windows the stored document holds (partial), or the
    # Jaccard similarity of the telling words (rewrite: estimated, or exact once check verified it on the texts)
    relation: str  # exact, near, spun, partial or rewrite (as dedup's relations)
    date: str | None = None
    words: int = 0
    ref: int = 0  # the index's own reference of the stored document (ids repeat): for Index.text()
    # for a partial source: the runs of the queried document's text it holds, ((start, end, words), ...) in characters
    spans: tuple[tuple[int, int, int], ...] = ()
    told: float = 0.0  # the telling words' estimated Jaccard similarity, when it is high enough to make a rewrite
    share: float = 0.0  # with spans: the share (0-1) of the query's words in them (a partial match's score)

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
    learned: int = 0  # spun pairs (a new document and its stored source) a spinner profile learned from

    @property
    def seen(self) -> int:
        return self.added + self.present + self.skipped


@dataclass(frozen=True)
class RemoveReport:
    """What :meth:`Index.remove` did: stored rows removed, the ids they had, and the ids the index does not hold."""

    removed: int = 0
    ids: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _chunks(items: list, size: int = _PARAMS) -> Iterator[list]:
    for k in range(0, len(items), size):
        yield items[k : k + size]



def _writable(path: str) -> bool:
    """Whether this process may write the file ``path`` and create files beside it (SQLite's -wal and -shm)."""
    effective = os.access in os.supports_effective_ids
    folder = os.path.dirname(path) or "."
    return os.access(path, os.W_OK, effective_ids=effective) and os.access(folder, os.W_OK | os.X_OK, effective_ids=effective)


class Index:
    """A persistent near-duplicate index in one SQLite file (see the module documentation)."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        create: bool = True,
        config: FingerprintConfig | None = None,
        readonly: bool = False,
    ) -> None:
        """Open the index at ``path``, or create it (with ``create``) for ``config`` (default: the default config).

        An existing index keeps the config it was built with
        (:attr:`config`); a ``config`` that would band signatures otherwise
        (other shingles, permutations, or a threshold that gives other bands)
        is refused with a one-line :class:`CorpusIndexError`.

        ``readonly`` (for commands that only read; implies not ``create``)
        never writes the file nor leaves anything beside it: an index in a
        writable folder is opened with ``PRAGMA query_only`` (an SQLite
        ``mode=ro`` connection would leave its ``-wal`` and ``-shm`` files
        behind), one whose file or folder is not writable (or on a
        read-only mount) with ``mode=ro&immutable=1``, so SQLite creates no
        ``-shm`` file it cannot (unless a write-ahead log with content is
        beside it, which is then read with ``mode=ro``).

        Opening also checks the file's structure (:func:`.integrity.quick_structure`:
        the SQLite header, the tables and their columns); a damaged index is
        refused with a one-line error naming ``articlediff index check``.
        """
        self.path = os.fspath(path)
        self._asked = config
        self._profile: SpinnerProfile | None = None  # the learned spinner profile, once read
        self._conn: sqlite3.Connection | None = None
        self._prefixes: dict[str, int] = {}
        self.readonly = readonly
        create = create and not readonly
        self._check_file(create)
        try:
            self._conn = self._connect()
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
        if "malformed" in message or "corrupt" in message:
            return self._damaged(message)
        return self._fail(f"index cannot be used ({message})")

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            return connect_readonly(self.path)
        return sqlite3.connect(self.path, isolation_level=None, timeout=10.0)

    def _damaged(self, detail: str) -> CorpusIndexError:
        return self._fail(f"the index is damaged ({_one_line(detail)}); run: articlediff index check --db {self.path}")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn what a damaged index makes SQLite or the decoders raise into a one-line :class:`CorpusIndexError`."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        except (ValueError, OverflowError, IndexError, KeyError, TypeError, zlib.error) as exc:
            raise self._damaged(f"{type(exc).__name__}: {exc}") from None

    def _check_file(self, create: bool) -> None:
        """Refuse, before SQLite touches it, what cannot be an index."""
        if os.path.isdir(self.path):
            raise self._fail("is a directory, expected an index file")
        try:
            kind = kind_problem(os.stat(self.path).st_mode)
        except OSError as exc:
            kind = None if exc.errno == errno.ENOENT and not os.path.islink(self.path) else stat_problem(self.path, exc)
        if kind:  # a named pipe would block SQLite (and us) forever; a device or socket is no index either
            raise self._fail(kind)
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
        if not head:  # an empty file is not an index, and is not taken over as one (it may be a wrong path)
            raise self._fail("is empty, not an articlediff index (name a new file to create one)")
        if head != _SQLITE_MAGIC:
            raise self._fail("not an articlediff index (not an SQLite database)")
        if not self.readonly and not _writable(self.path):
            # SQLite would fail on the first write, after leaving its -wal and -shm files beside the index.
            raise self._fail("is read-only; check it without --add, or make it writable")

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
        problem = quick_structure(conn, self.path)
        if problem:
            raise self._damaged(problem)
        self._validate()
        if not self.readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # A writer touches bucket pages all over the file (band keys are random): with SQLite's default 2 MB
            # page cache an add read most of them back from the OS again and again (issue 22).
            conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")

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
            config = self._asked or FingerprintConfig()
            meta = {
                "application": APPLICATION,
                "schema_version": SCHEMA_VERSION,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                **_layout(config),
                "threshold": config.threshold,
                "signature_bits": SIGNATURE_BITS,
                "bucket_bits": BUCKET_BITS,
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
            missing = (
                "without skeleton and passage keys"
                if version < 2
                else "with paragraph keys, not passage windows"
                if version < 3
                else "without the telling-word keys that find rewrites"
            )
            raise self._fail(
                f"written by an older articlediff (schema version {version}, {missing}); build a new index from the documents"
            )
        try:
            stored = FingerprintConfig(
                meta.get("shingle_words"),
                meta.get("permutations"),
                meta.get("threshold", LEGACY_THRESHOLD),
                rewrites=bool(meta.get("telling_bands", 0)),
            )
        except (TypeError, ValueError):
            raise self._fail("invalid fingerprint settings in its meta table") from None
        expected = {**_layout(stored), "signature_bits": SIGNATURE_BITS, "passage_rows": PASSAGE_ROWS, "check_bits": CHECK_BITS}
        wrong = [f"{k} {meta.get(k)} (expected {v})" for k, v in expected.items() if meta.get(k) != v]
        if wrong:
            raise self._fail("built with other fingerprint settings: " + ", ".join(wrong) + "; build a new index")
        if self._asked is not None:
            self._refuse_other(self._asked, stored)
        bits = meta.get("bucket_bits")
        if not isinstance(bits, int) or not 1 <= bits <= 24:
            raise self._fail(f"invalid bucket_bits {bits!r} in its meta table")
        self._meta = meta
        self._bucket_bits = bits
        #: Whether the index stores its documents' text (``texts``; every ``add`` then stores it).
        self.stores_text = bool(meta.get("store_text", 0))
        #: The config the index was built with: a query bands its signatures the same way.
        self.config = stored
        self._skeleton_values, skeleton_bands = skeleton_shape(stored)
        self._hash_band = stored.bands + skeleton_bands
        self._telling_values, self._telling_bands = telling_shape(stored)
        #: Where the skeleton's values end in a stored ``sig`` (the word values, then the skeleton's, then the telling's).
        self._skeleton_end = (stored.permutations * SIGNATURE_BITS + 7) // 8 + (self._skeleton_values * SIGNATURE_BITS + 7) // 8

    def _refuse_other(self, asked: FingerprintConfig, stored: FingerprintConfig) -> None:
        """Refuse a config whose candidates this index cannot give: other shingles, permutations, or bands.

        Whether rewrites are looked for is the index's (its telling keys are stored or not), not the query's.
        """
        if _layout(replace(asked, rewrites=stored.rewrites)) == _layout(stored):
            return
        same_shingles = (asked.shingle_words, asked.permutations) == (stored.shingle_words, stored.permutations)
        remedy = (
            f"build a new index for Jaccard {asked.threshold * 100:g}% (index add --jaccard {asked.threshold * 100:g} into a new "
            f"file), or leave the threshold to the index ({stored.threshold * 100:g}%)"
            if same_shingles
            else "build an index with these settings"
        )
        raise self._fail(f"built with {describe(stored)}, not {describe(asked)}; {remedy}")

    # ------------------------------------------------------------------ helpers

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self._fail("index is closed")
        return self._conn

    def _buckets(self, fp: Print) -> list[int]:
        """The LSH buckets of a document: its word bands (0-31), then, if it has a skeleton, its skeleton's (32-47);
        then, if it has enough telling words, its telling signature's, in the bands after the hash band (49-64)."""
        bits = self._bucket_bits
        shift = 64 - bits
        out = [(band << bits) | (key >> shift) for band, key in enumerate(fp.keys.tolist())]
        if self._telling_bands:
            first = self._hash_band + 1
            out += [((first + band) << bits) | (key >> shift) for band, key in enumerate(fp.telling_keys.tolist())]
        return out

    def _hash_bucket(self, content_hash: int) -> int:
        """The bucket of a content hash: the band after the word and skeleton bands, the hash's top bits."""
        return (self._hash_band << self._bucket_bits) | ((content_hash & 0xFFFF_FFFF_FFFF_FFFF) >> (64 - self._bucket_bits))

    def _stored_hashes(self, hashes: list[int]) -> dict[int, list[int]]:
        """Which of these content hashes are stored: hash -> the references of the documents that have it.

        The hash band's buckets give the candidates; their ``hash`` column decides.
        """
        wanted = set(hashes)
        buckets = sorted({self._hash_bucket(h) for h in wanted})
        refs = {
            ref for (blob,) in self._select_in("SELECT docs FROM buckets WHERE id IN ({})", buckets) for ref in decode_refs(blob)
        }
        found: dict[int, list[int]] = defaultdict(list)
        for ref, h in self._select_in("SELECT id, hash FROM docs WHERE id IN ({})", sorted(refs)):
            if h in wanted:
                found[h].append(ref)
        return found

    def _passage_entries(self, fp: Print, stored: bool = False) -> list[tuple[int, int]]:
        """``(bucket, check)`` of each passage window: the top bits of its key, and the next ``CHECK_BITS``.

        ``stored``: only the windows an index stores (:func:`.build.outer_windows` are not); a query asks with all.
        """
        bits = self._bucket_bits
        shift, check_shift = 64 - bits, 64 - bits - CHECK_BITS
        mask = (1 << CHECK_BITS) - 1
        keys = fp.passages[fp.stored] if stored else fp.passages
        return [(key >> shift, (key >> check_shift) & mask) for key in keys.tolist()]

    def check_threshold(self, threshold: float | None) -> float:
        """``threshold``, or the index's when None; raises when the index cannot answer for it (see :meth:`query`)."""
        if threshold is None:
            return self.config.threshold
        asked = replace(self.config, threshold=threshold)  # ValueError when out of range
        self._refuse_other(asked, self.config)
        return threshold

    def _fingerprint(self, docs: list[Document]) -> list[Print | None]:
        return fingerprint_texts([d.text for d in docs], self.config)

    # ------------------------------------------------------------------ adding

    def add(
        self,
        inputs: Iterable[Document | str | os.PathLike],
        *,
        engine: str = "local",
        workers: int | None = None,
        scheduler: str | None = None,
        client=None,
        strict: bool = False,
        batch: int | None = None,
        progress: Progress | None = None,
        part_bytes: int | None = None,
        store_text: bool | None = None,
        learn_spinner: bool = False,
    ) -> AddReport:
        """Store the documents not stored yet (by content hash), one transaction per ``batch`` documents.

        ``inputs`` are ``Document`` objects (their ids kept as given) or paths
        (files, folders, ``-``: read as :func:`articlediff.read.iter_documents`
        reads them, ids made unique in reading order).  ``engine``
        (:func:`articlediff.engines.open_engine`: ``"local"``, or ``"dask"``
        with ``scheduler`` or ``client``) reads and fingerprints them with
        ``workers`` processes (default: every available core; 1 keeps the
        work in this process) while this process writes (:mod:`.build`).
        ``progress(documents)`` is called after each commit with the number
        of documents handled so far (all of them committed).  An
        interruption loses at most the batch in progress (``batch``:
        ``BATCH`` documents).  Inputs that
        cannot be read are skipped with a reason (``strict``: raised), and
        listed in the report with the documents that have no words.

        ``store_text=True`` stores each new document's text too, compressed
        (the ``texts`` table of the module documentation), from now on: the
        index remembers it, and ``None`` (the default) does what the index
        does.  ``False`` on an index that stores text is refused
        (:class:`CorpusIndexError`), rather than leaving documents without.

        ``learn_spinner=True`` learns a spinner from the spun pairs the add
        sees (``spinner`` in the module documentation): each new document
        that is a spun copy of a document stored before it (in this add or
        an earlier one) whose text can be had is diffed against it
        (:func:`articlediff.normalise.profile.learn_profile`), and the swaps
        add up in the index's one profile (:meth:`spinner_profile`); the
        report counts the pairs (``learned``).  Opt-in: it queries the index
        for every new document, which made an add several times slower
        (docs/benchmarks.md).
        """
        batch = batch or BATCH
        if batch < 1:
            raise ValueError("batch must be at least 1")
        if store_text is False and self.stores_text:
            raise self._fail(
                "stores the text of its documents (index add --store-text), so every add stores it; leave store_text to the index"
            )
        if store_text and not self.stores_text:
            self._start_storing_text()
        skipped: list[Skipped] = []
        carry = self.stores_text or learn_spinner  # learning needs the new documents' text in this process
        with open_engine(engine, workers=workers, scheduler=scheduler, client=client, initializer=warm) as ex:
            batches = fingerprinted(
                ex, inputs, self.config, skipped, strict=strict, batch=batch, part_bytes=part_bytes, store_text=carry
            )
            report = self.add_fingerprinted(batches, progress=progress, learn_spinner=learn_spinner)
        skips = (*skipped, *report.skips)
        return AddReport(report.added, report.present, len(skips), skips, report.learned)

    def add_fingerprinted(
        self,
        batches: Iterable[tuple[list[Document], list[Print | None]]],
        *,
        progress: Progress | None = None,
        learn_spinner: bool = False,
    ) -> AddReport:
        """Store batches of documents already fingerprinted (:func:`.build.fingerprint_texts`), one transaction a batch.

        What :meth:`add` does with the batches its engine fingerprints
        (:func:`.build.fingerprinted`); the documents' text is no longer
        needed (the id, path, line and date are).  In an index that stores
        text, the compressed text a fingerprint carries (``Print.text``) is
        stored with it; ``learn_spinner`` learns from it (a fingerprint
        without one is not learned from).
        """
        added = present = learned = 0
        skips: list[Skipped] = []
        done = 0
        for chunk, prints in batches:
            with self._guard():
                a, p, s, n = self._add_batch(chunk, prints, learn_spinner)
            added, present, learned = added + a, present + p, learned + n
            skips.extend(s)
            done += len(chunk)
            if progress:
                progress(done)
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError:
            pass  # a reader holds the log; SQLite checkpoints later
        return AddReport(added, present, len(skips), tuple(skips), learned)

    def _add_batch(
        self, chunk: list[Document], prints: list[Print | None], learn_spinner: bool = False
    ) -> tuple[int, int, list[Skipped], int]:
        skips = [Skipped(d.path, f"{d.id}: no words to fingerprint", d.line) for d, fp in zip(chunk, prints) if fp is None]
        fresh: dict[int, tuple[Document, Print]] = {}
        for doc, fp in zip(chunk, prints):
            if fp is not None and fp.hash not in fresh:
                fresh[fp.hash] = (doc, fp)
        new_prefixes: dict[str, int] = {}
        with self._transaction() as conn:
            for h in self._stored_hashes(list(fresh)):
                fresh.pop(h, None)
            rows = []
            appends: dict[int, list[int]] = defaultdict(list)
            ref = conn.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]
            if fresh:
                parts = [
                    compact(np.vstack([fp.sig for _, fp in fresh.values()])),
                    compact(np.vstack([fp.skeleton[: self._skeleton_values] for _, fp in fresh.values()])),
                ]
                if self._telling_values:
                    parts.append(compact(np.vstack([fp.telling[: self._telling_values] for _, fp in fresh.values()])))
                sigs = np.hstack(parts)
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
                for bucket, check in self._passage_entries(fp, stored=True):
                    passage_appends[bucket].append((ref, check))
            lasts = self._lasts("buckets", appends)
            passage_lasts = self._lasts("passages", passage_appends)
            conn.executemany(
                "INSERT INTO docs(id, hash, name, prefix, named, rest, words, date, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            if self.stores_text:
                texts = ((row[0], fp.text) for row, (_, fp) in zip(rows, fresh.values()) if fp.text is not None)
                conn.executemany("INSERT INTO texts(id, text) VALUES (?, ?)", texts)
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
            learned, profile = self._learn(rows, list(fresh.values())) if learn_spinner and rows else (0, None)
        self._prefixes.update(new_prefixes)
        if profile is not None:
            self._profile = profile
        present = sum(1 for fp in prints if fp is not None) - len(rows)
        return len(rows), present, skips, learned

    # ------------------------------------------------------------------ learning a spinner

    def _learn(self, rows: list[tuple], fresh: list[tuple[Document, Print]]) -> tuple[int, SpinnerProfile | None]:
        """Learn from this batch's spun copies of stored documents, in the batch's transaction: (pairs, the new profile).

        Called after the batch's rows are written (so a source added in the
        same batch is found) and before they are committed, and the profile
        row is written in the same transaction: an interrupted add never
        leaves a profile that learned from documents the index lost.
        """
        from ..normalise.profile import SpinnerProfile, first_is_spun, learn_profile

        texts = {row[0]: fp.text for row, (_, fp) in zip(rows, fresh)}
        dates = {row[0]: row[7] for row in rows}
        batch = SpinnerProfile()
        pairs = 0
        for row, (doc, fp) in zip(rows, fresh):
            ref = row[0]
            if fp.text is None:
                continue
            for _, source in self._spun_sources(fp, below=ref):
                source_text = self._text_for_learning(source, texts)
                if source_text is None:
                    continue  # the source moved and its text is not stored: nothing to learn from
                text = decompress_text(fp.text)
                source_date = dates.get(source) or self._db.execute("SELECT date FROM docs WHERE id = ?", (source,)).fetchone()[0]
                if first_is_spun(text, source_text, row[7], source_date):
                    learn_profile(text, source_text, batch, label=doc.path or doc.id)
                else:
                    learn_profile(source_text, text, batch, label=self._path_of(source))
                pairs += 1
                break
        if not pairs:
            return 0, None
        merged = self.spinner_profile().merge(batch)
        blob = compress_text(json.dumps(merged.to_dict(), ensure_ascii=False))
        self._db.execute(_SPINNER)
        self._db.execute("INSERT OR REPLACE INTO spinner(id, profile) VALUES (1, ?)", (blob,))
        return pairs, merged

    def _spun_sources(self, fp: Print, below: int) -> list[tuple[float, int]]:
        """Stored documents (references under ``below``) ``fp`` is a spun copy of, as in :meth:`query`: (score, ref); best first.

        Only the skeleton bands are looked up: a spun copy shares them, and
        its word estimate is under the threshold (else it is a near copy).
        """
        if not fp.skeleton.any():
            return []
        skeleton_buckets = self._buckets(fp)[self.config.bands : len(fp.keys)]
        blobs = self._select_in("SELECT docs FROM buckets WHERE id IN ({})", skeleton_buckets)
        refs = sorted({ref for (blob,) in blobs for ref in decode_refs(blob) if ref < below})
        got = list(self._select_in("SELECT id, sig FROM docs WHERE id IN ({})", refs))
        if not got:
            return []
        query_sig = compact(fp.sig)[0]
        width = len(query_sig)
        stored = np.frombuffer(b"".join(sig for _, sig in got), dtype=np.uint8).reshape(len(got), -1)
        words = compact_estimates(query_sig, stored[:, :width]).tolist()
        skeleton = compact(fp.skeleton[: self._skeleton_values])[0]
        spun = compact_estimates(skeleton, stored[:, width : self._skeleton_end]).tolist()
        threshold = self.config.threshold
        found = [
            (sk, ref)
            for k, ((ref, _), w, sk) in enumerate(zip(got, words, spun))
            if w < threshold <= sk and stored[k, width:].any()
        ]
        return sorted(found, key=lambda item: (-item[0], item[1]))

    def _text_for_learning(self, ref: int, batch_texts: dict[int, bytes | None]) -> str | None:
        """A stored document's text: this batch's, the index's, or read again from its path; None when none can be had."""
        from .reread import Unreachable, reread

        if batch_texts.get(ref) is not None:
            return decompress_text(batch_texts[ref])
        stored = self.text(ref)
        if stored is not None:
            return stored
        name, path, content = self._db.execute(
            "SELECT name, prefixes.prefix || CASE WHEN named THEN name ELSE '' END || rest, hash FROM docs"
            " JOIN prefixes ON prefixes.id = docs.prefix WHERE docs.id = ?",
            (ref,),
        ).fetchone()
        try:
            return reread(path, name, content, self.path)
        except Unreachable:
            return None

    def _path_of(self, ref: int) -> str:
        name, path = self._db.execute(
            "SELECT name, prefixes.prefix || CASE WHEN named THEN name ELSE '' END || rest FROM docs"
            " JOIN prefixes ON prefixes.id = docs.prefix WHERE docs.id = ?",
            (ref,),
        ).fetchone()
        return path or name

    def spinner_profile(self) -> SpinnerProfile:
        """The spinner profile learned from the spun pairs added with ``learn_spinner`` (empty when none was)."""
        if self._profile is None:
            from ..normalise.profile import SpinnerProfile

            conn = self._db
            try:
                learned = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spinner'").fetchone()[0]
                row = conn.execute("SELECT profile FROM spinner WHERE id = 1").fetchone() if learned else None
            except sqlite3.DatabaseError as exc:
                raise self._error(exc) from None
            self._profile = SpinnerProfile() if row is None else SpinnerProfile.from_dict(json.loads(decompress_text(row[0])))
        return self._profile

    def _start_storing_text(self) -> None:
        """Make the index store its documents' text from now on: the ``texts`` table and ``store_text`` in ``meta``."""
        with self._transaction() as conn:
            conn.execute(_TEXTS)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('store_text', 1)")
        self._meta["store_text"] = 1
        self.stores_text = True

    def _select_in(self, sql: str, ids: list[int]) -> Iterator[tuple]:
        """The rows of ``sql``, whose ``{}`` stands for the ``IN`` list, for all of ``ids`` (``_PARAMS`` at a time)."""
        for part in _chunks(ids):
            # Each chunk's rows are fetched whole: a generator left unfinished (a damaged row raised in
            # the caller) must not hold a cursor that its clean-up would close after the database is.
            yield from self._db.execute(sql.format(",".join("?" * len(part))), part).fetchall()

    def _lasts(self, table: str, buckets: dict) -> dict[int, int]:
        """The last reference stored in each of these buckets of ``table`` (where the next delta starts)."""
        return dict(self._select_in(f"SELECT id, last FROM {table} WHERE id IN ({{}})", list(buckets)))

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error (a database one re-raised
        as a :class:`CorpusIndexError`), so an interrupted write leaves the index as it was."""
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._error(exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        conn = self._conn
        if conn is not None and conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    # ------------------------------------------------------------------ removing

    def remove(self, ids: Iterable[str]) -> RemoveReport:
        """Remove the documents with these ids (the ``name`` column: every stored row of an id), in one transaction.

        Their ``docs`` rows, stored texts, and references in the LSH buckets and
        paragraph buckets go (a bucket left empty is deleted; ``last`` follows the
        list).  The bucket tables are read whole, as no band key is stored to find
        a document's buckets.  Ids the index does not hold are reported in
        ``unknown``; when none is known the file is not written at all.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[str, list[int]] = defaultdict(list)
        with self._guard():
            for part in _chunks(wanted):
                sql = f"SELECT name, id FROM docs WHERE name IN ({','.join('?' * len(part))})"
                for name, ref in self._db.execute(sql, part).fetchall():
                    found[name].append(ref)
        unknown = tuple(i for i in wanted if i not in found)
        refs = sorted({r for rs in found.values() for r in rs})
        if not refs:
            return RemoveReport(0, (), unknown)
        gone = set(refs)
        with self._guard(), self._transaction() as conn:
            for part in _chunks(refs):
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM docs WHERE id IN ({marks})", part)
                if self.stores_text:
                    conn.execute(f"DELETE FROM texts WHERE id IN ({marks})", part)
            for bucket, blob in conn.execute("SELECT id, docs FROM buckets").fetchall():
                old = decode_refs(blob)
                kept = [r for r in old if r not in gone]
                if len(kept) == len(old):
                    continue
                if kept:
                    conn.execute("UPDATE buckets SET docs = ?, last = ? WHERE id = ?", (encode_refs(kept), kept[-1], bucket))
                else:
                    conn.execute("DELETE FROM buckets WHERE id = ?", (bucket,))
            for bucket, blob in conn.execute("SELECT id, docs FROM passages").fetchall():
                entries = decode_checked_refs(blob)
                kept_entries = [e for e in entries if e[0] not in gone]
                if len(kept_entries) == len(entries):
                    continue
                if kept_entries:
                    conn.execute(
                        "UPDATE passages SET docs = ?, last = ? WHERE id = ?",
                        (encode_checked_refs(kept_entries), kept_entries[-1][0], bucket),
                    )
                else:
                    conn.execute("DELETE FROM passages WHERE id = ?", (bucket,))
        return RemoveReport(len(refs), tuple(i for i in wanted if i in found), unknown)

    # ------------------------------------------------------------------ querying

    def query(self, document: Document, *, threshold: float | None = None, limit: int = 10) -> list[Match]:
        """The stored documents similar to ``document``, strongest relation first, then by score; at most ``limit``.

        Relations, as ``dedup``'s: ``exact`` (the same content hash), ``near``
        (the word signatures' estimated Jaccard similarity reaches
        ``threshold``, 0-1), ``spun`` (only the skeletons' does, the words'
        well below it: ``SPUN_MAX_WORD_SHARE``), ``partial``
        (``MIN_SHARED_PASSAGES`` or more of the document's passage windows
        have the key of one of the stored document's windows, or the
        skeletons reach the threshold with the words not far below: a cut
        copy; a window key found in ``FURNITURE_BUCKET_GROUPS`` or more
        stored documents is a site's furniture and does not count).  Candidates are the documents
        sharing an LSH bucket with it.  ``threshold`` defaults to the one the
        index was built for; another is refused when it would band
        signatures otherwise (:class:`CorpusIndexError`).
        """
        threshold = self.check_threshold(threshold)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        fp = self.fingerprint(document)
        return [] if fp is None else self.query_fingerprint(fp, threshold=threshold, limit=limit)

    def fingerprint(self, document: Document) -> Print | None:
        """The fingerprint of a document under the index's config (None when it has no words to fingerprint)."""
        return self._fingerprint([document])[0]

    def query_fingerprint(
        self, fp: Print, *, threshold: float | None = None, limit: int = 10, rewrites: bool = False
    ) -> list[Match]:
        """:meth:`query` for a document already fingerprinted (:meth:`fingerprint`).

        ``rewrites`` adds the stored documents whose telling words' estimate
        alone may make them a rewrite (relation ``rewrite``, from
        ``REWRITE_ESTIMATE``, a little under the threshold): an estimate, which
        ``check`` verifies on the texts (:mod:`.retold`) before it asserts one.
        """
        threshold = self.check_threshold(threshold)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        with self._guard():
            return self._query(fp, threshold, limit, rewrites)

    def _query(self, fp: Print, threshold: float, limit: int, rewrites: bool = False) -> list[Match]:
        query_sig = compact(fp.sig)[0]
        query_skeleton = compact(fp.skeleton[: self._skeleton_values])[0] if fp.skeleton.any() else None
        width, skeleton_end = len(query_sig), self._skeleton_end
        query_telling = compact(fp.telling[: self._telling_values])[0] if self._telling_values and fp.telling.any() else None
        conn = self._db
        try:
            found: dict[int, tuple[str, float]] = {}
            told: dict[int, float] = {}  # the telling words' estimate of each candidate
            for ref in self._stored_hashes([fp.hash]).get(fp.hash, ()):
                found[ref] = ("exact", 1.0)
            blobs = self._select_in("SELECT docs FROM buckets WHERE id IN ({})", self._buckets(fp))
            refs = sorted({ref for (blob,) in blobs for ref in decode_refs(blob)} - set(found))
            got = list(self._select_in("SELECT id, sig FROM docs WHERE id IN ({})", refs))
            if got:
                stored = np.frombuffer(b"".join(sig for _, sig in got), dtype=np.uint8).reshape(len(got), -1)
                words = compact_estimates(query_sig, stored[:, :width]).tolist()
                if query_skeleton is not None:
                    spun = compact_estimates(query_skeleton, stored[:, width:skeleton_end]).tolist()
                    spun = [0.0 if not stored[k, width:skeleton_end].any() else v for k, v in enumerate(spun)]
                else:
                    spun = [0.0] * len(got)
                if query_telling is not None:
                    said = compact_estimates(query_telling, stored[:, skeleton_end:]).tolist()
                    said = [0.0 if not stored[k, skeleton_end:].any() else v for k, v in enumerate(said)]
                else:
                    said = [0.0] * len(got)
                for (ref, _), w, sk, t in zip(got, words, spun, said):
                    told[ref] = t
                    if w >= threshold:
                        found[ref] = ("near", w)
                    elif sk >= threshold and w < SPUN_MAX_WORD_SHARE * sk:
                        found[ref] = ("spun", sk)
                    elif sk >= threshold:  # words and skeleton lost alike: a cut or partial copy, not a spun one
                        found[ref] = ("partial", w)
                    elif rewrites and t >= REWRITE_ESTIMATE:  # the same telling words, no text in common: estimated
                        found[ref] = ("rewrite", t)
            spans: dict[int, tuple] = {}
            for ref, (share, runs) in self._partial_sources(fp).items():
                if found.get(ref, ("partial",))[0] in ("partial", "rewrite"):  # shared text outranks an estimate
                    found[ref] = ("partial", share)
                    spans[ref] = runs
            best = sorted(found.items(), key=lambda item: (RELATION_RANK[item[1][0]], -item[1][1], item[0]))[:limit]
            out = []
            for ref, (relation, score) in best:
                name, prefix, named, rest, words, date = conn.execute(
                    "SELECT name, prefixes.prefix, named, rest, words, date FROM docs"
                    " JOIN prefixes ON prefixes.id = docs.prefix WHERE docs.id = ?",
                    (ref,),
                ).fetchone()
                path = prefix + (name if named else "") + rest
                runs = spans.get(ref, ())
                out.append(Match(name, path, score, relation, date, words, ref, runs, told.get(ref, 0.0), score if runs else 0.0))
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        return out

    def _partial_sources(self, fp: Print) -> dict[int, tuple[float, tuple]]:
        """Stored documents holding ``MIN_SHARED_PASSAGES`` or more of the document's windows: reference -> (share, runs).

        The share is that of the document's words in the windows a stored
        document holds (overlapping windows counted once); the runs are
        those windows merged, ``(start, end, words)`` in the document's text.
        """
        entries = self._passage_entries(fp)
        if not entries:
            return {}
        wanted = sorted({bucket for bucket, _ in entries})
        stored = {
            bucket: decode_checked_refs(blob)
            for bucket, blob in self._select_in("SELECT id, docs FROM passages WHERE id IN ({})", wanted)
        }
        shared: dict[int, list[int]] = defaultdict(list)  # ref -> the windows of the document it holds
        for k, (bucket, check) in enumerate(entries):
            holders = {ref for ref, c in stored.get(bucket, ()) if c == check}
            if len(holders) >= FURNITURE_BUCKET_GROUPS:
                continue  # a site's furniture: in too many stored documents to be evidence of copying
            for ref in holders:
                shared[ref].append(k)
        out = {}
        for ref, found in shared.items():
            if len(found) < MIN_SHARED_PASSAGES:
                continue
            runs = _merged(fp.windows[found])
            out[ref] = (min(1.0, sum(w for _, _, w in runs) / max(1, fp.words)), runs)
        return out

    def text(self, match: Match | int) -> str | None:
        """The stored text of a document (a :class:`Match` of :meth:`query`, or its ``ref``); None when not stored.

        Only an index that stores text (:meth:`add` with ``store_text``) has
        any, and only for the documents added since it does.
        """
        if not self.stores_text:
            return None
        ref = match.ref if isinstance(match, Match) else match
        try:
            row = self._db.execute("SELECT text FROM texts WHERE id = ?", (ref,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        return None if row is None else decompress_text(row[0])

    def content_hash(self, match: Match | int) -> int | None:
        """The content hash (the identity: xxHash64 of the matching view, signed) of a stored document; None if no such one."""
        ref = match.ref if isinstance(match, Match) else match
        try:
            row = self._db.execute("SELECT hash FROM docs WHERE id = ?", (ref,)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        return None if row is None else row[0]

    # ------------------------------------------------------------------ facts

    def __len__(self) -> int:
        try:
            return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def verify_pages(self) -> None:
        """SQLite's ``quick_check`` over every page; a damaged index is refused with a line naming ``index check``.

        Opening checks only the header and the tables (a few hundredths of a
        millisecond); this reads the whole file (11 ms at 10,000 documents,
        bench/index_open_check.py), which ``index add`` pays before it writes,
        so a damaged file is never written into.
        """
        with self._guard():
            rows = self._conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            raise self._damaged("; ".join(str(r[0]) for r in rows[:3]))

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
            "threshold": self.config.threshold,
            "bands": meta["bands"],
            "rows": meta["rows"],
            "permutations": meta["permutations"],
            "shingle_words": meta["shingle_words"],
            "signature_bits": meta["signature_bits"],
            "bucket_bits": meta["bucket_bits"],
            "buckets": buckets,
            "skeleton_values": meta["skeleton_values"],
            "telling_values": meta["telling_values"],
            "telling_bands": meta["telling_bands"],
            "passage_rows": meta["passage_rows"],
            "passage_buckets": passage_buckets,
            "stores_text": self.stores_text,
            "spinner_pairs": self.spinner_profile().pairs,
            "spinner_swaps": len(self.spinner_profile()),
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


def _layout(config: FingerprintConfig) -> dict[str, int]:
    """The settings that decide how an index bands its signatures: two configs that agree on them share an index."""
    values, _ = skeleton_shape(config)
    telling_values, telling_bands = telling_shape(config)
    return {
        "shingle_words": config.shingle_words,
        "permutations": config.permutations,
        "bands": config.bands,
        "rows": config.rows,
        "skeleton_values": values,
        "telling_values": telling_values,
        "telling_bands": telling_bands,
    }
