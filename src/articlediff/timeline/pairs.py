"""What comparing two articles of a story shows: their aligned passages, which side reads spun, how much text they share.

The timeline compares each linked pair of articles once (:class:`Pairs`) and
reads three kinds of evidence from it before it decides the order:

* the aligned sentence pairs (:func:`articlediff.compare`) and, among the
  sentences both leave unpaired, the paraphrases (:func:`paraphrased_pairs`);
* the synonym swaps of each aligned pair and the side on which they read
  worse (:mod:`.copies`): with the articles' spin scores, which article is
  a spun copy of which (:func:`spun_copies`, :func:`claim`);
* how much of each article the other holds, and how closely
  (:func:`holders`): what an undated article is presumed to copy.

Once the order is known it also compares the facts of the pairs linked by
their facts (:meth:`Pairs.compare_facts`).  Both kinds of work can be shared
with forked worker processes (:func:`articlediff.pool.shared_map`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from ..compare import Comparison, compare, keys_of
from ..dedup.telling import telling_word
from ..facts.pairing import one_to_one
from ..facts.provenance import agreeing_dates, compare_facts
from ..models import Sentence
from ..pool import available_cores, fork_is_safe, process_pool, shared_map
from ..prepare import Prepared
from .copies import PairEvidence, passage_evidence

#: Synonym swaps with one other article that must read worse in an article to flag it as spun ...
SPUN_MIN_SWAPS = 3
#: ... and the share of the swaps with that article that must read worse on its side.
SPUN_SIDE_SHARE = 2 / 3
#: Paraphrase score (0-100) at which two sentences the matcher left unpaired are paired.  Higher
#: than the scorer's own threshold (chosen on balanced labelled pairs, docs/paraphrase.md): here
#: every leftover sentence meets every other of an article on the same story, hundreds of pairs
#: per article, and at 32.5 about 0.4% of unrelated same-story pairs pass, a few false
#: "paraphrased" passages per article.  A missed paraphrase is reported as added; a false one
#: would be a wrong provenance.
PARAPHRASE_PAIRING = 50.0

#: Share of an undated article's text shared with a dated one for it to be presumed a copy of
#: it, and placed after it (:mod:`.order`).
PRESUMED_COPY_SHARE = 0.3
#: Pairs a worker makes per task when the timeline shares its comparisons with worker processes.
PAIR_CHUNK = 16
#: Fact comparisons a worker makes per task (each is cheaper than a pair's comparison).
FACT_CHUNK = 32
#: Fact comparisons at which workers are forked for them (forking costs more than a few).
PARALLEL_FACTS = 200

#: What forked workers can read, as the fork left it (set by :func:`shared_with_workers` before the fork):
#: ``"pairs"``, the :class:`Pairs` whose articles they compare.
_FORKED: dict = {}


@dataclass(frozen=True, slots=True)
class FactsCompared:
    """What the timeline reads of two articles' facts compared (:meth:`Pairs.compare_facts`): the dates they agree
    on, as ``(the later article's fact key, the earlier article's words for it)``, and the facts the later states
    otherwise, as ``(type, before, after)``.

    Only these, not the facts themselves: a worker sends its results back pickled, and whole
    :class:`articlediff.facts.provenance.FactComparison` objects (every fact of both articles) are 8.7 MB
    for the 9,482 comparisons of the timeline benchmark's 1,000 articles, these 0.2 MB.
    """

    agreeing: tuple[tuple[str, str], ...]
    changed: tuple[tuple[str, str, str], ...]


@dataclass
class Pair:
    """Article ``b`` compared with the earlier article ``a``: the aligned and paraphrased pairs, and the spin evidence."""

    comparison: Comparison
    extra: list[tuple[range, range, float]]
    evidence: list[tuple[object, PairEvidence, int, int]]  # each aligned pair, its swaps, swaps worse on a, on b
    worse_a: int = 0
    worse_b: int = 0
    swaps: int = 0
    covered_a: float = 0.0  # share of a's sentence text in pairs with b
    covered_b: float = 0.0
    match_a: float = 0.0  # the same, each sentence weighed by its pair's score (0-1): how closely b holds a's text
    match_b: float = 0.0


class Pairs:
    """The comparisons of article pairs, made once each, in the direction asked for (earlier, later)."""

    def __init__(self, ready: Sequence[Prepared], threshold: float) -> None:
        self._ready = ready
        self._threshold = threshold
        self.made: dict[tuple[int, int], Pair] = {}
        self._of: dict[int, list[tuple[int, int]]] = {}  # each article's pairs, in the order they were made

    def get(self, a: int, b: int) -> Pair:
        if (a, b) not in self.made:
            self._keep(a, b, self._make(a, b))
        return self.made[(a, b)]

    def _keep(self, a: int, b: int, pair: Pair) -> None:
        self.made[(a, b)] = pair
        self._of.setdefault(a, []).append((a, b))
        self._of.setdefault(b, []).append((a, b))

    def make_all(self, wanted: Sequence[tuple[int, int]], pool=None, done=None) -> None:
        """Make the pairs ``wanted``, in their order, sharing the work with ``pool``'s forked workers when given
        (:func:`articlediff.pool.shared_map`: the same pairs, kept in the same order as one by one).

        The workers read the articles as the fork left them: only while this
        object is :func:`shared_with_workers` (and was when they forked).
        ``done(n)`` is called with each pair's index in ``wanted`` once it is kept.
        """
        wanted = [w for w in dict.fromkeys(wanted) if w not in self.made]
        pool = pool if _FORKED.get("pairs") is self else None
        made = shared_map(pool, _make_chunk, lambda ab: self._make(*ab), wanted, PAIR_CHUNK)
        for n, ((a, b), pair) in enumerate(zip(wanted, made)):
            self._keep(a, b, pair)
            if done:
                done(n)

    def compare_facts(self, wanted: Sequence[tuple[int, int, bool]], dates: Sequence) -> list[FactsCompared]:
        """The facts of each pair ``(a, b, changes)`` of articles compared (:func:`.facts.compare_facts` of their
        texts, dated ``dates[a]`` and ``dates[b]``), with the dates they agree on (:func:`.facts.agreeing_dates`),
        in the order asked for (:meth:`comparing_facts`, read at once)."""
        with self.comparing_facts(wanted, dates) as compared:
            return compared()

    @contextmanager
    def comparing_facts(self, wanted: Sequence[tuple[int, int, bool]], dates: Sequence) -> Iterator[Callable[[], list]]:
        """:meth:`compare_facts`, started now: the block's own work runs meanwhile, and the function it is given
        returns the comparisons (this process joins in with what no worker has started).

        Pairing two articles' facts for changes is a large part of a timeline's cost (5 s of 30 at 1,000
        articles), and it needs only the texts: the work is shared (:func:`articlediff.pool.shared_map`) with
        workers forked for it, while this object is :func:`shared_with_workers`.  They are forked now, not
        taken from the spin scoring's pool: that one forked before this process read the articles' facts
        (an analysis per text, cached), and its workers would read them all again.  The timeline describes
        its articles while they work: that part is this process's alone, and a core would idle through it.
        """
        items = [(a, b, dates[a], dates[b], changes) for a, b, changes in wanted]
        cores = available_cores()
        if _FORKED.get("pairs") is not self or cores < 2 or len(items) < PARALLEL_FACTS or not fork_is_safe():
            yield lambda: list(map(self._facts, items))
            return
        with process_pool(cores, method="fork") as pool:
            results = shared_map(pool, _facts_chunk, self._facts, items, FACT_CHUNK)
            yield lambda: list(results)

    def _facts(self, item: tuple) -> FactsCompared:
        a, b, on_a, on_b, changes = item
        a_text, b_text = self._ready[a].document.text, self._ready[b].document.text
        found = agreeing_dates(compare_facts(a_text, b_text, on_a, on_b, changes=changes), a_text, b_text, telling_word)
        return FactsCompared(
            tuple((kb, fa.text) for _, kb, fa, _ in found.agreeing), tuple((c.type, c.before, c.after) for c in found.changed)
        )

    def _make(self, a: int, b: int) -> Pair:
        pa, pb = self._ready[a], self._ready[b]
        comparison = compare(pa, pb, threshold=self._threshold, facts=False)  # facts: _fact_evidence, linked pairs only
        extra = paraphrased_pairs(pa, pb, comparison)
        out = Pair(comparison, extra, [])
        for pair in comparison.pairs:
            a_keys = keys_of(pa.sentences, pair.a_sentences)
            b_keys = keys_of(pb.sentences, pair.b_sentences)
            evidence, worse_a, worse_b = passage_evidence(tuple(a_keys), tuple(b_keys))
            out.evidence.append((pair, evidence, worse_a, worse_b))
            out.worse_a += worse_a
            out.worse_b += worse_b
            out.swaps += len(evidence.swaps)
        scores_a: dict[int, float] = {}
        scores_b: dict[int, float] = {}
        for p in comparison.pairs:
            scores_a.update(dict.fromkeys(p.a_sentences, p.score / 100))
            scores_b.update(dict.fromkeys(p.b_sentences, p.score / 100))
        for ra, rb, score in extra:
            scores_a.update(dict.fromkeys(ra, score / 100))
            scores_b.update(dict.fromkeys(rb, score / 100))
        out.covered_a = share(pa.sentences, dict.fromkeys(scores_a, 1.0))
        out.covered_b = share(pb.sentences, dict.fromkeys(scores_b, 1.0))
        out.match_a = share(pa.sentences, scores_a)
        out.match_b = share(pb.sentences, scores_b)
        return out

    def sides(self, k: int):
        """``(other, worse here, worse there, swaps)`` for every pair made with article ``k``."""
        for a, b in self._of.get(k, ()):
            p = self.made[(a, b)]
            if a == k:
                yield b, p.worse_a, p.worse_b, p.swaps
            else:
                yield a, p.worse_b, p.worse_a, p.swaps


def share(sentences: Sequence[Sentence], weights: dict[int, float]) -> float:
    """The part of an article's sentence text (in characters) that the sentences in ``weights`` make up, each weighed."""
    total = sum(s.end - s.start for s in sentences if s.keys)
    return sum((s.end - s.start) * weights.get(s.index, 0.0) for s in sentences if s.keys) / total if total else 0.0


