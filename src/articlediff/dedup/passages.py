"""Passage-level reuse: runs of text one document shares with another, for partial copies.

An article that copies a few sentences of another is far from it as a
whole (its word-shingle Jaccard is the copied share, diluted by everything
else), so whole-document signatures miss it.  Each passage window (a run
of sentences of at least ``MIN_PASSAGE_WORDS`` words, wherever the
paragraph breaks are: :mod:`.fingerprint`) has a MinHash signature of its
skeleton's shingles; LSH over all windows proposes window pairs of
different documents, and a pair whose Jaccard estimate reaches the
threshold and whose texts agree (``fuzz.ratio``) is shared text, unless
the window is found in documents of ``MAX_PASSAGE_GROUPS`` or more
unrelated groups (a site's header or footer).  Each matched pair is told
apart by its words (:func:`window_kind`: verbatim, edited or spun), and
the matched windows of two documents are merged into runs
(:func:`shared_runs`): spans on both sides, their words and their kind.

Furniture is common, and each copy of it would pair with every other: a
footer in 10,000 articles is 50 million pairs.  So an LSH bucket whose
windows come from ``FURNITURE_BUCKET_GROUPS`` or more unrelated groups is
taken as furniture as it stands, without pairing its members: a bucket
means four equal MinHash values, which unrelated windows almost never
share, so such a bucket nearly always holds a window verified in three
groups or more.  The cost of the stage then grows with the copies, not
with the square of the furniture.

Window signatures are kept as their low 8 bits (b-bit MinHash, 128
bytes a window): the Jaccard estimate corrects for the 1/256 chance
agreement (:func:`.candidates.agreement`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz

from ..engines.tables import distinct
from .candidates import MAX_BUCKET, agreement, pair_codes
from .fingerprint import MIN_PASSAGE_WORDS
from .minhash import set_jaccard, shingle_set
from .model import REUSE_KINDS, Shared

__all__ = ["FURNITURE_BUCKET_GROUPS", "MAX_PASSAGE_GROUPS", "MIN_PASSAGE_WORDS"]

#: A paragraph found in this many unrelated documents (groups of whole-text duplicates) is a site's
#: furniture (a header, a footer, a donation appeal), not a copied passage: it is no evidence that
#: two articles share content.
MAX_PASSAGE_GROUPS = 3
#: An LSH bucket holding paragraphs of this many unrelated groups is furniture without pairwise checks.
FURNITURE_BUCKET_GROUPS = 8
#: Bits of each MinHash value kept per window.
PASSAGE_BITS = 8
#: Two windows whose word shingles (not only their skeletons') are this similar (Jaccard) are an edited copy
#: of one another; below it, the words were swapped: spun.  The whole-document threshold's default.
EDITED_JACCARD = 0.5


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
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate window pairs (rows of ``doc``, ``furniture``, ``sigs``) that are shared text, and each one's kind.

    A pair matches when its windows are of two documents, neither is
    furniture, their signatures' estimate reaches ``threshold`` and their
    texts (``text(row)``, matching views) agree (``fuzz.ratio`` at least
    ``min_ratio``).  Returns the (k, 2) matched rows and (k,) kind codes
    (indices into :data:`.model.REUSE_KINDS`, :func:`window_kind`).
    """
    pairs = pairs[(doc[pairs[:, 0]] != doc[pairs[:, 1]]) & ~furniture[pairs[:, 0]] & ~furniture[pairs[:, 1]]]
    pairs = pairs[agreement(sigs, pairs, PASSAGE_BITS) >= threshold]
    keep, kinds = [], []
    for x, y in pairs.tolist():
        a, b = text(x), text(y)
        ok = fuzz.ratio(a, b) >= min_ratio
        keep.append(ok)
        if ok:
            kinds.append(REUSE_KINDS.index(window_kind(a, b)))
    matched = pairs[np.array(keep, dtype=bool)] if len(pairs) else pairs
    return matched, np.array(kinds, dtype=np.int8)


