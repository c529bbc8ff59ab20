"""Deterministic story clusters for the timeline benchmark, built from fixtures/seeds/.

``corpus(articles, stories, seed)`` returns ``articles`` generated news
articles about ``stories`` distinct stories, shuffled, each an
:class:`Item` that remembers its story, how it was made and from which other
item, so a benchmark can check what the timeline found.

**Distinct stories from five articles about one story.**  The seeds all tell
one story (Starmer, the EU, defence), and the timeline links two articles
when the cosine of their content-word vectors reaches 0.25
(``articlediff.timeline.story``), so slices of the seeds alone would make
one big story.  Each story's *base* article is therefore:

* 14 sentences of seeds 001–004 (a pool of 129 sentences of 6 words or
  more, boilerplate removed by the normaliser), taken in short runs (1–3
  consecutive sentences of one paragraph) from the least-used places of the
  pool, so two of 50 stories share 1.3 seed sentences on average (at most
  7).  Seed 000 is left out: it is a spun copy of the start of 001, and
  would plant spun text in the "originals";
* three *fresh* sentences of ``bench/_corpus.py`` (the first half of one seed
  sentence spliced to the second half of another, 40% of the content words
  swapped), each made once;
* two fact sentences from :data:`FACT_TEMPLATES` (counts, amounts, a
  percentage, a dated event), so updates have figures to change;

and then every *name* is replaced by the story's own: a word written with a
capital inside a sentence anywhere in the seeds (Starmer, Brussels, EU,
Nato, Prime Minister; months, weekdays and function words excepted), also
where it starts a sentence, becomes a generated pronounceable word
(for example "Starmer" → "Metos", "EU" → "WV"), the same one throughout the story and
never used by another story.  Numbers get story-specific values too (years
shifted by a story-specific offset, so dates stay dates).  Made-up names
are absent from English word counts, so they weigh most in the content-word
vector: articles of one story share them, other stories do not.

**The articles of a story** (:data:`RECIPE`, 20 per story by default; with
fewer, the first ones of the recipe; with more, the recipe repeats from a
reprint of the base, with new random draws): the base; verbatim reprints;
edited copies (sentences dropped, words changed, fresh sentences added, a
paragraph moved); updates (figures changed, a year changed, an update
sentence added); partial copies (a contiguous 40–70% of the sentences);
spun copies made with ``bench/spinner.py`` at rates 0.15–0.35 (each
paragraph spun, never the date line); and copies of
copies (an update of an update, a spun copy of an edited copy, an edit of a
spun copy...).  A copy is dated 1–4 days after the article it was made
from, with a ``date YYYY-MM-DD`` first line; about one in ten copies has no
date line.

Everything draws from ``random.Random`` with fixed seeds: the same
arguments give the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus
import spinner

from articlediff import Article
from articlediff.normalise.wordstats import zipf
from articlediff.prepare import prepare
from articlediff.segment import segment

#: Seeds whose sentences the base articles are made of (000 is a spun copy of 001).
BASE_SEEDS = ("001", "002", "003", "004")
#: Seed sentences per base article, fresh sentences, fact sentences.
SEED_SENTENCES = 14
FRESH_SENTENCES = 3
FACT_SENTENCES = 2
#: Shortest seed sentence used (words): headings and "Read more" lines are left out.
MIN_WORDS = 6
#: Share of copies with no date line.
P_UNDATED = 0.10
#: The first day a story can start, and the spread of start days over the stories.
FIRST_DAY = dt.date(2025, 1, 6)
SPREAD_DAYS = 300

#: How each article of a story is made: (kind, index in the recipe of the article it is made from, spin rate).
RECIPE: tuple[tuple[str, int | None, float], ...] = (
    ("base", None, 0.0),  # 0
    ("reprint", 0, 0.0),  # 1
    ("edited", 0, 0.0),  # 2
    ("spun", 0, 0.15),  # 3
    ("update", 0, 0.0),  # 4
    ("partial", 0, 0.0),  # 5
    ("edited", 0, 0.0),  # 6
    ("spun", 0, 0.25),  # 7
    ("update", 4, 0.0),  # 8  an update of an update
    ("reprint", 2, 0.0),  # 9  a reprint of an edited copy
    ("edited", 4, 0.0),  # 10
    ("partial", 2, 0.0),  # 11
    ("spun", 0, 0.35),  # 12
    ("edited", 8, 0.0),  # 13
    ("spun", 2, 0.20),  # 14 a spun copy of an edited copy
    ("partial", 8, 0.0),  # 15
    ("update", 10, 0.0),  # 16
    ("spun", 4, 0.30),  # 17
    ("edited", 14, 0.0),  # 18 an edit of a spun copy (carries spun text)
    ("partial", 7, 0.0),  # 19 part of a spun copy (carries spun text)
)

#: Sentences with figures: {N} a name, {P} a place, {O} an organisation, {n} a count, {m} millions,
#: {p} a percentage, {d} a day of the month, {M} a month, {y} a year.
FACT_TEMPLATES = (
    "Officials in {P} said {n} people had been affected by {d} {M} {y}.",
    "The {O} put the cost of the plan at £{m} million, up from an earlier estimate.",
    "About {p}% of those asked in {P} backed the proposal, according to figures from the {O}.",
    "{N} told reporters that {n} jobs depended on the outcome of the talks.",
    "The agreement, signed on {d} {M} {y}, is worth {m} million euros over five years.",
    "{N} said the {O} would publish its full report by {M} {y}.",
    "A spokesperson for the {O} said {n} staff had been moved to {P} since {M} {y}.",
    "Turnout reached {p}% in {P}, the highest since {y}.",
)
UPDATE_TEMPLATES = (
    "Update: the {O} has since revised its figures, saying {n} people are now affected.",
    "This article was updated on {d} {M} {y} with new figures from the {O}.",
    "Later on, {N} confirmed the total had risen to £{m} million.",
)
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: Capitalised words that are never names.
NOT_NAMES = frozenset(MONTHS + WEEKDAYS + ["I"])
_FUNCTION = _corpus.STOPWORDS | spinner.PROTECTED

_CAP = re.compile(r"\b[A-Z][A-Za-z]*\b")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


@dataclass
class Item:
    """One generated article: its file name (without .txt), story, how it was made, and text."""

    name: str
    story: int
    kind: str  # "base", "reprint", "edited", "update", "partial" or "spun"
    source: str | None  # name of the article it was made from
    carries_spin: bool  # spun, or made from a spun copy
    date: str | None  # the date line, if any
    text: str
    rate: float = 0.0  # for a spun copy: the spinner's rate

    def article(self) -> Article:
        return Article(self.text, path=f"{self.name}.txt")


# --- the seed pool --------------------------------------------------------------


def seed_pool() -> tuple[list[list[str]], set[str]]:
    """Seeds 001–004's sentences by paragraph (normalised text, long enough), and the names in all seeds.

    A name is a capitalised word seen inside a sentence (not first) of any
    seed: an acronym ("US"), or a word that is not a month, weekday or
    function word.
    """
    texts = _corpus.seed_texts()
    paragraphs: list[list[str]] = []
    names: set[str] = set()
    for number, text in texts.items():
        for s in segment(text):  # the raw text: the fresh sentences of _corpus may come from boilerplate
            for m in list(_CAP.finditer(s.text))[1:]:
                word = m.group()
                if (word.isupper() and len(word) > 1) or (word not in NOT_NAMES and word.lower() not in _FUNCTION):
                    names.add(word)
        if number not in BASE_SEEDS:
            continue
        current, last = [], None
        for s in prepare(Article(text)).sentences:
            sentence = " ".join(s.text.split()).lstrip("•–- ")
            if s.paragraph != last and current:
                paragraphs.append(current)
                current = []
            last = s.paragraph
            if len(sentence.split()) >= MIN_WORDS and "published at" not in sentence:
                current.append(sentence)
        if current:
            paragraphs.append(current)
    return [p for p in paragraphs if p], names


# --- a story's names and numbers ------------------------------------------------


class Names:
    """Pronounceable made-up words, each handed out once over all stories."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self) -> str:
        while True:
            syllables = self.rng.randint(2, 3)
            w = "".join(self.rng.choice(_CONSONANTS) + self.rng.choice(_VOWELS) for _ in range(syllables))
            w += self.rng.choice(("", "n", "r", "s", "l", "m", "k"))
            if w not in self.used and zipf(w) == 0:
                self.used.add(w)
                return w

    def acronym(self, length: int) -> str:
        letters = "BCDFGHJKLMNPRSTVWXZ"
        while True:
            w = "".join(self.rng.choice(letters) for _ in range(length))
            if w not in self.used and zipf(w.lower()) == 0:
                self.used.add(w)
                return w


