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
from ..wording import counted
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
    """``text`` on one line, cut in the middle when longer than ``limit``, at word boundaries ("the European …
    the summit"), never inside a word."""
    text = fold_space(text).strip()
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    head, tail = text[:half], text[-half:]
    if text[half] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]  # the word cut at the end of the head is left out
    if text[-half - 1] != " " and " " in tail:
        tail = tail.split(" ", 1)[1]  # and the word cut at the start of the tail
    return f"{head.rstrip()} … {tail.lstrip()}"


def numbers(tl: Timeline) -> dict[str, int]:
    """Each article's number in the report (1-based), by id."""
    return {e.id: n for n, e in enumerate(tl.entries, 1)}


def date_text(entry: Entry) -> str:
    """The article's date as a reader should take it: its own date, or undated with the bound its text gives."""
    return date_words(entry.date, entry.not_before)


def date_words(date: str | None, not_before: str | None = None) -> str:
    """:func:`date_text` from the two fields of the contract (what the HTML page reads)."""
    if date:
        return date
    if not_before:
        return f"undated (its text mentions dates up to {not_before})"
    return "undated"


def heading(n: int, entry: Entry) -> str:
    """``2. Label · date · id``: how the article is named in every report."""
    return f"{n}. {entry.label} · {date_text(entry)} · {entry.id}"


def relation_text(entry: Entry, refs: dict[str, int]) -> str:
    """``SPUN copy of #1 (8 passages)``, ``depends on #2 by 5 passages (62% of it)``, ``same story as #1``, ``source``."""
    return relation_words({**entry.relation.to_dict(), "share": entry.relation.share}, refs)


def relation_words(relation: dict, refs: dict[str, int], *, short: bool = False, loud: bool = True) -> str:
    """:func:`relation_text` from the contract's ``relation`` dict; ``short`` leaves out the counts
    (``spun copy of #1``), ``loud`` spells a spun copy ``SPUN`` (for a terminal without colour)."""
    kind, to = relation.get("kind"), relation.get("to")
    if kind == "source" or to is None:
        return "source"
    ref = article_ref(to, refs)
    n = relation.get("passages") or 0
    passages = counted(n, "passage")
    if kind == "spun copy":
        text = f"{'SPUN' if loud else 'spun'} copy of {ref}" + ("" if short else f" ({passages})")
    elif kind == "depends on":
        presumed = "; order presumed: undated" if relation.get("presumed") else ""
        text = f"depends on {ref}" + ("" if short else f" by {passages} ({relation.get('share') or 0:.0%} of it{presumed})")
    else:
        text = f"same story as {ref}" + (f", shares {passages}" if n and not short else "")
    return text


def article_ref(id, refs: dict[str, int]) -> str:
    """``#2`` for an article of the report; its id when it is not in it."""
    return f"#{refs[id]}" if id in refs else str(id)


def counts_text(entry: Entry) -> str:
    return counts_words(
        entry.relation.kind, len(entry.fact_changes), len(entry.added), len(entry.dropped), [c.kind for c in entry.copied]
    )


def counts_words(relation: str | None, facts: int, added: int, dropped: int, copied: list[str]) -> str:
    """``1 fact change · 12 added, 0 dropped, 1 copied (1 paraphrased)``: ``copied`` is each copied passage's kind."""
    fact = counted(facts, "fact change")
    if relation == "source":
        return f"{fact} · {counted(added, 'passage')}"
    kinds = Counter(copied)
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])))
    copies = f"{len(copied)} copied" + (f" ({detail})" if detail else "")
    return f"{fact} · {added} added, {dropped} dropped, {copies}"


def removed_text(entry: Entry) -> str:
    """``removed as boilerplate: 3 (2 photo caption and credit, 1 promo, share or newsletter line)``."""
    return removed_words([r.reason for r in entry.removed])


def removed_words(reasons: list[str]) -> str:
    """:func:`removed_text` from the reasons of the removed spans."""
    counts = Counter(reason.split(" (")[0] for reason in reasons)
    detail = "; ".join(f"{n} {reason}" for reason, n in counts.most_common())
    return f"removed as boilerplate: {len(reasons)} ({detail})"


