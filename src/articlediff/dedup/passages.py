"""Passage-level reuse: paragraphs one document shares with another, for partial copies.

An article that copies a few paragraphs of another is far from it as a
whole (its word-shingle Jaccard is the copied share, diluted by everything
else), so whole-document signatures miss it.  Each paragraph of at least
``MIN_PASSAGE_WORDS`` words gets a MinHash signature of its own; LSH over
all paragraphs proposes paragraph pairs of different documents, and a pair
whose Jaccard estimate reaches the threshold and whose texts agree
(``fuzz.ratio``) is a shared passage, unless the paragraph is found in
documents of ``MAX_PASSAGE_GROUPS`` or more unrelated groups (a site's
header or footer).
Offsets point into each document's text, so a report can show the passages.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..models import Word
from ..segment import iter_paragraphs
from .lsh import candidate_pairs
from .minhash import estimate, shingles, signatures

#: Paragraphs shorter than this (in words) are not fingerprinted: a headline or a stock line is no evidence of copying.
MIN_PASSAGE_WORDS = 20
#: A paragraph found in this many unrelated documents (groups of whole-text duplicates) is a site's
#: furniture (a header, a footer, a donation appeal), not a copied passage: it is no evidence that
#: two articles share content.
MAX_PASSAGE_GROUPS = 3


@dataclass
class PassageIndex:
    """Fingerprinted paragraphs of many documents, gathered batch by batch."""

    doc: list[int] = field(default_factory=list)  # the document each paragraph belongs to
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in that document's text
    views: list[str] = field(default_factory=list)  # matching views
    words: list[int] = field(default_factory=list)
    parts: list[np.ndarray] = field(default_factory=list)  # signature batches

    def add(self, first_doc: int, texts: list[str], words: list[list[Word]]) -> None:
        """Fingerprint the paragraphs of ``texts``, the documents numbered from ``first_doc``.

        ``words`` are each text's words (already segmented for the whole-text
        fingerprint); a paragraph's are those that start inside it.
        """
        sets = []
        for k, text in enumerate(texts):
            starts = [w.start for w in words[k]]
            for p in iter_paragraphs(text):
                keys = [w.key for w in words[k][bisect_left(starts, p.start) : bisect_left(starts, p.end)]]
                if len(keys) < MIN_PASSAGE_WORDS:
                    continue
                self.doc.append(first_doc + k)
                self.spans.append((p.start, p.end))
                self.views.append(" ".join(keys))
                self.words.append(len(keys))
                sets.append(shingles(keys))
        if sets:
            self.parts.append(signatures(sets))

    def shared(self, threshold: float, min_ratio: float, group_of=lambda doc: doc) -> dict[tuple[int, int], list]:
        """For each pair of documents ``(i, j)``, ``i < j``: their shared passages ``(span in i, span in j, words)``.

        ``group_of(document)`` names the group of whole-text duplicates a
        document belongs to: a paragraph is furniture when the documents it
        is found in span ``MAX_PASSAGE_GROUPS`` groups or more (copies of one
        story count once).
        """
        if not self.parts:
            return {}
        matrix = np.vstack(self.parts)
        matched: list[tuple[int, int]] = []
        seen_in: dict[int, set[int]] = defaultdict(set)  # paragraph -> groups of the documents it is found in
        for x, y in candidate_pairs(matrix):
            i, j = self.doc[x], self.doc[y]
            if i == j or estimate(matrix[x], matrix[y]) < threshold or fuzz.ratio(self.views[x], self.views[y]) < min_ratio:
                continue
            matched.append((x, y))
            for p in (x, y):
                seen_in[p].update((group_of(i), group_of(j)))
        out: dict[tuple[int, int], list] = defaultdict(list)
        for x, y in matched:
            if len(seen_in[x]) >= MAX_PASSAGE_GROUPS or len(seen_in[y]) >= MAX_PASSAGE_GROUPS:
                continue  # furniture: found in too many unrelated documents
            i, j = self.doc[x], self.doc[y]
            if i > j:
                i, j, x, y = j, i, y, x
            out[i, j].append((self.spans[x], self.spans[y], min(self.words[x], self.words[y])))
        return dict(out)
