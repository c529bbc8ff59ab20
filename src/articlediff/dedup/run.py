"""``dedup``: the near-duplicate clusters of a set of documents.

The stages, each a function of its own module so that another engine can
run them elsewhere:

1. read the documents (:mod:`.inputs`: folders, JSONL, standard input; bad
   ones are skipped with a reason);
2. fingerprint each one on its matching view: word shingles and a MinHash
   signature (:mod:`.minhash`), and a hash of its whole matching view, so
   exact copies (up to typography and case) are found whatever LSH does;
3. candidate pairs from LSH bands (:mod:`.lsh`);
4. verify every candidate: the Jaccard estimate of the signatures must
   reach the threshold and the texts' own similarity (RapidFuzz's
   ``fuzz.ratio`` over the matching views) must agree, so a band collision
   alone never reports a pair;
5. clusters: connected components of the verified pairs (:mod:`.clusters`),
   each with a representative (the earliest dated member, else the longest)
   and each other member's relation to it (``exact`` or ``near``) with a
   score.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import xxhash
from rapidfuzz import fuzz

from .clusters import components
from .inputs import Document, Skipped, iter_documents
from .lsh import candidate_pairs
from .minhash import estimate, shingles, signatures, word_keys
from .model import Cluster, DedupResult, Member

#: Default similarity (Jaccard estimate of word 5-gram sets, 0-1) at which two documents are near-duplicates.
DEFAULT_THRESHOLD = 0.5
#: The texts' own similarity (``fuzz.ratio`` of the matching views, 0-100) a candidate must also reach.
MIN_TEXT_RATIO = 50.0
#: Documents fingerprinted per batch (signatures are computed a batch at a time).
BATCH = 1000
_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)

Progress = Callable[[int], None]


def document_date(doc: Document) -> str | None:
    """The document's date: a ``date`` field of its JSONL object, else a leading ``date YYYY-MM-DD`` line."""
    value = doc.meta.get("date")
    if isinstance(value, str) and value.strip():
        return value.strip()
    m = _DATE_LINE.match(doc.text)
    return m.group(1) if m else None


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
    batch: list[Document] = []

    def flush() -> None:
        views = [word_keys(d.text) for d in batch]
        sigs.append(signatures([shingles(v) for v in views]))
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
    matrix = np.vstack(sigs) if sigs else np.zeros((0, 1), dtype=np.uint32)
    pairs = _exact_pairs(keys)
    candidates = 0
    for i, j in candidate_pairs(matrix):
        candidates += 1
        if keys[i] != keys[j] and _verified(matrix[i], matrix[j], keys[i], keys[j], threshold):
            pairs.append((i, j))
    clusters = [_cluster(group, docs, keys, matrix) for group in components(len(docs), pairs)]
    return DedupResult(clusters, skipped, len(docs), candidates, len(pairs), threshold)


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


def _verified(sig_a, sig_b, key_a: str, key_b: str, threshold: float) -> bool:
    return estimate(sig_a, sig_b) >= threshold and fuzz.ratio(key_a, key_b) >= MIN_TEXT_RATIO


def _cluster(group: list[int], docs: list[Document], keys: list[str], matrix: np.ndarray) -> Cluster:
    """A cluster with its representative: the earliest dated member, else the longest, else the first."""
    dates = {i: document_date(docs[i]) for i in group}
    dated = [i for i in group if dates[i]]
    if dated:
        rep = min(dated, key=lambda i: (dates[i], i))
    else:
        rep = max(group, key=lambda i: (len(keys[i].split()), -i))
    members = []
    for i in group:
        if i == rep:
            continue
        if keys[i] == keys[rep]:
            members.append(Member(docs[i].id, docs[i].path, "exact", 100.0))
        else:
            members.append(Member(docs[i].id, docs[i].path, "near", 100 * estimate(matrix[i], matrix[rep])))
    return Cluster(docs[rep].id, docs[rep].path, tuple(members))
