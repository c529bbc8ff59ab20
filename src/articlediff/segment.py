"""Segmenting an article into paragraphs, sentences and words, with exact offsets.

Why our own rules rather than pysbd or syntok: news pages as scraped are not
prose.  Lines are paragraphs (or bullets, captions, headings), live pages glue
timestamps to headings (``...to readpublished at 17:23``) and image credits to
captions, and every span we derive must index the original characters
exactly.  Measured on the seeds and a 100,000-word document
(docs/segmentation.md, ``bench/segmenter_compare.py``), pysbd keeps exact
offsets but takes 22 s where these rules take 0.2 s, and misses the glued
timestamps; syntok takes 6 s and gets one of the four seed quirks right.
The rules below are few and each is tested.

* **Paragraphs** are lines.  A line that does not end a sentence and is
  followed by a line starting in lower case is a hard wrap and is joined to
  it.  Leading bullets and list numbers (``•``, ``-``, ``3.``) are not part
  of the paragraph.
* **Sentences** end at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes and
  brackets) followed by space and an upper-case letter, digit or opening
  quote, except after a known abbreviation (``Mr.``, ``Gen.``, ``etc.``), a
  single initial (``J. K. Rowling``) or a dotted acronym (``U.S.``) unless a
  common sentence opener follows it, and except inside a quotation that
  ends with a comma and an attribution (``"We will go. We must," he said``).
  A metadata marker glued to the end of a heading (``published at 17:23``,
  ``Image source, ...``) starts a sentence of its own.
* **Words** are runs of letters and digits joined by hyphens, apostrophes, or
  by ``.``/``,``/``:`` between digits (``£1.5bn`` gives ``1.5bn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from .matching import WORD_RE, matching_key, word_keys
from .models import Sentence, Span, Word

_BULLET_RE = re.compile(r"[ \t]*(?:[•●▪·‣◦*–—-]|\(?\d{1,3}[.)])[ \t]+")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_GLUED_MARKER_RE = re.compile(r"(?<=\S)(?:published at \d{1,2}:\d{2}\b|Image source, )")
_GLUED_MARKERS = ("published at ", "Image source, ")  # the literal starts of _GLUED_MARKER_RE's markers
_QUOTE_RE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")
_OPENERS = "\"“‘'(["
_SENTENCE_END = ".!?…:;\"”’)]"

#: Words that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon
    pres supt insp det cllr vs etc eg ie approx dept est inc ltd co corp plc
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
#: Abbreviations that are also ordinary words, so count only before a number (``No. 10``).
NUMBER_ABBREVIATIONS = frozenset("no nos fig vol pp".split())
#: Words that, capitalised after a dotted acronym, show a new sentence began.
SENTENCE_OPENERS = frozenset(
    "the a an he she it they we i but and in on this that there his her their its so yet".split()
)


def iter_words(text: str, start: int = 0, end: int | None = None) -> Iterator[Word]:
    """Yield the words of ``text[start:end]`` with offsets into ``text``."""
    for m in WORD_RE.finditer(text, start, len(text) if end is None else end):
        word = m.group()
        key = matching_key(word)
        if key:
            yield Word(m.start(), m.end(), word, key)


class Origin(Protocol):
    """Where a repaired text's characters came from (:class:`.normalise.repairs.OffsetMap` is one).

    ``lo[k]``/``hi[k]`` are the offsets in ``original`` of boundary ``k`` of the repaired text: the
    span ``[s, e)`` came from ``original[lo[s]:hi[e]]`` (empty where ``hi[e] < lo[s]``).
    """

    original: str
    lo: Sequence[int]
    hi: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the repaired span ``[start, end)``."""


def _words_from(text: str, start: int, end: int, origin: Origin) -> tuple[Word, ...]:
    """The words of ``text[start:end]`` with the spans and characters of ``origin.original`` they came from."""
    original, lo, hi = origin.original, origin.lo, origin.hi
    words = []
    for m in WORD_RE.finditer(text, start, end):
        key = matching_key(m.group())
        if key:
            s, e = m.span()
            o_start, o_end = lo[s], hi[e]
            if o_end < o_start:
                o_end = o_start
            words.append(Word(o_start, o_end, original[o_start:o_end], key))
    return tuple(words)


def iter_paragraphs(text: str) -> Iterator[Span]:
    """Yield paragraphs (see module docstring) as spans of ``text``."""
    for start, end in paragraph_bounds(text):
        yield Span(start, end, text[start:end])


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """The paragraphs of :func:`iter_paragraphs` as ``(start, end)`` only.

    ``dedup`` fingerprints every document of a corpus and needs only where
    each paragraph is, not a copy of its text: this is that loop, with each
    line read once.
    """
    out: list[tuple[int, int]] = []
    bullet_at = _BULLET_RE.match
    current_start = current_end = -1  # the paragraph being built (none while current_start < 0)
    ls = 0
    for body in text.split("\n"):
        le = ls + len(body)
        stripped = body.rstrip()
        if not stripped:
            if current_start >= 0:
                out.append((current_start, current_end))
            current_start = -1
        else:
            bullet = bullet_at(body)
            s = ls + (bullet.end() if bullet else len(body) - len(body.lstrip()))
            e = ls + len(stripped)
            previous_end = text[current_end - 1] if current_end > current_start >= 0 else ""
            if not bullet and _is_wrapped(previous_end, text[s : min(s + 1, e)]):
                current_end = e  # the paragraph goes on
            else:
                if current_start >= 0:
                    out.append((current_start, current_end))
                current_start, current_end = s, e
        ls = le + 1
    if current_start >= 0:
        out.append((current_start, current_end))
    return out


