"""``timeline``: what each article of a story takes from earlier ones, adds, drops and changes.

For each article, in time order (:mod:`.dates`), against every earlier
article on the same story (:mod:`.story`):

1. its sentences are aligned with the earlier article's
   (:func:`articlediff.compare`, the matcher of ``compare``), and the
   sentences both leave unpaired get a second chance with the paraphrase
   scorer (:mod:`articlediff.paraphrase`), which pairs rewritten sentences
   that share content but not wording;
2. each of its passages keeps the best match over all earlier articles
   (the highest score; the earliest article on a tie) as its provenance,
   with a kind: ``verbatim``, ``edited``, ``spun`` (:mod:`.copies`) or
   ``paraphrased``;
3. its other sentences are *added*; the earlier article it copies most
   from is the one it *depends on*, and that article's passages it leaves
   out are *dropped*;
4. facts (numbers, money, dates, names, quotes; :mod:`articlediff.facts`)
   are compared between copied passages and, anchored by the words around
   them, between the article and each earlier one on the story.

Each article also gets a spin score and a ``spun`` flag: from the
normaliser's language model when ``lm`` asks for it, and from the synonym
swaps of its aligned passages (the side that reads worse is the spun one;
:func:`.copies.spun_side`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..align import DEFAULT_THRESHOLD
from ..compare import Comparison, compare, unpaired_passages
from ..errors import UsageError
from ..facts.pairing import one_to_one
from ..models import Sentence
from ..prepare import Prepared, prepare
from ..read import Document, apply_manifest, iter_documents, load_manifest
from .copies import pair_evidence, spun_side
from .dates import article_date, time_order
from .model import Copied, Entry, FactChange, Passage, Ref, Timeline
from .spin import SpinScoring
from .story import STORY_THRESHOLD, earlier_related

ORDERS = ("date", "given")
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

Progress = Callable[[int, int], None]


def collect(items: Iterable[Document | str | os.PathLike]) -> list[Document]:
    """Articles from ``Document`` objects and paths, in the order given.

    Paths are read as ``dedup`` reads them (:func:`articlediff.read.iter_documents`):
    files, folders (their ``.txt``, ``.md`` and ``.jsonl`` files, recursively,
    by path) and ``-`` (JSONL on standard input); an input that cannot be
    read is an error, not a skip.
    """
    out: list[Document] = []
    paths: list[str | os.PathLike] = []
    for item in [*items, None]:
        if isinstance(item, (str, os.PathLike)):
            paths.append(item)
            continue
        if paths:
            out.extend(iter_documents(paths, strict=True))
            paths = []
        if item is not None:
            out.append(item)
    return out


def article_ids(articles: Sequence[Document]) -> list[str]:
    """A short unique id per article: the file name without extension, made unique by its folders if needed."""
    stems = [_stem(a) for a in articles]
    ids: list[str] = []
    seen: set[str] = set()
    for n, (article, stem) in enumerate(zip(articles, stems)):
        if stem is None:
            candidate = f"article-{n + 1}"
        elif stems.count(stem) == 1:
            candidate = stem
        else:
            candidate = Path(article.path).with_suffix("").as_posix().lstrip("./")
        while candidate in seen:
            candidate += "'"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _stem(article: Document) -> str | None:
    """The article's own name: its JSONL id, else its file's name without extension (None for text given in memory)."""
    if article.line is not None:
        return article.id
    return Path(article.path).stem if article.path not in ("<text>", "<stdin>", "-") else None


def timeline(
    items: Iterable[Document | str | os.PathLike],
    *,
    order: str = "date",
    threshold: float = DEFAULT_THRESHOLD,
    story_threshold: float = STORY_THRESHOLD,
    lm: str = "trigram",
    progress: Progress | None = None,
    manifest: str | os.PathLike | None = None,
) -> Timeline:
    """Build the timeline of a story from articles, files or folders (see the module docstring).

    ``order`` is ``"date"`` (by each article's date; undated ones first, in
    the order given) or ``"given"``.  ``threshold`` is the matcher's
    (as in ``compare``); ``story_threshold`` the content-word cosine at which
    two articles count as the same story.  ``lm`` picks the normaliser's
    spin scoring: ``"trigram"`` (the default: the trigram model, about
    50 ms an article, whose gate gives a verdict), ``"none"`` (word-pair
    statistics, faster, no verdict of their own), ``"auto"`` or
    ``"smollm2"`` (the language model of the ``lm`` extra; about a minute
    per article on one core).  ``progress(done, total)`` is called after
    each article is described (spin scores are gathered after the last).
    ``manifest`` is a CSV or JSON file of the articles' fields, which win
    over their own (:func:`articlediff.read.load_manifest`).
    """
    if order not in ORDERS:
        raise UsageError(f"unknown order {order!r}; choose from {', '.join(ORDERS)}")
    if not 0 <= threshold <= 100:
        raise ValueError("threshold must be between 0 and 100")
    given = collect(items)
    if manifest is not None:
        given = apply_manifest(given, load_manifest(manifest))
    if not given:
        raise UsageError("no articles to put in a timeline")
    ids = article_ids(given)
    ready = [prepare(a) for a in given]
    dated = [article_date(a) for a in ready]
    positions = time_order([d for d, _ in dated]) if order == "date" else list(range(len(given)))
    prepared = [ready[p] for p in positions]
    entries = [Entry(given[p], ids[p], *dated[p]) for p in positions]
    related = earlier_related(prepared, story_threshold)
    sides: dict[tuple[int, int], list[int]] = {}  # (earlier, later): swaps worse on each side, swaps in all
    with SpinScoring([p.cleaned.text for p in prepared], lm) as scoring:  # runs meanwhile, if it can
        for k in range(len(entries)):
            _describe(k, entries, prepared, related[k], threshold, sides)
            if progress:
                progress(k + 1, len(entries))
        verdicts = scoring.results()
    for k, entry in enumerate(entries):
        _spin(entry, _swap_evidence(k, entries, sides), *verdicts[k])
    return Timeline(entries, order)


def _describe(
    k: int, entries: list[Entry], prepared: list[Prepared], related: list[tuple[int, float]], threshold: float, sides
) -> None:
    """Fill in entry ``k``: copied, added, depends_on, dropped and fact changes against ``related`` earlier entries.

    ``prepared[j]`` is entry ``j``'s article made ready to be matched (normalised once for all comparisons).
    """
    from ..facts import anchored_changes, extract_facts, fact_changes

    entry = entries[k]
    article = entry.article
    mine = prepared[k]
    found: list[tuple[Copied, int]] = []  # candidate provenance, with the earlier entry's index
    comparisons: dict[int, tuple[Comparison, list[tuple[range, range, float]]]] = {}
    for j, _ in related:
        source = entries[j].article
        comparison = compare(prepared[j], mine, threshold=threshold)
        extra = paraphrased_pairs(prepared[j], mine, comparison)
        comparisons[j] = (comparison, extra)
        for pair in comparison.pairs:
            a_words = _words(prepared[j].sentences, pair.a_sentences)
            b_words = _words(mine.sentences, pair.b_sentences)
            evidence = pair_evidence(a_words, b_words)
            counts = sides.setdefault((j, k), [0, 0, 0])
            worse_a, worse_b = spun_side(a_words, b_words, evidence.swaps)
            counts[0] += worse_a
            counts[1] += worse_b
            counts[2] += len(evidence.swaps)
            kind = "verbatim" if not pair.edits else ("spun" if evidence.spun else "edited")
            ref = Ref(entries[j].id, pair.a.start, pair.a.end)
            found.append((Copied(pair.b.start, pair.b.end, pair.b.text, ref, kind, pair.score, len(evidence.swaps)), j))
        for a_range, b_range, score in extra:
            a_span = _cover(prepared[j], a_range)
            b_span = _cover(mine, b_range)
            ref = Ref(entries[j].id, a_span[0], a_span[1])
            found.append((Copied(*b_span, article.text[b_span[0] : b_span[1]], ref, "paraphrased", score), j))
    chosen = _choose(found)
    entry.copied = [c for c, _ in chosen]
    covered = [(c.start, c.end) for c in entry.copied]
    sentences = mine.sentences
    paired = {s.index for s in sentences if any(start <= s.start < end for start, end in covered)}
    entry.added = [Passage(p.start, p.end, p.text) for p in unpaired_passages(article, sentences, paired)]
    weight: dict[int, int] = {}
    for c, j in chosen:
        weight[j] = weight.get(j, 0) + (c.end - c.start)
    if weight:
        j = max(weight, key=lambda x: (weight[x], x))
        entry.depends_on = entries[j].id
        comparison, extra = comparisons[j]
        source = entries[j].article
        kept = {i for p in comparison.pairs for i in p.a_sentences} | {i for a, _, _ in extra for i in a}
        entry.dropped = [
            Passage(p.start, p.end, p.text, entries[j].id) for p in unpaired_passages(source, prepared[j].sentences, kept)
        ]
    # Fact changes: inside copied passages, then anchored across the article and each earlier one,
    # the most recent first; a fact of this article is reported once.
    changes: dict[tuple[int, int], FactChange] = {}
    for c, j in chosen:
        if c.kind == "verbatim":
            continue
        source = entries[j].article
        for f in fact_changes(source.text, (c.source.start, c.source.end), article.text, (c.start, c.end)):
            changes.setdefault((f.b_start, f.b_end), _fact(f, entries[j].id, entry.id))
    own_facts = extract_facts(article.text)
    for j in sorted((j for j, _ in related), reverse=True):
        source = entries[j].article
        for f in anchored_changes(source.text, extract_facts(source.text), article.text, own_facts):
            changes.setdefault((f.b_start, f.b_end), _fact(f, entries[j].id, entry.id))
    entry.fact_changes = sorted(changes.values(), key=lambda f: (f.b.start, f.b.end))


def paraphrased_pairs(source: Prepared, article: Prepared, comparison: Comparison) -> list[tuple[range, range, float]]:
    """Sentences both articles left unpaired that the paraphrase scorer pairs, one to one, best first."""
    from ..paraphrase import paraphrase_score
    from ..score import Vocabulary

    sa, sb = source.sentences, article.sentences
    used_a = {i for p in comparison.pairs for i in p.a_sentences}
    used_b = {j for p in comparison.pairs for j in p.b_sentences}
    vocab = Vocabulary()
    left_a = [(s.index, vocab.view(s.keys)) for s in sa if s.index not in used_a and len(s.words) >= 4]
    left_b = [(s.index, vocab.view(s.keys)) for s in sb if s.index not in used_b and len(s.words) >= 4]
    scored = []
    for i, va in left_a:
        for j, vb in left_b:
            score = paraphrase_score(va, vb)
            if score >= PARAPHRASE_PAIRING:
                scored.append((-score, i, j))
    score_of = {(i, j): -neg for neg, i, j in scored}
    return [(range(i, i + 1), range(j, j + 1), score_of[i, j]) for i, j in one_to_one(scored)]


def _choose(found: list[tuple[Copied, int]]) -> list[tuple[Copied, int]]:
    """Non-overlapping provenance for the article's passages: the best score first, the earliest source on a tie."""
    chosen: list[tuple[Copied, int]] = []
    for c, j in sorted(found, key=lambda x: (-x[0].score, x[1], x[0].start)):
        if all(c.end <= d.start or d.end <= c.start for d, _ in chosen):
            chosen.append((c, j))
    return sorted(chosen, key=lambda x: x[0].start)


