"""People and organisations: runs of capitalised words, split at titles and told apart by cue words.

A light heuristic, no model (named-entity models need downloads and would
cost more than the rest of the pipeline).  :func:`_name_spans` makes a first
pass over the sentences: runs of capitalised words (:func:`_runs`) are split
at honorifics and roles (:func:`_role_labels`; ``UK Prime Minister Keir
Starmer`` gives the person ``Keir Starmer``, ``the Prime Minister`` a bare
title), and each remaining segment is an organisation, a person, or a name
that may be a person (:func:`_classify_segment`).  :func:`_resolve_names`
then resolves partial names against the full names seen anywhere in the
article (``Starmer`` gives ``keir starmer``).  The rules and their limits
are in docs/facts.md, "People and organisations".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..matching import matching_key
from .dates import _WEEKDAYS
from .words import (
    _GENERAL_AFTER,
    _NAME_TOKEN,
    _NEXT_VERB,
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
    _prev_word,
)

_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class _Tok:
    start: int
    end: int  # without a possessive 's
    word: str
    possessive: bool


@dataclass
class _NameSpan:
    kind: str  # "person", "organisation", "maybe" (a person if the name was seen in full elsewhere)
    start: int
    end: int
    tokens: list[str]
    headline: bool = False


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def _is_headline(text: str, start: int, end: int) -> bool:
    """A line in title case without a full stop: a heading, where capitals say nothing about names."""
    line = text[start:end].rstrip()
    if not line or line[-1] in ".!?:\"”’)":
        return False
    words = [w for w in _NAME_TOKEN.findall(line) if w.lower() not in STOPWORDS or w[0].isupper()]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6


def _name_tokens(text: str, words: Sequence[tuple[int, int, str]], blocked: bytearray) -> list[_Tok]:
    """The words that can be part of a name: capitalised words, name particles, ``of``/``for``.

    Other words are left out: the gap test in :func:`_runs` (a single space
    between two tokens) already breaks a run where they stood, and so does a
    word left out because it lies inside a number, date or time.
    """
    toks = []
    for ws, we, key in words:
        if not (text[ws].isupper() or key in PARTICLES or key == "of" or key == "for"):
            continue
        if blocked.find(1, ws, we) != -1:
            continue
        word = text[ws:we]
        if not word[0].isalpha():
            continue
        possessive = len(word) > 2 and word[-2:] in ("'s", "’s")
        if possessive:
            word = word[:-2]
        toks.append(_Tok(ws, ws + len(word), word, possessive))
    return toks


def _runs(text: str, toks: Sequence[_Tok]) -> list[list[_Tok]]:
    """Runs of capitalised words separated by single spaces (plus name particles and ``of``/``for`` after an org head)."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for tok in toks:
        w = tok.word
        joinable = w[0].isupper() or w in PARTICLES or (w in ("of", "for") and cur and cur[-1].word in ORG_HEADS)
        if cur:
            gap = text[cur[-1].end : tok.start]
            prev = cur[-1]
            glued = not prev.possessive and (gap in (" ", "\u00a0") or (prev.word in HONORIFICS and gap == ". "))
            if glued and joinable:
                cur.append(tok)
            else:
                runs.append(cur)
                cur = [tok] if w[0].isupper() else []
        elif w[0].isupper():
            cur = [tok]
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and (run[-1].word in PARTICLES or run[-1].word in ("of", "for")):
            run = run[:-1]
        if run:
            out.append(run)
    return out


def _role_labels(run: list[_Tok]) -> list[str]:
    """Label each token: H honorific, R role, N anything else (names, places, organisations)."""
    labels = []
    for i, tok in enumerate(run):
        w = tok.word
        if w in HONORIFICS:
            labels.append("H")
        elif w in ROLE_CORE or (w == "General" and i and run[i - 1].word in _GENERAL_AFTER):
            labels.append("R")
        else:
            labels.append("N")
    # A modifier is part of a role only when a role word follows it ("Trade Commissioner").
    for i in range(len(run) - 2, -1, -1):
        if labels[i] == "N" and run[i].word in ROLE_MODIFIERS and labels[i + 1] == "R":
            labels[i] = "R"
    return labels


