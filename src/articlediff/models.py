"""The spans every stage derives from a document: plain data, no behaviour that reaches up.

Everything the pipeline derives from an article (paragraphs, sentences,
words) is a :class:`Span`: a ``start``/``end`` pair of character offsets into
``Document.text`` (:mod:`articlediff.read`) plus the text it covers, so a
report can always point back at the author's own characters.

Spans are values: nothing assigns to one after it is made, and they hash by
their fields.  They are not declared ``frozen``, though: a frozen dataclass
sets each field through ``object.__setattr__``, which made a word cost
0.6 µs to build instead of 0.15 µs, and an article has one :class:`Word`
per word (a fifth of a short ``compare``'s time went to building them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A slice ``text == original[start:end]`` of an article's text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True, unsafe_hash=True)
class Word(Span):
    """A word of an article, with its matching-view form ``key``."""

    key: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Sentence(Span):
    """A sentence (the unit the aligner pairs) and where it sits."""

    index: int = 0  # position among the article's sentences
    paragraph: int = 0  # index of the paragraph it belongs to
    words: tuple[Word, ...] = ()

    @property
    def keys(self) -> list[str]:
        """The matching view of the sentence as a list of word keys."""
        return [w.key for w in self.words]
