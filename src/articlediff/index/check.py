"""``check``: a verdict for each new document against a corpus index, for CI jobs and ingest pipelines.

Each input is queried against the :class:`~.store.Index` (the same
fingerprints as ``dedup``) and gets the verdict of its strongest match:

- ``duplicate``: a stored document has the same matching view (relation
  ``exact``) or a word signature whose estimated Jaccard similarity reaches
  the threshold (relation ``near``);
- ``spun``: only the skeletons (the words a synonym spinner leaves alone)
  are that similar: a spun copy;
- ``partial``: a stored document holds a run of its sentences (a passage
  window of 20 words or more, wherever its paragraph breaks are, copied
  word for word, edited or spun), or is cut from it; the match lists the
  runs (``spans``: characters of the input) and the share of the input's
  words in them: "40% of this document copied from X".  A partial copy
  that is mostly verbatim is never called ``spun``
  (:data:`~articlediff.dedup.verify.SPUN_MAX_WORD_SHARE`);
- ``rewrite``: a stored document tells the same story in other words:
  the same names, numbers and rare words (the telling words' signatures
  agree), out of order.  Where the stored text can be read, the two texts
  are related as ``dedup`` relates them (:mod:`.retold`) and the match
  says ``verified``; elsewhere the index's estimate is listed as a match
  (``verified`` false), a suggestion that gives no verdict;
- ``new``: none of these;
- ``unreadable``: the input could not be checked at all (not text, empty,
  unreadable, no words to fingerprint, an empty standard input), with the
  reason.  It is not a pass: ``--fail-on`` includes it by default (fail
  closed), and leaving it out is an explicit choice.

A stored document with the same id, path and content (the same content
hash) as the input is the input itself, stored by an earlier ``check
--add``, not a copy of it: it is left out of the matches, so a retried job
gives the verdicts of its first run.  A stored document with another id
or path and the same content is still an exact copy.

With ``add``, the inputs are added to the index after they are checked, so
the next run knows them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..errors import UsageError
from ..read import Document, Skipped, document_date, iter_documents
from .retold import verify_rewrites
from .store import Index, Match

SCHEMA = "articlediff.check/1"
VERDICTS = ("new", "duplicate", "spun", "partial", "rewrite", "unreadable")
#: Matches reported per input, strongest first.
LIMIT = 10
#: The verdicts that fail a check when ``--fail-on`` is not given: every one but ``new``.  A rewrite fails too: it
#: duplicates a stored story as surely as a spun copy does (on rewrites of real news, 0 of the unrelated stories and
#: 0 of the same-event reports were called one; docs/benchmarks.md); ``--fail-on duplicate,spun,partial,unreadable``
#: lets rewrites pass.
DEFAULT_FAIL_ON = ("duplicate", "spun", "partial", "rewrite", "unreadable")


@dataclass(frozen=True)
class CheckResult:
    """The verdict for one input and the corpus documents it matches."""

    document: Document
    verdict: str  # one of VERDICTS
    matches: tuple[Match, ...]
    reason: str | None = None  # why an ``unreadable`` input could not be checked
    verified: frozenset = frozenset()  # refs of the matches whose relation was verified on the two texts (.retold)
    #: The input itself is stored in the index (same id, path and content: an earlier ``check --add`` or
    #: ``index add``); it is not counted as a copy of itself, and the report says so.
    already_indexed: bool = False

    def to_dict(self) -> dict:
        out = {
            "path": self.document.path,
            "id": self.document.id,
            "verdict": self.verdict,
            "matches": [match_dict(m, self.document, m.ref in self.verified) for m in self.matches],
        }
        if self.document.line is not None:
            out["line"] = self.document.line
        if self.reason is not None:
            out["reason"] = self.reason
        if self.already_indexed:
            out["already_indexed"] = True
        return out


def match_dict(match: Match, document: Document, verified: bool = False) -> dict:
    """A match as ``articlediff.check/1`` writes it; a partial source with the runs of the input it holds; a
    rewrite with whether the texts bore it out (``verified``) or it is the index's estimate."""
    out = {"id": match.id, "path": match.path, "score": round(100 * match.score, 1), "relation": match.relation}
    if match.relation == "rewrite":
        out["verified"] = verified
    if match.spans:
        out["share"] = round(100 * match.share, 1)
        out["spans"] = [{"start": a, "end": b, "words": n, "text": document.text[a:b]} for a, b, n in match.spans]
    return out


