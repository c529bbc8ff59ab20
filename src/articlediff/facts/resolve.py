"""Relative dates read against the article's own date: "last year" in an article of 2026-02-01 is 2025.

A relative date names a day, month or year only given the day it was
written on: "the end of last year", "yesterday", "three months ago".  When
the article's date is known (the ``date`` of a JSONL record, a leading
``date YYYY-MM-DD`` line, front matter: :func:`articlediff.read.document_date`),
:func:`resolve_date` turns such a value of :mod:`.dates` into the absolute
value it names, in the values :mod:`.dates` writes (``2025``, ``2025-12``,
``2026-01-31``), with an edge of a year or month kept as a suffix
(``2025-end``).  Two articles of different days that say "last year" then
name the year each means.

Only what one reading can give is resolved: a bare weekday ("Monday's
meeting") may be the last Monday or the next, a week has no value of its
own here, a season depends on the hemisphere, and "three weeks ago" is a
span, not a day; those stay relative (unresolved: None), and a report says
nothing of them it cannot know.
"""

from __future__ import annotations

import datetime as _dt
import re

#: Edges of a period a relative date may name ("the end of last year").
EDGES = ("end", "start", "beginning", "middle", "turn")
_SHIFT = {"last": -1, "this": 0, "next": 1}


def resolve_date(value: str, on: _dt.date | str | None) -> str | None:
    """The absolute value of a relative date ``value`` written on the day ``on``; None when it has no single one.

    ``today``/``tonight``, ``yesterday``, ``tomorrow`` → a day; ``last|this|next
    year`` → a year; ``… month`` → a month; ``N days ago`` → a day, ``N months
    ago`` → a month, ``N years ago`` → a year; ``end of last year`` →
    ``2025-end``, ``start of next month`` → ``2026-03-start``.
    """
    day = _day(on)
    if day is None:
        return None
    if value in ("today", "tonight"):
        return day.isoformat()
    if value in ("yesterday", "tomorrow"):
        return (day + _dt.timedelta(days=-1 if value == "yesterday" else 1)).isoformat()
    m = re.fullmatch(r"(?P<e>[a-z]+) of (?P<q>last|this|next) (?P<u>year|month)", value)
    if m and m["e"] in EDGES:
        inner = _period(m["q"], m["u"], day)
        return f"{inner}-{m['e']}" if inner else None
    m = re.fullmatch(r"(?P<q>last|this|next) (?P<u>year|month)", value)
    if m:
        return _period(m["q"], m["u"], day)
    m = re.fullmatch(r"(?P<n>\d+) (?P<u>day|month|year)s ago", value)
    if m:
        n = int(m["n"])
        if m["u"] == "day":
            return (day - _dt.timedelta(days=n)).isoformat()
        if m["u"] == "month":
            return _month(day, -n)
        return str(day.year - n)
    return None


def _day(on: _dt.date | str | None) -> _dt.date | None:
    if on is None or isinstance(on, _dt.date):
        return on
    try:
        return _dt.date.fromisoformat(str(on)[:10])
    except ValueError:
        return None


def _period(q: str, unit: str, day: _dt.date) -> str | None:
    shift = _SHIFT.get(q)
    if shift is None:
        return None
    return str(day.year + shift) if unit == "year" else _month(day, shift)


def _month(day: _dt.date, shift: int) -> str:
    index = day.year * 12 + day.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


#: The months an edge of a year spans: "the end of 2025" is October to December.
_YEAR_EDGES = {"start": (1, 3), "beginning": (1, 3), "middle": (5, 8), "end": (10, 12)}


def date_span(value: str) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day an absolute date value names (``2025`` → the year, ``2025-end`` → its last quarter).

    None for what names no span of the calendar here (a relative value, a month without a year, "turn of").
    """
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:-([a-z]+))?", value)
    if not m:
        return None
    year, month, day, edge = int(m[1]), m[2], m[3], m[4]
    if edge is not None and (day is not None or month is not None or edge not in _YEAR_EDGES):
        return None
    if day is not None:
        try:
            one = _dt.date(year, int(month), int(day))
        except ValueError:
            return None
        return one, one
    if month is not None:
        first = _dt.date(year, int(month), 1)
        return first, _dt.date(year + int(month) // 12, int(month) % 12 + 1, 1) - _dt.timedelta(days=1)
    low, high = _YEAR_EDGES.get(edge, (1, 12))
    return _dt.date(year, low, 1), _dt.date(year + high // 12, high % 12 + 1, 1) - _dt.timedelta(days=1)


def within(a: str, b: str) -> bool:
    """Whether one of two date values names a span inside the other's (``2025-11`` is within ``2025-end``)."""
    sa, sb = date_span(a), date_span(b)
    if sa is None or sb is None or a == b:
        return False
    return (sb[0] <= sa[0] and sa[1] <= sb[1]) or (sa[0] <= sb[0] and sb[1] <= sa[1])
