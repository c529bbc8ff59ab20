"""The data a timeline is made of, and its JSON contract ``articlediff.timeline/1``.

Every passage is a span of one article's original text (``text[start:end]``),
and every reference to another article names it by id with a span of *its*
text, so a report can link a copied passage to the passage it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read import Document

SCHEMA = "articlediff.timeline/1"
#: How a passage was taken from an earlier article.
KINDS = ("verbatim", "edited", "spun", "paraphrased")


@dataclass(frozen=True, slots=True)
class Ref:
    """A passage of another article: its id and the span in that article's text."""

    id: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"id": self.id, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of an article's text (an added passage, or a dropped one of ``source``)."""

    start: int
    end: int
    text: str
    source: str | None = None  # for a dropped passage: the id of the article it is in

    def to_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text}
        return {"id": self.source, **out} if self.source is not None else out


@dataclass(frozen=True, slots=True)
class Copied:
    """A passage also found in an earlier article, with where, and how it was taken."""

    start: int
    end: int
    text: str
    source: Ref
    kind: str  # one of KINDS
    score: float
    swaps: int = 0  # words replaced by a listed synonym (the evidence for "spun")

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "from": self.source.to_dict(),
            "kind": self.kind,
            "score": round(self.score, 1),
        }


@dataclass(frozen=True, slots=True)
class FactChange:
    """A fact that differs between a passage of an earlier article (``a``) and one of a later (``b``)."""

    type: str
    before: str
    after: str
    a: Ref
    b: Ref

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "before": self.before,
            "after": self.after,
            "ids": [self.a.id, self.b.id],
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
        }


#: How an article stands to the earlier ones: ``source`` (nothing earlier it takes from),
#: ``spun copy`` (its source's text run through a synonym spinner), ``depends on`` (most of it
#: comes from one earlier article) and ``same story`` (it shares some passages, or only the story).
RELATIONS = ("source", "spun copy", "depends on", "same story")


@dataclass(frozen=True, slots=True)
class Relation:
    """What an article is to the earlier article it takes most from (``to``), and how sure the order is.

    ``passages`` is how many of its passages come from ``to``; ``share`` the
    part of its text (by characters of its sentences) they cover.
    ``presumed`` is True when which of the two came first is not known: one
    of them is undated and no spin evidence orders them (docs/timeline.md).
    """

    kind: str  # one of RELATIONS
    to: str | None = None
    passages: int = 0
    share: float = 0.0
    presumed: bool = False

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "to": self.to,
            "passages": self.passages,
            "share": round(self.share, 3),
            "presumed": self.presumed,
        }


@dataclass(frozen=True, slots=True)
class FactLink:
    """An earlier article this one tells the same story as by its facts (:mod:`articlediff.facts.provenance`).

    ``shared`` are the rare and common facts both state, as this article
    writes them, rarest first; ``keys`` their normalised forms; ``changed``
    the facts of one slot it states otherwise than the earlier article
    (:func:`articlediff.facts.provenance.compare_facts`: ``before`` is the
    earlier article's, ``after`` this one's).
    """

    to: str
    shared: tuple[str, ...]
    keys: tuple[str, ...]
    changed: tuple[tuple[str, str, str], ...] = ()  # (type, before, after)

    def to_dict(self) -> dict:
        return {
            "to": self.to,
            "shared": [{"fact": k, "text": t} for k, t in zip(self.keys, self.shared)],
            "changed": [{"type": t, "before": b, "after": a} for t, b, a in self.changed],
        }


@dataclass(frozen=True, slots=True)
class Placed:
    """Why an article stands where it does when its own date did not put it there: after ``after``, because ``why``."""

    after: str
    why: str

    def to_dict(self) -> dict:
        return {"after": self.after, "why": self.why}


@dataclass(frozen=True, slots=True)
class Removed:
    """A span of the article the normaliser took out as boilerplate (a promo, a caption, a headline variant)."""

    start: int
    end: int
    text: str
    reason: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass
