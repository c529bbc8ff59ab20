"""Extracting the facts of a text: running the finders, choosing among overlapping matches, anchors, caching.

:func:`extract_facts` analyses the whole text once (:func:`_analyse`, cached
for the last 256 texts) so that names learnt in one sentence ("Keir
Starmer") resolve a surname in another ("Starmer" gives ``keir starmer``)
and a passage-by-passage comparison reuses the work; it then returns the
facts inside the span asked for.

The value patterns of :mod:`.numbers` and :mod:`.dates` run only in short
windows around the words that can start them (:data:`_TRIGGERS`): scanning
every pattern over a whole 5 KB article took 7 ms, in windows well under
1 ms.  When two value matches overlap, money wins over percent, time, date
and number, then the longer match (:func:`_select`).  Names
(:mod:`.names`) and quotations (:mod:`.quotes`) are found after the values,
outside them.  Each fact's anchor is up to ``ANCHOR_WINDOW`` content words
on each side of it in its sentence: what the fact is about.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..matching import WORD_RE, matching_key
from ..segment import paragraph_bounds, split_sentences
from .dates import (
    _DATE_AGO,
    _DATE_DEICTIC,
    _DATE_DMY,
    _DATE_EDGE,
    _DATE_ISO,
    _DATE_MDY,
    _DATE_MONTH,
    _DATE_MONTHS,
    _DATE_MY,
    _DATE_NUMERIC,
    _DATE_PERIOD,
    _DATE_RELATIVE,
    _DATE_SEASON,
    _DATE_WEEKDAY,
    _DATE_YEAR,
    _MONTH_CONTEXT,
    _MONTH_NAMES,
    _SEASON_CONTEXT,
    _TIME_COLON,
    _TIME_DOT,
    _TIME_HOUR,
    _TIME_WORD,
    _WEEKDAYS,
    _YEAR_CONTEXT,
    _ago,
    _day_month,
    _edge,
    _hedged_start,
    _in_context,
    _months,
    _numeric_date,
    _period,
    _relative,
    _time,
    _weekday,
)
from .model import Fact
from .names import _is_headline, _name_spans, _resolve_names, defined_names, tie_roles
from .numbers import (
    _MONEY_AFTER,
    _MONEY_BEFORE,
    _NUMBER,
    _PERCENT,
    _TENS,
    _UNITS,
    _VAGUE_NUMBER,
    _WORD_NUMBER,
    _money,
    _number,
    _percent,
    _word_number,
)
from .quotes import _attribute, _quotes
from .slots import count_slot
from .words import _NAME_TOKEN, ANCHOR_STOPWORDS, LOWER_ROLES, STOPWORDS, _split

#: Content words kept on each side of a fact for its anchor.
ANCHOR_WINDOW = 4

# Priority when two value facts overlap: lower wins (money over the number inside it).
_PRIORITY = {"money": 0, "percent": 1, "time": 2, "date": 3, "number": 4}


# Each pattern runs only in windows around the words that can start or end it (a digit, a month name, "ago"...):
# scanning a 5 KB article with all of them everywhere takes 7 ms, in windows well under 1 ms.
# trigger → (characters before the word, characters after it, patterns with their handlers)
_TRIGGERS: dict[str, tuple[int, int, tuple]] = {
    "digit": (20, 25, (
        (_MONEY_BEFORE, _money), (_MONEY_AFTER, _money), (_PERCENT, _percent), (_NUMBER, _number),
        (_TIME_COLON, _time), (_TIME_DOT, _time), (_TIME_HOUR, _time), (_DATE_DMY, _day_month), (_DATE_MDY, _day_month),
        (_DATE_MY, _day_month), (_DATE_ISO, _numeric_date), (_DATE_NUMERIC, _numeric_date),
        (_DATE_YEAR, _in_context(_YEAR_CONTEXT, "date", "y")), (_DATE_AGO, _ago), (_DATE_EDGE, _edge),
    )),
    "wordnum": (2, 45, ((_WORD_NUMBER, _word_number), (_MONEY_AFTER, _money), (_PERCENT, _percent), (_DATE_AGO, _ago))),
    "month": (2, 45, (
        (_DATE_MONTHS, _months), (_DATE_MONTH, _in_context(_MONTH_CONTEXT, "date", "m")), (_DATE_MY, _day_month),
        (_DATE_MDY, _day_month),
    )),
    "edge_month": (30, 2, ((_DATE_EDGE, _edge),)),
    "weekday": (2, 45, ((_DATE_WEEKDAY, _weekday), (_DATE_MDY, _day_month), (_DATE_DMY, _day_month))),
    "clock": (2, 2, ((_TIME_WORD, lambda text, m: ("time", "00:00" if m["w"].lower() == "midnight" else "12:00")),)),
    "deictic": (2, 2, ((_DATE_DEICTIC, lambda text, m: ("date", m.group().lower())),)),
    "unit": (30, 2, ((_DATE_RELATIVE, _relative), (_DATE_EDGE, _edge), (_DATE_PERIOD, _period))),
    "season": (30, 2, ((_DATE_RELATIVE, _relative), (_DATE_SEASON, _in_context(_SEASON_CONTEXT, "date", "s")))),
    "ago": (40, 4, ((_DATE_AGO, _ago),)),
    "vague": (2, 30, ((_VAGUE_NUMBER, lambda text, m: ("number", " ".join(m.group().lower().split()))),)),
}
_TRIGGER_WORDS = (
    {w: "wordnum" for w in (*_UNITS, *_TENS) if w != "zero"}
    | {w: "month" for w in _MONTH_NAMES}
    | {w: "weekday" for w in _WEEKDAYS}
    | {w: "clock" for w in ("noon", "midday", "midnight")}
    | {w: "deictic" for w in ("today", "tonight", "yesterday", "tomorrow")}
    | {w: "unit" for w in _split("week weekend month year decade century morning afternoon evening night days weeks months")}
    | {"years": "unit"}
    | {w: "season" for w in ("spring", "summer", "autumn", "winter")}
    | {"ago": "ago"}
    | {w: "vague" for w in ("dozens", "scores", "hundreds", "thousands", "millions", "billions")}
)


def _value_candidates(text: str, words: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """Every match of the value patterns: (start, end, type, value), overlapping; ``words`` are (start, end, key)."""
    points: dict[str, list[tuple[int, int]]] = {}
    triggers = _TRIGGER_WORDS
    find = text.find
    for ws, we, key in words:
        if not key.isalpha():
            points.setdefault("digit", []).append((ws, we))
            continue
        hyphen = find("-", ws, we) != -1
        if not hyphen and key not in triggers:
            continue
        parts = [(ws, we, key)]
        if hyphen:  # "mid-May", "twenty-five"
            parts = []
            pos = ws
            for part in text[ws:we].split("-"):
                parts.append((pos, pos + len(part), part.lower()))
                pos += len(part) + 1
        for ps, pe, pk in parts:
            trigger = _TRIGGER_WORDS.get(pk)
            if trigger == "month":
                if not text[ps].isupper():
                    continue
                points.setdefault("edge_month", []).append((ps, pe))
            if trigger:
                points.setdefault(trigger, []).append((ps, pe))
    found: set[tuple[int, int, str, str]] = set()
    n = len(text)
    for trigger, spots in points.items():
        before, after, patterns = _TRIGGERS[trigger]
        windows: list[list[int]] = []
        for ws, we in spots:
            lo, hi = max(0, ws - before), min(n, we + after)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        for pattern, handler in patterns:
            for lo, hi in windows:
                for m in pattern.finditer(text, lo, hi):
                    got = handler(text, m)
                    if got:
                        found.add((m.start(), m.end(), *got))
    return sorted(found)


@dataclass
class _Analysis:
    facts: list[Fact]
    speakers: dict[tuple[int, int], Fact]  # quote (start, end) → the person it is attributed to
    named: set[tuple[int, int]]  # quotes whose own sentence names their speaker ("…," X said), not a pronoun's guess
    splits: dict[tuple[int, int, str], int]  # fact (start, end, type) → how many anchor words come before it
    slots: dict[tuple[int, int], tuple[str | None, tuple[str, ...]]]  # number (start, end) → its slot, the words naming it
    words: list[tuple[int, int, str]]  # every word: (start, end, matching key), for word diffs of passages
    sentences: list[tuple[int, int]]  # every sentence: (start, end)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos`` (``(pos, pos)`` between sentences)."""
        k = bisect.bisect_right(self.sentences, (pos, float("inf"))) - 1
        if k >= 0 and pos < self.sentences[k][1]:
            return self.sentences[k]
        return pos, pos


