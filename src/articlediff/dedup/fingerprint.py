"""The fingerprint stage: everything later stages need of a batch of documents, in one pass over each text.

For each document: its matching view (word keys joined by spaces, kept for
verification), its content hash (the identity of the view), a MinHash
signature of the shingles of all its words, one of its *skeleton* (the
words a synonym spinner leaves alone, :func:`.minhash.skeleton`), and one
for each *passage window*, for partial copies.  The three kinds of
signature are those of :mod:`.minhash`; a window's shingles are the
document's skeleton shingles that lie inside it, each hashed once for all
the windows that hold it (:func:`.minhash.sign_windows`).

**Passage windows, not paragraphs.**  Scraped news often comes as one line,
and a copied run of sentences may sit anywhere in another article, so
partial copies are found over windows of sentences, wherever the
paragraph breaks are (passim and TextPAIR seed reuse with shared n-grams
for the same reason).  A window starts at every sentence and takes the
sentences after it until it holds ``MIN_PASSAGE_WORDS`` words; one that
holds the next window whole is dropped (the shorter says the same).  A
sentence of more than ``MAX_PIECE_WORDS`` words (a text without sentence
ends) is cut into pieces of that many words from its start.  Two copies of
a run of sentences then have the same windows inside it, whatever comes
before and after.  A window is signed over its *skeleton* shingles: a
verbatim copy has the same skeleton, an edited one nearly so, and a spun
one too (that is what the skeleton is for), so one signature finds all
three; :mod:`.passages` tells them apart by the words.  On 325 distinct
real news stories (2,643 windows), no two windows of unrelated stories
reach a skeleton Jaccard of 0.4 (bench/experiments/window_skeletons.py).
A window needs ``MIN_WINDOW_SHINGLES`` skeleton shingles to be signed.
Windows of plain prose, whose content words all have synonyms, have
skeletons of function words mostly ("of the", "and the"), and two such
windows of unrelated texts can be alike by chance: ``dedup`` compares
the texts of the windows it pairs (``fuzz.ratio``), and an index, which
cannot, lets 2 of 150 unrelated Wikipedia sections through
(docs/benchmarks.md says what keying only telling windows cost).

Speed matters here: this stage runs on every document of a corpus.  Words
are found sentence by sentence with one ``findall`` (no match objects),
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

import numpy as np
import xxhash

from ..engines.tables import Table
from ..gcpause import paused_gc
from ..matching import WORD_RE
from ..read import Skipped, document_date
from ..read.partitions import Partition, read_partition
from ..read.sources import Source
from ..segment import paragraph_bounds, split_sentences
from . import minhash
from .config import FingerprintConfig
from .minhash import VOCABULARY, in_skeleton, shingle_sequence, sign_ranges, sign_windows
from .native import sign_batch
from .telling import MIN_TELLING_WORDS
from .views import keep_views

#: Words a passage window holds at least: a headline or a stock line alone is no evidence of copying.
MIN_PASSAGE_WORDS = 20
#: A sentence longer than this (in words) is cut into pieces this long, so a text without sentence ends still has windows.
MAX_PIECE_WORDS = 60
#: Telling skeleton shingles a window needs to be signed.
MIN_WINDOW_SHINGLES = 4
#: A paragraph of fewer words is no part of the running text (a heading, a byline, "Follow us on Twitter"):
#: no window holds it or reaches across it.
MIN_BLOCK_WORDS = 12
#: The configuration :func:`fingerprint` uses when given none (frozen, so one value serves every call).
DEFAULT_CONFIG = FingerprintConfig()

def document_keys(text: str) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """A text's word keys and the sentences of its running text as ``(start, end, first key, end key)``.

    :func:`document_numbers`, with each key's number turned back into the key.
    """
    numbers, sentences = document_numbers(text)
    return list(map(VOCABULARY.keys.__getitem__, numbers)), sentences


def document_numbers(text: str) -> tuple[list[int], list[tuple[int, int, int, int]]]:
    """A text's word keys, as their numbers in :data:`.minhash.VOCABULARY`, and the sentences of its running text
    as ``(start, end, first key, end key)``.

    The keys are those of :func:`articlediff.segment.iter_words` over the
    whole text: paragraphs (:func:`~articlediff.segment.iter_paragraphs`)
    and the gaps between them (bullets, list numbers) are read in order,
    each paragraph sentence by sentence (:func:`_sentences`), and no word
    crosses a sentence's edge.  A sentence of more than
    ``MAX_PIECE_WORDS`` words comes as pieces of that many.  The sentences
    of a paragraph of fewer than ``MIN_BLOCK_WORDS`` words are not listed
    (their words are keys all the same): a heading or a share line is no
    part of a passage, and windows do not reach across it (:func:`windows`).
    The numbers hold until the vocabulary is next trimmed: this call trims
    it first, so they hold for the document.
    """
    VOCABULARY.trim()
    keys_of = VOCABULARY.token_numbers
    findall = WORD_RE.findall
    keys: list[int] = []
    sentences: list[tuple[int, int, int, int]] = []
    pos = 0
    for p_start, p_end in paragraph_bounds(text):
        if p_start > pos:
            keys += keys_of(findall(text, pos, p_start))
        block = len(keys)
        found = []
        for start, end in _sentences(text, p_start, p_end):
            first = len(keys)
            keys += keys_of(findall(text, start, end))
            if len(keys) - first > MAX_PIECE_WORDS:
                found += _pieces(text, start, end, first)
            elif len(keys) > first:
                found.append((start, end, first, len(keys)))
        if len(keys) - block >= MIN_BLOCK_WORDS:
            sentences += found
        pos = p_end
    if pos < len(text):
        keys += keys_of(findall(text, pos))
    return keys, sentences


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one paragraph (:func:`~articlediff.segment.split_sentences`), none cut inside a word.

    The segmenter also cuts before a marker glued to a word ("...Headlinepublished at 10:00");
    such a cut is undone here, so the words found sentence by sentence are the paragraph's.
    """
    out: list[tuple[int, int]] = []
    for s, e in split_sentences(text, start, end):
        if out and s > 0 and text[s - 1].isalnum() and text[s].isalnum():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _pieces(text: str, start: int, end: int, first: int) -> list[tuple[int, int, int, int]]:
    """A long sentence ``text[start:end]`` (its first key is key ``first``) as pieces of ``MAX_PIECE_WORDS`` words."""
    places = [(m.start(), m.end()) for m in WORD_RE.finditer(text, start, end) if VOCABULARY.token_number(m.group()) >= 0]
    out = []
    for k in range(0, len(places), MAX_PIECE_WORDS):
        chunk = places[k : k + MAX_PIECE_WORDS]
        out.append((chunk[0][0], chunk[-1][1], first + k, first + k + len(chunk)))
    return out


