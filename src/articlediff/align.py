"""The fuzzy matcher: pair the sentences of two articles.

Steps, each a function below:

1. :func:`~articlediff.candidates.candidate_pairs` proposes pairs from an
   inverted index (never all pairs), and the scorer rates each.
2. :func:`assign` chooses a one-to-one pairing *globally*: a maximum-weight
   assignment (SciPy's ``linear_sum_assignment``) over each connected group
   of candidate pairs, where a pair weighs its margin above the threshold
   and earns an order bonus for each
   neighbouring pair (``i±1, j±1``) that also matches.  A first-come greedy
   pass would let an early sentence that shares a few names with a later
   one steal its partner.
3. :func:`grow` turns one-to-one pairs into one-to-many where a sentence was
   split in two or two were merged: an unpaired neighbour joins a pair when
   the joined passage scores clearly higher, and two unpaired neighbours may
   together match a sentence neither matches alone.
4. :func:`mark_order` finds the heaviest chain of pairs in reading order on
   both sides (a weighted longest increasing subsequence); pairs off the
   chain are *moved*.

Ties are broken by a fixed, content-based rule that does not depend on
which article is ``a``, so aligning B with A mirrors aligning A with B.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .candidates import WordIndex, candidate_pairs
from .defaults import DEFAULT_THRESHOLD  # the score (0-100) a pair must reach; chosen on labelled pairs (docs/benchmarks.md)
from .models import Sentence
from .score import Scorer, View, Vocabulary, passage_score, passage_scores

#: Added to a pair's weight for each neighbouring pair that also matches.
ORDER_BONUS = 4.0
#: How much a one-to-many merge must raise the score to be kept.
MIN_GAIN = 2.0
#: Most sentences one side of a pair may span.
MAX_PIECES = 4
#: Sentences shorter than this (in words) pair only with an identical sentence: a fuzzy
#: score over two or three words ("Read more" / "Read Denmark") is noise.
MIN_FUZZY_WORDS = 4
#: Largest group solved exactly; bigger ones (pathological repetition) fall back to greedy.
MAX_EXACT_GROUP = 1500


@dataclass(frozen=True, slots=True)
class Match:
    """Sentences ``a`` of one article paired with sentences ``b`` of the other."""

    a: range
    b: range
    score: float
    in_order: bool = True


def align(
    a: Sequence[View],
    b: Sequence[View],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: Scorer = passage_score,
    index: tuple[WordIndex, WordIndex] | None = None,
) -> list[Match]:
    """Pair the sentence views ``a`` with ``b``; return matches sorted by position in ``a``.

    ``index`` is the two sides' word indexes for the candidates, when the caller keeps them
    (:class:`.candidates.WordIndex`).
    """
    if not a or not b:
        return []
    scores = _scores(a, b, list(candidate_pairs(a, b, index=index)), scorer)
    tie = _TieBreak(a, b)
    chosen = assign(scores, threshold, tie)
    matches = [Match(range(i, i + 1), range(j, j + 1), scores[i, j]) for i, j in chosen]
    matches = grow(matches, a, b, scores, threshold=threshold, scorer=scorer, tie=tie)
    return mark_order(matches, tie)


def align_sentences(
    a: Sequence[Sentence] | LocalViews,
    b: Sequence[Sentence] | LocalViews,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: Scorer = passage_score,
) -> list[Match]:
    """:func:`align` two articles' sentences, seen as views of their word keys over one shared vocabulary.

    Either side may come as its :class:`LocalViews` already (a prepared
    article keeps them: the timeline compares each article with many).
    """
    a, b = _local(a), _local(b)
    a_views, b_views, b_numbers = _paired(a, b)
    index = (a.index, b.index.renumbered(b_views, b_numbers))
    return align(a_views, b_views, threshold=threshold, scorer=scorer, index=index)


class LocalViews:
    """An article's sentences as views over its own vocabulary: word ids numbered by first appearance.

    Two articles' views over one vocabulary (:func:`paired_views`) are these
    for the first article, and for the second the same with its ids mapped:
    a word the first has keeps the first's id, a new one takes the next, by
    first appearance.  So an article compared with many others is read
    into views once, and every pair gets the ids one shared vocabulary,
    filled with the first article's words and then the second's, gives
    (which the candidates' tie-breaks follow).
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        vocab = Vocabulary()
        self.views = [vocab.view(s.keys) for s in sentences]
        self.words = vocab.words()  # local id -> word key
        self._index: WordIndex | None = None

    @property
    def index(self) -> WordIndex:
        """The sentences' word index over the local ids (:class:`.candidates.WordIndex`), built once."""
        if self._index is None:
            self._index = WordIndex.of(self.views)
        return self._index


def _local(side: Sequence[Sentence] | LocalViews) -> LocalViews:
    return side if isinstance(side, LocalViews) else LocalViews(side)


def paired_views(a: LocalViews, b: LocalViews) -> tuple[list[View], list[View]]:
    """The views of ``a`` and ``b`` over one vocabulary, ``a``'s words first (see :class:`LocalViews`)."""
    return _paired(a, b)[:2]


def _paired(a: LocalViews, b: LocalViews) -> tuple[list[View], list[View], list[int]]:
    """:func:`paired_views`, and the number each of ``b``'s local ids takes in the shared vocabulary."""
    known = dict(zip(a.words, range(len(a.words))))
    mapping, n = [], len(known)
    for word in b.words:
        i = known.get(word)
        if i is None:
            i, n = n, n + 1
        mapping.append(i)
    to_pair = mapping.__getitem__
    return a.views, [View(tuple(map(to_pair, v.ids)), v.text) for v in b.views], mapping


def _scores(a: Sequence[View], b: Sequence[View], pairs: list[tuple[int, int]], scorer: Scorer) -> dict:
    """The score of each candidate pair; sentences shorter than :data:`MIN_FUZZY_WORDS` words pair only
    when identical (a fuzzy score of two or three words says little)."""
    views = [(a[i], b[j]) for i, j in pairs]
    values = passage_scores(views) if scorer is passage_score else [scorer(x, y) for x, y in views]
    return {
        pair: value if min(len(x.ids), len(y.ids)) >= MIN_FUZZY_WORDS or x.text == y.text else 0.0
        for pair, (x, y), value in zip(pairs, views, values)
    }


class _TieBreak:
    """A tiny weight that orders otherwise equal pairs, the same way whichever side is ``a``.

    It prefers pairs at similar relative positions, then at similar absolute
    positions, then decides by a hash of the two positions and the two
    texts, each taken in sorted order: a function symmetric in the two
    sides, so the weights of the mirrored problem are the mirror of these,
    and generic, so that two different pairings almost never weigh the same.
    """

    def __init__(self, a: Sequence[View], b: Sequence[View]) -> None:
        self.a, self.b = a, b

    def __call__(self, i: int, j: int) -> float:
        na, nb = len(self.a), len(self.b)
        drift = abs(i / na - j / nb)
        shift = abs(i - j) / (na + nb)
        lo, hi = sorted((i, j))
        t_lo, t_hi = sorted((self.a[i].text, self.b[j].text))
        h = zlib.crc32(f"{lo},{hi}\0{t_lo}\0{t_hi}".encode()) / 2**32
        return -1e-3 * drift - 1e-5 * shift + 1e-7 * h


def assign(scores: dict[tuple[int, int], float], threshold: float, tie=None) -> list[tuple[int, int]]:
    """Choose one-to-one pairs among ``scores`` ≥ ``threshold``, maximising total weight.

    A pair weighs its margin above the threshold (plus the order bonus), not
    its raw score: with raw scores two barely-passing pairs (56 + 58) would
    outweigh one identical pair (100) and strand a sentence copied word for
    word.
    """
    strong = {p: s for p, s in scores.items() if s >= threshold}
    if not strong:
        return []
    weight = {}
    for (i, j), s in strong.items():
        support = ((i - 1, j - 1) in strong) + ((i + 1, j + 1) in strong)
        weight[i, j] = (s - threshold + 1.0) + ORDER_BONUS * support + (tie(i, j) if tie else 0.0)
    chosen = []
    for group in _groups(weight):
        chosen.extend(_solve(group, weight))
    return sorted(chosen)


def _groups(weight: dict[tuple[int, int], float]) -> list[list[tuple[int, int]]]:
    """Connected groups of pairs (sharing a sentence on either side), by union-find."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in weight:
        ra, rb = find(("a", i)), find(("b", j))
        if ra != rb:
            parent[ra] = rb
    groups: dict = defaultdict(list)
    for i, j in weight:
        groups[find(("a", i))].append((i, j))
    return list(groups.values())


def _solve(group: list[tuple[int, int]], weight) -> list[tuple[int, int]]:
    if len(group) == 1:
        return group
    rows = sorted({i for i, _ in group})
    cols = sorted({j for _, j in group})
    if len(rows) == 1 or len(cols) == 1:
        return [max(group, key=lambda p: weight[p])]
    if len(rows) > MAX_EXACT_GROUP or len(cols) > MAX_EXACT_GROUP:
        return _greedy(group, weight)
    import numpy as np  # imported here: SciPy takes 0.3 s to import, and most groups never need it
    from scipy.optimize import linear_sum_assignment

    r_index = {i: k for k, i in enumerate(rows)}
    c_index = {j: k for k, j in enumerate(cols)}
    matrix = np.zeros((len(rows), len(cols)))
    for i, j in group:
        matrix[r_index[i], c_index[j]] = weight[i, j]
    rs, cs = linear_sum_assignment(matrix, maximize=True)
    return [(rows[r], cols[c]) for r, c in zip(rs, cs) if matrix[r, c] > 0]


def _greedy(group, weight):
    used_a, used_b, out = set(), set(), []
    for i, j in sorted(group, key=lambda p: -weight[p]):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def _joined(views: Sequence[View], r: range) -> View:
    view = views[r.start]
    for k in r[1:]:
        view = view + views[k]
    return view


def grow(
    matches: list[Match],
    a: Sequence[View],
    b: Sequence[View],
    scores: dict[tuple[int, int], float],
    *,
    threshold: float,
    scorer: Scorer = passage_score,
    tie=None,
) -> list[Match]:
    """Extend pairs to one-to-many (split or merged sentences) where that scores clearly higher."""
    matches = list(matches)
    owner_a = {i: m for m, match in enumerate(matches) for i in match.a}
    owner_b = {j: m for m, match in enumerate(matches) for j in match.b}
    for _ in range(MAX_PIECES):
        proposals = _extensions(matches, a, b, owner_a, owner_b, scorer)
        proposals += _new_merged(scores, a, b, owner_a, owner_b, threshold, scorer)
        if not proposals:
            break
        proposals.sort(key=lambda p: (-p[0], sorted(((p[2].start, p[2].stop), (p[3].start, p[3].stop)))))
        touched: set[int] = set()
        for _gain, m, ra, rb, score in proposals:
            if m is not None and m in touched:
                continue
            if any(owner_a.get(i, m) != m for i in ra) or any(owner_b.get(j, m) != m for j in rb):
                continue
            if m is None:
                m = len(matches)
                matches.append(Match(ra, rb, score))
            else:
                matches[m] = Match(ra, rb, score)
            touched.add(m)
            for i in ra:
                owner_a[i] = m
            for j in rb:
                owner_b[j] = m
    return sorted(matches, key=lambda m: m.a.start)


def _extensions(matches, a, b, owner_a, owner_b, scorer):
    proposals = []
    for m, match in enumerate(matches):
        for side, views, owner in (("a", a, owner_a), ("b", b, owner_b)):
            r = match.a if side == "a" else match.b
            if len(r) >= MAX_PIECES:
                continue
            for k in (r.start - 1, r.stop):
                if 0 <= k < len(views) and k not in owner:
                    grown = range(min(k, r.start), max(k + 1, r.stop))
                    ra, rb = (grown, match.b) if side == "a" else (match.a, grown)
                    score = scorer(_joined(a, ra), _joined(b, rb))
                    if score >= match.score + MIN_GAIN:
                        proposals.append((score - match.score, m, ra, rb, score))
    return proposals


def _new_merged(scores, a, b, owner_a, owner_b, threshold, scorer):
    """Two unpaired neighbours that together match one unpaired sentence of the other side."""
    proposals = []
    for (i, j), s in scores.items():
        if i in owner_a or j in owner_b or s < threshold / 2:
            continue
        for ra, rb in (
            (range(i - 1, i + 1), range(j, j + 1)),
            (range(i, i + 2), range(j, j + 1)),
            (range(i, i + 1), range(j - 1, j + 1)),
            (range(i, i + 1), range(j, j + 2)),
        ):
            if ra.start < 0 or rb.start < 0 or ra.stop > len(a) or rb.stop > len(b):
                continue
            if any(k in owner_a for k in ra) or any(k in owner_b for k in rb):
                continue
            score = scorer(_joined(a, ra), _joined(b, rb))
            if score >= threshold:
                proposals.append((score, None, ra, rb, score))
    return proposals


def mark_order(matches: list[Match], tie=None) -> list[Match]:
    """Flag the matches off the heaviest in-order chain as moved (``in_order=False``)."""
    ordered = sorted(matches, key=lambda m: m.a.start)
    if not ordered:
        return ordered
    b_starts = sorted({m.b.start for m in ordered})
    rank = {s: k + 1 for k, s in enumerate(b_starts)}
    size = len(b_starts)
    tree = [(0.0, -1)] * (size + 1)  # Fenwick tree of (best chain weight, match index) by b rank

    def query(pos):
        best = (0.0, -1)
        while pos > 0:
            best = max(best, tree[pos])
            pos -= pos & -pos
        return best

    def update(pos, value):
        while pos <= size:
            tree[pos] = max(tree[pos], value)
            pos += pos & -pos

    previous = [-1] * len(ordered)
    totals = [0.0] * len(ordered)
    for k, match in enumerate(ordered):
        w = match.score + (tie(match.a.start, match.b.start) if tie else 0.0)
        best, prev = query(rank[match.b.start] - 1)
        totals[k] = best + w
        previous[k] = prev
        update(rank[match.b.start], (totals[k], k))
    k = max(range(len(ordered)), key=lambda x: totals[x])
    chain = set()
    while k != -1:
        chain.add(k)
        k = previous[k]
    return [m if k in chain else replace(m, in_order=False) for k, m in enumerate(ordered)]
