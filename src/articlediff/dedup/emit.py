"""What ``dedup --emit`` writes: the documents a dedup run keeps, the ones it drops and why, or its clusters, as records.

A run's :class:`~.model.DedupResult` names documents by id; the kept
documents' fields come from reading the inputs again (:func:`kept`), the
same way and in the same order as the run read them, so the ids (made
unique, ``a#2``) are the run's.  The records are plain dicts, one a JSON
Lines object (``report/dedup.py`` writes them):

- ``kept``: each cluster's representative, every document in no cluster,
  and every partial copy with text of its own (less than
  ``DROP_PARTIAL_SHARE`` of its words shared: an article quoting a few
  sentences of another is an article, not a duplicate), in reading order; a ``rewrite`` goes (the same
  story in other words: a corpus wants it told once; ``--no-rewrites`` keeps rewrites), with the input's
  fields: a JSONL object's own (``id``,
  ``text`` and its other fields, :attr:`~articlediff.read.Document.meta`);
  a text file's ``id``, ``path`` and ``text``;
- ``dropped``: every other member of a cluster: ``id``, ``path``,
  ``relation`` and ``score`` (to the representative), ``kept`` (the
  representative's id) and ``cluster`` (its number, from 1);
- ``clusters``: one a cluster, as the JSON report lists them, with its
  number.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

from ..errors import UsageError
from ..read import Document, iter_documents
from ..read.sources import STDIN
from .model import DedupResult, Member

#: What ``--emit`` can write.
EMITS = ("kept", "dropped", "clusters")
#: A partial copy is dropped only when at least this share (0-100) of its words is shared text.
DROP_PARTIAL_SHARE = 80.0


def is_dropped(member: Member) -> bool:
    """Whether a cluster member goes: a copy of the representative, not a partial copy with text of its own."""
    return member.relation != "partial" or member.share is None or member.share >= DROP_PARTIAL_SHARE


def dropped_ids(result: DedupResult) -> set[str]:
    """The ids of the documents a run drops: the members that are copies (:func:`is_dropped`)."""
    return {m.id for c in result.clusters for m in c.members if is_dropped(m)}


def kept_record(doc: Document) -> dict:
    """A kept document as its input gave it: a JSONL object's fields (id and text first), else id, path and text."""
    if doc.line is not None:  # a JSONL object
        return {"id": doc.id, "text": doc.text, **{k: v for k, v in doc.meta.items() if k not in ("id", "text")}}
    return {"id": doc.id, "path": doc.path, "text": doc.text}


def refuse_standard_input(paths: Iterable[str | os.PathLike]) -> None:
    """Refuse ``--emit kept`` over standard input: the kept documents are read again, which ``-`` cannot be."""
    if any(str(p) == STDIN for p in paths):
        raise UsageError("--emit kept reads the inputs again, which standard input (-) cannot be; save it to a file first")


def kept(result: DedupResult, paths: Sequence[str | os.PathLike], *, strict: bool = False) -> Iterator[dict]:
    """The kept documents of ``result``, read again from ``paths`` (standard input cannot be read twice: refused)."""
    refuse_standard_input(paths)
    drop = dropped_ids(result)
    for doc in iter_documents(paths, strict=strict, skipped=[]):
        if doc.id not in drop:
            yield kept_record(doc)


def dropped(result: DedupResult, *, passages: bool = False) -> Iterator[dict]:
    """One record a dropped document: why it goes (relation and score to the representative) and which one stays."""
    for n, c in enumerate(result.clusters, 1):
        for m in c.members:
            if is_dropped(m):
                yield {**m.to_dict(passages), "kept": c.representative, "cluster": n}


def clusters(result: DedupResult, *, passages: bool = False) -> Iterator[dict]:
    """One record a cluster: its number, representative and members (as in the ``articlediff.dedup/1`` document)."""
    for n, c in enumerate(result.clusters, 1):
        yield {"cluster": n, **c.to_dict(passages)}


def records(
    result: DedupResult, what: str, paths: Iterable[str | os.PathLike] = (), *, strict: bool = False, passages: bool = False
) -> Iterator[dict]:
    """The records ``--emit what`` writes (``what`` in :data:`EMITS`)."""
    if what == "kept":
        return kept(result, list(paths), strict=strict)
    if what == "dropped":
        return dropped(result, passages=passages)
    if what == "clusters":
        return clusters(result, passages=passages)
    raise UsageError(f"--emit: {what!r} is not one of {', '.join(EMITS)}")
