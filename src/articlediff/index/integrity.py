"""Is an index file whole?  A cheap structural check on every open, and ``articlediff index check``'s full one.

:func:`quick_structure` runs each time an :class:`~.store.Index` is opened
(``bench/index_open_check.py`` measures it: docs/benchmarks.md): the
SQLite header (page size, format bytes, whole pages, ``application_id``
and ``user_version``) and the tables with the statements that made them.
It reads the 100-byte header and ``sqlite_master`` only, so it does not
find a page damaged in the middle of the file; the queries that read such
a page fail, and the one-line error they give names ``articlediff index
check``.

:func:`check_index` reads everything: SQLite's own ``PRAGMA
integrity_check``, then the index's invariants (:mod:`.encoding`): the
``meta`` settings, each document row's types and signature size, its
prefix, each bucket's varint list (complete, increasing, ending at
``last``, naming stored documents, in a band that exists), each paragraph
bucket's (complete entries of a varint and ``CHECK_BITS`` bits), every
document in its content hash's bucket, stored texts that decompress, the
spinner profile.  It names each problem on one line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import urllib.parse
import zlib
from collections.abc import Iterator

from ..errors import InputError

#: The tables every index has (``texts`` and ``spinner`` only some).
TABLES = ("meta", "prefixes", "docs", "buckets", "passages")
#: Problems reported one by one before the rest are only counted.
SHOWN = 20

_HEADER = struct.Struct(">16sHBBBBBBIIIIIIIIIIII20sII")
_APPLICATION_ID = 0x41444958
_SCHEMA_VERSION = 3


def quick_structure(conn: sqlite3.Connection, path: str) -> str | None:
    """What is wrong with the file's structure, in a few words (None when nothing is): the header and the tables."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
        size = os.path.getsize(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if len(head) < 100:
        return "the SQLite header is cut short"
    fields = _HEADER.unpack(head)
    page = 65536 if fields[1] == 1 else fields[1]
    if page < 512 or page & (page - 1):
        return f"invalid page size {fields[1]} in the SQLite header"
    if fields[2] not in (1, 2) or fields[3] not in (1, 2) or fields[5:8] != (64, 32, 32):
        return "invalid format bytes in the SQLite header"
    if size % page:
        return f"the file is not a whole number of pages ({size:,} bytes, pages of {page:,})"
    pages, counter, valid_for = fields[9], fields[8], fields[-2]
    wal = path + "-wal"
    logged = os.path.exists(wal) and os.path.getsize(wal) > 0
    if counter == valid_for and pages and not logged and pages * page != size:
        return f"the file holds {size // page:,} pages, its header says {pages:,} (cut short or grown)"
    if fields[19] != _APPLICATION_ID or fields[17] != _SCHEMA_VERSION:
        return None  # not ours, or another schema version: the caller says which, as before
    try:
        found = dict(conn.execute("SELECT name, type FROM sqlite_master"))
    except sqlite3.DatabaseError as exc:
        return " ".join(str(exc).split())
    missing = [t for t in TABLES if found.get(t) != "table"]
    if missing:
        return "missing table " + ", ".join(missing)
    return None


def connect_readonly(path: str) -> sqlite3.Connection:
    """A connection that never writes the index nor leaves a file beside it (``Index(readonly=True)`` says how)."""
    absolute = os.path.abspath(path)
    if os.access(absolute, os.W_OK) and os.access(os.path.dirname(absolute), os.W_OK):
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        conn.execute("PRAGMA query_only = ON")
        return conn
    wal = absolute + "-wal"
    logged = os.path.exists(wal) and os.path.getsize(wal) > 0
    uri = "file:" + urllib.parse.quote(absolute) + "?mode=ro" + ("" if logged else "&immutable=1")
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10.0)


def check_index(path: str) -> list[str]:
    """Every problem found in the index at ``path`` (empty when it is whole), one line each.

    Raises :class:`~articlediff.errors.InputError` when ``path`` is not an
    index at all (missing, a folder, not SQLite, another database): a user
    error, not damage.
    """
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, expected an index file")
    if not os.path.exists(path):
        raise InputError(f"{path}: no such index")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if magic != b"SQLite format 3\x00":
        raise InputError(f"{path}: not an articlediff index (not an SQLite database)")
    conn = connect_readonly(path)
    try:
        problems: list[str] = []
        structure = quick_structure(conn, path)
        if structure:
            problems.append(structure)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            return [*problems, "reading the header: " + " ".join(str(exc).split())]
        if app_id != _APPLICATION_ID:
            raise InputError(f"{path}: not an articlediff index (an SQLite database of something else)")
        problems += _sqlite_problems(conn)
        problems += list(_invariants(conn))
        return problems
    finally:
        conn.close()


