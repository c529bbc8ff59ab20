"""The timeline as one self-contained HTML page, to read a story's copying history in a browser.

The page is a single file with its CSS inline and no script, no font and
no image: it must open the same from a mail attachment, an offline laptop
or a phone, and must not call home.  It reads the ``articlediff.timeline/1``
contract as a plain dict (``Timeline.to_dict(include_text=True)``), so it
renders JSON written earlier as well as a fresh timeline.

Each article's text is shown whole, cut into *segments*: every code point
appears in exactly one segment, in order, so the page never loses or repeats
the author's text even when passages overlap, run past the end or arrive out
of order (:func:`segments`).  Passage labels (``verbatim · 000_x``) are CSS
generated content on empty links, not text, so selecting or copying an
article from the page gives back exactly its text.

Every place another part of the page points at (a copied passage's source,
a dropped passage, either side of a fact change) gets an anchor
``p-<article slug>-<offset>``, cutting a segment there if no passage starts
at that offset, so every internal link resolves.  Article ids may hold any
character; :func:`slugs` makes them safe, deterministic and unique.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("verbatim", "edited", "spun", "paraphrased")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


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


def render(tl) -> str:
    """The timeline as one self-contained HTML page (from its JSON contract, with the articles' texts)."""
    return render_timeline_html(tl.to_dict(include_text=True))


def render_timeline_html(data: dict) -> str:
    """Render a timeline (the ``articlediff.timeline/1`` dict, with texts) as one self-contained HTML page."""
    return _Page(data).render()


class _Page:
    """The state one rendering needs: articles by id, their slugs and the anchors each must carry."""

    def __init__(self, data: dict) -> None:
        self.data = data
        # Shallow copies with string ids: the caller's dict is left as it was.
        self.articles = [{**a, "id": str(a.get("id"))} for a in data.get("articles") or [] if isinstance(a, dict)]
        self.slug = slugs(a["id"] for a in self.articles)
        self.by_id: dict[str, dict] = {}
        for a in self.articles:
            self.by_id.setdefault(a["id"], a)
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

    def article_link(self, article_id) -> str:
        if article_id is None:
            return "—"
        if str(article_id) not in self.by_id:
            return f"<span class=id>{_e(article_id)}</span> <small>(not in this timeline)</small>"
        return f'<a class=id href="#a-{self.slug[str(article_id)]}">{_e(article_id)}</a>'

    # -- the page ---------------------------------------------------------------------------------

    def render(self) -> str:
        n = len(self.articles)
        title = f"Story timeline: {n} article{'s' if n != 1 else ''}"
        headline = _first_line(self._text(self.articles[0]["id"])) if self.articles else ""
        body = [
            "<header class=top>",
            f"<p class=kicker>articlediff timeline · {_e(self.data.get('schema', ''))}</p>",
            f"<h1>{_e(headline or title)}</h1>",
            self.summary(),
            _LEGEND,
            "</header>",
            "<div class=layout>",
            '<nav class=timeline aria-label="Articles in time order"><h2>Timeline</h2><ol>',
            *(self.timeline_item(a, i) for i, a in enumerate(self.articles)),
            "</ol></nav>",
            "<main>",
            self.fact_table(),
            *(self.article(a, i) for i, a in enumerate(self.articles)),
            "</main></div>",
            "<footer>Generated by articlediff. Offsets are code points into each article’s text.</footer>",
        ]
        return (
            "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
            '<meta name=viewport content="width=device-width, initial-scale=1">\n'
            '<meta name=color-scheme content="light dark">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )

    def summary(self) -> str:
        s = self.data.get("summary") or {}
        counts = {
            k: s.get(k, sum(len(_list(a, k)) for a in self.articles)) for k in ("copied", "added", "dropped", "fact_changes")
        }
        spun = s.get("spun", sum(bool(a.get("spun")) for a in self.articles))
        dates = sorted(a["date"] for a in self.articles if isinstance(a.get("date"), str))
        span = f"{dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else (dates[0] if dates else "undated")
        order = "by date" if self.data.get("order") == "date" else "in the order given"
        items = [
            (s.get("articles", len(self.articles)), "articles"),
            (counts["copied"], "copied passages"),
            (counts["added"], "added"),
            (counts["dropped"], "dropped"),
            (counts["fact_changes"], "fact changes"),
            (spun, "spun"),
        ]
        stats = "".join(f"<li><b>{_e(v)}</b> {label}</li>" for v, label in items)
        return f"<ul class=stats>{stats}</ul><p class=muted>{_e(span)} · ordered {order}</p>"

    def timeline_item(self, a: dict, index: int) -> str:
        target = f"#a-{self.slug[a['id']]}" if self.by_id[a["id"]] is a else f"#a-{self.slug[a['id']]}--{index}"
        depends = a.get("depends_on")
        dep = f"<div class=dep>copies most from {self.article_link(depends)}</div>" if depends is not None else ""
        counts = " · ".join(
            f"{len(_list(a, k))} {label}" for k, label in (("copied", "copied"), ("added", "added"), ("dropped", "dropped"))
        )
        facts = len(_list(a, "fact_changes"))
        if facts:
            counts += f" · {facts} fact{'s' if facts != 1 else ''} changed"
        return (
            f'<li class="{"spun" if a.get("spun") else ""}"><a class=card href="{target}">'
            f"<span class=date>{_date(a)}</span> <span class=id>{_e(a['id'])}</span> {_spin_badge(a)}</a>"
            f"{dep}{self.share_bar(a)}<div class=muted>{counts}</div></li>"
        )

    def share_bar(self, a: dict) -> str:
        """A bar of how much of the article is copied (by kind), added and unmarked, by characters."""
        text = self._text(a["id"])
        if not text:
            return ""
        sizes: dict[str, int] = {}
        for seg in segments(text, _list(a, "copied"), _list(a, "added")):
            key = "other" if seg.role is None else ("added" if seg.role == "added" else _kind(seg.passage))
            sizes[key] = sizes.get(key, 0) + seg.end - seg.start
        parts, labels = [], []
        for key in ("added", *KINDS, "copied", "other"):
            if sizes.get(key):
                share = 100 * sizes[key] / len(text)
                parts.append(f'<span class="{key}" style="width:{share:.2f}%"></span>')
                labels.append(f"{share:.0f}% {'unmarked' if key == 'other' else key}")
        return (
            f'<div class=bar role=img aria-label="{_e(", ".join(labels))}" title="{_e(", ".join(labels))}">{"".join(parts)}</div>'
        )

    def fact_table(self) -> str:
        rows = []
        for a in self.articles:
            for f in _list(a, "fact_changes"):
                cells = []
                for side, key in (("a", "before"), ("b", "after")):
                    ref = f.get(side) or {}
                    href = self.href(ref.get("id"), ref.get("start"))
                    value = _e(f.get(key, ""))
                    title = f' title="in {_e(ref.get("id"))}"' if ref.get("id") is not None else ""
                    cells.append(f'<a href="{href}"{title}>{value}</a>' if href else value)
                ids = f.get("ids") or [(f.get(s) or {}).get("id") for s in ("a", "b")]
                who = " → ".join(self.article_link(i) for i in ids)
                rows.append(
                    f'<tr><td data-th="Type">{_e(f.get("type", ""))}</td><td data-th="Before">{cells[0]}</td>'
                    f'<td data-th="After">{cells[1]}</td><td data-th="Articles">{who}</td></tr>'
                )
        if not rows:
            return (
                "<section class=facts id=facts><h2>Fact changes</h2>"
                "<p class=muted>No fact changed between articles.</p></section>"
            )
        return (
            "<section class=facts id=facts><h2>Fact changes</h2><div class=scroll><table><thead><tr><th>Type</th><th>Before</th>"
            "<th>After</th><th>Articles</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div></section>"
        )

    def article(self, a: dict, index: int) -> str:
        aid = a["id"]
        if self.by_id[aid] is not a:
            # A repeated id: links go to the first article of that id, so this one has no anchors.
            # Slugs never hold "--", so the suffix cannot meet another article's id.
            suffix, anchors, anchored = f"{self.slug[aid]}--{index}", set(), False
        else:
            suffix, anchors, anchored = self.slug[aid], self.anchors[aid], True
        slug = self.slug[aid]
        text = a.get("text")
        meta = [f"<span class=date>{_date(a)}</span>", _spin_badge(a)]
        if a.get("path"):
            meta.append(f"<code>{_e(a['path'])}</code>")
        if a.get("depends_on") is not None:
            meta.append(f"copies most from {self.article_link(a['depends_on'])}")
        parts = [
            f'<section class=article id="a-{suffix}" aria-labelledby="h-{suffix}">',
            f'<h2 id="h-{suffix}"><span class=num>{index + 1}</span> <span class=id>{_e(aid)}</span></h2>',
            f"<p class=meta>{' · '.join(meta)}</p>",
        ]
        if a.get("spin_evidence"):
            parts.append(f"<p class=muted>Spin evidence: {_e(a['spin_evidence'])}</p>")
        if isinstance(text, str):
            parts.append(f'<div class=text data-article="{_e(aid)}">{self.body(slug, text, a, anchors, anchored)}</div>')
        else:
            empty = "".join(f'<span id="p-{slug}-{o}"></span>' for o in sorted(anchors))
            parts.append(f"<p class=muted>{empty}The text of this article is not in the data (render with text included).</p>")
        parts.append(self.dropped(a))
        parts.append("</section>")
        return "\n".join(parts)

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
            text = f"{p.get('kind', 'copied')} · {ref.get('id')}"
            href = self.href(ref.get("id"), ref.get("start"))
            aria = f"{p.get('kind', 'copied')}, copied from {ref.get('id')}"
            if href:
                label = (
                    f'<a class="src {kind}" href="{href}" data-label="{_e(text)}"'
                    f' aria-label="{_e(aria)}" title="{_e(title)}"></a>'
                )
            else:
                label = f'<span class="src {kind}" data-label="{_e(text)}" role=note aria-label="{_e(aria)}"></span>'
        return f'{label}<span class="m {kind}"{ident} title="{_e(title)}">{chunk}</span>'

    def dropped(self, a: dict) -> str:
        items = []
        for p in _list(a, "dropped"):
            href = self.href(p.get("id"), p.get("start"))
            where = f'<a href="{href}">{_e(p.get("id"))}</a>' if href else _e(p.get("id"))
            items.append(f"<li><span class=gone>{_e(p.get('text', ''))}</span> <small>from {where}</small></li>")
        if not items:
            return ""
        return f"<div class=dropped><h3>Dropped ({len(items)})</h3><ul>{''.join(items)}</ul></div>"


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


def _date(a: dict) -> str:
    if not a.get("date"):
        return "undated"
    source = f" <small>({_e(a['date_source'])})</small>" if a.get("date_source") else ""
    return f"<time>{_e(a['date'])}</time>{source}"


def _spin_badge(a: dict) -> str:
    try:
        score = f"{float(a.get('spin_score') or 0):.2f}"
    except (TypeError, ValueError):
        score = "?"
    if a.get("spun"):
        return f'<span class="badge spun" title="spin score {score}">spun {score}</span>'
    return f'<span class="badge" title="spin score {score}">spin {score}</span>'


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip() if text else ""
    return line if len(line) <= 140 else line[:139] + "…"


_LEGEND = (
    '<ul class=legend aria-label="Legend">'
    '<li><span class="m added">added</span> new in that article</li>'
    '<li><span class="src verbatim" data-label="verbatim"></span><span class="m verbatim">copied as is</span></li>'
    '<li><span class="src edited" data-label="edited"></span><span class="m edited">copied with edits</span></li>'
    '<li><span class="src spun" data-label="spun"></span><span class="m spun">synonym-spun</span></li>'
    '<li><span class="src paraphrased" data-label="paraphrased"></span><span class="m paraphrased">reworded</span></li>'
    "<li><span class=fact>bold</span> a fact that changed</li>"
    "<li>a label links to the source passage</li>"
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
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
overflow-wrap:break-word}
a{color:var(--link)}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .6rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
code{font-size:.85em;overflow-wrap:anywhere}
small,.muted{color:var(--muted)}
.muted{font-size:.9rem;margin:.3rem 0}
.top,.layout,footer{max-width:78rem;margin:0 auto;padding:1rem}
.top{padding-top:1.5rem;border-bottom:1px solid var(--line)}
.kicker{margin:0;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.06em}
.stats{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:.4rem 0}
.stats b{font-size:1.25rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;list-style:none;padding:0;margin:.8rem 0 0;font-size:.85rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem}
@media (min-width:60rem){.layout{grid-template-columns:17rem minmax(0,1fr)}
.timeline{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}}
main{min-width:0}
.timeline ol{list-style:none;margin:0;padding:0 0 0 1rem;border-left:2px solid var(--line)}
.timeline li{position:relative;margin:0 0 1rem;padding-left:.3rem}
.timeline li::before{content:"";position:absolute;left:-1.45rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;
background:var(--card);border:2px solid var(--muted)}
.timeline li.spun::before{border-color:var(--spun-fg);background:var(--spun)}
.card{display:block;text-decoration:none;color:inherit}
.card .id{font-weight:600;color:var(--link)}
.card .id,h2 .id{overflow-wrap:anywhere}
td:last-child a{white-space:nowrap}
.date{font-variant-numeric:tabular-nums}
.dep{font-size:.9rem}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;border:1px solid var(--line);color:var(--muted);
white-space:nowrap}
.badge.spun{background:var(--spun);color:var(--spun-fg);border-color:var(--spun-fg);font-weight:600}
.bar{display:flex;height:.5rem;border-radius:.25rem;overflow:hidden;background:var(--line);margin:.35rem 0 .2rem;max-width:16rem}
.bar span{display:block;height:100%}
.bar .added{background:var(--added-fg)}.bar .verbatim{background:var(--verbatim-fg)}.bar .edited{background:var(--edited-fg)}
.bar .spun{background:var(--spun-fg)}.bar .paraphrased{background:var(--paraphrased-fg)}.bar .copied{background:var(--copied-fg)}
.bar .other{background:transparent}
section{margin:0 0 2rem}
.article{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.2rem}
.article h2 .num{display:inline-block;min-width:1.6rem;text-align:center;border-radius:50%;background:var(--fg);color:var(--bg);
font-size:.9rem;margin-right:.2rem}
.meta{margin:0 0 .8rem;color:var(--muted);font-size:.9rem}
.text{white-space:pre-wrap;max-width:48rem;font-size:1.02rem;line-height:1.75}
.m{border-radius:.2rem;padding:.1rem 0;-webkit-box-decoration-break:clone;box-decoration-break:clone;
text-decoration-thickness:2px;text-underline-offset:.25em}
.m.added{background:var(--added);box-shadow:inset 0 -2px 0 var(--added-fg)}
.m.verbatim{background:var(--verbatim);text-decoration:underline solid var(--verbatim-fg)}
.m.edited{background:var(--edited);text-decoration:underline dashed var(--edited-fg)}
.m.spun{background:var(--spun);text-decoration:underline wavy var(--spun-fg);text-decoration-thickness:1px}
.m.paraphrased{background:var(--paraphrased);text-decoration:underline dotted var(--paraphrased-fg)}
.m.copied{background:var(--copied);text-decoration:underline double var(--copied-fg)}
.src{font-size:.72rem;line-height:1;white-space:nowrap;text-decoration:none;border-radius:.6rem;\
padding:.1rem .4rem;margin-right:.25rem;
vertical-align:.12em;font-weight:600;border:1px solid currentColor}
.src::before{content:attr(data-label)}
a.src::before{content:"↩ " attr(data-label)}
.src.verbatim{color:var(--verbatim-fg)}.src.edited{color:var(--edited-fg)}.src.spun{color:var(--spun-fg)}
.src.paraphrased{color:var(--paraphrased-fg)}.src.copied{color:var(--copied-fg)}
.legend .src{margin-right:0;border-right:0;border-radius:.6rem 0 0 .6rem}
.legend li{display:flex;align-items:center;gap:.3rem}
[id]{scroll-margin-top:1rem}
.fact{font-weight:700;border-bottom:2px solid var(--fg)}
.text :target{outline:3px solid var(--target);outline-offset:2px;animation:flash 1.6s ease-out}
@keyframes flash{from{background:var(--target)}}
.dropped ul{margin:0;padding-left:1.1rem}
.dropped li{margin:.3rem 0}
.gone{background:var(--gone);color:var(--gone-fg);text-decoration:line-through;text-decoration-color:var(--gone-fg);
-webkit-box-decoration-break:clone;box-decoration-break:clone;padding:0 .15rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
.scroll{overflow-x:auto}
td:first-child{overflow-wrap:normal;white-space:nowrap}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
@media (max-width:40rem){
body{font-size:15px}
.top,.layout,footer{padding:.8rem}
.article{padding:.8rem;border-radius:.4rem}
table,tbody,tr,td{display:block;width:100%}
thead{display:none}
tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .6rem;padding:.2rem 0}
td{border:0;padding:.2rem .6rem}
td:last-child a{white-space:normal;overflow-wrap:anywhere}
td::before{content:attr(data-th);display:inline-block;min-width:5.5rem;font-size:.75rem;text-transform:uppercase;color:var(--muted)}}
footer{color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}
@media print{:root{--bg:#fff;--card:#fff}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.timeline{position:static;max-height:none}.layout{display:block}
.article{break-inside:auto;border:0;padding:0}a{color:inherit}}
"""
