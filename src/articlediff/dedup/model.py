"""The result of a dedup run and its JSON contract ``articlediff.dedup/1``."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "articlediff.dedup/1"
#: How a member relates to its cluster's representative.
RELATIONS = ("exact", "near", "spun", "partial", "rewrite")
#: How a shared run of text was copied: word for word, with a few words changed, or with synonyms swapped.
REUSE_KINDS = ("verbatim", "edited", "spun")


@dataclass(frozen=True, slots=True)
class Shared:
    """A run of text two documents share: where it is in each (character offsets), its words there, and its kind.

    ``a`` is the first document's side, ``b`` the second's (for a cluster's
    member: ``a`` in the representative, ``b`` in the member).
    """

    a: tuple[int, int]
    b: tuple[int, int]
    words_a: int
    words_b: int
    kind: str  # one of REUSE_KINDS

    def swapped(self) -> Shared:
        return Shared(self.b, self.a, self.words_b, self.words_a, self.kind)

    def to_dict(self) -> dict:
        return {
            "representative": {"start": self.a[0], "end": self.a[1], "words": self.words_a},
            "member": {"start": self.b[0], "end": self.b[1], "words": self.words_b},
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Member:
    """A document of a cluster other than its representative."""

    id: str
    path: str
    relation: str  # one of RELATIONS
    score: float  # similarity to the representative, 0-100 (for a partial copy: the shared share of the shorter one)
    passages: tuple[Shared, ...] = ()  # for a partial copy: the runs it shares with the representative
    share: float | None = None  # for a partial copy: the share (0-100) of this document's words in those runs

    def to_dict(self, passages: bool = False) -> dict:
        out = {"id": self.id, "path": self.path, "relation": self.relation, "score": round(self.score, 1)}
        if self.share is not None:
            out["share"] = round(self.share, 1)
        if passages:
            out["passages"] = [p.to_dict() for p in self.passages]
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
