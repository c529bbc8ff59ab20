"""A synonym-swapping article spinner of our own, to test the de-spinner against.

``spin(text, rate, seed)`` replaces about ``rate`` of the *eligible* words of
``text`` (words that have a synonym) by a thesaurus synonym, the way a content
farm's spinner does ("said" → "stated", "White House" → "White Home"), and
returns the spun text with a record of every change, so a benchmark can score
how much of the spinning a cleaner undoes and what else it changes.

**This spinner draws on the same lexicon the de-spinner reverses.**  Its
forward thesaurus is ``articlediff.normalise.lexicon.load_thesaurus()``
inverted (``forward[original]`` = every spun form whose entry lists
``original``), and it only uses a form whose entry lists the original among
its first :data:`MAX_ORIGINAL_RANK` originals.  So every spun word it writes
is one the de-spinner *could* restore: the benchmark on its copies measures
the de-spinner's *context choice* (when to change a word, and to which of its
candidates), not the coverage of the lexicon.  A real spinner uses a
thesaurus of its own, whose synonyms our lexicon may not list; that is why
the benchmark also measures real spun text (seed 000, against its source in
seed 001).

How it spins, deterministically for a given ``seed``:

* Words are the library's words (:func:`articlediff.segment.iter_words`), so
  the word indices in :class:`Change` match what the benchmark aligns.
* A word is eligible when it has a usable synonym (see :func:`synonyms`) and
  is not a function word (:data:`PROTECTED`: articles, pronouns, auxiliaries,
  prepositions, conjunctions; the lexicon's "synonyms" for those are other
  senses, "in" → "inch", "is" → "rates", and spinners protect them).
  Capitalised words are eligible, as real spinners spin names too ("White
  House" → "White Home", "May" → "Could").
* Two neighbouring words separated only by spaces form an eligible phrase
  when the forward thesaurus has the pair ("prime minister" → "premier").
* Units (phrases and single words) are taken in a random order, skipping any
  that overlaps one already taken, until ``rate`` of the eligible words are
  replaced.
* A unit's replacement is drawn uniformly from its :data:`CHOICES` most
  common usable forms.  Capitalisation follows the original ("Said" →
  "Stated", "WAR" → "STRUGGLE", "White House" → "Government Building");
  punctuation and spacing around words are kept.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from articlediff.matching import matching_key
from articlediff.normalise.lexicon import load_thesaurus
from articlediff.normalise.wordstats import count
from articlediff.segment import iter_words

#: Forms are drawn from an original's this many most common usable forms.
CHOICES = 5
#: A form is usable for an original only if its thesaurus entry lists that original among its first
#: this many (most frequent first); the de-spinner looks at the first 12, so every spun form is restorable.
MAX_ORIGINAL_RANK = 8
#: Every word of a usable form must occur at least this often in the word counts (Google Books).
MIN_FORM_COUNT = 1_000_000
#: Longest usable form, in words.
MAX_FORM_WORDS = 2

#: Function words: never spun (the lexicon's entries for them are other senses).
PROTECTED = frozenset(
    """a an the this that these those it its he him his she her hers they them their theirs we us our ours
    you your yours i me my mine who whom whose which what there here
    is am are was were be been being has have had having do does did done doing will would shall should
    can could may might must
    of in on at to for from by with about into onto over under after before since until than as like
    and or but nor so yet if then because while though although not no""".split()
)

_GAP = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement: original words ``[orig_start, orig_end)`` became spun words ``[spun_start, spun_end)``.

    Indices count the words of :func:`articlediff.segment.iter_words` in the
    original and in the spun text.
    """

    orig_start: int
    orig_end: int
    spun_start: int
    spun_end: int
    original: str
    spun: str


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


def _rarest_count(form: str) -> int:
    return min(count(w) for w in form.split())


@lru_cache(maxsize=1)
def forward_thesaurus() -> dict[str, tuple[str, ...]]:
    """The inverted lexicon: original → the usable forms whose entry lists it, most common first.

    A form is kept for an original when the form's entry lists the original
    among its first :data:`MAX_ORIGINAL_RANK`, the form has at most
    :data:`MAX_FORM_WORDS` words, and :func:`_usable` accepts it.
    """
    forward: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for form, originals in load_thesaurus().items():
        if len(form.split()) > MAX_FORM_WORDS:
            continue
        for original in originals[:MAX_ORIGINAL_RANK]:
            if _usable(original, form):
                forward[original].append((_rarest_count(form), form))
    return {o: tuple(f for _, f in sorted(forms, key=lambda cf: (-cf[0], cf[1]))) for o, forms in forward.items()}


