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
document's minima, and in the same pass each paragraph's (:func:`sign_ranges`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xxhash

from ..engines.tables import distinct
from ..matching import matching_key
from ..normalise.lexicon import spinnable_words
from ..normalise.wordcache import cached
from ..normalise.wordstats import common_words
from .config import PERMUTATIONS, SHINGLE_WORDS
from .telling import telling_word

#: Words at least this common (Zipf) stay in a document's spin-proof skeleton even if a thesaurus lists them.
SKELETON_ZIPF = 6.3
#: Shingles signed together (the hash matrix is permutations × this many uint64: 4 MB, cache-sized).
CHUNK = 4096
_SEED = 20250601


def _drawn(permutations: int) -> bytes:
    """The hash parameters as numpy's PCG64 draws them from the fixed seeds: ``permutations`` multipliers ``a``
    (odd), as many offsets ``b``, and 16 odd shingle multipliers, as little-endian uint64 bytes."""
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=permutations, dtype=np.uint64)
    multipliers = np.random.default_rng(_SEED + 1).integers(1, 2**63, size=16, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return np.concatenate((a, b, multipliers)).astype("<u8").tobytes()


def _params(permutations: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, multipliers)``: drawn once into the cache folder, then read (numpy.random's import is 12 ms of a
    one-file check; the values never change, and every signature depends on them)."""
    raw = cached(f"minhash-{permutations}", f"{_SEED} {permutations}".encode(), lambda: _drawn(permutations), bytes)
    if len(raw) != 8 * (2 * permutations + 16):
        raw = _drawn(permutations)  # a cached file of the wrong size: drawn again
    values = np.frombuffer(raw, dtype="<u8").astype(np.uint64)
    return values[:permutations], values[permutations : 2 * permutations], values[2 * permutations :]


_A, _B, _MULTIPLIERS = _params(PERMUTATIONS)
_CACHE_LIMIT = 2_000_000


def parameters(permutations: int = PERMUTATIONS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, shingle multipliers)`` of ``permutations`` hash functions (those the signatures use)."""
    return (_A, _B, _MULTIPLIERS) if permutations == PERMUTATIONS else _params(permutations)


def skeleton(keys: Sequence[str]) -> list[str]:
    """The words of a matching view that a synonym spinner leaves alone.

    A spinner swaps words its thesaurus lists and never touches the others
    (names, numbers, and the commonest function words, which it protects
    to keep the grammar).  So the sequence of the words outside
    :func:`~articlediff.normalise.lexicon.spinnable_words`, plus words at
    least as common as ``SKELETON_ZIPF``, is nearly the same in a spun copy
    as in its source, where word shingles over the whole text are broken
    by every fifth word swapped.  On our spinner's copies of the seeds at
    rates 0.15-0.3, the skeleton's 5-word shingle Jaccard is 0.67-0.96 against
    0.24-0.55 for all words, and at most 0.04 between unrelated seeds.
    """
    numbers = VOCABULARY.key_numbers(keys)  # first: numbering new keys may grow (replace) the arrays
    return [k for k, keep in zip(keys, VOCABULARY.skeleton[numbers].tolist()) if keep]


def in_skeleton(key: str) -> bool:
    """Whether a word key belongs to the skeleton (kept per key in :data:`VOCABULARY`)."""
    n = VOCABULARY.number(key)  # first: numbering a new key may grow (replace) the arrays
    return bool(VOCABULARY.skeleton[n])


def _skeleton_word(key: str) -> bool:
    """:func:`in_skeleton` without its cache: not a word a thesaurus lists, a number, or one of the commonest words."""
    return key not in spinnable_words() or key.isdigit() or key.lower() in common_words(SKELETON_ZIPF)


def _hash_of(key: str) -> int:
    """A word key's 64-bit xxHash (uncached: :class:`Vocabulary` keeps it)."""
    return xxhash.xxh64_intdigest(key.encode("utf-8"))


def word_hashes(keys: Sequence[str]) -> np.ndarray:
    """64-bit xxHash of each word key, read from the vocabulary in one C-level pass (each key hashed once)."""
    numbers = VOCABULARY.key_numbers(keys)  # first: numbering new keys may grow (replace) the arrays
    return VOCABULARY.hashes[numbers]


class Vocabulary:
    """Each distinct token and word key seen, numbered, with the key's hash, skeleton membership and telling flag
    in arrays.

    The fingerprint stage reads these for every word of a corpus, so a
    document's tokens become numbers in one C-level pass
    (``map(dict.get, tokens)``) and the numbers index the arrays: no Python
    function call per word (issue 22: three cached calls a word were most of
    ``dedup``'s time).  A token whose key is empty (punctuation only) maps
    to -1 and is dropped.  Numbers are valid until :meth:`trim` empties the
    tables, which it does only between documents.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.tokens: dict[str, int] = {}  # raw token -> number of its key (-1: no key)
        self.numbers: dict[str, int] = {}  # key -> number
        self.keys: list[str] = []  # number -> key
        self.hashes = np.empty(4096, dtype=np.uint64)
        self.skeleton = np.empty(4096, dtype=bool)
        self.telling = np.empty(4096, dtype=bool)
        self.lengths = np.empty(4096, dtype=np.int64)

    def trim(self) -> None:
        """Empty the tables when they have grown past the cache limit (bounded memory on endless streams)."""
        if len(self.tokens) > _CACHE_LIMIT or len(self.numbers) > _CACHE_LIMIT:
            self.clear()

    def number(self, key: str) -> int:
        n = self.numbers.get(key)
        if n is None:
            n = len(self.numbers)
            if n == len(self.hashes):
                self.hashes = np.resize(self.hashes, 2 * n)
                self.skeleton = np.resize(self.skeleton, 2 * n)
                self.telling = np.resize(self.telling, 2 * n)
                self.lengths = np.resize(self.lengths, 2 * n)
            self.hashes[n] = _hash_of(key)
            self.skeleton[n] = _skeleton_word(key)
            self.telling[n] = telling_word(key)
            self.lengths[n] = len(key)
            self.numbers[key] = n
            self.keys.append(key)
        return n

    def key_numbers(self, keys: Sequence[str]) -> np.ndarray:
        """The numbers of word ``keys``, in one C-level pass (a call is a unit: the tables may be trimmed first)."""
        self.trim()
        numbers = list(map(self.numbers.get, keys))
        if None in numbers:
            numbers = [self.number(k) if n is None else n for k, n in zip(keys, numbers)]
        return np.array(numbers, dtype=np.int64)

    def token_number(self, token: str) -> int:
        """The number of a raw token's matching key, or -1 when it has none."""
        n = self.tokens.get(token)
        if n is None:
            key = matching_key(token)
            n = self.tokens[token] = self.number(key) if key else -1
        return n

    def token_numbers(self, tokens: list[str]) -> list[int]:
        """The numbers of the keys of ``tokens`` (those with a key), in order."""
        numbers = list(map(self.tokens.get, tokens))
        if None in numbers:  # tokens not seen before: the only per-token Python work, once per process
            numbers = [self.token_number(t) if n is None else n for t, n in zip(tokens, numbers)]
        if -1 in numbers:
            numbers = [n for n in numbers if n >= 0]
        return numbers


VOCABULARY = Vocabulary()


def shingle_sequence(hashes: np.ndarray, n: int = SHINGLE_WORDS) -> np.ndarray:
    """The 64-bit hash of each word ``n``-gram, in text order (one shingle for a text of fewer than ``n`` words).

    A shingle's hash combines its words' hashes with fixed odd multipliers,
    in one vectorised pass over the text.
    """
    if not len(hashes):
        return np.empty(0, dtype=np.uint64)
    width = min(n, len(hashes))
    count = len(hashes) - width + 1
    combined = hashes[:count] * _MULTIPLIERS[0]
    with np.errstate(over="ignore"):
        for k in range(1, width):
            combined += hashes[k : k + count] * _MULTIPLIERS[k]
    return combined


def shingles(keys: Sequence[str], n: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 64-bit hashes of the word ``n``-grams of ``keys`` (one shingle for a text of fewer than ``n`` words)."""
    return distinct(shingle_sequence(word_hashes(keys), n))


def shingle_set(keys: Sequence[str], n: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """The word ``n``-grams of ``keys`` as a set of tuples (one for a text of fewer than ``n`` words; none for none).

    The sets :func:`shingles` hashes, kept as words: for two short texts (a pair of passage windows) a
    Python set is made and intersected in a few microseconds, where the hashed arrays take a dozen
    numpy calls each.
    """
    if len(keys) < n:
        return {tuple(keys)} if keys else set()
    return set(zip(*(keys[k:] for k in range(n))))


def set_jaccard(a: set, b: set) -> float:
    """The Jaccard similarity of two sets (0 for two empty sets), as :func:`jaccard` gives for hashed shingles."""
    both = len(a & b)
    return both / ((len(a) + len(b) - both) or 1)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard similarity of two shingle sets of :func:`shingles` (0 for two empty sets)."""
    both = len(np.intersect1d(a, b, assume_unique=True))
    return both / ((len(a) + len(b) - both) or 1)


def signatures(shingle_sets: Sequence[np.ndarray], permutations: int = PERMUTATIONS) -> np.ndarray:
    """MinHash signatures, one row of ``permutations`` uint32 per shingle set (all zeros for an empty set)."""
    lengths = np.fromiter((len(s) for s in shingle_sets), dtype=np.int64, count=len(shingle_sets))
    flat = np.concatenate(list(shingle_sets)) if len(shingle_sets) else np.empty(0, dtype=np.uint64)
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    return sign_ranges(flat.astype(np.uint64, copy=False), bounds, permutations=permutations)[0]


def sign_ranges(
    flat: np.ndarray,
    bounds: np.ndarray,
    parts: np.ndarray | None = None,
    permutations: int = PERMUTATIONS,
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash of consecutive ranges of ``flat`` (shingle hashes), and of sub-ranges inside them.

    ``bounds`` (n + 1 increasing offsets) cut ``flat`` into n documents;
    ``parts`` (m × 2 ``[start, end)`` rows, sorted, not overlapping, each
    inside one document) are passages whose own signatures are wanted too.
    Each shingle is hashed by the ``permutations`` functions once, for its
    document and its passage alike.  Returns ``(documents, passages)``, rows
    of uint32, all zeros for an empty range.

    Work goes a few thousand shingles at a time, so the (permutations ×
    shingles) matrix of uint64 stays within a few MB, in the processor's
    cache: eight times faster than one large matrix.
    """
    a, b, _ = parameters(permutations)
    a, b = a[:, None], b[:, None]
    n = len(bounds) - 1
    parts = np.empty((0, 2), dtype=np.int64) if parts is None else np.asarray(parts, dtype=np.int64).reshape(-1, 2)
    docs = np.zeros((n, permutations), dtype=np.uint32)
    passages = np.zeros((len(parts), permutations), dtype=np.uint32)
    lo = 0  # first document of the chunk
    p_lo = 0  # first passage of the chunk
    while lo < n:
        hi = lo + 1
        while hi < n and bounds[hi + 1] - bounds[lo] <= CHUNK:
            hi += 1
        first, last = int(bounds[lo]), int(bounds[hi])
        p_hi = p_lo
        while p_hi < len(parts) and parts[p_hi, 1] <= last:
            p_hi += 1
        if last > first:
            with np.errstate(over="ignore"):
                hashed = np.multiply(flat[first:last][None, :], a)
                hashed += b
            starts = bounds[lo:hi] - first
            keep = np.flatnonzero(bounds[lo + 1 : hi + 1] > bounds[lo:hi])  # documents with shingles
            if len(keep):
                minima = np.minimum.reduceat(hashed, starts[keep], axis=1)
                docs[lo + keep] = (minima >> np.uint64(32)).T
            if p_hi > p_lo:
                edges = (parts[p_lo:p_hi] - first).ravel()
                if edges[-1] == last - first:
                    edges = edges[:-1]  # the final range runs to the end of the chunk
                minima = np.minimum.reduceat(hashed, edges, axis=1)[:, 0::2]
                passages[p_lo:p_hi] = (minima >> np.uint64(32)).T
        lo, p_lo = hi, p_hi
    return docs, passages


def sign_windows(
    flat: np.ndarray, bounds: np.ndarray, windows: np.ndarray, permutations: int = PERMUTATIONS
) -> tuple[np.ndarray, np.ndarray]:
    """As :func:`sign_ranges`, for passages that may overlap (windows of sentences; each inside one document).

    The windows' edges cut the shingles into pieces that do not overlap;
    each piece is signed once (:func:`sign_ranges`), and a window's
    signature is the minimum of its pieces' (a minimum of minima), so a
    shingle shared by several windows is still hashed once.  An empty
    window's signature is all zeros.
    """
    windows = np.asarray(windows, dtype=np.int64).reshape(-1, 2)
    empty = windows[:, 1] <= windows[:, 0]
    if empty.any():  # an empty window's signature is all zeros, as sign_ranges gives an empty range
        docs, signed = sign_windows(flat, bounds, windows[~empty], permutations)
        out = np.zeros((len(windows), permutations), dtype=np.uint32)
        out[~empty] = signed
        return docs, out
    if not len(windows):
        return sign_ranges(flat, bounds, None, permutations)
    cuts = distinct(windows.ravel())
    starts, ends = cuts[:-1], cuts[1:]
    first = np.searchsorted(cuts, windows[:, 0])  # the window's first piece
    last = np.searchsorted(cuts, windows[:, 1])  # one past its last piece
    covered = np.zeros(len(cuts), dtype=np.int64)
    np.add.at(covered, first, 1)
    np.add.at(covered, last, -1)
    inside = np.cumsum(covered)[:-1] > 0  # pieces some window covers: each is inside one document
    pieces = np.stack((starts[inside], ends[inside]), axis=1)
    docs, signed = sign_ranges(flat, bounds, pieces, permutations)
    row = np.cumsum(inside) - 1  # piece number -> row of ``signed``
    lo, hi = row[first], row[last - 1] + 1
    # The minimum over each window's pieces, a piece at a time, into one array: a new array each step (tens of
    # MB at 100,000 windows) cost 10 to 20 times as much in fresh pages, and a reduceat down the rows (axis 0)
    # walks each column apart.
    out = signed[lo]
    for step in range(1, int((hi - lo).max())):
        np.minimum(out, signed[np.minimum(lo + step, hi - 1)], out=out)
    return docs, out


def estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of agreeing hash functions)."""
    if not sig_a.any() or not sig_b.any():
        return 0.0
    return float(np.mean(sig_a == sig_b))
