"""``timeline``: what each article of a story takes from earlier ones, adds, drops and changes.

Three passes (docs/timeline.md):

1. **Compare.** Each article is compared with the linked articles on its
   story (:mod:`.story`) that come before it in date order: its sentences
   are aligned with theirs (:func:`articlediff.compare`) and the sentences
   both leave unpaired get a second chance with the paraphrase scorer
   (:mod:`articlediff.paraphrase`).  The synonym swaps of each aligned pair
   say which side reads worse (:mod:`.copies`): the evidence of which text
   was spun from which.
2. **Order** (:mod:`.order`): by publication date; an undated article after
   the dated ones it copies; a spun copy after its source, whatever the
   dates say.
3. **Describe** each article, in that order, against the linked articles
   before it (reusing the comparisons of pass 1): each of its passages keeps
   the best match as its provenance, with a kind (``verbatim``, ``edited``,
   ``spun``, ``paraphrased``); its other sentences are *added*; its
   *relation* names the earlier article it takes most from (``spun copy``,
   ``depends on`` at half of its text, ``same story``), and only a real
   dependence lists that article's content passages it leaves out as
   *dropped*.  Facts (:mod:`articlediff.facts`) are compared against its
   sources once all spin flags are known: never on a spun side, and each
   change once, where it first happens.

Each article also gets a spin score and a ``spun`` flag: from the
normaliser's language model when ``lm`` asks for it (computed in worker
processes meanwhile, :mod:`.spin`), and from the synonym swaps of its
aligned passages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from pathlib import Path

from ..align import DEFAULT_THRESHOLD
from ..compare import unpaired_passages
from ..defaults import ORDERS
from ..errors import UsageError
from ..facts.provenance import document_frequency, fact_keys, links_between
from ..prepare import Prepared, prepare
from ..read import Document, apply_manifest, article_metadata, iter_documents, load_manifest
from .dates import article_date, time_order
from .labels import article_label, headline
from .model import Copied, Entry, FactChange, FactLink, Passage, Placed, Ref, Relation, Removed, Timeline
from .order import place
from .pairs import Pairs, holders, shared_with_workers, spun_copies, swap_evidence
from .spin import SpinScoring
from .story import MAX_SOURCES, STORY_THRESHOLD, story_links

#: Synonym swaps reading worse on the later side that make one passage "spun" when the article as
#: a whole is not a spun copy of its source (one swap is a journalist's choice of word).
PASSAGE_SPUN_SWAPS = 2
#: Share of an article's text (characters of its sentences) that must come from one earlier
#: article for it to *depend on* that article; only then are the source's other passages
#: listed as *dropped*.  Below it the two are the same story, and what the later article
#: leaves out of the earlier one is not a decision it made.
DEPENDS_SHARE = 0.5
#: Words a dropped passage must have to be listed: bylines, labels and section words
#: ("Post", "Analysis", "Deputy political editor") are page furniture, not content.
CONTENT_WORDS = 6
#: Boilerplate repairs that keep what they take out as metadata (a live page's timestamps, a
#: date line): not content removed from the article.
METADATA_REASONS = frozenset({"timestamp split off as metadata", "date marker read as the article's date"})

_WORD = re.compile(r"\w+")

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

    ``order`` is ``"date"`` (by each article's publication date; undated
    ones placed by what they copy, :mod:`.order`) or ``"given"`` (as given,
    except that a spun copy always follows its source).  ``threshold`` is
    the matcher's (as in ``compare``); ``story_threshold`` the content-word
    cosine at which two articles count as the same story.  ``lm`` picks the
    normaliser's spin scoring: ``"trigram"`` (the default: the trigram
    model, about 50 ms an article, whose gate gives a verdict), ``"none"``
    (word-pair statistics, faster, no verdict of their own), ``"auto"`` or
    ``"smollm2"`` (the language model of the ``lm`` extra; about a minute
    per article on one core).  ``progress(done, total)`` is called after
    each article is compared with the earlier ones (spin scores are gathered
    after the last).  ``manifest`` is a CSV or JSON file of the articles'
    fields, which win over their own (:func:`articlediff.read.load_manifest`).
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
    ready = [prepare(a).read_words() for a in given]
    pairs = Pairs(ready, threshold)
    # The spin scores need only the normalised texts: they start now (in worker processes forked from here, when
    # it pays) and run while this process reads dates, story links and facts; then the same workers share the
    # comparisons (they read the articles as the fork left them: shared_with_workers).
    with shared_with_workers(pairs), SpinScoring([p.cleaned.text for p in ready], lm) as scoring:
        dates = [article_date(a) for a in ready]
        initial = time_order([d.date for d in dates]) if order == "date" else list(range(len(given)))
        links = story_links(ready, story_threshold)
        # relative dates read against an article's own date, where its metadata gives one (not a presumed date)
        own_dates = [d.date if d.source == "metadata" else None for d in dates]
        facts = [fact_keys(a.text, on) for a, on in zip(given, own_dates)]
        facts_from = _fact_links(facts)
        # 1. Compare each article with the linked ones before it in date order: the evidence for the order.
        positions = _positions(initial)
        earlier = [_earlier(k, positions, links) for k in initial]
        wanted = [(j, k) for k, before in zip(initial, earlier) for j in before]
        pairs.make_all(wanted, scoring.pool, done=_article_progress([len(e) for e in earlier], progress))
        verdicts = scoring.results()
        scores = [score for score, _ in verdicts]
        spun_from = spun_copies(pairs, scores)
        flagged = {k for k, (_, verdict) in enumerate(verdicts) if verdict.get("spun")}  # the model's own verdicts
        final, notes = place(initial, dates, spun_from, holders(pairs), by_date=order == "date", facts_from=facts_from)
        # 2. Describe each article against the linked ones before it in the final order.
        entries = {k: _entry(given[k], ids[k], dates[k], ready[k]) for k in final}
        for k, (after, why) in notes.items():
            entries[k].placed = Placed(ids[after], why)
        chosen: dict[int, list[tuple[Copied, int]]] = {}
        positions = _positions(final)
        earlier = {k: _earlier(k, positions, links) for k in final}
        # pairs the final order brings that the first did not (a spun copy moved after its source, an undated
        # article placed): made now, shared with the workers, not one by one while describing
        pairs.make_all([(j, k) for k in final for j in earlier[k]], scoring.pool)
        scoring.close()  # its workers are done, and the fact comparisons fork their own
        # 3. The facts of each article linked by its facts to earlier ones, compared with theirs, in workers that
        # start now: this process describes the articles meanwhile.
        wanted_facts = _fact_pairs(final, facts_from)
        with pairs.comparing_facts(wanted_facts, own_dates) as facts_compared:
            for k in final:
                chosen[k] = _describe(k, entries, ready, earlier[k], pairs, spun_from, flagged)
            for k in final:
                _spin(entries[k], swap_evidence(k, ids, pairs, scores), *verdicts[k])
            _fact_changes(final, entries, ready, chosen)
            compared: dict[int, list] = {}  # later article -> (earlier article, listed, its facts compared), in order
            for (j, k, listed), found in zip(wanted_facts, facts_compared()):
                compared.setdefault(k, []).append((j, listed, found))
    _fact_evidence(final, entries, facts, compared)
    return Timeline([entries[k] for k in final], order)


def _fact_links(facts: list[dict]) -> dict[int, dict[int, float]]:
    """For each article (by its facts), the others it tells the same story with by rare facts, and the score (both ways)."""
    out: dict[int, dict[int, float]] = {}
    for link in links_between({str(k): f for k, f in enumerate(facts)}, linked_only=True):
        if link.same_story:
            a, b = int(link.a), int(link.b)
            out.setdefault(a, {})[b] = link.score
            out.setdefault(b, {})[a] = link.score
    return out


def _fact_pairs(order: list[int], facts_from: dict) -> list[tuple[int, int, bool]]:
    """The fact comparisons :func:`_fact_evidence` reads, as ``(earlier, later, changes)``: each article with every
    earlier one its facts link it to, paired for changes only with the ``MAX_SOURCES`` sharing the rarest facts."""
    wanted = []
    for n, k in enumerate(order):
        earlier = [j for j in order[:n] if j in facts_from.get(k, {})]
        listed = set(sorted(earlier, key=lambda j: -facts_from[k][j])[:MAX_SOURCES])
        wanted += [(j, k, j in listed) for j in earlier]
    return wanted


def _fact_evidence(order: list[int], entries: dict[int, Entry], facts: list[dict], compared: dict) -> None:
    """Each article linked by its facts to earlier ones: the facts it shares with each (dates of one thing, one
    within the other, included: :func:`.facts.agreeing_dates`), the facts it states otherwise than each and that its
    passages did not show changed already, and the facts it states first.  ``compared[later]`` lists, for each
    earlier article of :func:`_fact_pairs`, whether it is listed and the two articles' facts compared
    (:meth:`.pairs.Pairs.compare_facts`).

    Only an article with such a link gets them: for the others, their passages say what they take and add.
    As with passages (``MAX_SOURCES``), the links listed are those to the earlier articles sharing the rarest
    facts, at most ``MAX_SOURCES`` of them (:func:`_fact_pairs`): pairing two articles' facts for changes is a
    large part of a timeline's cost, and a reader of a story told twenty times needs the closest tellings.  Dates
    that agree are looked for in every earlier linked article, so a date one of them stated is never said to be
    stated first.
    """
    held = document_frequency(dict(enumerate(facts)))  # how many articles state each fact
    seen: set[str] = set()
    for k in order:
        mine = facts[k]
        place = {key: m for m, key in enumerate(mine)}
        if k in compared:
            told = {(c.before, c.after) for c in entries[k].fact_changes}  # found in its passages already
            links, agreed = [], set()
            for j, listed, found in compared[k]:
                # this article's date -> how the earlier one writes it ("November 2025" = "the end of last year")
                agreeing = dict(found.agreeing)
                agreed |= set(agreeing)
                if not listed:
                    continue
                shared = sorted(set(mine) & (set(facts[j]) | set(agreeing)), key=lambda key: (held[key], place[key]))
                texts_shown = tuple(
                    f"{mine[key].text} (= {agreeing[key]})" if key in agreeing and key not in facts[j] else mine[key].text
                    for key in shared
                )
                changed = tuple(c for c in found.changed if c[1:] not in told)
                links.append(FactLink(entries[j].id, texts_shown, tuple(shared), changed))
            entries[k].fact_links = links
            # a date that agrees with an earlier article's (one within the other, of one thing) is not stated first
            entries[k].new_facts = [(key, fact.text) for key, fact in mine.items() if key not in seen and key not in agreed]
        seen |= set(mine)


def _entry(article: Document, id: str, date, prepared: Prepared) -> Entry:
    """A new entry: the article, its date and how it was placed, its title and outlet, what the normaliser removed."""
    meta = article_metadata(article)
    cleaned = prepared.cleaned.text if prepared.cleaned is not None else article.text
    removed = []
    if prepared.cleaned is not None:
        removed = [
            Removed(r.start, r.end, article.text[r.start : r.end], r.reason)
            for r in prepared.cleaned.repairs
            if r.stage == "boilerplate" and r.reason not in METADATA_REASONS and r.end > r.start
        ]
    title, outlet = _one_line(meta.title) or headline(cleaned), _one_line(meta.outlet)
    return Entry(
        article,
        id,
        date.date,
        date.source,
        not_before=date.not_before,
        title=title,
        outlet=outlet,
        url=_one_line(meta.url),
        label=article_label(title, outlet, cleaned, id),
        removed=removed,
    )


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _article_progress(counts: Sequence[int], progress):
    """A ``done(pair number)`` callback for :meth:`.Pairs.make_all` that reports ``progress(articles, total)`` as
    each article's comparisons (``counts[n]`` of them for the ``n``-th) are all made; None without ``progress``."""
    if not progress:
        return None
    ends = list(accumulate(counts))
    reported = 0

    def done(pair: int) -> None:
        nonlocal reported
        while reported < len(ends) and ends[reported] <= pair + 1:
            reported += 1
            progress(reported, len(ends))

    while reported < len(ends) and ends[reported] == 0:  # articles with nothing earlier to compare
        reported += 1
        progress(reported, len(ends))
    return done


