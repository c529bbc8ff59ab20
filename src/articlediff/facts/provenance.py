"""Facts as the unit of provenance: the normalised facts an article states, and which articles share rare ones.

A rewrite keeps a story's facts and changes its words: every sentence may
be worded otherwise than its source's, so that no passage of the two
aligns, while both still name the same fund of the same amount, the same
council and the same minister.  Sentence-level paraphrase alignment was
measured and found unreliable (docs/paraphrase.md); a fact either is in
both articles or is not.

:func:`fact_keys` turns an article into the set of its *checkable* facts,
each as ``type:value`` with the values :mod:`.extract` normalises (money
in a currency and units, people and organisations in a canonical form,
absolute dates).  Facts that say nothing about which story it is are left
out: a role without a name ("the Prime Minister"), a relative date ("next
week", "Monday": its day depends on the article's own date; given that
date, one that names a single day, month or year is resolved and kept,
:mod:`.resolve`), a bare small
number, and quotations (their words are compared elsewhere, by
:mod:`.pairing`).

:func:`story_links` scores every pair of a set of articles by the facts
they share, each weighted by how rare it is in the set (a fact in every
article, "EU" in a set of EU stories, says nothing): the weight of a fact
held by ``df`` of ``n`` articles is ``log((n + 1) / df)``.  A pair is
linked as the same story when it shares ``MIN_RARE_SHARED`` facts that at
most half the set holds.  Every link carries its evidence: the shared
facts, and the facts only one side states (what a later article adds).

:func:`compare_facts` says the same of two articles, with places: the
facts both state, the ones they state differently (a slot whose value
changed), and the ones only one states; ``compare`` reports it.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

from ..matching import word_keys
from .extract import extract_facts
from .model import Fact, FactChange
from .pairing import anchored_changes
from .resolve import resolve_date, within

#: Fact types that can tell one story from another (quotations are compared by their words, in .pairing).
STORY_TYPES = frozenset({"money", "percent", "number", "date", "person", "organisation"})
#: A bare number below this, with no unit, is in too many stories to tell them apart ("3", "27").
MIN_BARE_NUMBER = 100
#: Shared facts held by at most half the set that make two articles the same story.
MIN_RARE_SHARED = 3
#: A fact stated by more articles than this proposes no pairs in ``story_links(linked_only=True)`` (it still counts
#: in a proposed pair's score): in a large set such a fact is a beat, not one story.
MAX_HOLDERS = 50
#: Changed facts are looked for only when the two articles' facts make at most this many pairs: pairing them is
#: quadratic (two 360 KB texts of 4,900 facts each took 4 s, when a news article has a few dozen).
MAX_FACT_PAIRS = 250_000


def fact_keys(text: str, on: _dt.date | str | None = None) -> dict[str, Fact]:
    """The checkable facts of an article: ``"type:value"`` -> the first fact that states it (its evidence).

    ``on`` is the article's own date, when known: a relative date it states
    ("the end of last year", "yesterday") is then keyed by the date it names
    (:func:`.resolve.resolve_date`: ``date:2025-end``), and so checkable.
    """
    out: dict[str, Fact] = {}
    for fact in extract_facts(text):
        if telling(fact):
            out.setdefault(f"{fact.type}:{fact.value}", fact)
        elif on is not None and fact.type == "date":
            resolved = resolve_date(fact.value, on)
            if resolved is not None:
                out.setdefault(f"date:{resolved}", fact)
    return out


def telling(fact: Fact) -> bool:
    """Whether a fact can tell one story from another (the module documentation says which cannot)."""
    if fact.type not in STORY_TYPES:
        return False
    if fact.type == "person":
        return not fact.value.startswith("role:")
    if fact.type == "date":
        return fact.value[:4].isdigit()  # an absolute date ("2025-11"), not "next week" or "Monday"
    if fact.type == "number":
        digits = fact.value.replace(".", "", 1)
        return not (digits.isdigit() and float(fact.value) < MIN_BARE_NUMBER)
    return True


@dataclass(frozen=True)
class StoryLink:
    """Two articles of a set and the facts they share (with each fact's rarity weight) and do not."""

    a: str
    b: str
    score: float  # the sum of the shared facts' weights
    shared: tuple[tuple[str, float], ...]  # (fact key, weight), rarest first
    only_a: tuple[str, ...] = field(default=())
    only_b: tuple[str, ...] = field(default=())
    rare: int = 0  # shared facts held by at most half the set

    @property
    def same_story(self) -> bool:
        """Whether they share enough rare facts to be one story (``MIN_RARE_SHARED``)."""
        return self.rare >= MIN_RARE_SHARED

    def to_dict(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "same_story": self.same_story,
            "shared": [{"fact": k, "weight": round(w, 3)} for k, w in self.shared],
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
        }


def document_frequency(fact_sets: Mapping[str, set[str] | Mapping[str, Fact]]) -> dict[str, int]:
    """How many of a set's articles state each fact."""
    df: dict[str, int] = {}
    for facts in fact_sets.values():
        for key in facts:
            df[key] = df.get(key, 0) + 1
    return df


def rarity(fact_sets: Mapping[str, set[str] | Mapping[str, Fact]]) -> dict[str, float]:
    """The weight of each fact in a set of articles: ``log((n + 1) / df)``, rarer facts weigh more."""
    return _weights(document_frequency(fact_sets), len(fact_sets))


def _weights(df: Mapping[str, int], n: int) -> dict[str, float]:
    return {key: math.log((n + 1) / count) for key, count in df.items()}


def story_links(articles: Mapping[str, str] | Sequence[str], *, linked_only: bool = False) -> list[StoryLink]:
    """Every pair of articles (``name -> text``, or texts named by position) with its shared facts, best first.

    The facts are :func:`fact_keys`'; :func:`links_between` does the rest.
    """
    named = dict(articles) if isinstance(articles, Mapping) else {str(k): t for k, t in enumerate(articles)}
    return links_between({name: fact_keys(text) for name, text in named.items()}, linked_only=linked_only)


def links_between(facts: Mapping[str, Mapping[str, Fact]], *, linked_only: bool = False) -> list[StoryLink]:
    """:func:`story_links` of articles whose facts are known already (``name -> fact_keys(text)``).

    With ``linked_only``, only the pairs that are the same story, found
    without visiting every pair: two articles are compared only when they
    share ``MIN_RARE_SHARED`` rare facts, counted over an inverted index of
    the facts held by at most ``MAX_HOLDERS`` articles (a set of a thousand
    articles is half a million pairs).
    """
    held = document_frequency(facts)
    weight = _weights(held, len(facts))
    df_limit = len(facts) / 2
    if linked_only:
        holders: dict[str, list[str]] = {}
        for name, mine in facts.items():
            for key in mine:
                if held[key] <= df_limit and held[key] <= MAX_HOLDERS:
                    holders.setdefault(key, []).append(name)
        counts: dict[tuple[str, str], int] = {}
        for names in holders.values():
            for pair in combinations(names, 2):
                counts[pair] = counts.get(pair, 0) + 1
        pairs = [pair for pair, count in counts.items() if count >= MIN_RARE_SHARED]
    else:
        pairs = list(combinations(facts, 2))
    links = []
    for a, b in pairs:
        shared = sorted(set(facts[a]) & set(facts[b]), key=lambda k: (-weight[k], k))
        link = StoryLink(
            a,
            b,
            sum(weight[k] for k in shared),
            tuple((k, weight[k]) for k in shared),
            tuple(sorted(set(facts[a]) - set(facts[b]))),
            tuple(sorted(set(facts[b]) - set(facts[a]))),
            sum(held[k] <= df_limit for k in shared),
        )
        if link.same_story or not linked_only:
            links.append(link)
    return sorted(links, key=lambda link: (-link.score, link.a, link.b))


@dataclass(frozen=True)
class FactComparison:
    """Two articles' checkable facts (:func:`fact_keys`): shared, changed, and only in one of them.

    ``shared`` holds each fact stated in both, with where each side states
    it; ``changed`` the facts of one slot that the two state differently
    (:func:`.pairing.anchored_changes`: conservative, across whole
    articles); ``only_a`` and ``only_b`` the rest of each side's facts,
    those of a change left out.
    """

    shared: tuple[tuple[str, Fact, Fact], ...]
    changed: tuple[FactChange, ...]
    only_a: tuple[tuple[str, Fact], ...]
    only_b: tuple[tuple[str, Fact], ...]
    changes_checked: bool = True  # False when the articles hold too many facts to pair (MAX_FACT_PAIRS)
    #: Dates the two state of one thing, one within the other (:func:`agreeing_dates`): ``(a key, b key, a, b)``.
    agreeing: tuple[tuple[str, str, Fact, Fact], ...] = ()

    @property
    def summary(self) -> dict:
        return {
            "shared": len(self.shared) + len(self.agreeing),
            "changed": len(self.changed),
            "only_a": len(self.only_a),
            "only_b": len(self.only_b),
        }

    def to_dict(self) -> dict:
        def place(f: Fact) -> dict:
            return {"start": f.start, "end": f.end, "text": f.text}

        return {
            "shared": [{"fact": k, "a": place(fa), "b": place(fb)} for k, fa, fb in self.shared]
            + [{"fact": ka, "b_fact": kb, "a": place(fa), "b": place(fb)} for ka, kb, fa, fb in self.agreeing],
            "changed": [c.to_dict() for c in self.changed],
            "only_a": [{"fact": k, **place(f)} for k, f in self.only_a],
            "only_b": [{"fact": k, **place(f)} for k, f in self.only_b],
            "changes_checked": self.changes_checked,
            "summary": self.summary,
        }


def compare_facts(
    a_text: str,
    b_text: str,
    a_date: _dt.date | str | None = None,
    b_date: _dt.date | str | None = None,
    *,
    changes: bool = True,
) -> FactComparison:
    """The facts two articles share, the ones they state differently, and the ones only one states.

    ``a_date`` and ``b_date`` are the articles' own dates, when known: their
    relative dates are then compared as the dates they name (:func:`fact_keys`).
    With ``changes=False`` the facts are only keyed and set side by side, not
    paired for changes (``changes_checked`` is False): pairing is most of the
    cost, and a caller that wants only what two articles share skips it.
    """
    a_keys, b_keys = fact_keys(a_text, a_date), fact_keys(b_text, b_date)
    a_facts, b_facts = extract_facts(a_text), extract_facts(b_text)
    checked = changes and len(a_facts) * len(b_facts) <= MAX_FACT_PAIRS
    changed = tuple(c for c in anchored_changes(a_text, a_facts, b_text, b_facts) if c.type in STORY_TYPES) if checked else ()
    in_a = {(c.a_start, c.a_end) for c in changed}
    in_b = {(c.b_start, c.b_end) for c in changed}
    shared = tuple((k, a_keys[k], b_keys[k]) for k in a_keys if k in b_keys)
    only_a = tuple((k, f) for k, f in a_keys.items() if k not in b_keys and (f.start, f.end) not in in_a)
    only_b = tuple((k, f) for k, f in b_keys.items() if k not in a_keys and (f.start, f.end) not in in_b)
    return FactComparison(shared, changed, only_a, only_b, checked)


def agreeing_dates(comparison: FactComparison, a_text: str, b_text: str, topical) -> FactComparison:
    """``comparison`` with the dates the two articles state of one thing moved from their "only" lists to ``agreeing``.

    Two dates agree when one names a span within the other's ("the end of
    last year" in an article of early 2026 and "November 2025":
    :func:`.resolve.within`) and their sentences share a topical word
    (``topical(word key)``: the caller's test, for words rarer than everyday
    English: "talks").  Each date agrees with one other at most; a date of
    another thing in the same months stays where it was.
    """
    def words(text: str, fact: Fact) -> set[str]:
        start = max(text.rfind(".", 0, fact.start), text.rfind("\n", 0, fact.start)) + 1
        ends = [e for e in (text.find(".", fact.end), text.find("\n", fact.end)) if e != -1]
        sentence = text[start : min(ends) if ends else len(text)]
        own = set(word_keys(fact.text))
        return {w for w in word_keys(sentence) if w not in own and not w.isdigit() and topical(w)}

    dates_b = [(k, f) for k, f in comparison.only_b if k.startswith("date:")]
    used: set[str] = set()
    agreeing = []
    for ka, fa in comparison.only_a:
        if not ka.startswith("date:"):
            continue
        around = words(a_text, fa)
        for kb, fb in dates_b:
            if kb not in used and within(ka[5:], kb[5:]) and around & words(b_text, fb):
                agreeing.append((ka, kb, fa, fb))
                used.add(kb)
                break
    if not agreeing:
        return comparison
    gone_a, gone_b = {ka for ka, _, _, _ in agreeing}, {kb for _, kb, _, _ in agreeing}
    return replace(
        comparison,
        only_a=tuple(x for x in comparison.only_a if x[0] not in gone_a),
        only_b=tuple(x for x in comparison.only_b if x[0] not in gone_b),
        agreeing=comparison.agreeing + tuple(agreeing),
    )
