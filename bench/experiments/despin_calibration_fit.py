"""Fit the calibration of context de-spinning: proposal gain (nats) → share of proposals that are right.

Decision record for ``Judging.calibration`` (src/articlediff/normalise/judging.py)
and ``despin.PROFILE_WEIGHTS``.  It cleans the *tune* split of the labelled
sets (bench/_labelled.py: our spinner's copies of seeds 001-004 with the
tune family of spinner seeds) with every proposal applied
(``force_despin=True, min_confidence=0``), labels each proposal right or
wrong (bench/_calibration.py), fits share right on gain by isotonic
regression, and prints the fitted table as ``Judging.calibration`` points.
The figures in docs/benchmarks.md come from ``bench/despin_calibration.py``,
on the *test* split and on the sets kept apart from this fit.

    .venv/bin/python bench/experiments/despin_calibration_fit.py            # trigram model (about 1 minute)
    .venv/bin/python bench/experiments/despin_calibration_fit.py --profile  # spinner-profile weights (about 1 minute)
    .venv/bin/python bench/experiments/despin_calibration_fit.py --lm smollm2   # SmolLM2's table, small sets (about 20 minutes)
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from _calibration import calibration_rows, clean_kwargs, isotonic_fit, label_proposals
from _labelled import foreign, ours, profile_transfer_pairs

from articlediff import clean
from articlediff.normalise import judging


def context_rows(items, lm: str = "trigram"):
    """(gain, right, capitalised) of every context proposal on ``items``, every proposal applied."""
    rows = []
    for item in items:
        cleaned = clean(item.spun, **clean_kwargs(min_confidence=0.0, lm=lm, force_despin=True, stages="despin"))
        for row in calibration_rows([label_proposals(item, cleaned)]):
            if row.right is not None and row.raw_score is not None:
                rows.append((row.raw_score, row.right, row.features["capitalised"]))
    return rows


def _rows_of_item(args):
    """context_rows of one item, in a worker process (one torch thread: the workers share the cores)."""
    item, lm = args
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    return context_rows([item], lm)


def small_rows(split: str, lm: str, workers: int = 2):
    """SmolLM2's rows on the two shortest seeds (002, 004), our spinner and the foreign one: what a model that
    reads about 35 bytes a second can be calibrated on in minutes."""
    from concurrent.futures import ProcessPoolExecutor

    items = ours(split, replicates=1, names=("002", "004")) + foreign(names=("002", "004"), split=split)
    with ProcessPoolExecutor(workers) as pool:
        return [row for rows in pool.map(_rows_of_item, [(item, lm) for item in items]) for row in rows], len(items)


def fit_smollm2() -> None:
    """SmolLM2's calibration: fitted on the small tune set, measured on the small test set (about 20 minutes)."""
    rows, n = small_rows("tune", "smollm2")
    gains = np.array([g for g, _, _ in rows])
    right = np.array([r for _, r, _ in rows], dtype=float)
    print(f"{len(rows)} labelled SmolLM2 proposals on {n} tune copies; {right.mean():.1%} right overall")
    fit = isotonic_fit(gains, right)
    table = points(fit, gains)
    print("SMOLLM2 calibration =", tuple(table))
    test, m = small_rows("test", "smollm2")
    settings = dataclasses.replace(judging.SMOLLM2, calibration=tuple(table))
    conf = np.array([settings.confidence(g) for g, _, _ in test])
    ok = np.array([r for _, r, _ in test], dtype=float)
    print(f"\nheld out: {len(test)} proposals on {m} test copies")
    for lo, hi in ((0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        mask = (conf >= lo) & (conf < hi)
        if mask.any():
            print(f"{lo:>5.2f}-{min(hi, 1):<6.2f} {int(mask.sum()):>6} {conf[mask].mean():>10.3f} {ok[mask].mean():>12.1%}")


def points(fit, gains) -> list[tuple[float, float]]:
    """The fitted step function as interpolation points: each step's first gain and its share right."""
    out = []
    for start, value, weight in fit.table():
        if weight >= 5 or not out:  # a step of fewer than five proposals is noise: it joins its neighbour
            out.append((round(start, 1), round(value, 3)))
    return out


def fit_context(lm: str) -> None:
    """Fit on the tune copies of two spinners, ours and one with a thesaurus not ours, in equal numbers.

    A real spinner's dictionary is not ours (seed 000's: our lexicon lists
    38% of its swaps; Aiksaurus's: 19%), and nothing in a proposal says
    whether the spinner's original is among its candidates.  Fitted on our
    spinner alone, a 0.8 was right 56% of the time on the foreign one; the
    pooled fit is the mixture a user meets, and errs low on our own copies.
    """
    settings = judging.TRIGRAM if lm == "trigram" else judging.SMOLLM2
    items = ours("tune")
    foreign_items = foreign(replicates=len(items) // 12 or 1, split="tune")[: len(items)]
    if not foreign_items:
        print("warning: no aiksaurus program, so no foreign copies: this fit is ours alone and not the shipped one")
    items += foreign_items
    rows = context_rows(items, lm)
    gains = np.array([g for g, _, _ in rows])
    right = np.array([r for _, r, _ in rows], dtype=float)
    print(f"{len(rows)} labelled proposals on {len(items)} tune copies (ours and foreign); {right.mean():.1%} right overall")
    print(f"{'gain from':>10} {'n':>6} {'share right':>12}")
    edges = [settings.gain, 7, 8, 9, 10, 11, 12, 14, 16, 20, math.inf]
    for lo, hi in zip(edges, edges[1:]):
        mask = (gains >= lo) & (gains < hi)
        if mask.any():
            print(f"{lo:>10.1f} {int(mask.sum()):>6} {right[mask].mean():>12.1%}")
    fit = isotonic_fit(gains, right)
    table = points(fit, gains)
    print("\nJudging.calibration =", tuple(table))
    for bar in (0.8, 0.9, 0.95):
        above = [g for g, p in table if p >= bar]
        print(f"  share right ≥ {bar}: from gain {above[0] if above else 'never'}")


def profile_rows(dictionary_seed: int):
    """(features, right) of every profile proposal on the transfer pairs of one dictionary, all applied."""
    from articlediff.normalise.profile import form_key, learn_profile
    from articlediff.normalise.wordstats import zipf

    X, y = [], []
    for pair in profile_transfer_pairs(dictionary_seeds=(dictionary_seed,)):
        profile = learn_profile(pair.learn.spun, pair.learn.source)
        cleaned = clean(pair.apply.spun, stages="despin", lm="trigram", spinner=profile, min_confidence=0.0)
        for p in label_proposals(pair.apply, cleaned).labelled:
            if p.right is None or not p.reason.startswith("spinner profile"):
                continue
            made, kept, share, gain = _evidence(p.reason, profile, form_key)
            frequency = min(zipf(w) for w in p.before.lower().split())
            X.append([1.0, math.log(made + 0.5), -math.log(kept + 0.5), math.log(share), max(-10, min(10, gain)), frequency])
            y.append(float(p.right))
    return np.array(X), np.array(y)


def fit_profile() -> None:
    """Logistic regression of right on the profile evidence: fitted on dictionary seed 1, measured on seed 2."""
    from articlediff.normalise import despin

    X, y = profile_rows(1)
    w = np.zeros(X.shape[1])
    for _ in range(50):  # Newton's method for the logistic log-likelihood, lightly regularised
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (y - p) - 0.01 * w
        hess = -(X.T * (p * (1 - p))) @ X - 0.01 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    print(f"{len(y)} labelled profile proposals on the pairs of dictionary 1; {y.mean():.1%} right")
    print("PROFILE_WEIGHTS =", tuple(round(float(v), 3) for v in w))
    print("current:", despin.PROFILE_WEIGHTS)
    X2, y2 = profile_rows(2)
    p2 = 1 / (1 + np.exp(-X2 @ w))
    print(f"\nheld out: {len(y2)} proposals on the pairs of dictionary 2")
    print(f"{'confidence':>12} {'n':>6} {'mean conf':>10} {'share right':>12}")
    for lo, hi in ((0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        m = (p2 >= lo) & (p2 < hi)
        if m.any():
            print(f"{lo:>5.2f}-{min(hi, 1):<6.2f} {int(m.sum()):>6} {p2[m].mean():>10.3f} {y2[m].mean():>12.1%}")
    m = p2 >= 0.95
    print(f"at the 0.95 bar: {int(m.sum())} applied, {y2[m].mean():.1%} right")


def _evidence(reason: str, profile, form_key):
    """(made, kept, share, gain) as the reason of a profile repair states them."""
    import re

    found = re.search(r"of its (\d+) swaps", reason) or re.search(r" (\d+) times?", reason)
    made = int(found.group(1))
    kept = int(re.search(r"unchanged (\d+) time", reason).group(1))
    gain = float(re.search(r"finds it ([-+]?\d+(?:\.\d+)?) nats", reason).group(1))
    share_match = re.search(r"share ([\d.]+)", reason)
    return made, kept, float(share_match.group(1)) if share_match else 1.0, gain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="store_true", help="fit the spinner-profile weights instead")
    parser.add_argument("--lm", default="trigram", choices=("trigram", "smollm2"))
    args = parser.parse_args()
    if args.profile:
        fit_profile()
    elif args.lm == "smollm2":
        fit_smollm2()
    else:
        fit_context(args.lm)


if __name__ == "__main__":
    main()
