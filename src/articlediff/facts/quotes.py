"""Quotations: finding them, and who says each one.

A quotation is text in ``“…”``, ``"…"`` or ``«…»`` (an unclosed ``“`` runs
to the end of its line); its value is its words' matching keys, so curly
and straight apostrophes or accents do not make two quotations differ.
Single quotation marks are ignored: too often apostrophes.
:func:`_attribute` gives each quotation its speaker, by the rules in its
docstring (docs/facts.md, "Quotations and speakers"); the timeline needs the
speaker to report a quotation put in someone else's mouth.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..matching import WORD_RE, matching_key
from .model import Fact
from .words import _NAME_TOKEN, _NEXT_VERB, LOWER_ROLES, SPEECH_VERBS

_QUOTE = re.compile(r"“[^“”\n]*(?:”|(?=\n)|\Z)|\"[^\"\n]+\"|«[^«»\n]*»")
#: What may stand between a quotation and the speaker named after it: ``,” the Prime Minister``, ``”, said ``.
_ATTRIBUTION_GAP = re.compile(r"[\s,.!?:;—–-]*(?:(?:the|said|says|added|adds|according\s+to)\s+)*", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
#: A role written between a quotation and its speaker, who then speaks: ``,” White House spokesman Ari Fleischer said``.
_ROLE_GAP = re.compile(
    r"[\s,.!?:;—–-]*(?:(?:the|a|an)\s+)?(?:(?:[A-Z][\w’'\-]*|" + "|".join(sorted(LOWER_ROLES)) + r")\s+){1,5}"
)


def _quotes(text: str) -> list[tuple[int, int, str, str]]:
    """The quotations of ``text`` as (start, end, "quote", value); a quotation with no words is left out."""
    quotes = []
    for m in _QUOTE.finditer(text):
        inner = m.group()[1:-1] if m.group()[-1:] in "”\"»" else m.group()[1:]
        keys = [k for k in (matching_key(w) for w in WORD_RE.findall(inner)) if k]
        if keys:
            quotes.append((m.start(), m.end(), "quote", " ".join(keys)))
    return quotes


def _in_any(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies inside one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _attribute(text: str, facts: list[Fact], paragraphs: list[tuple[int, int]], sentence_starts: list[int],
               sentence_of) -> tuple[dict[tuple[int, int], Fact], set[tuple[int, int]]]:
    """Who says each quotation, and which quotations name their speaker in their own sentence (rule 1), by the
    first rule that finds someone:

    1. a person in the quotation's sentence linked to it by a speech verb
       (``X said: “…”``, ``X told reporters “…”``) or right after it (``“…,” X said``), also after a
       role when a speech verb follows (``“…,” White House spokesman Ari Fleischer said``);
    2. ``he``/``she`` in the sentence: the last person of the three sentences
       before who was given a speech verb, else the last one opening a sentence,
       else the last one, else the speaker of the quotation before (``He added: “…”``);
    3. a line ending in a colon before a bullet list (``Starmer said:``);
    4. a quotation that opens its paragraph, or follows another in the same
       paragraph: the speaker of the quotation before it.
    """
    quotes = [f for f in facts if f.type == "quote"]
    quote_spans = [(q.start, q.end) for q in quotes]
    persons = [f for f in facts if f.type == "person" and not _in_any(f.start, quote_spans)]
    para_starts = [p[0] for p in paragraphs]
    speakers: dict[tuple[int, int], Fact] = {}
    explicit: set[tuple[int, int]] = set()
    previous: Fact | None = None
    previous_para = -10

    def speaks(p: Fact) -> bool:
        m = _NEXT_VERB.match(text, p.end)
        return bool(m and m.group(1).lower() in SPEECH_VERBS)

    def opens_sentence(p: Fact) -> bool:
        return not _NAME_TOKEN.search(text, sentence_of(p.start)[0], p.start)

    for q in quotes:
        lo = sentence_of(q.start)[0] if sentence_of(q.start)[1] > q.start else q.start
        hi = max(sentence_of(max(q.start, q.end - 1))[1], q.end)
        para = bisect.bisect_right(para_starts, q.start) - 1
        speaker = None
        linked = []
        for p in persons:
            if p.end <= q.start and p.start >= lo:
                between = text[p.end : q.start]
                if any(w.lower() in SPEECH_VERBS for w in _NAME_TOKEN.findall(between)):
                    linked.append((q.start - p.end, p))
            elif q.end <= p.start < hi and (
                _ATTRIBUTION_GAP.fullmatch(text, q.end, p.start) or (_ROLE_GAP.fullmatch(text, q.end, p.start) and speaks(p))
            ):
                linked.append((p.start - q.end, p))
        if linked:
            speaker = min(linked, key=lambda x: x[0])[1]
            explicit.add((q.start, q.end))
        elif _PRONOUN.search(text, lo, q.start) or _PRONOUN.search(text, q.end, hi):
            back = sentence_starts[max(0, bisect.bisect_right(sentence_starts, q.start) - 4)] if sentence_starts else 0
            before = [p for p in persons if back <= p.start and p.end <= q.start]
            ranked = [p for p in before if speaks(p)] or [p for p in before if opens_sentence(p)] or before
            speaker = ranked[-1] if ranked else (previous if 0 <= para - previous_para <= 3 else None)
        if speaker is None and para >= 0:
            speaker = _colon_speaker(text, paragraphs, para, persons)
        if speaker is None and para >= 0:
            opens = not text[paragraphs[para][0] : q.start].strip()
            if para == previous_para or (opens and para - previous_para == 1):
                speaker = previous
        if speaker is not None:
            speakers[(q.start, q.end)] = speaker
        previous, previous_para = speaker, para
    return speakers, explicit


def _colon_speaker(text: str, paragraphs: list[tuple[int, int]], para: int, persons: list[Fact]) -> Fact | None:
    """For a quotation in a bullet list: the person of the nearest line before the list that ends with a colon."""
    k = para
    while k >= 0:
        line_start = text.rfind("\n", 0, paragraphs[k][0]) + 1
        is_bullet = bool(text[line_start : paragraphs[k][0]].strip())
        if not is_bullet:
            break
        k -= 1
    if k < 0 or k == para or not text[paragraphs[k][0] : paragraphs[k][1]].rstrip().endswith(":"):
        return None
    inside = [p for p in persons if paragraphs[k][0] <= p.start < paragraphs[k][1]]
    return inside[-1] if inside else None
