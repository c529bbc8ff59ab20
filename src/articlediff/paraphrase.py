"""A paraphrase-aware passage scorer: how much of their content two passages share, 0 to 100.

:func:`articlediff.score.passage_score` measures characters and word order, so
it rates copies, edits and synonym spinning high and a reworded report of the
same fact low.  :func:`paraphrase_score` ignores order and asks instead how
much of each passage's *content* the other one covers:

1. **Content words.**  Function words and reporting verbs are dropped; the
   rest are reduced to a crude stem (``negotiations``/``negotiating`` ->
   ``negotiat``), so inflection does not matter.
2. **Synonyms.**  Two words that differ match at a discount
   (``synonym_credit``) when one is among the other's first
   ``synonym_depth`` candidates in the project's reverse thesaurus
   (:func:`articlediff.normalise.lexicon.load_thesaurus`), so
   ``emphasised``/``stressed``, ``desire``/``wants`` and
   ``collapse``/``break`` meet.  The thesaurus counts every
   sense, so a synonym earns less than the same word, and everyday words
   (Zipf above ``synonym_max_zipf``: ``work``, ``go``, ``take``) get no
   synonym links at all: theirs are mostly noise (``work``/``minister``).
3. **Rarity weights.**  A word weighs ``7 - zipf`` (its Zipf frequency from
   :func:`articlediff.normalise.wordstats.zipf`), clipped to
   [``min_weight``, ``max_weight``]: ``year`` counts little,
   ``accountability`` a lot.  Names, numbers and anything else the thesaurus
   does not list (it leaves names out: ``starmer``, ``eu``, ``brussels``,
   ``2025``) weigh ``name_weight``, the weight of a common word, and
   beyond the first one, shared names count only as much as the shared
   ordinary words (``name_support``), so names that every sentence of a
   story shares (Starmer, EU, Brussels) cannot carry a pair on their own.
4. **Coverage.**  Each side's coverage is the weighted share of its content
   words matched in the other side (1 for the same stem, the synonym credit
   for a synonym).  The score is ``100 * ((1 - containment) * F +
   containment * max)``, ``F`` being the harmonic mean of the two coverages
   and ``max`` the larger one: mostly "both say the same thing", with some
   credit when a short passage (a headline) is contained in a longer one.
   A passage with less than ``min_content_weight`` of content weight
   scales the score down: two or three shared words are little evidence.

Identical views score 100 (two empty ones 0), and the score is symmetric.
Per-passage work (content words, stems, synonym sets, weights) is cached by
the view's text, so a pair costs a few set look-ups per word: 3–6 µs once
both sentences have been seen, plus 7–106 µs the first time a sentence is
seen.  The first call loads the thesaurus (0.25–0.56 s, about 90 MB).

The method, the labelled pairs (``tests/data/paraphrase_pairs.jsonl``) and the
figures are in ``docs/paraphrase.md``; ``bench/paraphrase_bench.py``
reproduces them.

The weights are one value, :class:`ParaphraseSettings` (fields named as
above); :data:`DEFAULT_SETTINGS` are the ones chosen on labelled pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .matching import matching_view
from .normalise.lexicon import load_thesaurus
from .normalise.wordstats import zipf
from .score import View

#: Score at or above which two passages count as the same content (chosen in docs/paraphrase.md).
PARAPHRASE_THRESHOLD: float = 32.5


@dataclass(frozen=True)
class ParaphraseSettings:
    """How the scorer weighs words and synonyms: a value (docs/paraphrase.md measures other ones)."""

    #: Credit for a thesaurus synonym, against 1 for the same stem.
    synonym_credit: float = 0.6
    #: How many of a word's thesaurus candidates (most frequent first) count as its synonyms.
    synonym_depth: int = 12
    #: Words more common than this (Zipf; ``work``, ``go``, ``take``, ``need``) get no synonym links: they have too many senses.
    synonym_max_zipf: float = 5.0
    #: Weight of a word the thesaurus does not list: names, numbers, compounds (``starmer``, ``eu``, ``2025``).
    name_weight: float = 1.5
    #: Beyond one name's weight, shared names count for at most this multiple of the shared ordinary words,
    #: so names a whole story shares (Starmer, EU, Brussels) cannot make a pair on their own.
    name_support: float = 1.0
    #: Rarity weight ``7 - zipf`` is clipped to this range.
    min_weight: float = 0.5
    max_weight: float = 4.0
    #: Share of the score given to the better-covered side (containment) rather than to both sides.
    containment: float = 0.25
    #: Content weight below which a passage is too short to judge on its own; its score is scaled down.
    min_content_weight: float = 6.0


#: The settings chosen on the labelled pairs (docs/paraphrase.md).
DEFAULT_SETTINGS = ParaphraseSettings()

#: Function words, auxiliaries, pronouns and reporting verbs: never content.
STOPWORDS = frozenset(
    """a about above across after again against ago all along already also although am among an and another any
    anyone anything are around as at back be because been before being below between both but by can cannot could
    did do does doing done down during each either else even ever every few for from further get gets got had has
    have having he her here hers herself him himself his how however i if in including into is it its itself just
    least less let like made make makes many may me might more most much must my myself neither no nor not now of
    off on once one only or other others otherwise our ours ourselves out over own per perhaps quite rather really
    same several shall she should since so some still such than that the their theirs them themselves then there
    these they this those though through thus to too under until up upon us very via was we well were what whatever
    when where whether which while who whom whose why will with within without would yet you your yours yourself
    yourselves im ive id ill youre youve weve wed theyre theyve thats theres whats isnt arent wasnt werent dont
    doesnt didnt wont wouldnt cant couldnt shouldnt hes shes lets heres hell shell
    mr mrs ms sir dr said say says saying told tell tells stated added asked
    """.split()  # noqa: SIM905 - a word list reads better as text
)  # "ill", "well", "hell", "shell": what "I'll", "we'll", "he'll", "she'll" fold to

#: Irregular verb forms -> base form, so ``broke``/``broken``/``break`` share a stem (regular ones are stemmed).
IRREGULAR = {
    form: base
    for base, forms in (
        ("become", "became"), ("begin", "began begun"), ("break", "broke broken"), ("bring", "brought"),
        ("build", "built"), ("buy", "bought"), ("catch", "caught"), ("choose", "chose chosen"), ("come", "came"),
        ("deal", "dealt"), ("draw", "drew drawn"), ("drive", "drove driven"), ("fall", "fell fallen"),
        ("feel", "felt"), ("fight", "fought"), ("find", "found"), ("fly", "flew flown"), ("forget", "forgot forgotten"),
        ("freeze", "froze frozen"), ("get", "gotten"), ("give", "gave given"), ("go", "went gone"),
        ("grow", "grew grown"), ("hear", "heard"), ("hide", "hid hidden"), ("hold", "held"), ("keep", "kept"),
        ("know", "knew known"), ("lead", "led"), ("leave", "left"), ("lose", "lost"), ("make", "made"),
        ("mean", "meant"), ("meet", "met"), ("pay", "paid"), ("rise", "rose risen"), ("run", "ran"),
        ("see", "saw seen"), ("seek", "sought"), ("sell", "sold"), ("send", "sent"), ("shake", "shook shaken"),
        ("speak", "spoke spoken"), ("spend", "spent"), ("stand", "stood"), ("strike", "struck"),
        ("take", "took taken"), ("teach", "taught"), ("think", "thought"), ("throw", "threw thrown"),
        ("win", "won"), ("withdraw", "withdrew withdrawn"), ("write", "wrote written"),
    )
    for form in forms.split()
}

_SUFFIXES = ("ings", "ing", "ions", "ion", "edly", "ied", "ies", "ed", "ly", "es", "s")
_KEEP = frozenset(("news", "series", "species", "always", "perhaps", "whereas"))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A crude, consistent suffix-stripper: ``negotiations``, ``negotiate``, ``negotiating`` -> ``negotiat``.

    Not a linguistic stemmer: it only has to give inflected forms of one word
    the same string (``talks``/``talk``, ``close``/``closely``/``closed``) and
    rarely give two different words the same one.  A final ``e`` is always
    dropped so ``trade``/``traded``/``trading`` meet.
    """
    if len(word) <= 3 or not word.isalpha() or word in _KEEP:
        return word
    base = word
    for suffix in _SUFFIXES:
        short = len(word) - len(suffix)
        if not word.endswith(suffix) or short < (3 if suffix == "s" else 4):
            continue
        base = word[: -len(suffix)]
        if suffix in ("ied", "ies"):
            base += "y"
        elif suffix in ("s", "es") and base.endswith(("s", "u", "i")):
            base = word if suffix == "s" else base  # "process", "focus", "crisis"; "processes" -> "process"
        elif suffix in ("ings", "ing", "ed", "edly") and len(base) >= 5 and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]  # "stopped" -> "stop"; "called", "missed" keep theirs
        elif suffix in ("ion", "ions") and base[-1] not in "ts":
            base = word  # "region", "million", "opinion"
        break
    return base[:-1] if base.endswith("e") and len(base) >= 4 else base


