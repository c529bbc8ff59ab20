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

from collections.abc import Callable
from dataclasses import dataclass, field


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
    """A sentence (the unit the aligner pairs) and where it sits.

    ``keys`` (its words' matching keys, in order) are read when the sentence
    is made; its :attr:`words`, each with its span and characters, only when
    first asked for, by ``reader``: the aligner needs only the keys, and a
    comparison of two copies needs the words of the few edited pairs
    (building every word was a fifth of a short ``compare``).
    """

    index: int = 0  # position among the article's sentences
    paragraph: int = 0  # index of the paragraph it belongs to
    keys: tuple[str, ...] = ()
    reader: Callable[[], tuple[Word, ...]] | None = field(default=None, repr=False, compare=False, hash=False)
    _words: tuple[Word, ...] | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    @property
    def words(self) -> tuple[Word, ...]:
        """The words, with offsets and characters of the article's text (their keys are :attr:`keys`)."""
        if self._words is None:
            self._words = self.reader() if self.reader is not None else ()
        return self._words
