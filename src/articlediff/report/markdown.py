"""The Markdown report: the same order as the terminal report, for a pull request or a wiki."""

from __future__ import annotations

import re

from ..compare import Comparison
from .layout import entries, fold_space, inline_pieces, summary_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LABELS = {"unchanged": "unchanged", "edited": "edited", "moved": "moved", "only_a": "only in A", "only_b": "only in B"}


def escape(text: str) -> str:
    """Escape Markdown syntax and fold line breaks so passages cannot break the list."""
    return _SPECIAL.sub(r"\\\1", fold_space(text))


def render(comparison: Comparison) -> str:
    out = [
        f"# Comparison of `{comparison.a.path}` and `{comparison.b.path}`",
        "",
        f"**{summary_line(comparison)}**",
        "",
        "Deleted words are ~~struck through~~, inserted words **bold**.",
        "",
    ]
    for entry in entries(comparison):
        label = _LABELS[entry.kind]
        if entry.pair is None:
            out.append(f"- *{label}*: {escape(entry.span.text)}")
            continue
        body = []
        previous = ""
        for style, piece in inline_pieces(comparison, entry.pair):
            text = escape(piece)
            if style == "old":
                body.append(f"~~{text}~~")
            elif style == "new":
                body.append(f"{' ' if previous == 'old' else ''}**{text}**")
            else:
                body.append(text)
            previous = style
        out.append(f"- *{label}* ({entry.pair.score:.0f}): {''.join(body)}")
    return "\n".join(out) + "\n"