def _usable(original: str, form: str) -> bool:
    """A form a spinner would write for ``original``: common words, not a superstring of the original."""
    o_words, f_words = set(original.split()), form.split()
    if o_words & set(f_words):  # "war" → "world war", "sign" → "sign up": not a synonym swap
        return False
    if matching_key(form) == matching_key(original):  # a spelling variant ("co-operation"), not a synonym
        return False
    return all(count(w) >= MIN_FORM_COUNT for w in f_words)


def synonyms(original: str) -> tuple[str, ...]:
    """The forms ``spin`` may write for ``original`` (lower case), most common first, at most :data:`CHOICES`."""
    if any(w in PROTECTED for w in original.split()):
        return ()
    return forward_thesaurus().get(original, ())[:CHOICES]


def _cased(form: str, like: list[str]) -> str:
    """``form`` with the capitalisation of the original words ``like``."""
    first = like[0]
    if first.isupper() and len(first) > 1:
        return form.upper()
    if first[:1].isupper():
        if len(like) > 1 and all(w[:1].isupper() for w in like):
            return " ".join(w[:1].upper() + w[1:] for w in form.split())
        return form[:1].upper() + form[1:]
    return form


def spin(text: str, rate: float, seed: int) -> tuple[str, list[Change]]:
    """Replace about ``rate`` of the eligible words of ``text``; return the spun text and the changes.

    Deterministic: the same ``text``, ``rate`` and ``seed`` give the same result.
    """
    rng = random.Random(seed)
    words = list(iter_words(text))
    units, eligible = _units(text, words)
    target = round(rate * len(eligible))
    rng.shuffle(units)
    taken: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, j in units:
        if len(used) >= target:
            break
        if used.isdisjoint(range(i, j)) and len(used) + (j - i) <= target + 1:
            taken.append((i, j))
            used.update(range(i, j))
    taken.sort()

    out: list[str] = []
    changes: list[Change] = []
    pos = 0  # character position in text
    spun_index = 0  # words of the spun text written so far
    prev_end = 0  # word index after the last change
    for i, j in taken:
        spun_index += i - prev_end
        original = " ".join(_key(w.text) for w in words[i:j])
        form = rng.choice(synonyms(original))
        new = _cased(form, [w.text for w in words[i:j]])
        n_new = sum(1 for _ in iter_words(new))
        out += [text[pos : words[i].start], new]
        pos = words[j - 1].end
        changes.append(Change(i, j, spun_index, spun_index + n_new, text[words[i].start : pos], new))
        spun_index += n_new
        prev_end = j
    out.append(text[pos:])
    spun = "".join(out)
    assert sum(1 for _ in iter_words(spun)) == spun_index + len(words) - prev_end, "word indices out of step"
    return spun, changes


def _units(text: str, words) -> tuple[list[tuple[int, int]], set[int]]:
    """Word index ranges ``[i, j)`` that could be replaced (single words and two-word phrases), and the eligible words."""
    units: list[tuple[int, int]] = []
    eligible: set[int] = set()
    for i, w in enumerate(words):
        if synonyms(_key(w.text)):
            units.append((i, i + 1))
            eligible.add(i)
        pair = i + 1 < len(words) and _GAP.fullmatch(text[w.end : words[i + 1].start])
        if pair and synonyms(f"{_key(w.text)} {_key(words[i + 1].text)}"):
            units.append((i, i + 2))
            eligible.update((i, i + 1))
    return units, eligible


def eligible_words(text: str) -> tuple[int, int]:
    """(words ``spin`` could replace, all words) of ``text``."""
    words = list(iter_words(text))
    return len(_units(text, words)[1]), len(words)


if __name__ == "__main__":  # a quick look: spin the first lines of a seed
    import sys
    from pathlib import Path

    path = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "fixtures/seeds/004_d7fbc47a962e26a4.txt"
    )
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
    source = path.read_text(encoding="utf-8")
    spun_text, made = spin(source, rate, seed=1)
    print(spun_text[:1500])
    print(f"\n{len(made)} changes, e.g.:", "; ".join(f"{c.original} → {c.spun}" for c in made[:20]))
