"""A labelled corpus of near-duplicates for engine tests, made from the seeds' sentences (deterministic).

Each *source* article is a random draw of seed sentences (two words of each
swapped for made-up ones, so sources differ), two sentences a paragraph.
Its *variants* are the kinds of copy dedup reports: an exact copy, a
re-typeset one (curly quotes, a paragraph in capitals), a truncated one, a
lightly edited one, a spun one (words swapped for thesaurus entries, as a
spinner does) and a partial one (two paragraphs quoted in another article).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from articlediff.normalise.lexicon import load_thesaurus

from .conftest import SEEDS
from .test_dedup_index import WORDS

KINDS = ("exact", "retypeset", "truncated", "edited", "spun", "partial")


def _sentences() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for s in re.split(r"(?<=[.!?])\s+", line.strip()):
                if len(s.split()) >= 8:
                    found.append(s)
    return found


def _article(rng: random.Random, pool: list[str]) -> str:
    chosen = []
    for s in rng.sample(pool, rng.randint(8, 14)):
        words = s.split()
        for _ in range(2):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        chosen.append(" ".join(words))
    return "\n\n".join(" ".join(chosen[k : k + 2]) for k in range(0, len(chosen), 2))


def _spin(text: str, rng: random.Random, thesaurus: dict) -> str:
    def swap(m: re.Match) -> str:
        word = m.group(0)
        options = thesaurus.get(word.lower())
        if options and rng.random() < 0.6:
            choice = rng.choice(options)
            return choice.capitalize() if word[0].isupper() else choice
        return word

    return re.sub(r"[A-Za-z]+", swap, text)


def variant(kind: str, text: str, rng: random.Random, pool: list[str], thesaurus: dict) -> str:
    paragraphs = text.split("\n\n")
    if kind == "exact":
        return text
    if kind == "retypeset":
        return "\n\n".join([paragraphs[0].upper(), *paragraphs[1:]]).replace("'", "\u2019")
    if kind == "truncated":
        return "\n\n".join(paragraphs[: max(1, len(paragraphs) * 3 // 4)])
    if kind == "edited":
        words = text.split(" ")
        for _ in range(max(1, len(words) // 25)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        return " ".join(words)
    if kind == "spun":
        return _spin(text, rng, thesaurus)
    host = _article(rng, pool).split("\n\n")
    quoted = [p for p in paragraphs if len(p.split()) >= 20][:2] or paragraphs[:1]
    return "\n\n".join([*host[:2], *quoted, *host[2:]])


def labelled_corpus(folder: Path, sources: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """Write ``sources`` articles and their variants to ``folder`` and return the labels ``(source id, variant id, kind)``.

    Half the documents are text files in sub-folders, half are lines of
    ``corpus.jsonl``, which also holds a repeated id, a line without a
    ``text`` field, a blank line and some ``date`` fields.
    """
    rng = random.Random(seed)
    pool = _sentences()
    thesaurus = load_thesaurus()
    labels = []
    documents = []
    for s in range(sources):
        text = _article(rng, pool)
        source = f"s{s:04d}"
        documents.append((source, text))
        for kind in rng.sample(KINDS, rng.randint(1, 3)):
            vid = f"{source}-{kind}"
            documents.append((vid, variant(kind, text, rng, pool, thesaurus)))
            labels.append((source, vid, kind))
    rng.shuffle(documents)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for k, (doc_id, text) in enumerate(documents):
        if k % 2:
            (folder / f"part{k % 3}").mkdir(exist_ok=True)
            (folder / f"part{k % 3}" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        else:
            record = {"id": doc_id, "text": text}
            if k % 7 == 0:
                record["date"] = f"2025-0{1 + k % 9}-1{k % 10}"
            lines.append(json.dumps(record))
            if k % 101 == 0:
                lines.append(json.dumps({"id": doc_id, "text": text + " A later line."}))  # the same id again
    lines.insert(len(lines) // 2, '{"id": "broken", "txt": "no text field"}')
    lines.insert(len(lines) // 3, "")
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return labels
