"""A trigram model of English that judges which wording is ordinary, fast.

The de-spinner asks one question: of several versions of a passage, which
reads most like ordinary English?  :class:`SmolLM` (:mod:`.lm`) answers it
well and slowly (tens of bytes a second).  :class:`TrigramLM` answers it
with the generic US English trigram model of CMU Sphinx (72,547 words,
2.05 million word pairs, 1.67 million word triples, Katz back-off), which
the PyPI package ``pocketsphinx`` ships with its speech models under a
BSD licence, and whose C library looks up a probability in under a
microsecond.  It has the same two questions as :class:`SmolLM`
(:meth:`log_likelihoods`, :meth:`next_word_log_probs`), so the
de-spinner's proposal, recheck and second-look steps run on either.

The model knows lower-case words only, no digits and no punctuation, and
has no unknown-word entry.  Text is read as lower-case words with
apostrophes; ``.``, ``!`` and ``?`` end a sentence (``</s>`` then a fresh
``<s>`` history).  A word the model does not know costs ``OOV_LOG10`` and
leaves the next word without history, so a name that both versions of a
passage share costs both the same.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections.abc import Sequence
from functools import lru_cache

from .judging import TRIGRAM
from .spelling import spelling_variants

PACKAGE = "pocketsphinx"
MODEL_NAME = "cmu-en-us-trigram"
#: log10 probability of a word the model does not know: below every word it knows (the rarest is -7.4).
OOV_LOG10 = -8.0
#: pocketsphinx reports probabilities as integer logarithms to base 1.0001.
_LOG_BASE = math.log(1.0001)
_OOV_NATS = OOV_LOG10 * math.log(10)
_UNKNOWN = -(2**28)  # what pocketsphinx returns for a word it does not know (-536870912 and below)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|[.!?]")
_ENDS = frozenset(".!?")


def available() -> bool:
    """Whether pocketsphinx (and so the trigram model) is installed, checked without importing it."""
    return importlib.util.find_spec(PACKAGE) is not None


def words_of(text: str) -> list[str]:
    """``text`` as the model reads it: lower-case words, with ``</s>`` where a sentence ends."""
    return _extend([], _raw_tokens(text))


@lru_cache(maxsize=1 << 16)
def _raw_tokens(text: str) -> tuple[str, ...]:
    """The model's tokens of ``text`` before sentence ends are merged (kept: a passage's candidate readings recur)."""
    return tuple(_TOKEN.findall(text.lower().replace("’", "'")))


def _extend(out: list[str], raw: Sequence[str]) -> list[str]:
    """``out`` followed by the raw tokens ``raw``: a run of sentence ends is one ``</s>``, and none opens a text."""
    if _ENDS.isdisjoint(raw):  # words only, the common case: appended as they are
        out.extend(raw)
        return out
    for token in raw:
        if token in _ENDS:
            if out and out[-1] != "</s>":
                out.append("</s>")
        else:
            out.append(token)
    return out


@lru_cache(maxsize=1 << 16)
def first_word(phrase: str) -> str:
    """The model's first word of ``phrase`` ("" if it has none)."""
    words = words_of(phrase)
    return words[0] if words else ""


