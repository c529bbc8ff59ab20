"""``FingerprintConfig``: the one value ``dedup``, ``index`` and ``check`` fingerprint with.

Ask for a threshold and derive the rest, as datasketch's ``MinHashLSH``
does: the caller sets the shingle size, the number of MinHash
permutations and the similarity threshold, and the LSH bands and rows
follow from them (:func:`lsh_shape`).  An index stores its config and
refuses a query made with one that would band its signatures otherwise,
so ``dedup`` and ``check`` can never disagree on what is a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Words per shingle.
SHINGLE_WORDS = 4
#: Hash functions per signature.
PERMUTATIONS = 128
#: Default similarity (Jaccard estimate of word 4-gram sets, 0-1) at which two documents are near-duplicates.
DEFAULT_THRESHOLD = 0.5
#: A pair of documents exactly at the threshold, the hardest true pair to catch, must become a
#: candidate at least this often: the bands are the fewest rows that still do (docs/dedup.md).
MIN_RECALL_AT_THRESHOLD = 0.85
#: How ``dedup`` picks each cluster's representative (``--keep``; :func:`.cluster.representative`).
KEEP_POLICIES = ("original", "earliest", "longest")
#: The default: the member the evidence says is the original (not spun, not truncated), then the earliest, the longest.
DEFAULT_KEEP = "original"


@dataclass(frozen=True)
class FingerprintConfig:
    """How documents are fingerprinted and when two are near-duplicates; bands and rows are derived."""

    shingle_words: int = SHINGLE_WORDS
    permutations: int = PERMUTATIONS
    threshold: float = DEFAULT_THRESHOLD
    #: Which member represents a cluster: one of ``KEEP_POLICIES`` (it changes no fingerprint, only the report).
    keep: str = DEFAULT_KEEP
    #: Whether rewrites are looked for too: documents that tell the same story in other words
    #: (their telling words, :mod:`.telling`, banded and verified besides the word and skeleton signatures).
    rewrites: bool = True

    def __post_init__(self) -> None:
        if self.keep not in KEEP_POLICIES:
            raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}")
        if not (isinstance(self.threshold, (int, float)) and 0 < self.threshold <= 1):
            raise ValueError("threshold must be above 0 and at most 1")
        if self.shingle_words < 1 or self.permutations < 1:
            raise ValueError("shingle_words and permutations must be at least 1")

    @property
    def rows(self) -> int:
        """MinHash values a band of the LSH index holds."""
        return lsh_shape(self.permutations, self.threshold)[1]

    @property
    def bands(self) -> int:
        """Bands of the LSH index: ``permutations // rows``."""
        return lsh_shape(self.permutations, self.threshold)[0]

    @property
    def rewrite_bands(self) -> int:
        """Bands of the telling signature (:data:`.telling.REWRITE_BANDS`; none when rewrites are not looked for)."""
        from .telling import REWRITE_BANDS, REWRITE_ROWS

        return min(REWRITE_BANDS, self.permutations // REWRITE_ROWS) if self.rewrites else 0

    def recall(self, similarity: float) -> float:
        """The chance that two documents of this Jaccard similarity share a band: ``1 - (1 - s^rows)^bands``."""
        return candidate_chance(similarity, self.bands, self.rows)


def candidate_chance(similarity: float, bands: int, rows: int) -> float:
    """The chance that two signatures of this Jaccard similarity agree on all ``rows`` values of some band."""
    return 1.0 - (1.0 - similarity**rows) ** bands


@lru_cache(maxsize=256)
def lsh_shape(permutations: int, threshold: float) -> tuple[int, int]:
    """``(bands, rows)`` for a threshold: the most rows (fewest false candidates) that still catch a pair at the threshold.

    Rows range over the divisors of ``permutations`` so every value is in
    a band.  More rows a band make a candidate rarer for dissimilar pairs
    (fewer to verify) and for similar ones too; the most rows whose chance
    for a pair exactly at the threshold is at least
    ``MIN_RECALL_AT_THRESHOLD`` is taken (a pair above the threshold is
    caught more often still).  128 permutations give 64 × 2 at 0.3, 32 × 4
    at 0.5 and 0.7, 16 × 8 at 0.8 and 0.9.
    """
    best = (permutations, 1)
    for rows in range(1, permutations + 1):
        if permutations % rows:
            continue
        bands = permutations // rows
        if candidate_chance(threshold, bands, rows) >= MIN_RECALL_AT_THRESHOLD:
            best = (bands, rows)
    return best


def describe(config: FingerprintConfig) -> str:
    """One line for messages: ``Jaccard 50% (32 bands of 4 rows, 4-word shingles, 128 permutations)``."""
    return (
        f"Jaccard {config.threshold * 100:g}% ({config.bands} bands of {config.rows} rows, "
        f"{config.shingle_words}-word shingles, {config.permutations} permutations)"
    )


__all__ = ["DEFAULT_KEEP", "DEFAULT_THRESHOLD", "KEEP_POLICIES", "FingerprintConfig", "candidate_chance", "describe", "lsh_shape"]
