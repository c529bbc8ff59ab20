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
import unicodedata
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad
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
    if not _SUSPECT.search(text):
        return []
    suspects = []  # (offset, line, the line with plain spaces and no invisible characters)
    offset = 0
    for line in text.split("\n"):
        if _SUSPECT.search(line):
            # Spaces and invisible characters are plain before ftfy reads the line, not only after: what
            # ftfy takes for mojibake depends on its neighbours, and a second run must see what the first did.
            suspects.append((offset, line, _ODD_SPACE.sub(" ", _INVISIBLE.sub("", line))))
        offset += len(line) + 1
    ftfy_fixes = not _nothing_to_fix([plain for *_, plain in suspects])
    edits: list[Edit] = []
    for offset, line, plain in suspects:
        fixed, steps = ftfy.fix_and_explain(plain, _FTFY) if ftfy_fixes else (plain, [])
        fixed = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", fixed))
        if fixed != line:
            edits.extend(_line_edits(line, fixed, offset, _describe(steps)))
    return edits


def _nothing_to_fix(lines: list[str]) -> bool:
    """True when ftfy would leave every one of ``lines`` as it is, told without asking it line by line.

    Why: most news lines with a curly quote or an accent are fine, and ftfy costs about 0.1 ms a
    call, which made this stage the slowest part of a short ``compare``.  ftfy changes text that its
    mojibake test (:func:`ftfy.badness.is_bad`) flags, or that holds a character one of its other
    fixes rewrites (read from ftfy's own tables: :func:`_ftfy_rewrites`), or that is not in NFC.  A
    line ftfy's test flags is flagged inside the joined lines too, except by the one pattern
    anchored at the start of the text (a line opening with ``Â`` or ``Ã`` and a space), so those
    lines take the slow path.  Any doubt answers False: each line is then fixed on its own, as
    before.  ``tests/test_normalise_stages.py`` checks the answer against ftfy itself on generated
    text, so a new ftfy fix cannot slip past unnoticed.
    """
    if any(line[:1] in "ÂÃ" for line in lines):
        return False
    joined = "\n".join(lines)
    return not _ftfy_rewrites().search(joined) and unicodedata.is_normalized("NFC", joined) and not _looks_bad(joined)


#: How far ftfy's mojibake test reads around a non-ASCII character: its longest pattern is 7 characters
#: (a Cyrillic sequence), so a match lies within 6 characters of the non-ASCII character it needs.
_REACH = 8
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _looks_bad(text: str) -> bool:
    """ftfy's :func:`~ftfy.badness.is_bad`, asked only of the stretches around non-ASCII characters.

    Its test costs about 0.2 µs a character, and ASCII text cannot be mojibake: every pattern it
    searches holds a non-ASCII character, so searching the stretches near them finds every match the
    whole text has (a stretch's start can add a false alarm for the pattern anchored at the start of
    the text, which only sends the lines the slow way).
    """
    stretches: list[list[int]] = []
    for m in _NON_ASCII_RUN.finditer(text):
        start, end = m.start() - _REACH, m.end() + _REACH
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
        else:
            stretches.append([max(0, start), end])
    return any(is_bad(text[start:end]) for start, end in stretches)


@lru_cache(maxsize=1)
def _ftfy_rewrites() -> re.Pattern:
    """The characters ftfy's fixes other than the mojibake search rewrite: ligatures, full and half
    widths, control characters (its translation tables), C1 controls, surrogates, terminal escapes,
    and ``&`` (HTML entities)."""
    from ftfy import chardata

    codes = set(chardata.LIGATURES) | set(chardata.WIDTH_MAP) | set(chardata.CONTROL_CHARS)
    codes |= set(range(0x80, 0xA0)) | set(range(0xD800, 0xE000)) | {0x1B, ord("&")}
    ranges, run_start, previous = [], None, None
    for code in sorted(codes):
        if run_start is None or code != previous + 1:
            if run_start is not None:
                ranges.append((run_start, previous))
            run_start = code
        previous = code
    ranges.append((run_start, previous))
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")