def claim(bad: int, total: int, copy_score: float, source_score: float) -> bool:
    """Whether the swaps and the spin scores agree that one side of a pair was spun from the other.

    On the timeline benchmark's 1,000 articles the swaps alone named a clean
    original a spun copy of its own spun copy 22 times (the spinner's
    synonyms happened to read better by word pairs); the spin score, which
    judges each whole text, disagreed each time.
    """
    return spin_verdict(bad, total) and copy_score > source_score


def spin_verdict(bad: int, total: int) -> bool:
    """Whether ``bad`` of ``total`` synonym swaps reading worse on one side make that side the spun one."""
    return bad >= SPUN_MIN_SWAPS and bad >= SPUN_SIDE_SHARE * total


def spun_copies(pairs: Pairs, scores: Sequence[float]) -> dict[int, set[int]]:
    """``{copy: sources}``: each article whose swaps with others read worse on its side, and those others.

    A spun copy reads worse than its source, and than every unspun article
    that holds the same text (a reprint of the source, an edited copy): the
    evidence says the copy was spun from *an* unspun version, not which.
    The swaps are judged by word-pair statistics alone, which a spinner's
    well-chosen synonyms can fool, so a claim also needs the whole-text
    spin score (``scores``, the normaliser's) to be higher on the copy's
    side (:func:`claim`).  Two articles that each read worse than the
    other contradict each other: neither claim is kept.
    """
    out: dict[int, set[int]] = {}
    for (a, b), p in pairs.made.items():
        for copy, source, bad in ((a, b, p.worse_a), (b, a, p.worse_b)):
            if claim(bad, p.swaps, scores[copy], scores[source]):
                out.setdefault(copy, set()).add(source)
    for copy, sources in out.items():
        sources -= {s for s in list(sources) if copy in out.get(s, ())}
    return {copy: sources for copy, sources in out.items() if sources}


