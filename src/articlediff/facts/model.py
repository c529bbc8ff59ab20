"""The two data types of fact extraction: a :class:`Fact` and a :class:`FactChange`, with the fact types.

A fact's ``value`` ignores how it was written (``£130bn`` and ``£130
billion`` are both ``GBP 130000000000``; ``19 May`` and ``May 19`` are both
``--05-19``); its ``anchor`` is the content words next to it in its
sentence, which say what the fact is *about*.  Facts are paired across two
passages by type and anchor; a pair whose values differ is a change.
``GROUPS`` says which types may pair with each other.

Kept apart from the finders so that every other module (and the timeline's
JSON contract) can depend on the shapes without pulling in any rules.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = ("number", "money", "percent", "date", "time", "person", "organisation", "quote")

#: The type group each type pairs within: its own.  A clock time never pairs with a date ("3:14pm" is not
#: "Thursday": they answer different questions), so no two types share a group.
GROUPS = {t: t for t in TYPES}


@dataclass(frozen=True)
class Fact:
    """One fact as written: ``text == original[start:end]``.

    ``value`` is what two facts are compared on (see the module docstring);
    ``anchor`` is the lower-cased content words around the fact in its
    sentence, nearest last on the left and nearest first on the right, in
    reading order, so adjacent words form bigrams.
    """

    type: str
    text: str
    start: int
    end: int
    value: str
    anchor: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "anchor": list(self.anchor),
        }


@dataclass(frozen=True)
class FactChange:
    """A fact of passage A (``before``) that passage B states differently (``after``).

    Offsets index the two texts as given; ``before == a_text[a_start:a_end]``
    and ``after == b_text[b_start:b_end]``.  A quotation given to someone else
    is a ``person`` change between the two speakers' names.
    """

    type: str
    before: str
    after: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "before": self.before,
            "after": self.after,
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b_start": self.b_start,
            "b_end": self.b_end,
        }
