"""Can one signature of a passage window's skeleton find verbatim, edited and spun runs without false matches?

Decided (issue 20): passage windows are signed over their skeleton's shingles only (the words a
synonym spinner leaves alone, ``dedup.minhash.skeleton``), not over all their words.  A verbatim
copy has the same skeleton, an edited one nearly so, a spun one too, so one signature finds all
three; the question was whether short windows of skeleton words (about 20 words, 8-12 of them in
the skeleton) are still specific enough between unrelated texts.

Measured on the distinct real news stories of ``make_corpus.distinct_pool`` (the Lee corpus,
near-copies removed), each flattened to one line: every window of every story (sentences from
each, until 20 words), and for every pair of windows of different stories that shares a skeleton
4-gram, the exact Jaccard similarity of their skeleton 4-gram sets and RapidFuzz's ratio of their
words.  Printed: how many unrelated pairs reach each Jaccard level, and with ``fuzz.ratio`` ≥ 50
(what dedup also requires).  Then the seeds' real spun pair (000 spun from part of 001): the best
skeleton and word similarity of each window of 000 in 001.

    .venv/bin/python bench/experiments/window_skeletons.py

Result (2026-12): 325 stories, 2,643 windows, 5,054 unrelated window pairs sharing a skeleton
4-gram; one reaches 0.33, none 0.4, and none passes fuzz.ratio ≥ 50 at 0.3.  In 000, two windows
have a skeleton 3-gram Jaccard of 1.00 with 001 where their words' 4-gram Jaccard is 0.20-0.33.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _corpus
import make_corpus
from rapidfuzz import fuzz

from articlediff.dedup.minhash import in_skeleton
from articlediff.matching import WORD_RE, matching_key
from articlediff.segment import segment

WINDOW_WORDS = 20


def sentences(text: str) -> list[list[str]]:
    return [[k for k in (matching_key(w) for w in WORD_RE.findall(s.text)) if k] for s in segment(text)]


def windows(sents: list[list[str]]) -> list[list[str]]:
    out = []
    for i in range(len(sents)):
        keys, j = [], i
        while j < len(sents) and len(keys) < WINDOW_WORDS:
            keys += sents[j]
            j += 1
        if len(keys) >= WINDOW_WORDS:
            out.append(keys)
    return out


def shingles(keys: list[str], n: int = 4) -> frozenset:
    return frozenset(tuple(keys[i : i + n]) for i in range(len(keys) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def unrelated() -> None:
    news = [t for t in make_corpus.distinct_pool() if t.origin == "news"]
    found = []
    for d, t in enumerate(news):
        for keys in windows(sentences(" ".join(t.render().split()))):
            found.append((d, shingles([k for k in keys if in_skeleton(k)]), " ".join(keys)))
    index = defaultdict(list)
    for n, (_, skel, _) in enumerate(found):
        for s in skel:
            index[s].append(n)
    shared = defaultdict(int)
    for holders in index.values():
        for a, b in itertools.combinations(holders, 2):
            if found[a][0] != found[b][0]:
                shared[a, b] += 1
    print(f"{len(news)} stories, {len(found):,} windows, {len(shared):,} unrelated window pairs sharing a skeleton 4-gram")
    scored = [(jaccard(found[a][1], found[b][1]), fuzz.ratio(found[a][2], found[b][2])) for a, b in shared]
    for level in (0.3, 0.4, 0.5, 0.6):
        over = [r for j, r in scored if j >= level]
        print(f"  skeleton Jaccard ≥ {level}: {len(over)} pairs, {sum(r >= 50 for r in over)} with fuzz.ratio ≥ 50")


def seeds() -> None:
    texts = _corpus.seed_texts()
    spun, source = windows(sentences(texts["000"])), windows(sentences(texts["001"]))
    print("seed 000's windows in 001: best skeleton 3-gram Jaccard, and that window's word 4-gram Jaccard")
    for k, keys in enumerate(spun):
        skel = shingles([w for w in keys if in_skeleton(w)], 3)
        best = max(source, key=lambda o: jaccard(skel, shingles([w for w in o if in_skeleton(w)], 3)))
        s = jaccard(skel, shingles([w for w in best if in_skeleton(w)], 3))
        if s >= 0.3:
            print(f"  window {k}: skeleton {s:.2f}, words {jaccard(shingles(keys), shingles(best)):.2f}")


if __name__ == "__main__":
    unrelated()
    seeds()
