"""The compact forms an index stores: b-bit signatures, varint bucket lists, paragraph keys, split paths, texts.

Each pair of functions here is a round trip (a test holds every one of
them to it), and none of them touches SQLite: :mod:`.store` writes and
reads what they make.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable

import numpy as np

from ..dedup.candidates import band_keys
from ..read import Document

#: Bits of each MinHash value kept in the stored signature.
SIGNATURE_BITS = 3
#: MinHash values of a passage window that make its key, and the key's bits kept to check a bucket's entries.
#: Four, not three: windows of plain prose whose skeletons are mostly "of the" are about 0.2-0.3 alike by chance,
#: and with three values 2 of 150 unrelated Wikipedia sections matched one (docs/benchmarks.md); with four, none.
PASSAGE_ROWS = 4
CHECK_BITS = 24
#: zlib level of a stored text (``index add --store-text``; :func:`compress_text` says why).
TEXT_LEVEL = 6
_CHANCE = 1.0 / (1 << SIGNATURE_BITS)  # agreement of two unrelated b-bit values
_CHECK_BYTES = CHECK_BITS // 8


def passage_keys(passage_sigs: np.ndarray) -> np.ndarray:
    """A passage window's key: the mix of its first ``PASSAGE_ROWS`` MinHash values (equal for windows of Jaccard J
    with probability J^4: every verbatim copy, 66% of windows at 0.9, 13% at 0.6, 0.8% at 0.3)."""
    if not len(passage_sigs):
        return np.empty(0, dtype=np.uint64)
    return band_keys(passage_sigs[:, :PASSAGE_ROWS], bands=1)[:, 0]


def compact(sigs: np.ndarray) -> np.ndarray:
    """The stored form of signatures: the low ``SIGNATURE_BITS`` bits of each value, bit-packed (k values: k·b/8 bytes a row)."""
    values = np.atleast_2d(sigs)
    planes = ((values[:, :, None] >> np.arange(SIGNATURE_BITS, dtype=values.dtype)) & 1).astype(np.uint8)
    return np.packbits(planes.reshape(len(values), -1), axis=1)


def _unpack(packed: np.ndarray) -> np.ndarray:
    """The b-bit values of compact signatures (the inverse of :func:`compact`), one row of uint8 per signature."""
    packed = np.atleast_2d(packed)
    planes = np.unpackbits(packed, axis=1).reshape(len(packed), -1, SIGNATURE_BITS)
    return (planes << np.arange(SIGNATURE_BITS, dtype=np.uint8)).sum(axis=2, dtype=np.uint8)


def compact_estimates(query: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one compact signature with each row of ``stored`` (as many bytes), 0-1."""
    agree = (_unpack(stored) == _unpack(query)).mean(axis=1)
    return np.clip((agree - _CHANCE) / (1 - _CHANCE), 0.0, 1.0)


def split_path(doc: Document) -> tuple[str, int, str]:
    """``(prefix, named, rest)`` with ``doc.path == prefix + (doc.id if named else "") + rest``.

    Prefixes repeat across documents.
    """
    path = doc.path
    if doc.line is not None:  # a JSONL line: the file is shared by its documents
        return path, 0, ""
    root, ext = os.path.splitext(path)
    seps = "/" + os.sep
    if doc.id and root.endswith(doc.id) and (len(root) == len(doc.id) or root[-len(doc.id) - 1] in seps):
        return root[: len(root) - len(doc.id)], 1, ext
    cut = max(path.rfind(c) for c in seps) + 1
    return path[:cut], 0, path[cut:]


