"""``dedup``: the near-duplicate clusters of a set of documents.

The stages, each a function of its own module so that another engine can
run them elsewhere:

1. read the documents (:mod:`.inputs`: folders, JSONL, standard input; bad
   ones are skipped with a reason);
2. fingerprint each one on its matching view: two MinHash signatures
   (:mod:`.minhash`), one over the shingles of all its words and one over
   its *skeleton*, the words a synonym spinner leaves alone; and a hash of
   its whole matching view, so exact copies (up to typography and case) are
   found whatever LSH does;
3. candidate pairs from LSH bands of either signature (:mod:`.lsh`);
4. verify every candidate (:func:`relation`): ``near`` when the Jaccard
   estimate of the word signatures reaches the threshold, ``spun`` when
   only the skeleton's does, and in both cases the texts' own similarity
   (RapidFuzz's ``fuzz.ratio`` over the matching views) must agree, so a
   band collision alone never reports a pair;
5. partial copies: paragraphs shared by two documents that are not
   otherwise duplicates (:mod:`.passages`);
6. clusters: connected components of the verified pairs (:mod:`.clusters`),
   each with a representative (the earliest dated member, else the longest)
   and each other member's relation to it (``exact``, ``near``, ``spun`` or
   ``partial``) with a score, and for a partial copy the shared passages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash
from rapidfuzz import fuzz

from ..segment import iter_words
from .clusters import UnionFind, components
from .inputs import Document, Skipped, document_date, iter_documents
from .lsh import candidate_pairs
from .minhash import estimate, shingles, signatures, skeleton
from .model import Cluster, DedupResult, Member
from .passages import PassageIndex

#: Default similarity (Jaccard estimate of word 5-gram sets, 0-1) at which two documents are near-duplicates.
DEFAULT_THRESHOLD = 0.5
#: The texts' own similarity (``fuzz.ratio`` of the matching views, 0-100) a candidate must also reach.
MIN_TEXT_RATIO = 50.0
#: Documents fingerprinted per batch (signatures are computed a batch at a time).
BATCH = 1000

Progress = Callable[[int], None]


def dedup(
    inputs: Iterable[Document | str | os.PathLike],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    progress: Progress | None = None,
) -> DedupResult:
    """Cluster the near-duplicates among ``inputs`` (``Document`` objects, or paths: files, folders, ``-``).

    ``threshold`` (0-1) is the estimated Jaccard similarity of the word
    5-gram sets at which two documents count as near-duplicates.
    ``progress(documents_read)`` is called after each batch.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be above 0 and at most 1")
    skipped: list[Skipped] = []
    items = list(inputs)
    paths = [x for x in items if not isinstance(x, Document)]
    docs_in = [x for x in items if isinstance(x, Document)]
    stream = iter_documents(paths, strict=strict, skipped=skipped) if paths else iter(())
    docs: list[Document] = []
    keys: list[str] = []
    sigs: list[np.ndarray] = []
    skeleton_sigs: list[np.ndarray] = []
    batch: list[Document] = []

    passages = PassageIndex()

    def flush() -> None:
        words = [list(iter_words(d.text)) for d in batch]
        passages.add(len(docs), [d.text for d in batch], words)
        views = [[w.key for w in ws] for ws in words]
        sigs.append(signatures([shingles(v) for v in views]))
        skeleton_sigs.append(signatures([shingles(skeleton(v)) for v in views]))
        keys.extend(" ".join(v) for v in views)
        docs.extend(batch)
        batch.clear()
        if progress:
            progress(len(docs))

    for doc in (*docs_in, *stream) if docs_in else stream:
        batch.append(doc)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    fp = Fingerprints(keys, _stack(sigs), _stack(skeleton_sigs))
    edges: dict[tuple[int, int], Edge] = {pair: Edge("exact", 100.0) for pair in _exact_pairs(keys)}
    candidates = set(candidate_pairs(fp.words)) | set(candidate_pairs(fp.skeleton))
    for i, j in sorted(candidates):
        if keys[i] != keys[j]:
            found = relation(fp, i, j, threshold)
            if found is not None:
                edges[i, j] = Edge(*found)
    whole = UnionFind(len(docs))
    for i, j in edges:
        whole.union(i, j)
    for (i, j), shared in passages.shared(threshold, MIN_TEXT_RATIO, whole.find).items():
        if (i, j) not in edges and keys[i] != keys[j]:
            words = sum(n for _, _, n in shared)
            smaller = min(len(keys[i].split()), len(keys[j].split())) or 1
            edges[i, j] = Edge("partial", min(100.0, 100 * words / smaller), tuple((a, b) for a, b, _ in shared))
    clusters = [_cluster(group, docs, fp, threshold, edges) for group in components(len(docs), edges)]
    return DedupResult(clusters, skipped, len(docs), len(candidates), len(edges), threshold)


