"""Which shingle size and how many MinHash permutations: dedup's quality and time for each choice.

Why: the issue asks that the word n-gram size of the shingles and the number
of permutations be chosen from measurement.  For each ``shingle_words`` ×
``permutations`` pair (the LSH bands and rows follow from the threshold,
``FingerprintConfig``: 32 bands of 4 rows at 128 and 0.5, the S-curve's
steep point 0.42), ``articlediff.dedup.dedup`` runs on the labelled corpus of
``make_corpus.py`` (real news and Wikipedia text, each source with one
variant of each kind) and the row shows pairwise precision, recall by kind
(as ``dedup_quality.py`` scores them), candidate pairs, and wall time.  The
settings that meet every target are listed, best mean recall first.

    .venv/bin/python -m pip install --no-deps gensim    # real text for make_corpus (read as data)
    .venv/bin/python bench/dedup_settings.py                       # 15 settings, about 30 s on 2 cores
    .venv/bin/python bench/dedup_settings.py --seeds 1 2 --words 4 5 6 --permutations 128
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402
from dedup_quality import PRECISION_TARGET, RECALL_TARGETS, score  # noqa: E402

from articlediff.dedup import FingerprintConfig, dedup  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[3, 4, 5, 6, 7], help="shingle sizes (words)")
    parser.add_argument("--permutations", type=int, nargs="+", default=[64, 128, 256], help="MinHash permutations")
    parser.add_argument("--seeds", type=int, nargs="+", default=[make_corpus.DEFAULT_SEED], help="corpus seeds")
    parser.add_argument("--sources", type=int, default=make_corpus.DEFAULT_SOURCES)
    args = parser.parse_args()
    kinds = list(RECALL_TARGETS)
    meeting = []
    for seed in args.seeds:
        documents, labels = make_corpus.make_corpus(args.sources, seed)
        dedup(documents[:50])  # warm the lexicon and the worker start-up before timing
        print(f"\ncorpus seed {seed}: {len(documents):,} documents, {args.sources} sources")
        print(f"{'n':>3} {'perm':>5} {'prec':>6} " + " ".join(f"{k[:9]:>9}" for k in kinds) + f" {'cand':>7} {'time':>6}")
        for n in args.words:
            for perms in args.permutations:
                t0 = time.perf_counter()
                result = dedup(documents, config=FingerprintConfig(shingle_words=n, permutations=perms))
                wall = time.perf_counter() - t0
                precision, recall = score(documents, labels, result)
                print(f"{n:>3} {perms:>5} {precision:>6.3f} " + " ".join(f"{recall.get(k, 0):>9.3f}" for k in kinds)
                      + f" {result.candidate_pairs:>7,} {wall:>5.1f}s")  # fmt: skip
                ok = precision >= PRECISION_TARGET and all(recall.get(k, 0) >= t for k, t in RECALL_TARGETS.items())
                if ok:
                    meeting.append((sum(recall[k] for k in kinds) / len(kinds), -wall, seed, n, perms))
    print("\nmeeting every target (precision >= 0.99; recall 0.99 exact and re-typeset, 0.95 truncated and edited, "
          "0.90 spun, 0.80 partial), best mean recall first:")  # fmt: skip
    for mean, wall, seed, n, perms in sorted(meeting, reverse=True):
        print(f"   seed {seed}: {n} words x {perms} permutations: mean recall {mean:.3f}, {-wall:.1f} s")
    if not meeting:
        print("   none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
