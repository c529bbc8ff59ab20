"""The timeline as one self-contained HTML page that a journalist reads at a glance.

The page is a single file with its CSS inline and no script, no font and
no image: it must open the same from a mail attachment, an offline laptop
or a phone, and must not call home.  It reads the ``articlediff.timeline/1``
contract as a plain dict (``Timeline.to_dict(include_text=True)``), so it
renders JSON written earlier as well as a fresh timeline, also one written
before the contract had titles, labels and relations (those are then
derived from what the dict has).

What it shows, top down: the story's title, one line of counts with the
date range, and the articles as a numbered list (label, date, relation in
words) that links to each article's section.  Each section gives, in the
words of the terminal brief (:mod:`.timeline_text`), the article's
relation, counts, fact changes (before → after, each a link to its span),
what the normaliser removed as boilerplate, then its first added passages;
the rest is folded into ``<details>`` elements, closed until clicked: the
other added passages, each copied passage with a **word diff** against the
passage it was copied from (the source's words ``<del>``, the copy's
``<ins>``, from :func:`articlediff.diff.word_diff`), the dropped passages
and the full text.

In the full text every code point appears in exactly one *segment*, in
order, so the page never loses or repeats the author's text even when
passages overlap, run past the end or arrive out of order
(:func:`segments`).  Passage labels (``verbatim · #1``) are CSS generated
content on empty links, not text, so selecting or copying an article from
the page gives back exactly its text.

Every place another part of the page points at (a copied passage's source,
a dropped passage, either side of a fact change) gets an anchor
``p-<article slug>-<offset>`` in the full text, cutting a segment there if
no passage starts at that offset, so every internal link resolves (a
browser opens the closed ``<details>`` it lands in).  Article ids may hold
any character; :func:`slugs` makes them safe, deterministic and unique.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..diff import word_diff
from ..segment import iter_words
from ..timeline.labels import article_label, cut, headline
from ..wording import counted
from .layout import fold_space
from .timeline_text import (
    BRIEF_ADDED,
    article_ref,
    counts_words,
    date_words,
    fact_link_words,
    fact_words,
    new_facts_words,
    placed_words,
    relation_words,
    removed_words,
    spin_words,
    summary_words,
)

KINDS = ("verbatim", "edited", "spun", "paraphrased")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
_REF = re.compile(r"#(\d+)\b")
#: Longest copied or dropped passage shown in a closed ``<details>`` line (the whole passage is inside).
SUMMARY_CHARS = 72


@dataclass(frozen=True)
class Segment:
    """A run of an article's text ``[start, end)`` shown with one style.

    ``role`` is ``"added"``, ``"copied"`` or ``None`` (unmarked); ``passage``
    is the passage dict it shows, ``first`` whether the passage's label goes
    here (its first visible segment), ``anchor`` whether an id starts here.
    """

    start: int
    end: int
    role: str | None = None
    passage: dict | None = None
    first: bool = False
    anchor: bool = False


def slugs(ids: Iterable[str]) -> dict[str, str]:
    """Map each article id to a unique slug of ``[A-Za-z0-9_-]``, usable bare in an HTML id and a ``#`` link.

    An id that is already safe keeps its name; any other gets a short hash of
    the original, so ``a/b`` and ``a b`` stay apart.  A repeated id keeps its
    first slug; a slug taken by an earlier id gets ``-2``, ``-3``…
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for raw in ids:
        raw = str(raw)
        if raw in out:
            continue
        base = _UNSAFE.sub("-", raw).strip("-")[:40] or "article"
        if base != raw:
            base += "-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:6]
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[raw] = slug
    return out


def anchor_offset(length: int, offset) -> int:
    """The offset an anchor for ``offset`` sits at: clipped into the text so a segment can start there."""
    try:
        offset = int(offset)
    except (TypeError, ValueError):
        offset = 0
    return min(max(offset, 0), max(length - 1, 0))


