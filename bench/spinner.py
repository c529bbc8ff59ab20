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

Two other spinners share that core (:func:`spin_with`), for the calibration
sets of ``_labelled.py``:

* :class:`FixedSpinner` (``fixed_dictionary(seed)``, ``spin_fixed``): a
  content farm's spinner, whose dictionary maps each original to ONE form,
  chosen once per dictionary seed, in every article it spins.
* :func:`spin_foreign`: a spinner whose thesaurus is not ours (Aiksaurus,
  Debian's ``aiksaurus`` program, single words), to see how the de-spinner
  behaves on a dictionary it does not share.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import zlib
from collections import defaultdict
from collections.abc import Callable
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
    return spin_with(text, rate, random.Random(seed), synonyms, lambda original, rng: rng.choice(synonyms(original)))


def spin_with(
    text: str,
    rate: float,
    rng: random.Random,
    synonyms_of: Callable[[str], tuple[str, ...]],
    pick: Callable[[str, random.Random], str],
) -> tuple[str, list[Change]]:
    """The spinner's core: ``synonyms_of(original)`` says what is eligible, ``pick(original, rng)`` the form written.

    ``original`` is the unit's words in lower case, joined by one space.  :func:`spin` draws a form
    with ``rng``; :class:`FixedSpinner` looks it up in its dictionary; :func:`spin_foreign` draws
    from another thesaurus.
    """
    words = list(iter_words(text))
    units, eligible = _units(text, words, synonyms_of)
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
        form = pick(original, rng)
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


def _units(text: str, words, synonyms_of=synonyms) -> tuple[list[tuple[int, int]], set[int]]:
    """Word index ranges ``[i, j)`` that could be replaced (single words and two-word phrases), and the eligible words."""
    units: list[tuple[int, int]] = []
    eligible: set[int] = set()
    for i, w in enumerate(words):
        if synonyms_of(_key(w.text)):
            units.append((i, i + 1))
            eligible.add(i)
        pair = i + 1 < len(words) and _GAP.fullmatch(text[w.end : words[i + 1].start])
        if pair and synonyms_of(f"{_key(w.text)} {_key(words[i + 1].text)}"):
            units.append((i, i + 2))
            eligible.update((i, i + 1))
    return units, eligible


def eligible_words(text: str) -> tuple[int, int]:
    """(words ``spin`` could replace, all words) of ``text``."""
    words = list(iter_words(text))
    return len(_units(text, words)[1]), len(words)


# --- a content farm's spinner: one fixed dictionary ------------------------------------


@dataclass(frozen=True)
class FixedSpinner:
    """A spinner with one fixed dictionary: every original word or phrase has ONE spun form.

    A content farm's spinner does not draw a new synonym each time: its
    dictionary maps "said" to "stated" (say) in every article it spins.  The
    form for an original is chosen once, from its :func:`synonyms` (or
    ``synonyms_of``), by a hash of ``dictionary_seed`` and the original, so
    it is the same in every article and every run; which eligible words are
    spun is drawn per article (``spin``'s ``seed``).  Two articles spun with
    the same ``dictionary_seed`` share every swap of the words they share:
    the material for "a spinner profile learned from one pair restores the
    swaps of another".
    """

    dictionary_seed: int
    synonyms_of: Callable[[str], tuple[str, ...]] = synonyms

    def form(self, original: str) -> str | None:
        """The dictionary's form for ``original`` (lower case), or None when it has no entry."""
        forms = self.synonyms_of(original)
        if not forms:
            return None
        return forms[zlib.crc32(f"{self.dictionary_seed}|{original}".encode()) % len(forms)]

    def spin(self, text: str, rate: float, seed: int) -> tuple[str, list[Change]]:
        """Replace about ``rate`` of the eligible words of ``text`` by their dictionary forms."""
        return spin_with(text, rate, random.Random(seed), self.synonyms_of, lambda original, _rng: self.form(original))


def fixed_dictionary(seed: int) -> FixedSpinner:
    """The fixed-dictionary spinner of dictionary ``seed`` (our lexicon's forms)."""
    return FixedSpinner(seed)


def spin_fixed(text: str, dictionary_seed: int, rate: float, seed: int) -> tuple[str, list[Change]]:
    """``FixedSpinner(dictionary_seed).spin(text, rate, seed)``."""
    return FixedSpinner(dictionary_seed).spin(text, rate, seed)


# --- a spinner whose thesaurus is not ours: Aiksaurus --------------------------------------
#
# Debian's aiksaurus (a Moby-derived thesaurus, GPL-2+: run here as a program, its data never
# shipped; `apt-get install aiksaurus`) lists the meaning groups a word belongs to.  As
# experiments/despin_coverage.py found, it relates about as many of a real spinner's swaps as our
# lexicon does, and different ones: a fair stand-in for a commercial spinner's own dictionary.

#: Words of several of a word's Aiksaurus groups are its closer synonyms; this many are drawn from.
FOREIGN_CHOICES = CHOICES


def aiksaurus_available() -> bool:
    """Whether the aiksaurus program is installed."""
    return shutil.which("aiksaurus") is not None


@lru_cache(maxsize=None)
def aiksaurus_groups(word: str) -> tuple[tuple[str, ...], ...]:
    """``word``'s meaning groups in Aiksaurus (lower case), empty if it has none or the program is missing."""
    if not word.isalpha() or not aiksaurus_available():
        return ()
    out = subprocess.run(["aiksaurus", word], capture_output=True, text=True, check=False).stdout
    if "No synonyms known" in out:
        return ()
    groups, current = [], []
    for line in out.splitlines():
        if line.startswith("==="):
            if current:
                groups.append(tuple(current))
            current = []
        elif line.strip():
            current += [w.strip().lower() for w in line.split(",") if w.strip()]
    if current:
        groups.append(tuple(current))
    return tuple(groups)


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@lru_cache(maxsize=None)
def foreign_synonyms(original: str) -> tuple[str, ...]:
    """The forms the Aiksaurus spinner may write for a single word (lower case), closest first.

    A form is a word or two-word phrase of ``original``'s Aiksaurus groups;
    those in more of its groups come first, then the commoner.  Aiksaurus
    knows base forms: a plural it does not know is looked up singular and
    its forms made plural.  The same usability rules as our spinner's
    (common words, not a superstring of the original, function words never
    spun).
    """
    if " " in original or original in PROTECTED or not original.isalpha():
        return ()
    groups, base = aiksaurus_groups(original), None
    if not groups and original.endswith("s") and len(original) > 3:
        base = original[:-2] if original.endswith(("ches", "shes", "sses", "xes")) else original[:-1]
        groups = aiksaurus_groups(base)
    together: dict[str, int] = defaultdict(int)
    for group in groups:
        for form in set(group):
            together[form] += 1
    out = []
    for form, n in together.items():
        if base is not None:
            if " " in form or form == base:
                continue
            form = _plural(form)
        if len(form.split()) > MAX_FORM_WORDS or not _usable(original, form):
            continue
        out.append((-n, -_rarest_count(form), form))
    return tuple(f for *_, f in sorted(out))[:FOREIGN_CHOICES]


def spin_foreign(text: str, rate: float, seed: int) -> tuple[str, list[Change]]:
    """Spin ``text`` with the Aiksaurus thesaurus (single words); needs the aiksaurus program."""
    if not aiksaurus_available():
        raise RuntimeError("the foreign-dictionary spinner needs Aiksaurus: apt-get install aiksaurus")
    pick = lambda original, rng: rng.choice(foreign_synonyms(original))  # noqa: E731
    return spin_with(text, rate, random.Random(seed), foreign_synonyms, pick)


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
