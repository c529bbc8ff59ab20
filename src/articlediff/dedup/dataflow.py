"""The partitioned dedup: the local engine's stages as tasks over partitions and shuffles, for a cluster.

The same stages as :func:`.run.dedup`, and the same result (same clusters,
members, relations and scores), with nothing that grows with the corpus
passing through the driver except the clusters found, the skips and a
few numbers a partition:

1. **plan and read**: the inputs are cut into partitions (:mod:`.partitions`);
   each is read and fingerprinted where it lands (:func:`.shards.read_shard`)
   and stays there.  The driver learns how many documents and paragraphs
   each holds, which numbers them globally.
2. **ids**: repeated ids are found by a shuffle on the id; only documents
   whose id repeats come to the driver to be renamed in reading order.
3. **candidates**: content hashes are shuffled by hash (exact copies meet),
   LSH band keys by key (a distributed group-by: the documents of a bucket
   meet in one task, which pairs them); the pairs go to the partition of
   their first document.
4. **verify where the documents live**: that partition asks the owners of
   the second documents for their signatures and views (a shuffle there and
   back) and verifies with :func:`.run.verify`.
5. **components** of the verified pairs by large-star / small-star
   contraction (:mod:`.star`), which gives the groups of whole-text copies.
6. **passages**: paragraph band keys are shuffled the same way, with each
   paragraph's group; furniture buckets are marked, pairs verified where
   their first paragraph lives, and paragraphs found in too many groups
   dropped (one more shuffle by paragraph).
7. **clusters**: components of all pairs; each cluster's documents and
   pairs are shuffled to the partition of its label, which builds it with
   :func:`.run.cluster`.  Only the clusters come back.

Which process runs a task is the executor's business (:mod:`.executors`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import numpy as np

from ..errors import UsageError
from . import shards as S
from . import star
from ..read import Document, Skipped, unique_ids
from .lsh import ROWS
from .model import DedupResult
from ..read.partitions import Partition, count_newlines, empty_file_skips, number_lines, plan
from .run import BATCH, check_settings
from .tables import concat, owner, rows

#: Rounds of large-star / small-star after which the contraction gives up (it needs O(log² n); a handful in practice).
MAX_ROUNDS = 200


def dedup_partitioned(
    inputs: Iterable[Document | str | os.PathLike],
    executor,
    *,
    threshold: float,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    shingle_words: int,
    permutations: int,
    part_bytes: int | None = None,
) -> DedupResult:
    """:func:`.run.dedup` on partitions, each task run by ``executor`` (see the module documentation).

    ``part_bytes`` sets the size of a partition (default: :func:`.partitions.part_size`).
    """
    check_settings(threshold, shingle_words, permutations)
    bands = permutations // ROWS
    ex = executor
    skipped: list[Skipped] = []
    partitions = partitions_of(ex, inputs, skipped=skipped, strict=strict, part_bytes=part_bytes)
    if not partitions:
        return DedupResult([], skipped, 0, 0, 0, threshold)
    P = len(partitions)

    # 1. read and fingerprint, where each partition lands
    shards = ex.map(S.read_shard, partitions, strict=strict, shingle_words=shingle_words, permutations=permutations)
    sums = read_all(ex, partitions, shards, skipped, strict, progress)
    counts = [s[0] for s in sums]
    offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
    poffsets = np.r_[0, np.cumsum([s[1] for s in sums])].astype(np.int64)
    n, m = int(offsets[-1]), int(poffsets[-1])
    firsts, pfirsts = offsets[:-1].tolist(), poffsets[:-1].tolist()
    me = list(range(P))

    # 2. ids: only documents whose id repeats are renamed, here, in reading order
    renames = rename_ids(ex, shards, firsts, offsets)

    # 3. candidates: exact copies by content hash, others by LSH bucket
    hashed = ex.exchange("exact copies", S.hashes_out, P, shards, firsts, parts=P)
    exact = ex.exchange("exact copies", S.exact_out, P, hashed, offsets=offsets)
    keyed = ex.exchange("band keys", S.bands_out, P, shards, firsts, parts=P, bands=bands)
    codes = ex.map(S.unique_codes, ex.exchange("candidate pairs", S.band_pairs_out, P, keyed, n=n, offsets=offsets))
    candidates = int(sum(ex.gather(ex.map(rows, codes))))

    # 4. verify where the first document lives, the second's data fetched from its owner
    wanted = ex.map(S.wanted_docs, codes, exact, n=n)
    asked = ex.exchange("verify", S.requests_out, P, wanted, me, offsets=offsets)
    sent = ex.exchange("verify", S.docs_out, P, asked, shards, firsts, parts=P)
    whole = ex.map(S.verify_part, codes, exact, sent, shards, firsts, n=n, threshold=threshold)
    # What is no longer needed is let go: Dask frees a result once no one holds it and its dependents are done
    # (it keeps the recipe, to rerun it if a worker holding a later result is lost).
    del hashed, exact, keyed, codes, wanted, asked, sent

    # 5. groups of whole-text copies
    groups = ex.map(S.local_labels, components(ex, whole, offsets), firsts, counts)

    # 6. passages shared by documents of different groups
    keyed = ex.exchange("passage band keys", S.paragraphs_out, P, shards, groups, firsts, pfirsts, parts=P, bands=bands)
    marks = ex.exchange("passage pairs", S.paragraph_pairs_out, P, keyed, m=m, poffsets=poffsets)
    asked = ex.exchange("passage verify", S.requests_out, P, ex.map(_second_paragraphs, marks), me, offsets=poffsets)
    sent = ex.exchange("passage verify", S.paragraphs_sent_out, P, asked, shards, groups, marks, firsts, pfirsts, parts=P)
    matched = ex.map(S.match_part, marks, sent, shards, groups, firsts, pfirsts, threshold=threshold)
    crowd = ex.exchange("passage furniture", S.crowd_out, P, matched, me, poffsets=poffsets)
    crowded = ex.exchange("passage furniture", S.crowded_out, P, crowd, parts=P)
    edges = ex.map(_concat2, whole, ex.map(S.partial_part, matched, crowded, whole))
    del keyed, marks, asked, sent, matched, crowd, crowded, whole, groups
    verified = int(sum(ex.gather(ex.map(rows, edges))))

    # 7. clusters, each built where its label lands
    labels = components(ex, edges, offsets)
    members = ex.exchange("clusters", S.members_out, P, labels, shards, firsts, renames, parts=P)
    joined = ex.exchange("clusters", S.edges_out, P, edges, labels, parts=P)
    found = [c for part in ex.gather(ex.map(S.clusters_part, members, joined, threshold=threshold)) for c in part]
    clusters = [c for _, c in sorted(found, key=lambda item: item[0])]
    return DedupResult(clusters, skipped, n, candidates, verified, threshold)


def partitions_of(
    ex, inputs: Iterable[Document | str | os.PathLike], *, skipped: list[Skipped], strict: bool, part_bytes: int | None
) -> list[Partition]:
    """The partitions to read: documents given in memory in batches, then the paths' (:func:`.partitions.plan`), lines numbered."""
    items = list(inputs)
    given = [x for x in items if isinstance(x, Document)]
    paths = [x for x in items if not isinstance(x, Document)]
    partitions = [Partition(documents=tuple(given[k : k + BATCH])) for k in range(0, len(given), BATCH)]
    if paths:
        partitions += plan(paths, skipped=skipped, strict=strict, part_bytes=part_bytes, parallelism=ex.parallelism)
    return _numbered(ex, partitions)


