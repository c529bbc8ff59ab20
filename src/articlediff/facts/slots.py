"""What a fact is about, beyond its type: its *slot*.  A change pairs two facts of one slot, never two slots.

* **Counts** (``number`` facts): the noun counted, read from the words
  right after the number (``500 residents``, ``60 fire units``: the last
  of two words when only it is plural, ``3,000 Hamas supporters``) or, for
  a number with no noun, from a casualty word near it (``as many as 35
  have been shot``, ``killing 12``, ``the death toll rose to 40``).  Nouns
  of one family (:data:`COUNT_FAMILIES`) are one slot: ``victims``,
  ``dead``, ``injured`` and people who were ``shot``, ``killed`` or
  ``wounded`` are all ``casualties``; ``fires`` and ``blazes`` are one.
  Otherwise the slot is the noun without its plural ending (``fires`` and
  ``hectares`` never pair).  A generic ``people`` is compatible with any
  noun of people (``residents``, ``casualties``).  No noun, no slot: such a
  number pairs only on the evidence of its context (:mod:`.pairing`).
* **Dates and times**: the *frame* a value is read in (:func:`date_frame`):
  the calendar (``19 May``, ``April or May``, ``2019``), a weekday, the
  clock, or relative to the article's own date (``next week``,
  ``yesterday``, ``three weeks ago``) or vague (``by the spring``, ``the
  end of May``).  Two values of different frames, or two relative or vague
  ones, are not compared: ``Monday`` and ``the coming week`` can name the
  same meeting, and ``yesterday`` in a later article is another day.
* **Hedges**: two calendar values that differ only in the alternatives
  they allow (``April`` and ``April or May``) state the same fact less or
  more surely (:func:`only_alternatives`); a spinner that turns "May" into
  "Could" makes the first of the second.

The lists are small and documented in docs/facts.md; they are not a
thesaurus (the project's thesaurus is for spinners, and calls ``may`` a
hawthorn).
"""

from __future__ import annotations

import re

from .dates import _WEEKDAYS, MONTHS, _date_parts
from .words import STOPWORDS, _words

#: Nouns counted as one slot: a change of the noun within a family is still the same count.
COUNT_FAMILIES = {
    "casualties": _words(
        """victims victim casualties casualty dead deaths death fatalities fatality injured injuries wounded bodies
        killed survivors"""
    ),
    "fires": _words("fires blazes bushfires wildfires fire blaze bushfire wildfire"),
    "troops": _words("soldiers troops servicemen servicewomen marines"),
    "homes": _words("homes houses dwellings"),
    "people": _words("people persons individuals"),
}
_FAMILY_OF = {w: family for family, words in COUNT_FAMILIES.items() for w in words}
#: Nouns of people: counted people who were shot, killed or hurt are casualties; ``people`` is compatible with each.
PEOPLE_NOUNS = _words(
    """people persons individuals civilians residents men women children adults babies passengers workers employees
    staff students pilgrims protesters demonstrators refugees villagers miners patients tourists fans police officers
    policemen firefighters soldiers troops militants fighters gunmen prisoners detainees hostages teenagers youths
    members supporters settlers"""
)
#: Words after a count (within a few words) that make counted people casualties: "35 people were shot".
CASUALTY_WORDS = _words("killed dead died die dying injured wounded hurt shot slain murdered hospitalised hospitalized")
#: Words just before a bare number that make it a casualty count: "killing 12", "the death toll rose to 40".
CASUALTY_CUES = _words("toll killing killed kills deaths dead")
#: Plural-looking words that are not nouns counted.
_NOT_COUNTED = _words("per percent cent times has was is does says remains means")

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|[^\sA-Za-z]")
_SENTENCE_STOP = frozenset(".;:!?\"“”()[]")


#: Counted nouns whose plural has no -s.
_INVARIANT = _words("people police staff personnel crew men women children dead injured wounded killed")


def _plural(word: str) -> bool:
    w = word.lower()
    if w in _INVARIANT:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in STOPWORDS and w not in _NOT_COUNTED


