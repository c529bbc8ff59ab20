"""MinHash signatures of documents' word shingles, computed with numpy.

A document becomes the set of its word ``n``-grams (shingles) over the
matching view (each word's matching key: case, accents, quotes and dashes
folded), so re-typesetting does not change it.  Each word key is hashed
once with xxHash64 (stable across runs and machines, unlike Python's
``hash``); a shingle's 64-bit hash combines its words' hashes with fixed
odd multipliers, in one vectorised pass over the document.

MinHash estimates the Jaccard similarity of two shingle sets from
``permutations`` hash functions: for each, the smallest hashed shingle;
two documents agree on a function with probability equal to their Jaccard
similarity.  The functions are ``(a·x + b) mod 2^64`` with fixed random odd
``a`` (multiply-add hashing; numpy's uint64 arithmetic wraps), and a
signature keeps the top 32 bits of each minimum (enough to estimate
similarity, half the storage).  Many documents are signed at once: their
shingles are concatenated and ``np.minimum.reduceat`` takes each
document's minima.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xxhash

from ..normalise.lexicon import spinnable_words
from ..normalise.wordstats import zipf
from ..segment import iter_words

#: Words per shingle.
SHINGLE_WORDS = 5
#: Words at least this common (Zipf) stay in a document's spin-proof skeleton even if a thesaurus lists them.
SKELETON_ZIPF = 6.3
#: Hash functions per signature.
PERMUTATIONS = 128
#: Shingles signed together (the hash matrix is permutations × this many uint64).
CHUNK = 65_536
_SEED = 20250601


def _params(permutations: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=permutations, dtype=np.uint64)
    return a, b


_A, _B = _params(PERMUTATIONS)
_MULTIPLIERS = np.random.default_rng(_SEED + 1).integers(1, 2**63, size=16, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_WORD_HASHES: dict[str, int] = {}


def word_keys(text: str) -> list[str]:
    """The matching view of a text: its words' matching keys."""
    return [w.key for w in iter_words(text)]


def skeleton(keys: Sequence[str]) -> list[str]:
    """The words of a matching view that a synonym spinner leaves alone.

    A spinner swaps words its thesaurus lists and never touches the others
    (names, numbers, and the commonest function words, which it protects
    to keep the grammar).  So the sequence of the words outside
    :func:`~articlediff.normalise.lexicon.spinnable_words`, plus words at
    least as common as ``SKELETON_ZIPF``, is nearly the same in a spun copy
    as in its source, where word shingles over the whole text are broken
    by every fifth word swapped.  On our spinner's copies of the seeds at
    rates 0.15-0.3, the skeleton's shingle Jaccard is 0.67-0.96 against
    0.24-0.55 for all words, and at most 0.04 between unrelated seeds.
    """
    spinnable = spinnable_words()
    return [k for k in keys if k not in spinnable or k.isdigit() or zipf(k) >= SKELETON_ZIPF]


def word_hashes(keys: Sequence[str]) -> np.ndarray:
    """64-bit xxHash of each word key (cached per key)."""
    cache = _WORD_HASHES
    out = np.empty(len(keys), dtype=np.uint64)
    for i, key in enumerate(keys):
        h = cache.get(key)
        if h is None:
            h = cache[key] = xxhash.xxh64_intdigest(key.encode("utf-8"))
            if len(cache) > 2_000_000:
                cache.clear()  # bounded memory on endless streams; the hashes are recomputed identically
        out[i] = h
    return out


def shingles(keys: Sequence[str], n: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 64-bit hashes of the word ``n``-grams of ``keys`` (one shingle for a text of fewer than ``n`` words)."""
    if not keys:
        return np.empty(0, dtype=np.uint64)
    h = word_hashes(keys)
    width = min(n, len(h))
    count = len(h) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):
            combined = combined + h[k : k + count] * _MULTIPLIERS[k]
    return np.unique(combined)


def signatures(shingle_sets: Sequence[np.ndarray], permutations: int = PERMUTATIONS) -> np.ndarray:
    """MinHash signatures, one row of ``permutations`` uint32 per shingle set (all zeros for an empty set).

    Documents are signed in chunks of about ``CHUNK`` shingles, so the
    (permutations × shingles) matrix stays around 64 MB whatever the batch.
    """
    a, b = (_A, _B) if permutations == PERMUTATIONS else _params(permutations)
    out = np.zeros((len(shingle_sets), permutations), dtype=np.uint32)
    chunk: list[int] = []
    size = 0
    for k, s in enumerate(shingle_sets):
        if not len(s):
            continue
        chunk.append(k)
        size += len(s)
        if size >= CHUNK:
            _sign(shingle_sets, chunk, a, b, out)
            chunk, size = [], 0
    if chunk:
        _sign(shingle_sets, chunk, a, b, out)
    return out


def _sign(shingle_sets, chunk: list[int], a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    flat = np.concatenate([shingle_sets[k] for k in chunk])
    starts = np.cumsum([0] + [len(shingle_sets[k]) for k in chunk[:-1]])
    with np.errstate(over="ignore"):
        hashed = flat[None, :] * a[:, None] + b[:, None]  # (permutations, shingles)
    minima = np.minimum.reduceat(hashed, starts, axis=1)  # (permutations, documents)
    out[chunk] = (minima >> np.uint64(32)).T.astype(np.uint32)


def estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of agreeing hash functions)."""
    if not sig_a.any() or not sig_b.any():
        return 0.0
    return float(np.mean(sig_a == sig_b))
