"""Finding an article's source in a corpus index, for de-spinning against it (``clean --db``).

A spun article's source is often already in the user's corpus index.
:func:`find_source` queries the index (:meth:`.store.Index.query`) and
returns the stored document the article is a copy of, with its text, so
``clean(text, reference=source.text)`` can restore the spinner's synonyms
to the source's wording, as ``clean --reference FILE`` does.

Which stored document
    Only copies count: relations ``near`` and ``spun`` (a ``partial``
    source shares paragraphs only).  Among them, the one that shares the
    most words with the article, in order (RapidFuzz's ``Indel`` similarity
    of the two texts' word keys): not the index's estimate, which for a
    ``spun`` match is the skeletons' similarity and cannot rank the
    original above an earlier spun copy of it that the index also holds;
    the words can (the original differs from the article where the article
    was spun; another spun copy differs there and where it was spun
    itself).  Ties go to the index's order.  An ``exact`` match (the same
    words: the article itself, indexed) restores nothing, so it is returned
    only when no copy matched; it is harmless.

Where its text comes from
    The index's stored text when it has one (``index add --store-text``),
    else the document's path, read again (:mod:`.reread`: a text file with
    the project's reader, a JSONL file to the record with the stored id; a
    relative path as it is, then from the index file's folder).  An
    ``exact`` match whose text cannot be reached gives the article's own
    text (the same words).

When a copy is found but no copy's text can be reached (the file moved,
changed into something else, read from standard input, and no stored
text), :func:`find_source` raises :class:`SourceUnavailableError` (an
:class:`~articlediff.errors.InputError`: a one-line message, exit code 2)
naming the best one and why: quietly cleaning without the reference the
user asked for would look like a de-spinning that found nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..errors import InputError
from ..matching import word_keys
from ..read import Document
from .reread import Unreachable, reread
from .store import Index, Match

#: The relations of a stored document the article is a copy of (``exact`` is the article itself).
COPY_RELATIONS = ("near", "spun")
#: Matches of the index's query looked at (the strongest first).
CANDIDATES = 10


class SourceUnavailableError(InputError):
    """The index matched a source whose text cannot be reached: its file is gone or changed, and no text is stored."""


@dataclass(frozen=True)
class FoundSource:
    """The stored document an article is a copy of, and its text."""

    text: str
    id: str  # the stored Document id
    path: str  # as stored (what index add read)
    relation: str  # near, spun, or exact (the article itself: only when no copy matched)
    similarity: float  # the index's estimate, 0-1 (Match.score: of the skeletons for spun)
    overlap: float  # the share of words the two texts have in common, in order (0-1): what ranked it
    stored_text: bool  # the text came from the index (else from the path)

    def to_dict(self) -> dict:
        """The small record ``clean --db`` puts in its JSON metadata (``reference``)."""
        return {"id": self.id, "path": self.path, "relation": self.relation, "similarity": round(self.similarity, 4)}


def find_source(
    index: Index | str | os.PathLike,
    article: Document | str,
    *,
    threshold: float | None = None,
    candidates: int = CANDIDATES,
) -> FoundSource | None:
    """The stored document ``article`` (a :class:`Document` or a text) is a copy of, with its text; None when none matched.

    ``index`` is an open :class:`Index` or the path of one (opened for
    reading and closed; a missing file is a :class:`CorpusIndexError`).
    ``threshold`` is the query's (default: the index's).  The module
    documentation says which stored document is chosen and where its text
    comes from; :class:`SourceUnavailableError` when copies matched but
    none can be read.
    """
    if not isinstance(index, Index):
        with Index(index, create=False) as opened:
            return find_source(opened, article, threshold=threshold, candidates=candidates)
    document = article if isinstance(article, Document) else Document(text=article)
    matches = index.query(document, threshold=threshold, limit=candidates)
    copies = [m for m in matches if m.relation in COPY_RELATIONS]
    keys = word_keys(document.text)
    found: list[tuple[float, int, Match, str, bool]] = []
    missing: list[tuple[Match, str]] = []
    for order, match in enumerate(copies):
        try:
            text, stored = stored_text(index, match)
        except Unreachable as why:
            missing.append((match, str(why)))
            continue
        found.append((Indel.normalized_similarity(keys, word_keys(text)), -order, match, text, stored))
    if found:
        overlap, _, match, text, stored = max(found, key=lambda item: item[:2])
        return _source(match, text, overlap, stored)
    if missing:
        match, why = missing[0]
        raise SourceUnavailableError(
            f"{match.path or match.id}: the indexed source of this article ({match.id}, {match.relation},"
            f" similarity {match.score:.2f}) cannot be read ({why}) and the index does not store its text;"
            " give it with --reference, or index sources with index add --store-text"
        )
    for match in matches:
        if match.relation == "exact":
            try:
                text, stored = stored_text(index, match)
            except Unreachable:
                text, stored = document.text, False  # the same words: the article's own text will do
            return _source(match, text, 1.0, stored)
    return None


def _source(match: Match, text: str, overlap: float, stored: bool) -> FoundSource:
    return FoundSource(text, match.id, match.path, match.relation, match.score, overlap, stored)


def stored_text(index: Index, match: Match) -> tuple[str, bool]:
    """The text of a stored document and whether the index held it; :class:`.reread.Unreachable` with the reason."""
    text = index.text(match)
    if text is not None:
        return text, True
    return reread(match.path, match.id, index.content_hash(match), index.path), False
