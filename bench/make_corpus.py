"""A labelled corpus of near-duplicates made from real English text, for ``bench/dedup_quality.py``.

``make_corpus(n_sources, seed)`` returns ``(documents, labels)``: the
documents (:class:`articlediff.read.Document`, shuffled, with opaque
ids ``doc-00001``...) and the labelled pairs ``(source_id, variant_id, kind)``.

**Real text only.**  The originals are

* the seeds 001-004 (fixtures/seeds/; seed 000 is a real spun copy of the
  start of 001 and joins the corpus as its labelled variant of kind
  ``spun_real``, which has no target);
* the Lee news corpus that gensim ships in its test data: 350 ABC (Australia)
  news stories of 2001-2002 (``lee_background.cor`` and ``lee.cor``, one
  story a line, 45-620 words), cut into news paragraphs of 1-3 sentences;
* the English Wikipedia extract gensim ships (``enwiki-latest-pages-articles1
  ...-shortened.bz2``: about 100 articles, Anarchism to Apollo): the wiki
  markup stripped, each section with at least 150 words of prose one text,
  sections over 900 words cut into parts of about 400 words at paragraph ends.

gensim is read as data only (its package folder is located, never imported):
``pip install --no-deps gensim``.  Without it the corpus cannot be built.

**Unrelated originals are really different.**  The pool is filtered
greedily (seeds first, then Lee, then Wikipedia, in file order): a text
whose word 5-grams (as ``compare`` reads words: case, accents, quotes and
dashes folded) overlap any kept text's by more than :data:`MAX_CONTAINMENT`
of the smaller set is dropped.  That keeps 1,171 texts (4 seeds, 321 Lee
stories, 846 Wikipedia parts); the Lee stories it drops are mostly copies of
other Lee stories (containment up to 1.0).  The corpus reports the largest
Jaccard similarity and containment between any two originals it uses.

**Roles.**  The seeds are always sources, and half the sources are news
(seeds and Lee), half Wikipedia; the rest of the pool is shuffled by
``seed`` and split into *hosts* (one unrelated article per partial copy,
used once and never in the corpus on its own), *distractors* (unrelated
originals with no copy, half as many as sources: precision only; by default
half of them wear the header and footer of one of three made-up sites, 50-70
words of furniture shared by unrelated articles, as scraped pages of one
outlet share it) and *fillers* (texts whose sentences are the "sentence
added" of edited copies).  The pool allows up to about 428 sources.

**Each source gets one variant of each kind** (:data:`KINDS`), each labelled
``(source, variant, kind)``:

``exact``
    the same text.
``retypeset``
    the same words re-typeset: quotes made curly (straight if they were
    curly), dashes and ellipses rewritten, doubled spaces, no-break spaces
    and trailing blanks, hard line wrapping at 60-80 columns, paragraph
    breaks changed, and 1-3 boilerplate lines added (share buttons,
    copyright, "Advertisement"...).
``truncated``
    the text cut at a sentence end, at 50-90% of its words (a random target
    in that range; a short text's nearest sentence end may fall outside it),
    sometimes with a "Read more" style tail.
``edited``
    2-4 content words replaced by other words, one number changed (when the
    text has one), one real sentence added (from a filler text of the same
    origin: news into news).
``spun``
    ``bench/spinner.py`` with a rate chosen so that 15-30% of *all* words are
    replaced (the spinner's rate counts words that have a synonym, about
    45% of words, so its rate here is about 0.33-0.65).
``partial``
    a contiguous run of the source's paragraphs (15-60% of its words, at
    least 40 words) inserted between two paragraphs of a host article.

**Label semantics** (what ``dedup_quality.py`` scores): two documents are
*related* when they derive from the same source (the source and all its
variants); a reported pair is correct when its two documents are related.
Recall per kind is over the labelled ``(source, variant)`` pairs only.

Everything draws from ``random.Random`` with fixed string seeds: the same
arguments give the same corpus.

    .venv/bin/python bench/make_corpus.py OUT [--sources 300] [--seed N] [--format txt|jsonl] [--site-share 0.5]

writes ``OUT/docs/<id>.txt`` (``--format txt``) or ``OUT/corpus.jsonl``
(``{"id", "text"}`` lines), and ``OUT/labels.jsonl`` (``{"a", "b", "kind",
...}``: ``a`` the source's id, ``b`` the variant's, and how it was made).
"""

