"""The terminal report of a timeline, rendered with rich.

One block per article in timeline order: a heading with its date, spin
verdict and the article it depends on, then its copied passages (kind and
provenance), added passages, dropped passages and fact changes, one
passage per line.  Without colour the kinds are spelled out, so a log file
loses nothing.
"""

from __future__ import annotations

from rich.text import Text

from ..timeline.model import Entry, Timeline
from .layout import fold_space
from .text import to_string

MARKERS = {"verbatim": "=", "edited": "~", "spun": "%", "paraphrased": "≈", "added": "+", "dropped": "-"}
STYLES = {"verbatim": "dim", "edited": "", "spun": "magenta", "paraphrased": "cyan", "added": "green", "dropped": "red"}
LEGEND = "= verbatim  ~ edited  % spun  ≈ paraphrased  + added  - dropped"
#: Longest passage shown in full; longer ones are cut in the middle.
MAX_PASSAGE = 160


def shorten(text: str, limit: int = MAX_PASSAGE) -> str:
    text = fold_space(text).strip()
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]} … {text[-half:]}"


def heading(n: int, entry: Entry) -> str:
    date = f"{entry.date} ({entry.date_source})" if entry.date else "undated"
    parts = [f"{n}. {entry.id}", date]
    if entry.spun:
        parts.append(f"SPUN (score {entry.spin_score:.3f})")
    if entry.depends_on:
        parts.append(f"depends on {entry.depends_on}")
    return " · ".join(parts)


def summary_line(tl: Timeline) -> str:
    s = tl.summary
    return (
        f"{s['articles']} articles in {tl.order} order: {s['copied']} copied passages, {s['added']} added, "
        f"{s['dropped']} dropped, {s['fact_changes']} fact changes, {s['spun']} spun"
    )


def lines(tl: Timeline, *, color: bool) -> list[Text]:
    out = [Text(summary_line(tl), style="bold"), Text(LEGEND, style="dim"), Text("")]
    for n, entry in enumerate(tl.entries, 1):
        out.append(Text(heading(n, entry), style="bold underline" if color else ""))
        if entry.spun:
            out.append(Text(f"  spun: {entry.spin_evidence}", style="magenta" if color else ""))
        for c in entry.copied:
            line = Text(f"  {MARKERS[c.kind]} ", style=STYLES[c.kind] if color else "")
            line.append(f"{c.kind} from {c.source.id} [{c.score:.0f}]: ", style="dim" if color else "")
            line.append(shorten(c.text), style=STYLES[c.kind] if color else "")
            out.append(line)
        for kind, passages in (("added", entry.added), ("dropped", entry.dropped)):
            for p in passages:
                where = f" from {p.source}" if p.source else ""
                out.append(Text(f"  {MARKERS[kind]} {kind}{where}: {shorten(p.text)}", style=STYLES[kind] if color else ""))
        for f in entry.fact_changes:
            out.append(Text(f"  ! {f.type} changed since {f.a.id}: {f.before!r} → {f.after!r}", style="yellow" if color else ""))
        out.append(Text(""))
    return out


def render(tl: Timeline, *, color: bool = False, width: int = 100) -> str:
    """The report as a string (ANSI colour codes only when ``color``)."""
    return to_string(lines(tl, color=color), color=color, width=width)
