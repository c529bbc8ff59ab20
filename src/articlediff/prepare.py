"""An article made ready to be matched: normalised for matching and cut into sentences, once.

``compare()`` prepares both of its articles; ``timeline()`` prepares each
article once and compares it with several others.  A :class:`Prepared`
holds the sentences of the normalised text with spans mapped back to the
original characters (:meth:`.normalise.clean.Cleaned.sentences`), so the
aligner compares repaired words while every report points at the author's
text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from .align import LocalViews
from .models import Sentence
from .normalise.clean import MATCHING, Cleaned, clean
from .read import Document, as_article
from .segment import segment


@dataclass(frozen=True)
class Prepared:
    """A document, its sentences as the matcher sees them, and (when normalised) the cleaning that made them."""

    document: Document
    sentences: tuple[Sentence, ...]
    cleaned: Cleaned | None = None

    def read_words(self) -> Prepared:
        """Read every sentence's words now (a sentence reads them when first asked for), and return ``self``.

        The timeline calls it before its worker processes fork: each would
        otherwise read its own copy of the words of the edited pairs it
        compares, and write them into pages it shares with this process.
        """
        for sentence in self.sentences:
            sentence.words  # noqa: B018 (reading it is the point)
        return self

    @cached_property
    def views(self) -> LocalViews:
        """The sentences as the aligner reads them (:class:`.align.LocalViews`), made once: the timeline compares
        each article with many."""
        return LocalViews(self.sentences)


def prepare(document: Document | Prepared | str | os.PathLike, *, normalise: bool = True) -> Prepared:
    """``document`` (a Document, a path, or ``"-"``) ready to be matched.

    With ``normalise`` the text is cleaned first by every stage but
    ``despin`` (:data:`.normalise.clean.MATCHING`: without a reference,
    that stage only scores spinning, which matching does not need), and
    removed boilerplate has no sentences.  An already prepared document is
    returned as it is when it was prepared the same way.
    """
    if isinstance(document, Prepared):
        if (document.cleaned is not None) == normalise:
            return document
        document = document.document
    doc = as_article(document)
    if not normalise:
        return Prepared(doc, tuple(segment(doc.text)))
    cleaned = clean(doc.text, config=MATCHING)
    return Prepared(doc, cleaned.sentences(), cleaned)
