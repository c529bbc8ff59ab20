"""The fingerprint stage: everything later stages need of a batch of documents, in one pass over each text.

For each document: its matching view (word keys joined by spaces, kept for
verification), its content hash (the identity of the view), a MinHash
signature of the shingles of all its words, one of its *skeleton* (the
words a synonym spinner leaves alone, :func:`.minhash.skeleton`), and one
for each paragraph of at least ``MIN_PASSAGE_WORDS`` words, for partial
copies.  The three kinds of signature are those of :mod:`.minhash`; a
paragraph's shingles are the document's shingles that lie inside it, so
the document and its paragraphs are hashed together (:func:`.minhash.sign_ranges`).

Speed matters here: this stage runs on every document of a corpus.  Words
are found paragraph by paragraph with one ``findall`` (no match objects),
and each distinct token's key, hash and skeleton membership are computed
once per process and cached.  :func:`document_keys` gives exactly the keys
of :func:`articlediff.segment.iter_words` (a property test holds it to
that).

:func:`fingerprint` is a pure function of the texts, so an engine may run
it in worker processes; its result, :class:`Prints`, is made of numpy
arrays and strings that pickle cheaply.  :func:`read_shard` is the task
the flows run first: one partition read (:mod:`articlediff.read.partitions`)
and fingerprinted into a :class:`Shard`, the columns the later stages use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np
import xxhash

from ..engines.tables import Table
from ..matching import WORD_RE, matching_key
from ..read import Skipped, document_date
from ..read.partitions import Partition, read_partition
from ..read.sources import Source
from ..segment import iter_paragraphs
from .config import FingerprintConfig
from .minhash import in_skeleton, remember, shingle_sequence, sign_ranges, word_hashes
from .views import keep_views

#: Paragraphs shorter than this (in words) are not fingerprinted: a headline or a stock line is no evidence of copying.
MIN_PASSAGE_WORDS = 20
#: The configuration :func:`fingerprint` uses when given none (frozen, so one value serves every call).
DEFAULT_CONFIG = FingerprintConfig()

_KEYS: dict[str, str] = {}  # token -> matching key ("" for punctuation only)


def _key(token: str) -> str:
    key = _KEYS.get(token)
    if key is None:
        key = remember(_KEYS, token, matching_key(token))
    return key


def _keys(text: str) -> list[str]:
    return [k for k in map(_key, WORD_RE.findall(text)) if k]


def document_keys(text: str) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """A text's word keys and its paragraphs as ``(start, end, first key, end key)``.

    The keys are those of :func:`articlediff.segment.iter_words` over the
    whole text: paragraphs (:func:`~articlediff.segment.iter_paragraphs`)
    and the gaps between them (bullets, list numbers) are read in order,
    and no word crosses a paragraph's edge, which is white space.
    """
    keys: list[str] = []
    paragraphs = []
    pos = 0
    for p in iter_paragraphs(text):
        if p.start > pos:
            keys += _keys(text[pos : p.start])
        first = len(keys)
        keys += _keys(p.text)
        paragraphs.append((p.start, p.end, first, len(keys)))
        pos = p.end
    if pos < len(text):
        keys += _keys(text[pos:])
    return keys, paragraphs


def content_hash(view: str) -> int:
    """The identity of a matching view: its xxHash64 as a signed 64-bit integer (SQLite's)."""
    h = xxhash.xxh64_intdigest(view.encode("utf-8"))
    return h - (1 << 64) if h >= 1 << 63 else h


@dataclass
class Prints:
    """The fingerprints of a batch of n documents and their m fingerprinted paragraphs.

    Signature rows are all zeros for a document without shingles.  Passage
    rows are in document order; ``passage_span`` is in the document's text,
    ``passage_view`` in its matching view.
    """

    views: list[str]  # matching views
    hashes: np.ndarray  # (n,) int64 content hashes
    lengths: np.ndarray  # (n,) int32 words
    words: np.ndarray  # (n, permutations) uint32 MinHash of all-word shingles
    skeleton: np.ndarray  # (n, permutations) uint32 MinHash of the skeleton's shingles
    passage_doc: np.ndarray  # (m,) int32 document of each paragraph (0..n-1)
    passage_span: np.ndarray  # (m, 2) int64 [start, end) in the document's text
    passage_view: np.ndarray  # (m, 2) int64 [start, end) in the document's matching view
    passage_words: np.ndarray  # (m,) int32
    passages: np.ndarray  # (m, permutations) uint32 MinHash of the paragraph's own shingles

    def __len__(self) -> int:
        return len(self.views)


def fingerprint(texts: list[str], config: FingerprintConfig = DEFAULT_CONFIG, *, passages: bool = True) -> Prints:
    """Fingerprint a batch of texts with ``config``'s shingle size and permutations (see the module documentation)."""
    shingle_words, permutations = config.shingle_words, config.permutations
    views: list[str] = []
    lengths: list[int] = []
    word_seqs: list[np.ndarray] = []
    skeleton_seqs: list[np.ndarray] = []
    p_doc: list[int] = []
    p_span: list[tuple[int, int]] = []
    p_view: list[tuple[int, int]] = []
    p_words: list[int] = []
    p_ranges: list[tuple[int, int]] = []
    offset = 0  # shingles of the batch so far
    for d, text in enumerate(texts):
        keys, paragraphs = document_keys(text)
        view = " ".join(keys)
        views.append(view)
        lengths.append(len(keys))
        hashes = word_hashes(keys)
        seq = shingle_sequence(hashes, shingle_words)
        word_seqs.append(seq)
        keep = np.fromiter(map(in_skeleton, keys), dtype=bool, count=len(keys))
        skeleton_seqs.append(shingle_sequence(hashes[keep], shingle_words))
        if passages and len(keys) >= shingle_words:
            places = None
            for start, end, first, last in paragraphs:
                if last - first < MIN_PASSAGE_WORDS:
                    continue
                if places is None:
                    places = [0, *accumulate(len(k) + 1 for k in keys)]  # where each key starts in the view
                p_doc.append(d)
                p_span.append((start, end))
                p_view.append((places[first], places[last] - 1))
                p_words.append(last - first)
                p_ranges.append((offset + first, offset + last - shingle_words + 1))  # shingles wholly inside
        offset += len(seq)
    words, passage_sigs = _sign(word_seqs, np.array(p_ranges, dtype=np.int64).reshape(-1, 2), permutations)
    skeleton, _ = _sign(skeleton_seqs, None, permutations)
    return Prints(
        views=views,
        hashes=np.fromiter((content_hash(v) if v else 0 for v in views), dtype=np.int64, count=len(views)),
        lengths=np.array(lengths, dtype=np.int32),
        words=words,
        skeleton=skeleton,
        passage_doc=np.array(p_doc, dtype=np.int32),
        passage_span=np.array(p_span, dtype=np.int64).reshape(-1, 2),
        passage_view=np.array(p_view, dtype=np.int64).reshape(-1, 2),
        passage_words=np.array(p_words, dtype=np.int32),
        passages=passage_sigs,
    )


def _sign(seqs: list[np.ndarray], parts: np.ndarray | None, permutations: int) -> tuple[np.ndarray, np.ndarray]:
    bounds = np.zeros(len(seqs) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in seqs], out=bounds[1:])
    flat = np.concatenate(seqs) if seqs else np.empty(0, dtype=np.uint64)
    return sign_ranges(flat, bounds, parts, permutations)