@dataclass(frozen=True, slots=True)
class _Word:
    stem: str
    weight: float
    synonyms: frozenset[str]  # stems of the thesaurus candidates, without the word's own stem
    name: bool = False  # not in the thesaurus: a name, a number, a compound


@dataclass(frozen=True, slots=True)
class Profile:
    """The content of one passage, as the scorer compares it (cached by text)."""

    words: tuple[_Word, ...]  # distinct content stems, in first-seen order
    stems: frozenset[str]
    synonyms: frozenset[str]  # union of the words' synonym stems
    total: float  # sum of the weights


@lru_cache(maxsize=200_000)
def content_word(key: str, settings: ParaphraseSettings = DEFAULT_SETTINGS) -> _Word | None:
    """The content word for a folded word key, or None for a function word."""
    if len(key) < 2 or key in STOPWORDS:
        return None
    candidates = load_thesaurus().get(key)
    if candidates is None and key.endswith("s") and len(key) > 3:
        # A folded possessive (``EU's`` -> ``eus``, ``Starmer's`` -> ``starmers``): use the bare form.
        key = key[:-1]
        candidates = load_thesaurus().get(key)
    key = IRREGULAR.get(key, key)
    s = stem(key)
    if candidates is None:
        return _Word(s, settings.name_weight, frozenset(), True)
    weight = min(settings.max_weight, max(settings.min_weight, 7.0 - zipf(key)))
    synonyms = set()
    if zipf(key) <= settings.synonym_max_zipf:
        for c in candidates[: settings.synonym_depth]:
            if " " in c or zipf(c) > settings.synonym_max_zipf:
                continue
            synonyms.add(stem(IRREGULAR.get(c, c)))
    synonyms.discard(s)
    return _Word(s, weight, frozenset(synonyms))


