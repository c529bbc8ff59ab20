"""Stage: clusters of verified pairs, each with a representative and each member's relation to it.

The groups themselves are connected components of the verified pairs
(:mod:`.components`, by large-star / small-star contraction, so no task
holds every pair); here, each group becomes a :class:`~.model.Cluster`:
the representative is chosen by the ``keep`` policy (:func:`representative`:
by default the member the evidence says is the original, not a spun or
truncated copy), and each other member gets its verified relation to the
representative, stated from the member's side ("spun from the representative").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .config import DEFAULT_KEEP
from .model import Cluster, Member
from .verify import Corpus, Edge, relation


@dataclass(frozen=True)
class Ref:
    """What the report needs of a document once its text is gone."""

    id: str
    path: str
    date: str | None


def neighbours(edges: dict[tuple[int, int], Edge]) -> dict[int, list[tuple[int, Edge]]]:
    """Each document's verified pairs ``[(partner, edge), ...]``, in order of the pairs.

    In that order, ties break the same way however the edges were found.
    """
    around: dict[int, list[tuple[int, Edge]]] = defaultdict(list)
    for i, j in sorted(edges):
        around[i].append((j, edges[i, j]))
        around[j].append((i, edges[i, j]))
    return around


#: A member is truncated when it is the shorter side of a ``partial`` pair that holds at least this share (0-100) of it.
TRUNCATED_SHARE = 50.0


def spun_test(core: list[int], corpus: Corpus, around: dict) -> Callable[[int], bool]:
    """``is_spun(i)``: whether the verified ``spun`` pairs of member ``i`` say it is a spun copy.

    A ``spun`` pair says two texts share their skeleton but not their words;
    it does not say which was spun.  Each pair is oriented by which matching
    view reads less like English under the trigram model
    (:func:`articlediff.normalise.profile.spun_side`, the rule ``spinner learn
    --find`` orients pairs by when dates do not); a tie, or no model
    installed, orients none.  A member is spun when more of its pairs say it
    is the spun side than say it is the source (an edited or cut copy can
    share a skeleton with the original and read a little worse once).
    Pairs are oriented only when asked about one of their members, once each:
    the representative is usually found among the first members asked about.
    """
    members = set(core)
    lm = None
    if any(e.kind == "spun" and j in members for i in core for j, e in around[i]):
        from ..normalise.ngram import load_trigram_model

        lm = load_trigram_model()
    oriented: dict[tuple[int, int], int | None] = {}  # (i, j) -> the spun side, or None

    def spun_side_of(i: int, j: int) -> int | None:
        from ..normalise.profile import spun_side

        key = (min(i, j), max(i, j))
        if key not in oriented:
            a, b = corpus.views[key[0]], corpus.views[key[1]]
            if spun_side(a, b, lm) == "b":  # "b" only when strictly worse ("a" also on a tie)
                oriented[key] = key[1]
            elif spun_side(b, a, lm) == "b":
                oriented[key] = key[0]
            else:
                oriented[key] = None
        return oriented[key]

    def is_spun(i: int) -> bool:
        if lm is None:
            return False
        votes = 0  # pairs saying spun, less pairs saying source
        for j, e in around[i]:
            if e.kind == "spun" and j in members:
                side = spun_side_of(i, j)
                votes += 0 if side is None else 1 if side == i else -1
        return votes > 0

    return is_spun


def truncated_members(core: list[int], corpus: Corpus, around: dict) -> set[int]:
    """The members of ``core`` cut from another: the shorter side of a ``partial`` pair holding most of it."""
    out = set()
    for i in core:
        for j, e in around[i]:
            shorter = (int(corpus.lengths[i]), -i) < (int(corpus.lengths[j]), -j)
            if e.kind == "partial" and e.score >= TRUNCATED_SHARE and shorter:
                out.add(i)
    return out


def representative(core: list[int], refs: list, corpus: Corpus, around: dict, keep: str = DEFAULT_KEEP) -> int:
    """The member of ``core`` that represents the cluster, by the ``keep`` policy.

    - ``earliest``: the earliest dated member (ties: the first read), else the longest;
    - ``longest``: the longest (ties: the first read);
    - ``original``: by evidence, a member that is not the spun side of a
      ``spun`` pair (:func:`spun_test`), then one that is not the shorter
      side of a ``partial`` pair holding most of it (:func:`truncated_members`),
      then the earliest dated, then the longest.
    """

    def longest(i: int) -> tuple:
        return (-int(corpus.lengths[i]), i)

    def earliest(i: int) -> tuple:  # dated members first (ties: the first read), then the undated, longest first
        date = refs[i].date
        return (0, date, 0, i) if date else (1, "", *longest(i))

    if keep == "longest":
        return min(core, key=longest)
    if keep == "earliest":
        return min(core, key=earliest)
    cut = truncated_members(core, corpus, around)
    ranked = sorted(core, key=lambda i: (i in cut, *earliest(i)))
    is_spun = spun_test(core, corpus, around)
    # the first of the ranking that is not spun: min(core, key=(spun, cut, earliest)), orienting few pairs
    return next((i for i in ranked if not is_spun(i)), ranked[0])


def cluster(
    group: list[int], refs: list, corpus: Corpus, threshold: float, edges: dict, around: dict, keep: str = DEFAULT_KEEP
) -> Cluster:
    """A cluster with its representative, chosen by ``keep`` (:func:`representative`).

    The representative is chosen among the members joined by a whole-text
    relation (exact, near, spun) when there are any: a host article that
    quotes two paragraphs is longer than the copies, but not one of them.

    A member's relation is its verified relation to the representative, else
    the partial copy they share passages through, else (a member joined
    only through others) its strongest verified pair in the cluster.
    """
    # A document that only shares passages (a host quoting two paragraphs) does not represent the copies.
    core = [i for i in group if any(e.kind != "partial" for _, e in around[i])] or group
    rep = representative(core, refs, corpus, around, keep)
    members = []
    for i in group:
        if i == rep:
            continue
        direct = relation(corpus, i, rep, threshold)
        edge = Edge(*direct) if direct else edges.get((min(i, rep), max(i, rep)))
        if edge is None:
            edge = max((e for _, e in around[i]), key=lambda e: e.score)
        passages = edge.passages if rep < i else tuple((b, a) for a, b in edge.passages)
        members.append(Member(refs[i].id, refs[i].path, edge.kind, edge.score, passages))
    return Cluster(refs[rep].id, refs[rep].path, tuple(members))
