"""Counted nouns in messages and reports: ``1 article``, ``2 articles``, ``1,000 documents``.

One rule for every command's summary lines and messages, so none of them
says "1 articles" (issue 23).  It imports nothing.
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is 1 (``plural``, else ``noun + "s"``); thousands separated."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