@lru_cache(maxsize=100_000)
def profile(text: str, settings: ParaphraseSettings = DEFAULT_SETTINGS) -> Profile:
    """The :class:`Profile` of a folded text (word keys joined by spaces)."""
    words: dict[str, _Word] = {}
    for key in text.split():
        w = content_word(key, settings)
        if w is not None and w.stem not in words:
            words[w.stem] = w
    ws = tuple(words.values())
    syn = frozenset().union(*(w.synonyms for w in ws)) if ws else frozenset()
    return Profile(ws, frozenset(words), syn, sum(w.weight for w in ws))


def _coverage(p: Profile, q: Profile, settings: ParaphraseSettings) -> float:
    """Weighted share of ``p``'s content words found in ``q``: same stem 1, synonym ``settings.synonym_credit``.

    Shared names count up to one name's weight plus ``settings.name_support`` times the shared ordinary words.
    """
    got = names = 0.0
    q_stems, q_syn = q.stems, q.synonyms
    for w in p.words:
        if w.stem in q_stems:
            if w.name:
                names += w.weight
            else:
                got += w.weight
        elif w.stem in q_syn or not w.synonyms.isdisjoint(q_stems):
            got += settings.synonym_credit * w.weight
    return (got + min(names, settings.name_weight + settings.name_support * got)) / p.total


def profile_score(p: Profile, q: Profile, settings: ParaphraseSettings = DEFAULT_SETTINGS) -> float:
    """The score (0–100) of two profiles; symmetric in ``p`` and ``q``."""
    if not p.total or not q.total:
        return 0.0
    cp, cq = _coverage(p, q, settings), _coverage(q, p, settings)
    if not cp or not cq:
        return 0.0
    f = 2 * cp * cq / (cp + cq)
    score = (1 - settings.containment) * f + settings.containment * max(cp, cq)
    shortness = min(p.total, q.total) / settings.min_content_weight
    if shortness < 1:
        score *= shortness
    return min(100.0, 100.0 * score)  # rounding can push a full match to 100.00000000000003


def paraphrase_score(a: View, b: View, settings: ParaphraseSettings = DEFAULT_SETTINGS) -> float:
    """How much content two views share, 0–100; the :data:`articlediff.score.Scorer` signature.

    Identical texts score 100; the score is symmetric.  See the module
    docstring; ``settings`` are the weights (bind others with
    ``functools.partial`` to measure them).
    """
    if a.text == b.text:
        return 100.0 if a.text else 0.0
    return profile_score(profile(a.text, settings), profile(b.text, settings), settings)


def paraphrase_similarity(a_text: str, b_text: str) -> float:
    """:func:`paraphrase_score` of two raw texts, folded to their matching views (no vocabulary needed)."""
    fa, fb = matching_view(a_text), matching_view(b_text)
    if fa == fb:
        return 100.0 if fa else 0.0
    return profile_score(profile(fa), profile(fb))
