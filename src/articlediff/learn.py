"""Learning a spinner from the spun copies a corpus already holds (``spinner learn --find``).

``spinner learn SPUN SOURCE`` needs the user to know which file copies
which.  In a folder of scraped news, ``dedup`` already knows: its ``spun``
relation marks a document whose skeleton (the words a synonym spinner
leaves alone) matches another's while its words do not.  Each such pair is
oriented (the earlier dated is the source; undated, the one that reads less
like English is the spun copy: :func:`.normalise.profile.spun_side`) and its
swaps are learned (:func:`.normalise.profile.learn_profile`), as ``index add
--learn-spinner`` does for documents added to an index.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dedup.run import dedup
from .normalise.profile import SpinnerProfile, first_is_spun, learn_profile
from .read import Document, document_date, iter_documents


@dataclass
class Learned:
    """A profile learned from a corpus, and the (spun id, source id) pairs it came from."""

    profile: SpinnerProfile
    pairs: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0


def learn_from_copies(
    paths: Sequence[str | os.PathLike],
    profile: SpinnerProfile | None = None,
    *,
    threshold: float | None = None,
    workers: int | None = 1,
) -> Learned:
    """Learn a spinner from every spun copy ``dedup`` finds among the documents of ``paths``.

    The documents are read once into memory (the pairs need both texts), so
    this is for a folder of articles, not a corpus of millions: for those,
    ``index add --learn-spinner`` learns as the index grows.
    """
    docs: list[Document] = list(iter_documents(paths))
    by_id = {d.id: d for d in docs}
    profile = SpinnerProfile() if profile is None else profile
    learned = Learned(profile, documents=len(docs))
    result = dedup(docs, threshold=threshold, workers=workers)
    for cluster in result.clusters:
        representative = by_id[cluster.representative]
        for member in cluster.members:
            if member.relation != "spun":
                continue
            spun, source = _oriented(by_id[member.id], representative)
            learn_profile(spun.text, source.text, profile, label=os.path.basename(spun.path or spun.id))
            learned.pairs.append((spun.id, source.id))
    return learned


def _oriented(a: Document, b: Document) -> tuple[Document, Document]:
    """(spun, source), by :func:`.normalise.profile.first_is_spun`."""
    return (a, b) if first_is_spun(a.text, b.text, document_date(a), document_date(b)) else (b, a)
