"""``check``: a verdict for each new document against a corpus index, for CI jobs and ingest pipelines.

Each input is queried against the :class:`~.store.Index` (the same
fingerprints as ``dedup``) and gets the verdict of its strongest match:

- ``duplicate``: a stored document has the same matching view (relation
  ``exact``) or a word signature whose estimated Jaccard similarity reaches
  the threshold (relation ``near``);
- ``spun``: only the skeletons (the words a synonym spinner leaves alone)
  are that similar: a spun copy;
- ``partial``: a stored document holds one of its paragraphs (of 20 words or more);
- ``new``: none of these.

With ``add``, the inputs are added to the index after they are checked, so
the next run knows them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UsageError
from ..read import Document, Skipped, iter_documents
from .store import Index, Match

SCHEMA = "articlediff.check/1"
VERDICTS = ("new", "duplicate", "spun", "partial")


@dataclass(frozen=True)
class CheckResult:
    """The verdict for one input and the corpus documents it matches."""

    document: Document
    verdict: str  # one of VERDICTS
    matches: tuple[Match, ...]

    def to_dict(self) -> dict:
        return {
            "path": self.document.path,
            "id": self.document.id,
            "verdict": self.verdict,
            "matches": [
                {"id": m.id, "path": m.path, "score": round(100 * m.score, 1), "relation": m.relation}
                for m in self.matches
            ],
        }


@dataclass
class CheckReport:
    """All verdicts of a run, the inputs skipped, and how many were added to the index."""

    results: list[CheckResult]
    skipped: list[Skipped] = field(default_factory=list)
    added: int = 0

    def failing(self, fail_on: Iterable[str]) -> list[CheckResult]:
        wanted = set(fail_on)
        return [r for r in self.results if r.verdict in wanted]

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "results": [r.to_dict() for r in self.results],
            "skipped": [s.to_dict() for s in self.skipped],
            "summary": {
                "checked": len(self.results),
                "skipped": len(self.skipped),
                "added": self.added,
                **{v: sum(r.verdict == v for r in self.results) for v in VERDICTS},
            },
        }


#: The verdict each relation of a match gives, strongest first.
_VERDICT_OF = {"exact": "duplicate", "near": "duplicate", "spun": "spun", "partial": "partial"}


def parse_fail_on(value: str | Iterable[str]) -> tuple[str, ...]:
    """The verdicts that fail a check, from ``"duplicate,spun"`` or a list; ``""`` fails on none.

    ``new`` cannot fail a check, and an unknown verdict is a :class:`UsageError`.
    """
    names = value.split(",") if isinstance(value, str) else list(value)
    failing = tuple(v.strip() for v in names if v.strip())
    unknown = [v for v in failing if v not in VERDICTS or v == "new"]
    if unknown:
        raise UsageError(f"unknown verdict {unknown[0]!r} in --fail-on; choose from duplicate, spun, partial")
    return failing


def verdict(matches: Iterable[Match]) -> str:
    """The verdict of the strongest relation among the matches (``new`` without any)."""
    found = {_VERDICT_OF[m.relation] for m in matches}
    return next((v for v in ("duplicate", "spun", "partial") if v in found), "new")


def check(
    inputs: Iterable[Document | str | os.PathLike],
    db: str | os.PathLike | Index,
    *,
    threshold: float | None = None,
    add: bool = False,
    strict: bool = False,
) -> CheckReport:
    """Give each input a verdict against the index ``db`` (a path or an open :class:`Index`).

    ``threshold`` defaults to the one the index was built for; one that
    would band signatures otherwise is refused before anything is read.
    """
    skipped: list[Skipped] = []
    items = list(inputs)
    paths = [x for x in items if not isinstance(x, Document)]
    docs = [x for x in items if isinstance(x, Document)]
    stream = iter_documents(paths, strict=strict, skipped=skipped) if paths else iter(())  # the paths are checked here
    corpus = db if isinstance(db, Index) else Index(db, create=add)
    try:
        threshold = corpus.check_threshold(threshold)
        docs += list(stream)
        results = []
        for doc in docs:
            matches = tuple(corpus.query(doc, threshold=threshold))
            results.append(CheckResult(doc, verdict(matches), matches))
        added = corpus.add(docs).added if add else 0
    finally:
        if not isinstance(db, Index):
            corpus.close()
    return CheckReport(results, skipped, added)
