"""Stage: connected components of the verified pairs, by large-star / small-star contraction.

No task holds every pair (on a cluster, no machine could), so the groups
of copies are found by rounds of group-bys over the pair table.  This is the
algorithm of Kiveris et al., "Connected Components in MapReduce and
Beyond" (SoCC 2014): every step is a group-by over the edges, so it runs
as shuffles, and it converges in O(log² n) rounds (in practice a handful).

- *large-star*: each node links every larger neighbour to the smallest of
  itself and its neighbours;
- *small-star*: each node links itself and every smaller neighbour to the
  smallest of them.

Both keep the components and shrink their diameter; the rounds stop when
the edges form stars, each leaf joined to its component's smallest node
(:func:`violations_of` counts the nodes that break that shape).  The label
of a node is then its component's smallest node, the same for every
engine.  Edges are tables ``(a, b)`` with ``a < b``; only nodes with at
least one edge appear.
"""

from __future__ import annotations

import numpy as np

from ..engines.tables import Table, owner, rows, split, spread
from ..errors import UsageError


def _edges(a: np.ndarray, b: np.ndarray) -> Table:
    """Undirected edges ``(min, max)``, without loops or repeats."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    pairs = np.unique(np.stack((lo[keep], hi[keep]), axis=1), axis=0) if keep.any() else np.empty((0, 2), dtype=np.int64)
    return {"a": pairs[:, 0].astype(np.int64), "b": pairs[:, 1].astype(np.int64)}


def pairs_out(table: Table, parts: int) -> list[Table]:
    """Verified pairs ``(i, j, ...)`` as edges, each direction sent to the partition of its first node (for large-star)."""
    if not table:
        return [{} for _ in range(parts)]
    e = _edges(table["i"], table["j"])
    return both_ways_out(e, parts)


def both_ways_out(edges: Table, parts: int) -> list[Table]:
    """Each edge in both directions ``(u, v)``, sent to the partition of ``u``."""
    if not rows(edges):
        return [{} for _ in range(parts)]
    u = np.concatenate((edges["a"], edges["b"]))
    v = np.concatenate((edges["b"], edges["a"]))
    return split({"u": u, "v": v}, spread(u, parts), parts)


def _smallest_per_node(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by ``u``, and for each row the smallest of its ``u`` and all of that ``u``'s ``v``."""
    order = np.argsort(u, kind="stable")
    u, v = u[order], v[order]
    starts = np.flatnonzero(np.r_[True, u[1:] != u[:-1]])
    smallest = np.minimum(np.minimum.reduceat(v, starts), u[starts])
    return u, v, np.repeat(smallest, np.diff(np.r_[starts, len(u)]))


def large_star_out(table: Table, parts: int) -> list[Table]:
    """Large-star at the nodes of this partition; the new edges sent to the partition of their larger node (for small-star)."""
    if not table:
        return [{} for _ in range(parts)]
    u, v, m = _smallest_per_node(table["u"], table["v"])
    up = v > u
    e = _edges(v[up], m[up])
    return split(e, spread(e["b"], parts), parts)


def small_star(table: Table) -> Table:
    """Small-star at the nodes of this partition (each edge arrives at its larger node)."""
    if not table:
        return {}
    b, a, m = _smallest_per_node(table["b"], table["a"])
    # each node b and its smaller neighbours a, all linked to m
    return _edges(np.concatenate((a, b)), np.concatenate((m, m)))


def shape_out(edges: Table, parts: int) -> list[Table]:
    """Each edge seen from both its nodes (``leaf``: the node is the larger one), sent to the partition of the node."""
    if not rows(edges):
        return [{} for _ in range(parts)]
    node = np.concatenate((edges["a"], edges["b"]))
    other = np.concatenate((edges["b"], edges["a"]))
    leaf = np.r_[np.zeros(len(edges["a"]), dtype=bool), np.ones(len(edges["b"]), dtype=bool)]
    return split({"node": node, "other": other, "leaf": leaf}, spread(node, parts), parts)


def violations_of(table: Table) -> int:
    """Nodes of this partition that break the star shape: a leaf with two centres, or a node both leaf and centre.

    (The same edge may come from two partitions; it counts once.)
    """
    if not table:
        return 0
    seen = np.unique(np.stack((table["node"], table["other"], table["leaf"].astype(np.int64)), axis=1), axis=0)
    node, leaf = seen[:, 0], seen[:, 2].astype(bool)
    nodes, where = np.unique(node, return_inverse=True)
    as_leaf = np.bincount(where, weights=leaf, minlength=len(nodes))
    as_centre = np.bincount(where, weights=~leaf, minlength=len(nodes))
    return int(((as_leaf > 1) | ((as_leaf >= 1) & (as_centre >= 1))).sum())


def labels_out(edges: Table, offsets: np.ndarray) -> list[Table]:
    """The label of every node of the stars (leaves: their centre; centres: themselves), sent to the node's owner."""
    parts = len(offsets) - 1
    if not rows(edges):
        return [{} for _ in range(parts)]
    node = np.concatenate((edges["b"], edges["a"]))
    label = np.concatenate((edges["a"], edges["a"]))
    return split({"node": node, "label": label}, owner(node, offsets), parts)


def unique_labels(table: Table) -> Table:
    """One row a node (a centre arrives once per leaf)."""
    if not table:
        return {}
    node, first = np.unique(table["node"], return_index=True)
    return {"node": node, "label": table["label"][first]}


#: Rounds of large-star / small-star after which the contraction gives up (it needs O(log² n); a handful in practice).
MAX_ROUNDS = 200


def components(ex, edge_parts: list, offsets: np.ndarray) -> list:
    """The component label (smallest member) of every document with a pair, held by the document's partition.

    ``edge_parts`` are each partition's pair tables ``(i, j, ...)``;
    ``ex`` is the engine that runs the rounds (:mod:`articlediff.engines`).
    """
    parts = len(offsets) - 1
    both = ex.exchange("components", pairs_out, parts, edge_parts, parts=parts)
    for _ in range(MAX_ROUNDS):
        edges = ex.map(small_star, ex.exchange("components", large_star_out, parts, both, parts=parts))
        shape = ex.exchange("components", shape_out, parts, edges, parts=parts)
        if sum(ex.gather(ex.map(violations_of, shape))) == 0:
            return ex.map(unique_labels, ex.exchange("components", labels_out, parts, edges, offsets=offsets))
        both = ex.exchange("components", both_ways_out, parts, edges, parts=parts)
    raise UsageError(f"the components did not converge in {MAX_ROUNDS} rounds")  # not expected: O(log² n) rounds