def _positions(order: Sequence[int]) -> dict[int, int]:
    """Each article's place in ``order``."""
    return {i: n for n, i in enumerate(order)}


def _earlier(k: int, positions: dict[int, int], links: list[list[tuple[int, float]]]) -> list[int]:
    """The articles linked to ``k`` that come before it (``positions``), most similar first, at most ``MAX_SOURCES``."""
    return [j for j, _ in links[k] if positions[j] < positions[k]][:MAX_SOURCES]


def _spun_here(worse_a: int, worse_b: int, spun_copy: bool) -> bool:
    """Whether a passage whose changed words are mostly synonym swaps was spun on the later side (``b``).

    One synonym a journalist chose ("a marked rise" for "a sharp rise")
    is an edit: a passage is called spun only in an article that is a spun
    copy of that source (its swaps with it read worse on its side and the
    spin scores agree, :func:`.pairs.claim`; or the language model flags it spun
    and not the source), or when at least ``PASSAGE_SPUN_SWAPS`` of its own
    swaps read worse on its side, and more than on the other.
    """
    if spun_copy:
        return worse_b >= worse_a
    return worse_b >= PASSAGE_SPUN_SWAPS and worse_b > worse_a


def _describe(
    k: int,
    entries: dict[int, Entry],
    prepared: Sequence[Prepared],
    earlier: list[int],
    pairs: Pairs,
    spun_from,
    flagged: set[int] = frozenset(),
) -> list[tuple[Copied, int]]:
    """Fill in entry ``k``: copied, added, relation and dropped, against the ``earlier`` linked entries.

    Returns the chosen provenance (each copied passage with the earlier
    article it comes from), for the fact changes made once all spin flags
    are known.
    """
    entry = entries[k]
    article = entry.article
    mine = prepared[k]
    found: list[tuple[Copied, int]] = []
    for j in earlier:
        if k in spun_from.get(j, ()):
            # j reads worse than this article in the passages they share (it is spun from this text or from
            # one they both hold): this article holds the unspun text, so it did not take it from j, whatever
            # the order of two undated articles says
            continue
        p = pairs.get(j, k)
        source_id = entries[j].id
        for pair, evidence, worse_a, worse_b in p.evidence:
            spun_copy = j in spun_from.get(k, ()) or (k in flagged and j not in flagged)
            spun = evidence.spun and _spun_here(worse_a, worse_b, spun_copy)
            kind = "verbatim" if not pair.edits else ("spun" if spun else "edited")
            ref = Ref(source_id, pair.a.start, pair.a.end)
            found.append((Copied(pair.b.start, pair.b.end, pair.b.text, ref, kind, pair.score, len(evidence.swaps)), j))
        for a_range, b_range, score in p.extra:
            a_span = _cover(prepared[j], a_range)
            b_span = _cover(mine, b_range)
            ref = Ref(source_id, a_span[0], a_span[1])
            found.append((Copied(*b_span, article.text[b_span[0] : b_span[1]], ref, "paraphrased", score), j))
    chosen = _choose(found, earlier)
    entry.copied = [c for c, _ in chosen]
    covered = [(c.start, c.end) for c in entry.copied]
    sentences = mine.sentences
    paired = {s.index for s in sentences if any(start <= s.start < end for start, end in covered)}
    entry.added = [Passage(p.start, p.end, p.text) for p in unpaired_passages(article, sentences, paired)]
    entry.relation = _relation(k, entries, mine, chosen, earlier, spun_from)
    if entry.relation.kind in ("depends on", "spun copy"):
        entry.depends_on = entry.relation.to
    if entry.relation.kind == "depends on" or (entry.relation.kind == "spun copy" and entry.relation.share >= DEPENDS_SHARE):
        j = next(j for j in earlier if entries[j].id == entry.relation.to)
        p = pairs.get(j, k)
        kept = {i for q in p.comparison.pairs for i in q.a_sentences} | {i for a, _, _ in p.extra for i in a}
        source = entries[j].article
        entry.dropped = [
            Passage(q.start, q.end, q.text, entries[j].id)
            for q in unpaired_passages(source, prepared[j].sentences, kept)
            if carries_content(q.text)
        ]
    return chosen


