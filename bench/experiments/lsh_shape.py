"""LSH bands derived from the threshold: how often a pair exactly at the threshold becomes a candidate.

Why: dedup used 32 bands of 4 rows whatever ``--threshold`` was, so at 0.3 a
pair of Jaccard similarity 0.3 was proposed 23% of the time and most true
pairs were never verified.  ``FingerprintConfig`` now derives the bands from
the threshold (``dedup/config.py``, ``lsh_shape``): the most rows for which
a pair at the threshold is still a candidate at least 85% of the time.

For each threshold this prints the shape chosen, the S-curve's chance at
the threshold for the old 32 x 4 and the new shape, and the share of pairs
that actually share a band, measured on pairs of shingle sets built to
have exactly that Jaccard similarity and signed with articlediff's own
MinHash (``dedup/minhash.py``), banded with its own band keys::

    .venv/bin/python bench/experiments/lsh_shape.py            # about 20 s
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from articlediff.dedup.candidates import band_keys
from articlediff.dedup.config import FingerprintConfig, candidate_chance
from articlediff.dedup.minhash import signatures

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def pairs_at(similarity: float, count: int, size: int, rng: np.random.Generator) -> tuple[list, list]:
    """``count`` pairs of shingle sets of ``size`` each whose Jaccard similarity is ``similarity`` (to rounding)."""
    shared = round(2 * size * similarity / (1 + similarity))  # |A ∩ B| / |A ∪ B| = s with |A| = |B| = size
    a, b = [], []
    for _ in range(count):
        values = rng.integers(1, 2**63, size=2 * size - shared, dtype=np.uint64)
        a.append(values[:size])
        b.append(np.concatenate((values[:shared], values[size:])))
    return a, b


def share_a_band(a: list, b: list, bands: int, permutations: int) -> float:
    """The share of pairs whose signatures agree on all rows of at least one band."""
    sig_a, sig_b = signatures(a, permutations), signatures(b, permutations)
    keys_a, keys_b = band_keys(sig_a, bands), band_keys(sig_b, bands)
    return float((keys_a == keys_b).any(axis=1).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--shingles", type=int, default=300, help="shingles a document (about a 300-word article)")
    args = parser.parse_args()
    rng = np.random.default_rng(16)
    print(f"{args.pairs:,} pairs a threshold, {args.shingles} shingles a document, 128 permutations")
    print(f"{'threshold':>9}  {'shape':>8}  {'32 x 4: chance':>15} {'measured':>9}  {'derived: chance':>16} {'measured':>9}")
    for t in THRESHOLDS:
        config = FingerprintConfig(threshold=t)
        a, b = pairs_at(t, args.pairs, args.shingles, rng)
        old = share_a_band(a, b, 32, 128)
        new = share_a_band(a, b, config.bands, 128)
        shape = f"{config.bands} x {config.rows}"
        print(
            f"{t:>9.1f}  {shape:>8}  {candidate_chance(t, 32, 4):>15.3f} {old:>9.3f}  "
            f"{config.recall(t):>16.3f} {new:>9.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