def segments(
    text: str, copied: list[dict], added: list[dict], anchors: Iterable[int] = (), cuts: Iterable[int] = ()
) -> list[Segment]:
    """Cut ``text`` into segments whose texts, joined, give back ``text`` exactly.

    Passages are clipped to the text and sorted by start (the longer first,
    then copied before added); where they overlap, the earlier keeps the
    shared characters and the later starts after it, and one wholly covered
    is not shown.  Segments are then cut at every offset in ``anchors`` so an
    id can start there, and at every offset in ``cuts`` (where a referenced
    range ends, so following a link highlights just that range).
    """
    n = len(text)
    anchors = set(anchors)
    marks = []
    for order, (role, passages) in enumerate((("copied", copied), ("added", added))):
        for i, p in enumerate(passages):
            try:
                start, end = max(int(p["start"]), 0), min(int(p["end"]), n)
            except (KeyError, TypeError, ValueError):
                continue
            if start < end:
                marks.append((start, -end, order, i, role, p))
    marks.sort(key=lambda m: m[:4])
    runs: list[tuple[int, int, str | None, dict | None]] = []
    pos = 0
    for start, neg_end, _, _, role, p in marks:
        end = -neg_end
        start = max(start, pos)
        if start >= end:
            continue
        if start > pos:
            runs.append((pos, start, None, None))
        runs.append((start, end, role, p))
        pos = end
    if pos < n:
        runs.append((pos, n, None, None))
    cuts = sorted({c for c in (*anchors, *cuts) if 0 < c < n})
    out: list[Segment] = []
    k = 0
    for start, end, role, p in runs:
        first = True
        while k < len(cuts) and cuts[k] <= start:
            k += 1
        bounds = [start]
        while k < len(cuts) and cuts[k] < end:
            bounds.append(cuts[k])
            k += 1
        bounds.append(end)
        for s, e in itertools.pairwise(bounds):
            out.append(Segment(s, e, role, p, first and role is not None, False))
            first = False
    return [Segment(s.start, s.end, s.role, s.passage, s.first, s.start in anchors) for s in out]


def word_pieces(a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int]) -> list[tuple[str, str]]:
    """The copy ``b_text[b_span]`` against its source ``a_text[a_span]``, as ``(style, text)`` pieces.

    ``same`` pieces are the copy's own text, ``del`` the source's words the
    copy does not have and ``ins`` the copy's words the source does not have
    (a replaced word gives a ``del`` then an ``ins``).  Words are compared as
    ``compare`` compares them (:func:`articlediff.diff.word_diff` over the
    words' matching keys), so a curly quote or a capital is not a change.
    Joined, the ``same`` and ``ins`` pieces give back the copy exactly.
    """
    (a_start, a_end), (b_start, b_end) = a_span, b_span
    edits = word_diff(
        list(iter_words(a_text, a_start, a_end)), list(iter_words(b_text, b_start, b_end)), a_end=a_end, b_end=b_end
    )
    pieces: list[tuple[str, str]] = []
    pos = b_start
    for edit in edits:
        if edit.b_start > pos:
            pieces.append(("same", b_text[pos : edit.b_start]))
        if edit.a_end > edit.a_start:
            pieces.append(("del", a_text[edit.a_start : edit.a_end]))
        if edit.b_end > edit.b_start:
            pieces.append(("ins", b_text[max(edit.b_start, pos) : edit.b_end]))
        pos = max(pos, edit.b_end)
    if pos < b_end:
        pieces.append(("same", b_text[pos:b_end]))
    return pieces


def render(tl) -> str:
    """The timeline as one self-contained HTML page (from its JSON contract, with the articles' texts)."""
    return render_timeline_html(tl.to_dict(include_text=True))


def render_timeline_html(data: dict) -> str:
    """Render a timeline (the ``articlediff.timeline/1`` dict, with texts) as one self-contained HTML page."""
    return _Page(data).render()