def encode_refs(refs: Iterable[int], previous: int = 0) -> bytes:
    """Increasing document references as LEB128 varints of their differences (from ``previous``)."""
    out = bytearray()
    for ref in refs:
        gap, previous = ref - previous, ref
        while gap >= 0x80:
            out.append(gap & 0x7F | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def decode_refs(blob: bytes) -> list[int]:
    """The references of a bucket (the inverse of :func:`encode_refs` from 0)."""
    out = []
    value = gap = shift = 0
    for byte in blob:
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            value += gap
            out.append(value)
            gap = shift = 0
    return out


def encode_checked_refs(entries: Iterable[tuple[int, int]], previous: int = 0) -> bytes:
    """``(reference, check)`` entries, references not decreasing: each as the varint of its delta and the check's bytes."""
    out = bytearray()
    for ref, check in entries:
        out += encode_refs([ref], previous)
        out += check.to_bytes(_CHECK_BYTES, "big")
        previous = ref
    return bytes(out)


def decode_checked_refs(blob: bytes) -> list[tuple[int, int]]:
    """The ``(reference, check)`` entries of a passage bucket (the inverse of :func:`encode_checked_refs` from 0).

    An entry cut short (a damaged blob: the encoder writes whole entries)
    raises ``ValueError``, which readers report as a damaged index and
    ``index check`` lists.
    """
    out = []
    value = gap = shift = 0
    k = 0
    while k < len(blob):
        byte = blob[k]
        k += 1
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        value += gap
        gap = shift = 0
        if k + _CHECK_BYTES > len(blob):
            raise ValueError("a passage bucket entry is cut short")
        out.append((value, int.from_bytes(blob[k : k + _CHECK_BYTES], "big")))
        k += _CHECK_BYTES
    if shift:
        raise ValueError("a passage bucket entry is cut short")
    return out


#: Skeleton MinHash values stored (the first of the signature's), for the skeleton's LSH bands.
SKELETON_VALUES = 64


#: Telling-word MinHash values stored (the first of the signature's), in bands of ``TELLING_ROWS``: 16 bands of 2
#: (a pair at the rewrite threshold 0.4 is a candidate 94% of the time, at 0.5 99%, two unrelated stories (0.02)
#: 0.6%: fewer than the coarse buckets bring anyway, about 49 a band at 100,000 documents).  12 bytes of signature
#: and about 32 of bucket entries a document.  24 bands (18 bytes) cost 370 bytes a document in all and a check
#: 36.7 ms at 100,000 documents, for one more heavy rewrite found in a hundred (docs/benchmarks.md).
TELLING_VALUES = 32
TELLING_ROWS = 2


def telling_shape(config) -> tuple[int, int]:
    """``(values stored, LSH bands)`` of a telling-word signature (none when the config looks for no rewrites)."""
    if not getattr(config, "rewrites", True):
        return 0, 0
    values = min(config.permutations, TELLING_VALUES) // TELLING_ROWS * TELLING_ROWS
    return values, values // TELLING_ROWS


def layout_sizes(config) -> tuple[int, int]:
    """``(signature bytes, LSH bands)`` of a document under ``config``: word, skeleton and telling values packed;
    word, skeleton, content-hash and telling bands (the one layout :mod:`.store` writes and :mod:`.integrity` checks)."""
    skeleton_values, skeleton_bands = skeleton_shape(config)
    telling_values, telling_bands = telling_shape(config)
    sig = sum((values * SIGNATURE_BITS + 7) // 8 for values in (config.permutations, skeleton_values, telling_values))
    return sig, config.bands + skeleton_bands + 1 + telling_bands


def skeleton_shape(config) -> tuple[int, int]:
    """``(values stored, LSH bands)`` of a skeleton signature.

    Its first 64 values (at least one band's) are stored, in bands of the config's rows.
    """
    values = min(config.permutations, max(SKELETON_VALUES, config.rows))
    return values, values // config.rows


def compress_text(text: str) -> bytes:
    """A document's text as the index stores it: UTF-8, zlib (deflate) at :data:`TEXT_LEVEL`.

    Measured on the 2,251 real news and Wikipedia texts of
    ``bench/make_corpus.py`` (2,073 bytes a text on average): zlib level 6
    keeps 49.8% (1,033 bytes a text) at 42 MB/s, level 9 the same,
    level 1 51.8%; lzma (54.9%: its header costs more than it saves on
    texts this short) and bz2 (51.1%) are worse and 5-20 times slower.
    A zlib preset dictionary of 32 KB of other news text would save 16%
    more, but the dictionary would have to live as long as the index; not
    worth it for a cost this small next to the text the user keeps anyway.
    Standard library only, and any SQLite client can read it back.  A lone
    surrogate (a JSONL string may hold one) is kept (``surrogatepass``).
    """
    return zlib.compress(text.encode("utf-8", "surrogatepass"), TEXT_LEVEL)


def decompress_text(blob: bytes) -> str:
    """The text :func:`compress_text` stored (its inverse)."""
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")