def _relation(k, entries, mine: Prepared, chosen, earlier: list[int], spun_from) -> Relation:
    """What article ``k`` is to the earlier article it takes most from (see :data:`.model.RELATIONS`)."""
    weight: dict[int, int] = {}
    count: dict[int, int] = {}
    for c, j in chosen:
        weight[j] = weight.get(j, 0) + (c.end - c.start)
        count[j] = count.get(j, 0) + 1
    total = sum(s.end - s.start for s in mine.sentences if s.keys) or 1
    entry = entries[k]

    def presumed(j: int) -> bool:
        return not (entry.date and entries[j].date)

    sources = [j for j in earlier if j in spun_from.get(k, ())]
    if sources:  # a spun copy: of the unspun article it takes most from
        j = max(sources, key=lambda x: (weight.get(x, 0), -earlier.index(x)))
        main = max(weight, key=lambda x: (weight[x], -earlier.index(x))) if weight else j
        if not weight.get(j) and main not in spun_from:
            # Its passages are credited to another unspun version of the same text (a reprint of
            # the article its swaps were judged against): it is a spun copy of that text.
            j = main
        if weight.get(j):  # else its passages come from a spun article (an edit of a spun copy): it depends on that
            return Relation("spun copy", entries[j].id, count.get(j, 0), min(1.0, weight.get(j, 0) / total))
    if weight:
        j = max(weight, key=lambda x: (weight[x], -earlier.index(x)))
        share = min(1.0, weight[j] / total)
        kind = "depends on" if share >= DEPENDS_SHARE else "same story"
        return Relation(kind, entries[j].id, count[j], share, presumed(j))
    if earlier:
        return Relation("same story", entries[earlier[0]].id, 0, 0.0, presumed(earlier[0]))
    return Relation("source")


