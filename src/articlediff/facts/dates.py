"""Dates and times: their patterns, their normalised values, and how date values relate.

* **date**: ``19 May 2025``, ``May 19``, ``November 2025``, ``April or May``,
  ``in May``, weekdays, ISO and day/month/year dates, a year after a
  preposition, and relative dates (``next month``, ``later this week``,
  ``the end of last year``, ``three weeks ago``, ``by the spring``).  A hedge
  before a date (``possibly in``) is part of its text, not of its value
  (:func:`_hedged_start`).
* **time**: ``17:23``, ``5pm``, ``5.30 p.m.``, ``noon``; value ``HH:MM``.

Values are ``2025-05-19``, ``--05-19`` (no year), ``2025-05``, month names
(``april|may``, ``march-may``) or the relative phrase normalised
(``next week``).  :func:`_date_parts`, :func:`_is_absolute` and
:func:`_months_of` read those values back for :mod:`.pairing`.
Dates are a few regular expressions rather than ``dateparser``, whose
``search_dates`` takes about 50 ms on a 5 KB article (ten times this
package's whole analysis), finds dates in words such as "We" and has no
value for "April or May" (docs/facts.md).
"""

from __future__ import annotations

import datetime as _dt
import re

from ..months import MONTH_FORMS, MONTHS  # the one month table, shared with the reader and the timeline
from .numbers import _WORDNUM, _word_value
from .words import _prev_word, _words

_MONTH_NAMES = [names[0] for names in MONTH_FORMS]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH_FULL = "|".join(name.title() for name in _MONTH_NAMES)
_MONTH_ANY = _MONTH_FULL + "|" + "|".join(short.title() for names in MONTH_FORMS for short in names[1:])
_WD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

_DATE_DMY = re.compile(
    rf"\b(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH_ANY})\b(?:,?\s+(?P<y>{_YEAR})\b(?![,.]?\d))?"
)
_DATE_MDY = re.compile(
    rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<m>{_MONTH_ANY})\.?\s+(?P<d>{_DAY})\b(?![%:.,]?\d)(?:,?\s+(?P<y>{_YEAR})\b(?![,.]?\d))?"
)
_DATE_MY = re.compile(rf"\b(?P<m>{_MONTH_ANY})\.?,?\s+(?P<y>{_YEAR})\b(?![,.]?\d)")
_DATE_MONTHS = re.compile(
    rf"\b(?P<ms>(?:{_MONTH_FULL})(?:\s*(?:,|or|and|to|-|–|/)\s*(?:{_MONTH_FULL}))+)\b(?:,?\s+(?P<y>{_YEAR})\b(?![,.]?\d))?"
)
_DATE_MONTH = re.compile(rf"\b(?P<m>{_MONTH_FULL})\b")
_DATE_ISO = re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b(?!-)")
_DATE_NUMERIC = re.compile(rf"(?<![\d/.])(?P<d>0?[1-9]|[12]\d|3[01])/(?P<m>0?[1-9]|1[0-2])/(?P<y>{_YEAR}|\d\d)(?![\d/])")
_DATE_WEEKDAY = re.compile(rf"\b(?P<wd>{_WD})\b")
_DATE_YEAR = re.compile(rf"\b(?P<y>{_YEAR})\b(?![,.]?\d|\s?%|-\d)")
_DATE_RELATIVE = re.compile(
    r"\b(?:(?:later|earlier)\s+)?(?P<q>this\s+coming|the\s+coming|this|next|last)\s+"
    r"(?P<u>week|weekend|month|year|spring|summer|autumn|winter|decade|morning|afternoon|evening|night)\b",
    re.IGNORECASE,
)
_DATE_DEICTIC = re.compile(r"\b(?:today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)
_DATE_AGO = re.compile(
    rf"\b(?P<n>\d+|{_WORDNUM}|a|an|a\s+few|several)\s+(?P<u>day|week|month|year|decade)s?\s+ago\b", re.IGNORECASE
)
_DATE_PERIOD = re.compile(
    r"\b(?:the\s+)?(?P<q>coming|recent|next\s+few|past\s+few)\s+(?P<u>days|weeks|months|years)\b", re.IGNORECASE
)
_DATE_EDGE = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<e>end|start|beginning|middle|turn)\s+of\s+(?:(?P<q>this|next|last|the)\s+"
    rf"(?P<u>week|month|year|decade|century)|(?P<m>{_MONTH_FULL})|(?P<y>{_YEAR}))\b"
)
_DATE_SEASON = re.compile(r"\b(?P<s>spring|summer|autumn|winter)\b")
_HEDGE = re.compile(
    r"\b(?:possibly|probably|presumably|perhaps|maybe|likely|potentially|as\s+early\s+as|as\s+soon\s+as|as\s+late\s+as)\s+"
    r"(?:(?:in|on|by|at|around|from|during|before|after)\s+)?$",
    re.IGNORECASE,
)

_TIME_COLON = re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?:\s?(?P<ap>[ap])\.?m\b\.?)?", re.IGNORECASE)
_TIME_DOT = re.compile(r"(?<![\d.:])(?P<h>1[0-2]|0?[1-9])\.(?P<mi>[0-5]\d)\s?(?P<ap>[ap])\.?m\b\.?", re.IGNORECASE)
_TIME_HOUR = re.compile(r"(?<![\d.:])(?P<h>1[0-2]|0?[1-9])\s?(?P<ap>[ap])\.?m\b\.?", re.IGNORECASE)
_TIME_WORD = re.compile(r"\b(?P<w>noon|midday|midnight)\b", re.IGNORECASE)

