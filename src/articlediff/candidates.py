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

import math
from collections import defaultdict
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter

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


class WordIndex:
    """An article's sentences as sets of word ids, and each word's sentences (its posting list, ascending).

    :func:`candidate_pairs` reads both sides' indexes.  An article compared
    with many others (the timeline) keeps its own index
    (:class:`articlediff.align.LocalViews`) and only renumbers its words for
    each pair (:meth:`renumbered`): building the posting lists is a Python
    step a word, about a tenth of a comparison.
    """

    __slots__ = ("word_sets", "postings")

    def __init__(self, word_sets: list[set[int]], postings: dict[int, list[int]]) -> None:
        self.word_sets = word_sets
        self.postings = postings

    @classmethod
    def of(cls, views: Sequence[View]) -> WordIndex:
        word_sets = [set(view.ids) for view in views]
        return cls(word_sets, _postings(word_sets))

    def renumbered(self, views: Sequence[View], number: Sequence[int]) -> WordIndex:
        """This index for ``views``: the same sentences with each word ``w`` numbered ``number[w]``."""
        return WordIndex([set(view.ids) for view in views], {number[w]: found for w, found in self.postings.items()})


def candidate_pairs(
    a: Sequence[View], b: Sequence[View], *, per_item: int = PER_ITEM, index: tuple[WordIndex, WordIndex] | None = None
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)`` of sentences of ``a`` and ``b`` worth scoring.

    ``index`` is the two sides' :class:`WordIndex`, when the caller keeps them; else they are built here.
    """
    index_a, index_b = index if index is not None else (WordIndex.of(a), WordIndex.of(b))
    words_a, post_a = index_a.word_sets, index_a.postings
    words_b, post_b = index_b.word_sets, index_b.postings
    total = len(a) + len(b)
    cap = _max_postings(total)
    dfs = {}
    for word in post_a.keys() & post_b.keys():
        df = len(post_a[word]) + len(post_b[word])
        if df <= cap:
            dfs[word] = df
    idf = {word: math.log(total / df) for word, df in dfs.items()}
    # each word's rank by rarity (rarest first, ties by id) lets C-level sorts do the per-sentence work; the rarest
    # has the fewest sentences, so (df, id) pairs sort as (-idf, id) do, without a Python key call per word
    rank = {w: r for r, (_, w) in enumerate(sorted(zip(dfs.values(), dfs.keys())))}
    pairs: set[tuple[int, int]] = set()
    for i, partners in enumerate(_best_partners(words_a, post_b, idf, rank, per_item)):
        pairs.update(zip(repeat(i), partners))
    for j, partners in enumerate(_best_partners(words_b, post_a, idf, rank, per_item)):
        pairs.update(zip(partners, repeat(j)))
    pairs.update(_identical(a, b, per_item))
    return pairs


def _postings(word_sets: Sequence[set[int]]) -> dict[int, list[int]]:
    post: dict[int, list[int]] = defaultdict(list)
    for index, words in enumerate(word_sets):
        for word in words:
            post[word].append(index)
    return post


def _best_partners(word_sets, other_postings, idf, rank, per_item) -> list[list[int]]:
    """Each sentence's ``per_item`` partners in the other article best supported by its rarest shared words.

    Runs for every sentence of both articles, so the per-sentence sorts use C-level keys.
    """
    by_rank = rank.__getitem__
    known = set(rank)
    out = []
    for words in word_sets:
        rare = sorted(words & known, key=by_rank)[:RAREST_WORDS]
        support: dict[int, float] = {}
        get = support.get
        for word in rare:
            weight = idf[word]
            for other in other_postings[word]:
                support[other] = get(other, 0.0) + weight
        if len(support) <= per_item:
            out.append(list(support))
        else:
            # the best supported first, the lower index first among equals: a stable sort by support,
            # descending, of the partners in index order
            best = sorted(sorted(support.items()), key=itemgetter(1), reverse=True)[:per_item]
            out.append([other for other, _ in best])
    return out


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
