"""Which facts changed between two passages or two articles: pairing facts, and comparing their values.

Facts pair only within a type group (``GROUPS``: a date may pair with a
time), one to one, best link first, by the words of their anchors; a pair
whose values differ is a :class:`FactChange` unless the other side states
the value anyway.  :func:`same_value` says when two normalised values state
the same fact (``May 19`` is ``19 May 2025``; ``Starmer`` is ``Keir
Starmer``).  Two entry points, because the timeline has two situations:

* :func:`fact_changes`, for passages the aligner paired (known to be about
  the same thing): a shared pair of anchor words or two words is enough;
* :func:`anchored_changes`, across two whole articles: a shared bigram or
  three words, so unrelated facts are not paired.

Quotations pair by their words (:func:`_quote_changes`, with RapidFuzz):
the same words given to someone else are a ``person`` change, one
speaker's quotation reworded a ``quote`` change.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from .dates import _WEEKDAYS, _date_parts, _is_absolute, _months_of
from .extract import _analyse, extract_facts, speaker_of
from .model import GROUPS, Fact, FactChange
from .words import STOPWORDS

#: Two quotations with at least this ``fuzz.ratio`` (0–100) on their word keys say the same words.
SAME_WORDS = 80

_VALUE_TYPES = frozenset({"number", "money", "percent", "date", "time"})


def same_value(kind: str, a: str, b: str) -> bool:
    """Whether two normalised values state the same fact.

    Dates: a year may be left out (``May 19`` is ``19 May 2025``; ``May`` is
    ``May 2025``), and a weekday matches a full date that falls on it; a day
    may not (``May`` → ``May 19`` is a change).  People: a bare title
    (``role: prime minister``) matches anyone, and a surname matches the full
    name.  Organisations: one name's words inside the other's
    (``Commission``, ``European Commission``).
    """
    if a == b:
        return True
    if kind in ("date", "time"):
        pa, pb = _date_parts(a), _date_parts(b)
        if pa and pb:
            return pa[1:] == pb[1:] and (pa[0] is None or pb[0] is None or pa[0] == pb[0])
        for day, full in ((a, pb), (b, pa)):
            if day in _WEEKDAYS and full and None not in full:
                return _WEEKDAYS[_dt.date(*full).weekday()] == day
        return False
    if kind == "person":
        if a.startswith("role:") or b.startswith("role:"):
            return True
        wa, wb = set(a.split()), set(b.split())
        return wa <= wb or wb <= wa
    if kind == "organisation":
        wa, wb = set(a.split()), set(b.split())
        return wa <= wb or wb <= wa
    return False


@lru_cache(maxsize=50_000)
def _anchor_info(anchor: tuple[str, ...], n_left: int | None) -> tuple[frozenset, frozenset, dict[str, float]]:
    """An anchor's words, its adjacent pairs, and each word's weight by its distance from the fact.

    The weight is 1 next to the fact, 1/2 one word further, and so on; it
    breaks ties between two facts of one sentence that share the same anchor
    words ("by the spring and finalise it at a UK-EU summit, possibly in April
    or May": the summit is April or May's, not spring's).  Without ``n_left``
    (a fact not made by :func:`extract_facts`) every word weighs 1.
    """
    weights: dict[str, float] = {}
    for i, w in enumerate(anchor):
        rank = 0 if n_left is None else (n_left - 1 - i if i < n_left else i - n_left)
        weights[w] = max(weights.get(w, 0.0), 1 / (1 + rank))
    return frozenset(anchor), frozenset(pairwise(anchor)), weights


def _overlap(fa: Fact, fb: Fact, splits_a=None, splits_b=None) -> tuple[int, int, float]:
    """(shared content words, shared adjacent pairs of content words, closeness of the shared words) of two anchors."""
    left_a = splits_a.get((fa.start, fa.end, fa.type)) if splits_a is not None else None
    left_b = splits_b.get((fb.start, fb.end, fb.type)) if splits_b is not None else None
    words_a, pairs_a, weights_a = _anchor_info(fa.anchor, left_a)
    words_b, pairs_b, weights_b = _anchor_info(fb.anchor, left_b)
    shared = words_a & words_b
    if not shared:
        return 0, 0, 0.0
    close = sum(weights_a[w] + weights_b[w] for w in shared) / 2 if splits_a is not None and splits_b is not None else 0.0
    return len(shared), len(pairs_a & pairs_b), close


def _related(kind: str, a: str, b: str) -> bool:
    """Two different date values that share a month ("April or May", "May 19"): likely one fact made precise."""
    return kind in ("date", "time") and bool(_months_of(a) & _months_of(b))


def _counted(fact: Fact, splits: dict[tuple[int, int, str], int]) -> set[str]:
    """The first two content words after a number: what it counts ("27 member states", "45 years")."""
    n_left = splits.get((fact.start, fact.end, fact.type))
    return set(fact.anchor[n_left : n_left + 2]) if n_left is not None else set()


def _counts_differ(fa: Fact, fb: Fact, splits_a, splits_b) -> bool:
    """Two numbers that visibly count different things: "27 member states" and "45 years"."""
    if fa.type != "number" or fb.type != "number":
        return False
    ca, cb = _counted(fa, splits_a), _counted(fb, splits_b)
    return bool(ca and cb and not ca & cb)


def _change(fa: Fact, fb: Fact, kind: str | None = None) -> FactChange:
    kind = kind or (fa.type if fa.type == fb.type else "date")
    return FactChange(kind, fa.text, fb.text, fa.start, fa.end, fb.start, fb.end)


def _pair_values(a_facts: Sequence[Fact], b_facts: Sequence[Fact], link, restated,
                 elsewhere: tuple[Sequence[Fact], Sequence[Fact]] = ((), ()), shared_word: bool = False) -> list[FactChange]:
    """Pair non-quote facts one to one, best link first; report pairs whose values differ.

    ``link(fa, fb, n_a, n_b)`` gives a score, or None when the two must not
    pair.  Pairs with equal values score far higher, so equal facts claim each
    other before a differing one can take them.  ``restated(f, other)`` says
    whether a fact of the other side with the same value counts as stating
    ``f`` again, in which case ``f`` has not changed; ``elsewhere`` adds facts
    of A and of B (outside the passages) that count as the other side too.
    With ``shared_word`` only facts whose anchors share a word are tried (an
    index of anchor words keeps whole articles from costing every pair).
    """
    by_group: dict[str, tuple[list[Fact], list[Fact]]] = {}
    for f in a_facts:
        if f.type != "quote":
            by_group.setdefault(GROUPS[f.type], ([], []))[0].append(f)
    for f in b_facts:
        if f.type != "quote" and GROUPS[f.type] in by_group:
            by_group[GROUPS[f.type]][1].append(f)
    changes = []
    for group, (fa_list, fb_list) in by_group.items():
        if not fb_list:
            continue
        candidates = []
        index: dict[str, list[int]] = {}
        if shared_word:
            for j, fb in enumerate(fb_list):
                for w in set(fb.anchor):
                    index.setdefault(w, []).append(j)
        for i, fa in enumerate(fa_list):
            tried = sorted({j for w in set(fa.anchor) for j in index.get(w, ())}) if shared_word else range(len(fb_list))
            for j in tried:
                score = link(fa, fb_list[j], len(fa_list), len(fb_list))
                if score is not None:
                    candidates.append((-score, i, j))
        for i, j in one_to_one(candidates):
            fa, fb = fa_list[i], fb_list[j]
            if same_value(group, fa.value, fb.value):
                continue
            others_b = [*fb_list, *(o for o in elsewhere[1] if GROUPS[o.type] == group)]
            others_a = [*fa_list, *(o for o in elsewhere[0] if GROUPS[o.type] == group)]
            if any(same_value(group, fa.value, o.value) and restated(fa, o) for o in others_b) or any(
                same_value(group, o.value, fb.value) and restated(fb, o) for o in others_a
            ):
                continue
            changes.append(_change(fa, fb))
    return changes


def one_to_one(candidates: list[tuple[float, int, int]]):
    """Greedy one-to-one pairs ``(i, j)`` from ``(-score, i, j)`` candidates, the best first (ties by position)."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            yield i, j


def _content(value: str) -> set[str]:
    return {w for w in value.split() if w not in STOPWORDS and len(w) > 1}


def _quote_changes(a_text: str, a_quotes: list[Fact], b_text: str, b_quotes: list[Fact], strict: bool) -> list[FactChange]:
    """Quotations: the same words given to another speaker (a ``person`` change), or one speaker's quotation reworded.

    ``strict`` (whole articles, not aligned passages) asks more of a reworded
    pair: a token-set similarity of at least 60, and at least three content
    words shared, half of the shorter quotation's: one speaker says many
    different things about "security and defence".
    """
    changes: list[FactChange] = []
    if not a_quotes or not b_quotes:
        return changes
    sa = [speaker_of(a_text, q) for q in a_quotes]
    sb = [speaker_of(b_text, q) for q in b_quotes]
    na = [len(q.value.split()) for q in a_quotes]
    nb = [len(q.value.split()) for q in b_quotes]
    values_a, values_b = [q.value for q in a_quotes], [q.value for q in b_quotes]
    ratios = process.cdist(values_a, values_b, scorer=fuzz.ratio).tolist()
    partial = process.cdist(values_a, values_b, scorer=fuzz.partial_ratio, score_cutoff=90).tolist()

    def same_words(i: int, j: int) -> bool:
        # The same words, or one quotation cut from the other ("step up" is too short to tell).
        return ratios[i][j] >= SAME_WORDS or (min(na[i], nb[j]) >= 4 and partial[i][j] >= 90)

    matched_a: set[int] = set()
    matched_b: set[int] = set()
    for i in range(len(a_quotes)):
        for j in range(len(b_quotes)):
            if not same_words(i, j):
                continue
            matched_a.add(i)
            matched_b.add(j)
            pa, pb = sa[i], sb[j]
            if pa and pb and not same_value("person", pa.value, pb.value) and na[i] >= 3:
                changes.append(_change(pa, pb, "person"))
    content_a = [_content(q.value) for q in a_quotes]
    content_b = [_content(q.value) for q in b_quotes]
    candidates = []
    for i, qa in enumerate(a_quotes):
        if i in matched_a or na[i] < 3:
            continue
        for j, qb in enumerate(b_quotes):
            if j in matched_b or nb[j] < 3:
                continue
            pa, pb = sa[i], sb[j]
            same_speaker = bool(pa and pb and same_value("person", pa.value, pb.value))
            if strict:
                shared = len(content_a[i] & content_b[j])
                if not same_speaker or shared < 3 or shared < min(len(content_a[i]), len(content_b[j])) / 2:
                    continue
                score = fuzz.token_set_ratio(qa.value, qb.value)
                if score < 60:
                    continue
            elif same_speaker or (pa is None and pb is None and _overlap(qa, qb)[0]):
                score = fuzz.token_set_ratio(qa.value, qb.value)
            else:
                continue
            candidates.append((-score, i, j))
    for i, j in one_to_one(candidates):
        changes.append(_change(a_quotes[i], b_quotes[j]))
    return changes


def _dedupe(changes: Iterable[FactChange]) -> list[FactChange]:
    seen = set()
    out = []
    for c in sorted(changes, key=lambda c: (c.a_start, c.b_start, c.type)):
        key = (c.type, c.a_start, c.a_end, c.b_start, c.b_end)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def fact_changes(a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int]) -> list[FactChange]:
    """Changed facts between two passages known to be about the same thing (aligned passages).

    Facts of one type pair when their anchors share two words or an adjacent
    pair of words, or one word when they are dates naming the same month
    ("April or May", "May 19"), or one word when each is the only fact of its
    type in its passage; a number, amount, percentage, date or time that is
    the only one of its type in each passage also pairs by sitting at about
    the same place in both.
    A fact with no partner is not a change: a later article adding a sentence
    adds facts, it does not change them.  A value the other passage states
    anywhere is not a change (for names: the other article, anywhere).
    """
    a_facts = extract_facts(a_text, *a_span)
    b_facts = extract_facts(b_text, *b_span)
    a_len = max(1, a_span[1] - a_span[0])
    b_len = max(1, b_span[1] - b_span[0])
    splits_a, splits_b = _analyse(a_text).splits, _analyse(b_text).splits

    def link(fa: Fact, fb: Fact, n_a: int, n_b: int) -> float | None:
        if _counts_differ(fa, fb, splits_a, splits_b):
            return None
        words, bigrams, close = _overlap(fa, fb, splits_a, splits_b)
        drift = abs((fa.start - a_span[0]) / a_len - (fb.start - b_span[0]) / b_len)
        score = 2 * bigrams + words + close - drift
        if same_value(GROUPS[fa.type], fa.value, fb.value):
            return 100 + score
        if words and _related(GROUPS[fa.type], fa.value, fb.value):
            return 13 + score
        if bigrams or words >= 2:
            return 10 + score
        if n_a == 1 and n_b == 1 and (words or (drift <= 0.2 and fa.type in _VALUE_TYPES)):
            return 10 + score
        return None

    # A name the other article mentions anywhere has not changed, only moved: "European Commission" in one
    # passage and "European Council" in its partner are two bodies when the other article names both.
    names_a = [f for f in extract_facts(a_text) if f.type in ("person", "organisation")]
    names_b = [f for f in extract_facts(b_text) if f.type in ("person", "organisation")]
    changes = _pair_values(a_facts, b_facts, link, lambda f, other: True, (names_a, names_b))
    changes += _quote_changes(
        a_text, [f for f in a_facts if f.type == "quote"], b_text, [f for f in b_facts if f.type == "quote"], strict=False
    )
    return _dedupe(changes)