def holders(pairs: Pairs) -> dict[int, dict[int, float]]:
    """For each article, the others that hold a real part of its text (``PRESUMED_COPY_SHARE``), and how closely.

    How closely: the share of its text they hold, each sentence weighed by
    its pair's score, so an article holding a passage word for word beats
    one holding an edited version of it (a reprint of an update matches the
    update better than the original).
    """
    out: dict[int, dict[int, float]] = {}
    for (a, b), p in pairs.made.items():
        if p.covered_a >= PRESUMED_COPY_SHARE:
            out.setdefault(a, {})[b] = p.match_a
        if p.covered_b >= PRESUMED_COPY_SHARE:
            out.setdefault(b, {})[a] = p.match_b
    return out


def paraphrased_pairs(source: Prepared, article: Prepared, comparison: Comparison) -> list[tuple[range, range, float]]:
    """Sentences both articles left unpaired that the paraphrase scorer pairs, one to one, best first."""
    from ..paraphrase import paraphrase_score
    from ..score import Vocabulary

    sa, sb = source.sentences, article.sentences
    used_a = {i for p in comparison.pairs for i in p.a_sentences}
    used_b = {j for p in comparison.pairs for j in p.b_sentences}
    vocab = Vocabulary()
    left_a = [(s.index, vocab.view(s.keys)) for s in sa if s.index not in used_a and len(s.keys) >= 4]
    left_b = [(s.index, vocab.view(s.keys)) for s in sb if s.index not in used_b and len(s.keys) >= 4]
    scored = []
    for i, va in left_a:
        for j, vb in left_b:
            score = paraphrase_score(va, vb)
            if score >= PARAPHRASE_PAIRING:
                scored.append((-score, i, j))
    score_of = {(i, j): -neg for neg, i, j in scored}
    return [(range(i, i + 1), range(j, j + 1), score_of[i, j]) for i, j in one_to_one(scored)]


