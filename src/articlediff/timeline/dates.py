"""An article's date, for putting a story's articles in time order.

The rule, in order (docs/timeline.md):

1. the date the normaliser read from the article's own date line
   (``date 2026-02-01``; ``Cleaned.metadata["date"]``): source ``metadata``;
2. otherwise the latest complete date the text mentions ("3 February
   2025", "February 3, 2025", "2025-02-03", or "November 2025" at month
   precision): source ``text``.  An article is rarely older than the latest
   event it reports, so the latest date is a lower bound that orders a
   story's articles well; a date in the future of the article ("a summit
   planned for May 2027") can push it late, which is why the metadata date
   wins when there is one;
3. otherwise no date.

Dates without a year ("May 19", "on Thursday") are ignored: they cannot be
placed.  Dates are ISO strings, ``YYYY-MM-DD`` or ``YYYY-MM``, which sort
as text in time order.
"""

from __future__ import annotations

import re

from ..facts.dates import MONTHS
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
    found: dict[tuple[int, int], str] = {}
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in found):
                continue  # "3 February 2025" already read; do not read "February 2025" in it again
            month = m.group("month")
            month_n = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            day = m.groupdict().get("day")
            if not 1 <= month_n <= 12 or (day is not None and not 1 <= int(day) <= 31):
                continue
            iso = f"{m.group('year')}-{month_n:02d}" + (f"-{int(day):02d}" if day else "")
            found[(m.start(), m.end())] = iso
    return [iso for _, iso in sorted(found.items())]


def article_date(article: Prepared) -> tuple[str | None, str | None]:
    """``(date, source)`` of a prepared article by the rule above; ``(None, None)`` when it has none."""
    meta = article.cleaned.metadata if article.cleaned is not None else {}
    if meta.get("date"):
        return str(meta["date"]), "metadata"
    found = dates_in_text(article.document.text)
    if found:
        return max(found), "text"
    return None, None


def time_order(dates: list[str | None]) -> list[int]:
    """Positions in time order: undated articles first, in the order given, then dated ones by date.

    An undated article cannot be placed; putting it first treats it as a
    possible source of the dated ones, and keeps the order the user gave.
    Equal dates keep the order given too (the sort is stable).
    """
    undated = [i for i, d in enumerate(dates) if d is None]
    dated = sorted((i for i, d in enumerate(dates) if d is not None), key=lambda i: dates[i])
    return undated + dated
