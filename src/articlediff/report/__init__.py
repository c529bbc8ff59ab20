"""Renderers: one registry, keyed by result type and format.

Each renderer is a function of one result (and of the options it takes,
by keyword) that returns a string; :data:`RENDERERS` says which function
renders which result type in which format, and :func:`render` looks it up.
The formats of a result type are what the command line offers
(:func:`formats`), so a new format is one line here and one function.
Renderer modules are imported when first used: the HTML page's code is
not loaded to print a table.
"""

from __future__ import annotations

import importlib
import inspect

#: The result types, named ``module.Class``: neither the registry nor the command line's ``--help``
#: imports the flows that make them.
COMPARISON = "articlediff.compare.Comparison"
CLEANED = "articlediff.normalise.clean.Cleaned"
PROFILE = "articlediff.normalise.profile.SpinnerProfile"
TIMELINE = "articlediff.timeline.model.Timeline"
DEDUP_RESULT = "articlediff.dedup.model.DedupResult"
CHECK_REPORT = "articlediff.index.check.CheckReport"

#: For each result type, its formats in the order the command line lists them: ``module:function`` of this package.
RENDERERS: dict[str, dict[str, str]] = {
    COMPARISON: {"text": "text:render", "markdown": "markdown:render", "json": "jsonfmt:render"},
    CLEANED: {
        "text": "explain:render_text",
        "json": "jsonfmt:render",
        "explain": "explain:render_explanation",
        "markdown": "explain:render_markdown",
        "html": "explain:render_html",
    },
    PROFILE: {"text": "spinner:render_text", "json": "jsonfmt:render"},
    TIMELINE: {
        "text": "timeline_text:render",
        "markdown": "timeline_markdown:render",
        "json": "jsonfmt:render",
        "html": "timeline_html:render",
    },
    DEDUP_RESULT: {
        "table": "dedup:render_table",
        "json": "dedup:render_json",
        "jsonl": "dedup:render_jsonl",
        "csv": "dedup:render_csv",
    },
    CHECK_REPORT: {
        "text": "check:render_text",
        "json": "jsonfmt:render",
        "junit": "check:render_junit",
        "github": "check:render_github",
    },
}


def type_name(kind: type) -> str:
    """The registry's name of a result type: ``module.Class``."""
    return f"{kind.__module__}.{kind.__qualname__}"


def formats(kind: type | str) -> tuple[str, ...]:
    """The formats results of type ``kind`` (a class, or its ``module.Class`` name) render in (the first is the
    default)."""
    return tuple(RENDERERS[kind if isinstance(kind, str) else type_name(kind)])


def render(result, fmt: str | None = None, **options) -> str:
    """Render ``result`` in ``fmt`` (default: its type's first format) as a string.

    ``options`` go to the renderer that takes them (``color`` and ``width``
    for the terminal, ``passages`` for dedup, ``fail_on`` for JUnit and
    GitHub annotations); options a renderer does not take are ignored, so a
    caller can pass the same ones whatever the format.
    """
    table = next((RENDERERS[type_name(t)] for t in type(result).__mro__ if type_name(t) in RENDERERS), None)
    if table is None:
        raise TypeError(f"no renderer for {type(result).__name__}")
    fmt = fmt or next(iter(table))
    if fmt not in table:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(table)}")
    module, _, name = table[fmt].partition(":")
    fn = getattr(importlib.import_module(f".{module}", __name__), name)
    taken = inspect.signature(fn).parameters
    return fn(result, **{k: v for k, v in options.items() if k in taken})


#: The formats of a comparison (``compare -f``).
FORMATS = formats(COMPARISON)

__all__ = [
    "CHECK_REPORT",
    "CLEANED",
    "COMPARISON",
    "DEDUP_RESULT",
    "FORMATS",
    "PROFILE",
    "RENDERERS",
    "TIMELINE",
    "formats",
    "render",
    "type_name",
]