class _Page:
    """The state one rendering needs: articles by id, their numbers, slugs and the anchors each must carry."""

    def __init__(self, data: dict) -> None:
        self.data = data
        # Shallow copies with string ids: the caller's dict is left as it was.
        self.articles = [{**a, "id": str(a.get("id"))} for a in data.get("articles") or [] if isinstance(a, dict)]
        self.slug = slugs(a["id"] for a in self.articles)
        self.by_id: dict[str, dict] = {}
        for a in self.articles:
            self.by_id.setdefault(a["id"], a)
        # An article's number in the list (``#2``), and the section each number links to.
        self.refs = {aid: self.articles.index(a) + 1 for aid, a in self.by_id.items()}
        self.sections = [self.section_id(a, i) for i, a in enumerate(self.articles)]
        self.anchors: dict[str, set[int]] = {a["id"]: set() for a in self.articles}
        self.ends: dict[str, set[int]] = {a["id"]: set() for a in self.articles}
        self.facts: dict[str, list[tuple[int, int, str]]] = {a["id"]: [] for a in self.articles}
        for a in self.articles:
            for p in _list(a, "copied") + _list(a, "added"):
                self._need(a["id"], p.get("start"))
            for p in _list(a, "copied"):
                ref = p.get("from") or {}
                self._need(ref.get("id"), ref.get("start"), ref.get("end"))
            for p in _list(a, "dropped"):
                self._need(p.get("id"), p.get("start"), p.get("end"))
            for f in _list(a, "fact_changes"):
                note = f"{f.get('type', 'fact')} changed: {f.get('before', '')} → {f.get('after', '')}"
                for side in ("a", "b"):
                    ref = f.get(side) or {}
                    if self._need(ref.get("id"), ref.get("start"), ref.get("end")):
                        start = anchor_offset(len(self._text(str(ref["id"]))), ref.get("start"))
                        self.facts[str(ref["id"])].append((start, _int(ref.get("end"), start), note))

    def section_id(self, a: dict, index: int) -> str:
        """The id of an article's section; a repeated id's later articles get ``--<index>`` (slugs never hold "--")."""
        suffix = self.slug[a["id"]] if self.by_id[a["id"]] is a else f"{self.slug[a['id']]}--{index}"
        return f"a-{suffix}"

    def _text(self, article_id) -> str:
        text = self.by_id[article_id].get("text")
        return text if isinstance(text, str) else ""

    def _need(self, article_id, offset, end=None) -> bool:
        """Ask for an anchor at ``offset`` in an article (and a cut at ``end``); False if the article is not on the page."""
        if article_id is None or str(article_id) not in self.by_id:
            return False
        article_id = str(article_id)
        self.anchors[article_id].add(anchor_offset(len(self._text(article_id)), offset))
        if end is not None:
            self.ends[article_id].add(_int(end, 0))
        return True

    def href(self, article_id, offset) -> str | None:
        """The ``#p-…`` link to ``offset`` in an article, or None when the article is not on the page."""
        if article_id is None or str(article_id) not in self.by_id:
            return None
        article_id = str(article_id)
        return f"#p-{self.slug[article_id]}-{anchor_offset(len(self._text(article_id)), offset)}"

    def ref(self, article_id) -> str:
        """``#2`` for an article on the page, else its id (plain text): how the brief's phrases name it."""
        return article_ref(str(article_id), self.refs)

    def linked(self, escaped: str, ids: Iterable) -> str:
        """Escaped text with each ``#2`` naming one of the articles ``ids`` made a link to its section."""
        numbers = {self.refs[str(i)] for i in ids if str(i) in self.refs}

        def link(m: re.Match) -> str:
            n = int(m.group(1))
            return f'<a href="#{self.sections[n - 1]}">#{n}</a>' if n in numbers else m.group()

        return _REF.sub(link, escaped)

    # -- what an article is, from the contract (or derived when an older dict lacks it) ----------------

    def label(self, a: dict) -> str:
        """The article's ``label``; for a dict without one, made as the timeline makes it (from the raw text)."""
        if a.get("label"):
            return str(a["label"])
        text = a.get("text") if isinstance(a.get("text"), str) else ""
        return article_label(a.get("title") or headline(text), a.get("outlet"), text, a["id"])

    def relation(self, a: dict) -> dict:
        """The article's ``relation``; for a dict without one, the article it copies most from (``depends_on``)."""
        relation = a.get("relation")
        if isinstance(relation, dict) and relation.get("kind"):
            to = relation.get("to")
            return {**relation, "to": None if to is None else str(to)}
        sources = Counter(str((p.get("from") or {}).get("id")) for p in _list(a, "copied"))
        to = a.get("depends_on")
        to = str(to) if to is not None else (sources.most_common(1)[0][0] if sources else None)
        if to is None:
            return {"kind": "source", "to": None}
        return {"kind": "spun copy" if a.get("spun") else "same story", "to": to, "passages": sources.get(to, 0)}

    def relation_words(self, a: dict, *, short: bool = False) -> str:
        return relation_words(self.relation(a), self.refs, short=short, loud=False)

    def counts_words(self, a: dict) -> str:
        return counts_words(
            self.relation(a).get("kind"),
            len(_list(a, "fact_changes")),
            len(_list(a, "added")),
            len(_list(a, "dropped")),
            [str(p.get("kind", "copied")) for p in _list(a, "copied")],
        )

    # -- the page ---------------------------------------------------------------------------------

    def render(self) -> str:
        n = len(self.articles)
        title = self.data.get("title") or f"Timeline of {counted(n, 'article')}"
        body = [
            "<header class=top>",
            "<p class=kicker>articlediff timeline</p>",
            f"<h1>{_e(title)}</h1>",
            f"<p class=summary>{_e(self.summary())}</p>",
            '<nav aria-label="Articles in time order"><ol class=toc>',
            *(self.toc_item(a, i) for i, a in enumerate(self.articles)),
            "</ol></nav>",
            _LEGEND,
            "</header>",
            "<main>",
            *(self.article(a, i) for i, a in enumerate(self.articles)),
            "</main>",
            "<footer>Generated by articlediff. Offsets are code points into each article’s text.</footer>",
        ]
        return (
            "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
            '<meta name=viewport content="width=device-width, initial-scale=1">\n'
            '<meta name=color-scheme content="light dark">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )

    def summary(self) -> str:
        """The brief's summary line: how many articles, the date range and how many undated, the counts."""
        s = self.data.get("summary") if isinstance(self.data.get("summary"), dict) else {}
        keys = ("copied", "added", "dropped", "fact_changes")
        counts = {k: s.get(k, sum(len(_list(a, k)) for a in self.articles)) for k in keys}
        counts["articles"] = s.get("articles", len(self.articles))
        counts["spun"] = s.get("spun", sum(bool(a.get("spun")) for a in self.articles))
        dates = sorted(a["date"] for a in self.articles if isinstance(a.get("date"), str) and a["date"])
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        undated = len(self.articles) - len(dates)
        return summary_words(str(self.data.get("order") or "given"), first, last, undated, counts)

    def toc_item(self, a: dict, index: int) -> str:
        """One item of the header's list: number, label (the link to its section), then date and relation in words."""
        facts = len(_list(a, "fact_changes"))
        spun = " class=is-spun" if self.relation(a).get("kind") == "spun copy" else ""
        info = [_e(a.get("date") or "undated"), f"<span{spun}>{_e(self.relation_words(a, short=True))}</span>"]
        if facts:
            info.append(f"<span class=flag>{counted(facts, 'fact change')}</span>")
        return (
            f'<li><span class=num>{index + 1}</span><div><a href="#{self.sections[index]}">{_e(self.label(a))}</a>'
            f"<div class=info>{' · '.join(info)}</div></div></li>"
        )

    def article(self, a: dict, index: int) -> str:
        aid = a["id"]
        anchored = self.by_id[aid] is a  # a repeated id's later articles carry no anchors: links go to the first
        section = self.sections[index]
        meta = [f"<span class=date>{_e(date_words(a.get('date'), a.get('not_before')))}</span>", self.where(a)]
        meta.append(f"<code class=id>{_e(aid)}</code>")
        relation = self.relation(a)
        kind, relation_text = relation.get("kind"), _e(self.relation_words(a))
        spun = " class=is-spun" if kind == "spun copy" else ""
        parts = [
            f'<section class=article id="{section}" aria-labelledby="h-{section}">',
            f'<h2 id="h-{section}"><span class=num>{index + 1}</span> <span class=label>{_e(self.label(a))}</span></h2>',
            f"<p class=meta>{' · '.join(m for m in meta if m)}</p>",
            f"<p class=rel><b{spun}>{self.linked(relation_text, [relation.get('to')])}</b> · {_e(self.counts_words(a))}</p>",
        ]
        placed = a.get("placed")
        if isinstance(placed, dict):
            parts.append(f"<p class=muted>{self.linked(_e(placed_words(placed, self.refs)), [placed.get('after')])}</p>")
        if a.get("spun") and a.get("spin_evidence"):
            evidence = _e(spin_words(str(a["spin_evidence"]), self.refs))
            parts.append(f"<p class=muted>spun: {self.linked(evidence, self.refs)}</p>")
        parts += [self.fact_changes(a), self.fact_links(a), self.removed(a), self.added(a, kind), self.copied(a, anchored)]
        parts.append(self.dropped(a))
        parts.append(self.full_text(a, section, anchored))
        parts.append("</section>")
        return "\n".join(p for p in parts if p)

    def where(self, a: dict) -> str:
        """The outlet, linked to the article's URL when it has an http(s) one (never another scheme)."""
        url, outlet = a.get("url"), a.get("outlet")
        if isinstance(url, str) and re.match(r"https?://", url, re.IGNORECASE):
            name = outlet or urlsplit(url).netloc or url
            return f'<a class=out href="{_e(url)}" rel="noopener noreferrer">{_e(name)}</a>'
        return _e(outlet) if outlet else ""

    def fact_changes(self, a: dict) -> str:
        items = []
        for f in _list(a, "fact_changes"):
            values = []
            for side, key in (("a", "before"), ("b", "after")):
                ref = f.get(side) or {}
                href = self.href(ref.get("id"), ref.get("start"))
                value = _e(f"‘{f.get(key, '')}’")
                values.append(f'<a href="{href}">{value}</a>' if href else value)
            since = (f.get("a") or {}).get("id")
            what = self.linked(_e(fact_words(str(f.get("type", "fact")), self.ref(since))), [since])
            items.append(f"<li><b>{what}</b>: {values[0]} → {values[1]}</li>")
        return f"<ul class=facts>{''.join(items)}</ul>" if items else ""

    def fact_links(self, a: dict) -> str:
        """The earlier articles it tells the same story as by its facts, and the facts it states first."""
        links = [link for link in _list(a, "fact_links") if isinstance(link, dict)]
        if not links:
            return ""
        items = [f"<li>{self.linked(_e(fact_link_words(link, self.refs)), [link.get('to')])}</li>" for link in links]
        first = new_facts_words([f for f in _list(a, "new_facts") if isinstance(f, dict)])
        if first:
            items.append(f"<li>{_e(first)}</li>")
        return f"<ul class=facts>{''.join(items)}</ul>"

    def removed(self, a: dict) -> str:
        removed = _list(a, "removed")
        if not removed:
            return ""
        summary = _e(removed_words([str(r.get("reason", "")) for r in removed]))
        items = "".join(f"<li><s>{_e(fold_space(str(r.get('text', ''))).strip())}</s></li>" for r in removed)
        return f"<details class=removed><summary>{summary}</summary><ul>{items}</ul></details>"

    def added(self, a: dict, kind: str | None) -> str:
        """The first added passages, shown; the rest folded. A source's whole text is its own: it is in Full text."""
        added = _list(a, "added")
        if not added or kind == "source":
            return ""
        items = [f"<li>{_e(fold_space(str(p.get('text', ''))).strip())}</li>" for p in added]
        out = f"<h3>Added</h3><ul class=added>{''.join(items[:BRIEF_ADDED])}</ul>"
        if len(items) > BRIEF_ADDED:
            more = len(items) - BRIEF_ADDED
            rest = "".join(items[BRIEF_ADDED:])
            out += f"<details class=more><summary>{more} more added</summary><ul class=added>{rest}</ul></details>"
        return out

    def copied(self, a: dict, anchored: bool) -> str:
        copied = _list(a, "copied")
        if not copied:
            return ""
        text = a.get("text") if isinstance(a.get("text"), str) else ""
        items = [self.copy(a, p, text, anchored) for p in copied]
        return f"<h3>Copied ({len(items)})</h3><div class=copies>{''.join(items)}</div>"

    def copy(self, a: dict, p: dict, text: str, anchored: bool) -> str:
        """One copied passage, closed: its kind, source and opening words; open, its word diff and links to both spans."""
        kind = _kind(p)
        ref = p.get("from") or {}
        source = str(ref.get("id")) if ref.get("id") is not None else None
        own = str(p.get("text", ""))
        opening = _e(cut(fold_space(own).strip(), SUMMARY_CHARS))
        summary = (
            f"<span class='kind {kind}'>{_e(p.get('kind', 'copied'))}</span> from {_e(self.ref(source))}"
            f"<span class=opening>: {opening}</span>"
        )
        diff = self.diff(p, ref, source, text)
        links = [f"similarity {_e(p['score'])} of 100"] if p.get("score") is not None else []
        href = self.href(source, ref.get("start"))
        if href:
            links.append(f'<a href="{href}">the source passage in {_e(self.ref(source))}</a>')
        if anchored:
            links.append(f'<a href="{self.href(a["id"], p.get("start"))}">this passage in the full text</a>')
        where = f"<p class=muted>{' · '.join(links)}</p>" if links else ""
        return f"<details class='copy {kind}' data-kind={kind}><summary>{summary}</summary>{diff}{where}</details>"

    def diff(self, p: dict, ref: dict, source: str | None, text: str) -> str:
        """The copy's words against its source's: ``del`` the source's, ``ins`` the copy's."""
        own = str(p.get("text", ""))
        source_text = self._text(source) if source in self.by_id else ""
        try:
            b_span = (max(int(p["start"]), 0), min(int(p["end"]), len(text)))
            a_span = (max(int(ref["start"]), 0), min(int(ref["end"]), len(source_text)))
        except (KeyError, TypeError, ValueError):
            b_span = a_span = (0, 0)
        if not (a_span[0] < a_span[1] and b_span[0] < b_span[1] and text[b_span[0] : b_span[1]] == own):
            note = "the source passage is not in the data" if a_span[0] >= a_span[1] else "no word diff"
            return f"<p class=diff>{_e(own)}</p><p class=muted>({note})</p>"
        pieces = word_pieces(source_text, a_span, text, b_span)
        if not any(style != "same" for style, _ in pieces):
            return f"<p class=diff>{_e(own)}</p><p class=muted>(the same words as the source)</p>"
        tags = {"same": "{}", "del": "<del>{}</del>", "ins": "<ins>{}</ins>"}
        return "<p class=diff>" + "".join(tags[style].format(_e(t)) for style, t in pieces) + "</p>"

    def dropped(self, a: dict) -> str:
        dropped = _list(a, "dropped")
        if not dropped:
            return ""
        items = []
        for p in dropped:
            href = self.href(p.get("id"), p.get("start"))
            name = _e(self.ref(p.get("id")))
            where = f'<a href="{href}">{name}</a>' if href else name
            items.append(
                f"<li><span class=gone>{_e(fold_space(str(p.get('text', ''))).strip())}</span> <small>from {where}</small></li>"
            )
        sources = ", ".join(dict.fromkeys(self.ref(p.get("id")) for p in dropped))
        summary = _e(f"dropped: {counted(len(items), 'passage')} of {sources}")
        return f"<details class=dropped><summary>{summary}</summary><ul>{''.join(items)}</ul></details>"

    def full_text(self, a: dict, section: str, anchored: bool) -> str:
        aid, slug = a["id"], self.slug[a["id"]]
        anchors = self.anchors[aid] if anchored else set()
        text = a.get("text")
        if not isinstance(text, str):
            empty = "".join(f'<span id="p-{slug}-{o}"></span>' for o in sorted(anchors))
            return f"<p class=muted>{empty}The text of this article is not in the data (render with text included).</p>"
        size = f"{len(text):,} characters"
        return (
            f"<details class=full><summary>Full text ({size}, passages marked)</summary>"
            f'<div class=text data-article="{_e(aid)}">{self.body(slug, text, a, anchors, anchored)}</div></details>'
        )

    def body(self, slug: str, text: str, a: dict, anchors: set[int], anchored: bool) -> str:
        out = []
        if not text:
            out.extend(f'<span id="p-{slug}-{o}"></span>' for o in sorted(anchors))
        cuts = self.ends[a["id"]] if anchored else ()
        facts = self.facts[a["id"]] if anchored else []
        for seg in segments(text, _list(a, "copied"), _list(a, "added"), anchors, cuts):
            chunk = _e(text[seg.start : seg.end])
            ident = f' id="p-{slug}-{seg.start}"' if seg.anchor else ""
            notes = [note for s, e, note in facts if s <= seg.start and seg.end <= e]
            if notes:
                # A changed fact: its own element inside the passage, so the passage's style still shows around it.
                chunk = f'<span class=fact title="{_e("; ".join(dict.fromkeys(notes)))}">{chunk}</span>'
            if seg.role is None:
                out.append(f"<span{ident}>{chunk}</span>" if ident else chunk)
            elif seg.role == "added":
                title = f"added · {seg.passage.get('start')}–{seg.passage.get('end')}"
                out.append(f'<span class="m added"{ident} title="{_e(title)}">{chunk}</span>')
            else:
                out.append(self.copied_segment(seg, ident, chunk))
        return "".join(out)

    def copied_segment(self, seg: Segment, ident: str, chunk: str) -> str:
        p = seg.passage
        kind = _kind(p)
        ref = p.get("from") or {}
        score = p.get("score")
        score_txt = f", score {score}" if score is not None else ""
        title = f"{p.get('kind', 'copied')} from {ref.get('id')} [{ref.get('start')}–{ref.get('end')}]{score_txt}"
        label = ""
        if seg.first:
            text = f"{p.get('kind', 'copied')} · {self.ref(ref.get('id'))}"
            href = self.href(ref.get("id"), ref.get("start"))
            aria = f"{p.get('kind', 'copied')}, copied from {self.ref(ref.get('id'))}"
            if href:
                label = (
                    f'<a class="src {kind}" href="{href}" data-label="{_e(text)}"'
                    f' aria-label="{_e(aria)}" title="{_e(title)}"></a>'
                )
            else:
                label = f'<span class="src {kind}" data-label="{_e(text)}" role=note aria-label="{_e(aria)}"></span>'
        return f'{label}<span class="m {kind}"{ident} title="{_e(title)}">{chunk}</span>'


def _list(a: dict, key: str) -> list[dict]:
    value = a.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _kind(p: dict | None) -> str:
    kind = (p or {}).get("kind")
    return kind if kind in KINDS else "copied"


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_LEGEND = (
    '<ul class=legend aria-label="Legend">'
    "<li>copied passages: "
    "<span class='kind verbatim'>verbatim</span> <span class='kind edited'>edited</span> "
    "<span class='kind spun'>spun</span> <span class='kind paraphrased'>paraphrased</span></li>"
    "<li>in a copied passage: <del>the source’s words</del> <ins>the copy’s words</ins></li>"
    "<li>click a ▸ line to open it</li>"
    "</ul>"
)

_CSS = """
:root{--bg:#fbfaf7;--fg:#1c1c1e;--muted:#5f6368;--line:#d9d6cf;--card:#fff;--link:#0b57d0;
--added:#cdeccf;--added-fg:#1e6b2a;--verbatim:#dbe6ff;--verbatim-fg:#1f4fb0;--edited:#ece0fb;--edited-fg:#6b3fa0;
--spun:#ffe2bf;--spun-fg:#9a4f00;--paraphrased:#d3f0ee;--paraphrased-fg:#0d6b66;--copied:#e6e6e6;--copied-fg:#444;
--gone:#fde4e2;--gone-fg:#a52a1f;--target:#ffd54a}
@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e6e6e6;--muted:#a0a4ab;--line:#34363c;--card:#1f2125;--link:#8ab4f8;
--added:#1f4a27;--added-fg:#9be3a6;--verbatim:#1f3260;--verbatim-fg:#a9c2ff;--edited:#3b2a57;--edited-fg:#d4b8ff;
--spun:#54380f;--spun-fg:#ffc27a;--paraphrased:#134543;--paraphrased-fg:#86e0d8;--copied:#333;--copied-fg:#ccc;
--gone:#4a1f1c;--gone-fg:#ffaaa2;--target:#7a6210}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
overflow-wrap:break-word}
a{color:var(--link)}
h1{font-size:1.55rem;line-height:1.25;margin:.2rem 0 .5rem}
h2{font-size:1.15rem;line-height:1.3;margin:0 0 .3rem;display:flex;gap:.5rem;align-items:baseline}
h3{font-size:.8rem;margin:.8rem 0 .2rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
p{margin:.25rem 0}
code{font-size:.85em;overflow-wrap:anywhere}
small,.muted{color:var(--muted)}
.muted{font-size:.9rem}
.top,main,footer{max-width:54rem;margin:0 auto;padding:1rem}
.top{padding-top:1.2rem}
.kicker{margin:0;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.06em}
.summary{color:var(--muted);font-size:.95rem}
.num{display:inline-block;flex:none;min-width:1.6rem;text-align:center;border-radius:.8rem;background:var(--fg);color:var(--bg);
font-size:.85rem;font-weight:600;line-height:1.6rem}
.toc{list-style:none;margin:.8rem 0 .4rem;padding:0;border-top:1px solid var(--line)}
.toc li{display:flex;gap:.6rem;align-items:baseline;padding:.3rem 0;border-bottom:1px solid var(--line)}
.toc li>div{min-width:0}
.toc a{font-weight:600;overflow-wrap:anywhere}
.info{font-size:.88rem;color:var(--muted)}
.is-spun{color:var(--spun-fg);font-weight:600}
.flag{color:var(--gone-fg);font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0 0;font-size:.85rem;
color:var(--muted)}
.kind{display:inline-block;font-size:.75rem;font-weight:600;line-height:1.3;padding:0 .4rem;border-radius:.6rem;
border:1px solid currentColor;white-space:nowrap}
.kind.verbatim{color:var(--verbatim-fg)}.kind.edited{color:var(--edited-fg)}.kind.spun{color:var(--spun-fg)}
.kind.paraphrased{color:var(--paraphrased-fg)}.kind.copied{color:var(--copied-fg)}
del,ins{text-decoration-thickness:1.5px;border-radius:.2rem;padding:0 .1rem}
del{background:var(--gone);color:var(--gone-fg);margin:0 .2em}
ins{background:var(--added);color:var(--added-fg);text-decoration:underline}
main{padding-top:0}
.article{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.9rem 1.1rem;margin:0 0 1rem}
.article .label{overflow-wrap:anywhere;min-width:0}
.meta{color:var(--muted);font-size:.88rem}
.meta .id{color:var(--muted)}
.rel{font-size:.95rem}
.facts{margin:.4rem 0;padding-left:1.2rem}
.facts li::marker{content:"! ";color:var(--gone-fg);font-weight:700}
ul.added{margin:.2rem 0;padding-left:1.2rem}
ul.added li{margin:.2rem 0}
ul.added li::marker{content:"+ ";color:var(--added-fg);font-weight:700}
details{margin:.3rem 0}
summary{cursor:pointer;color:var(--muted);font-size:.92rem}
details[open]>summary{margin-bottom:.3rem}
details.copy>summary{color:var(--fg)}
details[open] .opening{display:none}
.copies details{border-left:3px solid var(--line);padding-left:.5rem}
.copies details.edited{border-color:var(--edited-fg)}.copies details.spun{border-color:var(--spun-fg)}
.copies details.verbatim{border-color:var(--verbatim-fg)}.copies details.paraphrased{border-color:var(--paraphrased-fg)}
.diff{line-height:1.7}
.removed ul,.dropped ul,.more ul{margin:0;padding-left:1.2rem}
.removed li,.dropped li{margin:.2rem 0;font-size:.92rem}
.gone{background:var(--gone);color:var(--gone-fg);text-decoration:line-through;text-decoration-color:var(--gone-fg);
-webkit-box-decoration-break:clone;box-decoration-break:clone;padding:0 .15rem}
.text{white-space:pre-wrap;font-size:1rem;line-height:1.7;margin:.3rem 0 0}
.m{border-radius:.2rem;padding:.1rem 0;-webkit-box-decoration-break:clone;box-decoration-break:clone;
text-decoration-thickness:2px;text-underline-offset:.25em}
.m.added{background:var(--added);box-shadow:inset 0 -2px 0 var(--added-fg)}
.m.verbatim{background:var(--verbatim);text-decoration:underline solid var(--verbatim-fg)}
.m.edited{background:var(--edited);text-decoration:underline dashed var(--edited-fg)}
.m.spun{background:var(--spun);text-decoration:underline wavy var(--spun-fg);text-decoration-thickness:1px}
.m.paraphrased{background:var(--paraphrased);text-decoration:underline dotted var(--paraphrased-fg)}
.m.copied{background:var(--copied);text-decoration:underline double var(--copied-fg)}
.src{font-size:.72rem;line-height:1;white-space:nowrap;text-decoration:none;border-radius:.6rem;\\
padding:.1rem .4rem;margin-right:.25rem;
vertical-align:.12em;font-weight:600;border:1px solid currentColor}
.src::before{content:attr(data-label)}
a.src::before{content:"↩ " attr(data-label)}
.src.verbatim{color:var(--verbatim-fg)}.src.edited{color:var(--edited-fg)}.src.spun{color:var(--spun-fg)}
.src.paraphrased{color:var(--paraphrased-fg)}.src.copied{color:var(--copied-fg)}
[id]{scroll-margin-top:1rem}
.fact{font-weight:700;border-bottom:2px solid var(--fg)}
.text :target{outline:3px solid var(--target);outline-offset:2px;animation:flash 1.6s ease-out}
@keyframes flash{from{background:var(--target)}}
@media (max-width:40rem){
body{font-size:15px}
.top,main,footer{padding:.7rem}
h1{font-size:1.3rem}
.article{padding:.7rem;border-radius:.4rem}}
footer{color:var(--muted);font-size:.8rem}
@media print{:root{--bg:#fff;--card:#fff}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.article{break-inside:auto;border:0;padding:0}a{color:inherit}}
"""
