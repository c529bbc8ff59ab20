"""British and American spellings of one word, and an article's own spelling of a candidate.

Two readers of the same word: the trigram model (:mod:`.ngram`) reads each
word in the spelling it knows best, and the de-spinner (:mod:`.despin`)
writes a restored word the way the article spells the rest.  Both need the
same table of spelling pairs, which is why it sits apart from either.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: British and American spellings of one word: (pattern, replacement) pairs, each way round.
_SPELLINGS = [
    (re.compile(a + r"$"), b)
    for a, b in (
        (r"ence", "ense"), (r"ense", "ence"),
        (r"is(e|es|ed|ing|ation|ations)", r"iz\1"), (r"iz(e|es|ed|ing|ation|ations)", r"is\1"),
        (r"ys(e|es|ed|ing)", r"yz\1"), (r"yz(e|es|ed|ing)", r"ys\1"),
        (r"our(s|ed|ing)?", r"or\1"), (r"or(s|ed|ing)?", r"our\1"),
        (r"tre(s)?", r"ter\1"), (r"ter(s)?", r"tre\1"),
        (r"(?<=gra)mme(s)?", r"m\1"), (r"(?<=gra)m(s)?", r"mme\1"),
    )
]

#: Every ending one of ``_SPELLINGS`` rewrites (a cheap test before trying them).
_SPELLING_ENDS = (
    "ence", "ense", "e", "es", "ed", "ing", "ation", "ations", "our", "ours", "or", "ors", "tre", "tres", "ter", "ters",
    "mme", "mmes", "gram", "grams",
)


def spelling_variants(word: str) -> list[str]:
    """The British or American spellings of ``word`` (lower case) other than itself: "defence" → ["defense"]."""
    if not word.endswith(_SPELLING_ENDS):
        return []
    return [v for pattern, repl in _SPELLINGS if pattern.search(word) and (v := pattern.sub(repl, word)) != word]


def author_spelling(candidate: str, spelling: set[str]) -> str:
    """``candidate`` (lower case) in the article's own spelling: "defense" → "defence" in a British text.

    The model prefers the spelling it saw most (often American); a
    restored word should read as the author wrote the rest.  A word of
    five letters or more that the article does not use is swapped for a
    British or American variant of it that the article does use.
    """
    spots = _respellable(candidate)
    if spots is None:
        return candidate  # no word of it has another spelling: the common case, one cached look-up
    words = candidate.split()
    for k, variants in spots:
        if words[k] not in spelling:
            words[k] = next((v for v in variants if v in spelling), words[k])
    return " ".join(words)


def respelled_alike(candidate: str) -> bool:
    """Whether :func:`author_spelling` gives ``candidate`` back as it is, whatever the article's spelling."""
    return _respellable(candidate) is None


@lru_cache(maxsize=200_000)
def _respellable(candidate: str) -> tuple[tuple[int, tuple[str, ...]], ...] | None:
    """The words of ``candidate`` that have another spelling, as ``(position, variants)``; None when it has none and
    is written with single spaces (so :func:`author_spelling` gives it back as it is).

    The de-spinner respells every thesaurus candidate of every span of every article it reads, about a
    million at a 1,000-article timeline, and almost none has a word with another spelling: that answer
    depends on the candidate alone, so it is kept once for all articles.
    """
    words = candidate.split()
    spots = tuple((k, tuple(v)) for k, w in enumerate(words) if len(w) >= 5 and (v := spelling_variants(w)))
    return spots if spots or " ".join(words) != candidate else None


class ArticleSpelling(frozenset):
    """An article's words in lower case, against which candidates are respelled (:func:`author_spelling`)."""

    def respell_all(self, candidates) -> list[str]:
        """Each candidate in the article's spelling (:func:`author_spelling`), in order."""
        return [author_spelling(c, self) for c in candidates]
