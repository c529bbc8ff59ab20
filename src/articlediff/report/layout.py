"""The reading order of a comparison report, shared by the text and Markdown renderers.

Entries follow article B (the later copy, usually): each pair and each
passage only in B at its place in B; each passage only in A right after the
in-order pair that precedes it in A, so a dropped passage shows where it
used to be.  Edited pairs are rendered inline as A's text with each edit's
old words and new words side by side.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..compare import Comparison, Pair
from ..facts.resolve import EDGES
from ..models import Span
from ..wording import counted

_SPACE = re.compile(r"\s+")

MARKERS = {"unchanged": "=", "edited": "~", "moved": ">", "only_a": "-", "only_b": "+"}
LEGEND = "= unchanged  ~ edited  > moved  - only in A  + only in B"


@dataclass(frozen=True)
class Entry:
    kind: str  # unchanged | edited | moved | only_a | only_b
    span: Span  # the passage shown (B's side for pairs)
    pair: Pair | None = None


def entries(comparison: Comparison) -> list[Entry]:
    """All pairs and unpaired passages, in report order."""
    keyed = []
    for pair in comparison.pairs:
        keyed.append(((pair.b.start, 1, 0), Entry(pair.kind, pair.b, pair)))
    for span in comparison.only_b:
        keyed.append(((span.start, 1, 0), Entry("only_b", span)))
    anchors = sorted((p.a.start, p.b.end) for p in comparison.pairs if p.kind != "moved")
    starts = [a for a, _ in anchors]
    for span in comparison.only_a:
        k = bisect.bisect_left(starts, span.start) - 1
        anchor = anchors[k][1] if k >= 0 else -1
        keyed.append(((anchor, 0, span.start), Entry("only_a", span)))
    keyed.sort(key=lambda kv: kv[0])
    return [e for _, e in keyed]


def inline_pieces(comparison: Comparison, pair: Pair) -> list[tuple[str, str]]:
    """A's passage as ``(style, text)`` pieces: ``same``, ``old`` (A only) or ``new`` (B only)."""
    a_text, b_text = comparison.a.text, comparison.b.text
    pieces: list[tuple[str, str]] = []
    pos = pair.a.start
    for edit in pair.edits:
        if edit.a_start > pos:
            pieces.append(("same", a_text[pos : edit.a_start]))
        if edit.a_end > edit.a_start:
            pieces.append(("old", a_text[edit.a_start : edit.a_end]))
        if edit.b_end > edit.b_start:
            inserted = ("new", b_text[edit.b_start : edit.b_end])
            if edit.a_end > edit.a_start:
                pieces.append(inserted)  # a replacement: the new words stand where the old ones did
            else:
                pieces += _spaced(inserted, a_text, edit.a_start)
        pos = max(pos, edit.a_end)
    if pos < pair.a.end:
        pieces.append(("same", a_text[pos : pair.a.end]))
    return pieces


def _spaced(inserted: tuple[str, str], a_text: str, at: int) -> list[tuple[str, str]]:
    """Words B inserts at ``at`` in A, with the space that parts them from A's words on the side that has none.

    An insertion point is the start of A's next word ("Hill Top |was") or
    the end of its last ("put out|."): the inserted words need a space after
    them in the first case and before them in the second, as B has them.
    """
    before = a_text[at - 1 : at] if at > 0 else ""
    after = a_text[at : at + 1]
    if before and not before.isspace() and not after.isalnum():  # after: a space, punctuation or the end
        return [("same", " "), inserted]  # "put out" + " today" + "."
    if after and not after.isspace():
        return [inserted, ("same", " ")]  # "Hill Top " + "on Monday" + " was"
    return [inserted]


def summary_line(comparison: Comparison) -> str:
    """E.g. ``7 passages shared (5 edited, 1 moved) · 12 only in A · 40 only in B · similarity 23%``."""
    s = comparison.summary
    shared = f"{counted(s['shared'], 'passage')} shared"
    return (
        f"{shared} ({s['edited']} edited, {s['moved']} moved) · {s['only_a']} only in A · "
        f"{s['only_b']} only in B · similarity {s['similarity']:.0f}%"
    )


#: Facts a report lists in one line of each kind; the JSON has them all.
FACTS_SHOWN = 8


def facts_summary(comparison: Comparison) -> str | None:
    """``facts: 6 shared · 0 changed · 9 only in A · 16 only in B`` (None when the facts were not compared)."""
    if comparison.facts is None:
        return None
    s = comparison.facts.summary
    changed = f"{s['changed']} changed" if comparison.facts.changes_checked else "changes not checked (too many facts)"
    return f"facts: {s['shared']} shared · {changed} · {s['only_a']} only in A · {s['only_b']} only in B"


def fact_lines(comparison: Comparison) -> list[tuple[str, str]]:
    """The facts block of a report: ``(label, facts as written)`` for shared, changed, only in A, only in B.

    A kind with no facts has no line; each line shows ``FACTS_SHOWN`` facts
    at most, then how many more.
    """
    facts = comparison.facts
    if facts is None:
        return []
    kinds = [
        ("shared", [as_written(k, fa) for k, fa, _ in facts.shared]
         + [f"{as_written(ka, fa)} = {as_written(kb, fb)}" for ka, kb, fa, fb in facts.agreeing]),
        ("changed", [f"{fold_space(c.before)} → {fold_space(c.after)}" for c in facts.changed]),
        ("only in A", [as_written(k, f) for k, f in facts.only_a]),
        ("only in B", [as_written(k, f) for k, f in facts.only_b]),
    ]
    out = []
    for label, shown in kinds:
        if shown:
            more = f" … {len(shown) - FACTS_SHOWN} more" if len(shown) > FACTS_SHOWN else ""
            out.append((label, "; ".join(shown[:FACTS_SHOWN]) + more))
    return out


def as_written(key: str, fact) -> str:
    """A fact as the article writes it, with the date it names when that was read off the article's date.

    ``the end of last year (end of 2025)``: the key holds the resolved value
    (:mod:`articlediff.facts.resolve`), the fact its words.
    """
    shown = fold_space(fact.text)
    value = key.partition(":")[2]
    if fact.type != "date" or value == fact.value:
        return shown
    for edge in EDGES:
        if value.endswith(f"-{edge}"):
            return f"{shown} ({edge} of {value[: -len(edge) - 1]})"
    return f"{shown} ({value})"


def fold_space(text: str) -> str:
    """Fold runs of white space (line breaks included) to one space, so a passage stays on one line."""
    return _SPACE.sub(" ", text)
