"""The index build: documents read and fingerprinted by an engine's workers, in reading order, for the one writer.

Reading and fingerprinting documents can be spread over workers; SQLite
takes one writer at a time.  So the build is a stream: the inputs are cut
into partitions (:func:`articlediff.read.partitions.partitions_of`), an
engine reads and fingerprints them (``imap``: the local engine's worker
processes, or a Dask cluster's workers) and hands them back in reading
order, a few in flight, and :meth:`.store.Index.add` writes each batch in
its own transaction as it comes.  What comes back from a worker is a
document's fingerprint (signatures, band keys, paragraph keys: about
2 kB), not its text; for an index that stores texts (``index add
--store-text``) also the text, compressed by the worker (the writer has
enough to do).  Ids are made unique here, in reading order, as
:func:`articlediff.read.iter_documents` makes them (documents given in
memory keep theirs).

One path for every engine: the index holds the same rows whichever
engine built it, and an interrupted build keeps every committed batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from ..dedup.candidates import band_keys
from ..dedup.config import FingerprintConfig
from ..dedup.fingerprint import fingerprint
from ..dedup.telling import MIN_TELLING_WORDS
from ..read import Document, Skipped, document_date
from ..read.partitions import Partition, empty_file_skips, partitions_of, read_partition
from ..read.sources import Source
from ..read.stream import unique_id
from .encoding import compress_text, passage_keys, skeleton_shape, telling_shape


@dataclass(frozen=True)
class Print:
    """A document's fingerprint as the index stores it."""

    hash: int  # signed 64-bit content hash of the matching view
    words: int
    sig: np.ndarray  # uint32 MinHash of all-word shingles
    skeleton: np.ndarray  # uint32 MinHash of the skeleton's shingles (all zeros when it has none)
    passages: np.ndarray  # uint64 key of each passage window (dedup.fingerprint)
    keys: np.ndarray  # its LSH band keys (word bands, then skeleton bands if any), computed with its batch's
    telling: np.ndarray  # uint32 MinHash of its telling words (all zeros when too few to tell a rewrite)
    telling_keys: np.ndarray  # the telling signature's LSH band keys (none when too few telling words)
    windows: np.ndarray  # (k, 4) int64 of each window: start, end in the text; first, end word
    stored: np.ndarray  # (k,) bool: the windows an index stores (not outer_windows); a query uses them all
    text: bytes | None = None  # the compressed text (encoding.compress_text), when the index stores texts


def outer_windows(ranges: np.ndarray) -> np.ndarray:
    """Which of a document's windows (``[first, end)`` word ranges) hold another of its windows whole.

    An index need not store those: a copied run that holds such a window
    holds the window inside it too, whose key is stored, and a new document
    is queried with all of its windows.  About one window in six, at no
    loss of what a verbatim run finds.
    """
    out = np.zeros(len(ranges), dtype=bool)
    if len(ranges) < 2:
        return out
    order = np.lexsort((-ranges[:, 1], ranges[:, 0]))  # by first word, the longer first
    ends = ranges[order, 1]
    later = np.minimum.accumulate(ends[::-1])[::-1]  # the smallest end among this window and those after it
    holds = np.zeros(len(ranges), dtype=bool)
    holds[:-1] = later[1:] <= ends[:-1]  # a window starting no earlier ends no later: held whole
    out[order] = holds
    return out


