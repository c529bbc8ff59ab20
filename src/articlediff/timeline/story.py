"""Which articles tell the same story: the earlier articles each article is compared with.

Comparing every article with every earlier one is quadratic, and most pairs
of a large set share nothing.  Two articles tell the same story when they
share its *content words* (names, places, the subject's vocabulary): each
article becomes a TF-IDF-like vector of the matching keys of its words rarer
than ``CONTENT_ZIPF``, weighted by their rarity in English (so "the", "said" and "year" do not count), and two
articles are linked when the cosine of their vectors reaches
``STORY_THRESHOLD``.  The link is symmetric and does not depend on word
order, so it also links a heavy rewrite (seed 003) to its source (002),
which sentence alignment alone would not.  One sparse matrix product gives
every cosine at once.  Articles that share most of their sentences word for
word are linked too, whatever their cosine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..normalise.wordstats import zipf
from ..prepare import Prepared

#: Words at least this common (Zipf) are not content words.
CONTENT_ZIPF = 5.5
#: A word's weight is this less its Zipf frequency: an inverse document frequency taken from
#: a large corpus (wordfreq-style counts) rather than from the articles at hand, so a story of
#: five articles is weighed as well as a corpus of thousands.
RARITY_BASE = 7.0
#: Cosine of content-word TF-IDF vectors at which two articles tell the same story.
STORY_THRESHOLD = 0.25
#: Share of the shorter article's sentences two articles must share word for word to be linked
#: whatever their cosine.
SHARED_SHARE = 0.5
#: Most earlier articles one article is compared with (the most similar first).
MAX_SOURCES = 8


def content_words(article: Prepared) -> Counter:
    """Counts of the article's content-word keys (in the normalised text)."""
    counts: Counter = Counter()
    for sentence in article.sentences:
        for key in sentence.keys:
            if len(key) > 1 and not key.isdigit() and zipf(key) < CONTENT_ZIPF:
                counts[key] += 1
    return counts


def similarities(articles: Sequence[Prepared]):
    """The matrix of content-word cosines between all articles (a SciPy sparse matrix)."""
    from scipy.sparse import csr_matrix

    bags = [content_words(a) for a in articles]
    n = len(articles)
    vocab = {w: k for k, w in enumerate(dict.fromkeys(w for bag in bags for w in bag))}
    rows, cols, vals = [], [], []
    for r, bag in enumerate(bags):
        weights = {w: (1 + math.log(c)) * (RARITY_BASE - zipf(w)) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for w, v in weights.items():
            rows.append(r)
            cols.append(vocab[w])
            vals.append(v / norm)
    matrix = csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))))
    return (matrix @ matrix.T).tocsr()


def shared_sentences(articles: Sequence[Prepared]) -> list[set[int]]:
    """For each article, the other articles with which it shares most of its sentences word for word.

    "Most": at least ``SHARED_SHARE`` of the distinct sentences (by matching
    key) of the shorter of the two.  One stock sentence in common ("Read
    more", a quote both used) does not make two articles one story.  The
    relation is symmetric.
    """
    keys = [{s.keys for s in a.sentences} for a in articles]
    owners: dict[tuple[str, ...], list[int]] = {}
    out: list[set[int]] = [set() for _ in articles]
    for k, mine in enumerate(keys):
        common: Counter = Counter(j for key in mine for j in owners.get(key, ()))
        for j, n in common.items():
            if n >= SHARED_SHARE * min(len(mine), len(keys[j])):
                out[k].add(j)
                out[j].add(k)
        for key in mine:
            owners.setdefault(key, []).append(k)
    return out


def story_links(articles: Sequence[Prepared], threshold: float = STORY_THRESHOLD) -> list[list[tuple[int, float]]]:
    """For each article, every other one on the same story: ``(index, cosine)``, most similar first.

    Linked: a content-word cosine of at least ``threshold``, or most
    sentences shared word for word (a reprint of a text with few content
    words is still a copy; see :func:`shared_sentences`).  Symmetric, so the
    order the articles end up in can be chosen after the links are known.
    """
    if not articles:
        return []
    sims = similarities(articles)
    shared = shared_sentences(articles)
    out = []
    for k in range(len(articles)):
        row = sims.getrow(k)
        cosine = {int(j): float(v) for j, v in zip(row.indices, row.data) if j != k}
        linked = [(j, cosine.get(j, 0.0)) for j in set(cosine) | shared[k] if cosine.get(j, 0.0) >= threshold or j in shared[k]]
        linked.sort(key=lambda x: (-x[1], -x[0]))
        out.append(linked)
    return out


def earlier_related(articles: Sequence[Prepared], threshold: float = STORY_THRESHOLD) -> list[list[tuple[int, float]]]:
    """For each article (in timeline order), the earlier ones on the same story, most similar first, at most ``MAX_SOURCES``."""
    return [[(j, c) for j, c in linked if j < k][:MAX_SOURCES] for k, linked in enumerate(story_links(articles, threshold))]
