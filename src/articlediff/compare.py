"""``compare``: align two articles and describe what changed, passage by passage.

This is the library function under ``articlediff compare``: it segments both
articles, builds their matching views, aligns the sentences and diffs each
pair word by word, and sets their checkable facts side by side
(:func:`articlediff.facts.provenance.compare_facts`: a rewrite shares facts
where it shares no passage).  The result, :class:`Comparison`, holds spans into both
original texts and serialises to the ``articlediff.compare/1`` JSON contract
(docs/formats.md).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from .align import DEFAULT_THRESHOLD, align_sentences
from .dedup.telling import telling_word
from .diff import Edit, word_diff
from .facts.provenance import FactComparison, agreeing_dates, compare_facts
from .models import Sentence, Span
from .prepare import Prepared, prepare
from .read import Document, document_date
from .score import Scorer, passage_score
from .segment import word_count

SCHEMA = "articlediff.compare/1"


@dataclass(frozen=True)
class Pair:
    """Aligned passages: ``kind`` is ``unchanged``, ``edited`` or ``moved``.

    A one-to-many pair covers several sentences on one side; its span runs
    from the first sentence's start to the last one's end.
    """

    a: Span
    b: Span
    score: float
    kind: str
    edits: tuple[Edit, ...]
    a_sentences: range
    b_sentences: range

    def to_dict(self) -> dict:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "score": round(self.score, 1),
            "kind": self.kind,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass
class Comparison:
    """The result of comparing article ``a`` with article ``b``."""

    a: Document
    b: Document
    pairs: list[Pair]
    only_a: list[Span]
    only_b: list[Span]
    threshold: float
    similarity: float = field(default=0.0)
    facts: FactComparison | None = None  # the checkable facts of the two: shared, changed, only in one

    @property
    def summary(self) -> dict:
        kinds = [p.kind for p in self.pairs]
        return {
            "shared": len(self.pairs),
            "unchanged": kinds.count("unchanged"),
            "edited": kinds.count("edited"),
            "moved": kinds.count("moved"),
            "moved_edited": sum(1 for p in self.pairs if p.kind == "moved" and p.edits),
            "only_a": len(self.only_a),
            "only_b": len(self.only_b),
            "similarity": round(self.similarity, 1),
        }

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "a": describe(self.a),
            "b": describe(self.b),
            "threshold": self.threshold,
            "pairs": [p.to_dict() for p in self.pairs],
            "only_a": [s.to_dict() for s in self.only_a],
            "only_b": [s.to_dict() for s in self.only_b],
            "summary": self.summary,
            **({"facts": self.facts.to_dict()} if self.facts is not None else {}),
        }


def describe(document: Document) -> dict:
    """The ``a``/``b`` block of the JSON contract: where the article came from and its size (and, for an HTML
    page, that its text was extracted, by what, and the page's title and date)."""
    out = {
        "path": document.path,
        "characters": len(document.text),
        "words": word_count(document.text),
        "sha256": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        "encoding": document.encoding,
    }
    if "extracted" in document.meta:
        page = {k: document.meta[k] for k in ("title", "date") if k in document.meta}
        out["extracted"] = {**document.meta["extracted"], **page}
    return out


def compare(
    a: Document | Prepared | str | os.PathLike,
    b: Document | Prepared | str | os.PathLike,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scorer: Scorer = passage_score,
    normalise: bool = True,
    facts: bool = True,
) -> Comparison:
    """Compare two articles (``Document`` objects, paths, or ``"-"`` for stdin).

    To compare strings, wrap them: ``compare(Article(text_a), Article(text_b))``.
    With ``normalise`` (the default) both are cleaned first (mojibake,
    boilerplate, spintax; see :func:`articlediff.prepare.prepare`): the
    matcher compares the cleaned words, the report shows the original text,
    and removed boilerplate is neither paired nor reported.  An article
    compared several times can be prepared once and passed as a
    :class:`~articlediff.prepare.Prepared`.  With ``facts=False`` the two
    articles' facts are not set side by side (``Comparison.facts`` is
    None, and the reports leave the section out): the timeline compares
    thousands of pairs for their passages and compares facts only where
    articles are linked by them.
    """
    if not 0 <= threshold <= 100:
        raise ValueError("threshold must be between 0 and 100")
    pa, pb = prepare(a, normalise=normalise), prepare(b, normalise=normalise)
    a_doc, b_doc = pa.document, pb.document
    sa, sb = pa.sentences, pb.sentences
    pairs = []
    common = 0
    for match in align_sentences(pa.views, pb.views, threshold=threshold, scorer=scorer):
        a_span = cover(a_doc, sa, match.a)
        b_span = cover(b_doc, sb, match.b)
        a_keys, b_keys = keys_of(sa, match.a), keys_of(sb, match.b)
        if a_keys == b_keys:  # most pairs of a copy: no edit, and every word in common (no word read)
            edits, shared = (), 2 * len(a_keys)
        else:
            a_words = [w for s in sa[match.a.start : match.a.stop] for w in s.words]
            b_words = [w for s in sb[match.b.start : match.b.stop] for w in s.words]
            edits = tuple(word_diff(a_words, b_words, a_end=a_span.end, b_end=b_span.end))
            shared = Indel.similarity(a_keys, b_keys)
        kind = "moved" if not match.in_order else ("edited" if edits else "unchanged")
        pairs.append(Pair(a_span, b_span, match.score, kind, edits, match.a, match.b))
        common += shared
    total = sum(len(s.keys) for s in sa) + sum(len(s.keys) for s in sb)
    only_a = unpaired_passages(a_doc, sa, {i for p in pairs for i in p.a_sentences})
    only_b = unpaired_passages(b_doc, sb, {j for p in pairs for j in p.b_sentences})
    similarity = 100.0 * common / total if total else 100.0
    if not facts:
        return Comparison(a_doc, b_doc, pairs, only_a, only_b, float(threshold), similarity, None)
    # on the texts as read (their offsets are the report's), relative dates read against each article's own date
    found = compare_facts(a_doc.text, b_doc.text, document_date(a_doc), document_date(b_doc))
    found = agreeing_dates(found, a_doc.text, b_doc.text, telling_word)  # dates of one thing, one within the other
    return Comparison(a_doc, b_doc, pairs, only_a, only_b, float(threshold), similarity, found)


def span_of(document: Document, start: int, end: int) -> Span:
    """The span ``[start, end)`` of the document's text."""
    return Span(start, end, document.text[start:end])


def keys_of(sentences: Sequence[Sentence], r: range) -> list[str]:
    """The word keys of the sentences ``r``, in order: what a pair's sides are compared by."""
    return [k for s in sentences[r.start : r.stop] for k in s.keys]


def cover(document: Document, sentences: Sequence[Sentence], r: range) -> Span:
    """The span from the first to the last of the sentences ``r``."""
    return span_of(document, sentences[r.start].start, sentences[r.stop - 1].end)


def unpaired_passages(document: Document, sentences: Sequence[Sentence], paired: set[int]) -> list[Span]:
    """Sentences whose index is not in ``paired``, consecutive ones of one paragraph joined into one passage."""
    spans: list[Span] = []
    run: list[Sentence] = []
    for s in sentences:
        if s.index in paired or (run and run[-1].paragraph != s.paragraph):
            if run:
                spans.append(span_of(document, run[0].start, run[-1].end))
            run = []
        if s.index not in paired:
            run.append(s)
    if run:
        spans.append(span_of(document, run[0].start, run[-1].end))
    return spans