def read_all(ex, partitions: list[Partition], shards: list, skipped: list[Skipped], strict: bool, progress, summary=S.summary) -> list:
    """Wait for every shard to be read; call ``progress(documents read)`` as they arrive; add their skips to ``skipped`` in order.

    Each shard's ``summary`` (:func:`.shards.summary`: documents, paragraphs,
    skips, empty JSONL parts) comes here, nothing else.
    """
    done = [0]

    def read(k: int, found) -> None:
        done[0] += found[0]
        if progress:
            progress(done[0])

    sums = ex.gather(ex.map(summary, shards), read, step="read and fingerprint")
    empty = empty_file_skips(partitions, [s[3] for s in sums], strict)
    for k, found in enumerate(sums):
        skipped += found[2]
        if k in empty:
            skipped.append(empty[k])
    return sums


def rename_ids(ex, shards: list, firsts: list[int], offsets: np.ndarray) -> list[dict[int, str]]:
    """For each partition, the new ids of its documents whose id repeats (a shuffle by id; those few come here)."""
    parts = len(shards)
    roots = ex.exchange("ids", S.id_roots_out, parts, shards, firsts, parts=parts)
    renamable = ex.exchange("ids", S.renamable_out, parts, roots, offsets=offsets)
    return _renames(ex.gather(ex.map(S.renamable_ids, renamable, shards, firsts)), offsets)


def _numbered(ex, partitions: list[Partition]) -> list[Partition]:
    """Partitions with the first line of each JSONL part set (its line ends counted by a task of its own)."""
    cut = [k for k, p in enumerate(partitions) if p.jsonl_part is not None]
    if not cut:
        return partitions
    found = ex.gather(ex.map(count_newlines, [partitions[k].jsonl_part for k in cut]))
    newlines = [0] * len(partitions)
    for k, count in zip(cut, found):
        newlines[k] = count
    return number_lines(partitions, newlines)


def _renames(found: list, offsets: np.ndarray) -> list[dict[int, str]]:
    """For each partition, the new ids of its documents whose id repeats (:func:`.inputs.unique_ids` in reading order)."""
    table = concat(found)
    parts = len(offsets) - 1
    out: list[dict[int, str]] = [{} for _ in range(parts)]
    if not rows(table):
        return out
    order = np.argsort(table["gid"], kind="stable")
    gids, old = table["gid"][order].tolist(), table["id"][order].tolist()
    for gid, before, after in zip(gids, old, unique_ids(old)):
        if after != before:
            out[int(owner(np.array([gid]), offsets)[0])][gid] = after
    return out


def _second_paragraphs(marks) -> np.ndarray:
    if not marks:
        return np.empty(0, dtype=np.int64)
    return marks["y"][marks["y"] >= 0]


def _concat2(a, b):
    return concat([a, b])


def components(ex, edge_parts: list, offsets: np.ndarray) -> list:
    """The component label (smallest member) of every document with a pair, held by the document's partition (:mod:`.star`)."""
    parts = len(offsets) - 1
    both = ex.exchange("components", star.pairs_out, parts, edge_parts, parts=parts)
    for _ in range(MAX_ROUNDS):
        edges = ex.map(star.small_star, ex.exchange("components", star.large_star_out, parts, both, parts=parts))
        shape = ex.exchange("components", star.shape_out, parts, edges, parts=parts)
        if sum(ex.gather(ex.map(star.violations_of, shape))) == 0:
            return ex.map(star.unique_labels, ex.exchange("components", star.labels_out, parts, edges, offsets=offsets))
        both = ex.exchange("components", star.both_ways_out, parts, edges, parts=parts)
    raise UsageError(f"the components did not converge in {MAX_ROUNDS} rounds")  # not expected: O(log² n) rounds