from __future__ import annotations

import argparse
import bz2
import html
import importlib.util
import json
import random
import re
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus
import _stories
import spinner

from articlediff.read import Document
from articlediff.segment import iter_words, segment

KINDS = ("exact", "retypeset", "truncated", "edited", "spun", "partial")
#: The real spun pair of the seeds (000 is a spun copy of the start of 001): reported, no target.
REAL_SPUN = "spun_real"
DEFAULT_SOURCES = 300
DEFAULT_SEED = 20250601
#: Distractors (unrelated originals without copies) per source.
DISTRACTOR_SHARE = 0.5
#: Share of the sources that are news stories (seeds and Lee); the others are Wikipedia sections.
NEWS_SHARE = 0.5

#: Shingle size for the distinctness check (the tool's own size today, but computed independently).
SHINGLE_WORDS = 5
#: A pool text is dropped if this share of its (or a kept text's) word 5-grams occur in one kept text.
MAX_CONTAINMENT = 0.05

#: Wikipedia: shortest section kept (words), longest section kept whole, target size of the parts of longer ones.
WIKI_MIN_WORDS = 150
WIKI_MAX_WORDS = 900
WIKI_PART_WORDS = 400
#: Shortest Lee story kept (words).
NEWS_MIN_WORDS = 60

#: Variant parameters.
TRUNCATE_KEEP = (0.5, 0.9)
EDIT_WORDS = (2, 4)
SPIN_SHARE = (0.15, 0.30)
PARTIAL_SHARE = (0.15, 0.60)
PARTIAL_MIN_WORDS = 40
WRAP_WIDTH = (60, 80)

SITES = ("The Morning Ledger", "Coastal Courier", "NewsWire Daily", "Metro Herald", "The Evening Post",
         "Channel 9 News", "Valley Gazette", "World Desk")  # fmt: skip
BOILERPLATE = (
    "Advertisement",
    "ADVERTISEMENT",
    "Share this article",
    "Share on Facebook Share on Twitter Share via Email",
    "Sign up for our morning newsletter",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Read more:",
    "Related coverage",
    "Continue reading below",
    "Photo: Supplied",
    "© {year} {site}. All rights reserved.",
    "This article originally appeared on {site}.",
    "By {site} staff",
    "Posted {day} {month} {year}, updated {hour}:{minute:02d}",
    "Comments are closed.",
    "Report an error",
)
#: Share of the distractors that wear a made-up site's page furniture (SITE_TEMPLATES).
SITE_SHARE = 0.5
#: Page furniture of made-up sites: (header, footer).  Distractors that carry one share 50-70 words
#: of boilerplate with the other articles of their "site", as scraped pages of one outlet do.
SITE_TEMPLATES = (
    ("The Morning Ledger\nHome | News | Politics | Business | Sport | Opinion | Weather\nSubscribe now",
     ("Get the best of The Morning Ledger in your inbox. Sign up for our free daily newsletter and receive the "
     "top stories every morning.\n\nMost read\n\n© 2024 The Morning Ledger Media Group. All rights reserved. "
     "Terms of use | Privacy policy | Cookie settings | Contact us")),
    ("Coastal Courier | Local news you can trust\nLatest | Community | Council | Real estate | Jobs",
     ("Support local journalism. Our reporters cover the stories that matter to you, and your subscription keeps "
     "them on the beat. Subscribe from just $1 a week.\n\nShare this story\nFacebook Twitter Email\n\n"
     "Coastal Courier is part of the Regional Press Network.")),
    ("NewsWire Daily — Breaking news, analysis and opinion",
     ("Have a news tip? Contact our newsroom by email or call our tip line, and follow NewsWire Daily on social "
     "media for live updates throughout the day.\n\nRelated topics: World, Politics, Economy\n\n"
     "Copyright NewsWire Daily 2025. This material may not be published, broadcast, rewritten or redistributed.")),
)  # fmt: skip
TRUNCATION_TAILS = ("…", " [...]", "\n\nRead more", "\n\n(Story continues)", "\n\nContinue reading on {site}")

