"""The result of a dedup run and its JSON contract ``articlediff.dedup/1``."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "articlediff.dedup/1"
#: How a member relates to its cluster's representative.
RELATIONS = ("exact", "near", "spun", "partial")


@dataclass(frozen=True, slots=True)
class Member:
    """A document of a cluster other than its representative."""

    id: str
    path: str
    relation: str  # one of RELATIONS
    score: float  # similarity to the representative, 0-100 (for a partial copy: the shared share of the shorter one)
    passages: tuple = ()  # for a partial copy: ((start, end) in the representative, (start, end) in this document), ...

    def to_dict(self, passages: bool = False) -> dict:
        out = {"id": self.id, "path": self.path, "relation": self.relation, "score": round(self.score, 1)}
        if passages:
            out["passages"] = [
                {"representative": {"start": a[0], "end": a[1]}, "member": {"start": b[0], "end": b[1]}} for a, b in self.passages
            ]
        return out


@dataclass(frozen=True)
class Cluster:
    """Near-duplicate documents: the representative (by the ``keep`` policy: :func:`.cluster.representative`) and the others."""

    representative: str
    path: str
    members: tuple[Member, ...]

    def to_dict(self, passages: bool = False) -> dict:
        return {"representative": self.representative, "path": self.path, "members": [m.to_dict(passages) for m in self.members]}


@dataclass
class DedupResult:
    """Clusters (singletons are not listed), the inputs skipped, and counts."""

    clusters: list[Cluster]
    skipped: list = field(default_factory=list)  # inputs.Skipped
    documents: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0
    threshold: float = 0.5

    @property
    def summary(self) -> dict:
        duplicates = sum(len(c.members) for c in self.clusters)
        return {
            "documents": self.documents,
            "skipped": len(self.skipped),
            "clusters": len(self.clusters),
            "duplicates": duplicates,
            "unique": self.documents - duplicates,
            "candidate_pairs": self.candidate_pairs,
            "verified_pairs": self.verified_pairs,
            "threshold": self.threshold,
        }

    def to_dict(self, passages: bool = False) -> dict:
        """The ``articlediff.dedup/1`` document; with ``passages``, each partial member lists the shared passages."""
        return {
            "schema": SCHEMA,
            "clusters": [c.to_dict(passages) for c in self.clusters],
            "skipped": [s.to_dict() for s in self.skipped],
            "summary": self.summary,
        }
