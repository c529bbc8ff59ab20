"""Spinner profiles: a content farm's synonym dictionary, learned from its copies.

A content farm runs one spinner over many articles, and a spinner is mostly
a fixed dictionary: the one behind seed 000 turns "join" into "affix",
"first" into "primary", "House" into "Home", and the same swaps recur in
every article it spins.  Wherever a spun copy is aligned with its source,
its substitutions can be read off; a :class:`SpinnerProfile` keeps them
(source phrase → spun phrase, with counts and where each was seen), and
:func:`articlediff.normalise.despin.profile_edits` inverts it on another
article of the same farm, where no source is at hand.

What is recorded, for each pair of aligned sentences (:func:`learn_profile`):

* **swaps**: each run of differing words of up to :data:`LONGEST` words a
  side, none holding a digit or a number word (a changed number is an
  edit, not a spin, and a number is a fact no profile may restore) and
  not another form of the same word ("meet"/"meeting").  Runs of equal
  length are split word by word, so "Cabinet Office" → "Cupboard Workplace"
  also teaches "Office" → "Workplace" for "Post Office"; runs of unequal
  length are kept as phrases ("prime minister" → "premier").  Longer runs
  keep only the phrase pairs the thesaurus relates (:func:`.swaps.synonym_swaps`);
  the rest is rewriting, which a dictionary does not explain.
* **kept**: how often each word of the spun copy stood unchanged against
  its source.  This is what tells a swap the spinner always makes from a
  word that is usually genuine: "could" kept forty times and swapped for
  "May" once is not evidence that the next "could" was "May".

Words are keyed by :func:`form_key`: lower case, except a capitalised word
inside a sentence, which keeps a mark of its capital, because a spinner's
"May" → "Could" (a month) says nothing about the modal "could".  In a
title-case line (a headline) every capital is layout, so none is marked.

The JSON form (:meth:`SpinnerProfile.to_dict`, schema
``articlediff.spinner/1``, docs/normalise.md) is versioned and mergeable:
two profiles of the same farm add up (:meth:`SpinnerProfile.merge`).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import UsageError
from ..facts.numbers import is_number_word
from .swaps import difference_blocks, lower, synonym_swaps

SCHEMA = "articlediff.spinner/1"
#: The longest phrase (in words) recorded as one swap.
LONGEST = 4
#: Places kept per swap, to show where it was seen.
SEEN_KEPT = 5

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")
_DIGIT = re.compile(r"\d")


def form_key(word: str, sentence_start: bool) -> str:
    """How a word is looked up: lower case, with a leading ``^`` when capitalised inside a sentence."""
    folded = lower(word)
    if word[:1].isupper() and not sentence_start:
        return "^" + folded
    return folded


def unmarked(key: str) -> str:
    """A key's words without the capital marks (what the text is written with, in lower case)."""
    return " ".join(w.lstrip("^") for w in key.split())


@dataclass
class Swap:
    """One substitution the spinner made: ``source`` (as the source wrote it) became ``spun`` (a key)."""

    spun: str
    source: str
    count: int = 0
    seen: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"spun": self.spun, "source": self.source, "count": self.count, "seen": list(self.seen)}


