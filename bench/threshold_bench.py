"""How well the sentence scorers separate matching from different sentences, threshold by threshold.

Why: the aligner pairs two sentences when their score reaches
``articlediff.align.DEFAULT_THRESHOLD``.  This script shows what that
threshold (and its neighbours, 40 to 80) buys on

1. the hand-labelled pairs in tests/data/sentence_pairs.jsonl: precision,
   recall and F1 for the default scorer ``passage_score`` and for its two
   halves, ``word_score`` and ``char_score``, over all pairs and again
   without the ``paraphrase`` and ``merge`` positives (a character-similarity
   matcher is not expected to catch those: the aligner's one-to-many step or
   later paraphrase work must);
2. synthetic pairs, because the labelled file has only 17 positives: seed
   sentences against spun copies with 15%, 25% and 35% of their content
   words replaced by other words of the seeds (recall), and every pair of
   different seed sentences (false-positive rate).

Sentences are scored as the aligner sees them: the view of a sentence is
``vocab.view([w.key for w in iter_words(text)])``, as in compare.py.

    .venv/bin/python bench/threshold_bench.py
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re

import _corpus

from articlediff.align import DEFAULT_THRESHOLD
from articlediff.score import Vocabulary, char_score, passage_score, word_score
from articlediff.segment import iter_words

PAIRS_FILE = _corpus.ROOT / "tests" / "data" / "sentence_pairs.jsonl"
THRESHOLDS = list(range(40, 81, 5))
SCORERS = {"passage": passage_score, "word": word_score, "char": char_score}
NOT_EXPECTED = {"paraphrase", "merge"}  # positives a character-similarity matcher should not be judged on
SPIN_FRACTIONS = (0.15, 0.25, 0.35, 0.50)  # 50% shows where recall gives way
SPIN_COPIES = 3  # spun copies made of each sentence at each fraction
MIN_WORDS = 6  # shortest seed sentence used in the synthetic section
RANDOM_SEED = 20240601
TIMESTAMP = re.compile(r"published at \d{1,2}:\d{2} Greenwich Mean Time")

vocab = Vocabulary()


def view(text: str):
    return vocab.view([w.key for w in iter_words(text)])


def scores_of(pairs: list[tuple[str, str]]) -> dict[str, list[float]]:
    """Each scorer's score for each ``(a, b)`` text pair."""
    views = [(view(a), view(b)) for a, b in pairs]
    return {name: [f(va, vb) for va, vb in views] for name, f in SCORERS.items()}


def changed_share(a: str, b: str) -> float:
    """Share of the words of ``a`` that differ in ``b`` (a spun copy has the same number of words)."""
    ka, kb = [w.key for w in iter_words(a)], [w.key for w in iter_words(b)]
    return sum(x != y for x, y in zip(ka, kb)) / len(ka)


def prf(scores: list[float], labels: list[int], t: float) -> tuple[int, int, float, float, float]:
    """True positives, false positives, precision, recall and F1 when ``score >= t`` means a match."""
    tp = sum(1 for s, y in zip(scores, labels) if s >= t and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= t and not y)
    pos = sum(labels)
    p = tp / (tp + fp) if tp + fp else math.nan
    r = tp / pos if pos else math.nan
    f = 2 * p * r / (p + r) if tp else 0.0
    return tp, fp, p, r, f


def best_interval(scores: list[float], labels: list[int]) -> tuple[float, float, float]:
    """The highest F1 over all thresholds, and the range (lo, hi] of thresholds that reach it."""
    cuts = sorted(set(scores))
    best = max(prf(scores, labels, c)[4] for c in cuts)
    reach = [c for c in cuts if prf(scores, labels, c)[4] == best]
    lo = max((s for s in cuts if s < reach[0]), default=0.0)
    return best, lo, reach[-1]


def mark(t: float) -> str:
    return "*" if t == DEFAULT_THRESHOLD else " "


def fmt(x: float) -> str:
    return "   -" if math.isnan(x) else f"{x:4.2f}"


def labelled_table(title: str, rows: list[dict]) -> tuple[dict[str, list[float]], list[int]]:
    labels = [r["label"] for r in rows]
    scores = scores_of([(r["a"], r["b"]) for r in rows])
    print(f"\n{title}: {len(rows)} pairs, {sum(labels)} positive, {len(rows) - sum(labels)} negative")
    print(f"{'thr':>5} | {'passage_score (default)':^27} | {'word_score':^16} | {'char_score':^16}")
    print(
        f"{'':>5} | {'TP':>3} {'FP':>3} {'P':>5} {'R':>4} {'F1':>4} | {'P':>5} {'R':>4} {'F1':>4} | "
        f"{'P':>5} {'R':>4} {'F1':>4}"
    )
    for t in THRESHOLDS:
        cells = []
        for name in SCORERS:
            tp, fp, p, r, f = prf(scores[name], labels, t)
            lead = f"{tp:>3} {fp:>3} " if name == "passage" else ""
            cells.append(f"{lead}{fmt(p):>5} {fmt(r)} {fmt(f)}")
        print(f"{t:>4}{mark(t)} | " + " | ".join(cells))
    return scores, labels


