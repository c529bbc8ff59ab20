"""Compare articlediff's sentence segmenter with pysbd and syntok.

Measures, for each segmenter, on the five seed articles and on a document of
about 100,000 words (the seeds concatenated until long enough):

* time to segment (best of ``--repeat`` runs);
* whether its character offsets reproduce the text exactly
  (``text[start:end]`` equals the sentence it returns; for syntok also each
  token's ``text[offset:offset + len(value)] == value``);
* whether its sentences partition the text (no overlaps, no non-space
  character outside every sentence);
* how it splits the seed quirks listed in ``QUIRKS``.

pysbd and syntok are not dependencies of articlediff: run this in a
throwaway virtual environment, never in the project's ``.venv``::

    python3 -m venv /tmp/segvenv
    /tmp/segvenv/bin/pip install -e . pysbd syntok
    /tmp/segvenv/bin/python bench/experiments/segmenter_compare.py

It prints Markdown tables (the ones in docs/segmentation.md).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, whatever is installed

import pysbd  # noqa: E402
from syntok import segmenter as syntok_segmenter  # noqa: E402

from articlediff.matching import matching_key  # noqa: E402
from articlediff.segment import segment  # noqa: E402

SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))

#: (name, text, expected sentences).  The first and last come from seed 001
#: as they are in the file (minus the list number before the heading).
QUIRKS = [
    (
        "glued timestamp (001)",
        "That's a wrap - but there's more to readpublished at 17:23 Greenwich Mean Time\n\n"
        "    We've just heard from UK Prime Minister Keir Starmer and Nato Secretary General Mark Rutte, "
        "as they discussed support for Ukraine, a new UK-EU partnership and tariffs.",
        [
            "That's a wrap - but there's more to read",
            "published at 17:23 Greenwich Mean Time",
            "We've just heard from UK Prime Minister Keir Starmer and Nato Secretary General Mark Rutte, "
            "as they discussed support for Ukraine, a new UK-EU partnership and tariffs.",
        ],
    ),
    (
        "abbreviations, acronym, initials",
        "Mr. Smith went to the U.S. The president met J. K. Rowling.",
        ["Mr. Smith went to the U.S.", "The president met J. K. Rowling."],
    ),
    (
        "quotation with attribution",
        '"We will go. We must," he said.',
        ['"We will go. We must," he said.'],
    ),
    (
        "byline lines (001)",
        "Vicki Young\n    Deputy political editor\n\n"
        "    Keir Starmer treaded carefully when asked whether his attempted rapprochement with the EU "
        "might upset US President Donald Trump.",
        [
            "Vicki Young",
            "Deputy political editor",
            "Keir Starmer treaded carefully when asked whether his attempted rapprochement with the EU "
            "might upset US President Donald Trump.",
        ],
    ),
]


#: Constructed inputs that stress offsets: repeated punctuation and whitespace, contractions.
PROBES = [
    "Prices rose .... Then they fell.",
    "He left.\t\tThen  she  came.   Then he did.",
    "Wait...  what?  No.",
    "The UK won’t re-join. We don't know.",
]


# Each adapter returns (spans, rewritten): spans are (start, end, sentence as the
# segmenter gives it); rewritten counts tokens whose value is not the text at their offset.


def run_articlediff(text: str):
    matching_key.cache_clear()  # time a cold start, as for a new process
    return [(s.start, s.end, s.text) for s in segment(text)], 0


_PYSBD = pysbd.Segmenter(language="en", clean=False, char_span=True)


def run_pysbd(text: str):
    return [(s.start, s.end, s.sent) for s in _PYSBD.segment(text)], 0


def run_syntok(text: str):
    spans, rewritten = [], 0
    for paragraph in syntok_segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if not tokens:
                continue
            for t in tokens:
                if text[t.offset : t.offset + len(t.value)] != t.value:
                    rewritten += 1
            own = tokens[0].value + "".join(t.spacing + t.value for t in tokens[1:])
            spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value), own))
    return spans, rewritten


SEGMENTERS = {"articlediff": run_articlediff, "pysbd": run_pysbd, "syntok": run_syntok}


def check(text: str, spans, rewritten: int) -> dict:
    """Offset fidelity and partition checks for one segmentation of ``text``."""
    mismatched = sum(1 for s, e, own in spans if text[s:e] != own)
    overlaps = sum(1 for (_, e1, _), (s2, _, _) in zip(spans, spans[1:]) if s2 < e1)
    covered = bytearray(len(text))
    for s, e, _ in spans:
        covered[s:e] = b"\x01" * (e - s)
    outside = sum(1 for i, ch in enumerate(text) if not covered[i] and not ch.isspace())
    return {"sentences": len(spans), "mismatched": mismatched + rewritten, "overlaps": overlaps, "outside": outside}


def best_time(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def big_document(words: int) -> str:
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    parts = [unit]
    while len("\n\n".join(parts).split()) < words:
        parts.append(unit)
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is kept (default 3)")
    parser.add_argument("--words", type=int, default=100_000, help="size of the long document (default 100000)")
    args = parser.parse_args()

    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    big = big_document(args.words)
    print(
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"pysbd {version('pysbd')}, syntok {version('syntok')}; "
        f"long document: {len(big.split()):,} words, {len(big):,} characters; best of {args.repeat} runs\n"
    )

    print("| segmenter | 5 seeds: time | sentences | offsets wrong | overlaps | non-space chars outside | "
          f"{len(big.split()) // 1000}k words: time | sentences | offsets wrong | overlaps | non-space chars outside |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, fn in SEGMENTERS.items():
        row = [name]
        for texts in (seeds, [big]):
            seconds = best_time(fn, texts, args.repeat)
            totals = {"sentences": 0, "mismatched": 0, "overlaps": 0, "outside": 0}
            for text in texts:
                for key, value in check(text, *fn(text)).items():
                    totals[key] += value
            row += [f"{seconds * 1000:,.0f} ms", *(f"{totals[k]:,}" for k in ("sentences", "mismatched", "overlaps", "outside"))]
        print("| " + " | ".join(row) + " |")

    print("\nSentences per seed:\n")
    print("| seed | " + " | ".join(SEGMENTERS) + " |")
    print("|---|" + "--:|" * len(SEGMENTERS))
    for path, text in zip(SEEDS, seeds):
        print(f"| {path.name[:3]} | " + " | ".join(str(len(fn(text)[0])) for fn in SEGMENTERS.values()) + " |")

    print("\nSeed quirks (ok = exactly the expected sentences):\n")
    print("| case | " + " | ".join(SEGMENTERS) + " |")
    print("|---|" + "---|" * len(SEGMENTERS))
    details = []
    for case, text, expected in QUIRKS:
        cells = []
        for name, fn in SEGMENTERS.items():
            got = [own.strip() for _, _, own in fn(text)[0]]
            cells.append("ok" if got == expected else f"wrong ({len(got)} sentences)")
            if got != expected:
                details.append(f"- {case}, {name}: {got!r}")
        print(f"| {case} | " + " | ".join(cells) + " |")
    if details:
        print("\nWhat the wrong ones returned:\n")
        print("\n".join(details))

    print("\nOffset probes (offsets wrong / overlaps / non-space chars outside; 0/0/0 is exact):\n")
    print("| text | " + " | ".join(SEGMENTERS) + " |")
    print("|---|" + "---|" * len(SEGMENTERS))
    for text in PROBES:
        cells = []
        for fn in SEGMENTERS.values():
            r = check(text, *fn(text))
            cells.append(f"{r['mismatched']}/{r['overlaps']}/{r['outside']}")
        print(f"| `{text!r}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