@dataclass
class SpinnerProfile:
    """A spinner's learned dictionary: its swaps, how often each spun form was genuine, and how many pairs taught it."""

    swaps: dict[tuple[str, str], Swap] = field(default_factory=dict)
    kept: Counter = field(default_factory=Counter)
    pairs: int = 0

    def __len__(self) -> int:
        return len(self.swaps)

    def add(self, spun: str, source: str, where: str | None = None, count: int = 1) -> None:
        """Record that ``source`` was spun into ``spun`` (a :func:`form_key` phrase) ``count`` more times."""
        key = (spun, lower(source))
        swap = self.swaps.get(key)
        if swap is None:
            swap = self.swaps[key] = Swap(spun, source)
        swap.count += count
        if where and where not in swap.seen and len(swap.seen) < SEEN_KEPT:
            swap.seen.append(where)

    def candidates(self, spun: str) -> list[Swap]:
        """The swaps that produce the spun form ``spun`` (a key), the most frequent first."""
        return sorted((s for (k, _), s in self.swaps.items() if k == spun), key=lambda s: -s.count)

    def index(self) -> dict[str, list[Swap]]:
        """Every spun form's swaps, the most frequent first: what inverting a text looks up."""
        out: dict[str, list[Swap]] = {}
        for (spun, _), swap in self.swaps.items():
            out.setdefault(spun, []).append(swap)
        for swaps in out.values():
            swaps.sort(key=lambda s: -s.count)
        return out

    def longest(self) -> int:
        """The longest spun form, in words."""
        return max((len(spun.split()) for spun, _ in self.swaps), default=0)

    def merge(self, other: SpinnerProfile) -> SpinnerProfile:
        """A new profile holding both profiles' evidence (counts add up)."""
        out = SpinnerProfile(kept=self.kept + other.kept, pairs=self.pairs + other.pairs)
        for profile in (self, other):
            for swap in profile.swaps.values():
                out.add(swap.spun, swap.source, None, swap.count)
                merged = out.swaps[swap.spun, lower(swap.source)]
                merged.seen.extend(w for w in swap.seen if w not in merged.seen)
                del merged.seen[SEEN_KEPT:]
        return out

    def to_dict(self) -> dict:
        """The documented JSON form: the swaps, the most frequent first, and every kept count (a later merge may need any)."""
        swaps = sorted(self.swaps.values(), key=lambda s: (-s.count, s.spun, s.source))
        return {
            "schema": SCHEMA,
            "pairs": self.pairs,
            "swaps": [s.to_dict() for s in swaps],
            "kept": dict(sorted(self.kept.items())),
        }

    @classmethod
    def from_dict(cls, data: dict) -> SpinnerProfile:
        """Read the JSON form; a profile of another schema is refused."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            found = data.get("schema") if isinstance(data, dict) else type(data).__name__
            raise UsageError(f"not a spinner profile (schema {found!r}, expected {SCHEMA!r})")
        try:
            out = cls(kept=Counter({str(k): int(v) for k, v in data.get("kept", {}).items()}), pairs=int(data["pairs"]))
            for s in data["swaps"]:
                out.swaps[s["spun"], lower(s["source"])] = Swap(s["spun"], s["source"], int(s["count"]), list(s.get("seen", [])))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UsageError(f"a spinner profile with a malformed entry: {exc}") from None
        return out

    def save(self, path: str | os.PathLike) -> None:
        """Write the JSON form to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, ensure_ascii=False, indent=1)
            f.write("\n")

    @classmethod
    def load(cls, path: str | os.PathLike) -> SpinnerProfile:
        """Read a profile saved by :meth:`save`; a clear error for a missing or malformed file (or a pipe, never waited on)."""
        from ..read.decode import not_a_file

        problem = not_a_file(path)
        if problem:
            raise UsageError(f"spinner profile {os.fspath(path)}: {problem}")
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as exc:
            raise UsageError(f"spinner profile {os.fspath(path)}: cannot be read ({exc.strerror or exc})") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{os.fspath(path)} is not a spinner profile (not JSON: {exc})") from None
        return cls.from_dict(data)


def _words(text: str, start: int, end: int) -> list[tuple[str, bool]]:
    """The words of ``text[start:end]`` (one sentence), each with whether its capital says nothing.

    That is the sentence's first word, and every word of a title-case line
    (a headline: :func:`title_case`), where "Relationship" is capitalised
    for the layout, not because it is a name.
    """
    words = [m.group() for m in _WORD.finditer(text, start, end)]
    titled = title_case(words)
    return [(w, titled or k == 0) for k, w in enumerate(words)]


#: A sentence whose words of four letters or more are capitalised at least this often is title case.
TITLE_CASE_SHARE = 0.6


def title_case(words: list[str]) -> bool:
    """Whether a sentence is written in title case ("UK And EU Agree New Partnership"), as headlines are."""
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    return len(long) >= 2 and sum(w[:1].isupper() for w in long) >= TITLE_CASE_SHARE * len(long)


def _same_word(a: str, b: str) -> bool:
    """Another form of one word ("meet"/"meeting", "union"/"unions"): an edit, not a spin."""
    a, b = a.lstrip("^"), b.lstrip("^")
    return a.startswith(b) or b.startswith(a)


def block_swaps(spun: list[str], source: list[str]) -> list[tuple[list[int], list[int]]]:
    """The swaps in one run of differing words: pairs of (spun word indices, source word indices).

    ``spun`` and ``source`` are the run's words as :func:`form_key` keys
    and as the source wrote them (lower-cased for the comparison).
    """
    if any(_DIGIT.search(w) or is_number_word(w.lstrip("^")) for w in spun + source):
        return []  # a number is a fact: a changed one is an edit, and a profile must never restore one
    if len(spun) <= LONGEST and len(source) <= LONGEST:
        if len(spun) == len(source):
            return [([k], [k]) for k in range(len(spun)) if not _same_word(spun[k], lower(source[k]))]
        if len(spun) == 1 and len(source) == 1 or _same_word(" ".join(spun), " ".join(source).lower()):
            return []
        return [(list(range(len(spun))), list(range(len(source))))]
    found = synonym_swaps([unmarked(w) for w in spun], [lower(w) for w in source])
    return [(list(range(a0, a1)), list(range(b0, b1))) for (a0, a1), (b0, b1), _, _ in found]


