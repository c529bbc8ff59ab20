"""How well the paraphrase scorer separates same-content sentence pairs from different ones, and how fast it is.

Why: ``articlediff.score.passage_score`` (characters and word order) catches
copies, edits and synonym spinning but not a reworded report of the same fact.
``articlediff.paraphrase.paraphrase_score`` compares content words with
synonym folding and rarity weights instead.  This script gives the figures
behind ``PARAPHRASE_THRESHOLD`` and docs/paraphrase.md:

1. the hand-labelled pairs in tests/data/paraphrase_pairs.jsonl: precision,
   recall and F1 threshold by threshold for both scorers, each scorer's
   best-F1 threshold, and the same split by kind (seed negatives, handwritten
   negatives);
2. the *background*: every pair of sentences across seeds 002/003, 002/004,
   003/004 and 001/004 (one story, or the same names and topics, and almost no
   shared content) that neither labelled file marks as corresponding.  The
   aligner scores candidate pairs like these far more often than true
   paraphrases, so the share of them over the threshold (FPR) decides how
   many false pairs a threshold lets in.  The threshold rule (the middle of
   the range of thresholds whose F1, background included, is near its best)
   is printed with its result; and, for each cross-seed paraphrase, the rank
   of its partner among all sentences of the other seed;
3. ablations of the paraphrase scorer (no synonyms, no rarity weights,
   names weighted as ordinary words, a blend with RapidFuzz
   ``token_set_ratio`` over the content stems), as ROC AUC;
4. microseconds per pair (views cached, as the aligner sees them) and per new
   view, on one CPU.

Sentences are scored as the aligner sees them: ``vocab.view([w.key for w in
iter_words(text)])``, as in compare.py.

    .venv/bin/python bench/paraphrase_bench.py
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from functools import partial

import _corpus
import _timing
from rapidfuzz import fuzz
from threshold_bench import prf  # the same precision/recall/F1 as the matching threshold's

from articlediff import paraphrase
from articlediff.paraphrase import PARAPHRASE_THRESHOLD, paraphrase_score, paraphrase_similarity
from articlediff.score import Vocabulary, passage_score
from articlediff.segment import iter_words, segment

PAIRS_FILE = _corpus.ROOT / "tests" / "data" / "paraphrase_pairs.jsonl"
SENTENCE_PAIRS_FILE = _corpus.ROOT / "tests" / "data" / "sentence_pairs.jsonl"
THRESHOLDS = [10, 15, 20, 25, 27.5, 30, 32.5, 35, 37.5, 40, 45, 50, 55, 60, 70]
PASSAGE_THRESHOLD = 55.0  # articlediff.align.DEFAULT_THRESHOLD, the aligner's threshold for passage_score
BACKGROUND_SEEDS = (("002", "003"), ("002", "004"), ("003", "004"), ("001", "004"))
FIRST_STORY_SENTENCE_002 = 9  # 002's sentences before this are the publisher's donation appeal
TIMING_ROUNDS = 5
PLATEAU = 0.02  # the threshold is the middle of the range whose F1+bg is within this of the best

vocab = Vocabulary()


def view(text: str):
    return vocab.view([w.key for w in iter_words(text)])


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def best_f1(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """The highest F1 over all thresholds and the highest threshold reaching it."""
    cuts = sorted(set(scores))
    best = max(prf(scores, labels, c)[4] for c in cuts)
    return best, max(c for c in cuts if prf(scores, labels, c)[4] == best)


def auc(pos: list[float], neg: list[float]) -> float:
    """ROC AUC: the chance that a random positive outscores a random negative (ties count half)."""
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def fmt(x: float) -> str:
    return "   -" if math.isnan(x) else f"{x:4.2f}"


def background_pairs(rows: list[dict]) -> list[tuple[str, str]]:
    """Cross-seed sentence pairs that neither labelled file marks as corresponding (the aligner's usual candidates)."""
    known = [(r["a"], r["b"]) for r in rows if r["label"] == "paraphrase"]
    known += [(r["a"], r["b"]) for r in read_jsonl(SENTENCE_PAIRS_FILE) if r["label"] == 1]

    def inside(x: str, y: str) -> bool:
        return x in y or y in x

    def corresponds(x: str, y: str) -> bool:
        return any((inside(x, a) and inside(y, b)) or (inside(x, b) and inside(y, a)) for a, b in known)

    sentences = {k: [s.text for s in segment(v)] for k, v in _corpus.seed_texts().items()}
    sentences["002"] = sentences["002"][FIRST_STORY_SENTENCE_002:]
    return [(x, y) for sa, sb in BACKGROUND_SEEDS for x in sentences[sa] for y in sentences[sb] if not corresponds(x, y)]


def labelled(rows, views, bg_views) -> None:
    labels = [r["label"] == "paraphrase" for r in rows]
    scorers = {"passage_score": passage_score, "paraphrase_score": paraphrase_score}
    scores = {n: [f(a, b) for a, b in views] for n, f in scorers.items()}
    bg = {n: [f(a, b) for a, b in bg_views] for n, f in scorers.items()}
    n_pos = sum(labels)
    print("=" * 100)
    print(f"Labelled pairs ({PAIRS_FILE.relative_to(_corpus.ROOT)}): {len(rows)} pairs, {n_pos} paraphrase, "
          f"{len(rows) - n_pos} different")
    print(f"Background: {len(bg_views):,} cross-seed sentence pairs of seeds "
          + ", ".join(f"{a}/{b}" for a, b in BACKGROUND_SEEDS) + " not labelled as corresponding")
    print(f"* = PARAPHRASE_THRESHOLD {PARAPHRASE_THRESHOLD:g};  bgFPR = share of background pairs at or over the threshold")
    print("=" * 100)
    print("F1+bg = F1 with the background pairs added to the labelled negatives (the mix the aligner meets)")
    print("=" * 100)
    print(f"{'thr':>5} | {'passage_score':^42} | {'paraphrase_score':^42}")
    columns = f"{'TP':>3} {'FP':>3} {'P':>5} {'R':>4} {'F1':>4} {'bgFPR':>7} {'F1+bg':>5}"
    print(f"{'':>5} | " + " | ".join(columns for _ in scorers))
    mixed = {n: scores[n] + bg[n] for n in scorers}
    mixed_labels = labels + [False] * len(bg_views)
    for t in THRESHOLDS:
        cells = []
        for n in scorers:
            tp, fp, p, r, f = prf(scores[n], labels, t)
            fpr = sum(s >= t for s in bg[n]) / len(bg[n])
            cells.append(f"{tp:>3} {fp:>3} {fmt(p):>5} {fmt(r)} {fmt(f)} {fpr:7.2%} {prf(mixed[n], mixed_labels, t)[4]:5.2f}")
        print(f"{t:>4g}{'*' if t == PARAPHRASE_THRESHOLD else ' '} | " + " | ".join(cells))

    grid = [x / 2 for x in range(2 * THRESHOLDS[0], 2 * THRESHOLDS[-1] + 1)]
    f1s = {t: prf(mixed["paraphrase_score"], mixed_labels, t)[4] for t in grid}
    top = max(f1s.values())
    plateau = [t for t in grid if f1s[t] >= top - PLATEAU]
    middle = (plateau[0] + plateau[-1]) / 2
    print(f"\nThreshold rule: paraphrase_score's F1+bg peaks at {top:.3f} (at {max(f1s, key=f1s.get):g}); thresholds within "
          f"{PLATEAU} of it span {plateau[0]:g}..{plateau[-1]:g}; the middle, {middle:g}, rounded to a multiple of 2.5 is "
          f"{2.5 * round(middle / 2.5):g} (PARAPHRASE_THRESHOLD = {PARAPHRASE_THRESHOLD:g})")

    print("\nAt each scorer's own threshold, and at its best-F1 threshold on the labelled pairs:")
    for n, t in (("passage_score", PASSAGE_THRESHOLD), ("paraphrase_score", PARAPHRASE_THRESHOLD)):
        tp, fp, p, r, f = prf(scores[n], labels, t)
        fpr = sum(s >= t for s in bg[n]) / len(bg[n])
        bf, bt = best_f1(scores[n], labels)
        _, _, bp, br, _ = prf(scores[n], labels, bt)
        bfpr = sum(s >= bt for s in bg[n]) / len(bg[n])
        print(f"  {n:<17} at {t:4.1f}: P {p:.2f} R {r:.2f} F1 {f:.2f} bgFPR {fpr:6.2%}   "
              f"best F1 {bf:.2f} at {bt:4.1f} (P {bp:.2f} R {br:.2f}, bgFPR {bfpr:6.2%})")

    print("\nROC AUC (threshold-free): paraphrases against ...")
    print(f"  {'scorer':<17} {'all labelled':>13} {'seed negs':>10} {'handwritten':>12} {'background':>11}")
    for n in scorers:
        pos = [s for s, y in zip(scores[n], labels) if y]
        seed_neg = [s for s, y, r in zip(scores[n], labels, rows) if not y and r["source"] != "handwritten"]
        hand_neg = [s for s, y, r in zip(scores[n], labels, rows) if not y and r["source"] == "handwritten"]
        neg = seed_neg + hand_neg
        print(f"  {n:<17} {auc(pos, neg):13.3f} {auc(pos, seed_neg):10.3f} {auc(pos, hand_neg):12.3f} {auc(pos, bg[n]):11.3f}")

    print("\nParaphrase recall by kind at the threshold (paraphrase_score / passage_score at 55):")
    for kind in sorted({r["kind"] for r in rows if r["label"] == "paraphrase"}):
        ks = [k for k, r in enumerate(rows) if r["label"] == "paraphrase" and r["kind"] == kind]
        hit = sum(scores["paraphrase_score"][k] >= PARAPHRASE_THRESHOLD for k in ks)
        hit_p = sum(scores["passage_score"][k] >= PASSAGE_THRESHOLD for k in ks)
        print(f"  {kind:<10} {hit:>2}/{len(ks):<2}  {hit_p:>2}/{len(ks)}")

    print("\nCross-seed paraphrases: rank of the labelled partner among all sentences of the other seed (1 = best match),")
    print("from each side, as an aligner choosing the best partner would see it (passage_score / paraphrase_score):")
    sentences = {k: [s.text for s in segment(v)] for k, v in _corpus.seed_texts().items()}
    ranks = {n: [] for n in scorers}
    for r in rows:
        if r["label"] != "paraphrase" or not r["a_seed"] or r["a_seed"] == r["b_seed"]:
            continue
        cells = []
        for n, f in scorers.items():
            for x, y, seed in ((r["a"], r["b"], r["b_seed"]), (r["b"], r["a"], r["a_seed"])):
                target = f(view(x), view(y))
                rank = 1 + sum(f(view(x), view(z)) > target for z in sentences[seed] if z not in y and y not in z)
                ranks[n].append(rank)
                cells.append(f"{rank:>2}")
        print(f"  {r['id']} {r['source']:<14} " + " ".join(cells[:2]) + " / " + " ".join(cells[2:]))
    for n in scorers:
        print(
            f"  {n:<17} top-1 in {sum(k == 1 for k in ranks[n])}/{len(ranks[n])}, "
            f"top-3 in {sum(k <= 3 for k in ranks[n])}/{len(ranks[n])}"
        )

    print("\nHighest-scoring 'different' pairs and lowest-scoring paraphrases (paraphrase_score):")
    order = sorted(range(len(rows)), key=lambda k: -scores["paraphrase_score"][k])
    worst = [k for k in order if not labels[k]][:6] + [k for k in reversed(order) if labels[k]][:6]
    for k in worst:
        r = rows[k]
        print(f"  {r['id']} {r['label']:<10} {scores['paraphrase_score'][k]:5.1f}  {r['a'][:48]!r} | {r['b'][:48]!r}")


def ablations(rows, views, bg_views) -> None:
    labels = [r["label"] == "paraphrase" for r in rows]

    def token_set(a, b) -> float:
        x, y = (" ".join(sorted(paraphrase.profile(v.text).stems)) for v in (a, b))
        return fuzz.token_set_ratio(min(x, y), max(x, y))

    def measure(name: str, scorer, **changes) -> None:
        if changes:  # other weights: a ParaphraseSettings value bound to the scorer, the module left as it is
            scorer = partial(scorer, settings=replace(paraphrase.DEFAULT_SETTINGS, **changes))
        s = [scorer(a, b) for a, b in views]
        bg = [scorer(a, b) for a, b in bg_views]
        pos = [x for x, y in zip(s, labels) if y]
        neg = [x for x, y in zip(s, labels) if not y]
        bf, bt = best_f1(s, labels)
        print(f"  {name:<56} {auc(pos, neg):6.3f} {auc(pos, bg):11.3f} {bf:8.2f} at {bt:4.1f}")

    print("\n" + "=" * 100)
    print("Ablations of paraphrase_score: ROC AUC on the labelled pairs and against the background; best F1")
    print("=" * 100)
    print(f"  {'variant':<56} {'AUC':>6} {'AUC vs bg':>11} {'best F1':>8}")
    measure("paraphrase_score as shipped", paraphrase_score)
    measure("no synonyms (synonym_credit 0)", paraphrase_score, synonym_credit=0.0)
    measure("synonyms at full credit (synonym_credit 1)", paraphrase_score, synonym_credit=1.0)
    measure("synonym links for every word (synonym_max_zipf 9)", paraphrase_score, synonym_max_zipf=9.0)
    measure("all 25 thesaurus candidates (synonym_depth 25)", paraphrase_score, synonym_depth=25)
    measure("no rarity weights (every word weighs 1)", paraphrase_score, min_weight=1.0, max_weight=1.0, name_weight=1.0)
    measure("names weigh as much as the rarest words (name_weight 4)", paraphrase_score, name_weight=4.0)
    measure("no cap on names once a word is shared (name_support 1e9)", paraphrase_score, name_support=1e9)
    measure("both sides only, no containment (containment 0)", paraphrase_score, containment=0.0)
    measure("no short-passage damping (min_content_weight 0.01)", paraphrase_score, min_content_weight=0.01)
    measure("token_set_ratio over content stems alone", token_set)
    measure("0.7 * paraphrase_score + 0.3 * token_set_ratio", lambda a, b: 0.7 * paraphrase_score(a, b) + 0.3 * token_set(a, b))


def load_time() -> float:
    """Seconds the first call takes: it loads the thesaurus and the word frequencies."""
    t0 = time.perf_counter()
    paraphrase_similarity("Starmer wants closer ties.", "Starmer seeks deeper ties.")
    return time.perf_counter() - t0


def timing(views, bg_views, load: float) -> None:
    pairs = views + bg_views
    texts = sorted({v.text for pair in pairs for v in pair})

    def per_view() -> float:
        paraphrase.profile.cache_clear()
        t0 = time.perf_counter()
        for text in texts:
            paraphrase.profile(text)
        return (time.perf_counter() - t0) / len(texts) * 1e6

    paraphrase.content_word.cache_clear()
    cold = per_view()
    warm = per_view()

    def per_pair(scorer) -> float:
        best = math.inf
        for _ in range(TIMING_ROUNDS):
            t = time.perf_counter()
            for a, b in pairs:
                scorer(a, b)
            best = min(best, time.perf_counter() - t)
        return best / len(pairs) * 1e6

    print("\n" + "=" * 100)
    print(f"Speed ({_timing.pin_to_one_cpu()}; best of {TIMING_ROUNDS} rounds over {len(pairs):,} pairs)")
    print("=" * 100)
    print(f"  first call (loads the thesaurus and word frequencies): {load:.2f} s")
    print(f"  profile of a new sentence: {cold:5.1f} µs with new words, {warm:5.1f} µs when its words were seen before "
          f"({len(texts):,} sentences)")
    print(f"  paraphrase_score per pair, profiles cached: {per_pair(paraphrase_score):5.1f} µs")
    print(f"  passage_score per pair:                     {per_pair(passage_score):5.1f} µs")


if __name__ == "__main__":
    first_call = load_time()
    rows = read_jsonl(PAIRS_FILE)
    views = [(view(r["a"]), view(r["b"])) for r in rows]
    bg_views = [(view(a), view(b)) for a, b in background_pairs(rows)]
    labelled(rows, views, bg_views)
    ablations(rows, views, bg_views)
    timing(views, bg_views, first_call)
