"""Facts in a news passage, and which of them changed between two versions of a story.

The timeline reports, for two articles about the same story, the facts a
later version changed: a summit "possibly in April or May" that became
"May 19", "£130bn" that became "£150bn", a quotation put in someone else's
mouth.  A word diff shows such edits among many others; this package picks
out the ones a journalist checks first.

A :class:`Fact` is a span of the text (``text[start:end] == fact.text``)
with a type, a normalised ``value`` that ignores how it was written
(``£130bn`` and ``£130 billion`` are both ``GBP 130000000000``; ``19 May``
and ``May 19`` are both ``--05-19``) and an ``anchor``: the content words
next to it in its sentence, which say what the fact is *about*.  Facts are
paired across two passages within one slot (a count of the same noun, a
date of the same frame, a time with a time) by anchor and by where a word
diff puts them; a pair whose values differ is a :class:`FactChange`.

Why rules and not a library: ``dateparser``'s ``search_dates`` takes about
50 ms on a 5 KB article (the timeline needs well under 10 ms: 1,000 articles
in a minute), finds dates in words such as "We", and has no value for
"April or May"; statistical name recognisers need model downloads.  The
rules are regular expressions and small word lists, each documented in
docs/facts.md with its limits.  One module per job:

* ``model``: :class:`Fact`, :class:`FactChange`, the fact types;
* ``words``: the word lists the rules share (stop words, titles, roles,
  speech verbs, organisation cues);
* ``numbers``: numbers, money and percentages, and their values;
* ``dates``: dates and times, their values, and how date values relate;
* ``names``: people and organisations (titles split a run of capitalised
  words; cue words tell organisations apart);
* ``quotes``: quotations and who says each one;
* ``extract``: :func:`extract_facts` and :func:`speaker_of`: runs the
  finders once per text (cached), chooses among overlapping matches, and
  gives each fact its anchor;
* ``slots``: what a fact is about beyond its type (the noun a number
  counts and its family, the frame of a date, hedged alternatives): a
  change pairs two facts of one slot;
* ``pairing``: :func:`fact_changes`, :func:`anchored_changes`,
  :func:`same_value` and :func:`same_fact`: which facts changed.

Everything a caller needs is imported here: ``from articlediff.facts import
extract_facts, fact_changes``.
"""

from __future__ import annotations

from .extract import ANCHOR_WINDOW, extract_facts, speaker_of
from .extract import _analyse as _analyse  # the cached analysis: tests/test_facts.py clears its cache to time it
from .model import GROUPS, TYPES, Fact, FactChange
from .pairing import SAME_WORDS, anchored_changes, fact_changes, same_fact, same_value
from .slots import COUNT_FAMILIES, count_slot
from .words import (
    ANCHOR_STOPWORDS,
    COMMON_SUBJECTS,
    HONORIFICS,
    LOWER_ROLES,
    NON_NAME,
    NOT_ORG_ACRONYMS,
    ORG_ALIASES,
    ORG_CUES,
    ORG_HEADS,
    PARTICLES,
    ROLE_CORE,
    ROLE_MODIFIERS,
    SPEECH_VERBS,
    STANDALONE_ORGS,
    STOPWORDS,
)

__all__ = [
    "ANCHOR_STOPWORDS",
    "ANCHOR_WINDOW",
    "COUNT_FAMILIES",
    "COMMON_SUBJECTS",
    "GROUPS",
    "HONORIFICS",
    "LOWER_ROLES",
    "NON_NAME",
    "NOT_ORG_ACRONYMS",
    "ORG_ALIASES",
    "ORG_CUES",
    "ORG_HEADS",
    "PARTICLES",
    "ROLE_CORE",
    "ROLE_MODIFIERS",
    "SAME_WORDS",
    "SPEECH_VERBS",
    "STANDALONE_ORGS",
    "STOPWORDS",
    "TYPES",
    "Fact",
    "FactChange",
    "anchored_changes",
    "count_slot",
    "extract_facts",
    "fact_changes",
    "same_fact",
    "same_value",
    "speaker_of",
]