def _is_wrapped(previous_end: str, line_start: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence (its last character ``previous_end``), this one goes on
    in lower case (its first character ``line_start``); either is empty when there is no such line or character."""
    return bool(previous_end) and previous_end not in _SENTENCE_END and line_start.islower()


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _protected_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations that end with a comma and go on with an attribution in lower case."""
    ranges = []
    for m in _QUOTE_RE.finditer(text, start, end):
        inner = m.group()[:-1].rstrip()
        after = text[m.end():end].lstrip()
        if inner.endswith(",") and after[:1].islower():
            ranges.append((m.start(), m.end()))
    return ranges


def _ends_sentence(text: str, start: int, punct_start: int, punct: str, next_pos: int, end: int) -> bool:
    if next_pos >= end:
        return False
    nxt = text[next_pos]
    if nxt in _OPENERS and next_pos + 1 < end:
        nxt = text[next_pos + 1]
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    if punct != ".":
        return True
    before = text[start:punct_start].rsplit(None, 1)
    token = before[-1] if before else ""
    token = token.lstrip(_OPENERS)
    if not token:
        return True
    if token.casefold() in ABBREVIATIONS:
        return False
    if token.casefold() in NUMBER_ABBREVIATIONS and text[next_pos].isdigit():
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. K. Rowling"
    if "." in token and all(part.isalpha() and len(part) <= 2 for part in token.split(".") if part):
        following = re.match(r"\w+", text[next_pos:end].lstrip(_OPENERS))
        return bool(following) and following.group().casefold() in SENTENCE_OPENERS
    return True


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentence ranges."""
    if not _BOUNDARY_RE.search(text, start, end) and not any(text.find(m, start, end) >= 0 for m in _GLUED_MARKERS):
        return [(start, end)] if end > start else []  # no sentence end inside: one sentence (a fast path)
    cuts = []
    protected = _protected_ranges(text, start, end)
    for m in _BOUNDARY_RE.finditer(text, start, end):
        punct_start = m.start()
        closing = m.group().rstrip()
        punct = closing.rstrip("\"”’')]")
        if any(a < punct_start < b - 1 for a, b in protected):
            continue
        if _ends_sentence(text, start, punct_start, punct[-1] if punct else ".", m.end(), end):
            cuts.append((m.start() + len(closing), m.end()))
    for m in _GLUED_MARKER_RE.finditer(text, start, end):
        cuts.append((m.start(), m.start()))
    cuts.sort()
    ranges = []
    pos = start
    for cut_end, next_start in cuts:
        if cut_end > pos:
            ranges.append((pos, cut_end))
        pos = max(pos, next_start)
    if pos < end:
        ranges.append((pos, end))
    return ranges


def segment(text: str, origin: Origin | None = None) -> list[Sentence]:
    """Segment ``text`` into sentences (with their words), in reading order.

    Sentences without a single word (a lone bullet, a rule of dashes) are
    dropped: they carry nothing to align.  With ``origin`` (``text`` is a
    repaired text), each sentence and word keeps the key of its repaired form
    but the span and characters of the original it came from.  Each
    sentence's keys are read at once and its words when first asked for
    (:class:`.models.Sentence`).
    """
    sentences: list[Sentence] = []
    for p_index, para in enumerate(iter_paragraphs(text)):
        for s, e in split_sentences(text, para.start, para.end):
            chunk = text[s:e]
            s2 = s + len(chunk) - len(chunk.lstrip())
            e2 = s + len(chunk.rstrip())
            keys = tuple(word_keys(text[s2:e2]))
            if not keys:
                continue
            if origin is None:
                span = (s2, e2, text[s2:e2])
            else:
                o_start, o_end = origin.to_original(s2, e2)
                span = (o_start, o_end, origin.original[o_start:o_end])
            sentences.append(Sentence(*span, len(sentences), p_index, keys, _WordReader(text, s2, e2, origin)))
    return sentences


class _WordReader:
    """Reads one sentence's words when they are first asked for (see :class:`.models.Sentence`)."""

    __slots__ = ("text", "start", "end", "origin")

    def __init__(self, text: str, start: int, end: int, origin: Origin | None) -> None:
        self.text, self.start, self.end, self.origin = text, start, end, origin

    def __call__(self) -> tuple[Word, ...]:
        if self.origin is None:
            return tuple(iter_words(self.text, self.start, self.end))
        return _words_from(self.text, self.start, self.end, self.origin)


def word_count(text: str) -> int:
    """The words of ``text`` as :func:`segment` finds them (bullets and list numbers are not words)."""
    return sum(len(s.keys) for s in segment(text))
