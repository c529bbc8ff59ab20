"""Passage scorers: how alike two passages are, from 0 to 100.

Every scorer has the same shape, ``scorer(a, b) -> float``, over two
:class:`View` objects (the matching view of a passage), so the aligner, the
benchmarks and later stages can swap one for another, as RapidFuzz's
scorers share one signature.  Scorers never normalise by themselves: the
views are already folded (see :mod:`articlediff.matching`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import count

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel


@dataclass(frozen=True, slots=True)
class View:
    """The matching view of a passage: word ids and the folded text."""

    ids: tuple[int, ...]  # one id per word key, shared across the two articles
    text: str  # the word keys joined by single spaces

    def __add__(self, other: "View") -> "View":
        return View(self.ids + other.ids, f"{self.text} {other.text}".strip())


Scorer = Callable[[View, View], float]


def word_score(a: View, b: View) -> float:
    """Share of words the two passages have in common, in order (LCS-based, 0–100).

    Robust to synonym spinning: a spinner swaps one word in four or five and
    leaves the order alone, so most of the sequence survives.
    """
    return Indel.normalized_similarity(a.ids, b.ids) * 100


def char_score(a: View, b: View) -> float:
    """Character-level similarity of the folded texts (0–100).

    Catches inflection and spelling changes (``won't``/``will not``,
    ``organised``/``organized``) that whole-word comparison misses.
    """
    return fuzz.ratio(a.text, b.text)


def passage_score(a: View, b: View) -> float:
    """The default scorer: the mean of :func:`word_score` and :func:`char_score`.

    On the labelled pairs in ``tests/data/sentence_pairs.jsonl`` the mean
    separates spun and edited copies from unrelated sentences that share
    names better than either score alone (docs/benchmarks.md).
    """
    return passage_scores([(a, b)])[0]


def passage_scores(pairs: Iterable[tuple[View, View]]) -> list[float]:
    """:func:`passage_score` of each pair, without a Python call per pair: the aligner scores thousands."""
    similarity, ratio = Indel.normalized_similarity, fuzz.ratio
    return [(similarity(a.ids, b.ids) * 100 + ratio(a.text, b.text)) / 2 if a.ids and b.ids else 0.0 for a, b in pairs]


class Vocabulary:
    """Maps word keys to small integers so RapidFuzz compares int sequences fast."""

    def __init__(self) -> None:
        # a new key takes the next number on first lookup, so a view is made by one C-level map
        self._ids: dict[str, int] = defaultdict(count().__next__)

    def view(self, keys: Sequence[str]) -> View:
        return View(tuple(map(self._ids.__getitem__, keys)), " ".join(keys))

    def words(self) -> list[str]:
        """The word keys by id."""
        return list(self._ids)
