"""Renderers of a :class:`~articlediff.timeline.Timeline`: terminal, Markdown, JSON and one-file HTML."""

from __future__ import annotations

import json

from ..timeline.model import Timeline

TIMELINE_FORMATS = ("text", "markdown", "json", "html")


def render_timeline(tl: Timeline, fmt: str = "text", *, color: bool = False, width: int = 100) -> str:
    """Render ``tl`` in ``fmt`` as a string."""
    if fmt == "json":
        return json.dumps(tl.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        from . import timeline_markdown

        return timeline_markdown.render(tl)
    if fmt == "html":
        from .timeline_html import render_timeline_html

        return render_timeline_html(tl.to_dict(include_text=True))
    if fmt == "text":
        from . import timeline_text

        return timeline_text.render(tl, color=color, width=width)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(TIMELINE_FORMATS)}")
