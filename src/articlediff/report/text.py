"""The terminal report, rendered with rich.

With colour, deleted words are red and struck through and inserted words
green; without colour (piped output, ``--no-color``) the same edits are
shown as ``[-old-]{+new+}``, the convention of GNU wdiff, so nothing is lost
in a log file.  Line breaks inside a passage are shown as spaces: one entry,
one line.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from ..compare import Comparison
from ..segment import word_count
from ..wording import counted
from .escape import styled_line
from .layout import LEGEND, MARKERS, entries, fact_lines, facts_summary, fold_space, inline_pieces, summary_line

STYLES = {
    "unchanged": "dim",
    "edited": "",
    "moved": "yellow",
    "only_a": "red",
    "only_b": "green",
    "old": "red strike",
    "new": "bold green",
}


def _article_line(label: str, article) -> str:
    size = f"{counted(len(article.text), 'character')}, {counted(word_count(article.text), 'word')}"
    extracted = article.meta.get("extracted")
    if extracted:  # an HTML page: say the text is not the file's own
        size += f"; the article text of an HTML page, extracted by {extracted['by']}"
    return f"{label}: {article.path} ({size})"


def lines(comparison: Comparison, *, color: bool) -> list[Text]:
    """The report as rich ``Text`` lines."""
    out = [
        Text(_article_line("A", comparison.a)),
        Text(_article_line("B", comparison.b)),
        Text(summary_line(comparison), style="bold"),
    ]
    if (facts := facts_summary(comparison)) is not None:
        out.append(Text(facts, style="bold"))
        out += [Text(f"  {label}: {shown}") for label, shown in fact_lines(comparison)]
    out += [Text(LEGEND, style="dim"), Text("")]
    for entry in entries(comparison):
        line = Text(f"{MARKERS[entry.kind]} ", style=STYLES[entry.kind] if color else "")
        if entry.pair is None:
            line.append(fold_space(entry.span.text), style=STYLES[entry.kind] if color else "")
        else:
            line.append(f"[{entry.pair.score:.0f}] ", style="dim" if color else "")
            for style, piece in inline_pieces(comparison, entry.pair):
                piece = fold_space(piece)
                if color:
                    line.append(piece, style=STYLES[entry.kind] if style == "same" else STYLES[style])
                elif style == "same":
                    line.append(piece)
                else:
                    line.append(f"[-{piece}-]" if style == "old" else f"{{+{piece}+}}")
        out.append(line)
    return out


def render(comparison: Comparison, *, color: bool = False, width: int = 100) -> str:
    """The report as a string (ANSI colour codes only when ``color``)."""
    return to_string(lines(comparison, color=color), color=color, width=width)


def to_string(report: list[Text], *, color: bool, width: int) -> str:
    """Print rich ``Text`` lines to a string, one per line, with ANSI colour codes only when ``color``.

    Every control and bidi-control character of a line (an article's text, an id, a path) is shown escaped
    (:func:`.escape.styled_line`), colour or not; the lines are ``Text``, so nothing in them is read as markup.
    """
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, soft_wrap=True, highlight=False)
    for line in report:
        console.print(styled_line(line))
    return buffer.getvalue()
