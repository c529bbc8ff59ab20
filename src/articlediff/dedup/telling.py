"""The rewrite view: a document's *telling words*, the words a rewrite keeps when it changes every sentence.

A rewrite (sentences reordered, merged and split, voices turned, synonyms
swapped, attributions moved, numbers reformatted; what a content farm's
language model does) breaks every word shingle and most skeleton shingles,
so neither the word nor the skeleton signature finds it.  What it keeps is
what the story is about: the names (people, places, bodies), the numbers
and the subject's rarer vocabulary ("casino", "wickets", "insolvency").
Taken as a *set*, in no order, those words survive all of the rewrites
above.

A word key is telling when it is a number of two digits or more, or a word
of two letters or more rarer than ``TELLING_ZIPF`` in English (wordfreq's
Zipf scale, :func:`articlediff.normalise.wordstats.zipf`): "the", "said",
"year" and "government" are not; "Starmer", "tariff", "246" are.

Why words and not the extracted facts (:mod:`articlediff.facts`), which
issue 21 proposed: on 100 real news stories and a scripted rewrite of each
(bench/rewrite_links.py), the rare facts two articles share find 67% of
the rewrites (a third of Lee's stories state fewer than three checkable
facts), and extracting them costs about 4 ms an article, 400 s of CPU at
100,000 documents.  The telling words of a source and its rewrite have a
Jaccard similarity of 0.52 or more (median 0.67), those of two other
stories of the set at most 0.24, and the two most alike stories of the
whole Lee corpus (two reports of one holiday road toll) 0.32
(bench/experiments/rewrite_view.py); the view costs a dictionary lookup a
word, as the skeleton does.  Facts stay the *evidence* a report shows.

``dedup`` signs each document's telling words with MinHash (as unigrams),
bands the signature with ``REWRITE_BANDS`` × ``REWRITE_ROWS`` values and
verifies a candidate by the exact Jaccard of the two sets, which must reach
``REWRITE_THRESHOLD``; a document with fewer than ``MIN_TELLING_WORDS`` is
too short to tell.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..normalise.wordstats import common_words

#: Words at least this common (Zipf) say nothing of which story it is.
TELLING_ZIPF = 5.0
#: Telling words a document needs for the rewrite relation (a headline or a stub is too short to tell).
MIN_TELLING_WORDS = 8
#: Jaccard similarity of two documents' telling-word sets at which one is a rewrite of the other.
REWRITE_THRESHOLD = 0.4
#: LSH bands of the telling signature and MinHash values a band: 42 × 3 of the 128 values.  A pair at the
#: threshold becomes a candidate 94% of the time (84% at 0.35), two unrelated stories (Jaccard 0.07, the 99th
#: percentile) 1.4% of the time.  The threshold's own shape (lsh_shape) would be 64 bands of 2 rows, whose
#: unrelated candidates are ten times as many.
REWRITE_BANDS = 42
REWRITE_ROWS = 3


def telling_word(key: str) -> bool:
    """Whether a matching key is telling: a number of two digits or more, or a word rarer than ``TELLING_ZIPF``."""
    if key.isdigit():
        return len(key) >= 2
    return len(key) > 1 and key.lower() not in common_words(TELLING_ZIPF)  # zipf(key) < TELLING_ZIPF


def telling_words(keys: Iterable[str]) -> set[str]:
    """The set of telling words among a document's word keys (its matching view split)."""
    return {k for k in keys if telling_word(k)}


def telling_jaccard(a: set[str], b: set[str]) -> float:
    """The Jaccard similarity of two telling-word sets (0 when either is below ``MIN_TELLING_WORDS``)."""
    if len(a) < MIN_TELLING_WORDS or len(b) < MIN_TELLING_WORDS:
        return 0.0
    both = len(a & b)
    return both / (len(a) + len(b) - both)