def learn_profile(
    spun: str, source: str, profile: SpinnerProfile | None = None, label: str | None = None
) -> SpinnerProfile:
    """Learn the swaps that turned ``source`` into its spun copy ``spun`` (into ``profile``, or a new one).

    The two texts are aligned sentence by sentence (:func:`articlediff.align.align_sentences`,
    which pairs spun sentences with their sources); inside each pair the
    words are diffed, and each run of differences is read as swaps
    (:func:`block_swaps`); the words both sides share count as kept.
    ``label`` (a name or path) is recorded as where each swap was seen.
    """
    import Levenshtein

    from ..align import align_sentences
    from ..segment import segment

    profile = SpinnerProfile() if profile is None else profile
    mine, theirs = segment(spun), segment(source)
    for match in align_sentences(mine, theirs):
        a = _sentence_words(spun, mine, match.a)
        # A source word is recorded as the source writes it inside a sentence: "But" opening a sentence is "but".
        b = [(lower(w) if first else w, first) for w, first in _sentence_words(source, theirs, match.b)]
        keys = [form_key(w, first) for w, first in a]
        opcodes = Levenshtein.opcodes([k.lstrip("^") for k in keys], [lower(w) for w, _ in b])
        for op, i1, i2, _, _ in opcodes:
            if op == "equal":
                profile.kept.update(keys[i1:i2])
        for i1, i2, j1, j2 in difference_blocks(opcodes):
            run = keys[i1:i2]
            words = [w for w, _ in b[j1:j2]]
            for spun_idx, source_idx in block_swaps(run, words):
                profile.add(" ".join(run[k] for k in spun_idx), " ".join(words[k] for k in source_idx), label)
    profile.pairs += 1
    return profile


def _sentence_words(text: str, sentences, span: range) -> list[tuple[str, bool]]:
    """The words of the sentences ``span`` of ``text``, each with whether its capital says nothing (:func:`_words`)."""
    out = []
    for s in sentences[span.start : span.stop]:
        out.extend(_words(text, s.start, s.end))
    return out


def learn_pairs(pairs, profile: SpinnerProfile | None = None) -> SpinnerProfile:
    """A profile learned from ``(spun text, source text, label)`` triples (added to ``profile`` when given)."""
    profile = SpinnerProfile() if profile is None else profile
    for spun, source, label in pairs:
        learn_profile(spun, source, profile, label)
    return profile


def first_is_spun(a: str, b: str, date_a: str | None = None, date_b: str | None = None) -> bool:
    """Whether ``a`` is the spun copy of ``b`` (else ``b`` of ``a``): dates first, then which reads worse.

    When both are dated on different days the earlier is the source (ISO
    dates sort as text); otherwise :func:`spun_side` decides.  The one rule
    ``index add --learn-spinner`` and ``spinner learn --find`` orient pairs by.
    """
    if date_a and date_b and date_a != date_b:
        return date_a > date_b
    return spun_side(a, b) == "a"


def spun_side(a: str, b: str, lm=None) -> str:
    """Which of two aligned texts is the spun copy: ``"a"`` or ``"b"``, by which reads less like English.

    A spinner's synonyms make worse English than the author's words
    ("White Home", "affix a gathering"), so over the sentences where the
    two differ, the spun side has the lower log-likelihood per word under
    the trigram model.  For an index that learns a spinner without dates to
    say which came first (``Index.add(learn_spinner=True)``).  Ties (or no
    model) say ``"a"``, the new document.
    """
    from ..align import align_sentences
    from ..segment import segment

    if lm is None:
        from .ngram import load_trigram_model

        lm = load_trigram_model()
    if lm is None:
        return "a"
    mine, theirs = segment(a), segment(b)
    sides: tuple[list[str], list[str]] = ([], [])
    words = [0, 0]
    for match in align_sentences(mine, theirs):
        x, y = mine[match.a.start : match.a.stop], theirs[match.b.start : match.b.stop]
        keys_x = [k for s in x for k in s.keys]
        keys_y = [k for s in y for k in s.keys]
        if keys_x != keys_y:
            for side, sentences, keys in ((0, x, keys_x), (1, y, keys_y)):
                sides[side].append(" ".join(s.text for s in sentences))
                words[side] += len(keys)
    if not sides[0]:
        return "a"
    per_word = [sum(lm.log_likelihoods(texts)) / max(1, n) for texts, n in zip(sides, words)]
    return "b" if per_word[1] < per_word[0] else "a"
