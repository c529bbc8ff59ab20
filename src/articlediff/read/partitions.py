"""Inputs cut into partitions that workers read on their own: groups of files, and parts of big JSONL files.

An engine that runs on several machines cannot stream one input in order
through one process; each worker reads a partition.  :func:`plan` lists
the inputs exactly as :func:`.stream.iter_documents` would read them (same
files, same order) and cuts them:

- consecutive text files are grouped until a partition holds about
  ``part_bytes`` or ``part_files`` files;
- a JSONL file up to ``part_bytes`` is one partition; a bigger one is cut
  into byte ranges, each starting at a line start, so a worker reads the
  lines that *start* in its range.

A part of a JSONL file needs the number of its first line (ids default to
``stem:line``, and messages name lines): :func:`count_newlines` counts
the line ends of each part (a task of its own, run in parallel), and
:func:`number_lines` turns those counts into first lines.

Standard input cannot be cut, nor read by a worker: :func:`partitions_of`
reads it here, a batch of documents a partition, as it reads documents
given in memory.

:func:`read_partition` reads one partition: the same reading, checks and
skip messages as :func:`.stream.iter_documents`, except that repeated
ids are kept as they are, since a repeat may lie in another partition;
the flow renames them afterwards with :func:`.stream.unique_ids`.
Nothing here imports an engine: :func:`partitions_of` is handed one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..errors import InputError
from .decode import MAX_BYTES
from .document import Document, Skipped
from .sources import Source, sources
from .stream import generate

#: Documents a partition, for documents given in memory or read from standard input.
BATCH = 1000

#: At most about this many bytes of input a partition.
PART_BYTES = 32 << 20
#: At least about this many (smaller partitions cost more in tasks than they gain in parallelism).
MIN_PART_BYTES = 1 << 20
#: At most this many text files a partition.
PART_FILES = 5000


@dataclass(frozen=True)
class Partition:
    """What one worker reads: whole files or one part of a JSONL file (``sources``), or documents read already.

    ``documents`` are documents passed to the library (their ids are kept
    as given) or read from standard input here (``keep_ids=False``: ids as
    found, renamed with the rest), with the inputs skipped meanwhile.
    """

    sources: tuple[Source, ...] = ()
    documents: tuple[Document, ...] = ()
    keep_ids: bool = True
    skipped: tuple[Skipped, ...] = ()

    @property
    def given(self) -> bool:
        """Documents passed to the library, whose ids are kept as they are."""
        return bool(self.documents) and self.keep_ids

    @property
    def stdin(self) -> bool:
        """Standard input, which only the process that plans can read."""
        return any(source.kind == "stdin" for source in self.sources)

    @property
    def jsonl_part(self) -> Source | None:
        """The part of a JSONL file this partition is, if it is one (a byte range; see :func:`plan`)."""
        if len(self.sources) == 1 and self.sources[0].end is not None:
            return self.sources[0]
        return None


@dataclass
class PartitionDocuments:
    """A partition read: its documents (ids as found), the inputs skipped, and JSONL parts that held no content."""

    documents: list[Document]
    skipped: list[Skipped] = field(default_factory=list)
    empty_parts: list[Source] = field(default_factory=list)


def part_size(total_bytes: int, parallelism: int) -> int:
    """Bytes a partition: ``PART_BYTES``, or less so each of ``parallelism`` workers gets about two partitions.

    Every shuffle costs a task per pair of partitions, so partitions are as
    big as memory allows; but fewer partitions than workers leave workers idle.
    """
    return max(MIN_PART_BYTES, min(PART_BYTES, -(-total_bytes // (2 * max(parallelism, 1)))))


def plan(
    paths: Sequence[str | os.PathLike],
    *,
    part_bytes: int | None = None,
    parallelism: int = 1,
    part_files: int = PART_FILES,
    skipped: list[Skipped] | None = None,
    strict: bool = False,
) -> list[Partition]:
    """The partitions of ``paths`` in reading order (raises as :func:`.stream.iter_documents` does).

    ``part_bytes`` defaults to :func:`part_size` of the inputs' total size
    for ``parallelism`` workers.  ``-`` is a partition of its own
    (:attr:`Partition.stdin`), which :func:`partitions_of` reads.
    """
    listed = [(source, _size(source.path)) for source in sources(paths, skipped, strict)]
    if part_bytes is None:
        part_bytes = part_size(sum(size for _, size in listed), parallelism)
    partitions: list[Partition] = []
    group: list[Source] = []
    size = 0

    def close_group() -> None:
        nonlocal group, size
        if group:
            partitions.append(Partition(tuple(group)))
        group, size = [], 0

    for source, bytes_ in listed:
        if source.kind == "stdin":
            close_group()
            partitions.append(Partition((source,)))
            continue
        if source.kind == "jsonl":
            close_group()
            partitions.extend(Partition((part,)) for part in _cut(source, bytes_, part_bytes))
            continue
        group.append(source)
        size += bytes_
        if size >= part_bytes or len(group) >= part_files:
            close_group()
    close_group()
    return partitions


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reading it will say what is wrong


def _cut(source: Source, size: int, part_bytes: int) -> list[Source]:
    """A JSONL file as one source, or as parts of about ``part_bytes`` each starting at a line start."""
    if size <= part_bytes:
        return [source]
    try:
        with open(source.path, "rb") as handle:
            starts = [0]
            for target in range(part_bytes, size, part_bytes):
                if target <= starts[-1]:
                    continue
                handle.seek(target - 1)
                handle.readline()  # to the end of the line that holds byte target - 1
                start = handle.tell()
                if start >= size:
                    break
                if start > starts[-1]:
                    starts.append(start)
    except OSError:
        return [source]  # reading it as a whole will say what is wrong
    ends = [*starts[1:], size]
    return [replace(source, start=a, end=b, first_line=0) for a, b in zip(starts, ends)]


def count_newlines(source: Source, chunk: int = 1 << 22) -> int:
    """The line ends in a part of a JSONL file (0 for anything else)."""
    if source.end is None:
        return 0
    count = 0
    with open(source.path, "rb") as handle:
        handle.seek(source.start)
        left = source.end - source.start
        while left > 0:
            data = handle.read(min(chunk, left))
            if not data:
                break
            count += data.count(b"\n")
            left -= len(data)
    return count


def number_lines(partitions: list[Partition], newlines: list[int]) -> list[Partition]:
    """The partitions with each JSONL part's first line set, from ``newlines[k]`` (:func:`count_newlines` of partition k)."""
    out = []
    line = 1
    for partition, count in zip(partitions, newlines):
        part = partition.jsonl_part
        if part is not None:
            if part.start == 0:
                line = 1
            out.append(Partition((replace(part, first_line=line),)))
            line += count
        else:
            out.append(partition)
    return out