@dataclass(frozen=True)
class Edge:
    """A verified pair: its relation, score (0-100) and, for a partial copy, the shared passages (spans in each)."""

    kind: str
    score: float
    passages: tuple = ()


@dataclass(frozen=True)
class Fingerprints:
    """What verification needs of each document: its matching view and its two signatures."""

    keys: list[str]  # matching views (word keys joined by spaces)
    words: np.ndarray  # MinHash of all-word shingles, one row per document
    skeleton: np.ndarray  # MinHash of the skeleton's shingles


def relation(fp: Fingerprints, i: int, j: int, threshold: float) -> tuple[str, float] | None:
    """How documents ``i`` and ``j`` relate: ``(exact|near|spun, score 0-100)``, or None when they are not duplicates."""
    if fp.keys[i] == fp.keys[j]:
        return ("exact", 100.0) if fp.keys[i] else None
    words = estimate(fp.words[i], fp.words[j])
    spun = estimate(fp.skeleton[i], fp.skeleton[j])
    if max(words, spun) < threshold or fuzz.ratio(fp.keys[i], fp.keys[j]) < MIN_TEXT_RATIO:
        return None
    return ("near", 100 * words) if words >= threshold else ("spun", 100 * spun)


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    return np.vstack(parts) if parts else np.zeros((0, 1), dtype=np.uint32)


def _exact_pairs(keys: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs joining documents whose matching views are identical (each to the first of its kind)."""
    first: dict[int, int] = {}
    pairs = []
    for i, key in enumerate(keys):
        if not key:
            continue
        h = xxhash.xxh64_intdigest(key.encode("utf-8"))
        j = first.setdefault(h, i)
        if j != i and keys[j] == key:
            pairs.append((j, i))
    return pairs


def _cluster(group: list[int], docs: list[Document], fp: Fingerprints, threshold: float, edges: dict) -> Cluster:
    """A cluster with its representative: the earliest dated member, else the longest, else the first.

    The representative is chosen among the members joined by a whole-text
    relation (exact, near, spun) when there are any: a host article that
    quotes two paragraphs is longer than the copies, but not one of them.

    A member's relation is its verified relation to the representative, else
    the partial copy they share passages through, else (a member joined
    only through others) its strongest verified pair in the cluster.
    """
    keys = fp.keys
    # A document that only shares passages (a host quoting two paragraphs) does not represent the copies.
    core = [i for i in group if any(e.kind != "partial" and i in pair for pair, e in edges.items())] or group
    dates = {i: document_date(docs[i]) for i in core}
    dated = [i for i in core if dates[i]]
    if dated:
        rep = min(dated, key=lambda i: (dates[i], i))
    else:
        rep = max(core, key=lambda i: (len(keys[i].split()), -i))
    members = []
    for i in group:
        if i == rep:
            continue
        direct = relation(fp, i, rep, threshold)
        edge = Edge(*direct) if direct else edges.get((min(i, rep), max(i, rep)))
        if edge is None:
            edge = max((e for (x, y), e in edges.items() if i in (x, y) and x in group and y in group), key=lambda e: e.score)
        passages = edge.passages if rep < i else tuple((b, a) for a, b in edge.passages)
        members.append(Member(docs[i].id, docs[i].path, edge.kind, edge.score, passages))
    return Cluster(docs[rep].id, docs[rep].path, tuple(members))