class StoryText:
    """Replaces the seeds' names and numbers with one story's own, the same way every time."""

    def __init__(self, names: set[str], pool: Names, rng: random.Random) -> None:
        self.names = names
        self.pool = pool
        self.rng = rng
        self.map: dict[str, str] = {}
        self.numbers: dict[str, str] = {}
        self.year_shift = rng.randint(-4, 1)
        self.people = [self.name() for _ in range(3)]
        self.places = [self.name() for _ in range(3)]
        self.orgs = [f"{self.name()} {rng.choice(('Council', 'Agency', 'Institute', 'Trust', 'Group'))}" for _ in range(2)]

    def name(self) -> str:
        return self.pool.word().capitalize()

    def replace_name(self, word: str) -> str:
        if word not in self.map:
            if word.isupper() and len(word) > 1:
                self.map[word] = self.pool.acronym(min(len(word), 4))
            else:
                self.map[word] = self.name()
        return self.map[word]

    def replace_number(self, digits: str) -> str:
        if digits not in self.numbers:
            value = int(digits)
            if len(digits) == 4 and 1900 <= value <= 2099:
                new = str(value + self.year_shift)
            elif value <= 31:
                new = str(self.rng.randint(1, 28))
            else:
                new = str(self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
            self.numbers[digits] = new
        return self.numbers[digits]

    def apply(self, sentence: str) -> str:
        """The sentence with the story's names and numbers."""
        sentence = _CAP.sub(lambda m: self.replace_name(m.group()) if m.group() in self.names else m.group(), sentence)
        return _DIGITS.sub(lambda m: self.replace_number(m.group()), sentence)

    def fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            N=rng.choice(self.people),
            P=rng.choice(self.places),
            O=rng.choice(self.orgs),
            n=rng.randint(120, 9800),
            m=rng.randint(12, 950),
            p=rng.randint(11, 89),
            d=rng.randint(1, 28),
            M=rng.choice(MONTHS),
            y=2024 + self.year_shift + rng.randint(0, 1),
        )