def window_kind(a: str, b: str) -> str:
    """How two matched windows (matching views) differ: ``verbatim`` (the same words), ``edited`` or ``spun``.

    Both share their skeleton (that is how they were matched); when their
    word shingles are still ``EDITED_JACCARD`` alike, a few words were
    changed (edited), else the words between the skeleton's were swapped
    (spun), as ``dedup`` tells ``near`` from ``spun`` for whole documents.
    """
    if a == b:
        return "verbatim"
    return "edited" if set_jaccard(shingle_set(a.split()), shingle_set(b.split())) >= EDITED_JACCARD else "spun"


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


def passage_lists(
    matched: np.ndarray, doc: np.ndarray, span: np.ndarray, keys: np.ndarray, kinds: np.ndarray
) -> dict[tuple[int, int], list]:
    """Matched window pairs grouped by document pair ``(i, j)``, ``i < j``: ``[(span i, span j, keys i, keys j, kind), ...]``.

    ``keys`` are the windows' ``[first, end)`` word numbers in their
    documents; ``kinds`` the pairs' kind codes (:func:`match_paragraphs`).
    """
    out: dict[tuple[int, int], list] = defaultdict(list)
    for (x, y), kind in zip(matched.tolist(), kinds.tolist()):
        i, j = int(doc[x]), int(doc[y])
        if i > j:
            i, j, x, y = j, i, y, x
        sx, sy, kx, ky = (tuple(a.tolist()) for a in (span[x], span[y], keys[x], keys[y]))
        out[i, j].append((sx, sy, kx, ky, kind))
    return dict(out)


def shared_runs(windows: list) -> tuple[Shared, ...]:
    """The matched windows of two documents (:func:`passage_lists`' tuples) merged into runs of shared text.

    Windows overlapping (or touching) on both sides join one run; a
    window's other matches next to its verbatim one are left out.  A run
    with verbatim windows loses the windows at its ends that are not: a
    window that runs past the end of a copied run of sentences (the copy's
    next sentence is not the source's) can still match, and would claim a
    sentence that was not copied.  A run's spans and words are the union of
    its windows on each side; it is ``verbatim`` when all its windows are,
    ``spun`` when most of them are, else ``edited``.  Runs come in the
    order of the first document.
    """
    verbatim = REUSE_KINDS.index("verbatim")
    same_a = {w[2] for w in windows if w[4] == verbatim}
    same_b = {w[3] for w in windows if w[4] == verbatim}
    # A window matched word for word is that match; its other matches (with a window a sentence longer or
    # shorter, inside the same run) say nothing more, and would read as edits.
    windows = [w for w in windows if w[4] == verbatim or (w[2] not in same_a and w[3] not in same_b)]
    groups: list[list] = []  # the windows of each run, in order
    ends: list[tuple[int, int]] = []  # each run's end word on each side
    for w in sorted(windows, key=lambda w: (w[2], w[3])):
        _, _, ka, kb, _ = w
        if groups and ka[0] <= ends[-1][0] and kb[0] <= ends[-1][1] and kb[1] >= groups[-1][0][3][0]:
            groups[-1].append(w)
            ends[-1] = (max(ends[-1][0], ka[1]), max(ends[-1][1], kb[1]))
        else:
            groups.append([w])
            ends.append((ka[1], kb[1]))
    out = []
    for group in groups:
        if any(w[4] == verbatim for w in group):
            keep = [k for k, w in enumerate(group) if w[4] == verbatim]
            group = group[keep[0] : keep[-1] + 1]
        names = [REUSE_KINDS[w[4]] for w in group]
        if all(n == "verbatim" for n in names):
            kind = "verbatim"
        elif 2 * names.count("spun") > len(names):
            kind = "spun"
        else:
            kind = "edited"
        sa = (min(w[0][0] for w in group), max(w[0][1] for w in group))
        sb = (min(w[1][0] for w in group), max(w[1][1] for w in group))
        ka = (min(w[2][0] for w in group), max(w[2][1] for w in group))
        kb = (min(w[3][0] for w in group), max(w[3][1] for w in group))
        out.append(Shared(sa, sb, ka[1] - ka[0], kb[1] - kb[0], kind))
    return tuple(out)


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