def _sqlite_problems(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return ["SQLite integrity check: " + " ".join(str(exc).split())]
    return [] if rows == ["ok"] else ["SQLite integrity check: " + " ".join(str(r).split()) for r in rows]


def _invariants(conn: sqlite3.Connection) -> Iterator[str]:
    """The index's own rules, as :mod:`.store` writes its rows (see its module documentation)."""
    from ..dedup.config import FingerprintConfig
    from .encoding import decode_refs, layout_sizes

    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        try:
            config = FingerprintConfig(
                meta.get("shingle_words"),
                meta.get("permutations"),
                meta.get("threshold", 0.5),
                rewrites=bool(meta.get("telling_bands", 0)),
            )
            bits = int(meta["bucket_bits"])
        except (TypeError, ValueError, KeyError):
            yield "meta: invalid fingerprint settings or bucket_bits"
            return
        sig_bytes, bands = layout_sizes(config)  # word, skeleton, content-hash and telling bands
        prefixes = {r[0] for r in conn.execute("SELECT id FROM prefixes")}
        docs: dict[int, int] = {}
        for ref, content, name, prefix, named, rest, words, date, sig in conn.execute("SELECT * FROM docs"):
            where = f"docs row {ref}"
            if not (isinstance(content, int) and isinstance(name, str) and isinstance(rest, str)):
                yield f"{where}: hash, name or path of the wrong type"
            if prefix not in prefixes:
                yield f"{where}: path prefix {prefix!r} is not in the prefixes table"
            if named not in (0, 1) or not isinstance(words, int) or words < 1:
                yield f"{where}: invalid named {named!r} or words {words!r}"
            if date is not None and not isinstance(date, str):
                yield f"{where}: date of the wrong type"
            if not isinstance(sig, bytes) or len(sig) != sig_bytes:
                size = len(sig) if isinstance(sig, bytes | str) else type(sig).__name__
                yield f"{where}: signature of {size} bytes, expected {sig_bytes}"
            docs[ref] = content if isinstance(content, int) else 0
        in_hash_band: set[int] = set()
        hash_band = bands - 1
        for bucket, last, blob in conn.execute("SELECT id, last, docs FROM buckets"):
            where = f"bucket {bucket}"
            if not isinstance(blob, bytes) or not blob or blob[-1] & 0x80:
                yield f"{where}: its document list is not a complete varint list"
                continue
            if bucket >> bits >= bands:
                yield f"{where}: band {bucket >> bits} does not exist (the index has {bands})"
            refs = decode_refs(blob)
            yield from _refs_problems(where, refs, last, docs, strictly=True)
            if bucket >> bits == hash_band:
                in_hash_band.update(refs)
        for bucket, last, blob in conn.execute("SELECT id, last, docs FROM passages"):
            where = f"paragraph bucket {bucket}"
            refs = _checked_refs(blob) if isinstance(blob, bytes) else None
            if refs is None:
                yield f"{where}: its entries are cut short"
                continue
            if bucket >> bits:
                yield f"{where}: out of range"
            yield from _refs_problems(where, refs, last, docs, strictly=False)
        missing = sorted(set(docs) - in_hash_band)
        if missing:
            yield f"{len(missing):,} documents are not in their content hash's bucket (the first: docs row {missing[0]})"
        if meta.get("store_text"):
            for ref, text in conn.execute("SELECT id, text FROM texts"):
                if ref not in docs:
                    yield f"texts row {ref}: no such document"
                try:
                    zlib.decompress(text).decode("utf-8", "surrogatepass")
                except (zlib.error, UnicodeDecodeError, TypeError) as exc:
                    yield f"texts row {ref}: cannot be decompressed ({exc})"
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spinner'").fetchone()[0]:
            for (blob,) in conn.execute("SELECT profile FROM spinner"):
                try:
                    json.loads(zlib.decompress(blob))
                except (zlib.error, ValueError, TypeError) as exc:
                    yield f"spinner profile: cannot be read ({exc})"
    except sqlite3.DatabaseError as exc:
        yield "reading the index: " + " ".join(str(exc).split())


def _refs_problems(where: str, refs: list[int], last, docs: dict[int, int], *, strictly: bool) -> Iterator[str]:
    if not refs:
        yield f"{where}: empty"
        return
    if any(b < a or (strictly and b == a) for a, b in zip(refs, refs[1:])):
        yield f"{where}: references out of order"
    if refs[-1] != last:
        yield f"{where}: ends at {refs[-1]}, its last column says {last}"
    unknown = [r for r in refs if r not in docs]
    if unknown:
        yield f"{where}: {len(unknown)} references to documents that do not exist (the first: {unknown[0]})"


def _checked_refs(blob: bytes) -> list[int] | None:
    """The references of a paragraph bucket, or None when an entry is cut short."""
    from .encoding import decode_checked_refs

    try:
        return [ref for ref, _ in decode_checked_refs(blob)]
    except ValueError:
        return None
