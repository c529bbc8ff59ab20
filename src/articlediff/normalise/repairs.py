"""Repairs and the offset map that ties cleaned text back to the original.

Every stage of the normaliser proposes :class:`Edit` objects on the text it
is given.  :class:`OffsetMap` applies them and remembers, for every boundary
between characters of the new text, where it falls in the *original* text,
so each :class:`Repair` (and later every sentence and word of the cleaned
text) carries offsets into the author's characters.  Repairs are also a
replayable plan: :func:`replay` applies them, stage by stage, to the original
text and must give the cleaned text (a property test checks it), as ftfy's
``apply_plan`` replays its explanations.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """A change a stage proposes: replace ``text[start:end]`` of its input by ``after``."""

    start: int
    end: int
    after: str
    reason: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Repair:
    """One applied repair, explained.

    ``start``/``end`` are offsets into the original text (the span whose
    characters this repair replaced, or the point where it inserted);
    ``at`` is the offset in the text the stage saw, where ``before`` stood.
    """

    stage: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float
    at: int

    def to_dict(self) -> dict:
        return asdict(self)


class LineBreakChanged(ValueError):
    """A stage tried to add or remove a line break: line structure must be preserved."""


class OffsetMap:
    """Maps boundaries of the current text to boundaries of the original text.

    ``lo[k]``/``hi[k]`` are the original offsets of boundary ``k`` (the point
    before character ``k``) of the current text; ``[lo[s], hi[e])`` is the
    original span of a current span ``[s, e)``.  They differ where a repair
    changed the text: inside inserted text ``lo`` is the start and ``hi``
    the end of the replaced original span (a word made by a repair maps to
    all the characters it replaced), and where text was deleted ``lo`` is
    the end and ``hi`` the start of the deleted span (the neighbouring words
    do not swallow a deleted brace or banner).
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        # stdlib arrays of int64, not numpy: slicing and joining them is all a stage needs, and a short
        # compare should not pay numpy's import (40 ms) for it
        self.lo = _identity(len(original) + 1)
        self.hi = array("q", self.lo)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the current span ``[start, end)``."""
        lo, hi = int(self.lo[start]), int(self.hi[end])
        return (lo, hi) if hi >= lo else (lo, lo)

    def apply(self, stage: str, edits: Iterable[Edit]) -> list[Repair]:
        """Apply the non-overlapping ``edits`` of one stage; return them as repairs.

        Raises :class:`LineBreakChanged` if an edit adds or removes a line
        break: a cleaned line must map to the same original line.
        """
        text, lo, hi = self.text, self.lo, self.hi
        repairs: list[Repair] = []
        pieces: list[str] = []
        lo_parts: list[array] = []
        hi_parts: list[array] = []
        pending_hi: int | None = None  # set after a deletion: hi of the next boundary

        def emit(lo_values: array, hi_values: array) -> None:
            nonlocal pending_hi
            if pending_hi is not None and len(hi_values):
                hi_values = array("q", hi_values)
                hi_values[0] = pending_hi
                pending_hi = None
            lo_parts.append(lo_values)
            hi_parts.append(hi_values)

        pos = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            before = text[edit.start : edit.end]
            if edit.start < pos or before == edit.after:
                continue  # overlapping or no-op edits are dropped, never half-applied
            if before.count("\n") != edit.after.count("\n"):
                raise LineBreakChanged(f"stage {stage!r} would change line breaks at offset {edit.start}")
            pieces.append(text[pos : edit.start])
            emit(lo[pos : edit.start], hi[pos : edit.start])
            o_start, o_end = int(lo[edit.start]), int(hi[edit.end])
            n = len(edit.after)
            if n:
                emit(array("q", [lo[edit.start]]) * n, array("q", [hi[edit.start]]) + array("q", [hi[edit.end]]) * (n - 1))
            elif pending_hi is None:
                pending_hi = int(hi[edit.start])
            pieces.append(edit.after)
            repairs.append(
                Repair(stage, o_start, max(o_start, o_end), before, edit.after, edit.reason, edit.confidence, edit.start)
            )
            pos = edit.end
        if not repairs:
            return repairs
        pieces.append(text[pos:])
        emit(lo[pos:], hi[pos:])
        self.text = "".join(pieces)
        self.lo = _joined(lo_parts)
        self.hi = _joined(hi_parts)
        return repairs


#: Identity maps up to this long are sliced from one kept array (a memory copy) rather than built
#: number by number, which cost a millisecond per 30,000 characters: 8 MB at most.
_IDENTITY_KEPT = 1 << 20
_identity_array = array("q")


def _identity(n: int) -> array:
    """``array("q", range(n))``, made fast for the lengths of ordinary articles."""
    global _identity_array
    if n > _IDENTITY_KEPT:
        return array("q", range(n))
    if n > len(_identity_array):
        _identity_array = array("q", range(min(_IDENTITY_KEPT, max(n, 2 * len(_identity_array)))))
    return _identity_array[:n]


def _joined(parts: list[array]) -> array:
    out = array("q")
    for part in parts:
        out.extend(part)
    return out


def replay(original: str, repairs: Sequence[Repair]) -> str:
    """Apply ``repairs`` (in their order: stage by stage) to ``original``; return the cleaned text."""
    text = original
    i = 0
    while i < len(repairs):
        stage = repairs[i].stage
        j = i
        while j < len(repairs) and repairs[j].stage == stage:
            j += 1
        out, pos = [], 0
        for r in sorted(repairs[i:j], key=lambda r: r.at):
            if text[r.at : r.at + len(r.before)] != r.before:
                raise ValueError(f"repair at {r.at} does not match the text it was made on")
            out.append(text[pos : r.at])
            out.append(r.after)
            pos = r.at + len(r.before)
        out.append(text[pos:])
        text = "".join(out)
        i = j
    return text