class TrigramLM:
    """Log-likelihoods of passages under CMU Sphinx's US English trigram model."""

    name = MODEL_NAME
    title = "the trigram model"
    #: Its answers depend on what it is asked alone, so a caller may keep what it concluded from them
    #: (the de-spinner keeps its proposals for a passage: :func:`.despin.lm_proposals`).
    memoisable = True

    def __init__(self) -> None:
        import pocketsphinx

        #: How the de-spinner turns this model's scores into repairs (tuned on spun copies; docs/normalise.md).
        self.judging = TRIGRAM

        path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
        self._model = pocketsphinx.NGramModel.readfile(path)
        self.prob = lru_cache(maxsize=1 << 20)(self._prob)
        self.fold = lru_cache(maxsize=1 << 16)(self._fold)
        # Whole answers, memoised: articles copied from one another ask the model the same questions (the same
        # readings of the same passage). In a timeline of 272 story articles 73% of the questions were repeats,
        # and the spin scores took 41% less time with these (issue 22). The answers are the model's, unchanged.
        self._variants: dict[tuple, tuple[float, ...]] = {}
        self._next_words: dict[tuple, tuple[float, ...]] = {}
        self._firsts: dict[tuple[str, ...], tuple[str, ...]] = {}

    def _fold(self, word: str) -> str:
        """``word`` in the spelling the model knows best: its text is American ("defence" → "defense").

        Without this, a British article reads as unlikely wherever it
        spells "defence" or "programme", and the de-spinner would trade
        those words for any synonym the model knows better.
        """
        options = [word, *spelling_variants(word)]
        return max(options, key=lambda w: self.prob(w, None, None)) if len(options) > 1 else word

    def _prob(self, word: str, prev: str | None, prev2: str | None) -> float:
        """ln P(word | prev2 prev); None for a history word that is unknown or absent."""
        query = [word] if prev is None else [word, prev] if prev2 is None else [word, prev, prev2]
        raw = self._model.prob(query)
        return _OOV_NATS if raw <= _UNKNOWN else raw * _LOG_BASE

    def knows(self, word: str) -> bool:
        return self.prob(word, None, None) != _OOV_NATS

    def score_words(self, words: Sequence[str], history: tuple[str | None, str | None] = (None, None)) -> float:
        """Total ln-probability of ``words`` after ``history`` (the two previous words, nearest first)."""
        return self._read(words, 0.0, *history)[0]

    def _read(self, words: Sequence[str], total: float, prev: str | None, prev2: str | None):
        """``total`` plus the ln-probability of each of ``words`` in turn, and the history after them.

        Adding on to a total, word by word, makes the same sums as reading a passage whole: the readings
        of one passage score its shared first words once (:meth:`variant_log_likelihoods`).
        """
        for w in words:
            w = self.fold(w)
            p = self.prob(w, prev, prev2)
            total += p
            if p == _OOV_NATS:
                prev = prev2 = None
            elif w == "</s>":
                prev, prev2 = "<s>", None
            else:
                prev, prev2 = w, prev
        return total, prev, prev2

    def log_likelihoods(self, texts: Sequence[str]) -> list[float]:
        """Total log-likelihood (natural log) of each text, every word scored."""
        return [self.score_words(words_of(t)) for t in texts]

    def variant_log_likelihoods(self, prefix: str, middles: Sequence[str], suffix: str) -> list[float]:
        """``log_likelihoods([prefix + m + suffix for m in middles])``, reading ``prefix`` and ``suffix`` once.

        The de-spinner scores many readings of one passage that differ in
        one span; it cuts the passage at word boundaries, so the pieces
        read as the whole does.
        """
        key = (prefix, tuple(middles), suffix)
        found = self._variants.get(key)
        if found is None:
            head = words_of(prefix)
            tail = _raw_tokens(suffix)
            n = len(head)
            read = self._read(head, 0.0, None, None)  # the prefix's words, scored once for every reading
            found = tuple(self._read(_extend(_extend(list(head), _raw_tokens(m)), tail)[n:], *read)[0] for m in middles)
            _remember(self._variants, key, found)
        return list(found)

    def _history(self, context: str) -> tuple[str | None, str | None]:
        words = words_of(context)
        if words and words[-1] == "</s>":
            return "<s>", None
        known = []
        for w in reversed(words[-2:]):
            w = self.fold(w)
            if not self.knows(w):
                break
            known.append(w)
        return (known + [None, None])[0], (known + [None, None])[1]

    def _first_words(self, candidates: tuple[str, ...]) -> tuple[str, ...]:
        """Each candidate's first word as the model reads it (:func:`first_word`, folded), kept per list: a word's
        candidates are the same list wherever it stands."""
        found = self._firsts.get(candidates)
        if found is None:
            found = tuple(self.fold(first_word(c)) for c in candidates)
            _remember(self._firsts, candidates, found)
        return found

    def next_word_log_probs(self, queries: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """For each ``(context, words)``: ln P(first word of each | the context's last two words)."""
        out = []
        for context, candidates in queries:
            key = (context, tuple(candidates))
            found = self._next_words.get(key)
            if found is None:
                prev, prev2 = self._history(context)
                prob = self.prob
                found = tuple(prob(w, prev, prev2) for w in self._first_words(key[1]))
                _remember(self._next_words, key, found)
            out.append(list(found))
        return out


#: Memoised answers a model keeps, at most (each a few hundred bytes: about 50 MB in all).
MAX_MEMO = 100_000


def _remember(memo: dict, key, value) -> None:
    """Keep ``value`` under ``key``; a full memo is emptied first (what is dropped is asked again identically)."""
    if len(memo) >= MAX_MEMO:
        memo.clear()
    memo[key] = value


@lru_cache(maxsize=1)
def load_trigram_model() -> TrigramLM | None:
    """The trigram model, loaded once (about 1 s); None when pocketsphinx is not installed."""
    if not available():
        return None
    return TrigramLM()
