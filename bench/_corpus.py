"""Deterministic test material for the benchmarks, built from fixtures/seeds/.

The five seed articles hold about 4,000 words, far too few to time a
100,000-word comparison, and only a handful of real near-duplicate pairs.
This module stretches them without inventing text from outside:

* :func:`spin` replaces a share of a sentence's content words with other
  words of the seeds' vocabulary (a crude model of a synonym spinner or of
  light editing).
* :class:`Generator` makes *fresh* sentences (the first half of one seed
  sentence spliced to the second half of another, then 40% of the content
  words swapped), so a long document is not hundreds of copies of the same
  two hundred sentences; and it makes a realistic later version B of a
  document A, remembering which sentence of B came from which sentence of A.

Everything takes a ``random.Random`` with a fixed seed, so runs repeat exactly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from articlediff.segment import ABBREVIATIONS, iter_words, segment

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "fixtures" / "seeds"

#: Function words never chosen for replacement nor used as replacements.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might more most
    must my no nor not now of off on once only or other our out over own same says said she should so
    some such than that the their them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your""".split()
)
_CONTENT_RE = re.compile(r"[A-Za-z]{3,}")
_QUOTES_RE = re.compile(r"[\"“”]")


def seed_texts() -> dict[str, str]:
    """The seed articles by number (``"000"`` … ``"004"``)."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))}


def seed_sentences() -> list[str]:
    """Every seed sentence, exactly as ``compare`` segments the seed files."""
    return [s.text for text in seed_texts().values() for s in segment(text)]


def seed_paragraphs() -> list[list[str]]:
    """Every seed's paragraphs, each a list of sentence texts (as the library segments them)."""
    paragraphs: list[list[str]] = []
    for text in seed_texts().values():
        current, last = [], None
        for s in segment(text):
            if s.paragraph != last and current:
                paragraphs.append(current)
                current = []
            current.append(s.text)
            last = s.paragraph
        if current:
            paragraphs.append(current)
    # The documents join a paragraph's sentences with one space, which can join two of them
    # (a heading and its glued "published at 17:23" marker); re-split so each entry is one sentence.
    return [[s.text for s in segment(" ".join(p))] for p in paragraphs]


def vocabulary() -> list[str]:
    """Content words of the seeds (lower case, 4+ letters), sorted so the order is fixed."""
    words = set()
    for text in seed_texts().values():
        for m in _CONTENT_RE.finditer(text):
            w = m.group().lower()
            if len(w) >= 4 and w not in STOPWORDS and w not in ABBREVIATIONS:
                words.add(w)
    return sorted(words)


def word_count(text: str) -> int:
    """Words as the library counts them."""
    return sum(1 for _ in iter_words(text))


def _match_case(new: str, old: str) -> str:
    return new.capitalize() if old[:1].isupper() else new


def spin(text: str, fraction: float, vocab: list[str], rng: random.Random) -> str:
    """Replace ``fraction`` of the content words of ``text`` (at least one) with other vocabulary words."""
    slots = [m for m in _CONTENT_RE.finditer(text) if m.group().lower() not in STOPWORDS]
    if not slots:
        return text
    k = max(1, round(fraction * len(slots)))
    chosen = sorted(rng.sample(slots, min(k, len(slots))), key=lambda m: m.start())
    out, pos = [], 0
    for m in chosen:
        new = m.group().lower()
        while new == m.group().lower():
            new = rng.choice(vocab)
        out += [text[pos : m.start()], _match_case(new, m.group())]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _tidy(text: str) -> str:
    """Make a generated string one well-formed sentence: capital first letter, final stop."""
    text = " ".join(text.split()).lstrip("-–—,;: ")
    text = text[:1].upper() + text[1:]
    if text[-1:] not in ".!?":
        text = text.rstrip(",;:-–— ") + "."
    return text


# --- documents -----------------------------------------------------------------

#: What happens to each sentence of A in B (the rest are kept verbatim).
P_EDIT = 0.22  # a few words replaced, inserted or deleted
P_DELETE = 0.10  # dropped from B
P_NEW_SENTENCE = 0.08  # a new sentence follows it in B
P_NEW_PARAGRAPH = 0.03  # a new paragraph follows it in B
P_MOVE_PARAGRAPH = 0.05  # B's paragraph moved elsewhere
FRESH_SPIN = 0.40  # share of content words swapped in a generated sentence
MIN_EDIT_WORDS = 5  # shorter sentences (headings, "Read more") are kept or deleted, never edited


@dataclass
class Document:
    """A rendered document and where each planted sentence starts."""

    text: str
    starts: list[int]  # character offset of each planted sentence, in order
    origins: list[int | None]  # for B: index into A's planted sentences, else None
    kinds: list[str]  # "kept", "edited" or "new" (A's sentences are all "orig")