def _swap_evidence(k: int, entries: list[Entry], sides) -> str:
    """Why entry ``k`` reads as the spun side of its synonym swaps with some other article ("" if it does not).

    Judged against each other article on its own: a spun copy reads worse
    than its source, but only about as well as another spun copy of the
    same source (each has its own swaps), so totals over all articles
    would blur the verdict.
    """
    best = None
    for (j, later), (worse_j, worse_later, total) in sides.items():
        if k not in (j, later):
            continue
        bad, other = (worse_j, later) if k == j else (worse_later, j)
        if bad >= SPUN_MIN_SWAPS and bad >= SPUN_SIDE_SHARE * total and (best is None or bad > best[0]):
            best = (bad, total, entries[other].id)
    if best is None:
        return ""
    return f"{best[0]} of {best[1]} synonym swaps with {best[2]} read worse here"


def _spin(entry: Entry, swaps: str, score: float, spin: dict) -> None:
    """Set the entry's spin score and flag from the normaliser's verdict (``spin``) and from its synonym swaps."""
    entry.spin_score = score
    reasons = []
    if spin.get("spun"):  # a language model's verdict; word pairs give none
        model = spin.get("model", "language model")
        reasons.append(f"its spin score {score:.3f} ({model}) reaches the gate, {spin['threshold']}")
    if swaps:
        reasons.append(swaps)
    entry.spun = bool(reasons)
    entry.spin_evidence = "; ".join(reasons)


def _words(sentences: Sequence[Sentence], r: range):
    return [w for s in sentences[r.start : r.stop] for w in s.words]


def _cover(article: Prepared, r: range) -> tuple[int, int]:
    sentences = article.sentences
    return sentences[r.start].start, sentences[r.stop - 1].end


def _fact(f, a_id: str, b_id: str) -> FactChange:
    return FactChange(f.type, f.before, f.after, Ref(a_id, f.a_start, f.a_end), Ref(b_id, f.b_start, f.b_end))
