"""``related(inputs)``: the pairs of a set of articles that tell one story, the strongest evidence first.

Two kinds of evidence say that two articles are one story, and they are
not worth the same:

1. **Shared text** (:func:`articlediff.dedup.dedup`): one is an exact,
   near, spun or partial copy of the other, or a rewrite of it (the same
   telling words, out of order).  The text itself is the evidence.
2. **Shared facts** (:func:`articlediff.facts.provenance.story_links`): no
   text in common, but the same rare facts (the same fund of the same
   amount, the same council, the same minister): a retelling, which may be
   a rewrite or an independent report of the same event.

So the pairs come copies first (by relation: exact, near, spun, partial,
rewrite; then by score), then fact links by their score.  On the seeds,
000/001 (a spun copy of part of 001) comes first and 002/003 (a rewrite of
002's events: no passage shared, six rare facts) second.  Each pair says
which evidence it rests on; none says which article came first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .dedup import dedup
from .dedup.model import RELATIONS
from .facts.provenance import story_links
from .read import Document, iter_documents


@dataclass(frozen=True)
class Related:
    """Two articles of one story: ``a`` and ``b`` (ids), how (``relation``), its score and evidence."""

    a: str
    b: str
    relation: str  # a dedup relation (exact, near, spun, partial, rewrite) or "same facts"
    score: float  # the relation's score (0-100), or the fact link's score (a sum of rarity weights)
    evidence: tuple[str, ...] = ()  # for "same facts": the shared facts' keys, rarest first

    def to_dict(self) -> dict:
        score = round(self.score, 2)
        return {"a": self.a, "b": self.b, "relation": self.relation, "score": score, "evidence": list(self.evidence)}


def related(inputs: Iterable[Document | str | os.PathLike]) -> list[Related]:
    """The related pairs of the articles ``inputs`` (documents, files, folders), copies first, then fact links."""
    items = list(inputs)
    paths = [x for x in items if not isinstance(x, Document)]
    documents = [x for x in items if isinstance(x, Document)] + (list(iter_documents(paths)) if paths else [])
    result = dedup(documents, workers=1)
    copies = []
    for cluster in result.clusters:
        for m in cluster.members:
            a, b = sorted((cluster.representative, m.id))
            copies.append(Related(a, b, m.relation, m.score))
    copies.sort(key=lambda r: (RELATIONS.index(r.relation), -r.score, r.a, r.b))
    copied = {(r.a, r.b) for r in copies}
    texts = {d.id: d.text for d in documents}
    by_facts = [
        Related(*sorted((link.a, link.b)), "same facts", link.score, tuple(key for key, _ in link.shared))
        for link in story_links(texts)
        if link.same_story and tuple(sorted((link.a, link.b))) not in copied
    ]
    return copies + by_facts