_GENSIM_DATA = ("test", "test_data")
_LEE_FILES = ("lee_background.cor", "lee.cor")
_WIKI_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


@dataclass
class Text:
    """One real original: a name saying where it came from, and its paragraphs."""

    name: str  # "seed-001", "lee-0017", "wiki-anarchism-2"
    origin: str  # "news" or "wiki"
    paragraphs: list[str]

    def render(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    @property
    def words(self) -> int:
        return sum(_word_count(p) for p in self.paragraphs)


@dataclass
class Corpus:
    """The documents, the labelled pairs, how each variant was made, and facts about the originals."""

    documents: list[Document]
    labels: list[tuple[str, str, str]]
    details: list[dict]  # one per label: source name, origin, and the variant's parameters
    roles: dict[str, int] = field(default_factory=dict)  # role -> number of originals
    origins: dict[str, int] = field(default_factory=dict)  # origin of the sources -> count
    max_jaccard: float = 0.0
    max_containment: float = 0.0
    closest: tuple[str, str] = ("", "")  # the two originals of max_jaccard
    pool: int = 0  # distinct originals available
    names: dict[str, str] = field(default_factory=dict)  # id -> "leebg-0017", "leebg-0017:spun", "wiki-asia-2 (distractor)"


# --- real text -------------------------------------------------------------------


def _word_count(text: str) -> int:
    return sum(1 for _ in iter_words(text))


def gensim_data_dir() -> Path:
    """gensim's test data folder (located without importing gensim)."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("make_corpus needs the real text gensim ships: pip install --no-deps gensim")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*_GENSIM_DATA)


def seed_texts() -> list[Text]:
    """Seeds 001-004 as they are (paragraphs split at blank lines)."""
    out = []
    for number, text in _corpus.seed_texts().items():
        if number == "000":
            continue
        out.append(Text(f"seed-{number}", "news", _blocks(text)))
    return out


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]


def news_texts(data: Path) -> list[Text]:
    """The Lee corpus: one story a line, cut into paragraphs of 1-3 sentences (a lede of 1-2)."""
    out = []
    for file in _LEE_FILES:
        stem = "lee" if file == "lee.cor" else "leebg"
        raw = (data / file).read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            content = raw.decode("cp1252")  # lee.cor is Windows-1252 ("£")
        for k, line in enumerate(content.splitlines()):
            line = " ".join(line.split())
            if _word_count(line) < NEWS_MIN_WORDS:
                continue
            rng = random.Random(f"paragraphs-{stem}-{k}")
            sentences = [s.text for s in segment(line)]
            paragraphs, i = [], 0
            while i < len(sentences):
                n = rng.randint(1, 2) if not paragraphs else rng.choice((1, 2, 2, 3))
                paragraphs.append(" ".join(sentences[i : i + n]))
                i += n
            out.append(Text(f"{stem}-{k:04d}", "news", paragraphs))
    return out


_WIKI_NAMESPACES = frozenset("file image category media wikipedia wp template help portal user special wiktionary wikt".split())
_SKIP_SECTIONS = {"references", "external links", "see also", "further reading", "notes", "bibliography",
                  "sources", "footnotes", "citations", "works cited"}  # fmt: skip


def _wiki_link(m: re.Match) -> str:
    inner = m.group(1)
    target, bar, _ = inner.partition("|")
    prefix, colon, _ = target.partition(":")
    if colon and (prefix.strip().lower() in _WIKI_NAMESPACES or len(prefix.strip()) <= 3):
        return ""  # an image, a category or an interlanguage link
    return (inner.rsplit("|", 1)[-1] if bar else target).strip()


def strip_wiki(text: str) -> str:
    """Wiki markup to plain text: references, templates, tables, images and tags dropped, links kept as their words."""
    text = html.unescape(text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<ref[^>]*/>", "", text)
    text = re.sub(r"<ref[^>]*>.*?</ref>", "", text, flags=re.S)
    text = re.sub(r"<(math|gallery|timeline|source|pre|code|syntaxhighlight|imagemap|score|poem)\b[^>]*>.*?</\1>", "",
                  text, flags=re.S | re.I)  # fmt: skip
    previous = None
    while previous != text:  # innermost templates and tables first
        previous = text
        text = re.sub(r"\{\{[^{}]*\}\}", "", text)
        text = re.sub(r"\{\|(?:(?!\{\|).)*?\|\}", "", text, flags=re.S)
    previous = None
    while previous != text:  # innermost links first (image captions hold links)
        previous = text
        text = re.sub(r"\[\[([^\[\]]*)\]\]", _wiki_link, text)
    text = re.sub(r"\[(?:https?:)?//[^\s\]]+\s*([^\]]*)\]", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"'{2,}", "", text)


def wiki_texts(data: Path) -> list[Text]:
    """Sections of the Wikipedia extract with enough prose, long ones cut into parts."""
    with bz2.open(data / _WIKI_FILE) as f:
        xml = f.read().decode("utf-8")
    out = []
    for title, raw in re.findall(r"<title>(.*?)</title>.*?<text[^>]*>(.*?)</text>", xml, flags=re.S):
        if raw.lstrip().lower().startswith("#redirect"):
            continue
        sections: dict[str, list[str]] = {}
        section, lines = "", []
        for line in [*strip_wiki(raw).split("\n"), ""]:  # a paragraph is a run of prose lines
            line = line.strip()
            heading = re.fullmatch(r"(=+)\s*(.*?)\s*=+", line)
            if heading or not line or line[0] in "*#:;|!{}":
                if lines:
                    sections.setdefault(section, []).append(" ".join(lines))
                    lines = []
                if heading and len(heading.group(1)) == 2:
                    section = heading.group(2)
                continue
            lines.append(line)
        slug = re.sub(r"[^a-z0-9]+", "-", html.unescape(title).lower()).strip("-")
        k = 0
        for name, paragraphs in sections.items():
            if name.lower() in _SKIP_SECTIONS:
                continue
            prose = [_tidy_wiki(p) for p in paragraphs]
            prose = [p for p in prose if len(p.split()) >= 15 and p[-1] in ".!?\"”)"]
            for part in _parts(prose):
                out.append(Text(f"wiki-{slug}-{k}", "wiki", part))
                k += 1
    return out


def _tidy_wiki(paragraph: str) -> str:
    paragraph = re.sub(r"\(\s*[,;]?\s*\)", "", paragraph)  # "( )" left by a template
    paragraph = re.sub(r"\s+([,.;:])", r"\1", paragraph)
    return " ".join(paragraph.split())


def _parts(paragraphs: list[str]) -> list[list[str]]:
    """A section's paragraphs as one text, or several of about WIKI_PART_WORDS words if it is long."""
    total = sum(len(p.split()) for p in paragraphs)
    if total < WIKI_MIN_WORDS:
        return []
    if total <= WIKI_MAX_WORDS:
        return [paragraphs]
    parts, current, words = [], [], 0
    for p in paragraphs:
        current.append(p)
        words += len(p.split())
        if words >= WIKI_PART_WORDS:
            parts.append(current)
            current, words = [], 0
    if current:
        if words >= WIKI_MIN_WORDS or not parts:
            parts.append(current)
        else:
            parts[-1].extend(current)
    return parts


def _shingle_set(text: str) -> set[str]:
    keys = [w.key for w in iter_words(text)]
    n = min(SHINGLE_WORDS, len(keys))
    return {" ".join(keys[i : i + n]) for i in range(len(keys) - n + 1)}


def distinct_pool() -> list[Text]:
    """Seeds, Lee stories and Wikipedia sections, minus any text overlapping a kept one (see MAX_CONTAINMENT)."""
    data = gensim_data_dir()
    kept: list[Text] = []
    sets: list[set[str]] = []
    index: dict[str, list[int]] = {}
    for text in seed_texts() + news_texts(data) + wiki_texts(data):
        s = _shingle_set(text.render())
        if not s:
            continue
        shared: dict[int, int] = {}
        for sh in s:
            for j in index.get(sh, ()):
                shared[j] = shared.get(j, 0) + 1
        if any(c > MAX_CONTAINMENT * min(len(s), len(sets[j])) for j, c in shared.items()):
            continue
        for sh in s:
            index.setdefault(sh, []).append(len(kept))
        kept.append(text)
        sets.append(s)
    return kept


def overlap_stats(texts: list[Text]) -> tuple[float, float, tuple[str, str]]:
    """The largest Jaccard similarity and containment of word 5-gram sets between any two texts, and the closest pair."""
    sets = [_shingle_set(t.render()) for t in texts]
    index: dict[str, list[int]] = {}
    best_j, best_c, pair = 0.0, 0.0, ("", "")
    for i, s in enumerate(sets):
        shared: dict[int, int] = {}
        for sh in s:
            for j in index.get(sh, ()):
                shared[j] = shared.get(j, 0) + 1
            index.setdefault(sh, []).append(i)
        for j, c in shared.items():
            jac = c / (len(s) + len(sets[j]) - c)
            best_c = max(best_c, c / min(len(s), len(sets[j])))
            if jac > best_j:
                best_j, pair = jac, (texts[j].name, texts[i].name)
    return best_j, best_c, pair


# --- variants --------------------------------------------------------------------


def _fill(template: str, rng: random.Random) -> str:
    return template.format(site=rng.choice(SITES), year=rng.randint(2001, 2025), day=rng.randint(1, 28),
                           month=rng.choice(_stories.MONTHS), hour=rng.randint(0, 23), minute=rng.randint(0, 59))  # fmt: skip


def _curly(text: str) -> str:
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[—–-])'", "\\1‘", text)
    return text.replace("'", "’")


