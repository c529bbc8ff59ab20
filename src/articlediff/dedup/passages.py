"""Passage-level reuse: paragraphs one document shares with another, for partial copies.

An article that copies a few paragraphs of another is far from it as a
whole (its word-shingle Jaccard is the copied share, diluted by everything
else), so whole-document signatures miss it.  Each paragraph of at least
``MIN_PASSAGE_WORDS`` words has a MinHash signature of its own (computed
with its document's, :mod:`.fingerprint`); LSH over all paragraphs
proposes paragraph pairs of different documents, and a pair whose Jaccard
estimate reaches the threshold and whose texts agree (``fuzz.ratio``) is a
shared passage, unless the paragraph is found in documents of
``MAX_PASSAGE_GROUPS`` or more unrelated groups (a site's header or
footer).  Offsets point into each document's text, so a report can show
the passages.

Furniture is common, and each copy of it would pair with every other: a
footer in 10,000 articles is 50 million pairs.  So an LSH bucket whose
paragraphs come from ``FURNITURE_BUCKET_GROUPS`` or more unrelated groups is
taken as furniture as it stands, without pairing its members: a bucket
means four equal MinHash values, which unrelated paragraphs almost never
share, so such a bucket nearly always holds a paragraph verified in three
groups or more.  The cost of the stage then grows with the copies, not
with the square of the furniture.

Paragraph signatures are kept as their low 8 bits (b-bit MinHash, 128
bytes a paragraph): the Jaccard estimate corrects for the 1/256 chance
agreement (:func:`.lsh.agreement`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz

from ..engines.tables import distinct
from .candidates import MAX_BUCKET, agreement, pair_codes
from .fingerprint import MIN_PASSAGE_WORDS

__all__ = ["FURNITURE_BUCKET_GROUPS", "MAX_PASSAGE_GROUPS", "MIN_PASSAGE_WORDS"]

#: A paragraph found in this many unrelated documents (groups of whole-text duplicates) is a site's
#: furniture (a header, a footer, a donation appeal), not a copied passage: it is no evidence that
#: two articles share content.
MAX_PASSAGE_GROUPS = 3
#: An LSH bucket holding paragraphs of this many unrelated groups is furniture without pairwise checks.
FURNITURE_BUCKET_GROUPS = 8
#: Bits of each MinHash value kept per paragraph.
PASSAGE_BITS = 8


def bucket_step(
    rows: np.ndarray, groups: np.ndarray, starts: np.ndarray, ends: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """One band's buckets ``rows[starts[k]:ends[k]]`` of paragraphs (``groups`` aligned with ``rows``).

    Returns the paragraphs of crowded buckets (furniture: ``FURNITURE_BUCKET_GROUPS``
    unrelated groups or more) and the pair codes (``x * m + y``) of the others.
    """
    spread = _distinct_per_run(groups, starts, ends)
    crowded = spread >= FURNITURE_BUCKET_GROUPS
    furniture = rows[_ranges(starts[crowded], ends[crowded])] if crowded.any() else np.empty(0, dtype=np.int64)
    return furniture, pair_codes(rows, starts[~crowded], ends[~crowded], m, MAX_BUCKET)


def match_paragraphs(
    pairs: np.ndarray,
    doc: np.ndarray,
    furniture: np.ndarray,
    sigs: np.ndarray,
    text: Callable[[int], str],
    threshold: float,
    min_ratio: float,
) -> np.ndarray:
    """The candidate paragraph pairs (rows of ``doc``, ``furniture``, ``sigs``) that are the same passage, as (k, 2) rows.

    A pair matches when its paragraphs are of two documents, neither is
    furniture, their signatures' estimate reaches ``threshold`` and their
    texts (``text(row)``) agree (``fuzz.ratio`` at least ``min_ratio``).
    """
    pairs = pairs[(doc[pairs[:, 0]] != doc[pairs[:, 1]]) & ~furniture[pairs[:, 0]] & ~furniture[pairs[:, 1]]]
    pairs = pairs[agreement(sigs, pairs, PASSAGE_BITS) >= threshold]
    keep = [fuzz.ratio(text(x), text(y)) >= min_ratio for x, y in pairs.tolist()]
    return pairs[np.array(keep, dtype=bool)] if len(pairs) else pairs


def end_groups(x: np.ndarray, y: np.ndarray, group_x: np.ndarray, group_y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For matched paragraph pairs ``(x, y)``: each end with each of its pair's two groups, as ``(paragraphs, groups)``.

    The records :func:`crowded_paragraphs` counts: a paragraph is seen in
    the groups of both documents of every pair it is matched in.
    """
    return np.concatenate((x, x, y, y)), np.concatenate((group_x, group_y, group_x, group_y))


def crowded_paragraphs(paragraphs: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The paragraphs found in documents of ``MAX_PASSAGE_GROUPS`` groups or more.

    ``paragraphs[k]`` was matched with a paragraph of a document of group
    ``groups[k]`` (:func:`end_groups`).
    """
    if not len(paragraphs):
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((groups, paragraphs))
    p, g = paragraphs[order], groups[order]
    new = np.ones(len(p), dtype=bool)
    new[1:] = (p[1:] != p[:-1]) | (g[1:] != g[:-1])
    distinct, counts = np.unique(p[new], return_counts=True)
    return distinct[counts >= MAX_PASSAGE_GROUPS]


def passage_lists(matched: np.ndarray, doc: np.ndarray, span: np.ndarray, words: np.ndarray) -> dict[tuple[int, int], list]:
    """Matched paragraph pairs grouped by document pair ``(i, j)``, ``i < j``: ``[(span in i, span in j, words), ...]``.

    Within a document pair the passages are in the order of their paragraphs.
    """
    out: dict[tuple[int, int], list] = defaultdict(list)
    for x, y in sorted(matched.tolist()):
        i, j = int(doc[x]), int(doc[y])
        if i > j:
            i, j, x, y = j, i, y, x
        out[i, j].append((tuple(span[x].tolist()), tuple(span[y].tolist()), int(min(words[x], words[y]))))
    return dict(out)


def _distinct_per_run(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many distinct ``values`` each run ``values[starts[k]:ends[k]]`` holds (vectorised)."""
    if not len(starts):
        return np.empty(0, dtype=np.int64)
    run = np.repeat(np.arange(len(starts), dtype=np.int64), ends - starts)
    v = values[_ranges(starts, ends)].astype(np.int64)  # group labels: document numbers, 0 or more
    width = int(v.max()) + 1
    pairs = distinct(run * width + v)  # each (run, value) once: one sort of one column
    return np.bincount(pairs // width, minlength=len(starts))


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of ``arange(starts[k], ends[k])`` for all k, vectorised."""
    lengths = ends - starts
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(lengths.sum()) + offsets
