"""Numbers, amounts of money and percentages: their patterns and their normalised values.

* **money**: a currency sign or code before a number (``£130bn``, ``€ 90
  billion``, ``US$5m``) or a currency word after it (``150 billion euro``);
  value ``GBP 130000000000``.
* **percent**: ``3%``, ``30 per cent``, ``2.5 percentage points`` (value ``2.5pp``).
* **number**: digits (``27``, ``3,000``, ``1.5 million``, ``16th``), number
  words (``three``, ``twenty-five``) and vague counts (``hundreds of millions``).

Each handler takes the text and a match and returns ``(type, value)``, or
None when the match is not a fact (the ``7`` of ``G7``, a list number).
:mod:`.extract` decides where the patterns run and which match wins.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .words import _split

_UNITS = {w: i for i, w in enumerate(_split("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                             "fourteen fifteen sixteen seventeen eighteen nineteen"))}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_split("twenty thirty forty fifty sixty seventy eighty ninety"))}
_MULTIPLIERS = {
    "hundred": 100, "thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12,
}
_CURRENCIES = {
    "£": "GBP", "€": "EUR", "$": "USD", "us$": "USD", "$us": "USD", "$a": "AUD", "a$": "AUD", "c$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "¥": "JPY",
    "₹": "INR", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "dollar": "USD",
    "dollars": "USD", "yen": "JPY", "yuan": "CNY", "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_WORDS = "|".join(sorted((w for w in _UNITS if w not in ("zero", "one")), key=len, reverse=True))
_TENS_WORDS = "|".join(_TENS)
_WORDNUM = (
    rf"\b(?:(?:{_TENS_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:{_UNIT_WORDS})"
    rf"|one(?=\s+(?:hundred|thousand|million|billion|trillion)\b))\b"
)
_CODES = "GBP|EUR|USD|JPY|CHF|CNY|AUD|CAD|INR"
_SCALE_WORDS = r"\s(?:trillion|billion|million|thousand)\b"

_MONEY_BEFORE = re.compile(
    rf"(?<![\w$£€¥₹])(?P<cur>US\$|A\$|C\$|NZ\$|HK\$|\$US|\$A(?=\d)|\$|£|€|¥|₹|(?:{_CODES})(?=\s?\d))\s?(?P<num>{_NUM})"
    rf"(?P<mult>\s?(?:trillion|billion|million|thousand)\b|(?:tn|bn|m|k)\b)?"
)
_MONEY_AFTER = re.compile(
    rf"(?<![\w.,$£€])(?P<num>{_NUM}|{_WORDNUM})(?P<mult>{_SCALE_WORDS}|(?:tn|bn|m|k)\b)?\s?"
    rf"(?P<cur>euros?|pounds?(?:\s+sterling)?|sterling|dollars?|yen|yuan|rupees?|francs?|{_CODES})\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM}|{_WORDNUM})\s?(?P<unit>%|per\s?cent\b|percent\b|percentage\s+points?\b|pc\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"(?<![\w.,£$€¥₹])(?<!\w-)(?P<num>{_NUM})(?:(?P<mult>{_SCALE_WORDS}|(?:tn|bn)\b)|(?P<ord>st|nd|rd|th)\b)?(?![\w%]|[.,]\d)"
)
_WORD_NUMBER = re.compile(rf"(?P<num>{_WORDNUM})(?P<mult>\s(?:hundred|thousand|million|billion|trillion)\b)?", re.IGNORECASE)
_VAGUE_NUMBER = re.compile(
    r"\b(?:dozens|scores|hundreds|thousands|millions|billions)(?:\s+of\s+(?:thousands|millions|billions))?\b", re.IGNORECASE
)


def is_number_word(word: str) -> bool:
    """Whether ``word`` (any case) names a number: "three", "twenty", "million" (not "first": an order, not an amount)."""
    w = word.lower()
    return w in _UNITS or w in _TENS or (w in _MULTIPLIERS and len(w) > 2)


def _fmt(d: Decimal) -> str:
    """A decimal as plain digits: ``130000000000``, ``2.5``."""
    d = d.normalize()
    if d == d.to_integral_value():
        return str(int(d))
    return format(d, "f")


def _word_value(words: str) -> int | None:
    """``twenty-five`` → 25, ``three`` → 3, ``one`` → 1."""
    total = 0
    for part in re.split(r"[-\s]+", words.lower()):
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part:
            return None
    return total


def _amount(num: str, mult: str | None) -> Decimal | None:
    num = num.strip()
    if num[:1].isdigit():
        try:
            value = Decimal(num.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        words = _word_value(num)
        if words is None:
            return None
        value = Decimal(words)
    if mult:
        value *= _MULTIPLIERS[mult.strip().lower()]
    return value


def _money(text: str, m: re.Match) -> tuple[str, str] | None:
    cur = m["cur"].split()[0].lower()
    if m["mult"] and m["mult"].strip().lower() in ("m", "k") and not m["num"][:1].isdigit():
        return None  # "two m euros" is not an amount
    amount = _amount(m["num"], m["mult"])
    return None if amount is None else ("money", f"{_CURRENCIES.get(cur, cur.upper())} {_fmt(amount)}")


def _percent(text: str, m: re.Match) -> tuple[str, str] | None:
    amount = _amount(m["num"], None)
    return None if amount is None else ("percent", _fmt(amount) + ("pp" if "point" in m["unit"].lower() else "%"))


def _number(text: str, m: re.Match) -> tuple[str, str] | None:
    s = m.start()
    if s and (text[s - 1] in ".,£$€¥₹" or text[s - 1].isalnum() or (text[s - 1] == "-" and s > 1 and text[s - 2].isalnum())):
        return None  # part of a larger token: "G7", "COVID-19", "1.2.3"
    line_start = text.rfind("\n", 0, s) + 1
    after = text[m.end() : m.end() + 2]
    if not text[line_start:s].strip() and after[:1] in ".)" and after[1:2].isspace():
        return None  # a list number: "1. That's a wrap"
    if m["ord"]:
        return "number", m["num"].replace(",", "") + m["ord"].lower()
    amount = _amount(m["num"], m["mult"])
    return None if amount is None else ("number", _fmt(amount))


def _word_number(text: str, m: re.Match) -> tuple[str, str] | None:
    amount = _amount(m["num"], m["mult"])
    return None if amount is None else ("number", _fmt(amount))