def render(paragraphs: list[list[tuple[str, int | None, str]]]) -> Document:
    """Join sentences with a space and paragraphs with a blank line, recording offsets."""
    parts, starts, origins, kinds, pos = [], [], [], [], 0
    for p, para in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        for k, (sentence, origin, kind) in enumerate(para):
            if k:
                parts.append(" ")
                pos += 1
            starts.append(pos)
            origins.append(origin)
            kinds.append(kind)
            parts.append(sentence)
            pos += len(sentence)
    return Document("".join(parts), starts, origins, kinds)


def _append(paragraphs: list[list], row: tuple) -> None:
    """Add a sentence to the last paragraph, or open a new one if the segmenter would join the two
    (a heading such as "Starmer said:" followed by a new sentence)."""
    last = paragraphs[-1]
    if last and len(segment(f"{last[-1][0]} {row[0]}")) != 2:
        paragraphs.append([])
    paragraphs[-1].append(row)


class Generator:
    """Builds a document A of a given size and a later version B of it."""

    def __init__(self, seed: int = 20240601) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary()
        self.seed_paragraphs = seed_paragraphs()
        self.halves = [s.split() for p in self.seed_paragraphs for s in p if len(s.split()) >= 6]
        self.used: set[tuple[int, int]] = set()

    def fresh_sentence(self) -> str:
        """A new sentence unlike any other generated: two spliced seed halves, 40% spun."""
        rng, n = self.rng, len(self.halves)
        while True:
            i, j = rng.randrange(n), rng.randrange(n)
            if i == j or (i, j) in self.used:
                continue
            self.used.add((i, j))
            first, second = self.halves[i], self.halves[j]
            text = " ".join(first[: len(first) // 2] + second[len(second) // 2 :])
            text = _QUOTES_RE.sub("", text)  # unbalanced quotes would change sentence splitting
            sentence = self._one_sentence(lambda: _tidy(spin(text, FRESH_SPIN, self.vocab, rng)))  # noqa: B023 (make is only called within this iteration)
            if sentence is not None:
                return sentence

    def _one_sentence(self, make) -> str | None:
        """Call ``make`` until it gives something the segmenter reads as one sentence (None if it never does)."""
        for _ in range(20):
            text = make()
            if len(segment(text)) == 1:
                return text
        return None

    def document_a(self, words: int) -> list[list[str]]:
        """The five seeds' paragraphs, then generated paragraphs of 1–5 sentences, to ``words`` words."""
        paragraphs = [list(p) for p in self.seed_paragraphs]
        total = sum(word_count(s) for p in paragraphs for s in p)
        if total >= words:  # a smaller document: a prefix of the seeds
            out, total = [], 0
            for p in paragraphs:
                if total >= words:
                    break
                out.append(p)
                total += sum(word_count(s) for s in p)
            return out
        while total < words:
            para = [self.fresh_sentence() for _ in range(self.rng.randint(1, 5))]
            total += sum(word_count(s) for s in para)
            paragraphs.append(para)
        return paragraphs

    def edit_words(self, sentence: str) -> str:
        """1–3 word-level edits: replace, insert or delete a word."""
        rng = self.rng

        def make():
            words = sentence.split()
            for _ in range(rng.randint(1, 3 if len(words) >= 10 else 1)):
                op = rng.choice(("replace", "insert", "delete"))
                k = rng.randrange(len(words))
                if op == "replace":
                    tail = words[k][len(words[k].rstrip(".,;:!?")) :]
                    words[k] = _match_case(rng.choice(self.vocab), words[k]) + tail
                elif op == "insert":
                    words.insert(k + 1, rng.choice(self.vocab))
                elif len(words) > 3 and k + 1 < len(words):
                    del words[k]
            return _tidy(" ".join(words))

        return self._one_sentence(make) or sentence

    def documents(self, words: int) -> tuple[Document, Document]:
        """A of about ``words`` words and B, a later version of A."""
        rng = self.rng
        a_paragraphs = self.document_a(words)
        a_rows, b_paragraphs, n = [], [], 0
        for para in a_paragraphs:
            a_rows.append([(s, None, "orig") for s in para])
            new_paras: list[list] = [[]]
            for s in para:
                r = rng.random()
                if r < P_DELETE:
                    pass
                elif r < P_DELETE + P_EDIT and len(s.split()) >= MIN_EDIT_WORDS:
                    edited = self.edit_words(s)
                    _append(new_paras, (edited, n, "edited" if edited != s else "kept"))
                else:
                    _append(new_paras, (s, n, "kept"))
                if rng.random() < P_NEW_SENTENCE:
                    _append(new_paras, (self.fresh_sentence(), None, "new"))
                n += 1
            b_paragraphs.extend(p for p in new_paras if p)
            if rng.random() < P_NEW_PARAGRAPH:
                b_paragraphs.append([(self.fresh_sentence(), None, "new") for _ in range(rng.randint(1, 4))])
        for _ in range(round(P_MOVE_PARAGRAPH * len(b_paragraphs))):
            para = b_paragraphs.pop(rng.randrange(len(b_paragraphs)))
            b_paragraphs.insert(rng.randrange(len(b_paragraphs) + 1), para)
        return render(a_rows), render(b_paragraphs)
