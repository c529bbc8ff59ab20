"""Streaming documents from folders, files and standard input: :func:`iter_documents`, the front door of ``dedup``,
``index``, ``check`` and ``timeline``.

:func:`iter_documents` yields :class:`~.document.Document` objects one at a
time (never all in memory) from the sources :func:`.sources.sources` lists:
text files (read and decoded by :func:`.decode.read_article`: same
encodings, checks and messages as ``compare``), JSONL files line by line
(:mod:`.jsonl`), and JSONL on standard input.

What is wrong with one document (an unreadable, binary, empty or oversized
file; a bad JSONL line) is a *skip*: a :class:`~.document.Skipped` is
appended to ``skipped`` and the run goes on, unless ``strict=True``, which
raises :class:`InputError` instead.  Repeated ids are made unique in
reading order (``a``, ``a#2``), so no document is dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import IO, Any

from ..errors import InputError
from .decode import MAX_BYTES, read_article, standard_input
from .document import Document, Skipped
from .jsonl import NoContent, open_jsonl, read_jsonl
from .sources import STDIN, Skip, Source, report, sources


def read_text(source: Source, max_bytes: int) -> Iterator[Document]:
    """The one document of a text file, with the id its source gives it."""
    try:
        article = read_article(source.path, max_bytes=max_bytes)
    except InputError as exc:
        raise Skip(str(exc).removeprefix(f"{source.path}: ")) from None
    yield replace(article, id=source.id)


def iter_documents(
    paths: Sequence[str | os.PathLike],
    *,
    strict: bool = False,
    skipped: list[Skipped] | None = None,
    stdin: IO[Any] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Document]:
    """Stream documents (never all in memory at once): files in sorted path order within a folder; JSONL line by line.

    The paths are checked at once: a path that does not exist or a folder
    without any ``.txt``/``.md``/``.jsonl`` file raises :class:`InputError`
    (``-`` twice raises :class:`UsageError`) before any document is read.
    Then every input that cannot be used is appended to ``skipped`` as a
    :class:`Skipped`, or raises :class:`InputError` with a one-line message
    starting with its path when ``strict`` is true.

    ``-`` reads JSONL from ``stdin`` (default: ``sys.stdin``'s bytes), which
    may be a binary or a text stream.  A JSONL object without ``id`` (or with
    a null or empty one) gets ``<file stem>:<line>`` (``stdin:<line>`` for
    ``-``); a non-string id is converted with ``str()``.  When ids repeat,
    the later documents get ``#2``, ``#3``... so no document is dropped.
    ``max_bytes`` caps a text file and a single JSONL line.
    """
    found = sources(paths, skipped, strict)
    return generate(found, strict, skipped, stdin, max_bytes)


def generate(
    inputs: list[Source],
    strict: bool,
    skipped: list[Skipped] | None,
    stdin: IO[Any] | None,
    max_bytes: int,
    unique: bool = True,
    empty_parts: list[Source] | None = None,
) -> Iterator[Document]:
    """The documents of ``inputs``; ``unique=False`` keeps repeated ids (an engine that reads in parts makes them unique later).

    A part of a JSONL file that holds no content is appended to ``empty_parts``.
    """
    seen: dict[str, int] = {}  # id used -> last suffix given to it
    for source in inputs:
        if source.kind == "text":
            items = read_text(source, max_bytes)
        elif source.kind == "jsonl":
            items = open_jsonl(source, max_bytes, skipped, strict)
        else:
            stream = stdin if stdin is not None else standard_input()
            items = read_jsonl(stream, STDIN, "stdin", max_bytes, skipped, strict, piped=True)
        try:
            for doc in items:
                if unique:
                    given = unique_id(doc.id, seen)
                    if given != doc.id:
                        doc = replace(doc, id=given)
                yield doc
        except Skip as skip:
            report(Skipped(source.path, skip.reason, skip.line), skipped, strict)
        except NoContent:
            if empty_parts is not None:
                empty_parts.append(source)
        finally:
            items.close()  # closes the JSONL file at once when the caller stops early


def unique_ids(ids: Iterator[str] | Sequence[str]) -> list[str]:
    """Ids made unique the way :func:`iter_documents` does, in order: later repeats get ``#2``, ``#3``..."""
    seen: dict[str, int] = {}
    return [unique_id(doc_id, seen) for doc_id in ids]


def id_roots(doc_id: str) -> list[str]:
    """The id and each of its prefixes that ends before a ``#``: the ids whose repeats could rename it.

    :func:`unique_ids` renames only ids that repeat and ids that start with a
    repeated id followed by ``#`` (``a#2`` when ``a`` repeats), so an engine
    that reads in parts needs to run it on those documents only.
    """
    return [doc_id, *(doc_id[:k] for k, ch in enumerate(doc_id) if ch == "#")]


def unique_id(doc_id: str, seen: dict[str, int]) -> str:
    """``doc_id``, or ``doc_id#2``, ``doc_id#3``... the first not used yet."""
    if doc_id not in seen:
        seen[doc_id] = 1
        return doc_id
    n = seen[doc_id]
    while True:
        n += 1
        candidate = f"{doc_id}#{n}"
        if candidate not in seen:
            break
    seen[doc_id] = n
    seen[candidate] = 1
    return candidate

