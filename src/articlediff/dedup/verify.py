"""Stage: verify candidate pairs, so that a band collision alone never reports a pair.

A candidate pair (:mod:`.candidates`) is ``near`` when the Jaccard estimate
of the word signatures reaches the threshold, ``spun`` when only the
skeleton's does (the words a synonym spinner leaves alone) and the words'
estimate is well below it (``SPUN_MAX_WORD_SHARE``), and in both
cases the texts' own similarity (RapidFuzz's ``fuzz.ratio`` over the
matching views) must reach ``MIN_TEXT_RATIO``.  Documents whose matching
views are identical are ``exact`` copies; documents that share passages
only are ``partial`` copies (:func:`partial_edge`, from :mod:`.passages`).

The functions work on a :class:`Corpus`: the columns verification needs of
the documents at hand (a partition's own and those it fetched), wherever
they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from .candidates import agreement

#: The texts' own similarity (``fuzz.ratio`` of the matching views, 0-100) a candidate must also reach.
MIN_TEXT_RATIO = 50.0
#: A pair is ``spun`` only when its words' estimate is below this share of its skeleton's.  Spinning swaps words
#: between the skeleton's, so it breaks word shingles and leaves skeleton shingles: on the labelled corpus the
#: words' estimate of a spun copy is at most 0.53 of its skeleton's.  A cut, an edit or a partial copy removes
#: both alike (0.70 and over there): it is no spun copy, and is found by its shared runs instead.
SPUN_MAX_WORD_SHARE = 0.6
#: Bits of each MinHash value kept per document signature (b-bit MinHash: half the memory of 32 bits,
#: and unrelated values agree by chance once in 65,536).
SIGNATURE_BITS = 16


@dataclass(frozen=True)
class Edge:
    """A verified pair: its relation, score (0-100) and, for a partial copy, the runs it shares (:class:`.model.Shared`)."""

    kind: str
    score: float
    passages: tuple = ()


@dataclass
class Corpus:
    """What verification needs of each document: its matching view (on disk), length and two signatures."""

    views: Sequence[str]
    hashes: np.ndarray  # content hashes of the views
    lengths: np.ndarray  # words
    words: np.ndarray  # low 16 bits of the MinHash of all-word shingles, one row per document
    skeleton: np.ndarray  # the same for the skeleton's shingles
    has_words: np.ndarray  # a word signature exists (the document has words)
    has_skeleton: np.ndarray  # a skeleton signature exists


def equal_views(corpus: Corpus, pairs: np.ndarray) -> list[tuple[int, int]]:
    """The pairs of rows whose matching views are identical (same-hash candidates, a hash being able to collide)."""
    return [(i, j) for i, j in pairs.tolist() if corpus.views[i] == corpus.views[j]]


def partial_edge(shared: tuple, length_i: int, length_j: int) -> Edge:
    """The partial-copy relation of two documents from the runs they share (:func:`.passages.shared_runs`).

    The score is the share (0-100) of the shorter document's words that lie in the runs.
    """
    if length_i <= length_j:
        words, smaller = sum(s.words_a for s in shared), length_i
    else:
        words, smaller = sum(s.words_b for s in shared), length_j
    return Edge("partial", min(100.0, 100 * words / (smaller or 1)), tuple(shared))


def verify(corpus: Corpus, pairs: np.ndarray, threshold: float) -> Iterator[tuple[int, int, str, float]]:
    """The candidate pairs that are duplicates: ``(i, j, near|spun|partial, score 0-100)``.

    ``partial``: only the skeletons' estimate reaches the threshold, and the
    words' is not far below it (a long cut or partial copy, not a spun one);
    the passages stage gives such a pair its shared runs.

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
        if words[k] >= threshold:
            yield a, b, "near", 100 * float(words[k])
        elif words[k] < SPUN_MAX_WORD_SHARE * spun[k]:
            yield a, b, "spun", 100 * float(spun[k])
        else:  # words and skeleton lost alike: a cut or a partial copy, whose runs the passages stage finds
            yield a, b, "partial", 100 * float(words[k])


def relation(corpus: Corpus, i: int, j: int, threshold: float) -> tuple[str, float] | None:
    """How documents ``i`` and ``j`` relate: ``(exact|near|spun|partial, score 0-100)``, or None when they are not duplicates."""
    if corpus.hashes[i] == corpus.hashes[j] and corpus.views[i] == corpus.views[j]:
        return ("exact", 100.0) if corpus.has_words[i] else None
    found = next(verify(corpus, np.array([[i, j]], dtype=np.int64), threshold), None)
    return found[2:] if found else None
