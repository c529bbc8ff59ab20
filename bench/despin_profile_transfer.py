"""How much of another article's spinning a profile learned from one article pair undoes, by spin rate.

Issue 17's target: a profile learned from one article pair must restore at
least half of the swaps the same spinner makes in another article, at
≥ 95% precision.  For each spin rate, every ordered pair of different
articles (seeds 001-004 and eight Lee news stories) spun with one fixed
dictionary (``spinner.FixedSpinner``, dictionary seed 2: the profile
weights were fitted on seed 1) learns a profile on the first and cleans the
second with it (``clean(spun, spinner=profile)``, the default bar).  It
prints the precision of the applied profile repairs, their recall (spun
spans restored / spun spans), the *ceiling* (the share of the second
article's swaps that the first article shows at all: what any profile
learned from it could know) and the recall within that ceiling.  Then the
same for seed 000's real spinner: a profile learned from half of seed 000's
lines that 001 confirms, applied to the other half.

    .venv/bin/python bench/despin_profile_transfer.py            # about 3 minutes
    .venv/bin/python bench/despin_profile_transfer.py --quick    # seeds only, about 30 s
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _calibration import label_proposals
from _corpus import seed_texts
from _despin import real_spin_lines
from _labelled import _swap, fixed_dictionary, profile_transfer_pairs, real

from articlediff import clean
from articlediff.normalise.profile import learn_pairs, learn_profile

RATES = (0.3, 0.6, 0.9)


def transfer(pairs) -> dict:
    applied = right = restored = spans = shared = 0
    shared_restored = 0
    for pair in pairs:
        profile = learn_profile(pair.learn.spun, pair.learn.source)
        cleaned = clean(pair.apply.spun, stages="despin", spinner=profile)
        result = label_proposals(pair.apply, cleaned)
        hits = set()
        for p in result.labelled:
            if p.applied and p.reason.startswith("spinner profile"):
                applied += 1
                right += p.label == "right"
                if p.label == "right":
                    hits.update(p.spans)
        spans += len(pair.apply.spans)
        shared += len(pair.shared)
        restored += len(hits)
        shared_restored += len(hits & set(pair.shared))
    return dict(applied=applied, right=right, restored=restored, spans=spans, shared=shared, shared_restored=shared_restored)


def real_halves() -> None:
    """Seed 000's confirmed lines: learn on one half (against 001's lines), apply to the other half, both ways."""
    (item,) = real()
    spun, _, spun_lines, source_lines = real_spin_lines(seed_texts())
    half = len(spun_lines) // 2
    print("\nseed 000 (a real spinner): a profile learned on some of its seven confirmed lines, applied to the others")
    print(f"{'learned on':>12} {'applied to':>12} {'swaps':>6} {'spans':>6} {'applied':>8} {'right':>6} {'restored':>9}")
    for learn, apply in ((range(0, half), range(half, len(spun_lines))), (range(half, len(spun_lines)), range(0, half))):
        spun_part = "\n\n".join(spun[spun_lines[k][1] : spun_lines[k][2]] for k in learn)
        source_part = "\n\n".join(source_lines[k] for k in learn)
        profile = learn_profile(spun_part, source_part)
        lo, hi = spun_lines[apply[0]][1], spun_lines[apply[-1]][2]
        cleaned = clean(spun, stages="despin", spinner=profile)
        labelled = [p for p in label_proposals(item, cleaned).labelled
                    if lo <= p.start < hi and p.applied and p.reason.startswith("spinner profile")]  # fmt: skip
        spans = [s for s in item.spans if lo <= s.start < hi]
        restored = {k for p in labelled if p.label == "right" for k in p.spans}
        name = lambda r: f"lines {r[0] + 1}-{r[-1] + 1}"  # noqa: E731
        print(f"{name(learn):>12} {name(apply):>12} {len(profile):>6} {len(spans):>6} {len(labelled):>8} "
              f"{sum(p.label == 'right' for p in labelled):>6} {len(restored):>9}")
        for p in labelled:
            print(f"      [{p.label}] {p.before!r} → {p.after!r} ({p.confidence:.2f})")


def by_pairs_learned(rate: float, news: bool, counts=(1, 2, 4, 8)) -> None:
    """Recall as the profile grows: learned from k other articles of the same spinner, applied to one more."""
    items = fixed_dictionary(2, rate, news)
    print(f"\nrate {rate}: a profile learned from k articles, applied to each other article ({len(items)} articles)")
    print(f"{'k':>3} {'applied':>8} {'precision':>10} {'recall':>8} {'ceiling':>8}")
    for k in counts:
        if k >= len(items):
            break
        applied = right = restored = spans = ceiling = 0
        for n, target in enumerate(items):
            others = [items[(n + 1 + j) % len(items)] for j in range(k)]
            profile = learn_pairs([(o.spun, o.source, o.name) for o in others])
            seen = {_swap(s) for o in others for s in o.spans}
            cleaned = clean(target.spun, stages="despin", spinner=profile)
            hits = set()
            for p in label_proposals(target, cleaned).labelled:
                if p.applied and p.reason.startswith("spinner profile"):
                    applied += 1
                    right += p.label == "right"
                    if p.label == "right":
                        hits.update(p.spans)
            spans += len(target.spans)
            ceiling += sum(_swap(s) in seen for s in target.spans)
            restored += len(hits)
        precision = right / applied if applied else float("nan")
        print(f"{k:>3} {applied:>8} {precision:>10.1%} {restored / spans:>8.1%} {ceiling / spans:>8.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="seed articles only, rates 0.3 and 0.9")
    args = parser.parse_args()
    rates = (0.3, 0.9) if args.quick else RATES
    print(f"{'rate':>5} {'pairs':>6} {'applied':>8} {'precision':>10} {'recall':>8} {'ceiling':>8} {'recall in ceiling':>18}")
    for rate in rates:
        pairs = profile_transfer_pairs(dictionary_seeds=(2,), rate=rate, news=not args.quick)
        t = transfer(pairs)
        precision = t["right"] / t["applied"] if t["applied"] else float("nan")
        print(f"{rate:>5.1f} {len(pairs):>6} {t['applied']:>8} {precision:>10.1%} {t['restored'] / t['spans']:>8.1%} "
              f"{t['shared'] / t['spans']:>8.1%} {t['shared_restored'] / max(1, t['shared']):>18.1%}")
    for rate in rates:
        by_pairs_learned(rate, news=not args.quick)
    real_halves()


if __name__ == "__main__":
    main()
