"""Stage ``typography``: mojibake, broken Unicode, NFC, invisible and non-breaking characters.

Mojibake is repaired by ftfy (never re-implemented here), line by line so
line structure is kept, with curly quotes left alone: the author's
typography belongs in the report, and the matcher folds it in its own
*matching view* (:mod:`articlediff.matching`).  Each change is
located by a character-level diff of the line before and after, so every
repair has exact offsets.
"""

from __future__ import annotations

import re

import ftfy
from rapidfuzz.distance import Levenshtein

from .repairs import Edit

NAME = "typography"

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, explain=True, normalization="NFC")
#: Invisible characters that carry nothing in news text: zero-width space, word joiner,
#: a byte-order mark inside the text, the soft hyphen.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
#: Spaces that look like a space but do not behave like one.
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2000-\u200a]")
_SUSPECT = re.compile("[^\x00-\x7f]|&[#a-zA-Z]")


def _describe(steps) -> str:
    names = [f"{kind} {name}" for kind, name in steps or ()]
    if any(kind in {"encode", "decode"} for kind, _ in steps or ()):
        return "mojibake repaired by ftfy (" + ", ".join(names) + ")"
    if names and all(kind == "normalize" for kind, _ in steps):
        return "Unicode normalised to composed form (NFC)"
    return "broken Unicode repaired by ftfy (" + ", ".join(names) + ")" if names else "Unicode normalised to composed form (NFC)"


def _reason(before: str, after: str, ftfy_reason: str) -> tuple[str, float]:
    if before and not _INVISIBLE.sub("", before):
        return "invisible character removed", 1.0
    if before and not _ODD_SPACE.sub("", before) and after == " " * len(after):
        return "non-breaking or special space made a plain space", 1.0
    return ftfy_reason, 0.9 if ftfy_reason.startswith("mojibake") else 1.0


def _line_edits(line: str, fixed: str, offset: int, ftfy_reason: str) -> list[Edit]:
    """Turn a whole-line fix into small edits at the characters that changed."""
    spans: list[list[int]] = []  # [src_start, src_end, dest_start, dest_end], adjacent ops merged
    for op in Levenshtein.opcodes(line, fixed):
        if op.tag == "equal":
            continue
        if spans and spans[-1][1] == op.src_start and spans[-1][3] == op.dest_start:
            spans[-1][1], spans[-1][3] = op.src_end, op.dest_end
        else:
            spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    edits = []
    for s0, s1, d0, d1 in spans:
        reason, confidence = _reason(line[s0:s1], fixed[d0:d1], ftfy_reason)
        edits.append(Edit(offset + s0, offset + s1, fixed[d0:d1], reason, confidence))
    return edits


def run(text: str, context) -> list[Edit]:
    """Edits that repair encoding damage and invisible characters, line by line."""
    edits: list[Edit] = []
    offset = 0
    for line in text.split("\n"):
        if _SUSPECT.search(line):
            # Spaces and invisible characters are plain before ftfy reads the line, not only after: what
            # ftfy takes for mojibake depends on its neighbours, and a second run must see what the first did.
            plain = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", line))
            fixed, steps = ftfy.fix_and_explain(plain, _FTFY)
            fixed = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", fixed))
            if fixed != line:
                edits.extend(_line_edits(line, fixed, offset, _describe(steps)))
        offset += len(line) + 1
    return edits