def _name_spans(text: str, sentences: list[tuple[int, int, bool, bool]], words: Sequence[tuple[int, int, str]],
                blocked: bytearray) -> list[_NameSpan]:
    """First pass over the sentences: organisations, people, and runs that may be people."""
    found: list[_NameSpan] = []
    tokens = _name_tokens(text, words, blocked)
    starts = [t.start for t in tokens]
    for s_start, s_end, headline, byline in sentences:
        toks = tokens[bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)]
        if not toks:
            continue
        if toks[-1].end > s_end:  # a word glued to a marker that starts the next sentence: "EUpublished at 16:14"
            toks[-1] = _Tok(toks[-1].start, s_end, text[toks[-1].start : s_end], False)
        for run in _runs(text, toks):
            at_start = _LETTER.search(text, s_start, run[0].start) is None
            prev = _prev_word(text, run[0].start)
            if run[0].word.lower() in STOPWORDS and run[0].word not in HONORIFICS:
                # "The Independent", "In Brussels": a capitalised small word opens a title or a sentence.
                prev = run[0].word.lower()
                run = run[1:]
                at_start = False
                if not run:
                    continue
            after = text[run[-1].end : run[-1].end + 20]
            next_word = _NEXT_VERB.match(after)
            next_word = next_word.group(1).lower() if next_word and not run[-1].possessive else ""
            labels = _role_labels(run)
            i = 0
            role_before = prev in LOWER_ROLES and not at_start
            while i < len(run):
                if labels[i] == "R":
                    j = i
                    while j < len(run) and labels[j] == "R":
                        j += 1
                    if j == len(run) or run[j].word in ("of", "for"):
                        # A role with no name after it: "the Prime Minister".
                        before = text[max(0, run[i].start - 4) : run[i].start].lower()
                        if before.endswith("the ") and i == 0:
                            title = [t.word for t in run[i:j]]
                            found.append(_NameSpan("person", run[i].start, run[j - 1].end, ["role:", *title], headline))
                    role_before = True
                    i = j
                    continue
                if labels[i] == "H":
                    j = i
                    while j < len(run) and labels[j] == "H":
                        j += 1
                    k = j
                    while k < len(run) and labels[k] == "N" and not _org_token(run[k].word):
                        k += 1
                    names = [t.word for t in run[j:k]]
                    if any(w not in PARTICLES for w in names):
                        found.append(_NameSpan("person", run[i].start, run[k - 1].end, names, headline))
                    i = max(k, i + 1)
                    role_before = False
                    continue
                j = i
                while j < len(run) and labels[j] == "N":
                    j += 1
                first, last = i == 0, j == len(run)
                segment = run[i:j]
                found.extend(
                    _classify_segment(segment, role_before, at_start and first, prev if first else "", next_word if last else "",
                                      headline, byline)
                )
                role_before = False
                i = j
    return found


def _org_token(word: str) -> bool:
    return word in ORG_CUES or (_is_acronym(word) and word not in NOT_ORG_ACRONYMS)


def _classify_segment(seg: list[_Tok], role_before: bool, at_start: bool, prev: str, next_word: str, headline: bool,
                      byline: bool) -> list[_NameSpan]:
    """A run of plain capitalised words: organisation, person, or a name to check against the article's people."""
    while seg and (seg[0].word in NOT_ORG_ACRONYMS or seg[0].word in ("of", "for") or seg[0].word in PARTICLES):
        seg = seg[1:]  # "UK" in "UK Pool"
        at_start = False
    if not seg:
        return []
    words = [t.word for t in seg]
    cues = [k for k, w in enumerate(words) if _org_token(w)]
    if cues and headline:
        # In a heading every word is capitalised: keep only the cue words that name an organisation alone.
        return [_NameSpan("organisation", seg[k].start, seg[k].end, [words[k]], True) for k in cues
                if _is_acronym(words[k]) or words[k] in STANDALONE_ORGS]
    if cues:
        last = cues[-1]
        connector = any(w in ("of", "for") for w in words[cues[0] :])
        if connector:
            last = len(seg) - 1
        out = [_NameSpan("organisation", seg[0].start, seg[last].end, words[: last + 1], headline)]
        rest = seg[last + 1 :]
        if rest:
            out += _classify_segment(rest, False, False, "", next_word, headline, False)
        return out
    names = [w for w in words if w not in PARTICLES]
    full = words if names else []
    if any(w in NON_NAME or w.isupper() or w.lower() in _WEEKDAYS for w in names):
        return [_NameSpan("maybe", seg[0].start, seg[-1].end, names, headline)] if len(names) == 1 else []
    person = (
        role_before
        or (not at_start and not headline and len(names) >= 2 and prev not in ("the", "a", "an"))
        or (next_word in SPEECH_VERBS and not headline and (len(names) >= 2 or names[0].lower() not in COMMON_SUBJECTS))
        or (byline and len(names) >= 2)
    )
    return [_NameSpan("person" if person else "maybe", seg[0].start, seg[-1].end, full, headline)]


def _name_key(word: str) -> str:
    return matching_key(word)