def warm() -> None:
    """Load the lexicon and word frequencies the skeleton needs (a worker process's start-up)."""
    in_skeleton("the")


def compact(prints: Prints) -> dict[str, np.ndarray]:
    """The columns of :class:`Corpus` for a batch of prints: 16-bit signatures and whether each exists."""
    return {
        "hashes": prints.hashes,
        "lengths": prints.lengths,
        "words": prints.words.astype(np.uint16),
        "skeleton": prints.skeleton.astype(np.uint16),
        "has_words": prints.words.any(axis=1),
        "has_skeleton": prints.skeleton.any(axis=1),
    }


@dataclass
class Shard:
    """One partition read and fingerprinted: the columns verification and the passages stage read, for its documents.

    Verification reads them as a :class:`.verify.Corpus`.
    """

    ids: list[str]  # as found (repeats are renamed later)
    paths: list[str]
    dates: list[str | None]
    given: bool  # documents passed in memory: their ids are kept as they are
    views: Sequence[str]  # matching views: a list, or a ViewFile on disk (the local engine)
    columns: dict[str, np.ndarray]  # compact(): hashes, lengths, 16-bit signatures, has_words, has_skeleton
    paragraphs: Table  # doc (in the shard), span, view, words, sigs (8-bit)
    skipped: list[Skipped] = field(default_factory=list)
    empty_parts: list[Source] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


def read_shard(partition: Partition, *, strict: bool, config: FingerprintConfig, spill: str | None = None) -> Shard:
    """Read and fingerprint one partition (a worker's task).

    ``spill`` is a folder the matching views may wait in on disk (the
    local engine's scratch folder) instead of in memory.
    """
    found = read_partition(partition, strict=strict)
    docs = found.documents
    prints = fingerprint([d.text for d in docs], config)
    paragraphs = {
        "doc": prints.passage_doc.astype(np.int64),
        "span": prints.passage_span,
        "view": prints.passage_view,
        "words": prints.passage_words,
        "sigs": prints.passages.astype(np.uint8),
    }
    return Shard(
        ids=[d.id for d in docs],
        paths=[d.path for d in docs],
        dates=[document_date(d) for d in docs],
        given=partition.given,
        views=keep_views(prints.views, spill),
        columns=compact(prints),
        paragraphs=paragraphs,
        skipped=found.skipped,
        empty_parts=found.empty_parts,
    )
