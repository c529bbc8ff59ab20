"""Locality-sensitive hashing: candidate pairs from MinHash signatures without comparing every pair.

A signature of ``b × r`` values is cut into ``b`` bands of ``r`` rows; two
documents become candidates when all ``r`` values of some band agree.  Two
documents of Jaccard similarity ``s`` collide in at least one band with
probability ``1 − (1 − s^r)^b``: an S-curve that rises steeply around
``(1/b)^(1/r)``.  With 32 bands of 4 rows (128 permutations) that point is
about 0.42, below the verification threshold, so few true pairs are lost
(a pair at 0.5 collides with probability 0.87, at 0.6 with 0.99) and the
verification step removes the false candidates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import xxhash

#: Bands and rows per band (BANDS × ROWS = the number of permutations).
BANDS = 32
ROWS = 4
#: A bucket with more documents than this is skipped (boilerplate or empty texts that every document shares);
#: exact duplicates are found by content hash, not here.
MAX_BUCKET = 500


def band_keys(signature: np.ndarray, bands: int = BANDS) -> list[int]:
    """One 64-bit key per band of a signature (xxHash of the band's bytes, salted with the band number)."""
    rows = len(signature) // bands
    data = np.ascontiguousarray(signature[: rows * bands]).view(np.uint8).reshape(bands, -1)
    return [xxhash.xxh64_intdigest(data[k].tobytes(), seed=k) for k in range(bands)]


def candidate_pairs(signatures: np.ndarray, bands: int = BANDS) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of rows of ``signatures`` that share a band (each pair once)."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if not sig.any():
            continue  # an empty document
        for band, key in enumerate(band_keys(sig, bands)):
            buckets[band, key].append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair not in seen:
                    seen.add(pair)
                    yield pair
