"""``dedup``: the near-duplicate clusters of a set of documents, one flow for every engine.

The stages are functions of their own modules; this module strings them
together as tasks over partitions and shuffles, written once against the
engine operations of :mod:`articlediff.engines` (``spread``, ``map``,
``exchange``, ``gather``), so the same flow runs on this machine
(:mod:`articlediff.engines.local`) and on a Dask cluster
(:mod:`articlediff.engines.dask`) with the same result.  Nothing that
grows with the corpus passes through this process on a cluster except the
clusters found, the skips and a few numbers a partition:

1. **read and fingerprint** (:func:`.fingerprint.read_shard`): the inputs
   are cut into partitions (:mod:`articlediff.read.partitions`); each is
   read and fingerprinted where it lands and stays there.  This process
   learns how many documents and paragraphs each holds, which numbers
   them globally.
2. **ids**: repeated ids are found by a shuffle on the id; only documents
   whose id repeats come here to be renamed in reading order.
3. **candidates** (:mod:`.candidates`): content hashes are shuffled by hash
   (exact copies meet), LSH band keys by key (a distributed group-by: the
   documents of a bucket meet in one task, which pairs them); the pairs go
   to the partition of their first document.
4. **verify** (:mod:`.verify`) where the documents live: that partition asks
   the owners of the second documents for their signatures and views (a
   shuffle there and back).
5. **components** of the verified pairs (:mod:`.components`), which give
   the groups of whole-text copies.
6. **passages** (:mod:`.passages`): paragraph band keys are shuffled the
   same way, with each paragraph's group; furniture buckets are marked,
   pairs verified where their first paragraph lives, and paragraphs found
   in too many groups dropped (one more shuffle by paragraph).
7. **clusters** (:mod:`.cluster`): components of all pairs; each cluster's
   documents and pairs are shuffled to the partition of its label, which
   builds it.  Only the clusters come back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np

from ..engines import open_engine
from ..engines.tables import concat, owner, rows
from ..read import Document, Skipped, unique_ids
from ..read.partitions import empty_file_skips, partitions_of
from . import tasks as T
from .components import components
from .config import FingerprintConfig
from .fingerprint import read_shard, warm
from .model import DedupResult

Progress = Callable[[int], None]


def dedup(
    inputs: Iterable[Document | str | os.PathLike],
    *,
    config: FingerprintConfig | None = None,
    threshold: float | None = None,
    keep: str | None = None,
    rewrites: bool | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    client=None,
    part_bytes: int | None = None,
) -> DedupResult:
    """Cluster the near-duplicates among ``inputs`` (``Document`` objects, or paths: files, folders, ``-``).

    ``config`` (a :class:`FingerprintConfig`) sets the shingle size, the
    permutations and the similarity threshold (0-1: the estimated Jaccard
    similarity of the word 4-gram sets at which two documents are
    near-duplicates), from which the LSH bands follow, and which member
    represents a cluster (``keep``: ``"original"``, the default, ``"earliest"``
    or ``"longest"``; :func:`.cluster.representative`) and whether rewrites
    are looked for (``rewrites``: the same story in other words,
    :mod:`.telling`); ``threshold``, ``keep`` and ``rewrites`` override the config's.  ``progress(documents_read)`` is called as
    partitions are read.

    ``engine`` is where the work runs (:func:`articlediff.engines.open_engine`):
    ``"local"``, this machine, with ``workers`` processes reading and
    fingerprinting (default: every available core; 1 keeps all work in this
    process), or ``"dask"``, a Dask cluster (``client``, else the scheduler
    at ``scheduler``, else a new local cluster of ``workers`` processes;
    ``pip install 'articlediff[dask]'``).  Both give the same result.
    ``part_bytes`` sets the size of a partition (default:
    :func:`articlediff.read.partitions.part_size`).
    """
    config = _config(config, threshold, keep)
    if rewrites is not None and rewrites != config.rewrites:
        config = replace(config, rewrites=rewrites)
    with open_engine(engine, workers=workers, scheduler=scheduler, client=client, initializer=warm) as ex:
        return run(inputs, ex, config, strict=strict, progress=progress, part_bytes=part_bytes)


def _config(config: FingerprintConfig | None, threshold: float | None, keep: str | None = None) -> FingerprintConfig:
    config = config or FingerprintConfig()
    if threshold is not None and threshold != config.threshold:
        config = replace(config, threshold=threshold)
    if keep is not None and keep != config.keep:
        config = replace(config, keep=keep)
    return config


def run(
    inputs: Iterable[Document | str | os.PathLike],
    ex,
    config: FingerprintConfig,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    part_bytes: int | None = None,
) -> DedupResult:
    """The flow of the module documentation, each task run by the engine ``ex``."""
    threshold, bands = config.threshold, config.bands
    skipped: list[Skipped] = []
    parts: list = []  # each partition's JSONL part (or None), as the partitions are taken

    def taken():
        for partition in partitions_of(inputs, ex, skipped=skipped, strict=strict, part_bytes=part_bytes):
            parts.append(partition.jsonl_part)
            yield partition

    # 1. read and fingerprint, where each partition lands
    shards = ex.spread(read_shard, taken(), strict=strict, config=config, spill=ex.scratch)
    if not shards:
        return DedupResult([], skipped, 0, 0, 0, threshold)
    P = len(shards)
    sums = read_all(ex, parts, shards, skipped, strict, progress)
    counts = [s[0] for s in sums]
    offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
    poffsets = np.r_[0, np.cumsum([s[1] for s in sums])].astype(np.int64)
    n, m = int(offsets[-1]), int(poffsets[-1])
    firsts, pfirsts = offsets[:-1].tolist(), poffsets[:-1].tolist()
    me = list(range(P))

    # 2. ids: only documents whose id repeats are renamed, here, in reading order
    renames = rename_ids(ex, shards, firsts, offsets)

    # 3. candidates: exact copies by content hash, others by LSH bucket
    hashed = ex.exchange("exact copies", T.hashes_out, P, shards, firsts, parts=P)
    exact = ex.exchange("exact copies", T.exact_out, P, hashed, offsets=offsets)
    codes: list = [{}] * P
    rewrite_bands = config.rewrite_bands
    for tags in _chunks(2 * bands + rewrite_bands, ex.bands_per_shuffle):  # word bands, skeleton bands, telling bands
        keyed = ex.exchange(
            "band keys", T.bands_out, P, shards, firsts, parts=P, bands=bands, tags=tags, rewrite_bands=rewrite_bands
        )
        found = ex.exchange("candidate pairs", T.band_pairs_out, P, keyed, n=n, offsets=offsets)
        codes = ex.map(T.unique_codes, ex.map(_concat2, codes, found))
    candidates = int(sum(ex.gather(ex.map(rows, codes))))

    # 4. verify where the first document lives, the second's data fetched from its owner
    wanted = ex.map(T.wanted_docs, codes, exact, n=n)
    asked = ex.exchange("verify", T.requests_out, P, wanted, me, offsets=offsets)
    sent = ex.exchange("verify", T.docs_out, P, asked, shards, firsts, parts=P)
    whole = ex.map(T.verify_part, codes, exact, sent, shards, firsts, n=n, threshold=threshold)
    # What is no longer needed is let go: Dask frees a result once no one holds it and its dependents are done
    # (it keeps the recipe, to rerun it if a worker holding a later result is lost).
    del hashed, exact, keyed, codes, wanted, asked, sent

    # 5. groups of whole-text copies
    groups = ex.map(T.local_labels, components(ex, ex.map(T.text_copies, whole), offsets), firsts, counts)

    # 6. passages shared by documents of different groups
    marks: list = [{}] * P
    for tags in _chunks(bands, ex.bands_per_shuffle):
        keyed = ex.exchange(
            "passage band keys", T.paragraphs_out, P, shards, groups, firsts, pfirsts, parts=P, bands=bands, tags=tags
        )
        marks = ex.map(
            T.merge_marks, marks, ex.exchange("passage pairs", T.paragraph_pairs_out, P, keyed, m=m, poffsets=poffsets), m=m
        )
    asked = ex.exchange("passage verify", T.requests_out, P, ex.map(_second_paragraphs, marks), me, offsets=poffsets)
    sent = ex.exchange("passage verify", T.paragraphs_sent_out, P, asked, shards, groups, marks, firsts, pfirsts, parts=P)
    matched = ex.map(T.match_part, marks, sent, shards, groups, firsts, pfirsts, threshold=threshold)
    crowd = ex.exchange("passage furniture", T.crowd_out, P, matched, me, poffsets=poffsets)
    crowded = ex.exchange("passage furniture", T.crowded_out, P, crowd, parts=P)
    edges = ex.map(_concat2, whole, ex.map(T.partial_part, matched, crowded, whole))
    del keyed, marks, asked, sent, matched, crowd, crowded, whole, groups
    verified = int(sum(ex.gather(ex.map(rows, edges))))

    # 7. clusters, each built where its label lands
    labels = components(ex, edges, offsets)
    members = ex.exchange("clusters", T.members_out, P, labels, shards, firsts, renames, parts=P)
    joined = ex.exchange("clusters", T.edges_out, P, edges, labels, parts=P)
    built = ex.map(T.clusters_part, members, joined, threshold=threshold, keep=config.keep)
    found = [c for part in ex.gather(built) for c in part]
    clusters = [c for _, c in sorted(found, key=lambda item: item[0])]
    return DedupResult(clusters, skipped, n, candidates, verified, threshold)


def read_all(ex, parts: list, shards: list, skipped: list[Skipped], strict: bool, progress: Progress | None) -> list:
    """Wait for every shard to be read; call ``progress(documents read)`` as they arrive; add their skips to ``skipped`` in order.

    Each shard's summary (:func:`.tasks.summary`: documents, paragraphs,
    skips, empty JSONL parts) comes here, nothing else.  ``parts[k]`` is
    partition k's JSONL part, if it is one.
    """
    done = [0]

    def read(k: int, found) -> None:
        done[0] += found[0]
        if progress:
            progress(done[0])

    sums = ex.gather(ex.map(T.summary, shards), read, step="read and fingerprint")
    empty = empty_file_skips(parts, [s[3] for s in sums], strict)
    for k, found in enumerate(sums):
        skipped += found[2]
        if k in empty:
            skipped.append(empty[k])
    return sums


def rename_ids(ex, shards: list, firsts: list[int], offsets: np.ndarray) -> list[dict[int, str]]:
    """For each partition, the new ids of its documents whose id repeats (a shuffle by id; those few come here)."""
    parts = len(shards)
    roots = ex.exchange("ids", T.id_roots_out, parts, shards, firsts, parts=parts)
    renamable = ex.exchange("ids", T.renamable_out, parts, roots, offsets=offsets)
    return _renames(ex.gather(ex.map(T.renamable_ids, renamable, shards, firsts)), offsets)


def _renames(found: list, offsets: np.ndarray) -> list[dict[int, str]]:
    """For each partition, the new ids of its documents whose id repeats.

    The new ids are those :func:`articlediff.read.unique_ids` gives, the documents taken in reading order.
    """
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


def _chunks(total: int, size: int | None) -> list[range]:
    """``range(total)`` cut into ranges of ``size`` (all in one when ``size`` is None)."""
    size = size or max(total, 1)
    return [range(lo, min(total, lo + size)) for lo in range(0, total, size)]


def _second_paragraphs(marks) -> np.ndarray:
    if not marks:
        return np.empty(0, dtype=np.int64)
    return marks["y"][marks["y"] >= 0]


def _concat2(a, b):
    return concat([a, b])
