"""Candidate generation: which sentence pairs are worth scoring at all.

Scoring every pair is quadratic, so an inverted index of word keys proposes
candidates instead.  Each sentence looks up its words in the other article's
index; words present in many sentences (``the``, ``said``, the story's main
names) are skipped because they propose everything and prove nothing, and
each shared word counts by its rarity (inverse document frequency).  The
``per_item`` best-supported partners of each sentence, taken from both
directions, become candidates; identical sentences are always candidates.
Only each sentence's eight rarest words are looked up, so the cost is linear
in the number of sentences times the capped posting length.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence

from .score import View

#: Candidates kept for each sentence, from each side.
PER_ITEM = 8
#: Only a sentence's rarest words propose candidates (prefix filtering): they carry
#: nearly all the evidence, and a spinner that swaps one word in four leaves most
#: of any eight in place.
RAREST_WORDS = 8


def _max_postings(total: int) -> int:
    """Longest posting list still used: words in more sentences than this are too common."""
    return max(8, int(2 * math.sqrt(total)))


def candidate_pairs(a: Sequence[View], b: Sequence[View], *, per_item: int = PER_ITEM) -> set[tuple[int, int]]:
    """Pairs ``(i, j)`` of sentences of ``a`` and ``b`` worth scoring."""
    post_a = _postings(a)
    post_b = _postings(b)
    total = len(a) + len(b)
    cap = _max_postings(total)
    idf = {}
    for word in post_a.keys() & post_b.keys():
        df = len(post_a[word]) + len(post_b[word])
        if df <= cap:
            idf[word] = math.log(total / df)
    pairs: set[tuple[int, int]] = set()
    for i, j in _best_partners(a, post_b, idf, per_item):
        pairs.add((i, j))
    for j, i in _best_partners(b, post_a, idf, per_item):
        pairs.add((i, j))
    pairs.update(_identical(a, b, per_item))
    return pairs


def _postings(views: Sequence[View]) -> dict[int, list[int]]:
    post: dict[int, list[int]] = defaultdict(list)
    for index, view in enumerate(views):
        for word in set(view.ids):
            post[word].append(index)
    return post


def _best_partners(views, other_postings, idf, per_item):
    for index, view in enumerate(views):
        rare = sorted({w for w in view.ids if w in idf}, key=lambda w: (-idf[w], w))[:RAREST_WORDS]
        support: dict[int, float] = defaultdict(float)
        for word in rare:
            weight = idf[word]
            for other in other_postings[word]:
                support[other] += weight
        if len(support) > per_item:
            best = heapq.nlargest(per_item, support.items(), key=_by_support)
        else:
            best = support.items()
        for other, _ in best:
            yield index, other


def _by_support(item: tuple[int, float]) -> tuple[float, int]:
    return item[1], -item[0]


def _identical(a: Sequence[View], b: Sequence[View], per_item: int):
    """Identical sentences, paired by rank among their repeats (symmetric in a and b)."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, view in enumerate(b):
        by_text[view.text].append(j)
    seen: dict[str, int] = defaultdict(int)
    for i, view in enumerate(a):
        rank = seen[view.text]
        seen[view.text] += 1
        same = by_text.get(view.text, ())
        for j in same[max(0, rank - per_item + 1) : rank + per_item]:
            yield i, j