def anchored_changes(a_text: str, a_facts: Sequence[Fact], b_text: str, b_facts: Sequence[Fact]) -> list[FactChange]:
    """Changed facts across two whole articles whose passages were not aligned.

    Conservative on purpose: two facts of one type pair only when their
    anchors share an adjacent pair of content words ("UK-EU summit") or at
    least three content words; quotations only when one speaker says nearly
    the same words (see :func:`_quote_changes`).  A value the other article
    states too is not a change, except that a relative date ("next week",
    "Monday", "in May") is restated only by a fact sharing an anchor word:
    across whole articles, "next week" elsewhere is usually another week.
    """

    splits_a, splits_b = _analyse(a_text).splits, _analyse(b_text).splits

    def link(fa: Fact, fb: Fact, n_a: int, n_b: int) -> float | None:
        if _counts_differ(fa, fb, splits_a, splits_b):
            return None
        words, bigrams, close = _overlap(fa, fb, splits_a, splits_b)
        if not (bigrams or words >= 3):
            return None
        group = GROUPS[fa.type]
        return (100 if same_value(group, fa.value, fb.value) else 3 if _related(group, fa.value, fb.value) else 0) + (
            2 * bigrams + words + close
        )

    def restated(f: Fact, other: Fact) -> bool:
        # Across whole articles "next week" or "Monday" elsewhere is usually another week or another Monday:
        # a relative date is restated only by a fact on a related topic (a shared anchor word).
        if f.type in ("date", "time") and not _is_absolute(f.value):
            return _overlap(f, other)[0] > 0
        return True

    changes = _pair_values(a_facts, b_facts, link, restated, shared_word=True)
    changes += _quote_changes(
        a_text, [f for f in a_facts if f.type == "quote"], b_text, [f for f in b_facts if f.type == "quote"], strict=True
    )
    return _dedupe(changes)