def lemma(word: str) -> str:
    """A noun without its plural ending: ``fires`` → ``fire``, ``casualties`` → ``casualty``, ``buses`` → ``bus``."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "uses")):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def count_slot(text: str, start: int, end: int) -> tuple[str | None, tuple[str, ...]]:
    """The slot of the number at ``text[start:end]`` and the words naming it (left out of its anchor evidence).

    ``("fire", ("fires",))`` for "Two fires burning"; ``("casualties", ("victims",))`` for "four victims";
    ``("casualties", ())`` for "as many as 35 have been shot"; ``(None, ())`` when the text does not say.
    """
    tokens = [m.group() for m in _TOKEN.finditer(text, end, min(len(text), end + 90))]
    words: list[str] = []  # the words after the number up to the end of its sentence, and its commas
    for t in tokens:
        if t in _SENTENCE_STOP or (t == "-" and not words):  # "a 35-year-old" counts nothing
            break
        if t == "," or t[0].isalpha():
            words.append(t)
        if len(words) >= 9:
            break
    after = [w for w in words if w != ","]
    noun = None
    named: tuple[str, ...] = ()
    if words and words[0] != ",":
        w1 = after[0] if after else ""
        w2 = after[1] if len(after) > 1 and words[1] != "," else ""
        if w1.lower() == "of" and w2.lower() in ("the", "them", "those", "these") and len(after) > 2:
            w1, w2 = after[2], after[3] if len(after) > 3 else ""  # "four of the victims"
        if w1 and _plural(w1) and not (w1[0].isupper() and w2 and _plural(w2)):
            noun = w1
        elif w2 and w1.lower() not in STOPWORDS and w1.isalpha() and _plural(w2):
            noun = w2  # "60 fire units", "3,000 Hamas supporters"
    rest = [w.lower() for w in after[:7]]
    casualty_after = any(w in CASUALTY_WORDS for w in rest)
    if noun is None:
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 40) : start])[-3:]
        if casualty_after or any(w.lower() in CASUALTY_CUES for w in before):
            return "casualties", ()
        return None, ()
    named = (noun.lower().replace("'", "").replace("’", "").replace("-", ""),)
    key = noun.lower()
    family = _FAMILY_OF.get(key)
    if family == "casualties":
        return family, named
    if (key in PEOPLE_NOUNS or noun[0].isupper()) and casualty_after:  # "35 people were shot", "26 Israelis dead"
        return "casualties", named
    return family or lemma(key), named


def compatible_counts(a: str | None, b: str | None) -> bool:
    """Whether two count slots can be one: equal, or ``people`` and a noun of people (or casualties); unknown is open."""
    if a is None or b is None or a == b:
        return True
    people = {"people", "casualties"} | {lemma(w) for w in PEOPLE_NOUNS}
    return "people" in (a, b) and a in people and b in people


# --- dates -------------------------------------------------------------------------------------------------

_MONTH_TOKEN = re.compile(r"\d{4}-\d\d|\d{4}|[a-z]+|[|-]")


def _month_level(value: str) -> tuple[frozenset[int], frozenset[int], bool] | None:
    """(months, years, is a range) of a calendar value with no day, else None.

    ``april|may`` (alternatives), ``march-may`` and ``1917-07-1917-11`` (ranges: every month between),
    ``2025-05``, ``2019``, ``may``.
    """
    tokens = _MONTH_TOKEN.findall(value)
    if not tokens or "".join(tokens) != value:
        return None
    months: set[int] = set()
    years: set[int] = set()
    items: list[int | None] = []  # each item's month (None for a bare year), for ranges
    for t in tokens:
        if t in "|-":
            items.append(-1 if t == "-" else -2)
        elif t in MONTHS:
            items.append(MONTHS[t])
        elif t[:1].isdigit() and len(t) == 7:
            years.add(int(t[:4]))
            items.append(int(t[5:]))
        elif t.isdigit():
            years.add(int(t))
            items.append(None)
        else:
            return None
    is_range = -1 in items
    named = [m for m in items if m is not None and m > 0]
    if is_range and len(named) == 2:
        a, b = named
        months.update(range(a, b + 1) if a <= b else [*range(a, 13), *range(1, b + 1)])
    else:
        months.update(named)
    return frozenset(months), frozenset(years), is_range


_EDGE = re.compile(r"(?:end|start|beginning|middle|turn) of ")


def _plain(value: str) -> str:
    """A date value without its edge: ``end of june`` → ``june`` (``end of last year`` → ``last year``)."""
    return _EDGE.sub("", value, count=1) if _EDGE.match(value) else value


def date_frame(kind: str, value: str) -> str:
    """``clock``, ``weekday``, ``calendar``, or ``relative`` (anything read against the article's date, or vague).

    An edge of a month or a year (``the end of June``, ``the start of 2019``) is on the calendar; the end of
    "last year" is relative.
    """
    if kind == "time":
        return "clock"
    if value in _WEEKDAYS:
        return "weekday"
    plain = _plain(value)
    if _date_parts(plain) is not None or _month_level(plain) is not None:
        return "calendar"
    return "relative"


def comparable(kind: str, a: str, b: str) -> bool:
    """Whether two date or time values can be told apart at all: both on the calendar, both weekdays, or both clock times."""
    fa, fb = date_frame(kind, a), date_frame(kind, b)
    return fa == fb and fa != "relative"


def only_alternatives(a: str, b: str) -> bool:
    """Two calendar values that differ only in the months they allow (``april`` and ``april|may``), or only in an
    edge one of them adds (``june`` and ``end of june``): hedging or a qualifier, not a change.

    Both without a day and neither a range; one's months among the other's; the years, where both say one, agree.
    Two different edges (``start of june``, ``end of june``) differ.
    """
    if _EDGE.match(a) and _EDGE.match(b):
        return False
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    la, lb = _month_level(a), _month_level(b)
    if la is None or lb is None:
        return False
    (ma, ya, range_a), (mb, yb, range_b) = la, lb
    if not ma or not mb or range_a or range_b:  # "July to November" is a span, not a choice: "January to November" changed it
        return False
    return (ma <= mb or mb <= ma) and (not ya or not yb or bool(ya & yb))
