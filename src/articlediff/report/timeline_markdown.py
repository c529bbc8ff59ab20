"""The Markdown report of a timeline: the terminal report's brief (with ``full``, every passage), for a wiki or a pull request."""

from __future__ import annotations

from ..timeline.model import Timeline
from ..wording import counted
from .escape import code_span, md_link
from .markdown import escape
from .timeline_text import (
    BRIEF_ADDED,
    counts_text,
    date_text,
    fact_link_words,
    new_facts_words,
    numbers,
    placed_text,
    relation_text,
    removed_text,
    shorten,
    spin_text,
    summary_line,
)


def render(tl: Timeline, *, full: bool = False) -> str:
    refs = numbers(tl)
    title = f"# {escape(tl.title)}" if tl.title else f"# Timeline of {counted(len(tl.entries), 'article')}"
    out = [title, "", f"**{escape(summary_line(tl))}**", ""]
    for n, entry in enumerate(tl.entries, 1):
        where = f"{escape(date_text(entry))} · {code_span(entry.id)}" + (f" · {md_link(entry.url)}" if entry.url else "")
        out += [f"## {n}. {escape(entry.label)}", "", where, ""]
        out += [f"**{escape(relation_text(entry, refs))}** · {escape(counts_text(entry))}", ""]
        if entry.placed:
            out += [f"*{escape(placed_text(entry, refs))}*", ""]
        if entry.spun:
            out += [f"*Spun:* {escape(spin_text(entry, refs))}", ""]
        if entry.fact_changes:
            out += ["| fact | before | after | since |", "|---|---|---|---|"]
            out += [
                f"| {escape(f.type)} | {escape(f.before)} | {escape(f.after)} | #{refs[f.a.id]} |" for f in entry.fact_changes
            ]
            out.append("")
        if entry.fact_links:
            out += [f"- {escape(fact_link_words(link.to_dict(), refs))}" for link in entry.fact_links]
            if entry.new_facts:
                out.append(f"- {escape(new_facts_words([{'text': t} for _, t in entry.new_facts]))}")
            out.append("")
        if entry.removed:
            out += [f"*{escape(removed_text(entry).capitalize())}*", ""]
            if full:
                out += [f"- ~~{escape(shorten(r.text))}~~" for r in entry.removed] + [""]
        if full and entry.copied:
            out += ["**Copied**", ""]
            out += [f"- *{c.kind}* from #{refs[c.source.id]} ({c.score:.0f}): {escape(shorten(c.text))}" for c in entry.copied]
            out.append("")
        added = entry.added if full else ([] if entry.relation.kind == "source" else entry.added[:BRIEF_ADDED])
        if added:
            out += ["**Added**", ""] + [f"- {escape(shorten(p.text))}" for p in added]
            if len(added) < len(entry.added):
                out.append(f"- … {len(entry.added) - len(added)} more (`--full`)")
            out.append("")
        if full and entry.dropped:
            out += [f"**Dropped from #{refs[entry.dropped[0].source]}**", ""]
            out += [f"- {escape(shorten(p.text))}" for p in entry.dropped]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
