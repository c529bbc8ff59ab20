"""Stage ``spintax``: spinner debris, words broken by stray spaces, doubled words.

* ``{a|b|c}`` is spintax: a spinner's template of alternatives that was
  published unexpanded.  The first alternative is kept (spinners list the
  original first more often than not; the confidence says it is a guess).
* ``{a} {b}``: braces left around words the spinner chose not to change.
* ``prime m inister``: a word split by a stray space.  Two neighbouring
  fragments are joined when the joined word is a common English word and at
  least one fragment is not a word at all (``a part`` stays as it is).
* ``the the``: an English word doubled by accident (a doubled token that
  is no English word, such as a stray letter, is left alone).  Doubles that English uses on
  purpose (``had had``, ``that that``, ``bye bye``) are left alone, and so
  is a double whose first half ends a phrase a spinner writes (``go to to``
  where ``go to`` replaced ``visit``): de-spinning resolves those.
"""

from __future__ import annotations

import re
from itertools import compress, count

from .lexicon import load_thesaurus
from .repairs import Edit
from .wordstats import is_word, non_words, zipf

NAME = "spintax"

_SPINTAX = re.compile(r"\{([^{}\n|]*(?:\|[^{}\n]*)+)\}")
_BRACED = re.compile(r"\{([^{}\n|]+)\}")
_LETTER_RUNS = re.compile(r"([A-Za-z]+)")
_JOINERS = "'’-"
_DOUBLED = re.compile(r"(?<![\w'’-])(\w+)([ \t]+)(\1)\b", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
#: Words that English doubles on purpose.
INTENDED_DOUBLES = frozenset(
    "had that is do bye ha no so very really far long many well there now knock tut yada blah".split()
)
#: How common (Zipf) the joined word must be to undo a split.
MIN_JOINED_ZIPF = 3.0


#: Words that open a free relative clause, whose verb is often followed by the same verb
#: ("whatever happens happens"): a doubled word after one of them is English, not debris.
FREE_RELATIVES = frozenset({"whatever", "whoever", "whichever", "wherever", "whenever", "what", "who"})


def run(text: str, context) -> list[Edit]:
    edits = [
        Edit(m.start(), m.end(), m.group(1).split("|")[0].strip(), "spintax alternatives; kept the first", 0.6)
        for m in _SPINTAX.finditer(text)
    ]
    taken = [(e.start, e.end) for e in edits]
    for m in _BRACED.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            edits.append(Edit(m.start(), m.start() + 1, "", "spintax brace left by a spinner", 0.95))
            edits.append(Edit(m.end() - 1, m.end(), "", "spintax brace left by a spinner", 0.95))
            taken.append((m.start(), m.end()))
    for edit in _broken_words(text):
        if not _overlaps(edit.start, edit.end, taken):
            edits.append(edit)
            taken.append((edit.start, edit.end))
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() in INTENDED_DOUBLES or m.group(1).isdigit():
            continue
        if not is_word(m.group(1)):
            continue  # a doubled token that is no English word ("Ü Ü") is not clearly a slip: left alone
        previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
        if previous and f"{previous.group(1).lower()} {m.group(1).lower()}" in load_thesaurus():
            continue  # "go to to": a spun phrase ("go to" for "visit") met the next word; de-spinning handles it
        if previous and previous.group(1).lower() in FREE_RELATIVES:
            continue  # "whatever happens happens", "what will be will be": the verb of the clause, then its own
        if not _overlaps(m.start(2), m.end(), taken):
            edits.append(Edit(m.start(2), m.end(), "", f"doubled word {m.group(1)!r}", 0.9))
            taken.append((m.start(2), m.end()))
    return edits


def _overlaps(start: int, end: int, taken) -> bool:
    return any(start < e and s < end for s, e in taken)


def _acronym(fragment: str) -> bool:
    """Two or more capitals ("UN", "EU", "NHS"): an acronym, which the word list does not hold."""
    return len(fragment) >= 2 and fragment.isupper()


def _broken_words(text: str):
    """Neighbouring fragments that make a common word only when joined.

    Only pairs next to a token that is not a word are examined, which is
    few tokens in ordinary text.  The text is split once into letter runs
    and what lies between them (``parts``: gap, run, gap, run, …, gap), and
    every test reads those strings: ``run`` ``k`` is ``parts[2k + 1]``, with
    the gaps before and after it on either side.
    """
    parts = _LETTER_RUNS.split(text)
    runs = parts[1::2]
    # is_word once per distinct run: a news article repeats most of its words
    fragments = non_words(set(runs))
    last = len(runs) - 1
    at = compress(count(), map(fragments.__contains__, runs))  # the runs that are no word, by a C-level scan
    # a pair is worth a look only when one space parts them and the right one goes on in lower case
    pairs = sorted({p for k in at for p in (k - 1, k) if 0 <= p < last and parts[2 * p + 2] == " " and runs[p + 1][0].islower()})
    next_free = 0  # the first run an accepted join has not used
    for k in pairs:
        if k < next_free:
            continue
        left, right = runs[k], runs[k + 1]
        before, between, after = parts[2 * k][-1:], parts[2 * k + 2], parts[2 * k + 4][:1]
        if (
            between == " "
            and right[0].islower()
            and not _acronym(left)  # "UN is", "EU has": an acronym is a word, not a fragment
            and not (before and before.isalnum())  # "30s and": the "s" ends a number
            and not (before and before in _JOINERS)
            and not (after and after in _JOINERS)
        ):
            joined = left + right
            if is_word(joined) and zipf(joined) >= MIN_JOINED_ZIPF:
                start = sum(map(len, parts[: 2 * k + 1]))
                reason = f"word split by a stray space ({left!r} + {right!r})"
                yield Edit(start, start + len(left) + 1 + len(right), joined, reason, 0.85)
                next_free = k + 2