def copied_from(match: Match, document: Document) -> bool:
    """Whether the evidence says which way the text went: the stored document is dated before the input.

    Without two dates a shared run says the texts share it, not who copied.
    """
    mine = document_date(document)
    return bool(match.date and mine and match.date < mine)


def unreadable(skip: Skipped) -> CheckResult:
    """The ``unreadable`` verdict of an input that was skipped (its path, line and reason)."""
    name = skip.path if skip.line is None else f"{skip.path}:{skip.line}"
    return CheckResult(Document(text="", path=skip.path, id=name, line=skip.line), "unreadable", (), skip.reason)


@dataclass
class CheckReport:
    """All verdicts of a run (an input that could not be read has the verdict ``unreadable``), and how many were added.

    ``skipped`` lists the same unreadable inputs as :class:`Skipped` (the
    ``skipped`` list of ``articlediff.check/1``, kept for its readers).
    """

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
                "checked": sum(r.verdict != "unreadable" for r in self.results),
                "skipped": len(self.skipped),
                "added": self.added,
                **{v: sum(r.verdict == v for r in self.results) for v in VERDICTS},
            },
        }


#: The verdict each relation of a match gives, strongest first.
_VERDICT_OF = {"exact": "duplicate", "near": "duplicate", "spun": "spun", "partial": "partial", "rewrite": "rewrite"}


def parse_fail_on(value: str | Iterable[str]) -> tuple[str, ...]:
    """The verdicts that fail a check, from ``"duplicate,spun"`` or a list; ``""`` fails on none.

    ``new`` cannot fail a check, and an unknown verdict is a :class:`UsageError`.
    The command's default is :data:`DEFAULT_FAIL_ON` (``unreadable`` too).
    """
    names = value.split(",") if isinstance(value, str) else list(value)
    failing = tuple(v.strip() for v in names if v.strip())
    unknown = [v for v in failing if v not in VERDICTS or v == "new"]
    if unknown:
        raise UsageError(
            f"unknown verdict {unknown[0]!r} in --fail-on; choose from duplicate, spun, partial, rewrite, unreadable"
        )
    return failing


def _is_itself(match: Match, doc: Document) -> bool:
    """Whether a stored document is ``doc`` itself: the same content, id and path (what ``check --add`` stored)."""
    return match.relation == "exact" and match.id == doc.id and match.path == doc.path


def verdict(matches: Iterable[Match], verified: Iterable[int] = ()) -> str:
    """The verdict of the strongest relation among the matches (``new`` without any).

    A ``rewrite`` counts only when the texts bore it out (its ref is in
    ``verified``, :mod:`.retold`); an estimated one is listed as a
    suggestion and gives no verdict.
    """
    checked = set(verified)
    found = {_VERDICT_OF[m.relation] for m in matches if m.relation != "rewrite" or m.ref in checked}
    return next((v for v in ("duplicate", "spun", "partial", "rewrite") if v in found), "new")


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
    corpus = db if isinstance(db, Index) else Index(db, create=add, readonly=not add)
    try:
        threshold = corpus.check_threshold(threshold)
        docs += list(stream)
        results = []
        wordless: list[Skipped] = []
        for doc in docs:
            fp = corpus.fingerprint(doc)
            if fp is None:
                skip = Skipped(doc.path, f"{doc.id}: no words to fingerprint", doc.line)
                results.append(replace(unreadable(skip), document=doc))
                wordless.append(skip)
                continue
            found = corpus.query_fingerprint(fp, threshold=threshold, limit=LIMIT + 1, rewrites=True)
            itself = next((m for m in found if _is_itself(m, doc)), None)  # stored by an earlier check --add
            matches, verified = verify_rewrites(doc, tuple(m for m in found if m is not itself)[:LIMIT], corpus)
            found_one = CheckResult(doc, verdict(matches, verified), matches, verified=frozenset(verified))
            results.append(replace(found_one, already_indexed=itself is not None))
        results += [unreadable(s) for s in skipped]  # what could not be read: not a pass
        skipped += wordless
        added = corpus.add(docs).added if add else 0
    finally:
        if not isinstance(db, Index):
            corpus.close()
    return CheckReport(results, skipped, added)