def swap_evidence(k: int, ids: Sequence[str], pairs: Pairs, scores: Sequence[float]) -> str:
    """Why article ``k`` reads as the spun side of its synonym swaps with some other article ("" if it does not).

    Judged against each other article on its own (and with the spin scores'
    agreement, :func:`claim`): a spun copy reads worse than its source, but
    only about as well as another spun copy of the same source (each has
    its own swaps), so totals over all articles would blur the verdict.
    """
    best = None
    for other, bad, _, total in pairs.sides(k):
        if claim(bad, total, scores[k], scores[other]) and (best is None or bad > best[0]):
            best = (bad, total, ids[other])
    if best is None:
        return ""
    return f"{best[0]} of {best[1]} synonym swaps with {best[2]} read worse here"


def _make_chunk(chunk: list[tuple[int, int]]) -> list[Pair]:
    """A worker's task: the pairs of ``chunk``, made from the articles it inherited at the fork."""
    return [_FORKED["pairs"]._make(a, b) for a, b in chunk]


def _facts_chunk(chunk: list[tuple]) -> list[FactsCompared]:
    """A worker's task: the fact comparisons of ``chunk`` (:meth:`Pairs.compare_facts`), of the articles it inherited."""
    return [_FORKED["pairs"]._facts(item) for item in chunk]


class shared_with_workers:
    """While in effect, processes forked from this one can make ``pairs``' comparisons (:meth:`Pairs.make_all`):
    set it before the workers fork."""

    def __init__(self, pairs: Pairs) -> None:
        self._shared = {"pairs": pairs}

    def __enter__(self) -> Pairs:
        _FORKED.clear()
        _FORKED.update(self._shared)
        return self._shared["pairs"]

    def __exit__(self, *exc) -> None:
        _FORKED.clear()