# --- documents ------------------------------------------------------------------

Doc = list[list[str]]  # paragraphs of sentences


def render(doc: Doc, date: str | None) -> str:
    body = "\n\n".join(" ".join(p) for p in doc if p)
    return f"date {date}\n\n{body}\n" if date else body + "\n"


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    return [(p, s) for p, para in enumerate(doc) for s in range(len(para))]


def _one_sentence(text: str) -> bool:
    return len(segment(text)) == 1


class Story:
    """One story: its base document and the copies made from it."""

    def __init__(self, number: int, seed: int, pool: list[list[str]], usage: list[list[int]], gen: _corpus.Generator,
                 names: set[str], name_pool: Names) -> None:
        self.number = number
        self.rng = random.Random(f"{seed}-story-{number}")
        self.gen = gen
        self.text = StoryText(names, name_pool, self.rng)
        self.vocab = [w for w in gen.vocab if w.capitalize() not in names and zipf(w) >= 3.0]
        self.start = FIRST_DAY + dt.timedelta(days=self.rng.randrange(SPREAD_DAYS))
        self.base = self._base(pool, usage)

    def _base(self, pool: list[list[str]], usage: list[list[int]]) -> Doc:
        rng = self.rng
        doc: Doc = []
        taken: set[tuple[int, int]] = set()
        count = 0
        while count < SEED_SENTENCES:
            # a run of 1–3 sentences starting at one of the least-used places of the pool
            places = [(p, s) for p, para in enumerate(pool) for s in range(len(para)) if (p, s) not in taken]
            low = min(usage[p][s] for p, s in places)
            p, s = rng.choice([(p, s) for p, s in places if usage[p][s] == low])
            run = []
            for k in range(s, min(s + rng.randint(1, 3), len(pool[p]))):
                if (p, k) in taken:
                    break
                taken.add((p, k))
                usage[p][k] += 1
                run.append(self.text.apply(pool[p][k]))
            doc.append(run)
            count += len(run)
        for _ in range(FRESH_SENTENCES):
            doc.insert(rng.randrange(1, len(doc) + 1), [self.fresh()])
        for template in rng.sample(FACT_TEMPLATES, FACT_SENTENCES):
            doc.insert(rng.randrange(1, len(doc) + 1), [self.text.fill(template)])
        return doc

    def fresh(self) -> str:
        """A new sentence for this story (from bench/_corpus.py), with its names."""
        while True:
            sentence = self.text.apply(self.gen.fresh_sentence())
            if _one_sentence(sentence):
                return sentence

    # --- copies -------------------------------------------------------------

    def edit_words(self, sentence: str) -> str:
        """1–3 words replaced, inserted or deleted."""
        rng = self.rng
        for _ in range(20):
            words = sentence.split()
            for _ in range(rng.randint(1, 3 if len(words) >= 10 else 1)):
                op = rng.choice(("replace", "insert", "delete"))
                k = rng.randrange(len(words))
                if op == "replace":
                    tail = words[k][len(words[k].rstrip(".,;:!?\"”’")) :]
                    words[k] = _corpus._match_case(rng.choice(self.vocab), words[k]) + tail
                elif op == "insert" and k + 1 < len(words):
                    words.insert(k + 1, rng.choice(self.vocab))
                elif len(words) > 3 and 0 < k < len(words) - 1:
                    del words[k]
            text = " ".join(words)
            if text != sentence and _one_sentence(text):
                return text
        return sentence

    def edited(self, doc: Doc) -> Doc:
        rng = self.rng
        doc = [list(p) for p in doc]
        places = _sentences(doc)
        for p, s in rng.sample(places, min(len(places), rng.randint(2, 4))):
            doc[p][s] = self.edit_words(doc[p][s])
        for p, s in sorted(rng.sample(places[1:], min(len(places) - 1, rng.randint(1, 3))), reverse=True):
            del doc[p][s]
        doc = [p for p in doc if p]
        for _ in range(rng.randint(1, 2)):
            doc.insert(rng.randrange(1, len(doc) + 1), [self.fresh()])
        if rng.random() < 0.5 and len(doc) > 3:
            doc.insert(rng.randrange(1, len(doc)), doc.pop(rng.randrange(1, len(doc))))
        return doc

    def update(self, doc: Doc) -> Doc:
        """Figures changed (counts, amounts, a year), an update sentence added."""
        rng = self.rng
        doc = [list(p) for p in doc]
        with_numbers = [(p, s) for p, s in _sentences(doc) if _DIGITS.search(doc[p][s])]
        for p, s in rng.sample(with_numbers, min(len(with_numbers), rng.randint(1, 3))):
            matches = list(_DIGITS.finditer(doc[p][s]))
            m = rng.choice(matches)
            old = m.group()
            if _YEAR.fullmatch(old):
                new = str(int(old) + 1)
            elif int(old) <= 31:
                new = str(rng.choice([v for v in range(1, 29) if v != int(old)]))
            else:
                new = str(int(old) + rng.choice((-1, 1)) * rng.randint(1, max(1, int(old) // 4)))
            doc[p][s] = doc[p][s][: m.start()] + new + doc[p][s][m.end() :]
        doc.insert(rng.randrange(1, len(doc) + 1), [self.text.fill(rng.choice(UPDATE_TEMPLATES))])
        return doc

    def partial(self, doc: Doc) -> Doc:
        """A contiguous 40–70% of the sentences, paragraphs kept."""
        rng = self.rng
        places = _sentences(doc)
        n = max(2, round(rng.uniform(0.4, 0.7) * len(places)))
        first = rng.randrange(0, len(places) - n + 1)
        keep = set(places[first : first + n])
        out = [[s for k, s in enumerate(para) if (p, k) in keep] for p, para in enumerate(doc)]
        return [p for p in out if p]

    def spun(self, doc: Doc, rate: float, seed: int) -> Doc:
        """Each paragraph spun with bench/spinner.py (the date line is never spun)."""
        return [[spinner.spin(" ".join(p), rate, seed + k)[0]] for k, p in enumerate(doc)]

    def articles(self, n: int, seed: int) -> list[Item]:
        """The story's ``n`` articles, following :data:`RECIPE` (repeated, with new seeds, past 20)."""
        rng = self.rng
        docs: list[Doc] = []
        items: list[Item] = []
        days: list[dt.date] = []
        for i in range(n):
            round_, j = divmod(i, len(RECIPE))
            kind, source, rate = RECIPE[j]
            if source is not None:
                source += round_ * len(RECIPE)
            if kind == "base" and round_:  # a later round starts from a reprint of the base
                kind, source = "reprint", 0
            if kind == "base":
                doc, day = self.base, self.start
            else:
                src = docs[source]
                if kind == "reprint":
                    doc = [list(p) for p in src]
                elif kind == "edited":
                    doc = self.edited(src)
                elif kind == "update":
                    doc = self.update(src)
                elif kind == "partial":
                    doc = self.partial(src)
                else:
                    doc = self.spun(src, rate, seed * 1000 + self.number * 100 + i)
                day = days[source] + dt.timedelta(days=rng.randint(1, 4))
            dated = kind == "base" or rng.random() >= P_UNDATED
            date = day.isoformat() if dated else None
            carries = kind == "spun" or (source is not None and items[source].carries_spin)
            name = f"s{self.number:02d}-{i:02d}-{kind}"
            items.append(Item(name, self.number, kind, items[source].name if source is not None else None,
                              carries, date, render(doc, date), rate if kind == "spun" else 0.0))
            docs.append(doc)
            days.append(day)
        return items


def corpus(articles: int = 1000, stories: int = 50, seed: int = 20250601) -> list[Item]:
    """``articles`` articles about ``stories`` distinct stories, shuffled (see the module docstring)."""
    if stories < 1 or articles < stories:
        raise ValueError("need at least one article per story")
    pool, names = seed_pool()
    usage = [[0] * len(p) for p in pool]
    gen = _corpus.Generator(seed)
    name_pool = Names(random.Random(f"{seed}-names"))
    items: list[Item] = []
    for k in range(stories):
        story = Story(k, seed, pool, usage, gen, names, name_pool)
        items += story.articles(articles // stories + (k < articles % stories), seed)
    random.Random(f"{seed}-shuffle").shuffle(items)
    return items


if __name__ == "__main__":  # a look at one story
    items = sorted((i for i in corpus(40, 2) if i.story == 0), key=lambda i: i.name)
    for item in items[:4] + [i for i in items if i.kind == "spun"][:1]:
        print(f"=== {item.name} (from {item.source}, date {item.date})\n{item.text}")
