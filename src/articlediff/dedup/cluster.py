"""Stage: clusters of verified pairs, each with a representative and each member's relation to it.

The groups themselves are connected components of the verified pairs
(:mod:`.components`, by large-star / small-star contraction, so no task
holds every pair); here, each group becomes a :class:`~.model.Cluster`:
the representative is the earliest dated member, else the longest, and
each other member gets its verified relation to the representative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

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


def cluster(group: list[int], refs: list, corpus: Corpus, threshold: float, edges: dict, around: dict) -> Cluster:
    """A cluster with its representative: the earliest dated member, else the longest, else the first.

    The representative is chosen among the members joined by a whole-text
    relation (exact, near, spun) when there are any: a host article that
    quotes two paragraphs is longer than the copies, but not one of them.

    A member's relation is its verified relation to the representative, else
    the partial copy they share passages through, else (a member joined
    only through others) its strongest verified pair in the cluster.
    """
    # A document that only shares passages (a host quoting two paragraphs) does not represent the copies.
    core = [i for i in group if any(e.kind != "partial" for _, e in around[i])] or group
    dated = [i for i in core if refs[i].date]
    if dated:
        rep = min(dated, key=lambda i: (refs[i].date, i))
    else:
        rep = max(core, key=lambda i: (int(corpus.lengths[i]), -i))
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
