"""Which facts changed between two passages or two articles: pairing facts, and comparing their values.

A change pairs two facts of one *slot* (:mod:`.slots`): counts of one noun
family (``victims`` and people ``shot`` are one, ``fires`` and ``hectares``
are not), dates of one frame (calendar, weekday; never a relative date such
as ``next week``), a clock time with a clock time, a quotation with the
same speaker's.  Within a slot, facts pair one to one, best link first, by
the words of their anchors; two facts whose values differ pair only where
a word diff of their passages (or sentences) puts one in the other's place
(:class:`_Places`), so a count dropped from a sentence is not "changed" into
another count added to it.  A pair whose values differ is a
:class:`FactChange` unless they state one fact (:func:`same_fact`: equal
values, or dates differing only in the alternatives or the edge they allow,
``April`` and ``April or May``) or the other side states the value anyway
in the same slot.  Precision before recall: an unsure pair is not reported.
Two entry points, because the timeline has two situations:

* :func:`fact_changes`, for passages the aligner paired (known to be about
  the same thing): a shared pair of anchor words or two words is enough, or
  the word diff putting one fact right where the other was;
* :func:`anchored_changes`, across two whole articles: a shared bigram or
  three words, so unrelated facts are not paired.

Quotations pair by their words (:func:`_quote_changes`, with RapidFuzz):
the same words given to someone else (both speakers named in their
sentences) are a ``person`` change, one speaker's quotation reworded a
``quote`` change.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .dates import _WEEKDAYS, _date_parts, _is_absolute, _months_of
from .extract import _analyse, extract_facts, speaker_of
from .model import GROUPS, Fact, FactChange
from .slots import comparable, compatible_counts, only_alternatives
from .words import STOPWORDS

#: Two quotations with at least this ``fuzz.ratio`` (0–100) on their word keys say the same words.
SAME_WORDS = 80
#: A quotation is cut from another when at least this share of its words stand, in order, in the other.
CUT_SHARE = 0.9

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


def _overlap(fa: Fact, fb: Fact, splits_a=None, splits_b=None, slot_words: frozenset = frozenset()) -> tuple[int, int, float]:
    """(shared content words, shared adjacent pairs of content words, closeness of the shared words) of two anchors.

    ``slot_words`` (the nouns two counts count) are left out: that two counts count fires says which slot
    they fill, not that they are the same count ("Two fires burning near Cessnock", "100 fires statewide").
    """
    left_a = splits_a.get((fa.start, fa.end, fa.type)) if splits_a is not None else None
    left_b = splits_b.get((fb.start, fb.end, fb.type)) if splits_b is not None else None
    words_a, pairs_a, weights_a = _anchor_info(fa.anchor, left_a)
    words_b, pairs_b, weights_b = _anchor_info(fb.anchor, left_b)
    shared = words_a & words_b
    if slot_words:
        shared -= slot_words
    if not shared:
        return 0, 0, 0.0
    close = sum(weights_a[w] + weights_b[w] for w in shared) / 2 if splits_a is not None and splits_b is not None else 0.0
    pairs = pairs_a & pairs_b
    if slot_words:
        pairs = {p for p in pairs if not (p[0] in slot_words or p[1] in slot_words)}
    return len(shared), len(pairs), close


def _related(kind: str, a: str, b: str) -> bool:
    """Two different date values that share a month ("April or May", "May 19"): likely one fact made precise."""
    return kind in ("date", "time") and bool(_months_of(a) & _months_of(b))


def same_fact(kind: str, a: str, b: str) -> bool:
    """Whether two values state one fact: :func:`same_value`, or two dates that differ only in the alternatives they allow.

    ``April`` and ``April or May`` say the same thing less or more surely (hedging, or a spinner's "April or
    Could"); ``April or May`` and ``May 19`` do not: the day is new.
    """
    return same_value(kind, a, b) or (kind == "date" and only_alternatives(a, b))


def _named(a: str, b: str) -> bool:
    """Two person values of which exactly one is a bare title: they may be one person, but not for certain."""
    return a.startswith("role:") != b.startswith("role:")


class _Slots:
    """The slot rules for one side pair: which facts may be one fact (:mod:`.slots`), and which nouns name a count."""

    def __init__(self, a_text: str, b_text: str):
        self.a = _analyse(a_text).slots
        self.b = _analyse(b_text).slots

    def words(self, fa: Fact, fb: Fact) -> frozenset:
        """The nouns two counts count (left out of their anchors' evidence); empty for other facts."""
        if fa.type != "number":
            return frozenset()
        return frozenset(self.a.get((fa.start, fa.end), (None, ()))[1] + self.b.get((fb.start, fb.end), (None, ()))[1])

    def may_pair(self, fa: Fact, fb: Fact) -> bool:
        """Counts of compatible nouns; dates and times in one frame (or equal); anything else of one type group."""
        group = GROUPS[fa.type]
        if fa.type == "number" and fb.type == "number":
            return compatible_counts(self.a.get((fa.start, fa.end), (None,))[0], self.b.get((fb.start, fb.end), (None,))[0])
        if group in ("date", "time"):
            return same_value(group, fa.value, fb.value) or comparable(fa.type, fa.value, fb.value)
        return True

    def restates(self, f: Fact, other: Fact, f_side: str) -> bool:
        """Whether ``other`` (of the other side, with the same value) states ``f`` again: same slot, and not a bare title."""
        if f.type == "person" and other.value.startswith("role:") and not f.value.startswith("role:"):
            return False
        if f.type == "number" and other.type == "number":
            mine, theirs = (self.a, self.b) if f_side == "a" else (self.b, self.a)
            return compatible_counts(mine.get((f.start, f.end), (None,))[0], theirs.get((other.start, other.end), (None,))[0])
        return True


def _change(fa: Fact, fb: Fact, kind: str | None = None) -> FactChange:
    kind = kind or (fa.type if fa.type == fb.type else "date")
    return FactChange(kind, fa.text, fb.text, fa.start, fa.end, fb.start, fb.end)


def _pair_values(a_facts: Sequence[Fact], b_facts: Sequence[Fact], link, restated,
                 elsewhere: tuple[Sequence[Fact], Sequence[Fact]] = ((), ()), shared_word: bool = False,
                 shared_words: int = 1) -> list[FactChange]:
    """Pair non-quote facts one to one, best link first; report pairs whose values differ (:func:`same_fact`).

    ``link(fa, fb, n_a, n_b)`` gives a score, or None when the two must not
    pair.  Pairs with equal values score far higher, so equal facts claim each
    other before a differing one can take them.  ``restated(f, other, side)``
    says whether a fact of the other side with the same value counts as
    stating ``f`` (of ``side``: ``"a"`` or ``"b"``) again, in which case
    ``f`` has not changed; ``elsewhere`` adds facts
    of A and of B (outside the passages) that count as the other side too.
    With ``shared_word`` only facts whose anchors share a word are tried (an
    index of anchor words keeps whole articles from costing every pair), or
    ``shared_words`` words, for a ``link`` that needs as many (an anchor with a
    word twice in a row, whose pair of words may be shared, is tried from one).
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
            if not shared_word:
                tried = range(len(fb_list))
            else:
                need = 1 if _doubled(fa.anchor) else shared_words
                counts = Counter(chain.from_iterable([index[w] for w in set(fa.anchor) if w in index]))
                tried = sorted(j for j, n in counts.items() if n >= need)
            for j in tried:
                score = link(fa, fb_list[j], len(fa_list), len(fb_list))
                if score is not None:
                    candidates.append((-score, i, j))
        for i, j in one_to_one(candidates):
            fa, fb = fa_list[i], fb_list[j]
            if same_fact(group, fa.value, fb.value):
                continue
            others_b = [*fb_list, *(o for o in elsewhere[1] if GROUPS[o.type] == group)]
            others_a = [*fa_list, *(o for o in elsewhere[0] if GROUPS[o.type] == group)]
            if any(same_value(group, fa.value, o.value) and restated(fa, o, "a") for o in others_b) or any(
                same_value(group, o.value, fb.value) and restated(fb, o, "b") for o in others_a
            ):
                continue
            changes.append(_change(fa, fb))
    return changes


def _doubled(anchor: tuple[str, ...]) -> bool:
    """Whether a word of ``anchor`` follows itself ("trade trade"): its one word makes a pair of words."""
    return any(a == b for a, b in pairwise(anchor))


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


def _quote_changes(a_text: str, a_quotes: list[Fact], b_text: str, b_quotes: list[Fact], strict: bool,
                   places: _Places | None = None) -> list[FactChange]:
    """Quotations: the same words given to another speaker (a ``person`` change), or one speaker's quotation reworded.

    A quotation is given to someone else only when both sentences name the speaker (``“…,” X said``); a
    speaker found through ``he said`` or an earlier paragraph is a guess, and a paragraph moved next to
    another name would change it.

    ``strict`` (whole articles, not aligned passages) asks more of a reworded
    pair: a token-set similarity of at least 60, and at least three content
    words shared, half of the shorter quotation's: one speaker says many
    different things about "security and defence".  Two quotations with no
    speaker either side pair (in both modes) only when they stand in each
    other's place (``places``: the word diff of the passages or articles).
    """
    changes: list[FactChange] = []
    if not a_quotes or not b_quotes:
        return changes
    sa = [speaker_of(a_text, q) for q in a_quotes]
    sb = [speaker_of(b_text, q) for q in b_quotes]
    named_a, named_b = _analyse(a_text).named, _analyse(b_text).named
    na = [len(q.value.split()) for q in a_quotes]
    nb = [len(q.value.split()) for q in b_quotes]
    values_a, values_b = [q.value for q in a_quotes], [q.value for q in b_quotes]

    def same_words(i: int, j: int) -> bool:
        # The same words, or one quotation cut from the other ("step up" is too short to tell): nearly all the
        # shorter one's words, in order, in the longer.  Characters alone (partial_ratio) also take a quotation
        # whose first half was kept and second half rewritten for a cut.  (Scored pair by pair, not with
        # ``process.cdist``: the loop below visits every pair anyway, and cdist's matrix imports numpy.)
        if fuzz.ratio(values_a[i], values_b[j]) >= SAME_WORDS:
            return True
        if min(na[i], nb[j]) < 4 or fuzz.partial_ratio(values_a[i], values_b[j], score_cutoff=90) < 90:
            return False
        wa, wb = values_a[i].split(), values_b[j].split()
        common = (len(wa) + len(wb) - Indel.distance(wa, wb)) / 2
        return common >= CUT_SHARE * min(len(wa), len(wb))

    matched_a: set[int] = set()
    matched_b: set[int] = set()
    for i in range(len(a_quotes)):
        for j in range(len(b_quotes)):
            if not same_words(i, j):
                continue
            matched_a.add(i)
            matched_b.add(j)
            pa, pb = sa[i], sb[j]
            # Given to someone else only when both sentences name the speaker: "he said" is a guess at who.
            named = (a_quotes[i].start, a_quotes[i].end) in named_a and (b_quotes[j].start, b_quotes[j].end) in named_b
            if pa and pb and named and not same_value("person", pa.value, pb.value) and na[i] >= 3:
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
                unnamed = pa is None and pb is None and places is not None and places.nearness(qa, qb) is not None
                if not (same_speaker or unnamed) or shared < 3 or shared < min(len(content_a[i]), len(content_b[j])) / 2:
                    continue
                score = fuzz.token_set_ratio(qa.value, qb.value)
                if score < 60:
                    continue
            elif same_speaker or (pa is None and pb is None and (
                _overlap(qa, qb)[0] or (places is not None and places.nearness(qa, qb) is not None)
            )):
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


@lru_cache(maxsize=1 << 13)
def _projection(a_keys: tuple[str, ...], b_keys: tuple[str, ...], moves: bool = True) -> tuple[tuple[int, int, float], ...]:
    """Where each word of passage A went in passage B, by a word diff (Indel: a longest common subsequence).

    For each word of A: ``(lo, hi, at)``, the words of B it maps to and the position it maps to.  An unchanged
    word maps to its copy; a word in a changed run maps to the whole run it was replaced by (``lo == hi``
    when the run was only deleted), at the same relative place in it.  With ``moves``, a changed run of A
    whose words mostly reappear in another changed run of B (a clause or sentence moved, "At about 4:00pm,
    X." → "X at about 3:30pm.") maps into that run instead, word by word through a diff of the two runs; its
    words that diff does not find stay mapped to the run that replaced them where they stood.

    Kept per pair of passages: pairing facts across a timeline diffs the same two sentences again for every
    pair of articles that hold them.
    """
    spans: list[tuple[int, int, float]] = [(0, 0, 0.0)] * len(a_keys)
    runs: list[tuple[int, int, int, int]] = []  # changed runs: (a_lo, a_hi, b_lo, b_hi)
    open_run: list = []

    def close() -> None:
        if open_run:
            runs.append((open_run[0].src_start, open_run[-1].src_end, open_run[0].dest_start, open_run[-1].dest_end))
            open_run.clear()

    for op in Indel.opcodes(a_keys, b_keys):
        if op.tag == "equal":
            close()
            for k in range(op.src_end - op.src_start):
                j = op.dest_start + k
                spans[op.src_start + k] = (j, j + 1, j + 0.5)
        else:
            open_run.append(op)
    close()
    # Which changed runs of B hold each word (an index, so that finding a moved run costs the words, not runs²).
    holders: dict[str, list[int]] = {}
    if moves:
        for t, (_, _, t_lo, t_hi) in enumerate(runs):
            for key in set(b_keys[t_lo:t_hi]):
                holders.setdefault(key, []).append(t)
    for r, (a_lo, a_hi, b_lo, b_hi) in enumerate(runs):
        if a_hi == a_lo:
            continue
        moved, to = None, 0  # the words' places in the run they moved to, and where that run starts in B
        if holders and a_hi - a_lo >= 2:
            shared_with = Counter(t for key in set(a_keys[a_lo:a_hi]) for t in holders.get(key, ()))
            if shared_with:
                t, shared = max(shared_with.items(), key=lambda x: (x[1], x[0] == r))
                if t != r and shared >= 2 and 2 * shared >= a_hi - a_lo:
                    to, to_hi = runs[t][2], runs[t][3]
                    moved = _projection(a_keys[a_lo:a_hi], b_keys[to:to_hi], moves=False)
        for i in range(a_lo, a_hi):
            lo, hi, at = moved[i - a_lo] if moved else (0, 0, 0.0)
            if hi > lo:  # found again in the run it moved to ("It says 13 buildings" → "10 buildings ..., it says")
                spans[i] = (to + lo, to + hi, to + at)
            else:  # else replaced where it stood
                spans[i] = (b_lo, b_hi, b_lo + (i - a_lo + 0.5) / (a_hi - a_lo) * (b_hi - b_lo))
    return tuple(spans)


class _Places:
    """Where a fact of passage A went in passage B: the word diff of the two passages maps one onto the other."""

    def __init__(self, a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int]):
        self.a_words = _passage_words(a_text, a_span)
        self.b_words = _passage_words(b_text, b_span)
        self._spans = None
        self._bounds = None

    def _range(self, side: int, f: Fact) -> tuple[int, int]:
        """The indices of the words of side 0 (A) or 1 (B) that ``f`` covers."""
        starts, ends = self._bounds[side]
        lo = bisect.bisect_right(ends, f.start)
        return lo, max(lo, bisect.bisect_left(starts, f.end))

    def nearness(self, fa: Fact, fb: Fact) -> float | None:
        """None when ``fb`` is not where ``fa``'s words went; else 1 / (1 + words between where fa went and fb)."""
        if self._spans is None:  # the diff is made when first asked
            self._spans = _projection(tuple(w[2] for w in self.a_words), tuple(w[2] for w in self.b_words))
            self._bounds = [([w[0] for w in words], [w[1] for w in words]) for words in (self.a_words, self.b_words)]
        a_lo, a_hi = self._range(0, fa)
        b_lo, b_hi = self._range(1, fb)
        mapped = [self._spans[i] for i in range(a_lo, a_hi) if self._spans[i][1] > self._spans[i][0]]
        if not mapped:
            return None
        lo, hi = min(m[0] for m in mapped), max(m[1] for m in mapped)
        if not (lo < b_hi and b_lo < hi):
            return None
        at = sum(m[2] for m in mapped) / len(mapped)
        return 1 / (1 + abs(at - (b_lo + b_hi) / 2))


def _passage_words(text: str, span: tuple[int, int]) -> list[tuple[int, int, str]]:
    words = _analyse(text).words
    lo = bisect.bisect_left(words, (span[0], -1, ""))
    hi = bisect.bisect_left(words, (span[1], -1, ""))
    return words[lo:hi]


def fact_changes(a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int]) -> list[FactChange]:
    """Changed facts between two passages known to be about the same thing (aligned passages).

    Two facts may pair only within one slot (:mod:`.slots`: counts of one
    noun family, dates of one frame, a time with a time).  They pair when
    their anchors share two words or an adjacent pair of words (the nouns two
    counts count do not count), or one word when they are dates naming the
    same month ("April or May", "May 19"), or one word when each is the only
    fact of its type in its passage; a number, amount, percentage, date or
    time that is the only one of its type in each passage also pairs by
    sitting at about the same place in both.  Two facts whose values differ
    pair only where the word diff of the passages puts one in the other's
    place ("Six midwives" → "Midwives, out of 1200 midwives across the
    country": the six was dropped, not changed).
    A fact with no partner is not a change: a later article adding a sentence
    adds facts, it does not change them.  A value the other passage states
    anywhere in the same slot is not a change (for names: the other article,
    anywhere).
    """
    a_facts = extract_facts(a_text, *a_span)
    b_facts = extract_facts(b_text, *b_span)
    a_len = max(1, a_span[1] - a_span[0])
    b_len = max(1, b_span[1] - b_span[0])
    splits_a, splits_b = _analyse(a_text).splits, _analyse(b_text).splits
    slots = _Slots(a_text, b_text)
    places = _Places(a_text, a_span, b_text, b_span)

    def link(fa: Fact, fb: Fact, n_a: int, n_b: int) -> float | None:
        if not slots.may_pair(fa, fb):
            return None
        group = GROUPS[fa.type]
        words, bigrams, close = _overlap(fa, fb, splits_a, splits_b, slots.words(fa, fb))
        drift = abs((fa.start - a_span[0]) / a_len - (fb.start - b_span[0]) / b_len)
        score = 2 * bigrams + words + close - drift
        if same_value(group, fa.value, fb.value) and not (group == "person" and _named(fa.value, fb.value)):
            return 100 + score
        # Differing values (or a bare title and a name): fb must stand where the word diff put fa.
        near = places.nearness(fa, fb)
        if near is None:
            return None
        score += near
        if words and _related(group, fa.value, fb.value):
            return 13 + score
        if bigrams or words >= 2 or near >= 0.5:  # near ≥ 0.5: fb is within a word of where fa went
            return 10 + score
        if n_a == 1 and n_b == 1 and (words or (drift <= 0.2 and fa.type in _VALUE_TYPES)):
            return 10 + score
        return None

    # A name the other article mentions anywhere has not changed, only moved: "European Commission" in one
    # passage and "European Council" in its partner are two bodies when the other article names both.
    names_a = [f for f in extract_facts(a_text) if f.type in ("person", "organisation")]
    names_b = [f for f in extract_facts(b_text) if f.type in ("person", "organisation")]

    def restated(f: Fact, other: Fact, side: str) -> bool:
        return slots.restates(f, other, side)

    changes = _pair_values(a_facts, b_facts, link, restated, (names_a, names_b))
    changes += _quote_changes(
        a_text, [f for f in a_facts if f.type == "quote"], b_text, [f for f in b_facts if f.type == "quote"], strict=False,
        places=places,
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

    analysis_a, analysis_b = _analyse(a_text), _analyse(b_text)
    splits_a, splits_b = analysis_a.splits, analysis_b.splits
    slots = _Slots(a_text, b_text)
    in_sentences: dict[tuple, _Places] = {}  # (sentence of A, sentence of B), and the same with "back" for B/A

    def link(fa: Fact, fb: Fact, n_a: int, n_b: int) -> float | None:
        if not slots.may_pair(fa, fb):
            return None
        words, bigrams, close = _overlap(fa, fb, splits_a, splits_b, slots.words(fa, fb))
        if not (bigrams or words >= 3):
            return None
        group = GROUPS[fa.type]
        equal = same_value(group, fa.value, fb.value) and not (group == "person" and _named(fa.value, fb.value))
        score = (100 if equal else 3 if _related(group, fa.value, fb.value) else 0) + (2 * bigrams + words + close)
        if not equal:
            # Two differing facts must stand in each other's place in the word diff of their two sentences
            # (of the whole articles, the diff would lose a fact whose sentence was rewritten or moved).
            # The diff is read both ways and both must agree (a word diff breaks ties by its order: "trade trade
            # the EU" / "trade the Nato trade" put EU in Nato's place one way only), so A/B and B/A pair alike.
            key = (analysis_a.sentence_of(fa.start), analysis_b.sentence_of(fb.start))
            if key not in in_sentences:
                in_sentences[key] = _Places(a_text, key[0], b_text, key[1])
            back = (key[1], key[0], "back")
            if back not in in_sentences:
                in_sentences[back] = _Places(b_text, key[1], a_text, key[0])
            near, near_back = in_sentences[key].nearness(fa, fb), in_sentences[back].nearness(fb, fa)
            if near is None or near_back is None:
                return None
            score += min(near, near_back)
        return score

    def restated(f: Fact, other: Fact, side: str) -> bool:
        # Across whole articles "Monday" elsewhere is usually another Monday, "in May" another May:
        # a weekday or a date without a year is restated only by a fact on a related topic (a shared anchor word).
        if f.type in ("date", "time") and not _is_absolute(f.value):
            return _overlap(f, other)[0] > 0
        return slots.restates(f, other, side)

    # link needs a shared pair of adjacent words or three shared words: facts sharing one word are not tried
    changes = _pair_values(a_facts, b_facts, link, restated, shared_word=True, shared_words=2)
    # Quotations with no speaker either side pair only where the diff of the whole articles puts one in the
    # other's place (a quotation is often its whole sentence, so its sentence alone says nothing).
    changes += _quote_changes(
        a_text, [f for f in a_facts if f.type == "quote"], b_text, [f for f in b_facts if f.type == "quote"], strict=True,
        places=_Places(a_text, (0, len(a_text)), b_text, (0, len(b_text))),
    )
    return _dedupe(changes)