def _straight(text: str) -> str:
    return re.sub(r"[“”„]", '"', re.sub(r"[‘’‚]", "'", text))


def retypeset(text: Text, rng: random.Random) -> tuple[str, dict]:
    """The same words, typeset differently, with boilerplate lines added."""
    paragraphs = list(text.paragraphs)
    ops = []
    joined = "\n\n".join(paragraphs)
    if re.search(r"[“”‘’]", joined):
        paragraphs, op = [_straight(p) for p in paragraphs], "quotes straight"
    else:
        paragraphs, op = [_curly(p) for p in paragraphs], "quotes curly"
    ops.append(op)
    if rng.random() < 0.7:
        dash = rng.choice((" — ", " – ", " -- ", "—"))
        paragraphs = [re.sub(r"\s*(?:--|—|–)\s*|\s+-\s+", dash, p) for p in paragraphs]
        ops.append("dashes")
    if rng.random() < 0.5:
        paragraphs = [p.replace("...", "…") if "..." in p else p.replace("…", "...") for p in paragraphs]
        ops.append("ellipses")
    if rng.random() < 0.6:
        paragraphs = [re.sub(r"([.!?]) (?=[A-Z“\"])", lambda m: m.group(1) + rng.choice(("  ", " ", " \u00a0")), p)
                      for p in paragraphs]  # fmt: skip
        ops.append("spaces")
    if rng.random() < 0.6:
        width = rng.randint(*WRAP_WIDTH)
        paragraphs = [textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in paragraphs]
        ops.append(f"wrapped at {width}")
    n = rng.randint(1, 3)
    for _ in range(n):
        line = _fill(rng.choice(BOILERPLATE), rng)
        paragraphs.insert(rng.choice((0, len(paragraphs), rng.randint(0, len(paragraphs)))), line)
    ops.append(f"{n} boilerplate lines")
    separator = rng.choice(("\n\n", "\n\n", "\n", "\n\n\n", "\n \n"))
    out = separator.join(paragraphs)
    if rng.random() < 0.5:
        out = "\n".join(line + rng.choice(("", " ", "  ", "\t")) for line in out.split("\n"))
        ops.append("trailing blanks")
    return out + "\n", {"ops": ops}