class Entry:
    """One article in the timeline and what it takes, adds, drops and changes."""

    article: Document
    id: str
    date: str | None
    date_source: str | None
    not_before: str | None = None  # the latest date its text mentions as past: a lower bound, not its date
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    label: str = ""  # how a reader names it: title and outlet where known, else its opening words (labels.py)
    placed: Placed | None = None  # how its place in the order was decided, when not by its own date
    spin_score: float = 0.0
    spun: bool = False
    spin_evidence: str = ""
    depends_on: str | None = None
    relation: Relation = field(default_factory=lambda: Relation("source"))
    removed: list[Removed] = field(default_factory=list)
    copied: list[Copied] = field(default_factory=list)
    added: list[Passage] = field(default_factory=list)
    dropped: list[Passage] = field(default_factory=list)
    fact_changes: list[FactChange] = field(default_factory=list)
    fact_links: list[FactLink] = field(default_factory=list)  # earlier articles of the same story by its facts
    new_facts: list[tuple[str, str]] = field(default_factory=list)  # (key, text): facts no earlier article states

    @property
    def path(self) -> str | None:
        return None if self.article.path in ("<text>", "-") else self.article.path

    def to_dict(self, include_text: bool = False) -> dict:
        out = {
            "path": self.path,
            "id": self.id,
            "date": self.date,
            "date_source": self.date_source,
            "not_before": self.not_before,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "label": self.label,
            "placed": self.placed.to_dict() if self.placed else None,
            "relation": self.relation.to_dict(),
            "spin_score": round(self.spin_score, 4),
            "spun": self.spun,
            "spin_evidence": self.spin_evidence,
            "depends_on": self.depends_on,
            "removed": [r.to_dict() for r in self.removed],
        }
        if include_text:
            out["text"] = self.article.text
        out.update(
            copied=[c.to_dict() for c in self.copied],
            added=[p.to_dict() for p in self.added],
            dropped=[p.to_dict() for p in self.dropped],
            fact_changes=[f.to_dict() for f in self.fact_changes],
            fact_links=[f.to_dict() for f in self.fact_links],
            new_facts=[{"fact": k, "text": t} for k, t in self.new_facts],
        )
        return out


@dataclass
class Timeline:
    """Articles about one story in time order, each described against all earlier ones."""

    entries: list[Entry]
    order: str  # "date" or "given"

    @property
    def title(self) -> str | None:
        """The story's title: the headline of its earliest source that has one (else of any article)."""
        titled = [e for e in self.entries if e.title]
        sources = [e for e in titled if not e.spun and e.relation.kind in ("source", "same story")]
        return (sources or titled)[0].title if titled else None

    @property
    def date_range(self) -> tuple[str | None, str | None]:
        """The earliest and the latest date of its articles (None when none is dated)."""
        dates = sorted(e.date for e in self.entries if e.date)
        return (dates[0], dates[-1]) if dates else (None, None)

    def entry(self, id: str) -> Entry:
        for e in self.entries:
            if e.id == id:
                return e
        raise KeyError(id)

    @property
    def summary(self) -> dict:
        return {
            "articles": len(self.entries),
            "spun": sum(e.spun for e in self.entries),
            "removed": sum(len(e.removed) for e in self.entries),
            "copied": sum(len(e.copied) for e in self.entries),
            "added": sum(len(e.added) for e in self.entries),
            "dropped": sum(len(e.dropped) for e in self.entries),
            "fact_changes": sum(len(e.fact_changes) for e in self.entries),
        }

    def to_dict(self, include_text: bool = False) -> dict:
        first, last = self.date_range
        return {
            "schema": SCHEMA,
            "order": self.order,
            "title": self.title,
            "dates": {"first": first, "last": last},
            "articles": [e.to_dict(include_text) for e in self.entries],
            "summary": self.summary,
        }
