"""Stage: verify candidate pairs, so that a band collision alone never reports a pair.

A candidate pair (:mod:`.candidates`) is ``near`` when the Jaccard estimate
of the word signatures reaches the threshold, ``spun`` when only the
skeleton's does (the words a synonym spinner leaves alone) and the words'
estimate is well below it (``SPUN_MAX_WORD_SHARE``), and in both
cases the texts' own similarity (RapidFuzz's ``fuzz.ratio`` over the
matching views) must reach ``MIN_TEXT_RATIO``.  Documents whose matching
views are identical are ``exact`` copies; documents that share passages
only are ``partial`` copies (:func:`partial_edge`, from :mod:`.passages`).
A pair that is none of these is a ``rewrite`` when the exact Jaccard of its
telling-word sets (:mod:`.telling`) reaches ``REWRITE_THRESHOLD``: the same
story told in other words.

The functions work on a :class:`Corpus`: the columns verification needs of
the documents at hand (a partition's own and those it fetched), wherever
they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .candidates import agreement
from .minhash import skeleton
from .telling import REWRITE_THRESHOLD, telling_jaccard, telling_word, telling_words

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
#: A pair of the same story (its telling words) is a copy in place (``spun``, ``partial``) only when this share of
#: its anchors stays in order (:func:`anchor_order`); below it, the text was retold: a ``rewrite``.  On 150 real
#: news stories, spun copies (rates 0.15-0.5) keep 0.977 or more (1st percentile), cuts 1.0, and scripted
#: rewrites (sentences reordered, merged and split, attributions moved, synonyms swapped) a median of 0.65;
#: the heavy test spinner of tests/corpus.py (60% of words, phrases for words) keeps 0.935 or more, and a
#: host quoting a source's paragraphs 0.978 or more (bench/experiments/rewrite_view.py).
SPUN_MIN_ORDER = 0.9
#: ... and this share of its skeleton (:func:`skeleton_order`): spun copies of real news keep 0.969 or more (1st
#: percentile; those of the labelled corpus 0.962), scripted rewrites a median of 0.64 (0.82 at the 90th percentile).
#: The test corpus's crude spinner (tests/corpus.py), which also swaps function words ("as" → "every bit"), keeps
#: 0.87-0.94: no real spinner does that (bench/spinner.py protects them, as content farms' do).
SPUN_MIN_SKELETON = 0.9
#: Anchors :func:`anchor_order` needs to tell an order by.
MIN_ANCHORS = 4
#: A candidate's telling views are compared when the signatures' estimate reaches this (the threshold less
#: about two standard deviations of a 128-value estimate, so a pair at the threshold is rarely lost).
REWRITE_ESTIMATE = REWRITE_THRESHOLD - 0.08


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
    telling: np.ndarray | None = None  # the same for the set of telling words (None: rewrites not looked for)
    has_telling: np.ndarray | None = None  # enough telling words for the rewrite relation


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


#: A ``rewrite`` pair whose runs copied word for word (verbatim or edited) hold this share (0-100) of the shorter
#: document is a ``partial`` copy: that text was copied, not retold (on the labelled corpus, hosts holding 50-60%
#: of a source share enough telling words with it to pass for a rewrite).
REWRITE_MAX_COPIED = 30.0


def rewrite_or_partial(rewrite: Edge, shared: tuple, length_i: int, length_j: int) -> Edge:
    """A ``rewrite`` pair's edge once its shared runs are known (:func:`.passages.shared_runs`).

    A rewrite may keep a sentence or two; its runs are its evidence.  When
    the runs copied word for word hold ``REWRITE_MAX_COPIED`` of the
    shorter document, the pair is a partial copy with those runs.
    """
    partial = partial_edge(shared, length_i, length_j)
    copied = tuple(s for s in shared if s.kind == "verbatim")
    if copied and partial_edge(copied, length_i, length_j).score >= REWRITE_MAX_COPIED:
        return partial
    return Edge("rewrite", rewrite.score, partial.passages)


def verify(corpus: Corpus, pairs: np.ndarray, threshold: float) -> Iterator[tuple[int, int, str, float]]:
    """The candidate pairs that are duplicates: ``(i, j, near|spun|partial|rewrite, score 0-100)``.

    ``partial``: only the skeletons' estimate reaches the threshold, and the
    words' is not far below it (a long cut or partial copy, not a spun one);
    the passages stage gives such a pair its shared runs.  ``rewrite``: the
    telling words' Jaccard reaches ``REWRITE_THRESHOLD`` (its score), and the
    pair is not near, nor a spun copy or a cut with its words in place (:func:`in_place`)
    (``SPUN_MIN_ORDER``); the passages stage adds the runs it kept.

    The signature estimates are computed for all pairs at once; only pairs
    whose estimate reaches the threshold have their views read and compared.
    """
    if not len(pairs):
        return
    i, j = pairs[:, 0], pairs[:, 1]
    words = np.where(corpus.has_words[i] & corpus.has_words[j], agreement(corpus.words, pairs, SIGNATURE_BITS), 0.0)
    spun = np.where(corpus.has_skeleton[i] & corpus.has_skeleton[j], agreement(corpus.skeleton, pairs, SIGNATURE_BITS), 0.0)
    told = np.zeros(len(pairs))
    if corpus.telling is not None and corpus.has_telling is not None:
        both = corpus.has_telling[i] & corpus.has_telling[j]
        told = np.where(both, agreement(corpus.telling, pairs, SIGNATURE_BITS), 0.0)
    for k in np.flatnonzero((np.maximum(words, spun) >= threshold) | (told >= REWRITE_ESTIMATE)).tolist():
        a, b = int(i[k]), int(j[k])
        view_a, view_b = corpus.views[a], corpus.views[b]
        kind = None
        if max(words[k], spun[k]) >= threshold and fuzz.ratio(view_a, view_b) >= MIN_TEXT_RATIO:
            if words[k] >= threshold:
                yield a, b, "near", 100 * float(words[k])
                continue
            # spun when words went and the skeleton stayed; else words and skeleton went alike: a cut or a partial
            kind = "spun" if words[k] < SPUN_MAX_WORD_SHARE * spun[k] else "partial"
        retold = rewrite_similarity(view_a, view_b) if told[k] >= REWRITE_ESTIMATE else 0.0
        if retold >= REWRITE_THRESHOLD:
            if not in_place(view_a, view_b):
                yield a, b, "rewrite", 100 * retold
                continue
            if kind is None:  # one story, its words in place, too short or too changed for the threshold: a copy
                kind = "spun" if words[k] < SPUN_MAX_WORD_SHARE * spun[k] else "partial"
        if kind == "spun":
            yield a, b, "spun", 100 * float(spun[k])
        elif kind == "partial":  # its runs are found by the passages stage
            yield a, b, "partial", 100 * float(words[k])


def in_place(view_a: str, view_b: str) -> bool:
    """Whether one text holds the other's words where they stood: a copy (spun, edited, cut), not a retelling.

    Both must hold: the anchors (names, numbers, rare words both keep)
    in order (:func:`anchor_order`, ``SPUN_MIN_ORDER``), and the skeleton
    (the function words a spinner leaves alone) in order
    (:func:`skeleton_order`, ``SPUN_MIN_SKELETON``).  A rewrite that keeps
    its sentences in place still rewords their phrases ("because of" →
    "due to", a clause made passive), which moves the skeleton.
    """
    return anchor_order(view_a, view_b) >= SPUN_MIN_ORDER and skeleton_order(view_a, view_b) >= SPUN_MIN_SKELETON


def skeleton_order(view_a: str, view_b: str) -> float:
    """How much of the shorter skeleton (:func:`.minhash.skeleton`) the other holds in the same order (0-1).

    A text without a skeleton has nothing to tell an order by: 1.
    """
    a, b = skeleton(view_a.split()), skeleton(view_b.split())
    if not a or not b:
        return 1.0
    common = (len(a) + len(b) - Indel.distance(a, b)) / 2
    return common / min(len(a), len(b))


def anchor_order(view_a: str, view_b: str) -> float:
    """How much of what two views share stays in the same order (0-1), read off their *anchors*.

    An anchor is a telling word (:mod:`.telling`: a name, a number, a rare
    word) found exactly once in each view.  A spinner swaps words where they
    stand, an edit or a cut keeps the rest in place: the anchors both keep
    come in the same order (a spun word is no anchor, being in one view
    only).  A rewrite reorders, merges and splits sentences and moves
    attributions, so its anchors come in another order.  The measure is the
    longest common subsequence of the two anchor sequences over the anchors;
    with fewer than ``MIN_ANCHORS`` there is nothing to tell by, and it is 1.
    """
    a, b = view_a.split(), view_b.split()
    count_a, count_b = Counter(a), Counter(b)
    anchors = {w for w, n in count_a.items() if n == 1 and count_b.get(w) == 1 and telling_word(w)}
    if len(anchors) < MIN_ANCHORS:
        return 1.0
    seq_a, seq_b = [w for w in a if w in anchors], [w for w in b if w in anchors]
    common = (len(seq_a) + len(seq_b) - Indel.distance(seq_a, seq_b)) / 2
    return common / len(anchors)


def rewrite_similarity(view_a: str, view_b: str) -> float:
    """The exact Jaccard similarity (0-1) of two matching views' telling-word sets (:mod:`.telling`)."""
    return telling_jaccard(telling_words(view_a.split()), telling_words(view_b.split()))


def relation(corpus: Corpus, i: int, j: int, threshold: float) -> tuple[str, float] | None:
    """How documents ``i`` and ``j`` relate: ``(exact|near|spun|partial|rewrite, score 0-100)``, or None when unrelated."""
    if corpus.hashes[i] == corpus.hashes[j] and corpus.views[i] == corpus.views[j]:
        return ("exact", 100.0) if corpus.has_words[i] else None
    found = next(verify(corpus, np.array([[i, j]], dtype=np.int64), threshold), None)
    return found[2:] if found else None
