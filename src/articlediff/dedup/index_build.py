"""``index add`` on partitions: workers read and fingerprint, this process writes the one SQLite file.

Reading and fingerprinting documents (:func:`.index.fingerprint_texts`,
which also computes their LSH band keys) can be spread over workers;
SQLite takes one writer at a time.  So the partitioned build reads and fingerprints each partition on a worker
(:mod:`.partitions`, the same reading as ``dedup``'s partitioned engine,
ids made unique by :func:`.dataflow.rename_ids`), and this process takes
the fingerprinted partitions in reading order and stores them with
:meth:`.index.Index.add_fingerprinted`, in transactions of
``BULK_BATCH`` documents: the index file holds the same rows as the local
engine's.  What comes back from a worker is a document's fingerprint
(signatures, band keys, paragraph keys: about 2 kB), not its text.

The one writer is the limit of this build: about 0.24 ms a document,
growing slowly with the index (docs/scaling.md has the figures).  Sharded
SQLite files merged at the end would move the bucket writes to the workers
but the merge would write every bucket row again, and ``check`` needs one
file; shards queried side by side are the way past this limit, not built.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from .dataflow import partitions_of, read_all, rename_ids
from .index import AddReport, Index, _Print, fingerprint_texts
from ..read import Document, Skipped, document_date
from ..read.partitions import Partition, read_partition
from ..read.sources import Source

#: Documents a transaction in a bulk build. The local engine commits every 500 (``index.BATCH``), so an
#: interrupted ingest loses little; here the one writer is the limit, and each transaction appends to
#: every LSH bucket its documents fall in: 5,000 a transaction write each bucket row a tenth as often
#: (1.7 times faster; the file holds the same rows either way, since a bucket's list is encoded as
#: gaps from its last document, whatever the transactions).
BULK_BATCH = 5000


@dataclass
class IndexShard:
    """A partition read and fingerprinted for the index: documents without their text, and their stored fingerprints."""

    given: bool
    documents: list[Document]  # text dropped; a date read from the text is kept as the "date" field
    prints: list[_Print | None]
    skipped: list[Skipped] = field(default_factory=list)
    empty_parts: list[Source] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """The ids as found (what :func:`.dataflow.rename_ids` reads)."""
        return [d.id for d in self.documents]

    def __len__(self) -> int:
        return len(self.documents)


def index_shard(partition: Partition, *, strict: bool) -> IndexShard:
    """Read and fingerprint one partition (a worker's task)."""
    found = read_partition(partition, strict=strict)
    docs = found.documents
    light = []
    for d in docs:
        date = document_date(d)
        light.append(Document(text="", path=d.path, id=d.id, line=d.line, meta={"date": date} if date else {}))
    return IndexShard(partition.given, light, fingerprint_texts([d.text for d in docs]), found.skipped, found.empty_parts)


def summary(shard: IndexShard) -> tuple[int, int, list[Skipped], list[Source]]:
    return len(shard), 0, shard.skipped, shard.empty_parts


def rows_to_store(shard: IndexShard, first: int, renames: dict[int, str]) -> tuple[list[Document], list[_Print | None]]:
    """The shard's documents under their final ids, and their fingerprints."""
    docs = [
        replace(d, id=renames[first + k]) if first + k in renames else d for k, d in enumerate(shard.documents)
    ]
    return docs, shard.prints


def add_partitioned(
    index: Index,
    inputs: Iterable[Document | str | os.PathLike],
    executor,
    *,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    batch: int = BULK_BATCH,
    part_bytes: int | None = None,
) -> tuple[AddReport, list[Skipped]]:
    """Add ``inputs`` to ``index``, reading and fingerprinting on ``executor``; returns the report and the inputs skipped."""
    ex = executor
    skipped: list[Skipped] = []
    partitions = partitions_of(ex, inputs, skipped=skipped, strict=strict, part_bytes=part_bytes)
    if not partitions:
        return index.add_fingerprinted([]), skipped
    shards = ex.map(index_shard, partitions, strict=strict)
    sums = read_all(ex, partitions, shards, skipped, strict, None, summary=summary)
    offsets = np.r_[0, np.cumsum([s[0] for s in sums])].astype(np.int64)
    firsts = offsets[:-1].tolist()
    renames = rename_ids(ex, shards, firsts, offsets)
    stored = ex.map(rows_to_store, shards, firsts, renames)
    del shards
    return index.add_fingerprinted(_batches(ex, stored, batch), progress=progress), skipped


def _batches(ex, stored: list, batch: int) -> Iterator[tuple[list[Document], list[_Print | None]]]:
    """The stored rows of every partition in order, regrouped in batches of ``batch`` (each partition fetched once, then dropped)."""
    docs: list[Document] = []
    prints: list[_Print | None] = []
    for k in range(len(stored)):
        (found,) = ex.gather(stored[k : k + 1])
        stored[k] = None
        docs += found[0]
        prints += found[1]
        while len(docs) >= batch:
            yield docs[:batch], prints[:batch]
            docs, prints = docs[batch:], prints[batch:]
    if docs:
        yield docs, prints
