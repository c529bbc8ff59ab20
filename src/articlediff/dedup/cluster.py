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
from .minhash import jaccard, shingles
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


#: Relations whose pairs are oriented by how English each side reads: a spinner's and a rewriter's swaps read worse.
RETOLD = ("spun", "rewrite")


def spun_test(core: list[int], corpus: Corpus, around: dict) -> Callable[[int], bool]:
    """``is_spun(i)``: whether the verified ``spun`` (or ``rewrite``) pairs of member ``i`` say it is the copy.

    A ``rewrite`` pair is oriented the same way: a rewrite made by swapping
    words reads worse than its source; one that reads as well orients nothing.

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
    if any(e.kind in RETOLD and j in members for i in core for j, e in around[i]):
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
            if e.kind in RETOLD and j in members:
                side = spun_side_of(i, j)
                votes += 0 if side is None else 1 if side == i else -1
        return votes > 0

    return is_spun


def truncated_members(core: list[int], corpus: Corpus, around: dict) -> set[int]:
    """The members of ``core`` cut from another: the shorter side of a ``partial`` pair, most of both sides shared.

    Both sides count: a host article that embeds most of a short original
    holds it whole, but is mostly text of its own, so the original is not
    a cut of the host.
    """
    out = set()
    for i in core:
        for j, e in around[i]:
            if e.kind != "partial" or not e.passages:
                continue
            mine, theirs = _covered(e, i, j)
            shorter = (int(corpus.lengths[i]), -i) < (int(corpus.lengths[j]), -j)
            if shorter and 100 * mine / max(1, int(corpus.lengths[i])) >= TRUNCATED_SHARE and (
                100 * theirs / max(1, int(corpus.lengths[j])) >= TRUNCATED_SHARE
            ):
                out.add(i)
    return out


def _covered(edge: Edge, i: int, j: int) -> tuple[int, int]:
    """The words of ``i`` and of ``j`` in the runs of their partial ``edge`` (its ``a`` side is the lower number)."""
    a = sum(p.words_a for p in edge.passages)
    b = sum(p.words_b for p in edge.passages)
    return (a, b) if i < j else (b, a)


#: Members :func:`centrality` compares each member with, at most (a cluster of many copies is sampled evenly).
CENTRALITY_SAMPLE = 50


def centrality(core: list[int], corpus: Corpus) -> dict[int, float]:
    """Each member's mean similarity to the other members of ``core``: the Jaccard similarity of their word 4-grams.

    Copies are made from the original, each in its own way (one cut,
    one edited, one re-typeset with a footer), so the original is closer
    to each of them than they are to one another: on the labelled corpus
    of bench/make_corpus.py (undated) the source is the most central
    member of its cluster (ties only with its exact copies), where the
    longest is the edited copy that added a sentence.  The similarity is
    computed from the matching views, not estimated from signatures: a
    re-typeset copy with a footer differs from its source by a few
    shingles, less than a signature's error.
    """
    if len(core) < 3:
        return dict.fromkeys(core, 0.0)
    others = core if len(core) <= CENTRALITY_SAMPLE else core[:: -(-len(core) // CENTRALITY_SAMPLE)]
    shingled = {i: shingles(corpus.views[i].split()) for i in dict.fromkeys([*core, *others])}
    out = {}
    for i in core:
        sims = [jaccard(shingled[i], shingled[j]) for j in others if j != i]
        out[i] = round(sum(sims) / max(1, len(sims)), 9)
    return out


def representative(core: list[int], refs: list, corpus: Corpus, around: dict, keep: str = DEFAULT_KEEP) -> int:
    """The member of ``core`` that represents the cluster, by the ``keep`` policy.

    - ``earliest``: the earliest dated member (ties: the first read), else the longest;
    - ``longest``: the longest (ties: the first read);
    - ``original``: by evidence, a member that is not the spun side of a
      ``spun`` pair (:func:`spun_test`); then the earliest dated; among
      members of one date, and among the undated, the most central
      (:func:`centrality`, three members or more), then one that is not the
      shorter side of a ``partial`` pair holding most of both
      (:func:`truncated_members`), then (undated) the longest.
      A cut copy is less central than its original, and so is an update
      that added a sentence, which the cut rule alone takes for the original.
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
    central = centrality(core, corpus)

    def evidence(i: int) -> tuple:  # dated members first, the earliest; among equals, the most central
        date = refs[i].date
        return (0, date, -central[i], i in cut, 0, i) if date else (1, "", -central[i], i in cut, *longest(i))

    ranked = sorted(core, key=evidence)
    is_spun = spun_test(core, corpus, around)
    # the first of the ranking that is not spun: min(core, key=(spun, cut, earliest)), orienting few pairs
    return next((i for i in ranked if not is_spun(i)), ranked[0])


def cluster(
    group: list[int], refs: list, corpus: Corpus, threshold: float, edges: dict, around: dict, keep: str = DEFAULT_KEEP
) -> Cluster:
    """A cluster with its representative, chosen by ``keep`` (:func:`representative`).

    The representative is chosen among the members joined by a whole-text
    copy (exact, near, spun) when there are any, else among those joined by
    a rewrite: a host article that quotes two paragraphs is longer than the
    copies, but not one of them.

    A member's relation is its verified relation to the representative, else
    the partial copy they share passages through, else (a member joined
    only through others) its strongest verified pair in the cluster.
    """
    # A document that only shares passages (a host quoting two paragraphs) or tells the story in other words
    # does not represent the copies of its text.
    core = (
        [i for i in group if any(e.kind not in ("partial", "rewrite") for _, e in around[i])]
        or [i for i in group if any(e.kind == "rewrite" for _, e in around[i])]
        or group
    )
    rep = representative(core, refs, corpus, around, keep)
    members = []
    for i in group:
        if i == rep:
            continue
        direct = relation(corpus, i, rep, threshold)
        found = edges.get((min(i, rep), max(i, rep)))
        edge = found if found is not None and found.passages else Edge(*direct) if direct else found
        passages = () if edge is None else edge.passages if rep < i else tuple(p.swapped() for p in edge.passages)
        if edge is None:  # joined through others: its runs are not with the representative
            edge = max((e for _, e in around[i]), key=lambda e: e.score)
        # runs matched out of order (a rewrite's) may overlap on one side: a share is at most the whole
        share = min(100.0, 100 * sum(p.words_b for p in passages) / max(1, int(corpus.lengths[i]))) if passages else None
        members.append(Member(refs[i].id, refs[i].path, edge.kind, edge.score, passages, share))
    return Cluster(refs[rep].id, refs[rep].path, tuple(members))
