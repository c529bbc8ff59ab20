"""The one table of month names, for every module that reads a date.

The article reader (front matter and manifest dates, :mod:`articlediff.read.metadata`),
the fact finder (:mod:`articlediff.facts.dates`) and the timeline's text dates all
read "3 Feb 2025" and "February 3, 2025"; they share this table so that they agree on
what a month is ("Sept" included).  It sits on the lowest floor so the reader, below
the fact finder, can use it.
"""

from __future__ import annotations

#: Each month's names, in order: the full name first, then its abbreviations.
MONTH_FORMS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
#: Every month name and abbreviation (lower case) → the month's number.
MONTHS = {name: n for n, names in enumerate(MONTH_FORMS, start=1) for name in names}