def real_pairs() -> None:
    rows = [json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("=" * 78)
    print(f"Labelled pairs ({PAIRS_FILE.relative_to(_corpus.ROOT)}); * = DEFAULT_THRESHOLD {DEFAULT_THRESHOLD:g}")
    print("=" * 78)
    labelled_table("All pairs", rows)
    kept = [r for r in rows if r["kind"] not in NOT_EXPECTED]
    scores, labels = labelled_table("Without paraphrase/merge positives (spun, spun+edited vs all negatives)", kept)

    print("\nThreshold maximising F1 on spun/edited/spun+edited positives vs all negatives:")
    for name in SCORERS:
        grid = {t: prf(scores[name], labels, t)[4] for t in THRESHOLDS}
        top = max(grid.values())
        best, lo, hi = best_interval(scores[name], labels)
        print(f"  {name + '_score':<14} grid 40..80: {', '.join(str(t) for t in THRESHOLDS if grid[t] == top)} "
              f"(F1 {top:.2f}); any threshold in ({lo:.1f}, {hi:.1f}] gives F1 {best:.2f}")

    all_scores = scores_of([(r["a"], r["b"]) for r in rows])
    order = sorted(range(len(rows)), key=lambda k: -all_scores["passage"][k])
    print("\nPositives, and the highest-scoring negatives (passage / word / char):")
    negatives_shown = 0
    for k in order:
        r = rows[k]
        if not r["label"]:
            if negatives_shown >= 6:
                continue
            negatives_shown += 1
        s = [all_scores[n][k] for n in SCORERS]
        print(f"  {r['id']} {r['label']} {r['kind']:<13} {s[0]:5.1f} {s[1]:5.1f} {s[2]:5.1f}  {r['a'][:44]!r}")


def synthetic_pairs() -> None:
    rng = random.Random(RANDOM_SEED)
    words = _corpus.vocabulary()
    sentences = sorted({s for s in _corpus.seed_sentences() if _corpus.word_count(s) >= MIN_WORDS})
    spun, share = {}, {}
    for f in SPIN_FRACTIONS:
        pairs = [(s, _corpus.spin(s, f, words, rng)) for s in sentences for _ in range(SPIN_COPIES)]
        spun[f] = scores_of(pairs)
        share[f] = sum(changed_share(a, b) for a, b in pairs) / len(pairs)

    # Negatives: every pair of different seed sentences, except those the labelled file says correspond.
    rows = [json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    positives = [(r["a"], r["b"]) for r in rows if r["label"]]

    def overlaps(x: str, y: str) -> bool:
        return x in y or y in x

    def corresponds(x: str, y: str) -> bool:
        return any(
            (overlaps(x, a) and overlaps(y, b)) or (overlaps(x, b) and overlaps(y, a)) for a, b in positives
        )

    candidates = [(x, y) for x, y in itertools.combinations(sentences, 2) if not corresponds(x, y)]
    negative_pairs = [(x, y) for x, y in candidates if not (TIMESTAMP.fullmatch(x) and TIMESTAMP.fullmatch(y))]
    negatives = scores_of(negative_pairs)

    print("\n" + "=" * 78)
    print(f"Synthetic pairs: {len(sentences)} seed sentences of {MIN_WORDS}+ words; {SPIN_COPIES} spun copies each")
    print("per fraction of content words replaced (recall of copy vs original); FPR over all")
    print(f"{len(negative_pairs):,} pairs of different seed sentences (labelled correspondences left out, and the")
    print(f"{len(candidates) - len(negative_pairs)} pairs of two 'published at HH:MM Greenwich Mean Time' markers, which differ")
    print("only by the time and score about 90 with every scorer)")
    print("Replacing " + ", ".join(f"{int(100 * f)}%" for f in SPIN_FRACTIONS) + " of the content words replaces "
          + ", ".join(f"{share[f]:.0%}" for f in SPIN_FRACTIONS) + " of all words")
    print("=" * 78)
    head = " ".join(f"{f'r{int(100 * f)}%':>5}" for f in SPIN_FRACTIONS)
    width = 6 * len(SPIN_FRACTIONS) + 8
    print(f"{'thr':>5} | {'passage_score (default)':^{width + 4}} | {'word_score':^{width}} | {'char_score':^{width}}")
    print(f"{'':>5} | {head} {'FPR':>7} {'FP':>4} | {head} {'FPR':>7}  | {head} {'FPR':>7}")
    for t in THRESHOLDS:
        cells = []
        for name in SCORERS:
            recalls = " ".join(f"{sum(s >= t for s in spun[f][name]) / len(spun[f][name]):5.2f}" for f in SPIN_FRACTIONS)
            fp = sum(s >= t for s in negatives[name])
            fpr = f"{fp / len(negative_pairs):7.2%}"
            cells.append(f"{recalls} {fpr} {fp:>4}" if name == "passage" else f"{recalls} {fpr} ")
        print(f"{t:>4}{mark(t)} | " + " | ".join(cells))

    top = sorted(range(len(negative_pairs)), key=lambda k: -negatives["passage"][k])[:5]
    print("\nHighest-scoring different-sentence pairs (passage_score):")
    for k in top:
        x, y = negative_pairs[k]
        print(f"  {negatives['passage'][k]:5.1f}  {x[:60]!r}\n         {y[:60]!r}")


if __name__ == "__main__":
    real_pairs()
    synthetic_pairs()
