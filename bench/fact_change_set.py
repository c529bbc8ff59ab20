"""Write tests/data/fact_changes.jsonl: labelled fact changes made by editing real news (issue 18, item 4).

Every item is a *before* text, an *after* text and the fact changes a
reader would list between them.  Before texts are real news nobody in this
project wrote: the stories of gensim's Lee corpus (``lee_background.cor``
and ``lee.cor``, ABC news of 2001-02, read as data; see ``_labelled.py``).
After texts are the same story with edits made here, each of a kind whose
label is certain by construction:

Positives (each edit is one labelled change; an item may carry several)
    ``time``       a clock time moved (``3:14pm`` → ``3:00pm``; a
                   converted time in brackets moves with it);
    ``count``      a count of people or things changed, the counted noun
                   kept (``500 residents`` → ``650 residents``);
    ``casualty``   a casualty count changed, sometimes with the counted
                   word changed within the casualty family (``35 people
                   were shot`` → ``4 victims were shot``);
    ``money``, ``percent``  the amount changed, its unit kept;
    ``weekday``, ``day``, ``month``, ``year``  a date moved to another
                   date of the same kind (``on Monday`` → ``on Tuesday``,
                   ``December 3`` → ``December 5``, ``in March`` → ``in
                   June``, ``in 1999`` → ``in 1997``);
    ``person``     a named person replaced by another everywhere in the story;
    ``speaker``    a quotation given to another speaker (a ``person`` change);
    ``quote``      one speaker's quotation reworded (its second half replaced).
Negatives (no change, or only the positive change of a ``+distractor`` item)
    ``unrelated``  a count removed from a sentence and a count of a
                   different noun added to it (``Two fires burning`` →
                   ``Fires burning ..., across 100 hectares``);
    ``wording``    words that are not facts edited (``marked`` → ``sharp``);
    ``reorder``    two paragraphs, or two sentences, swapped;
    ``restated``   a fact written another way (``4:00pm`` → ``4pm``,
                   ``20 per cent`` → ``20%``, ``two`` → ``2``, ``December 3``
                   → ``3 December``, a surname for a full name);
    ``hedge``      only hedging words differ (``about 60`` → ``nearly 60``,
                   ``in March`` → ``possibly in March or April``);
    ``spun``       a synonym spinner's swaps (``bench/spinner.py``; numbers,
                   names, dates and quotations left alone), and the
                   month/modal artefact of issue 18 (``possibly in April or
                   May`` → ``presumably in April or Could``);
    ``relative``   a relative date and an absolute one naming the same
                   day (``yesterday`` → ``on Monday``, ``next week`` →
                   ``on Tuesday``).

Sites are found with this script's own patterns (not the facts package's),
and only where the edited value occurs once in the story, so no other
mention restates or contradicts it.  Each text is a window of the story
around the edit (the lede and up to four paragraphs).  Everything is
seeded: the same gensim data gives the same file.

    python bench/fact_change_set.py            # write the file and print its counts
    python bench/fact_change_set.py --check    # only print the counts
    python bench/fact_change_set.py --seed 7 --out /tmp/holdout.jsonl   # another draw, for a hold-out
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spinner
from _corpus import ROOT
from _labelled import _distinct, _lee_lines, _paragraphs
from rapidfuzz import fuzz

from articlediff.normalise.lexicon import spinnable_words

OUT = ROOT / "tests" / "data" / "fact_changes.jsonl"
SEED = 18

#: How many items of each kind, at most (positives, then negatives).
CAPS = {
    "time": 20, "count": 30, "casualty": 24, "money": 22, "percent": 20, "weekday": 12, "day": 10, "month": 8, "year": 10,
    "person": 18, "speaker": 12, "quote": 18, "combined": 14,
    "restructured": 20, "moved": 16, "spun+change": 24,
    "unrelated": 22, "scope": 16, "wording": 16, "reorder": 12, "restated": 24, "hedge": 18, "spun": 16, "relative": 18,
}
#: Kinds whose sites are few: up to this many items from one story (each with one edit).
PER_STORY = {"casualty": 3, "time": 2, "money": 2, "speaker": 2, "percent": 2}
#: Kinds that add a distractor to a positive edit (``+distractor``).
DISTRACTED = {"count": 6, "casualty": 4, "money": 3, "percent": 3}

MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen " \
               "eighteen nineteen twenty".split()
_WORD_VALUE = {w: k for k, w in enumerate(NUMBER_WORDS, start=2)}
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_NUMWORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

#: People, and words that count casualties on their own: the generator's own lists.
PEOPLE = set("people persons civilians residents soldiers troops police officers workers passengers children men women "
             "palestinians israelis students miners pilgrims protesters refugees".split())
CASUALTY_NOUNS = set("victims casualties dead deaths fatalities injured wounded bodies".split())
CASUALTY_VERBS = set("killed dead died injured wounded shot hurt".split())
#: Counted-word changes within the casualty family (a journalist's rewording of who was counted).
CASUALTY_SWAPS = {"people": ["victims", "casualties"], "victims": ["people"], "civilians": ["victims"],
                  "persons": ["victims"], "soldiers": ["troops"], "troops": ["soldiers"]}
#: Counted nouns for the unrelated-number distractors, each with a clause to carry it.
DISTRACTORS = [
    ("hectares", ", across {n} hectares"), ("kilometres", ", about {n} kilometres away"),
    ("roads", ", with {n} roads closed"), ("flights", ", with {n} flights cancelled"),
    ("vehicles", ", involving {n} vehicles"), ("hours", ", after {n} hours"), ("schools", ", and {n} schools shut"),
    ("pages", ", in a report of {n} pages"), ("countries", ", with {n} countries watching"),
    ("tonnes", ", with {n} tonnes of equipment"), ("metres", ", about {n} metres from the road"),
]
#: Human word edits: words that are not facts, and what an editor might write instead.
WORDING = {
    "marked": "sharp", "huge": "massive", "strong": "powerful", "large": "big", "serious": "grave", "major": "significant",
    "small": "minor", "quickly": "rapidly", "began": "started", "difficult": "hard", "warned": "cautioned",
    "important": "key", "rejected": "dismissed", "claimed": "alleged", "believed": "thought", "allowed": "permitted",
    "angry": "furious", "recent": "latest", "severe": "extreme", "new": "fresh", "immediately": "at once",
    "criticised": "condemned", "announced": "revealed", "urged": "called on", "refused": "declined",
}
HEDGES = ["about", "around", "nearly", "almost", "some", "more than", "at least", "up to", "as many as", "roughly"]
_HEDGE_RE = r"(?:about|around|nearly|almost|some|more than|at least|up to|as many as|roughly|an estimated|approximately)"
#: Endings for a reworded quotation (its first half kept).
QUOTE_ENDINGS = [
    "and that is the message we want people to hear", "but we will have to wait and see what happens",
    "and we are not going to back down on that", "which is something we have said all along",
    "but nobody can say for certain at this stage", "and I think most people understand that",
    "and we will be looking at every option", "but it is far too early to say",
    "and that is simply not acceptable to anyone", "so we will keep working on it",
    "but there is still a long way to go", "and the community deserves better than this",
    "and we have made that very clear", "but the government has to listen",
    "and I do not accept the criticism", "which is why we acted the way we did",
]
#: A spinner writes these for month names that are also ordinary words (modal "may", the verb "march").
MONTH_SPIN = {"May": "Could", "March": "Walk", "August": "Grand"}
HEDGE_SPIN = {"possibly": "presumably", "probably": "likely", "perhaps": "maybe"}
NAME_ROLES = (
    r"Mr|Mrs|Ms|Dr|Professor|Senator|Premier|Minister|President|Commissioner|Inspector|Superintendent|Sergeant|"
    r"Captain|Colonel|General|Treasurer|Speaker|Judge|Justice|Magistrate|Bishop|Archbishop|Director|Secretary|"
    r"spokesman|spokeswoman|spokesperson|leader|chief|director|secretary|minister|premier|president|commissioner|"
    r"coach|captain|manager|chairman|executive|officer|correspondent|Leader|Chief|Chairman"
)
_TITLES = set(NAME_ROLES.split("|"))
_NAME = r"(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?P<last>(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_NAME_A = re.compile(rf"\b(?:{NAME_ROLES}) {_NAME}\b(?! [A-Z])")
_NAME_B = re.compile(rf"(?<![A-Za-z] )\b{_NAME},? (?:says|said|told)\b")
NOT_FIRST = set("New South North East West The United Prime Federal Foreign Labor Liberal Police State Opposition Acting "
                "Deputy Shadow Assistant Defence Health Justice Chief General Air Sydney Melbourne Australian American "
                "Palestinian Israeli Afghan British Indian Pakistani Mr Mrs Ms Dr Senator Premier Minister President "
                "Treasurer Qantas Ansett Taliban Hamas Al Northern Southern Western Eastern Central Royal Fire Rural "
                "Bureau Reserve Bank Australia Howard Bush Arafat Sharon Mount Lake Port Cape Saint St Hill Blue Gaza "
                "Kandahar Kabul Bondi Tora Sheikh Jihad Islamic Anglican Catholic Christmas Easter Boxing Davis Test One".split())

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“])")
#: Quotation marks pair left to right ("a" b "c": one quotation "a", then "c"); a long quotation is 25 characters or more.
_QUOTE = re.compile(r"\"(?P<inner>[^\"\n]*)\"")


# --- the stories ---------------------------------------------------------------------------------


def stories() -> list[tuple[str, list[str]]]:
    """(name, paragraphs) of the distinct Lee stories, in corpus order."""
    found = []
    for file, tag in (("lee_background.cor", "leebg"), ("lee.cor", "lee")):
        for k, line in enumerate(_lee_lines(file)):
            if len(line.split()) >= 60:
                found.append((f"{tag}-{k:04d}", line))
    return [(name, _paragraphs(text).strip().split("\n\n")) for name, text in _distinct(found)]


def _inside_quote(text: str, pos: int) -> bool:
    return any(m.start() < pos < m.end() for m in re.finditer(r"\"[^\"\n]*\"", text))


def _once(story: str, value: str) -> bool:
    """``value`` occurs once in the story, as a whole token in any case, and no other spelling of it does ("5", "five")."""
    forms = {value}
    low = value.lower()
    if low in _WORD_VALUE:
        forms.add(str(_WORD_VALUE[low]))
    elif value.isdigit() and int(value) in _WORD_VALUE.values():
        forms.add(NUMBER_WORDS[int(value) - 2])
    found = sum(len(re.findall(rf"(?<![\w.,]){re.escape(f)}(?![\w%]|[.,]\d)", story, re.IGNORECASE)) for f in forms)
    return found == 1


class Edit:
    """One replacement in a paragraph (``para``: its index), with the label it makes (or None)."""

    def __init__(self, para: int, start: int, end: int, new: str, label: dict | None, note: str):
        self.para, self.start, self.end, self.new, self.label, self.note = para, start, end, new, label, note


def _label(kind: str, before: str, after: str) -> dict:
    return {"type": kind, "before": before, "after": after}


def _apply(paras: list[str], edits: list[Edit]) -> list[str]:
    out = list(paras)
    for e in sorted(edits, key=lambda e: (e.para, -e.start)):
        p = out[e.para]
        out[e.para] = p[: e.start] + e.new + p[e.end :]
    return out


def _overlaps(edits: list[Edit]) -> bool:
    spans = sorted((e.para, e.start, e.end) for e in edits)
    return any(a[0] == b[0] and b[1] < a[2] for a, b in zip(spans, spans[1:]))


def _window(paras: list[str], touched: set[int]) -> tuple[int, int]:
    """Paragraph range [lo, hi) of the text kept: the lede and the touched paragraphs with a neighbour, at most five."""
    lo, hi = min(touched), max(touched) + 1
    if hi - lo > 5:
        return lo, hi
    lo = max(0, lo - 1)
    hi = min(len(paras), hi + 1)
    if hi - lo < 4:
        hi = min(len(paras), lo + 4)
    return lo, hi


# --- value helpers ----------------------------------------------------------------------------------


def _fmt_like(value: float, like: str) -> str:
    if "." in like and "," not in like:
        decimals = len(like.split(".")[1])
        return f"{value:.{decimals}f}"
    n = int(round(value))
    return f"{n:,}" if "," in like else str(n)


def _new_number(text: str, rng: random.Random, story: str) -> str | None:
    """Another value written the way ``text`` is (digits with their commas and decimals, or a number word)."""
    low = text.lower()
    if low in _WORD_VALUE:
        choices = [w for w in NUMBER_WORDS[:11] if w != low and _once(story + " " + w, w)]
        if not choices:
            return None
        new = rng.choice(choices)
        return new.capitalize() if text[0].isupper() else new
    value = float(text.replace(",", ""))
    if value <= 0:
        return None
    if value < 12 and value == int(value):
        candidates = [value + d for d in (-3, -2, -1, 1, 2, 3, 5)]
    else:
        candidates = [value * f for f in (0.5, 0.6, 0.75, 0.8, 1.2, 1.25, 1.5, 2, 3)]
        if value == int(value) and value >= 20:
            candidates = [round(c / 5) * 5 if value % 5 == 0 else round(c) for c in candidates]
    out = []
    for c in candidates:
        if c <= 0 or c == value:
            continue
        s = _fmt_like(c, text)
        if s != text and not re.search(rf"(?<![\w.,]){re.escape(s)}(?![\w]|[.,]\d)", story):
            out.append(s)
    return rng.choice(out) if out else None


# --- positive sites ---------------------------------------------------------------------------------------

_TIME = re.compile(r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9]):(?P<m>[0-5]\d) ?(?P<ap>[ap])m\b")


def _shift_time(m: re.Match, delta: int) -> str:
    total = (int(m["h"]) % 12 + (12 if m["ap"] == "p" else 0)) * 60 + int(m["m"]) + delta
    total %= 24 * 60
    h, mi = divmod(total, 60)
    ap = "pm" if h >= 12 else "am"
    h12 = h % 12 or 12
    return f"{h12}:{mi:02d}{' ' if ' ' in m.group() else ''}{ap}"


def sites_time(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        for m in _TIME.finditer(p):
            if not _once(story, m.group()) or _inside_quote(p, m.start()):
                continue
            minutes = int(m["m"])
            delta = -minutes if minutes not in (0, 30) else rng.choice([-90, -60, 60, 120, -30])
            new = _shift_time(m, delta)
            if re.search(re.escape(new), story):
                continue
            edits = [Edit(k, m.start(), m.end(), new, _label("time", m.group(), new), f"time {m.group()} → {new}")]
            twin = _TIME.search(p, m.end(), m.end() + 40)  # "3:14pm local time (7:14am AEDT)": the conversion moves too
            if twin and "(" in p[m.end() : twin.start()] and _once(story, twin.group()):
                t_new = _shift_time(twin, delta)
                edits.append(Edit(k, twin.start(), twin.end(), t_new, _label("time", twin.group(), t_new), "its conversion too"))
            out.append(edits)
    return out


_NUMBER_AT = re.compile(rf"(?<![\w$.,\-])(?P<hedge>(?i:{_HEDGE_RE}) )?(?P<num>{_NUM}|(?i:{_NUMWORD}))(?= [A-Za-z])")
_ONE_WORD = re.compile(r" (?P<noun>[A-Za-z]+)\b")
_TWO_WORDS = re.compile(r" (?P<gap>[a-z]+) (?P<noun>[A-Za-z]+)\b")


class _Count:
    """A number and the noun it counts ("500 residents", "60 fire units"), read like a ``re.Match``."""

    def __init__(self, p: str, m: re.Match, w: re.Match):
        self.text = p
        self.spans = {"hedge": m.span("hedge"), "num": m.span("num"), "noun": w.span("noun"),
                      "gap": w.span("gap") if "gap" in w.re.groupindex else (m.end(), m.end())}
        self.values = {"hedge": m["hedge"], "num": m["num"], "noun": w["noun"], "gap": w.groupdict().get("gap") or ""}
        self.first, self.last = m.start(), w.end()

    def __getitem__(self, name):
        return self.values[name]

    def start(self, name=None):
        return self.first if name is None else self.spans[name][0]

    def end(self, name=None):
        return self.last if name is None else self.spans[name][1]

    def group(self):
        return self.text[self.first : self.last]


def _count_matches(p: str):
    """Every number followed by a plural noun, or by one word and a plural noun ("60 fire units")."""
    for m in _NUMBER_AT.finditer(p):
        one = _ONE_WORD.match(p, m.end())
        if one and _is_plural(one["noun"].lower()):
            yield _Count(p, m, one)
            continue
        two = _TWO_WORDS.match(p, m.end())
        if two and _is_plural(two["noun"].lower()) and two["gap"] not in STOP:
            yield _Count(p, m, two)


STOP = set("and or of the a to in on at for with by from as is are was were have has had been be that which who".split())
_NOT_COUNTED = set("per percent cent million billion thousand hundred dollars am pm of and or to a the years year "
                   "times o".split())


def _is_plural(word: str) -> bool:
    return word in PEOPLE or word in CASUALTY_NOUNS or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)


def _counts(paras, story):
    """(paragraph, match, casualty?) of every count of a noun whose number occurs once in the story."""
    for k, p in enumerate(paras):
        for m in _count_matches(p):
            num, noun, gap = m["num"], m["noun"], m["gap"].strip()
            if noun[0].isupper() and noun.lower() not in PEOPLE:  # "26 Israelis" counts people; "two Boeing" is a name
                continue
            noun = noun.lower()
            if noun in _NOT_COUNTED or gap in _NOT_COUNTED or not _is_plural(noun) or (gap and not gap.isalpha()):
                continue
            if re.fullmatch(r"(?:19|20)\d\d", num) or p[m.end() : m.end() + 9].startswith((" per cent", "%")):
                continue
            if _inside_quote(p, m.start()) or not _once(story, num) or p[m.end() : m.end() + 4] == " ago":
                continue
            if re.search(rf"\b(?:{_MONTH_RE}|{'|'.join(x[:3] for x in MONTHS)}|Sept)\.? $", p[: m.start()]):  # "Sept. 11 attacks"
                continue
            if re.search(rf"(?:{_NUM}|(?i:{_NUMWORD})) (?:to|and|or) $|\d-$", p[: m.start()]):  # a range: "50 to 60 detainees"
                continue
            after = p[m.end() : m.end() + 50].lower().split()[:5]
            casualty = noun in CASUALTY_NOUNS or (noun in PEOPLE and any(w.strip(",.") in CASUALTY_VERBS for w in after))
            yield k, m, casualty


def _count_edit(k, m, rng, story, swap_noun: bool):
    new = _new_number(m["num"], rng, story)
    if new is None:
        return None
    edits = [Edit(k, m.start("num"), m.end("num"), new, _label("number", m["num"], new), f"{m['num']} {m['noun']} → {new}")]
    p = m.text
    if swap_noun and m["noun"] in CASUALTY_SWAPS and not m["gap"].strip():
        verb = re.match(r" (?:were|have been|had been) (?:killed|injured|wounded|shot)\b", p[m.end() :])
        if verb and m["noun"] in ("people", "civilians", "persons") and rng.random() < 0.4:
            # "24 civilians were killed" → "30 were killed": the counted word left to the verb
            edits.append(Edit(k, m.start("noun") - 1, m.end("noun"), "", None, "counted word dropped"))
        else:
            noun = rng.choice(CASUALTY_SWAPS[m["noun"]])
            edits.append(Edit(k, m.start("noun"), m.end("noun"), noun, None, f"counted as {noun}"))
    if m["hedge"] and rng.random() < 0.6:  # "as many as 35 people" → "4 victims": the estimate firmed up, or re-hedged
        hedge = m["hedge"].strip()
        new_hedge = rng.choice(["", "", *[h for h in HEDGES if h != hedge.lower()]])
        if hedge[0].isupper():
            new_hedge = new_hedge.capitalize()
            if not new_hedge:
                edits[0] = Edit(k, m.start("num"), m.end("num"), new[0].upper() + new[1:], edits[0].label, edits[0].note)
        end = m.end("hedge") if new_hedge == "" else m.end("hedge") - 1
        edits.append(Edit(k, m.start("hedge"), end, new_hedge, None, f"hedge {hedge!r} → {new_hedge!r}"))
    return edits


def sites_count(paras, story, rng):
    return [e for k, m, cas in _counts(paras, story) if not cas and (e := _count_edit(k, m, rng, story, False))]


def sites_casualty(paras, story, rng):
    return [e for k, m, cas in _counts(paras, story) if cas and (e := _count_edit(k, m, rng, story, rng.random() < 0.6))]


_MONEY = re.compile(rf"(?P<cur>(?:A|US)?\$(?:US|A)?) ?(?P<num>{_NUM})(?P<mult> ?(?:million|billion|m|bn)\b)?")


def _amount_sites(paras, story, rng, pattern: re.Pattern, kind: str):
    """One edit per amount ``pattern`` finds outside quotations: its number (group ``num``) changed."""
    out = []
    for k, p in enumerate(paras):
        for m in pattern.finditer(p):
            if _inside_quote(p, m.start()) or not _once(story, m["num"]):
                continue
            new = _new_number(m["num"], rng, story)
            if new:
                after = p[m.start() : m.start("num")] + new + p[m.end("num") : m.end()]
                out.append([Edit(k, m.start("num"), m.end("num"), new, _label(kind, m.group(), after), f"{m.group()} → {after}")])
    return out


def sites_money(paras, story, rng):
    return _amount_sites(paras, story, rng, _MONEY, "money")


_PERCENT = re.compile(rf"(?<![\w.,])(?P<num>{_NUM}) ?(?P<unit>per cent|%)")


def sites_percent(paras, story, rng):
    return _amount_sites(paras, story, rng, _PERCENT, "percent")


_WEEKDAY = re.compile(rf"(?<![A-Z][a-z] )(?<![A-Z][a-z][a-z] )(?<!\w)(?P<wd>{'|'.join(WEEKDAYS)})\b(?!'s? [A-Z])")


def sites_weekday(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        for m in _WEEKDAY.finditer(p):
            prev = p[max(0, m.start() - 12) : m.start()]
            if _inside_quote(p, m.start()) or len(re.findall(m["wd"], story)) != 1 or re.search(r"[A-Z]\w* $", prev):
                if not re.search(r"(?:On|Since|By|Until|From) $", prev):
                    continue
            i = WEEKDAYS.index(m["wd"])
            choices = [d for d in (WEEKDAYS[(i + s) % 7] for s in (-2, -1, 1, 2)) if d not in story]
            if choices:
                new = rng.choice(choices)
                out.append([Edit(k, m.start(), m.end(), new, _label("date", m["wd"], new), f"{m['wd']} → {new}")])
    return out


_MONTH_RE = "|".join(MONTHS)
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_RE}) (?P<d1>[12]?\d|3[01])\b(?!,\d|\d| ?%|:)|(?P<d2>[12]?\d|3[01]) (?P<m2>{_MONTH_RE})\b)"
)


def sites_day(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        for m in _DAY_MONTH.finditer(p):
            month, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
            if (month, day) == ("September", "11") or _inside_quote(p, m.start()) or not _once(story, m.group()):
                continue
            choices = [d for d in range(1, 29) if d != int(day) and abs(d - int(day)) <= 6 and f"{month} {d}" not in story
                       and f"{d} {month}" not in story]
            if choices:
                d = str(rng.choice(choices))
                new = f"{month} {d}" if m["m1"] else f"{d} {month}"
                out.append([Edit(k, m.start(), m.end(), new, _label("date", m.group(), new), f"{m.group()} → {new}")])
    return out


_IN_MONTH = re.compile(rf"\b(?P<prep>in|since|until|by|from|during|early|late|mid-|of|last|next) (?P<m>{_MONTH_RE})\b(?! \d)")


def _date_sites(paras, story, rng, pattern: re.Pattern, group: str, choices):
    """One edit per date part ``pattern`` finds (group ``group``) outside quotations, said once in the story.

    ``choices(value)`` gives the values it may become; the edit is made when there is one.
    """
    out = []
    for k, p in enumerate(paras):
        for m in pattern.finditer(p):
            value = m[group]
            if _inside_quote(p, m.start()) or len(re.findall(rf"\b{value}\b", story)) != 1:
                continue
            options = choices(value)
            if options:
                new = rng.choice(options)
                out.append([Edit(k, m.start(group), m.end(group), new, _label("date", value, new), f"{value} → {new}")])
    return out


def sites_month(paras, story, rng):
    def months(month: str) -> list[str]:
        return [x for x in MONTHS if x not in story and x not in MONTH_SPIN and x != month]

    return _date_sites(paras, story, rng, _IN_MONTH, "m", months)


_YEAR = re.compile(r"\b(?P<prep>in|since|until|by|from|during|of|before|after) (?P<y>19[5-9]\d|200[0-2])\b(?![,.]?\d)")


def sites_year(paras, story, rng):
    def years(year: str) -> list[str]:
        near = [int(year) + d for d in (-3, -2, -1, 1)]
        return [str(y) for y in near if str(y) not in story and y <= 2002]

    return _date_sites(paras, story, rng, _YEAR, "y", years)


def _names(text: str) -> list[tuple[str, str]]:
    """(first, last) of the people this script is sure of: a role before a two-word name, or a speech verb after it."""
    found = []
    for rx in (_NAME_A, _NAME_B):
        for m in rx.finditer(text):
            first, last = m["first"], m["last"]
            if first in NOT_FIRST or last in NOT_FIRST or last.lower() in spinnable_words() or first.lower() in ("said", "says"):
                continue
            if (first, last) not in found:
                found.append((first, last))
    return found


def _name_pool(all_stories) -> list[tuple[str, str]]:
    pool = {}
    for _, paras in all_stories:
        for first, last in _names("\n\n".join(paras)):
            pool.setdefault(last, (first, last))
    return [pool[k] for k in sorted(pool)]


def sites_person(paras, story, rng, pool):
    out = []
    for first, last in _names(story):
        full = f"{first} {last}"
        if story.count(full) != 1 or re.search(rf"{last}(?:'s)? [A-Z]", story):
            continue
        mentions = [(p, m) for p in paras for m in re.finditer(rf"\b{re.escape(last)}\b", p)]
        if any(_inside_quote(p, m.start()) for p, m in mentions):
            continue
        # Every mention must be this person: "Wal Pawlik" is not "Teresa Pawlik".
        before_words = [re.findall(r"([A-Z][a-z]+) $", p[: m.start()]) for p, m in mentions]
        if any(w and w[0] != first and w[0] not in _TITLES for w in before_words):
            continue
        choices = [(f, s) for f, s in pool if s not in story and f not in story and s != last]
        if not choices:
            continue
        nf, nl = rng.choice(choices)
        edits = []
        for k, p in enumerate(paras):
            for m in re.finditer(rf"\b(?:{re.escape(full)}|{re.escape(last)})\b", p):
                new = f"{nf} {nl}" if m.group() == full else nl
                label = _label("person", full, f"{nf} {nl}") if m.group() == full else None
                edits.append(Edit(k, m.start(), m.end(), new, label, f"{full} → {nf} {nl}"))
        out.append(edits)
    return out


_TITLED = r"(?:Mr|Mrs|Ms|Dr|Senator|General|President|Premier|Minister|Professor|Judge|Sergeant|Inspector) [A-Z][a-z]+"
_WHO = rf"(?P<who>{_NAME}|{_TITLED})"
_ATTRIB_AFTER = re.compile(rf"^,? (?:said|says) (?:(?:[A-Z][a-z]+ )*(?:{NAME_ROLES}) )?{_WHO}\b(?! [A-Z])")
_ATTRIB_AFTER2 = re.compile(rf"^,? (?:(?:[A-Z][a-z]+ ){{0,3}}(?:{NAME_ROLES}) )?{_WHO} (?:said|says)\b")
_ATTRIB_BEFORE = re.compile(rf"{_WHO} (?:said|says|told [a-zA-Z ]+?)[,:]? $")


def _quotes(paras):
    """(paragraph, quote match, (start, end, name) of its speaker in the paragraph or None) of every long quotation."""
    for k, p in enumerate(paras):
        for q in _QUOTE.finditer(p):
            if len(q["inner"]) < 25:
                continue
            tail = p[q.end() : q.end() + 80]
            head = p[max(0, q.start() - 80) : q.start()]
            speaker = None
            # A name after the quotation is its speaker only in the same sentence: '"...," X said', not '"...." X says'.
            continued = q["inner"].rstrip()[-1:] in ",?!" or tail.startswith(",")
            for rx, text, base in ((_ATTRIB_AFTER, tail if continued else "", q.end()),
                                   (_ATTRIB_AFTER2, tail if continued else "", q.end()),
                                   (_ATTRIB_BEFORE, head, max(0, q.start() - 80))):
                s = rx.search(text)
                if s and (s["first"] or "") not in NOT_FIRST and s["who"].split()[-1].lower() not in spinnable_words():
                    speaker = (base + s.start("who"), base + s.end("who"), s["who"])
                    break
            yield k, q, speaker


def sites_speaker(paras, story, rng, pool):
    out = []
    named = [f"{f} {s}" for f, s in _names(story)]
    for k, _, speaker in _quotes(paras):
        if speaker is None:
            continue
        s, e, who = speaker
        others = [n for n in named if n.split()[-1] not in who]
        if others and rng.random() < 0.5:
            new = rng.choice(others)
        else:
            choices = [(f, s2) for f, s2 in pool if s2 not in story and f not in story]
            if not choices:
                continue
            f, s2 = rng.choice(choices)
            new = f"{who.split()[0]} {s2}" if who.split()[0] in ("Mr", "Mrs", "Ms", "Dr") else f"{f} {s2}"
        out.append([Edit(k, s, e, new, _label("person", who, new), f"quotation given to {new}")])
    return out


def _key_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def sites_quote(paras, story, rng):
    out = []
    for k, q, _ in _quotes(paras):
        inner = q["inner"]
        words = inner.rstrip(",.!? ").split()
        if len(words) < 8:
            continue
        keep = words[: max(4, round(len(words) * rng.uniform(0.45, 0.6)))]
        while keep and keep[-1].lower().strip(",;-") in STOP | {"because", "but", "so", "if", "when", "-", "that"}:
            keep.pop()
        if len(keep) < 4:
            continue
        ending = rng.choice(QUOTE_ENDINGS)
        trail = inner[len(inner.rstrip(",.!? ")) :]
        new_inner = " ".join(keep).rstrip(",;") + " " + ending + (trail or ".")
        ratio = fuzz.ratio(_key_words(inner), _key_words(new_inner))
        if ratio >= 75:
            continue
        new = f"\"{new_inner}\""
        out.append([Edit(k, q.start(), q.end(), new, _label("quote", q.group(), new), "quotation reworded")])
    return out


# --- negative edits ------------------------------------------------------------------------------------------


def _distractor(paras, k, end, noun, rng, story):
    """An edit adding a count of another noun at the end of the sentence of paragraph ``k`` holding ``end``."""
    p = paras[k]
    stop = re.search(r"[.!?](?=\"?\s|\"?$)", p[end:])
    if not stop:
        return None
    at = end + stop.start()
    fam = {noun} | ({"people", "victims"} if noun in PEOPLE | CASUALTY_NOUNS else set())
    options = [(n, c) for n, c in DISTRACTORS if n not in fam and n not in story]
    if not options or _inside_quote(p, at):
        return None
    n, clause = rng.choice(options)
    value = str(rng.choice([12, 15, 20, 25, 30, 40, 60, 80, 100, 150, 200, 300]))
    if re.search(rf"\b{value}\b", story):
        value = str(int(value) + 7)
    return Edit(k, at, at, clause.format(n=value), None, f"distractor: {value} {n}")


def _droppable_counts(paras, story):
    """``(k, m, at_start, noun_text)`` for each count whose number can be dropped and leave a sentence.

    It starts a sentence, or follows a word after which the bare noun still reads ("of", "with",
    "after"...); "than" is left out ("more than 35 people" without its number is not English).
    """
    for k, m, _ in _counts(paras, story):
        p = paras[k]
        before = p[: m.start()].rstrip()
        at_start = not before or before.endswith((".", "\"", ":"))
        prev = before.split()[-1].lower() if before.split() else ""
        if at_start or prev in ("of", "for", "with", "by", "and", "to", "from", "where", "after", "killing"):
            yield k, m, at_start, p[m.end("num") + 1 : m.end()]


def negative_unrelated(paras, story, rng):
    out = []
    for k, m, at_start, noun_text in _droppable_counts(paras, story):
        replacement = noun_text[0].upper() + noun_text[1:] if at_start else noun_text
        d = _distractor(paras, k, m.end(), m["noun"], rng, story)
        if d:
            drop = Edit(k, m.start(), m.end(), replacement, None, f"count dropped: {m.group()}")
            out.append([drop, d])
    return out


SCOPES = ["across the state", "across the country", "nationwide", "reported this year", "in the whole region",
          "so far this season", "around the world"]


def negative_scope(paras, story, rng):
    """A count dropped from its sentence, and a count of the same noun over a wider scope put after the noun.

    "Six midwives have been suspended" → "Midwives, out of 1200 midwives across the country, have been
    suspended": the 1200 counts midwives everywhere, not the suspended ones.
    """
    out = []
    for k, m, at_start, noun_text in _droppable_counts(paras, story):
        p = paras[k]
        if _inside_quote(p, m.start()) or re.match(r"[,.;:!?]", p[m.end() : m.end() + 1]):
            continue
        value = _new_number(m["num"], rng, story) if m["num"][0].isdigit() else str(rng.choice([40, 60, 100, 150, 300]))
        if value is None or not value[0].isdigit():
            continue
        value = str(max(int(float(value.replace(",", ""))) * 4, 40))
        if re.search(rf"\b{value}\b", story):
            continue
        replacement = noun_text[0].upper() + noun_text[1:] if at_start else noun_text
        out.append([Edit(k, m.start(), m.end(), replacement, None, f"count dropped: {m.group()}"),
                    Edit(k, m.end(), m.end(), f", out of {value} {m['noun'].lower()} {rng.choice(SCOPES)},", None,
                         f"a wider count of {m['noun'].lower()}: {value}")])
    return out


def negative_wording(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        found = [m for m in re.finditer(r"\b[a-z]+\b", p) if m.group() in WORDING and not _inside_quote(p, m.start())]
        if found:
            pick = rng.sample(found, min(len(found), rng.choice([1, 2])))
            new = [WORDING[m.group()] for m in pick]
            out.append([Edit(k, m.start(), m.end(), w, None, f"{m.group()} → {w}") for m, w in zip(pick, new)])
    return out


def negative_restated(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        for m in _TIME.finditer(p):
            if m["m"] == "00":
                hour24 = int(m["h"]) % 12 + (12 if m["ap"] == "p" else 0)
                new = f"{m['h']}{m['ap']}m" if rng.random() < 0.6 else f"{hour24:02d}:00"
                out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new} (same time)")])
        for m in _PERCENT.finditer(p):
            new = m["num"] + ("%" if m["unit"] == "per cent" else " per cent")
            out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new}")])
        for m in _count_matches(p):
            low = m["num"].lower()
            if low in _WORD_VALUE and _WORD_VALUE[low] <= 12 and _is_plural(m["noun"]) and m["noun"] not in _NOT_COUNTED:
                new = str(_WORD_VALUE[low])
                out.append([Edit(k, m.start("num"), m.end("num"), new, None, f"{m['num']} → {new}")])
        for m in _DAY_MONTH.finditer(p):
            new = f"{m['d1']} {m['m1']}" if m["m1"] else f"{m['m2']} {m['d2']}"
            out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new}")])
        for m in _MONEY.finditer(p):
            if m["mult"] and m["cur"] == "$":
                scale = {"m": "million", "bn": "billion"}.get(m["mult"].strip(), m["mult"].strip())
                new = f"{m['num']} {scale} dollars"
                out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new}")])
    for first, last in _names(story):
        full = f"{first} {last}"
        k = next((k for k, p in enumerate(paras) if full in p), None)
        if k is not None and story.count(full) == 1 and re.search(rf"\b(?:Mr|Mrs|Ms|Dr) {last}\b|\b{last} (?:said|says)", story):
            at = paras[k].index(full)
            out.append([Edit(k, at, at + len(first) + 1, "", None, f"{full} → {last} (the same person)")])
    return out


def negative_hedge(paras, story, rng):
    out = []
    for k, p in enumerate(paras):
        for m in _count_matches(p):
            if m["hedge"] and not _inside_quote(p, m.start()):
                h = m["hedge"].strip()
                new = rng.choice([x for x in HEDGES if x != h.lower()])
                new = new.capitalize() if h[0].isupper() else new
                out.append([Edit(k, m.start("hedge"), m.end("hedge") - 1, new, None, f"{h} → {new}")])
        for m in _IN_MONTH.finditer(p):
            i = MONTHS.index(m["m"])
            nxt = MONTHS[(i + 1) % 12]
            if m["prep"] == "in" and nxt not in story and not _inside_quote(p, m.start()):
                hedge = rng.choice(["possibly", "probably", "perhaps"])
                new = f"{hedge} in {m['m']} or {nxt}"
                out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new}")])
        for m in _TIME.finditer(p):
            if not re.search(r"(?:about|around|at|after|before) $", p[: m.start()]) and not _inside_quote(p, m.start()):
                continue
            if re.search(r"at $", p[: m.start()]):
                new = "at about "
                out.append([Edit(k, m.start() - 3, m.start(), new, None, "at → at about")])
    return out


_PREPOSITIONS = set("about from since until of for by than before after over during since till".split())


def negative_relative(paras, story, rng):
    out = []
    swaps = {
        "yesterday": ["on {wd}"], "today": ["on {wd}"], "tomorrow": ["on {wd}"], "last night": ["on {wd} night"],
        "this morning": ["on {wd} morning"], "next week": ["on {wd}", "next {wd}"], "last week": ["last {wd}"],
        "tonight": ["on {wd} night"],
    }
    for k, p in enumerate(paras):
        for m in re.finditer(r"\b(?:yesterday|today|tomorrow|last night|this morning|next week|last week|tonight)\b", p, re.I):
            prev = p[: m.start()].split()[-1:] or [""]
            if _inside_quote(p, m.start()) or p[m.end() : m.end() + 1] in "'’" or prev[0].lower() in _PREPOSITIONS:
                continue
            wd = rng.choice([d for d in WEEKDAYS if d not in story] or WEEKDAYS)
            new = rng.choice(swaps[m.group().lower()]).format(wd=wd)
            if m.group()[0].isupper():
                new = new[0].upper() + new[1:]
            out.append([Edit(k, m.start(), m.end(), new, None, f"{m.group()} → {new} (the same day)")])
        for m in _WEEKDAY.finditer(p):
            if re.search(r"\bon $", p[: m.start()]) and not _inside_quote(p, m.start()) and story.count(m["wd"]) == 1:
                new = rng.choice(["yesterday", "today", "last week" if rng.random() < 0.3 else "yesterday"])
                out.append([Edit(k, m.start() - 3, m.end(), new, None, f"on {m['wd']} → {new} (the same day)")])
    return out


def _keep_words(story: str, protect: str = "") -> Callable[[str], tuple[str, ...]]:
    """The spinner's synonyms, but never for numbers, dates, names, units, quotations' words or the words of ``protect``."""
    capitalised = {w.lower() for w in re.findall(r"(?<![.!?\"] )\b[A-Z][a-z]+", story)}
    capitalised |= {w.lower() for w in re.findall(r"[A-Za-z]+", protect)}
    capitalised |= {w for w in re.findall(r"(?<=[A-Z][a-z] )[a-z]+(?= [A-Z])", story)}  # "Osama bin Laden"
    capitalised |= {w for w in re.findall(r"\b[A-Z][a-z]+ ([a-z]+) [A-Z]", story)}
    quoted = {w.lower() for q in re.findall(r"\"[^\"\n]*\"", story) for w in re.findall(r"[A-Za-z]+", q)}
    months = {m.lower() for m in MONTHS} | {d.lower() for d in WEEKDAYS}
    number_words = set(NUMBER_WORDS) | set("one hundred thousand million billion dozen dozens hundreds thousands first second "
                                           "third cent per percent time times year years week weeks day days month months "
                                           "hour hours minute minutes".split())

    def synonyms_of(original: str) -> tuple[str, ...]:
        words = set(original.split())
        if words & (capitalised | quoted | months | number_words | PEOPLE | CASUALTY_NOUNS | CASUALTY_VERBS):
            return ()
        return spinner.synonyms(original)

    return synonyms_of


def negative_spun(paras, story, rng):
    text = "\n\n".join(paras)
    rate = rng.choice([0.15, 0.25, 0.35])
    spun, _ = spinner.spin_with(text, rate, rng, _keep_words(story), lambda o, r: r.choice(spinner.synonyms(o)))
    new_paras = spun.split("\n\n")
    if len(new_paras) != len(paras):
        return []
    edits = [Edit(k, 0, len(p), q, None, f"spun at {rate}") for k, (p, q) in enumerate(zip(paras, new_paras)) if p != q]
    out = [edits] if edits else []
    # The month/modal artefact: a hedged choice of months whose second is a word too, spun to that word.
    for k, p in enumerate(paras):
        for m in _IN_MONTH.finditer(p):
            i = MONTHS.index(m["m"])
            nxt = MONTHS[(i + 1) % 12]
            if m["prep"] == "in" and nxt in MONTH_SPIN and not _inside_quote(p, m.start()) and nxt not in story:
                hedge = rng.choice(sorted(HEDGE_SPIN))
                out.append([Edit(k, m.start(), m.end(), f"{hedge} in {m['m']} or {nxt}", None, "the source's hedged months"),
                            Edit(k, m.start(), m.end(), f"{HEDGE_SPIN[hedge]} in {m['m']} or {MONTH_SPIN[nxt]}", None,
                                 f"spun: {hedge} → {HEDGE_SPIN[hedge]}, {nxt} → {MONTH_SPIN[nxt]}")])
    return out


def negative_reorder(paras, story, rng):
    out = []
    if len(paras) >= 4:
        i = rng.randrange(1, len(paras) - 1)
        out.append(("paragraphs", i))
    for k, p in enumerate(paras):
        parts = _SENTENCE_END.split(p)
        if len(parts) == 2 and k:
            out.append(("sentences", k))
    return out


# --- harder positives: the changed fact in a sentence rebuilt around it -------------------------------------------

VALUE_SITES = ("time", "count", "casualty", "money", "percent", "weekday", "day", "year")
_SPEECH = re.compile(r"^(?P<subj>[A-Z][\w'’-]*(?: [\w'’-]+){0,6}?) (?P<verb>says|said) (?:that )?(?P<rest>[^\"“”]{30,})\.$")
_FRONTED = re.compile(
    r"^(?P<adv>(?:At|On|By|In|Around|About|Shortly after|Since|Until|Earlier|Later|Just after|Before|After)"
    r"(?: [^ ,\"]+){1,5}), (?P<rest>[^\"“”]{30,})\.$"
)
#: A fronted phrase moves only when it says when: a number, a weekday, a month or a relative day.
_WHEN = re.compile(rf"\d|\b(?:{'|'.join(WEEKDAYS)}|{'|'.join(MONTHS)}|yesterday|today|night|morning|afternoon|evening)\b")


def _sentence_spans(p: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(p):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(p.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _changed(text: str, story: str, rng, finders) -> tuple[str, list[dict], str] | None:
    """``text`` with one value changed by one of ``finders`` (chosen at random among those that find one)."""
    options = [edits for f in finders for edits in f([text], story, rng) if all(e.label is not None or e.new == "" or
                                                                              e.note.startswith(("counted", "hedge"))
                                                                              for e in edits)]
    if not options:
        return None
    edits = rng.choice(options)
    if _overlaps(edits):
        return None
    new = _apply([text], edits)[0]
    return new, [e.label for e in edits if e.label], "; ".join(e.note for e in edits)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    keep = first in ("I",) or (len(first) > 1 and (first.isupper() or first[1:] != first[1:].lower()))
    return text if keep or first not in ("The", "A", "An", "At", "On", "By", "In", "Around", "About", "Shortly", "Since",
                                         "Until", "Earlier", "Later", "Just", "Before", "After", "He", "She", "They", "It",
                                         "We") else text[0].lower() + text[1:]


def sites_restructured(paras, story, rng, finders):
    """A sentence turned around (``X says Y.`` → ``Y, X says.``; ``At 4pm, Y.`` → ``Y at 4pm.``) with a value changed in it."""
    out = []
    for k, p in enumerate(paras):
        for a, b in _sentence_spans(p):
            sentence = p[a:b] if p[b - 1 : b] == "." else None
            if not sentence or _inside_quote(p, a + 1):
                continue
            m = _SPEECH.match(sentence)
            if m and not re.match(r"(?:on|in|at|by|yesterday|today|last|this|that|it|he|she|they)\b", m["rest"]):
                got = _changed(m["rest"], story, rng, finders)
                if got:
                    rest, labels, note = got
                    new = f"{rest[0].upper()}{rest[1:]}, {_lower_first(m['subj'])} {m['verb']}."
                    out.append([Edit(k, a, b, new, labels, f"attribution moved to the end; {note}")])
                continue
            m = _FRONTED.match(sentence)
            if m and _WHEN.search(m["adv"]):
                part = "adv" if rng.random() < 0.6 else "rest"
                got = _changed(m[part], story, rng, finders)
                if got:
                    changed, labels, note = got
                    adv, rest = (changed, m["rest"]) if part == "adv" else (m["adv"], changed)
                    new = f"{rest[0].upper()}{rest[1:]} {_lower_first(adv)}."
                    out.append([Edit(k, a, b, new, labels, f"opening phrase moved to the end; {note}")])
    return out


def sites_moved(paras, story, rng, finders):
    """Two sentences of a paragraph swapped, a value changed in the one that moves."""
    out = []
    for k, p in enumerate(paras):
        spans = _sentence_spans(p)
        if len(spans) < 2:
            continue
        for i in range(len(spans) - 1):
            (a1, b1), (a2, b2) = spans[i], spans[i + 1]
            first, second = p[a1:b1], p[a2:b2]
            if '"' in first + second:
                continue
            which = rng.choice([0, 1])
            got = _changed([first, second][which], story, rng, finders)
            if got:
                changed, labels, note = got
                first, second = (changed, second) if which == 0 else (first, changed)
                out.append([Edit(k, a1, b2, f"{second} {first}", labels, f"sentences swapped; {note}")])
    return out


def _spin_after(story: str, rng, rate: float, edits: list[Edit]):
    """A pass that spins edited paragraphs (numbers, names, dates, quotations and casualty words left alone, and the
    words around each edit: the changed value still counts the same noun, or the label would not be certain)."""

    def spin(paras: list[str]) -> list[str] | None:
        text = "\n\n".join(paras)
        near = " ".join(" ".join(paras[e.para][max(0, e.start - 40) : e.start + len(e.new) + 40].split()[1:-1]) for e in edits)
        keep = _keep_words(story + " " + text, protect=near)
        spun, _ = spinner.spin_with(text, rate, rng, keep, lambda o, r: r.choice(spinner.synonyms(o)))
        out = spun.split("\n\n")
        return out if len(out) == len(paras) else None

    return spin


# --- putting items together ---------------------------------------------------------------------------------


def _item(name, kind, paras, edits, note, before_edits=(), after=None):
    """The item for ``edits`` on ``paras`` (``before_edits``: edits that make the *before* text, the spun artefact's
    source; ``after(paragraphs)``: a last pass over the edited paragraphs, a spinner's)."""
    if _overlaps(edits):
        return None
    before_paras = _apply(paras, list(before_edits))
    after_paras = _apply(paras, edits)
    if after is not None:
        after_paras = after(after_paras)
        if after_paras is None:
            return None
    touched = {e.para for e in edits} | {e.para for e in before_edits}
    lo, hi = _window(paras, touched)
    before = "\n\n".join(before_paras[lo:hi]) + "\n"
    after = "\n\n".join(after_paras[lo:hi]) + "\n"
    if before == after:
        return None
    changes = [label for e in sorted(edits, key=lambda e: (e.para, e.start)) if e.label
               for label in (e.label if isinstance(e.label, list) else [e.label])]
    return {"id": "", "kind": kind, "before": before, "after": after, "changes": changes, "note": f"{name}: {note}"}


def build() -> list[dict]:
    all_stories = stories()
    pool = _name_pool(all_stories)
    positive = {
        "time": sites_time, "count": sites_count, "casualty": sites_casualty, "money": sites_money, "percent": sites_percent,
        "weekday": sites_weekday, "day": sites_day, "month": sites_month, "year": sites_year,
        "person": lambda p, s, r: sites_person(p, s, r, pool), "speaker": lambda p, s, r: sites_speaker(p, s, r, pool),
        "quote": sites_quote,
    }
    negative = {"unrelated": negative_unrelated, "scope": negative_scope, "wording": negative_wording,
                "restated": negative_restated,
                "hedge": negative_hedge, "relative": negative_relative}
    candidates: dict[str, list[dict]] = {k: [] for k in CAPS}
    for name, paras in all_stories:
        story = "\n\n".join(paras)
        for kind, finder in {**positive, **negative}.items():
            rng = random.Random(f"{SEED}-{name}-{kind}")
            sites = finder(paras, story, rng)
            if not sites:
                continue
            for edits in rng.sample(sites, min(len(sites), PER_STORY.get(kind, 1))):
                item = _item(name, kind, paras, edits, "; ".join(e.note for e in edits))
                if item:
                    candidates[kind].append(item)
        rng = random.Random(f"{SEED}-{name}-combined")
        picks = []
        for kind in rng.sample(["time", "count", "casualty", "money", "percent", "weekday", "year", "quote"], 8):
            sites = positive[kind](paras, story, rng)
            if sites:
                picks.append(rng.choice(sites))
            if len(picks) == 3:
                break
        if len(picks) >= 2:
            edits = [e for es in picks for e in es]
            item = _item(name, "combined", paras, edits, "; ".join(e.note for e in edits))
            if item:
                candidates["combined"].append(item)
        rng = random.Random(f"{SEED}-{name}-spun")
        for edits in negative_spun(paras, story, rng):
            if len(edits) == 2 and edits[0].note == "the source's hedged months":
                item = _item(name, "spun", paras, [edits[1]], edits[1].note, before_edits=[edits[0]])
            else:
                item = _item(name, "spun", paras, edits, edits[0].note)
            if item:
                candidates["spun"].append(item)
        rng = random.Random(f"{SEED}-{name}-reorder")
        for how, k in negative_reorder(paras, story, rng)[:1]:
            new = list(paras)
            if how == "paragraphs":
                new[k], new[k + 1] = new[k + 1], new[k]
                edits = [Edit(k, 0, len(paras[k]), new[k], None, "paragraphs swapped"),
                         Edit(k + 1, 0, len(paras[k + 1]), new[k + 1], None, "")]
            else:
                a, b = _SENTENCE_END.split(paras[k])
                edits = [Edit(k, 0, len(paras[k]), f"{b} {a}", None, "sentences swapped")]
            item = _item(name, "reorder", paras, edits, "; ".join(e.note for e in edits if e.note))
            if item:
                candidates["reorder"].append(item)
        finders = [positive[kind] for kind in VALUE_SITES]
        for kind, maker in (("restructured", sites_restructured), ("moved", sites_moved)):
            rng = random.Random(f"{SEED}-{name}-{kind}")
            sites = maker(paras, story, rng, finders)
            if sites:
                edits = rng.choice(sites)
                item = _item(name, kind, paras, edits, "; ".join(e.note for e in edits))
                if item:
                    candidates.setdefault(kind, []).append(item)
        # A value changed in a spun copy: the spinner rewords around it (and may reword the noun it counts).
        rng = random.Random(f"{SEED}-{name}-spun+change")
        sites = [es for f in finders for es in f(paras, story, rng)]
        if sites:
            edits = rng.choice(sites)
            rate = rng.choice([0.15, 0.25])
            item = _item(name, "spun+change", paras, edits, "; ".join(e.note for e in edits) + f"; spun at {rate}",
                         after=_spin_after(story, rng, rate, edits))
            if item:
                candidates.setdefault("spun+change", []).append(item)
        # A clock time changed, and a weekday added next to it: the time pairs with the time, never the weekday.
        rng = random.Random(f"{SEED}-{name}-time+date")
        free = [d for d in WEEKDAYS if d not in story]
        for edits in sites_time(paras, story, rng)[:1]:
            first = edits[0]
            prep = re.search(r"\b(?:at|around|about|from|by|after|before|until|since)(?: about| around)? $",
                             paras[first.para][: first.start])
            if prep and free:
                wd = rng.choice(free)
                day = Edit(first.para, prep.start(), prep.start(), f"on {wd} ", None, f"weekday added: {wd}")
                item = _item(name, "time+date", paras, [*edits, day], "; ".join(e.note for e in [*edits, day]))
                if item:
                    candidates.setdefault("time+date", []).append(item)
        # A positive change with an unrelated count added in the same sentence: only the change is labelled.
        for kind in DISTRACTED:
            rng = random.Random(f"{SEED}-{name}-{kind}-distractor")
            sites = positive[kind](paras, story, rng)
            if not sites:
                continue
            edits = rng.choice(sites)
            first = edits[0]
            noun = re.findall(r"[a-z]+", first.note)[-1] if kind in ("count", "casualty") else "dollars"
            d = _distractor(paras, first.para, first.end, noun, rng, story)
            if d:
                item = _item(name, f"{kind}+distractor", paras, [*edits, d], "; ".join(e.note for e in [*edits, d]))
                if item:
                    candidates.setdefault(f"{kind}+distractor", []).append(item)
    items = []
    rng = random.Random(SEED)
    for kind, found in candidates.items():
        cap = CAPS.get(kind) or DISTRACTED.get(kind.split("+")[0], 12)
        chosen = found if len(found) <= cap else rng.sample(found, cap)
        items += sorted(chosen, key=lambda it: it["note"])
    for n, item in enumerate(items, start=1):
        item["id"] = f"f{n:03d}"
    return items


def describe(items: list[dict]) -> str:
    kinds = Counter(it["kind"] for it in items)
    types = Counter(c["type"] for it in items for c in it["changes"])
    negatives = sum(1 for it in items if not it["changes"] or "distractor" in it["kind"])
    stories_used = len({it["note"].split(":")[0] for it in items})
    return (f"{len(items)} items from {stories_used} stories; {sum(types.values())} labelled changes "
            f"({', '.join(f'{t} {n}' for t, n in sorted(types.items()))}); {negatives} negative items "
            f"(no change, or a distractor)\n" + ", ".join(f"{k} {n}" for k, n in kinds.items()))


def main(argv: list[str]) -> None:
    global SEED
    out = OUT
    if "--seed" in argv:  # another draw of the same kinds of edit (other stories, sites and values): a hold-out
        SEED = int(argv[argv.index("--seed") + 1])
        out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    items = build()
    if not items:
        raise SystemExit("the set is made from gensim's test data: pip install --no-deps gensim")
    print(describe(items))
    if "--check" not in argv and out is not None:
        with open(out, "w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