def truncated(text: Text, rng: random.Random) -> tuple[str, dict]:
    """The text up to a sentence end at 50-90% of its words (as near as its sentences allow), maybe with a tail."""
    full = text.render()
    sentences = segment(full)
    total = sum(len(s.words) for s in sentences)
    lo, hi = TRUNCATE_KEEP
    target = rng.uniform(lo, hi)
    ends, count = [], 0
    for s in sentences[:-1]:
        count += len(s.words)
        ends.append((s.end, count / total))
    if not ends:  # one sentence: cut it at a word instead
        words = list(iter_words(full))
        k = max(1, round(target * len(words)))
        ends = [(words[k - 1].end, k / len(words))]
    # the sentence end nearest to the target among those in range, else the one nearest to the range
    end, kept = min(ends, key=lambda e: (max(lo - e[1], e[1] - hi, 0), abs(e[1] - target)))
    out = full[:end]
    if rng.random() < 0.5:
        out += _fill(rng.choice(TRUNCATION_TAILS), rng)
    return out + "\n", {"kept": round(kept, 3)}


_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w.,]?\d)")


def _change_number(text: str, rng: random.Random) -> tuple[str, str | None]:
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return text, None
    m = rng.choice(numbers)
    old = int(m.group())
    if _stories._YEAR.fullmatch(m.group()):
        new = old + rng.choice((-1, 1)) * rng.randint(1, 3)
    elif old <= 31:
        new = rng.choice([v for v in range(1, 32) if v != old])
    else:
        new = old + rng.choice((-1, 1)) * rng.randint(1, max(1, old // 4))
    return text[: m.start()] + str(new) + text[m.end() :], f"{old}->{new}"


def edited(text: Text, rng: random.Random, vocab: list[str], sentence: str) -> tuple[str, dict]:
    """2-4 content words replaced, one number changed, one real sentence added."""
    full = text.render()
    slots = sum(1 for m in _corpus._CONTENT_RE.finditer(full) if m.group().lower() not in _corpus.STOPWORDS)
    k = rng.randint(*EDIT_WORDS)
    full = _corpus.spin(full, k / max(1, slots), vocab, rng)
    full, number = _change_number(full, rng)
    sentences = segment(full)
    at = rng.choice(sentences).end
    full = f"{full[:at]} {sentence}{full[at:]}"
    return full, {"words": k, "number": number, "added": sentence}


def spun(text: Text, rng: random.Random) -> tuple[str, dict]:
    """bench/spinner.py with a rate that replaces 15-30% of all words."""
    full = text.render()
    eligible, total = spinner.eligible_words(full)
    share = rng.uniform(*SPIN_SHARE)
    rate = min(1.0, share * total / max(1, eligible))
    out, changes = spinner.spin(full, rate, rng.randrange(2**31))
    replaced = sum(c.orig_end - c.orig_start for c in changes)
    return out, {"rate": round(rate, 3), "share": round(replaced / max(1, total), 3)}


def partial(text: Text, host: Text, rng: random.Random) -> tuple[str, dict]:
    """A run of the source's paragraphs (15-60% of its words, 40+ words) inside the host article."""
    paragraphs = text.paragraphs
    counts = [_word_count(p) for p in paragraphs]
    total = sum(counts)
    runs = []
    for i in range(len(paragraphs)):
        words = 0
        for j in range(i, len(paragraphs)):
            words += counts[j]
            runs.append((i, j + 1, words))
    lo, hi = PARTIAL_SHARE
    good = [r for r in runs if lo * total <= r[2] <= hi * total and r[2] >= PARTIAL_MIN_WORDS]
    if good:
        i, j, words = rng.choice(good)
        passage = paragraphs[i:j]
    else:  # one long paragraph: a run of its sentences instead
        para = max(range(len(paragraphs)), key=lambda k: counts[k])
        sentences = [s.text for s in segment(paragraphs[para])]
        n = max(1, round(len(sentences) * rng.uniform(lo, hi) * total / counts[para]))
        n = min(n, len(sentences))
        start = rng.randrange(len(sentences) - n + 1)
        passage = [" ".join(sentences[start : start + n])]
        words = _word_count(passage[0])
    at = rng.randint(1, max(1, len(host.paragraphs) - 1))
    out = host.paragraphs[:at] + passage + host.paragraphs[at:]
    doc_words = words + host.words
    return "\n\n".join(out) + "\n", {
        "host": host.name,
        "passage_words": words,
        "share_of_source": round(words / total, 3),
        "share_of_document": round(words / doc_words, 3),
    }


# --- the corpus --------------------------------------------------------------------


def _filler_sentences(texts: list[Text], rng: random.Random) -> list[str]:
    out = []
    for t in texts:
        for p in t.paragraphs:
            for s in segment(p):
                if 8 <= len(s.words) <= 35 and s.text[-1] in ".!?" and s.text[0].isupper():
                    out.append(s.text)
    rng.shuffle(out)
    return out


def build(n_sources: int = DEFAULT_SOURCES, seed: int = DEFAULT_SEED, distractors: int | None = None,
          site_share: float = SITE_SHARE) -> Corpus:  # fmt: skip
    """The corpus with everything known about it (see the module docstring)."""
    pool = distinct_pool()
    rng = random.Random(f"{seed}-roles")
    seeds = [t for t in pool if t.name.startswith("seed-")]
    news = [t for t in pool if t.origin == "news" and not t.name.startswith("seed-")]
    wiki = [t for t in pool if t.origin == "wiki"]
    rng.shuffle(news)
    rng.shuffle(wiki)
    if distractors is None:
        distractors = round(DISTRACTOR_SHARE * n_sources)
    n_seeds = min(len(seeds), n_sources)
    n_news = min(len(news), max(0, round(NEWS_SHARE * n_sources) - n_seeds))
    n_wiki = n_sources - n_seeds - n_news
    rest = news[n_news:] + wiki[n_wiki:]
    rng.shuffle(rest)
    fillers_needed = max(4, n_sources // 10)
    if n_sources < 1 or n_wiki > len(wiki) or n_sources + distractors + fillers_needed > len(rest):
        most = (len(pool) - fillers_needed) // (2 + DISTRACTOR_SHARE)
        raise ValueError(f"the pool holds {len(pool)} distinct texts: ask for 1 to about {int(most)} sources")
    sources = seeds[:n_seeds] + news[:n_news] + wiki[:n_wiki]
    hosts = rest[:n_sources]
    distract = rest[n_sources : n_sources + distractors]
    fillers_texts = rest[n_sources + distractors :]
    fillers = {o: _filler_sentences([t for t in fillers_texts if t.origin == o], random.Random(f"{seed}-fillers-{o}"))
               for o in ("news", "wiki")}  # fmt: skip
    vocab = sorted({w for w in _corpus.vocabulary()} | _vocabulary(sources))

    made: list[tuple[str, str]] = []  # (key, text): key is "src:<name>" or "var:<name>:<kind>" or "dis:<name>"
    details: list[dict] = []
    for k, src in enumerate(sources):
        rng = random.Random(f"{seed}-variants-{src.name}")
        made.append((f"src:{src.name}", src.render()))
        variants = {
            "exact": (src.render(), {}),
            "retypeset": retypeset(src, rng),
            "truncated": truncated(src, rng),
            "edited": edited(src, rng, vocab, _pick(fillers, src.origin, k)),
            "spun": spun(src, rng),
            "partial": partial(src, hosts[k], rng),
        }
        for kind in KINDS:
            text, info = variants[kind]
            made.append((f"var:{src.name}:{kind}", text))
            details.append({"source": src.name, "origin": src.origin, "kind": kind, **info})
    if any(s.name == "seed-001" for s in sources):
        real = _corpus.seed_texts()["000"]
        made.append((f"var:seed-001:{REAL_SPUN}", real))
        details.append({"source": "seed-001", "origin": "news", "kind": REAL_SPUN})
    site_rng = random.Random(f"{seed}-sites")
    for t in distract:
        text = t.render()
        if site_rng.random() < site_share:
            k = site_rng.randrange(len(SITE_TEMPLATES))
            header, footer = SITE_TEMPLATES[k]
            text = f"{header}\n\n{text}\n{footer}\n"
            made.append((f"dis:{t.name} (distractor, site {k})", text))
        else:
            made.append((f"dis:{t.name} (distractor)", text))

    order = list(range(len(made)))
    random.Random(f"{seed}-order").shuffle(order)
    ids = {}
    documents = []
    for n, i in enumerate(order, 1):
        key, text = made[i]
        doc_id = f"doc-{n:05d}"
        ids[key] = doc_id
        documents.append(Document(id=doc_id, text=text, path=f"{doc_id}.txt"))
    labels = []
    for d in details:
        labels.append((ids[f"src:{d['source']}"], ids[f"var:{d['source']}:{d['kind']}"], d["kind"]))
    names = {}
    for key, doc_id in ids.items():
        role, name = key.split(":", 1)
        names[doc_id] = name
    originals = sources + hosts + distract + fillers_texts
    max_j, max_c, closest = overlap_stats(originals)
    return Corpus(
        documents, labels, details,
        roles={"sources": len(sources), "hosts": len(hosts), "distractors": len(distract), "fillers": len(fillers_texts)},
        origins={o: sum(1 for s in sources if s.origin == o) for o in ("news", "wiki")},
        max_jaccard=max_j, max_containment=max_c, closest=closest, pool=len(pool), names=names,
    )  # fmt: skip


def _pick(fillers: dict[str, list[str]], origin: str, k: int) -> str:
    """The k-th filler sentence of the source's own origin (news for news), else of any."""
    pool = fillers.get(origin) or [s for v in fillers.values() for s in v]
    return pool[k % len(pool)]


def _vocabulary(texts: list[Text]) -> set[str]:
    """Content words (lower case, 4+ letters) of the texts, for word replacements."""
    words = set()
    for t in texts:
        for m in _corpus._CONTENT_RE.finditer(t.render()):
            w = m.group().lower()
            if len(w) >= 4 and w not in _corpus.STOPWORDS:
                words.add(w)
    return words


def make_corpus(n_sources: int = DEFAULT_SOURCES, seed: int = DEFAULT_SEED) -> tuple[list[Document], list[tuple[str, str, str]]]:
    """The documents and the labelled pairs ``(source_id, variant_id, kind)`` (see the module docstring)."""
    corpus = build(n_sources, seed)
    return corpus.documents, corpus.labels


def describe(corpus: Corpus) -> str:
    """A few lines about the corpus: sizes, sources, how distinct the originals are."""
    kinds: dict[str, int] = {}
    for _, _, kind in corpus.labels:
        kinds[kind] = kinds.get(kind, 0) + 1
    roles = ", ".join(f"{v} {k}" for k, v in corpus.roles.items())
    return "\n".join([
        f"{len(corpus.documents):,} documents, {len(corpus.labels):,} labelled pairs ("
        + ", ".join(f"{k} {v}" for k, v in kinds.items()) + ")",
        f"originals: {roles}, from a pool of {corpus.pool} distinct real texts; sources: "
        + ", ".join(f"{v} {k}" for k, v in corpus.origins.items()),
        (f"most similar two originals: word 5-gram Jaccard {corpus.max_jaccard:.3f}, containment "
         f"{corpus.max_containment:.3f} ({corpus.closest[0]} / {corpus.closest[1]})"),
    ])  # fmt: skip


def write(corpus: Corpus, out: Path, fmt: str) -> None:
    """``out/docs/<id>.txt`` or ``out/corpus.jsonl``, and ``out/labels.jsonl``."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "txt":
        (out / "docs").mkdir(exist_ok=True)
        for d in corpus.documents:
            (out / "docs" / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    else:
        with (out / "corpus.jsonl").open("w", encoding="utf-8") as f:
            for d in corpus.documents:
                f.write(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n")
    with (out / "labels.jsonl").open("w", encoding="utf-8") as f:
        for (a, b, kind), detail in zip(corpus.labels, corpus.details, strict=True):
            row = {"a": a, "b": b, "kind": kind, **{k: v for k, v in detail.items() if k != "kind"}}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (docs/ or corpus.jsonl, and labels.jsonl)")
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES, help=f"sources (default {DEFAULT_SOURCES})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt", help="a folder of .txt files or one JSONL file")
    parser.add_argument("--site-share", type=float, default=SITE_SHARE,
                        help=f"share of distractors with a site's header and footer (default {SITE_SHARE:g})")
    parser.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} is not empty (use --force)")
    start = time.perf_counter()
    try:
        corpus = build(args.sources, args.seed, site_share=args.site_share)
    except ValueError as exc:
        parser.error(str(exc))
    write(corpus, args.out, args.format)
    print(describe(corpus))
    where = args.out / ("docs" if args.format == "txt" else "corpus.jsonl")
    print(f"wrote {where} and {args.out / 'labels.jsonl'} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
