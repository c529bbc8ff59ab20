"""The Markdown report of a timeline: the terminal report's structure, for a wiki or a pull request."""

from __future__ import annotations

from ..timeline.model import Timeline
from .markdown import escape
from .timeline_text import heading, shorten, summary_line


def render(tl: Timeline) -> str:
    out = [f"# Timeline of {len(tl.entries)} articles", "", f"**{summary_line(tl)}**", ""]
    for n, entry in enumerate(tl.entries, 1):
        out += [f"## {escape(heading(n, entry))}", ""]
        if entry.spun:
            out += [f"*Spun:* {escape(entry.spin_evidence)}", ""]
        if entry.copied:
            out += ["**Copied**", ""]
            out += [f"- *{c.kind}* from `{c.source.id}` ({c.score:.0f}): {escape(shorten(c.text))}" for c in entry.copied]
            out.append("")
        for title, passages in (("Added", entry.added), ("Dropped", entry.dropped)):
            if passages:
                out += [f"**{title}**", ""]
                out += [f"- {escape(shorten(p.text))}" for p in passages]
                out.append("")
        if entry.fact_changes:
            out += ["**Fact changes**", "", "| type | before | after | since |", "|---|---|---|---|"]
            out += [f"| {f.type} | {escape(f.before)} | {escape(f.after)} | `{f.a.id}` |" for f in entry.fact_changes]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