def _sentences(text: str) -> tuple[list[tuple[int, int, bool, bool]], list[tuple[int, int]]]:
    """Sentences as (start, end, in_headline, is_byline), and paragraphs as (start, end)."""
    sentences = []
    paragraphs = paragraph_bounds(text)
    for k, (p_start, p_end) in enumerate(paragraphs):
        headline = _is_headline(text, p_start, p_end)
        byline = False
        if k + 1 < len(paragraphs) and p_end - p_start <= 60:
            nxt = text[paragraphs[k + 1][0] : paragraphs[k + 1][1]]
            line_words = _NAME_TOKEN.findall(text, p_start, p_end)
            byline = (
                2 <= len(line_words) <= 4
                and all(w[0].isupper() for w in line_words)
                and len(nxt.split()) <= 5
                and any(w.lower() in LOWER_ROLES for w in nxt.split())
            )
        for s, e in split_sentences(text, p_start, p_end):
            chunk = text[s:e]
            s2 = s + len(chunk) - len(chunk.lstrip())
            e2 = s + len(chunk.rstrip())
            if e2 > s2:
                sentences.append((s2, e2, headline, byline))
    return sentences, paragraphs


def _select(cands: list[tuple[int, int, str, str]], length: int) -> list[tuple[int, int, str, str]]:
    """Non-overlapping value facts: the higher-priority type first, then the longer match, then the earlier."""
    cands = sorted(cands, key=lambda c: (_PRIORITY[c[2]], c[0] - c[1], c[0]))
    taken = bytearray(length)
    out = []
    for c in cands:
        if taken.find(1, c[0], c[1]) == -1:
            taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
            out.append(c)
    return out


