"""Stage ``boilerplate``: what a page wraps around an article, removed or turned into metadata.

General rules over lines (a line is a paragraph in scraped news) and a small
pattern list, documented in docs/normalise.md; nothing here names a site or
quotes a seed.  Removed text is replaced by nothing, never by a line break,
so the cleaned text keeps the original's lines.

* a leading ``date YYYY-MM-DD`` marker becomes ``metadata["date"]``;
* ``published at HH:MM Zone`` stamps (often glued to a heading) become
  ``metadata["timestamps"]``;
* photo captions with their credit (``Image source, …``, ``Photograph: …``);
* short promo, share and newsletter lines (``Watch: …``, ``Read more``,
  ``Sign up to our newsletter``);
* donation and subscription banners: a line with at least three distinct
  banner cues, at least one of them a call to action;
* headline variants: the lines of a title block that repeat the first
  headline's content words (rewriters emit several candidate titles).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from ..read.document import DATE_LINE
from .repairs import Edit
from .wordstats import zipf

NAME = "boilerplate"

_STAMP = re.compile(
    r"(?:published|updated|last updated) at (\d{1,2}:\d{2})((?: [A-Z][a-z]+){0,3})",
)
_CREDIT = re.compile(
    r"(?:Image source, |Image caption, |Photograph: |Photo: |\((?:Photo|Image|Picture)(?: by|:)[^)]*\)"
    r"|/(?:Getty Images|AFP|Reuters|PA|AP)\b)"
)
_PROMO = re.compile(
    r"^(?:watch|listen|watch live|video|read more|read next|related|recommended|also read|more on this story"
    r"|sign up|subscribe|share|share this|follow us|click here|download)\b",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^(?:[•*-]|\(?\d{1,3}[.)])\s+")
_PROMO_END = re.compile(r"\b(?:here|below|now|live)\s*:?\s*$", re.IGNORECASE)
#: Phrases of donation and subscription banners; a call to action is marked True.
BANNER_CUES = {
    "your support": False,
    "support now": True,
    "support us": True,
    "donate": True,
    "donation": True,
    "contribution": False,
    "subscribe": True,
    "subscription": False,
    "paywall": False,
    "become a member": True,
    "read more": True,
    "sign up": True,
    "quality journalism": False,
    "independent journalism": False,
    "who can afford": False,
    "makes all the difference": False,
    "keep sending journalists": False,
}
#: Matched against lower-cased text: Python's regex engine runs a case-insensitive alternation of
#: phrases about eight times slower than a case-sensitive one, and every line of an article is searched.
_BANNER_RE = re.compile("|".join(re.escape(c) for c in sorted(BANNER_CUES, key=len, reverse=True)))
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LINE_BREAK = re.compile("\n")
_STOP_ZIPF = 5.5  # words at least this frequent ("the", "and", "as") carry no headline content


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def run(text: str, context) -> list[Edit]:
    """Edits that remove boilerplate; metadata goes into ``context.metadata``."""
    edits: list[Edit] = []
    meta = context.metadata
    removed_lines: set[int] = set()
    lines = list(_lines(text))
    first_content = next((k for k, (_, line) in enumerate(lines) if line.strip()), None)
    may_be_banner = _lines_with_banner_cues(text)
    stamped = _lines_with_stamps(text, lines)

    for k, (pos, line) in enumerate(lines):
        body = line.strip()
        if not body:
            continue
        stamps = list(_STAMP.finditer(line)) if k in stamped else []
        for m in stamps:
            meta.setdefault("timestamps", []).append({"line": k + 1, "time": m.group(1), "zone": m.group(2).strip()})
        if k == first_content:
            m = DATE_LINE.match(line)
            if m:
                meta["date"] = m.group(3)
                edits.append(Edit(pos + m.start(2), pos + m.end(2), "", "date marker read as the article's date", 1.0))
                rest = line[m.end(2) :]
                if not rest.strip():
                    edits[-1] = Edit(pos, pos + len(line), "", "date marker read as the article's date", 1.0)
                    removed_lines.add(k)
                    continue
                if _is_banner(rest):
                    edits[-1] = Edit(pos, pos + len(line), "", "date marker and donation/subscription banner", 0.85)
                    removed_lines.add(k)
                    continue
        whole_line = _line_kind(body, k in may_be_banner)
        if whole_line:
            edits.append(Edit(pos, pos + len(line), "", *whole_line))
            removed_lines.add(k)
            continue
        for m in stamps:
            edits.append(Edit(pos + m.start(), pos + m.end(), "", "timestamp split off as metadata", 1.0))
    edits.extend(_headline_variants(lines, removed_lines, meta))
    return edits


def _lines_with_banner_cues(text: str) -> set[int]:
    """The lines (by number) where three distinct banner cues occur: only they can be banners.

    Why: one search of the whole text per cue (``str.find``) costs a tenth of
    matching the cues' alternation line by line.  Cues found one by one
    include every cue the alternation finds (it also skips cues that overlap
    one it took), so no banner line is missed; :func:`_is_banner` decides.
    """
    lowered = text.lower()  # keeps the line breaks where they were, line by line
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(lowered)]
    cues: dict[int, set[str]] = defaultdict(set)
    for cue in BANNER_CUES:
        at = lowered.find(cue)
        while at >= 0:
            cues[bisect_right(starts, at) - 1].add(cue)
            at = lowered.find(cue, at + 1)
    return {line for line, found in cues.items() if len(found) >= 3}


def _lines_with_stamps(text: str, lines: list[tuple[int, str]]) -> set[int]:
    """The lines (by number) where a ``published at`` stamp starts, found by one search of the whole text."""
    starts = [pos for pos, _ in lines]
    return {bisect_right(starts, m.start()) - 1 for m in _STAMP.finditer(text)}


def _line_kind(body: str, may_be_banner: bool = True) -> tuple[str, float] | None:
    """Why a whole line is boilerplate (reason, confidence), or None (``may_be_banner=False``: it has too few cues)."""
    if may_be_banner and _is_banner(body):
        return "donation or subscription banner", 0.85
    if _CREDIT.search(body) and len(_WORD.findall(body)) <= 40:
        return "photo caption and credit", 0.9
    if _is_promo(body):
        return "promo, share or newsletter line", 0.8
    return None


def _is_banner(text: str) -> bool:
    cues = set(_BANNER_RE.findall(text.lower()))
    return len(cues) >= 3 and any(BANNER_CUES[c] for c in cues)


def _is_promo(body: str) -> bool:
    body = _STAMP.sub("", _LIST_MARKER.sub("", body)).strip()
    if not _PROMO.match(body):
        return False
    words = _WORD.findall(body)
    return len(words) <= 12 and (len(words) <= 3 or ":" in body[:20] or bool(_PROMO_END.search(body)))


def _content_words(line: str) -> set[str]:
    return {w.lower().rstrip("'’s") for w in _WORD.findall(line) if zipf(w) < _STOP_ZIPF}


def _is_headline(line: str) -> bool:
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 16 or line.rstrip()[-1:] in ".!?:;,\"”":
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.6 * len(words)


def _headline_variants(lines, removed: set[int], meta: dict) -> list[Edit]:
    """Title-block lines that repeat the first headline's content words."""
    edits = []
    first = None
    for k, (pos, line) in enumerate(lines):
        if k in removed or not line.strip():
            continue
        if not _is_headline(line):
            break  # the title block ends at the first line of body text
        if first is None:
            first = _content_words(line)
            meta["headline"] = line.strip()
            continue
        shared = first & _content_words(line)
        if len(shared) >= 2:
            meta.setdefault("headline_variants", []).append(line.strip())
            edits.append(Edit(pos, pos + len(line), "", f"headline variant (shares {', '.join(sorted(shared))})", 0.8))
    return edits
