"""Renderers: one module per output format, all reading a :class:`Comparison`.

``layout`` decides the reading order shared by the human formats; ``text``
renders it with rich (colour on a terminal, wdiff-style ``[-old-]{+new+}``
markers otherwise), ``markdown`` as a Markdown document and ``jsonfmt`` as
the versioned JSON contract.
"""

from __future__ import annotations

from ..compare import Comparison
from . import jsonfmt, markdown, text

FORMATS = ("text", "markdown", "json")


def render(comparison: Comparison, fmt: str = "text", *, color: bool = False, width: int = 100) -> str:
    """Render ``comparison`` in ``fmt`` as a string (with ANSI colour codes when ``color``)."""
    if fmt == "json":
        return jsonfmt.render(comparison)
    if fmt == "markdown":
        return markdown.render(comparison)
    if fmt == "text":
        return text.render(comparison, color=color, width=width)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