@lru_cache(maxsize=1024)
def _analyse(text: str) -> _Analysis:
    """All the facts of ``text``, with anchors and quotation speakers; cached per text.

    The cache holds as many texts as a timeline of 1,000 articles reads: its fact links visit the articles of
    many stories in date order, and 256 texts kept each article's analysis for a quarter of its pairs (issue 22).
    """
    sentences, paragraphs = _sentences(text)
    n = len(text)
    words = [(m.start(), m.end(), _anchor_key(m.group())) for m in WORD_RE.finditer(text)]

    values = _select(_value_candidates(text, words), n)
    values = [(_hedged_start(text, s, 0) if t == "date" else s, e, t, v) for s, e, t, v in values]
    blocked = bytearray(n)
    for s, e, _, _ in values:
        blocked[s:e] = b"\x01" * (e - s)

    names = _resolve_names(_name_spans(text, sentences, words, blocked))
    defined = [d for d in defined_names(text) if blocked.find(1, d[0], d[1]) == -1]  # "Security Action for Europe (Safe)"
    if defined:
        names = [x for x in names if not any(x[0] < e and s < x[1] for s, e, _, _ in defined)] + defined
    quotes = _quotes(text)

    # Anchors: the sentence's content words, minus words inside value facts (they are other facts' values, not topics).
    word_starts = [w[0] for w in words]
    content = [k.isalpha() and len(k) > 1 and k not in STOPWORDS and k not in ANCHOR_STOPWORDS and blocked.find(1, s, e) == -1
               for s, e, k in words]
    sent_starts = [s[0] for s in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(sent_starts, pos) - 1
        if k >= 0 and pos < sentences[k][1]:
            return sentences[k][0], sentences[k][1]
        return pos, pos

    def anchor(start: int, end: int) -> tuple[tuple[str, ...], int]:
        s_lo = sentence_of(start)[0] if sentence_of(start)[1] > start else start
        s_hi = sentence_of(max(start, end - 1))[1]
        s_hi = max(s_hi, end)
        left, right = [], []
        k = bisect.bisect_left(word_starts, start) - 1
        while k >= 0 and words[k][0] >= s_lo and len(left) < ANCHOR_WINDOW:
            if content[k] and words[k][1] <= start:
                left.append(words[k][2])
            k -= 1
        k = bisect.bisect_left(word_starts, end)
        while k < len(words) and words[k][1] <= s_hi and len(right) < ANCHOR_WINDOW:
            if content[k]:
                right.append(words[k][2])
            k += 1
        return tuple(reversed(left)) + tuple(right), len(left)

    facts = []
    splits = {}
    for s, e, t, v in (*values, *names, *quotes):
        words_around, n_left = anchor(s, e)
        facts.append(Fact(t, text[s:e], s, e, v, words_around))
        splits[(s, e, t)] = n_left
    facts.sort(key=lambda f: (f.start, f.end, f.type))
    facts = tie_roles(text, facts)
    speakers, named = _attribute(text, facts, paragraphs, sent_starts, sentence_of)
    slots = {(f.start, f.end): count_slot(text, f.start, f.end) for f in facts if f.type == "number"}
    return _Analysis(facts, speakers, named, splits, slots, words, [(s[0], s[1]) for s in sentences])


@lru_cache(maxsize=100_000)
def _anchor_key(word: str) -> str:
    if len(word) > 2 and word[-2:] in ("'s", "’s"):
        word = word[:-2]
    return matching_key(word)


def extract_facts(text: str, start: int = 0, end: int | None = None) -> list[Fact]:
    """Facts in ``text[start:end]``, offsets into ``text``, in reading order.

    The whole text is analysed (and cached), so names and speakers resolve
    across the article; only facts lying wholly inside the span are returned.
    """
    end = len(text) if end is None else end
    return [f for f in _analyse(text).facts if start <= f.start and f.end <= end]


def speaker_of(text: str, quote: Fact) -> Fact | None:
    """The person fact a quotation of ``text`` is attributed to, or None when the text does not say."""
    return _analyse(text).speakers.get((quote.start, quote.end))
