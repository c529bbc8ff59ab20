"""A stored document's text read again from its path, for an index that does not store texts.

The index keeps a document's path and id (``index/store.py``), not its
text, unless it stores texts (``index add --store-text``).  Finding a spun
article's source (:mod:`.source`) and learning a spinner from the spun
pairs an ``add`` sees (:meth:`.store.Index.add` with ``learn_spinner``)
need the text, so they read it again: a text file with the project's
reader (:func:`articlediff.read.read_article`), a JSONL file line by line
to the record with the stored id.  An id made unique across the files of
one ``add`` (``a#2``: :func:`articlediff.read.unique_ids`) is not the id
the file alone gives, so a record whose id has the same root is taken
when its content hash is the stored one.  A relative path is tried as it
is (from the folder ``index add`` ran in), then from the index file's
folder.  What cannot be read raises :class:`Unreachable` with the reason,
for the caller to report or pass over.  A path stored escaped (a file
name that is not UTF-8: :mod:`articlediff.read.names`) is tried as stored,
then with the bytes it stands for.
"""

from __future__ import annotations

import os

from ..dedup.fingerprint import content_hash
from ..errors import InputError
from ..matching import matching_view
from ..read import iter_documents, read_article
from ..read.names import real
from ..read.sources import JSONL_SUFFIX


class Unreachable(Exception):
    """Why one stored document's text cannot be read again (a reason, not a message for the user on its own)."""


def reread(path: str, doc_id: str, stored_hash: int | None, index_path: str) -> str:
    """The text of the document stored with ``path`` and ``doc_id`` (its content hash ``stored_hash``)."""
    if not path or path == "-":
        raise Unreachable("it was read from standard input and its text is not stored")
    tried = [path]
    if real(path) != path:  # a file name that is not UTF-8 is stored escaped (read/names.py): its own bytes
        tried.append(real(path))
    if not os.path.isabs(path):
        tried += [os.path.join(os.path.dirname(os.path.abspath(index_path)), p) for p in list(tried)]
    where = next((p for p in tried if os.path.isfile(p)), None)
    if where is None:
        raise Unreachable("no such file")
    if where.lower().endswith(JSONL_SUFFIX):
        return _jsonl_record(where, doc_id, stored_hash)
    try:
        return read_article(where).text
    except InputError as exc:
        raise Unreachable(str(exc).removeprefix(f"{where}: ")) from None


def _jsonl_record(where: str, doc_id: str, stored_hash: int | None) -> str:
    """The text of the JSONL record with the stored id (or, for an id made unique across files, its root and hash)."""
    root = _id_root(doc_id)
    fallback = None
    try:
        for doc in iter_documents([where]):
            if doc.id == doc_id:
                return doc.text
            if fallback is None and _id_root(doc.id) == root and content_hash(matching_view(doc.text)) == stored_hash:
                fallback = doc.text
    except InputError as exc:
        raise Unreachable(str(exc).removeprefix(f"{where}: ")) from None
    if fallback is not None:
        return fallback
    raise Unreachable(f"no record with id {doc_id!r} in it")


def _id_root(doc_id: str) -> str:
    """The id before the ``#n`` that :func:`articlediff.read.unique_ids` appends to a repeated one."""
    base, sep, n = doc_id.rpartition("#")
    return base if sep and n.isdigit() else doc_id