def windows(sentences: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The passage windows of a document's sentences, as ``(start, end, first key, end key)`` (module documentation).

    A window starts at each sentence and ends with the first sentence that
    brings it to ``MIN_PASSAGE_WORDS`` words, and the last sentences, too short for a
    window of their own, end one that starts as late as it can.  A window
    depends on its own sentences only (none is dropped for what comes
    before it), so a run of sentences has the same windows wherever it
    is, and the windows of a run overlap or touch.  No window reaches
    across a gap in the words (a short paragraph :func:`document_keys`
    leaves out, a list number).
    """

    def short(i: int, j: int) -> bool:  # sentences i..j (j included) make no window
        first, last = sentences[i][2], sentences[j][3]
        return last - first < MIN_PASSAGE_WORDS

    found: list[tuple[int, int]] = []  # (first sentence, sentence after the last) of each window
    begin = 0
    for stop in [k for k in range(1, len(sentences)) if sentences[k][2] != sentences[k - 1][3]] + [len(sentences)]:
        found += _stretch_windows(short, begin, stop)  # a stretch of running text: sentences whose words follow on
        begin = stop
    out = [(sentences[i][0], sentences[j - 1][1], sentences[i][2], sentences[j - 1][3]) for i, j in found]
    return out


def _stretch_windows(short, begin: int, stop: int) -> list[tuple[int, int]]:
    """The windows of sentences ``begin..stop - 1`` (:func:`windows`): ``(first sentence, sentence after the last)``."""
    found: list[tuple[int, int]] = []
    j = begin
    for i in range(begin, stop):
        j = max(j, i)
        while j < stop and short(i, j):
            j += 1
        if j == stop:
            break
        found.append((i, j + 1))
    if found and found[-1][1] < stop:  # the last sentences: the shortest window that ends with them
        i = stop - 1
        while i > begin and short(i, stop - 1):
            i -= 1
        if not short(i, stop - 1):
            found.append((i, stop))
    return found


def content_hash(view: str) -> int:
    """The identity of a matching view: its xxHash64 as a signed 64-bit integer (SQLite's)."""
    h = xxhash.xxh64_intdigest(view.encode("utf-8"))
    return h - (1 << 64) if h >= 1 << 63 else h


@dataclass
class Prints:
    """The fingerprints of a batch of n documents and their m passage windows.

    Signature rows are all zeros for a document without shingles.  Window
    rows are in document order; ``passage_span`` is in the document's text,
    ``passage_view`` in its matching view, ``passage_keys`` in its word keys.
    """

    views: list[str]  # matching views
    hashes: np.ndarray  # (n,) int64 content hashes
    lengths: np.ndarray  # (n,) int32 words
    words: np.ndarray  # (n, permutations) uint32 MinHash of all-word shingles
    skeleton: np.ndarray  # (n, permutations) uint32 MinHash of the skeleton's shingles
    telling: np.ndarray  # (n, permutations) uint32 MinHash of the set of telling words (:mod:`.telling`)
    telling_words: np.ndarray  # (n,) int32 telling words (with repeats: an upper bound of the set's size)
    passage_doc: np.ndarray  # (m,) int32 document of each window (0..n-1), ascending: a document's windows are one run
    passage_span: np.ndarray  # (m, 2) int64 [start, end) in the document's text
    passage_view: np.ndarray  # (m, 2) int64 [start, end) in the document's matching view
    passage_keys: np.ndarray  # (m, 2) int64 [first, end) of its words among the document's
    passage_words: np.ndarray  # (m,) int32
    passages: np.ndarray  # (m, permutations) uint32 MinHash of the window's skeleton shingles

    def __len__(self) -> int:
        return len(self.views)


def fingerprint(texts: list[str], config: FingerprintConfig = DEFAULT_CONFIG, *, passages: bool = True) -> Prints:
    """Fingerprint a batch of texts with ``config``'s shingle size and permutations (see the module documentation).

    The cyclic garbage collector is paused meanwhile (:mod:`articlediff.gcpause`): the stage builds a list or a
    tuple for every sentence and window of the batch and no reference cycle.
    """
    with paused_gc():
        return _fingerprint(texts, config, passages)


def _fingerprint(texts: list[str], config: FingerprintConfig, passages: bool) -> Prints:
    shingle_words, permutations = config.shingle_words, config.permutations
    views: list[str] = []
    numbers: list[int] = []  # every word of the batch, as its vocabulary number
    found: list[tuple[int, int, int, int]] = []  # every window of the batch: start, end, first key, end key
    found_doc: list[int] = []
    first_key = np.zeros(len(texts) + 1, dtype=np.int64)  # the batch's words before each document
    vocabulary = VOCABULARY
    for d, text in enumerate(texts):
        mine, sentences = document_numbers(text)
        views.append(" ".join(map(vocabulary.keys.__getitem__, mine)))
        numbers += mine
        first_key[d + 1] = len(numbers)
        if passages:
            here = windows(sentences)
            found += here
            found_doc += [d] * len(here)
    at = np.array(numbers, dtype=np.int64)
    keep = vocabulary.skeleton[at]
    kept_before = np.concatenate(([0], np.cumsum(keep)))  # skeleton words of the batch before each word
    kept = kept_before[first_key[1:]] - kept_before[first_key[:-1]]  # each document's skeleton words
    # skeleton shingles: one for a document of fewer words than a shingle, none for one without skeleton words
    shingle_count = np.where(kept >= shingle_words, kept - shingle_words + 1, np.minimum(kept, 1))
    win, doc, view_at, ranges = _window_places(found, found_doc, first_key, kept_before, shingle_count, at, shingle_words)
    a, b, multipliers = minhash.parameters(permutations)
    native = sign_batch(at, first_key, vocabulary, shingle_words, multipliers, a, b, np.column_stack((doc, ranges)))
    if native is not None:
        words, skeleton, telling_sigs, passage_sigs, telling_words = native
    else:
        words, skeleton, telling_sigs, passage_sigs, telling_words = _sign_numpy(
            at, first_key, keep, shingle_count, doc, ranges, shingle_words, permutations
        )
    return Prints(
        views=views,
        hashes=np.fromiter((content_hash(v) if v else 0 for v in views), dtype=np.int64, count=len(views)),
        lengths=np.diff(first_key).astype(np.int32),
        words=words,
        skeleton=skeleton,
        telling=telling_sigs,
        telling_words=telling_words.astype(np.int32),
        passage_doc=doc.astype(np.int32),
        passage_span=win[:, :2].copy(),
        passage_view=view_at,
        passage_keys=win[:, 2:].copy(),
        passage_words=(win[:, 3] - win[:, 2]).astype(np.int32),
        passages=passage_sigs,
    )


def _window_places(found, found_doc, first_key, kept_before, shingle_count, at, shingle_words):
    """The windows worth signing, and where each lies: ``(windows, documents, places in the view, shingle ranges)``.

    A window (``found``: start, end, first key, end key, of document ``found_doc``) is signed over the skeleton
    shingles wholly inside it, a range ``[first, end)`` among its document's; it needs ``MIN_WINDOW_SHINGLES`` of
    them.  Its place in the document's matching view follows from its words' key lengths.
    """
    win = np.array(found, dtype=np.int64).reshape(-1, 4)
    doc = np.array(found_doc, dtype=np.int64)
    if not len(win):
        return win, doc, np.empty((0, 2), dtype=np.int64), np.empty((0, 2), dtype=np.int64)
    keep_doc = shingle_count[doc] > 0  # windows of a document without skeleton shingles are never signed
    win, doc = win[keep_doc], doc[keep_doc]
    base = first_key[doc]
    first = kept_before[base + win[:, 2]] - kept_before[base]
    end = np.maximum(first, kept_before[base + win[:, 3]] - kept_before[base] - shingle_words + 1)
    signed = end - first >= MIN_WINDOW_SHINGLES
    places = np.concatenate(([0], np.cumsum(VOCABULARY.lengths[at] + 1)))  # view offset of each word of the batch
    view_at = np.stack((places[base + win[:, 2]], places[base + win[:, 3]] - 1), axis=1) - places[base][:, None]
    return win[signed], doc[signed], view_at[signed], np.stack((first, end), axis=1)[signed]


def _sign_numpy(at, first_key, keep, shingle_count, doc, ranges, shingle_words, permutations):
    """The batch's signatures with numpy (where the compiled path is not built): as :func:`.native.sign_batch`."""
    hashes, telling = VOCABULARY.hashes[at], VOCABULARY.telling[at]
    word_seqs, skeleton_seqs, telling_seqs = [], [], []
    for d in range(len(first_key) - 1):
        lo, hi = first_key[d], first_key[d + 1]
        mine = hashes[lo:hi]
        word_seqs.append(shingle_sequence(mine, shingle_words))
        skeleton_seqs.append(shingle_sequence(mine[keep[lo:hi]], shingle_words))
        telling_seqs.append(mine[telling[lo:hi]])
    first_shingle = np.concatenate(([0], np.cumsum(shingle_count)[:-1])).astype(np.int64)
    words, _ = _sign(word_seqs, None, permutations)
    skeleton, passages = _sign(skeleton_seqs, ranges + first_shingle[doc][:, None], permutations, overlapping=True)
    telling_sigs, _ = _sign(telling_seqs, None, permutations)  # a set's MinHash: repeats change nothing
    counts = np.fromiter(map(len, telling_seqs), dtype=np.int64, count=len(telling_seqs))
    return words, skeleton, telling_sigs, passages, counts


def _sign(
    seqs: list[np.ndarray], parts: np.ndarray | None, permutations: int, overlapping: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    bounds = np.zeros(len(seqs) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in seqs], out=bounds[1:])
    flat = np.concatenate(seqs) if seqs else np.empty(0, dtype=np.uint64)
    if overlapping:
        return sign_windows(flat, bounds, parts, permutations)
    return sign_ranges(flat, bounds, parts, permutations)


def warm() -> None:
    """Load the lexicon and word frequencies the skeleton needs (a worker process's start-up)."""
    in_skeleton("the")


def compact(prints: Prints, *, rewrites: bool = True) -> dict[str, np.ndarray]:
    """The columns of :class:`Corpus` for a batch of prints: 16-bit signatures and whether each exists.

    ``has_telling`` marks documents with enough telling words for the rewrite relation (counted with
    repeats: verification counts the set).  Without ``rewrites`` the telling columns are left out, and
    verification then finds no rewrite.
    """
    out = {
        "hashes": prints.hashes,
        "lengths": prints.lengths,
        "words": prints.words.astype(np.uint16),
        "skeleton": prints.skeleton.astype(np.uint16),
        "has_words": prints.words.any(axis=1),
        "has_skeleton": prints.skeleton.any(axis=1),
        "telling": prints.telling.astype(np.uint16),
        "has_telling": prints.telling_words >= MIN_TELLING_WORDS,
    }
    if not rewrites:
        del out["telling"], out["has_telling"]
    return out


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
    columns: dict[str, np.ndarray]  # compact(): hashes, lengths, 16-bit signatures, has_words, has_skeleton, has_telling
    paragraphs: Table  # passage windows: doc (in the shard), span, view, words, keys, sigs (8-bit)
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
        "keys": prints.passage_keys,
        "sigs": prints.passages.astype(np.uint8),
    }
    return Shard(
        ids=[d.id for d in docs],
        paths=[d.path for d in docs],
        dates=[document_date(d) for d in docs],
        given=partition.given,
        views=keep_views(prints.views, spill),
        columns=compact(prints, rewrites=config.rewrites),
        paragraphs=paragraphs,
        skipped=found.skipped,
        empty_parts=found.empty_parts,
    )
