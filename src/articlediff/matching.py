"""The matching view: what two words must share to count as the same word.

Copies of a story differ in things no reader would call an edit: curly or
straight quotes, en or em dashes, ``co-operation`` or ``cooperation``,
``Šefčovič`` or ``Sefcovic``, capitalisation.  The matcher compares word
*keys* with all of that folded away; the original characters stay in the
spans the report shows.

This is the bottom floor of the text flow: the segmenter, the normaliser,
the fact finders and the fingerprints all read words with :data:`WORD_RE`
and fold them with :func:`matching_key`, and it imports none of them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: A word: a run of letters and digits joined by hyphens, apostrophes, or by ``.``/``,``/``:``
#: between digits (``£1.5bn`` gives ``1.5bn``).
WORD_RE = re.compile(r"\w+(?:(?:[-'’‘]|(?<=\d)[.,:](?=\d))\w+)*")
_NON_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=200_000)
def matching_key(word: str) -> str:
    """Fold one word: NFKD, drop accents, casefold, drop punctuation.

    ``"EU’s"`` and ``"EU's"`` both give ``"eus"``; ``"Co-operation"`` gives
    ``"cooperation"``.  A token of punctuation only gives ``""``.
    """
    if word.isascii():  # most words of English news: NFKD and accents change nothing, casefold is lower
        lowered = word.lower()
        return lowered if lowered.isalnum() else _NON_ALNUM.sub("", lowered)
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", stripped.casefold())


def word_keys(text: str) -> list[str]:
    """The matching keys of a text's words, in order (words that fold to nothing left out)."""
    return [k for k in map(matching_key, WORD_RE.findall(text)) if k]


def matching_view(text: str) -> str:
    """The matching view of a whole text: its word keys joined by spaces."""
    return " ".join(word_keys(text))
