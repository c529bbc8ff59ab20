"""Word-level differences inside an aligned pair.

Words are compared by their matching-view keys, so a curly quote or a
capital letter is not an edit; each edit carries character offsets into both
articles so a report can highlight the author's own text.  :func:`replay`
applies the edits to A's words and must give B's words: the invariant the
property tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import Levenshtein

from .models import Word


@dataclass(frozen=True, slots=True)
class Edit:
    """One word-level change: ``op`` is ``insert``, ``delete`` or ``replace``.

    ``a_start:a_end`` and ``b_start:b_end`` are character offsets into the two
    articles; an insertion has ``a_start == a_end`` (the point in A where B's
    words go) and a deletion ``b_start == b_end``.
    """

    op: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict:
        return {"op": self.op, "a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start, "b_end": self.b_end}


def _bounds(words: Sequence[Word], lo: int, hi: int, fallback: int) -> tuple[int, int]:
    if lo < hi:
        return words[lo].start, words[hi - 1].end
    if lo < len(words):
        return words[lo].start, words[lo].start
    return (words[-1].end, words[-1].end) if words else (fallback, fallback)


def word_diff(a: Sequence[Word], b: Sequence[Word], *, a_end: int = 0, b_end: int = 0) -> list[Edit]:
    """The word edits that turn ``a`` into ``b`` (Levenshtein over word keys).

    ``a_end``/``b_end`` give the insertion point when a side has no words.
    """
    edits = []
    for i1, i2, j1, j2 in _changed_runs(Levenshtein.opcodes([w.key for w in a], [w.key for w in b])):
        op = "replace" if i2 > i1 and j2 > j1 else ("delete" if i2 > i1 else "insert")
        as_, ae = _bounds(a, i1, i2, a_end)
        bs, be = _bounds(b, j1, j2, b_end)
        edits.append(Edit(op, as_, ae, bs, be))
    return edits


def _changed_runs(opcodes) -> list[tuple[int, int, int, int]]:
    """The word ranges ``(i1, i2, j1, j2)`` that changed, neighbouring changes joined into one.

    Why: Levenshtein may split one change into an insertion and a replacement side by side
    ("said" → "told reporters" as insert "told", replace "said" by "reporters"), which a reader
    sees as two edits where the writer made one: ``[-said-]{+told reporters+}`` reads as it was
    done.  No word that is the same on both sides is ever inside a joined change.
    """
    runs: list[list[int]] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            continue
        if runs and runs[-1][1] == i1 and runs[-1][3] == j1:
            runs[-1][1], runs[-1][3] = i2, j2
        else:
            runs.append([i1, i2, j1, j2])
    return [tuple(r) for r in runs]


def replay(a: Sequence[Word], edits: Sequence[Edit], b_words: Sequence[Word]) -> list[str]:
    """Apply ``edits`` to the words ``a``; return the resulting word keys.

    ``b_words`` are the words of the other side, from which inserted and
    replacing words are taken (those inside each edit's ``b_start:b_end``).
    """
    out: list[str] = []
    k = 0
    for edit in sorted(edits, key=lambda e: (e.a_start, e.a_end)):
        while k < len(a) and a[k].start < edit.a_start:
            out.append(a[k].key)
            k += 1
        while k < len(a) and a[k].start < edit.a_end:
            k += 1  # deleted or replaced
        if edit.b_start < edit.b_end:
            out.extend(w.key for w in b_words if edit.b_start <= w.start and w.end <= edit.b_end)
    out.extend(w.key for w in a[k:])
    return out