def fingerprint_texts(texts: list[str], config: FingerprintConfig, *, store_text: bool = False) -> list[Print | None]:
    """The stored fingerprint of each text (None for a text without words): a batch, for a worker process.

    ``store_text`` adds each text, compressed, for an index that stores them.
    """
    found = fingerprint(texts, config)
    keys = passage_keys(found.passages)
    # The band keys of the whole batch in one step (where the batch is fingerprinted, in a worker), not one
    # document at a time in the process that writes: that was a third of the writer's time.
    values, skeleton_bands = skeleton_shape(config)
    word_bands = band_keys(found.words, config.bands)
    skeleton = band_keys(found.skeleton[:, :values], skeleton_bands)
    telling_values, telling_bands = telling_shape(config)
    telling = found.telling.copy()
    telling[found.telling_words < MIN_TELLING_WORDS] = 0
    telling_keys = band_keys(telling[:, :telling_values], telling_bands) if telling_bands else None
    out: list[Print | None] = []
    # The windows come document by document: each document's are one slice (a mask a document cost
    # documents × windows, a third of an index build's time at 5,000 documents a batch).
    cuts = np.searchsorted(found.passage_doc, np.arange(len(texts) + 1))
    for k in range(len(texts)):
        if not found.lengths[k]:
            out.append(None)
            continue
        at = slice(cuts[k], cuts[k + 1])
        mine = keys[at]
        windows = np.concatenate((found.passage_span[at], found.passage_keys[at]), axis=1)
        stored = ~outer_windows(found.passage_keys[at])
        bands = np.concatenate((word_bands[k], skeleton[k])) if found.skeleton[k].any() else word_bands[k]
        text = compress_text(texts[k]) if store_text else None
        sig, skeleton_sig = found.words[k], found.skeleton[k]
        told = telling_keys[k] if telling_keys is not None and telling[k].any() else np.empty(0, dtype=np.uint64)
        size = int(found.lengths[k])
        out.append(Print(int(found.hashes[k]), size, sig, skeleton_sig, mine, bands, telling[k], told, windows, stored, text))
    return out


@dataclass
class IndexShard:
    """A partition read and fingerprinted for the index: its documents without their text, and their fingerprints."""

    given: bool  # ids kept as they are
    documents: list[Document]  # text dropped; a date read from the text is kept as the "date" field
    prints: list[Print | None]
    skipped: list[Skipped] = field(default_factory=list)
    empty_parts: list[Source] = field(default_factory=list)


def index_shard(partition: Partition, *, strict: bool, config: FingerprintConfig, store_text: bool = False) -> IndexShard:
    """Read and fingerprint one partition (a worker's task); ``store_text``: with each text compressed."""
    found = read_partition(partition, strict=strict)
    docs = found.documents
    light = []
    for d in docs:
        date = document_date(d)
        light.append(Document(text="", path=d.path, id=d.id, line=d.line, meta={"date": date} if date else {}))
    prints = fingerprint_texts([d.text for d in docs], config, store_text=store_text)
    return IndexShard(partition.given, light, prints, found.skipped, found.empty_parts)


def fingerprinted(
    engine,
    inputs: Iterable[Document | str | os.PathLike],
    config: FingerprintConfig,
    skipped: list[Skipped],
    *,
    strict: bool = False,
    batch: int = 500,
    part_bytes: int | None = None,
    store_text: bool = False,
) -> Iterator[tuple[list[Document], list[Print | None]]]:
    """Batches of ``batch`` documents (ids made unique in reading order) and their fingerprints, in reading order.

    ``store_text``: each fingerprint carries its document's compressed text.

    Skips are added to ``skipped`` in reading order; a JSONL file
    cut into parts that were all blank is reported once all are read.
    """
    seen: dict[str, int] = {}
    jsonl_parts: list[Source | None] = []
    empty_parts: list[list[Source]] = []

    def taken() -> Iterator[Partition]:
        for partition in partitions_of(inputs, engine, skipped=skipped, strict=strict, part_bytes=part_bytes):
            jsonl_parts.append(partition.jsonl_part)
            yield partition

    docs: list[Document] = []
    prints: list[Print | None] = []
    for shard in engine.imap(index_shard, taken(), strict=strict, config=config, store_text=store_text):
        skipped.extend(shard.skipped)
        empty_parts.append(shard.empty_parts)
        for doc in shard.documents:
            given = doc.id if shard.given else unique_id(doc.id, seen)
            docs.append(doc if given == doc.id else replace(doc, id=given))
        prints += shard.prints
        while len(docs) >= batch:
            yield docs[:batch], prints[:batch]
            docs, prints = docs[batch:], prints[batch:]
    if docs:
        yield docs, prints
    skipped.extend(empty_file_skips(jsonl_parts, empty_parts, strict).values())
