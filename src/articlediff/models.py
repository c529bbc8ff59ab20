"""Data types shared by every stage of the pipeline.

Everything the pipeline derives from an article (paragraphs, sentences,
words) is a :class:`Span`: a ``start``/``end`` pair of character offsets into
``Article.text`` plus the text it covers, so a report can always point back
at the author's own characters.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Span:
    """A slice ``text == original[start:end]`` of an article's text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Word(Span):
    """A word of an article, with its matching-view form ``key``."""

    key: str = ""


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    """A sentence (the unit the aligner pairs) and where it sits."""

    index: int = 0  # position among the article's sentences
    paragraph: int = 0  # index of the paragraph it belongs to
    words: tuple[Word, ...] = ()

    @property
    def keys(self) -> list[str]:
        """The matching view of the sentence as a list of word keys."""
        return [w.key for w in self.words]


@dataclass(eq=False)
class Article:
    """One article: its decoded text, left untouched, and where it came from.

    ``text`` is the decoded file with line ends folded to ``\\n`` (the only
    change made on reading; ``newline`` records what the file used), so the
    offsets of every derived span index into ``text``.
    """

    text: str
    path: str = "<text>"
    encoding: str = "utf-8"
    newline: str = "\n"
    _sentences: tuple[Sentence, ...] | None = field(default=None, repr=False)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The article's sentences, segmented once and cached."""
        if self._sentences is None:
            from .segment import segment

            self._sentences = tuple(segment(self.text))
        return self._sentences

    @cached_property
    def cleaned(self):
        """The article normalised for matching, computed once.

        All stages but ``despin``: without a reference or ``force_despin``
        that stage only scores spinning, which matching does not need.
        """
        from .normalise.clean import MATCHING_STAGES, clean

        return clean(self.text, stages=MATCHING_STAGES)

    @cached_property
    def clean_sentences(self) -> tuple[Sentence, ...]:
        """Sentences of the normalised text, with spans in the original text."""
        return self.cleaned.sentences()

    @property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def describe(self) -> dict:
        """The ``a``/``b`` block of the JSON contract."""
        return {
            "path": self.path,
            "characters": len(self.text),
            "words": self.word_count,
            "sha256": self.sha256,
            "encoding": self.encoding,
        }
