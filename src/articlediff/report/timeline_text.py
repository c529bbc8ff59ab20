"""The terminal report of a timeline, rendered with rich: the brief (default) and the full listing.

The **brief** answers what a journalist asks first, in a screenful: for each
article, in timeline order, one line naming it (title and outlet, else its
opening words; its date), one line with its relation to the earlier articles
(source, spun copy of, depends on, same story as) and its counts (fact
changes, added, dropped, copied passages), its fact changes, what the
normaliser removed as boilerplate, then its first added passages.  Articles
are referred to by their number in the list (``#1``).  ``--full`` lists every
copied, added and dropped passage.  Without colour the kinds are spelled out,
so a log file loses nothing.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from ..timeline.model import Entry, Timeline
from .layout import fold_space
from .text import to_string

MARKERS = {"verbatim": "=", "edited": "~", "spun": "%", "paraphrased": "≈", "added": "+", "dropped": "-"}
STYLES = {"verbatim": "dim", "edited": "", "spun": "magenta", "paraphrased": "cyan", "added": "green", "dropped": "red"}
LEGEND = "= verbatim  ~ edited  % spun  ≈ paraphrased  + added  - dropped  ! fact change"
BRIEF_LEGEND = "+ added  ! fact change  (--full lists every passage)"
#: Longest passage shown in full; longer ones are cut in the middle.
MAX_PASSAGE = 160
#: Added passages the brief lists per article (the rest are counted; ``--full`` lists them).
BRIEF_ADDED = 5


def shorten(text: str, limit: int = MAX_PASSAGE) -> str:
    text = fold_space(text).strip()
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]} … {text[-half:]}"


def numbers(tl: Timeline) -> dict[str, int]:
    """Each article's number in the report (1-based), by id."""
    return {e.id: n for n, e in enumerate(tl.entries, 1)}


def date_text(entry: Entry) -> str:
    """The article's date as a reader should take it: its own date, or undated with the bound its text gives."""
    if entry.date:
        return entry.date
    if entry.not_before:
        return f"undated (its text mentions dates up to {entry.not_before})"
    return "undated"


def heading(n: int, entry: Entry) -> str:
    """``2. Label · date · id``: how the article is named in every report."""
    return f"{n}. {entry.label} · {date_text(entry)} · {entry.id}"


def relation_text(entry: Entry, refs: dict[str, int]) -> str:
    """``spun copy of #1 (8 passages)``, ``depends on #2 by 5 passages (62%)``, ``same story as #1``, ``source``."""
    r = entry.relation
    if r.kind == "source" or r.to is None:
        return "source"
    to = f"#{refs[r.to]}"
    if r.kind == "spun copy":
        text = f"SPUN copy of {to} ({_passages(r.passages)})"
    elif r.kind == "depends on":
        presumed = "; order presumed: undated" if r.presumed else ""
        text = f"depends on {to} by {_passages(r.passages)} ({r.share:.0%} of it{presumed})"
    else:
        text = f"same story as {to}" + (f", shares {_passages(r.passages)}" if r.passages else "")
    return text


def _passages(n: int) -> str:
    return f"{n} passage" + ("" if n == 1 else "s")


def counts_text(entry: Entry) -> str:
    fact = plural(len(entry.fact_changes), "fact change")
    if entry.relation.kind == "source":
        return f"{fact} · {_passages(len(entry.added))}"
    kinds = Counter(c.kind for c in entry.copied)
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])))
    copied = f"{len(entry.copied)} copied" + (f" ({detail})" if detail else "")
    return f"{fact} · {len(entry.added)} added, {len(entry.dropped)} dropped, {copied}"


def removed_text(entry: Entry) -> str:
    """``removed as boilerplate: 3 (2 photo caption and credit, 1 promo, share or newsletter line)``."""
    reasons = Counter(r.reason.split(" (")[0] for r in entry.removed)
    detail = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
    return f"removed as boilerplate: {len(entry.removed)} ({detail})"


def spin_text(entry: Entry, refs: dict[str, int]) -> str:
    """The spin evidence, with the other article named by its number in the report."""
    text = entry.spin_evidence
    for id, n in refs.items():
        text = text.replace(f" swaps with {id} read ", f" swaps with #{n} read ")
    return text


def placed_text(entry: Entry, refs: dict[str, int]) -> str:
    """``placed after #1: a spun copy comes after its source, whatever the dates say`` ("" when its date placed it)."""
    return f"placed after #{refs[entry.placed.after]}: {entry.placed.why}" if entry.placed else ""


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary_line(tl: Timeline) -> str:
    s = tl.summary
    first, last = tl.date_range
    dated = sum(1 for e in tl.entries if e.date)
    when = (first if first == last else f"{first} to {last}") if first else "no dates"
    undated = f", {len(tl.entries) - dated} undated" if dated < len(tl.entries) else ""
    return (
        f"{s['articles']} articles in {tl.order} order ({when}{undated}): {s['spun']} spun, "
        f"{plural(s['fact_changes'], 'fact change')}, {plural(s['copied'], 'copied passage')}, {s['added']} added, "
        f"{s['dropped']} dropped"
    )


def lines(tl: Timeline, *, color: bool, full: bool = False) -> list[Text]:
    def styled(text: str, style: str) -> Text:
        return Text(text, style=style if color else "")

    refs = numbers(tl)
    out = []
    if tl.title:
        out.append(styled(f"Story: {tl.title}", "bold"))
    legend = LEGEND if full else BRIEF_LEGEND
    out += [styled(summary_line(tl), "bold"), styled(legend, "dim"), Text("")]
    for n, entry in enumerate(tl.entries, 1):
        out.append(styled(heading(n, entry), "bold underline"))
        out.append(styled(f"   {relation_text(entry, refs)} · {counts_text(entry)}", "bold" if entry.spun else ""))
        if entry.placed:
            out.append(styled(f"   {placed_text(entry, refs)}", "dim"))
        if entry.spun:
            out.append(styled(f"   spun: {spin_text(entry, refs)}", "magenta"))
        for f in entry.fact_changes:
            out.append(styled(f"   ! {f.type} changed since #{refs[f.a.id]}: {f.before!r} → {f.after!r}", "yellow"))
        if entry.removed:
            out.append(styled(f"   {removed_text(entry)}", "dim"))
            if full:
                out += [styled(f"     × {shorten(r.text)}", "dim") for r in entry.removed]
        if full:
            for c in entry.copied:
                line = styled(f"   {MARKERS[c.kind]} ", STYLES[c.kind])
                line.append(f"{c.kind} from #{refs[c.source.id]} [{c.score:.0f}]: ", style="dim" if color else "")
                line.append(shorten(c.text), style=STYLES[c.kind] if color else "")
                out.append(line)
            shown = entry.added
        else:
            shown = [] if entry.relation.kind == "source" else entry.added[:BRIEF_ADDED]
        out += [styled(f"   + {shorten(p.text)}", STYLES["added"]) for p in shown]
        if len(shown) < len(entry.added) and entry.relation.kind != "source":
            out.append(styled(f"   … {len(entry.added) - len(shown)} more added (--full)", "dim"))
        if full:
            for p in entry.dropped:
                out.append(styled(f"   - dropped from #{refs[p.source]}: {shorten(p.text)}", STYLES["dropped"]))
        out.append(Text(""))
    return out


def render(tl: Timeline, *, color: bool = False, width: int = 100, full: bool = False) -> str:
    """The report as a string (ANSI colour codes only when ``color``); ``full`` lists every passage."""
    return to_string(lines(tl, color=color, full=full), color=color, width=width)
