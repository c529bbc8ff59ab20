"""Word and word-pair statistics of ordinary English, for judging what text is plausible.

The counts are the unigram (82,765 words) and bigram (243,342 pairs)
frequency dictionaries that symspellpy ships, derived from Google Books
n-grams.  Only the data files are read (found through the package's import spec); the
symspellpy code is never imported.  ``"white house"`` is counted 14.7
million times and ``"white home"`` not at all: that gap is the evidence the
de-spinner and the broken-word repair rely on.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import xxhash

from .wordcache import cached, cached_words

UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
#: Weight of a unigram estimate when the pair was never seen ("stupid backoff", Brants et al. 2007).
BACKOFF = 0.4


def _data(name: str) -> bytes:
    # found through the package's spec, not ``resources.files``: that imports symspellpy, and with it numpy (35 ms)
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("symspellpy (a core dependency) is not installed")
    return (Path(next(iter(spec.submodule_search_locations))) / name).read_bytes()


def _parse_unigrams(data: bytes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in data.decode("utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count:
            counts[word] = int(count)
    return counts


def _parse_bigrams(data: bytes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in data.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            counts[f"{parts[0]} {parts[1]}"] = int(parts[2])
    return counts


@lru_cache(maxsize=None)
def _version(name: str) -> bytes:
    """What identifies a data file's contents for the cache: its xxHash, read once a process (the unigram file
    keys three tables)."""
    return xxhash.xxh64_digest(_data(name))


@lru_cache(maxsize=1)
def unigrams() -> dict[str, int]:
    """Word → count (lower case); parsed once into the cache folder, then read (:mod:`.wordcache`)."""
    return cached("unigrams", _version(UNIGRAM_FILE), lambda: _parse_unigrams(_data(UNIGRAM_FILE)))


@lru_cache(maxsize=1)
def bigrams() -> dict[str, int]:
    """``"w1 w2"`` → count (lower case); parsed once into the cache folder, then read."""
    return cached("bigrams", _version(BIGRAM_FILE), lambda: _parse_bigrams(_data(BIGRAM_FILE)))


@lru_cache(maxsize=1)
def _total() -> float:
    return float(sum(unigrams().values()))


def count(word: str) -> int:
    """How often ``word`` (any case) occurs; 0 when unknown."""
    return unigrams().get(word.lower(), 0)


@lru_cache(maxsize=1 << 17)
def zipf(word: str) -> float:
    """Zipf frequency: log10 of occurrences per billion words (about 7 for "the", 0 when unknown); memoised."""
    c = count(word)
    return math.log10(c / _total() * 1e9) if c else 0.0


@lru_cache(maxsize=8)
def common_words(min_zipf: float) -> frozenset[str]:
    """The words at least ``min_zipf`` common (lower case): ``zipf(w) >= min_zipf`` is ``w.lower() in`` this set.

    A few thousand words, cached on disk apart from the 80,000 counts (:mod:`.wordcache`): the skeleton and
    telling-word tests of a one-file ``check`` need only these, and load them in a millisecond, not 20.
    """
    derive = lambda: (w for w in unigrams() if zipf(w) >= min_zipf)  # noqa: E731
    return cached_words(f"common-{min_zipf:g}", _version(UNIGRAM_FILE), derive)


def is_word(word: str) -> bool:
    """A known English word; single letters other than ``a`` and ``i`` are not."""
    return _known(word.lower(), unigrams())


def non_words(words: Iterable[str]) -> set[str]:
    """The ``words`` that are not :func:`is_word`, asked in one pass (the spintax stage asks thousands)."""
    counts = unigrams()
    return {w for w in words if not _known(w.lower(), counts)}


def _known(lowered: str, counts: dict[str, int]) -> bool:
    """The one rule of :func:`is_word`, on a lower-cased word and the word counts."""
    return (len(lowered) > 1 or lowered in ("a", "i")) and lowered in counts


def pair_count(first: str, second: str) -> int:
    return bigrams().get(f"{first.lower()} {second.lower()}", 0)


def log_prob(previous: str | None, word: str) -> float:
    """log10 P(word | previous) with stupid backoff to the unigram estimate.

    Unknown words get the probability of a word seen once, so a name does
    not look impossible, only rare.
    """
    w = word.lower()
    c_word = unigrams().get(w, 0)
    if previous is not None:
        c_prev = unigrams().get(previous.lower(), 0)
        c_pair = bigrams().get(f"{previous.lower()} {w}", 0)
        if c_pair and c_prev:
            return math.log10(min(1.0, c_pair / c_prev))
    return math.log10(BACKOFF * max(c_word, 1) / _total())
