"""The matching view: what two words must share to count as the same word.

Copies of a story differ in things no reader would call an edit: curly or
straight quotes, en or em dashes, ``co-operation`` or ``cooperation``,
``Šefčovič`` or ``Sefcovic``, capitalisation.  The matcher compares word
*keys* with all of that folded away; the original characters stay in the
spans the report shows.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=200_000)
def matching_key(word: str) -> str:
    """Fold one word: NFKD, drop accents, casefold, drop punctuation.

    ``"EU’s"`` and ``"EU's"`` both give ``"eus"``; ``"Co-operation"`` gives
    ``"cooperation"``.  A token of punctuation only gives ``""``.
    """
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", stripped.casefold())


def matching_view(text: str) -> str:
    """The matching view of a whole text: its word keys joined by spaces."""
    from ..segment import iter_words

    return " ".join(w.key for w in iter_words(text) if w.key)
