"""How a report names an article: its title and outlet where known, else its opening words.

A file name such as ``story_8f3a2c91e07b`` (a hash) tells a reader nothing, so
reports lead with a label.  The title comes from the article's metadata
(front matter, JSONL fields, a manifest: :mod:`articlediff.read`) or, for
plain text, from its first line when that line reads as a headline: a short
line (three to twenty words) that does not end a sentence.  An article
without either is named by its first sentence of four words or more, cut at
a word boundary: never mid-word.
"""

from __future__ import annotations

import re

#: Words a first line may have to count as a headline.
HEADLINE_WORDS = (3, 20)
#: Longest label (characters) made from an article's opening words.
LABEL_CHARS = 72

_WORD = re.compile(r"\w[\w'’-]*")


def headline(text: str) -> str | None:
    """The article's first non-empty line when it reads as a headline, else None.

    A headline is short and does not end like a sentence (``.``, ``!``,
    ``?``, ``:`` or a closing quote after one); a first line that is a
    whole sentence ("Sir Keir Starmer is heading to Brussels ...") is body
    text, and a one-word line ("Summary") is a section label.
    """
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        words = _WORD.findall(line)
        low, high = HEADLINE_WORDS
        if not low <= len(words) <= high or re.search(r"[.!?:;,]['\"’”]?$", line):
            return None
        if not any(w[0].isupper() for w in words):
            return None
        return line
    return None


def opening_words(text: str, limit: int = LABEL_CHARS) -> str:
    """The first line of four words or more, cut at a word boundary to ``limit`` characters (with "…")."""
    for line in text.splitlines():
        line = " ".join(line.split()).lstrip("•*-– ")
        if len(_WORD.findall(line)) >= 4:
            return cut(line, limit)
    return cut(" ".join(text.split()), limit)


def cut(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` shortened to at most ``limit`` characters at a word boundary, "…" marking the cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:–-") + "…"


def article_label(title: str | None, outlet: str | None, text: str, id: str) -> str:
    """``Title — Outlet`` where known; the opening words of ``text`` in quotes otherwise (``id`` for an empty article)."""
    if title:
        base = cut(title)
    else:
        words = opening_words(text)
        base = f"“{words}”" if words else id
    return f"{base} — {outlet}" if outlet else base
