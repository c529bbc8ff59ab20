"""What de-spinning from context may never change: facts, names, quotations and fixed expressions.

A repair judged by a language model alone is a guess about wording; a
guess must not change what the article says.  Replacing "re-join the
customs union" by "re-join the union" changes a fact, and no reading score
is evidence enough for that.  So, before context proposals are judged, the
spans a reader checks first are marked, and a proposal that touches one is
dropped:

* **facts** that :func:`articlediff.facts.extract_facts` finds: numbers,
  money, percentages, dates, times, people, organisations, and quotations
  (a quotation is someone's words: even a spun quote is left for a
  reference or a spinner profile to restore, which carry evidence);
* **fixed expressions**: two neighbouring words that the trigram model
  (:mod:`.ngram`) finds far likelier together than apart, "customs union",
  "supply chains", "Downing Street": the second word is at least
  e^:data:`FIXED_PMI` times likelier after the first than on its own, and
  likely there in absolute terms (ln P ≥ :data:`FIXED_LOGP`).  Neither word
  is a function word.

Repairs with evidence (a reference, a learned spinner profile) are not held
by this rule: they restore what a source wrote, names and quotations too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .wordstats import zipf

#: Fact types a context repair may not touch (every type :mod:`articlediff.facts` finds).
PROTECTED_TYPES = ("number", "money", "percent", "date", "time", "person", "organisation", "quote")
#: ln P(second | first) − ln P(second) at which two words are a fixed expression.
FIXED_PMI = 4.0
#: ... and the least ln P(second | first).
FIXED_LOGP = -6.0
#: Words this frequent (Zipf) are function words, never part of a fixed expression here.
FUNCTION_ZIPF = 6.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def protected_spans(text: str, lm=None) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every span of ``text`` a context repair may not touch, in text order.

    ``kind`` is the fact type or ``"fixed expression"``.  ``lm`` is the
    trigram model used to find fixed expressions (loaded when None; without
    pocketsphinx only facts are protected).
    """
    from ..facts import extract_facts

    spans = [(f.start, f.end, f.type) for f in extract_facts(text) if f.type in PROTECTED_TYPES]
    spans += fixed_expressions(text, lm)
    return sorted(spans)


def fixed_expressions(text: str, lm=None) -> list[tuple[int, int, str]]:
    """Spans of neighbouring word pairs the trigram model reads as one expression ("customs union")."""
    if lm is None or not hasattr(lm, "prob"):
        from .ngram import load_trigram_model

        lm = load_trigram_model()
    if lm is None:
        return []
    out = []
    words = list(_WORD.finditer(text))
    for a, b in zip(words, words[1:]):
        if text[a.end() : b.start()] != " ":
            continue
        first, second = a.group().lower(), b.group().lower()
        if _function(first) or _function(second):
            continue
        together = lm.prob(lm.fold(second), lm.fold(first), None)
        if together >= FIXED_LOGP and together - lm.prob(lm.fold(second), None, None) >= FIXED_PMI:
            out.append((a.start(), b.end(), "fixed expression"))
    return out


@lru_cache(maxsize=1 << 14)
def _function(word: str) -> bool:
    return zipf(word) >= FUNCTION_ZIPF


class Protected:
    """The protected spans of one text, with an overlap test in time proportional to the span tested."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        self._owner: dict[int, int] = {}
        for k, (start, end, _) in enumerate(spans):
            for pos in range(start, end):
                self._owner.setdefault(pos, k)

    def hit(self, start: int, end: int) -> tuple[int, int, str] | None:
        """A protected span that ``[start, end)`` overlaps, if any."""
        for pos in range(start, end):
            k = self._owner.get(pos)
            if k is not None:
                return self.spans[k]
        return None
