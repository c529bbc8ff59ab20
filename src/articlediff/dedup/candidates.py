"""Stage: candidate pairs, without comparing every pair: exact copies by content hash, the rest by LSH.

Locality-sensitive hashing: a signature of ``b × r`` values is cut into
``b`` bands of ``r`` rows; two documents become candidates when all ``r``
values of some band agree.  Two documents of Jaccard similarity ``s``
collide in at least one band with probability ``1 − (1 − s^r)^b``: an
S-curve that rises steeply around ``(1/b)^(1/r)``.  The bands and rows
come from the threshold (:func:`.config.lsh_shape`): at the default 0.5,
32 bands of 4 rows (128 permutations) put that point at about 0.42, below
the threshold, so few true pairs are lost (a pair at 0.5 collides with
probability 0.87, at 0.6 with 0.99) and verification (:mod:`.verify`)
removes the false candidates.

Everything is vectorised: a band's key is a 64-bit mix of its ``r`` values
(:func:`band_keys`, computed for all documents at once), and a band's
buckets are the runs of equal keys after one sort.  Signatures may be
truncated to their low 8 or 16 bits (b-bit MinHash, to save memory): the
bands of unrelated documents then still agree only with probability
``2^-(r·bits)`` per band, and verification rejects what does.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..engines.tables import distinct, mix64

#: A bucket with more documents than this is skipped (boilerplate or empty texts that every document shares);
#: exact duplicates are found by content hash, not here.
MAX_BUCKET = 500

_STEP = np.uint64(0x9E3779B97F4A7C15)


def band_keys(signatures: np.ndarray, bands: int) -> np.ndarray:
    """One 64-bit key per band of each signature (:func:`band_column`): an (n, bands) uint64 array.

    A 1-D signature gives one row.
    """
    sigs = np.atleast_2d(signatures)
    return np.stack([band_column(sigs, band, bands) for band in range(bands)], axis=1)


def band_column(signatures: np.ndarray, band: int, bands: int, tag: int | None = None) -> np.ndarray:
    """The key of one band of each signature (n,) uint64: the bucket a document falls in for that band.

    A band's rows are mixed from a salt of its own (``tag``, by default the
    band number, as :func:`band_keys` keys every band),
    so a key names its band too and the buckets of all bands can be sorted
    and cut as one column (two buckets of different bands share a key only
    by a 64-bit collision).
    """
    width = signatures.shape[1] // bands
    values = signatures[:, band * width : (band + 1) * width].astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.full(len(signatures), np.uint64((band if tag is None else tag) + 1) * _STEP, dtype=np.uint64)
    for r in range(width):
        key = mix64(key ^ values[:, r])
    return key


def runs(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of the runs of two or more equal rows in sorted ``columns`` (rows equal in every column)."""
    n = len(columns[0])
    if n < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    change = np.zeros(n - 1, dtype=bool)
    for column in columns:
        change |= column[1:] != column[:-1]
    breaks = np.flatnonzero(change) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [n]))
    shared = ends - starts >= 2
    return starts[shared], ends[shared]


def bucket_runs(
    signatures: np.ndarray, bands: int, valid: np.ndarray | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A band at a time, its buckets of two or more rows: ``(rows, starts, ends)``.

    ``rows`` holds row numbers sorted by the band's key, and bucket ``k`` is
    ``rows[starts[k]:ends[k]]``.  ``valid`` (a boolean mask) leaves out rows
    without a signature (empty documents).
    """
    rows = np.arange(len(signatures)) if valid is None else np.flatnonzero(valid)
    if len(rows) < 2:
        return
    for band in range(bands):  # a band at a time: memory for one column of keys, not all
        column = band_column(signatures[rows], band, bands)
        order = np.argsort(column, kind="stable")
        starts, ends = runs(column[order])
        yield rows[order], starts, ends


def candidate_pairs(
    signatures: np.ndarray, bands: int, valid: np.ndarray | None = None, max_bucket: int = MAX_BUCKET
) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of rows of ``signatures`` that share a band: a (k, 2) int64 array, each pair once, sorted."""
    n = len(signatures)
    found = [pair_codes(rows, starts, ends, n, max_bucket) for rows, starts, ends in bucket_runs(signatures, bands, valid)]
    return decode_pairs(distinct(np.concatenate(found)) if found else np.empty(0, dtype=np.int64), n)


def pair_codes(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, n: int, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """Every pair within each bucket ``rows[starts[k]:ends[k]]`` of at most ``max_bucket`` rows, as a code.

    A pair ``(i, j)`` with ``i < j`` is coded ``i * n + j``.  Buckets of one size are paired
    together, in one vectorised step.
    """
    sizes = ends - starts
    codes = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_bucket)]).tolist():
        at = starts[sizes == size]
        members = np.sort(rows[at[:, None] + np.arange(size)], axis=1)  # one bucket a row
        i, j = np.triu_indices(size, 1)
        codes.append((members[:, i] * n + members[:, j]).ravel())
    return np.concatenate(codes).astype(np.int64) if codes else np.empty(0, dtype=np.int64)


def decode_pairs(codes: np.ndarray, n: int) -> np.ndarray:
    """The (k, 2) pairs of :func:`pair_codes`."""
    return np.stack((codes // max(n, 1), codes % max(n, 1)), axis=1) if len(codes) else np.empty((0, 2), dtype=np.int64)


def agreement(sigs: np.ndarray, pairs: np.ndarray, bits: int, chunk: int = 65_536) -> np.ndarray:
    """Estimated Jaccard similarity of each pair of rows of (b-bit) signatures ``sigs``, 0-1.

    Two ``bits``-bit values of unrelated documents agree by chance with
    probability ``2^-bits``; below 16 bits the estimate corrects for it
    (at 16 bits the chance is 1 in 65,536 and the plain share of agreeing
    values is kept, so an estimate of exactly k/128 stays k/128).
    """
    out = np.empty(len(pairs), dtype=np.float64)
    for k in range(0, len(pairs), chunk):
        part = pairs[k : k + chunk]
        out[k : k + chunk] = (sigs[part[:, 0]] == sigs[part[:, 1]]).mean(axis=1)
    if bits >= 16:
        return out
    chance = 2.0**-bits
    return np.clip((out - chance) / (1 - chance), 0.0, 1.0)


def same_hash_pairs(hashes: np.ndarray, has_words: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``(first, other)`` id pairs of documents with equal content hashes: each to the lowest id of its hash.

    The candidates for exact copies; their views must still be compared
    (a hash may collide).  Documents without words are left out.
    """
    order = np.lexsort((ids, hashes))
    h, d = hashes[order], ids[order]
    keep = has_words[order]
    h, d = h[keep], d[keep]
    if len(h) < 2:
        return np.empty((0, 2), dtype=np.int64)
    new = np.ones(len(h), dtype=bool)
    new[1:] = h[1:] != h[:-1]
    first = d[np.maximum.accumulate(np.where(new, np.arange(len(h)), 0))]
    other = ~new
    return np.stack((first[other], d[other]), axis=1).astype(np.int64)