#: Words before a lone month name that make it a date ("in May"), not a verb or a name.
_MONTH_CONTEXT = _words(
    """in on by since until till from to of during before after early mid late this next last through throughout
    between and or end start beginning middle for around into"""
)
#: Words before a year that make it a date ("in 2019"), not a count.
_YEAR_CONTEXT = _words("in since by until till from to of during before after early mid late the through between")
_SEASON_CONTEXT = _words("in by the until till since over during before after early late mid")


def _date_value(y: str | None, m: int | None, d: str | None) -> str | None:
    """``2025-05-19``, ``--05-19`` (no year), ``2025-05``, or None for an impossible date."""
    day = int(re.match(r"\d+", d).group()) if d else None
    year = None
    if y:
        year = int(y)
        if year < 100:
            year += 2000
    try:
        _dt.date(year or 2000, m or 1, day or 1)  # 2000 is a leap year: 29 February stays valid
    except ValueError:
        return None
    if day is None:
        return f"{year:04d}-{m:02d}" if year else _MONTH_NAMES[m - 1]
    return f"{year:04d}-{m:02d}-{day:02d}" if year else f"--{m:02d}-{day:02d}"


def _time(text: str, m: re.Match) -> tuple[str, str]:
    h = int(m["h"])
    mi = int(m.groupdict().get("mi") or 0)
    ap = (m["ap"] or "").lower()
    if ap == "p" and h < 12:
        h += 12
    elif ap == "a" and h == 12:
        h = 0
    return "time", f"{h:02d}:{mi:02d}"


def _day_month(text: str, m: re.Match) -> tuple[str, str] | None:
    value = _date_value(m["y"], MONTHS[m["m"].lower()], m.groupdict().get("d"))
    return ("date", value) if value else None


def _numeric_date(text: str, m: re.Match) -> tuple[str, str] | None:
    value = _date_value(m["y"], int(m["m"]), m["d"])
    return ("date", value) if value else None


def _months(text: str, m: re.Match) -> tuple[str, str]:
    names = re.findall(_MONTH_FULL, m["ms"])
    sep = "-" if re.search(r"\bto\b|[-–]", m["ms"]) else "|"
    months = [MONTHS[n.lower()] for n in names]
    if sep == "|":
        months = sorted(set(months))  # "April or May" is "May or April"
    return "date", sep.join(_date_value(m["y"], k, None) for k in months)


def _weekday(text: str, m: re.Match) -> tuple[str, str] | None:
    s = m.start()
    prev = _prev_word(text, s, keep_case=True)
    if text[s - 1 : s] == " " and prev[:1].isupper() and prev.lower() not in _MONTH_CONTEXT:
        return None  # "Good Friday", "Black Friday"
    return "date", m["wd"].lower()


def _relative(text: str, m: re.Match) -> tuple[str, str]:
    q = m["q"].lower().split()
    return "date", f"{'next' if 'coming' in q else q[0]} {m['u'].lower()}"


def _ago(text: str, m: re.Match) -> tuple[str, str]:
    n = m["n"].lower()
    if n[:1].isdigit():
        count = n
    elif n in ("a", "an"):
        count = "1"
    else:
        count = str(_word_value(n) or "few")
    return "date", f"{count} {m['u'].lower()}s ago"


def _period(text: str, m: re.Match) -> tuple[str, str]:
    q = m["q"].lower().split()[0]
    return "date", f"{'coming' if q in ('coming', 'next') else 'recent'} {m['u'].lower()}"


def _edge(text: str, m: re.Match) -> tuple[str, str]:
    if m["u"]:
        what = f"{'this' if m['q'] == 'the' else m['q']} {m['u']}"
    else:
        what = (m["m"] or m["y"]).lower()
    return "date", f"{m['e']} of {what}"


def _in_context(words: frozenset[str], kind: str, group: str, lower: bool = True):
    def handler(text: str, m: re.Match) -> tuple[str, str] | None:
        if _prev_word(text, m.start()) not in words:
            return None
        return kind, m[group].lower() if lower else m[group]

    return handler


def _hedged_start(text: str, start: int, lower_bound: int) -> int:
    """Move a date's start back over a hedge before it: "possibly in April or May"."""
    m = _HEDGE.search(text, max(lower_bound, start - 40), start)
    return m.start() if m else start


def _date_parts(value: str) -> tuple[int | None, int | None, int | None] | None:
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    m = re.fullmatch(r"--(\d\d)-(\d\d)", value)
    if m:
        return None, int(m[1]), int(m[2])
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if m:
        return int(m[1]), int(m[2]), None
    if value in MONTHS:
        return None, MONTHS[value], None
    return None


def _is_absolute(value: str) -> bool:
    """A date or time value that names the same moment wherever it is written: a year, a month of a year, a day."""
    return bool(re.fullmatch(r"\d{4}(?:-\d\d){0,2}|--\d\d-\d\d|\d\d:\d\d", value))


def _months_of(value: str) -> set[int]:
    """The months a date value names: ``april|may`` → {4, 5}, ``--05-19`` → {5}."""
    months = {MONTHS[w] for w in re.findall(r"[a-z]+", value) if w in MONTHS}
    months.update(int(m) for m in re.findall(r"(?:^|[-|])(?:\d{4})?-(\d\d)(?=-|$|\|)", value))
    return months
