"""``dedup``: the near-duplicate clusters of a set of documents.

The stages, each a function of its own module so that another engine can
run them elsewhere:

1. read the documents (:mod:`.inputs`: folders, JSONL, standard input; bad
   ones are skipped with a reason);
2. fingerprint each batch (:mod:`.fingerprint`, in worker processes when
   there are several batches and cores, :mod:`.engine`): its matching
   view, a hash of the view (so exact copies, up to typography and case,
   are found whatever LSH does), a MinHash signature over the shingles of
   all its words, one over its *skeleton* (the words a synonym spinner
   leaves alone), and one per paragraph;
3. candidate pairs from LSH bands of either signature (:mod:`.lsh`);
4. verify every candidate (:func:`verify`): ``near`` when the Jaccard
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

What stays in memory grows by a few hundred bytes a document (ids, paths,
16-bit signatures, paragraph signatures); the texts are dropped once
fingerprinted and the matching views wait on disk (:mod:`.views`) until
verification reads the few it needs.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np
from rapidfuzz import fuzz

from .clusters import UnionFind, components
from .engine import map_batches
from .fingerprint import Prints, fingerprint, warm
from ..read import Document, Skipped, document_date, iter_documents
from .lsh import ROWS, agreement, candidate_pairs, decode_pairs
from .minhash import PERMUTATIONS, SHINGLE_WORDS
from .model import Cluster, DedupResult, Member
from .passages import PassageIndex
from .views import ViewStore

#: Default similarity (Jaccard estimate of word 4-gram sets, 0-1) at which two documents are near-duplicates.
DEFAULT_THRESHOLD = 0.5
#: The texts' own similarity (``fuzz.ratio`` of the matching views, 0-100) a candidate must also reach.
MIN_TEXT_RATIO = 50.0
#: Documents fingerprinted per batch (the unit of work a worker process takes).
BATCH = 1000
#: Bits of each MinHash value kept per document signature (b-bit MinHash: half the memory of 32 bits,
#: and unrelated values agree by chance once in 65,536).
SIGNATURE_BITS = 16

Progress = Callable[[int], None]
#: Where the stages run: this machine (worker processes), or a Dask cluster.
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Edge:
    """A verified pair: its relation, score (0-100) and, for a partial copy, the shared passages (spans in each)."""

    kind: str
    score: float
    passages: tuple = ()


@dataclass
class Corpus:
    """What verification needs of each document: its matching view (on disk), length and two signatures."""

    views: ViewStore
    hashes: np.ndarray  # content hashes of the views
    lengths: np.ndarray  # words
    words: np.ndarray  # low 16 bits of the MinHash of all-word shingles, one row per document
    skeleton: np.ndarray  # the same for the skeleton's shingles
    has_words: np.ndarray  # a word signature exists (the document has words)
    has_skeleton: np.ndarray  # a skeleton signature exists


class _Gather:
    """Batches of fingerprints as they arrive, kept in the compact form the later stages use."""

    def __init__(self) -> None:
        self.views = ViewStore()
        self.passages = PassageIndex()
        self.count = 0
        self._parts: dict[str, list[np.ndarray]] = defaultdict(list)

    def add(self, prints: Prints) -> None:
        self.views.extend(prints.views)
        self.passages.add(self.count, prints)
        for name, column in compact(prints).items():
            self._parts[name].append(column)
        self.count += len(prints)

    def corpus(self) -> Corpus:
        def stack(name: str, empty: np.ndarray) -> np.ndarray:
            parts = self._parts[name]
            return np.concatenate(parts) if parts else empty

        no_sigs = np.zeros((0, 1), dtype=np.uint16)
        return Corpus(
            self.views,
            stack("hashes", np.zeros(0, dtype=np.int64)),
            stack("lengths", np.zeros(0, dtype=np.int32)),
            stack("words", no_sigs),
            stack("skeleton", no_sigs),
            stack("has_words", np.zeros(0, dtype=bool)),
            stack("has_skeleton", np.zeros(0, dtype=bool)),
        )


def compact(prints: Prints) -> dict[str, np.ndarray]:
    """The columns of :class:`Corpus` for a batch of prints: 16-bit signatures and whether each exists."""
    return {
        "hashes": prints.hashes,
        "lengths": prints.lengths,
        "words": prints.words.astype(np.uint16),
        "skeleton": prints.skeleton.astype(np.uint16),
        "has_words": prints.words.any(axis=1),
        "has_skeleton": prints.skeleton.any(axis=1),
    }


@dataclass(frozen=True)
class Ref:
    """What the report needs of a document once its text is gone."""

    id: str
    path: str
    date: str | None


def dedup(
    inputs: Iterable[Document | str | os.PathLike],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    shingle_words: int = SHINGLE_WORDS,
    permutations: int = PERMUTATIONS,
    engine: str = "local",
    scheduler: str | None = None,
    client=None,
) -> DedupResult:
    """Cluster the near-duplicates among ``inputs`` (``Document`` objects, or paths: files, folders, ``-``).

    ``threshold`` (0-1) is the estimated Jaccard similarity of the word
    4-gram sets at which two documents count as near-duplicates.
    ``progress(documents_read)`` is called after each batch.  ``workers``
    is the number of processes that fingerprint (default: every available
    core; 1 keeps all work in this process).  ``shingle_words`` and
    ``permutations`` (a multiple of the LSH's 4 rows a band) are there to
    measure other settings; the defaults are the measured choice
    (docs/benchmarks.md).

    ``engine="dask"`` runs the same stages as tasks on a Dask cluster
    (:mod:`.dataflow`, docs/scaling.md), with the same result: on
    ``client`` when given, else on the scheduler at ``scheduler``, else on
    a new local cluster of ``workers`` processes.  It reads files and
    folders (not standard input) and needs ``pip install 'articlediff[dask]'``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    check_settings(threshold, shingle_words, permutations)  # before a cluster is started for nothing
    if engine == "dask":
        from .dataflow import dedup_partitioned
        from .executors import OnDask, dask_client

        with dask_client(scheduler, workers, client) as connected:
            return dedup_partitioned(
                inputs,
                OnDask(connected),
                threshold=threshold,
                strict=strict,
                progress=progress,
                shingle_words=shingle_words,
                permutations=permutations,
            )
    bands = permutations // ROWS
    skipped: list[Skipped] = []
    items = list(inputs)
    paths = [x for x in items if not isinstance(x, Document)]
    docs_in = [x for x in items if isinstance(x, Document)]
    stream = iter_documents(paths, strict=strict, skipped=skipped) if paths else iter(())
    refs: list[Ref] = []

    def text_batches() -> Iterator[list[str]]:
        batch: list[str] = []
        for doc in (*docs_in, *stream) if docs_in else stream:
            refs.append(Ref(doc.id, doc.path, document_date(doc)))
            batch.append(doc.text)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    gather = _Gather()
    try:
        stage = partial(fingerprint, shingle_words=shingle_words, permutations=permutations)
        for prints in map_batches(stage, text_batches(), workers=workers, initializer=warm):
            gather.add(prints)
            if progress:
                progress(gather.count)
        corpus = gather.corpus()
        edges: dict[tuple[int, int], Edge] = {pair: Edge("exact", 100.0) for pair in exact_pairs(corpus)}
        candidates = np.unique(
            np.concatenate(
                (
                    _codes(candidate_pairs(corpus.words, corpus.has_words, bands), len(refs)),
                    _codes(candidate_pairs(corpus.skeleton, corpus.has_skeleton, bands), len(refs)),
                )
            )
        )
        pairs = decode_pairs(candidates, len(refs))
        pairs = pairs[corpus.hashes[pairs[:, 0]] != corpus.hashes[pairs[:, 1]]]  # identical views are exact pairs already
        for i, j, kind, score in verify(corpus, pairs, threshold):
            edges[i, j] = Edge(kind, score)
        whole = UnionFind(len(refs))
        for i, j in edges:
            whole.union(i, j)
        groups = np.array([whole.find(x) for x in range(len(refs))], dtype=np.int64)
        for (i, j), shared in gather.passages.shared(threshold, MIN_TEXT_RATIO, groups, corpus.views.__getitem__, bands).items():
            if (i, j) not in edges and corpus.hashes[i] != corpus.hashes[j]:
                edges[i, j] = partial_edge(shared, int(corpus.lengths[i]), int(corpus.lengths[j]))
        clusters = _clusters(refs, corpus, threshold, edges)
    finally:
        gather.views.close()
    return DedupResult(clusters, skipped, len(refs), len(candidates), len(edges), threshold)


def check_settings(threshold: float, shingle_words: int, permutations: int) -> None:
    """Raise ValueError for settings no engine can run."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be above 0 and at most 1")
    if shingle_words < 1 or permutations < ROWS or permutations % ROWS:
        raise ValueError(f"shingle_words must be at least 1 and permutations a positive multiple of {ROWS}")


def _codes(pairs: np.ndarray, n: int) -> np.ndarray:
    return pairs[:, 0] * n + pairs[:, 1]


def exact_pairs(corpus: Corpus) -> list[tuple[int, int]]:
    """Pairs joining documents whose matching views are identical (each to the first of its kind)."""
    return equal_views(corpus, same_hash_pairs(corpus.hashes, corpus.has_words, np.arange(len(corpus.hashes))))


def equal_views(corpus: Corpus, pairs: np.ndarray) -> list[tuple[int, int]]:
    """The pairs of rows whose matching views are identical (same-hash candidates, a hash being able to collide)."""
    return [(i, j) for i, j in pairs.tolist() if corpus.views[i] == corpus.views[j]]


def same_hash_pairs(hashes: np.ndarray, has_words: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``(first, other)`` id pairs of documents with equal content hashes: each to the lowest id of its hash.

    The candidates for exact copies; their views must still be compared
    (a hash may collide).  Documents without words are left out.
    """
    order = np.lexsort((ids, hashes))
    h, d = hashes[order], ids[order]
    keep = has_words[order]
    h, d = h[keep], d[keep]
    if len(h) < 2:
        return np.empty((0, 2), dtype=np.int64)
    new = np.ones(len(h), dtype=bool)
    new[1:] = h[1:] != h[:-1]
    first = d[np.maximum.accumulate(np.where(new, np.arange(len(h)), 0))]
    other = ~new
    return np.stack((first[other], d[other]), axis=1).astype(np.int64)


def partial_edge(shared: list, length_i: int, length_j: int) -> Edge:
    """The partial-copy relation of two documents from their shared passages: score = the shared share of the shorter."""
    words = sum(n for _, _, n in shared)
    smaller = min(length_i, length_j) or 1
    return Edge("partial", min(100.0, 100 * words / smaller), tuple((a, b) for a, b, _ in shared))


def verify(corpus: Corpus, pairs: np.ndarray, threshold: float) -> Iterator[tuple[int, int, str, float]]:
    """The candidate pairs that are duplicates: ``(i, j, near|spun, score 0-100)``.

    The signature estimates are computed for all pairs at once; only pairs
    whose estimate reaches the threshold have their views read and compared.
    """
    if not len(pairs):
        return
    i, j = pairs[:, 0], pairs[:, 1]
    words = np.where(corpus.has_words[i] & corpus.has_words[j], agreement(corpus.words, pairs, SIGNATURE_BITS), 0.0)
    spun = np.where(corpus.has_skeleton[i] & corpus.has_skeleton[j], agreement(corpus.skeleton, pairs, SIGNATURE_BITS), 0.0)
    for k in np.flatnonzero(np.maximum(words, spun) >= threshold).tolist():
        a, b = int(i[k]), int(j[k])
        if fuzz.ratio(corpus.views[a], corpus.views[b]) < MIN_TEXT_RATIO:
            continue
        yield (a, b, "near", 100 * float(words[k])) if words[k] >= threshold else (a, b, "spun", 100 * float(spun[k]))


def relation(corpus: Corpus, i: int, j: int, threshold: float) -> tuple[str, float] | None:
    """How documents ``i`` and ``j`` relate: ``(exact|near|spun, score 0-100)``, or None when they are not duplicates."""
    if corpus.hashes[i] == corpus.hashes[j] and corpus.views[i] == corpus.views[j]:
        return ("exact", 100.0) if corpus.has_words[i] else None
    found = next(verify(corpus, np.array([[i, j]], dtype=np.int64), threshold), None)
    return found[2:] if found else None


def _clusters(refs: list[Ref], corpus: Corpus, threshold: float, edges: dict[tuple[int, int], Edge]) -> list[Cluster]:
    around = neighbours(edges)
    return [cluster(group, refs, corpus, threshold, edges, around) for group in components(len(refs), edges)]


def neighbours(edges: dict[tuple[int, int], Edge]) -> dict[int, list[tuple[int, Edge]]]:
    """Each document's verified pairs ``[(partner, edge), ...]``, in order of the pairs (so ties break the same way however the edges were found)."""
    around: dict[int, list[tuple[int, Edge]]] = defaultdict(list)
    for i, j in sorted(edges):
        around[i].append((j, edges[i, j]))
        around[j].append((i, edges[i, j]))
    return around


def cluster(group: list[int], refs: list, corpus: Corpus, threshold: float, edges: dict, around: dict) -> Cluster:
    """A cluster with its representative: the earliest dated member, else the longest, else the first.

    The representative is chosen among the members joined by a whole-text
    relation (exact, near, spun) when there are any: a host article that
    quotes two paragraphs is longer than the copies, but not one of them.

    A member's relation is its verified relation to the representative, else
    the partial copy they share passages through, else (a member joined
    only through others) its strongest verified pair in the cluster.
    """
    # A document that only shares passages (a host quoting two paragraphs) does not represent the copies.
    core = [i for i in group if any(e.kind != "partial" for _, e in around[i])] or group
    dated = [i for i in core if refs[i].date]
    if dated:
        rep = min(dated, key=lambda i: (refs[i].date, i))
    else:
        rep = max(core, key=lambda i: (int(corpus.lengths[i]), -i))
    members = []
    for i in group:
        if i == rep:
            continue
        direct = relation(corpus, i, rep, threshold)
        edge = Edge(*direct) if direct else edges.get((min(i, rep), max(i, rep)))
        if edge is None:
            edge = max((e for _, e in around[i]), key=lambda e: e.score)
        passages = edge.passages if rep < i else tuple((b, a) for a, b in edge.passages)
        members.append(Member(refs[i].id, refs[i].path, edge.kind, edge.score, passages))
    return Cluster(refs[rep].id, refs[rep].path, tuple(members))