def spin_text(entry: Entry, refs: dict[str, int]) -> str:
    """The spin evidence, with the other article named by its number in the report."""
    return spin_words(entry.spin_evidence, refs)


def spin_words(evidence: str, refs: dict[str, int]) -> str:
    text = evidence
    for id, n in refs.items():
        text = text.replace(f" swaps with {id} read ", f" swaps with #{n} read ")
    return text


def placed_text(entry: Entry, refs: dict[str, int]) -> str:
    """``placed after #1: a spun copy comes after its source, whatever the dates say`` ("" when its date placed it)."""
    return placed_words(entry.placed.to_dict() if entry.placed else None, refs)


def placed_words(placed: dict | None, refs: dict[str, int]) -> str:
    """:func:`placed_text` from the contract's ``placed`` dict (``{after, why}`` or null)."""
    if not placed:
        return ""
    return f"placed after {article_ref(placed.get('after'), refs)}: {placed.get('why', '')}"


def fact_words(type: str, since: str) -> str:
    """``date changed since #1``: what a fact change says before its two values."""
    return f"{type} changed since {since}"


#: Facts a brief names on a fact-link line, or a "first stated here" line.
FACTS_NAMED = 5


def fact_link_words(link: dict, refs: dict[str, int]) -> str:
    """``same story by its facts as #4: 6 shared (€150 billion; …); 1 changed (May → June)`` from a ``fact_links`` item."""
    shared = [s.get("text", "") for s in link.get("shared", [])]
    named = "; ".join(" ".join(t.split()) for t in shared[:FACTS_NAMED]) + ("; …" if len(shared) > FACTS_NAMED else "")
    changed = [c for c in link.get("changed", []) if isinstance(c, dict)]
    told = "; ".join(
        f"{' '.join(str(c.get('before', '')).split())} → {' '.join(str(c.get('after', '')).split())}"
        for c in changed[:FACTS_NAMED]
    )
    more = f"; {len(changed)} changed ({told}{'; …' if len(changed) > FACTS_NAMED else ''})" if changed else ""
    return f"same story by its facts as {article_ref(link.get('to'), refs)}: {len(shared)} shared ({named}){more}"


def new_facts_words(items: list) -> str:
    """``facts first stated here: €2 billion; €90 billion; … 12 more`` from ``new_facts`` ("" when there are none)."""
    texts = [" ".join(str(i.get("text", "")).split()) for i in items]
    if not texts:
        return ""
    more = f" … {len(texts) - FACTS_NAMED} more" if len(texts) > FACTS_NAMED else ""
    return "facts first stated here: " + "; ".join(texts[:FACTS_NAMED]) + more


def summary_line(tl: Timeline) -> str:
    first, last = tl.date_range
    return summary_words(tl.order, first, last, sum(1 for e in tl.entries if not e.date), tl.summary)


def summary_words(order: str, first: str | None, last: str | None, undated: int, summary: dict) -> str:
    """``5 articles in date order (2026-02-01, 4 undated): 1 spun, …`` from the contract's fields."""
    s = summary
    when = (first if first == last else f"{first} to {last}") if first else "no dates"
    undated_text = f", {undated} undated" if undated else ""
    return (
        f"{counted(s['articles'], 'article')} in {order} order ({when}{undated_text}): {s['spun']} spun, "
        f"{counted(s['fact_changes'], 'fact change')}, {counted(s['copied'], 'copied passage')}, {s['added']} added, "
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
            out.append(styled(f"   ! {fact_words(f.type, f'#{refs[f.a.id]}')}: {f.before!r} → {f.after!r}", "yellow"))
        for link in entry.fact_links:
            out.append(styled(f"   {fact_link_words(link.to_dict(), refs)}", "cyan"))
        if entry.fact_links and entry.new_facts:
            out.append(styled(f"   {new_facts_words([{'text': t} for _, t in entry.new_facts])}", "cyan"))
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