def _resolve_names(spans: list[_NameSpan]) -> list[tuple[str, int, int, str]]:
    """Second pass: full names seen anywhere resolve partial ones ("Starmer", "Sir Keir"); returns (start, end, type, value)."""
    full: dict[str, set[str]] = {}
    for s in spans:
        if s.kind == "person" and s.tokens[0] != "role:" and sum(w not in PARTICLES for w in s.tokens) >= 2:
            value = " ".join(_name_key(w) for w in s.tokens)
            for w in s.tokens:
                if w not in PARTICLES:
                    full.setdefault(_name_key(w), set()).add(value)
    out = []
    for s in spans:
        if s.kind == "organisation":
            value = " ".join(_name_key(w) if w not in ("of", "for") else w for w in s.tokens)
            out.append((s.start, s.end, "organisation", ORG_ALIASES.get(value, value)))
            continue
        if s.tokens[0] == "role:":
            out.append((s.start, s.end, "person", "role: " + " ".join(w.lower() for w in s.tokens[1:])))
            continue
        keys = [_name_key(w) for w in s.tokens]
        named = [_name_key(w) for w in s.tokens if w not in PARTICLES]
        options = set.intersection(*(full.get(k, set()) for k in named)) if named else set()
        if len(options) == 1:
            out.append((s.start, s.end, "person", next(iter(options))))
        elif s.kind == "person" and not s.headline:
            out.append((s.start, s.end, "person", " ".join(keys)))
    return out


_DEFINED = re.compile(
    r"\b(?P<long>[A-Z][\w'’-]+(?:\s+(?:(?:of|for|and|the|on|in)\s+)?[A-Z][\w'’-]+){1,7})\s+\((?P<short>[A-Z][A-Za-z]{1,9})\)"
)
_SMALL = frozenset("of for and the on in".split())


def defined_names(text: str) -> list[tuple[int, int, str, str]]:
    """Named things an article defines with a short form, and the short form's later mentions, as one organisation.

    "the Security Action for Europe (Safe) fund" defines Safe: the long form
    and every later "Safe" (case kept: "safe" is a word) name one thing,
    valued by the long form (``security action for europe``).  A bracket is
    a definition only when its letters are the initials of the long form,
    with or without its small words ("for": S-A-F-E).  Returns ``(start, end,
    "organisation", value)``, as :func:`_resolve_names` does.
    """
    out: list[tuple[int, int, str, str]] = []
    for m in _DEFINED.finditer(text):
        spans = [(w.start() + m.start("long"), w.group()) for w in re.finditer(r"\S+", m["long"])]
        short = m["short"].upper()
        while len(spans) >= 2 and spans[0][1] not in _SMALL:
            words = [w for _, w in spans]
            if short in ("".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w not in _SMALL).upper()):
                break
            spans = spans[1:]  # "UK joins the Security Action for Europe (Safe)": the definition starts later
        else:
            continue
        value = " ".join(w if w in _SMALL else matching_key(w) for _, w in spans)
        value = ORG_ALIASES.get(value, value)
        out.append((spans[0][0], m.end("long"), "organisation", value))
        for mention in re.finditer(rf"(?<![\w(]){re.escape(m['short'])}(?![\w)])", text[m.end() :]):
            out.append((m.end() + mention.start(), m.end() + mention.end(), "organisation", value))
    return out


#: Words before a role that make it another holder's ("the former Prime Minister, Boris Johnson").
_NOT_CURRENT = frozenset("former ex then late outgoing incoming previous acting deputy shadow vice".split())
_APPOSITION = re.compile(r"\s*,?\s*")


def tie_roles(text: str, facts: list) -> list:
    """Roles the article ties to one person: "the Prime Minister, Sir Keir Starmer," makes every "the Prime
    Minister" of the article Keir Starmer (its value; the words stay as written).

    A role is tied by apposition (the role, then at most a comma, then the
    name), never when a word such as "former" or "deputy" comes before it, and
    only when the article ties that role to one person: otherwise the role
    keeps its ``role:`` value, which names no one.
    """
    people = [f for f in facts if f.type == "person" and not f.value.startswith("role:")]
    ties: dict[str, set[str]] = {}
    for role in (f for f in facts if f.type == "person" and f.value.startswith("role:")):
        before = text[max(0, role.start - 12) : role.start].lower().split()
        if before and before[-1].strip("-") in _NOT_CURRENT:
            continue
        after = next((p for p in people if p.start >= role.end), None)
        if after is not None and _APPOSITION.fullmatch(text[role.end : after.start]):
            ties.setdefault(role.value, set()).add(after.value)
    tied = {role: next(iter(names)) for role, names in ties.items() if len(names) == 1}
    if not tied:
        return facts
    return [replace(f, value=tied[f.value]) if f.type == "person" and f.value in tied else f for f in facts]
