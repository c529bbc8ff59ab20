"""Stage ``spintax``: spinner debris, words broken by stray spaces, doubled words.

* ``{a|b|c}`` is spintax: a spinner's template of alternatives that was
  published unexpanded.  The first alternative is kept (spinners list the
  original first more often than not; the confidence says it is a guess).
* ``{a} {b}``: braces left around words the spinner chose not to change.
* ``prime m inister``: a word split by a stray space.  Two neighbouring
  fragments are joined when the joined word is a common English word and at
  least one fragment is not a word at all (``a part`` stays as it is).
* ``the the``: a word doubled by accident.  Doubles that English uses on
  purpose (``had had``, ``that that``, ``bye bye``) are left alone, and so
  is a double whose first half ends a phrase a spinner writes (``go to to``
  where ``go to`` replaced ``visit``): de-spinning resolves those.
"""

from __future__ import annotations

import re

from .lexicon import load_thesaurus
from .repairs import Edit
from .wordstats import is_word, zipf

NAME = "spintax"

_SPINTAX = re.compile(r"\{([^{}\n|]*(?:\|[^{}\n]*)+)\}")
_BRACED = re.compile(r"\{([^{}\n|]+)\}")
_FRAGMENTS = re.compile(r"(?<![\w'’-])([a-z]+) ([a-z]+)\b(?![’'-]\w)", re.IGNORECASE)
_DOUBLED = re.compile(r"(?<![\w'’-])(\w+)(\s+)(\1)\b", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
#: Words that English doubles on purpose.
INTENDED_DOUBLES = frozenset(
    "had that is do bye ha no so very really far long many well there now knock tut yada blah".split()
)
#: How common (Zipf) the joined word must be to undo a split.
MIN_JOINED_ZIPF = 3.0


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
    thesaurus = load_thesaurus()
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() in INTENDED_DOUBLES or m.group(1).isdigit():
            continue
        previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
        if previous and f"{previous.group(1).lower()} {m.group(1).lower()}" in thesaurus:
            continue  # "go to to": a spun phrase ("go to" for "visit") met the next word; de-spinning handles it
        if not _overlaps(m.start(2), m.end(), taken):
            edits.append(Edit(m.start(2), m.end(), "", f"doubled word {m.group(1)!r}", 0.9))
            taken.append((m.start(2), m.end()))
    return edits


def _overlaps(start: int, end: int, taken) -> bool:
    return any(start < e and s < end for s, e in taken)


def _broken_words(text: str):
    pos = 0
    while True:
        m = _FRAGMENTS.search(text, pos)
        if not m:
            return
        left, right = m.group(1), m.group(2)
        joined = left + right
        if (
            right[0].islower()
            and (not is_word(left) or not is_word(right))
            and is_word(joined)
            and zipf(joined) >= MIN_JOINED_ZIPF
        ):
            yield Edit(m.start(), m.end(), joined, f"word split by a stray space ({left!r} + {right!r})", 0.85)
            pos = m.end()
        else:
            pos = m.start(2)  # the right fragment may start the next pair
