"""``check``'s rewrites, verified on the texts where the index can reach them.

An index keeps signatures, not texts, so what it says of a rewrite is an
estimate: the telling words' MinHash (:mod:`articlediff.dedup.telling`)
agrees with a stored document's, and no text relation was found.  What
tells a rewrite from a spun copy or a cut (the shared names and numbers out
of order, :func:`articlediff.dedup.verify.anchor_order`) needs both texts.
So, for the few stored documents whose telling estimate is high enough,
``check`` reads the stored text (the index's own, or the document's path
again, :func:`.source.stored_text`) and relates the two documents exactly
as ``dedup`` would (one run of :func:`articlediff.dedup.dedup` over the
pair, about 12 ms):

- ``dedup`` says ``rewrite``: the match becomes a rewrite, its score the
  exact Jaccard similarity of the telling words (its runs kept as evidence);
- it says anything else, or nothing, of an estimated rewrite: the match is
  dropped (the texts do not bear it out);
- the text cannot be read: the index's relation stands (a rewrite stays an
  estimate, which the JSON says: ``verified`` false).
"""

from __future__ import annotations

from dataclasses import replace

from ..dedup.telling import REWRITE_THRESHOLD
from ..read import Document
from .store import RELATION_RANK, Index, Match

#: Stored documents whose texts one check reads to verify a rewrite, at most (the highest estimates first).
MAX_VERIFIED = 3
#: A spun or partial match is verified as a possible rewrite from this telling-word estimate (the estimate of 32
#: 3-bit values errs by about 0.1; a rewrite at the threshold 0.4 rarely estimates below it).
VERIFY_ESTIMATE = 0.25
#: The relations a text verification may turn into a rewrite (an exact or near copy is a copy, whatever its order).
RETELLABLE = ("spun", "partial", "rewrite")


def pair_relation(text: str, other: str) -> tuple[str, float] | None:
    """How two texts relate as ``dedup`` finds it: ``(relation, score 0-100)``, or None when they are not related."""
    from ..dedup import dedup

    result = dedup([Document(text=text, id="a", path="a"), Document(text=other, id="b", path="b")], workers=1)
    if not result.clusters:
        return None
    member = result.clusters[0].members[0]
    return member.relation, member.score


def verify_rewrites(document: Document, matches: tuple[Match, ...], index: Index) -> tuple[tuple[Match, ...], set[int]]:
    """The matches with their rewrites verified on the texts, strongest first, and the refs verified so."""
    wanted = sorted(
        (m for m in matches if m.relation in RETELLABLE and m.told >= VERIFY_ESTIMATE), key=lambda m: -m.told
    )[:MAX_VERIFIED]
    changed: dict[int, Match | None] = {}
    verified: set[int] = set()
    if wanted:  # the stored text's reader is imported only for a check that needs it (a one-file check starts faster)
        from .reread import Unreachable
        from .source import stored_text
    for match in wanted:
        try:
            other, _ = stored_text(index, match)
        except Unreachable:
            continue
        found = pair_relation(document.text, other)
        verified.add(match.ref)
        if found is not None and found[0] == "rewrite":
            changed[match.ref] = replace(match, relation="rewrite", score=found[1] / 100)
        elif match.relation == "rewrite":
            changed[match.ref] = None  # estimated only, and the texts say otherwise
    for m in matches:  # an unverified estimate under the threshold was only worth a look at the texts
        if m.relation == "rewrite" and m.ref not in verified and m.score < REWRITE_THRESHOLD:
            changed[m.ref] = None
    if not changed:
        return matches, verified
    kept = [changed.get(m.ref, m) for m in matches]
    out = sorted((m for m in kept if m is not None), key=lambda m: (RELATION_RANK[m.relation], -m.score))
    return tuple(out), verified