def carries_content(text: str) -> bool:
    """Whether a passage says something: at least ``CONTENT_WORDS`` words (not a byline, a label, a section word)."""
    return len(_WORD.findall(text)) >= CONTENT_WORDS


def _fact_changes(order: list[int], entries: dict[int, Entry], prepared: Sequence[Prepared], chosen) -> None:
    """Fact changes of each article against its sources, once each, never from a spun text.

    Against the earlier article each copied passage comes from (inside the
    passage), and, anchored by the words around the facts, against the
    article's relation (the earlier article it takes most from).  A spun
    article's facts differ from its source's only by the spinner's
    artefacts ("April or Could"), so neither side may be spun.  A change
    already reported for an earlier article (the same type, before and
    after) is not repeated for the later ones that carry it on.
    """
    from ..facts import anchored_changes, extract_facts, fact_changes

    seen: set[tuple[str, str, str]] = set()
    by_id = {entries[j].id: j for j in entries}
    for k in order:
        entry = entries[k]
        if entry.spun:
            continue
        article = entry.article
        changes: dict[tuple[int, int], FactChange] = {}
        for c, j in chosen[k]:
            if c.kind in ("verbatim", "spun") or entries[j].spun:
                continue
            source = entries[j].article
            for f in fact_changes(source.text, (c.source.start, c.source.end), article.text, (c.start, c.end)):
                changes.setdefault((f.b_start, f.b_end), _fact(f, entries[j].id, entry.id))
        to = entry.relation.to
        if to is not None and not entries[by_id[to]].spun:
            source = entries[by_id[to]].article
            for f in anchored_changes(source.text, extract_facts(source.text), article.text, extract_facts(article.text)):
                changes.setdefault((f.b_start, f.b_end), _fact(f, to, entry.id))
        kept = []
        for f in sorted(changes.values(), key=lambda f: (f.b.start, f.b.end)):
            key = (f.type, _norm(f.before), _norm(f.after))
            if key not in seen:
                seen.add(key)
                kept.append(f)
        entry.fact_changes = kept


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _choose(found: list[tuple[Copied, int]], earlier: list[int]) -> list[tuple[Copied, int]]:
    """Non-overlapping provenance for the article's passages: the best score first.

    On a tie (a passage found word for word in two earlier articles) the
    source that accounts for more of the article wins, then the more
    similar one: a reprint of an update takes its unchanged passages from
    the update it reprints, not from the original the update copied.
    """
    coverage: dict[int, int] = {}
    for c, j in found:
        coverage[j] = coverage.get(j, 0) + (c.end - c.start) * c.score
    chosen: list[tuple[Copied, int]] = []
    for c, j in sorted(found, key=lambda x: (-x[0].score, -coverage[x[1]], earlier.index(x[1]), x[0].start)):
        if all(c.end <= d.start or d.end <= c.start for d, _ in chosen):
            chosen.append((c, j))
    return sorted(chosen, key=lambda x: x[0].start)


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


def _cover(article: Prepared, r: range) -> tuple[int, int]:
    sentences = article.sentences
    return sentences[r.start].start, sentences[r.stop - 1].end


def _fact(f, a_id: str, b_id: str) -> FactChange:
    return FactChange(f.type, f.before, f.after, Ref(a_id, f.a_start, f.a_end), Ref(b_id, f.b_start, f.b_end))