def read_partition(partition: Partition, *, strict: bool = False, max_bytes: int = MAX_BYTES) -> PartitionDocuments:
    """Read one partition (ids kept as found; see the module documentation)."""
    if not partition.sources:
        return PartitionDocuments(list(partition.documents), list(partition.skipped))
    skipped: list[Skipped] = []
    empty: list[Source] = []
    documents = list(generate(list(partition.sources), strict, skipped, None, max_bytes, unique=False, empty_parts=empty))
    return PartitionDocuments(documents, skipped, empty)


def empty_file_skips(jsonl_parts: list[Source | None], empty_parts: list[list[Source]], strict: bool) -> dict[int, Skipped]:
    """For a JSONL file cut into parts that all held no content: its skip, keyed by its last partition.

    ``jsonl_parts[k]`` is partition k's :attr:`Partition.jsonl_part`.  (A
    file read whole reports this itself; parts cannot, one part being
    blank says nothing of the file.)
    """
    parts_of: dict[str, list[int]] = {}
    for k, part in enumerate(jsonl_parts):
        if part is not None:
            parts_of.setdefault(part.path, []).append(k)
    out = {}
    for path, ks in parts_of.items():
        if all(len(empty_parts[k]) == 1 for k in ks):
            skip = Skipped(path, "is empty (no JSON lines)")
            if strict:
                raise InputError(skip.message())
            out[ks[-1]] = skip
    return out


def partitions_of(
    inputs: Iterable[Document | str | os.PathLike],
    engine,
    *,
    skipped: list[Skipped],
    strict: bool = False,
    part_bytes: int | None = None,
    batch: int = BATCH,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Partition]:
    """The partitions of ``inputs`` in reading order: documents given in memory in batches, then the paths'.

    Documents are taken from ``inputs`` as the partitions are (a stream of
    documents is never held whole).  The paths are planned (:func:`plan`)
    for the ``engine``'s parallelism, and its tasks count the line ends of
    JSONL parts (:func:`number_lines`); standard input is read here,
    ``batch`` documents a partition, as the partitions are taken.
    """
    paths: list[str | os.PathLike] = []
    docs: list[Document] = []
    for item in inputs:
        if not isinstance(item, Document):
            paths.append(item)
            continue
        docs.append(item)
        if len(docs) >= batch:
            yield Partition(documents=tuple(docs))
            docs = []
    if docs:
        yield Partition(documents=tuple(docs))
    if not paths:
        return
    planned = plan(paths, skipped=skipped, strict=strict, part_bytes=part_bytes, parallelism=engine.parallelism)
    for partition in _numbered(engine, planned):
        if partition.stdin:
            yield from _stdin_partitions(partition.sources[0], strict, batch, max_bytes)
        else:
            yield partition


def _numbered(engine, partitions: list[Partition]) -> list[Partition]:
    """Partitions with the first line of each JSONL part set (its line ends counted by a task of its own)."""
    cut = [k for k, p in enumerate(partitions) if p.jsonl_part is not None]
    if not cut:
        return partitions
    found = engine.gather(engine.map(count_newlines, [partitions[k].jsonl_part for k in cut]))
    newlines = [0] * len(partitions)
    for k, count in zip(cut, found):
        newlines[k] = count
    return number_lines(partitions, newlines)


def _stdin_partitions(source: Source, strict: bool, batch: int, max_bytes: int) -> Iterator[Partition]:
    """Standard input's documents (ids as found), ``batch`` a partition, each with the lines skipped on its way."""
    skips: list[Skipped] = []
    docs: list[Document] = []
    for doc in generate([source], strict, skips, None, max_bytes, unique=False):
        docs.append(doc)
        if len(docs) >= batch:
            yield Partition(documents=tuple(docs), keep_ids=False, skipped=tuple(skips))
            docs, skips = [], []
    if docs or skips:
        yield Partition(documents=tuple(docs), keep_ids=False, skipped=tuple(skips))
