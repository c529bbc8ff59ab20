"""The Markdown report: the same order as the terminal report, for a pull request or a wiki."""

from __future__ import annotations

from ..compare import Comparison
from .escape import code_span, md_text
from .layout import entries, fact_lines, facts_summary, inline_pieces, summary_line

_LABELS = {"unchanged": "unchanged", "edited": "edited", "moved": "moved", "only_a": "only in A", "only_b": "only in B"}


def escape(text: str) -> str:
    """Escape Markdown, HTML and controls, fold line breaks: passages cannot break the list (:func:`.escape.md_text`)."""
    return md_text(text)


def render(comparison: Comparison) -> str:
    out = [
        f"# Comparison of {code_span(comparison.a.path)} and {code_span(comparison.b.path)}",
        "",
        f"**{summary_line(comparison)}**",
        "",
    ]
    if (facts := facts_summary(comparison)) is not None:
        out += [f"**{facts}**", ""]
        out += [f"- *{label}*: {escape(shown)}" for label, shown in fact_lines(comparison)]
        out.append("")
    out += ["Deleted words are ~~struck through~~, inserted words **bold**.", ""]
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
