"""An article's date, for putting a story's articles in time order.

The rule (docs/timeline.md):

1. the article's own publication date, from its metadata: YAML front
   matter, a JSONL field, a manifest (:func:`articlediff.read.article_metadata`)
   or its leading date line (``date 2026-02-01``, which the normaliser
   reads as ``Cleaned.metadata["date"]``): source ``metadata``;
2. otherwise the article is **undated**.  The dates its text mentions are
   events it reports, not its publication date ("the collapse of talks in
   November 2025" in an article of 2026): the latest of them that the text
   treats as past (not "a summit planned for May 2027") is kept as
   ``not_before``, a lower bound the ordering respects and the report shows
   as such.

Dates without a year ("May 19", "on Thursday") are ignored: they cannot be
placed.  Dates are ISO strings, ``YYYY-MM-DD`` or ``YYYY-MM``, which sort
as text in time order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..months import MONTHS
from ..prepare import Prepared

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = [
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*,?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I),
]


def dates_in_text(text: str) -> list[str]:
    """Complete dates the text mentions, as ISO strings (``YYYY-MM-DD``, or ``YYYY-MM`` for "November 2025")."""
    return [iso for iso, _ in _dated_spans(text)]


#: Words that put a date in the article's future ("a summit planned for May 2027"): such a
#: date says nothing about when the article was written.
_FUTURE = re.compile(
    r"\b(?:will|shall|planned|plans?|due|scheduled|expected|upcoming|forthcoming|next|set\s+to|ahead\s+of)\b", re.I
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """An article's publication date (None when undated), where it came from, and the lower bound its text gives."""

    date: str | None
    source: str | None  # "metadata", or None
    not_before: str | None  # the latest date its text treats as past


def past_dates_in_text(text: str) -> list[str]:
    """The complete dates the text mentions outside sentences about the future (see :data:`_FUTURE`)."""
    out = []
    for pattern_date, (start, end) in _dated_spans(text):
        left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        right = _SENTENCE_END.search(text, end)
        sentence = text[left : right.start() if right else len(text)]
        if not _FUTURE.search(sentence):
            out.append(pattern_date)
    return out


def _dated_spans(text: str) -> list[tuple[str, tuple[int, int]]]:
    found: dict[tuple[int, int], str] = {}
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in found):
                continue
            iso = _iso(m)
            if iso:
                found[(m.start(), m.end())] = iso
    return [(iso, span) for span, iso in sorted(found.items())]


def _iso(m: re.Match) -> str | None:
    month = m.group("month")
    month_n = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    day = m.groupdict().get("day")
    if not 1 <= month_n <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    return f"{m.group('year')}-{month_n:02d}" + (f"-{int(day):02d}" if day else "")


def article_date(article: Prepared) -> ArticleDate:
    """The article's :class:`ArticleDate` by the rule above."""
    from ..read import article_metadata

    meta = article.cleaned.metadata if article.cleaned is not None else {}
    own = article_metadata(article.document).date or meta.get("date")
    past = past_dates_in_text(article.cleaned.text if article.cleaned is not None else article.document.text)
    bound = max(past) if past else None
    if own:
        return ArticleDate(str(own), "metadata", bound)
    return ArticleDate(None, None, bound)


def time_order(dates: list[str | None]) -> list[int]:
    """Positions in time order: undated articles first, in the order given, then dated ones by date.

    An undated article cannot be placed; putting it first treats it as a
    possible source of the dated ones, and keeps the order the user gave.
    Equal dates keep the order given too (the sort is stable).
    """
    undated = [i for i, d in enumerate(dates) if d is None]
    dated = sorted((i for i, d in enumerate(dates) if d is not None), key=lambda i: dates[i])
    return undated + dated
