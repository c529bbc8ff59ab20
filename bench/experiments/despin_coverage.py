"""De-spinning when the spinner's dictionary is not ours: lexicon coverage and what it costs.

``bench/despin_bench.py`` spins text with the de-spinner's own lexicon, so
every spun word's original is among its candidates: it measures the choice
of candidate, not the lexicon.  A real spinner has its own dictionary.  This
script measures the difference, in three parts:

1. **Coverage of a real spinner's swaps.**  ``tools/build_thesaurus.py``
   holds a test list of 86 (original, spun) pairs seen in spun news (seed
   000's spinner).  How many does our lexicon list?  And, where Debian's
   ``aiksaurus`` is installed (a Moby-derived thesaurus under the GPL,
   measured here only, never shipped), how many does it relate?
2. **Restoration with partial coverage.**  The trigram path (``lm="trigram"``,
   forced) cleans spun copies of seeds 001-004 (rates 0.15, 0.25, 0.35, three
   spinner seeds each, as Path 3 of despin_bench) while the de-spinner sees a
   *thinned* lexicon: each (form, original) link is kept with probability
   ``keep`` (a fixed hash, so runs repeat).  ``keep`` = 0.5 is close to the
   real spinner's coverage in part 1.
3. **A plausibility check** (``--plausibility``, about a minute more): would
   rejecting a repair whose winning candidate reads much worse than the best
   of the 3,000 commonest words in its slot remove the wrong repairs that
   partial coverage causes?

Each repair is labelled by the spinner's record: *restored* (the change's
original is back), *third word* (a spun word turned into another wrong
word) or *wrong* (a word the spinner left alone was changed).  For the word
error rate a restored word removes an error, a wrong change adds one and a
third word changes nothing.

    .venv/bin/python bench/experiments/despin_coverage.py [--plausibility]
"""

from __future__ import annotations

import argparse
import bisect
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from functools import partial

import spinner
from _corpus import seed_texts
from _despin import TARGET_RATES, spin_seed
from build_thesaurus import TEST_LIST

import articlediff

#: This experiment measured what de-spinning proposes, every proposal applied (``min_confidence=0``, what ``clean``
#: did before the confidence bar of issue 17); which proposals are right, and the bar, are measured
#: by despin_calibration.py.
clean = partial(articlediff.clean, min_confidence=0.0)
from articlediff.normalise import despin
from articlediff.normalise.lexicon import load_thesaurus
from articlediff.segment import iter_words

KEEP_SHARES = (1.0, 0.75, 0.5)
REPLICATES = 3
#: The plausibility check compares a candidate with the commonest words the trigram model knows.
COMMON_WORDS = 3000
PLAUSIBILITY_CUTS = (2.0, 4.0, 6.0, 8.0, None)
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def our_coverage() -> tuple[int, list[tuple[str, str]]]:
    table = load_thesaurus()
    misses = [(o, s) for o, s in TEST_LIST if o not in table.get(s, ())]
    return len(TEST_LIST) - len(misses), misses


def aiksaurus_related(word: str) -> set[str]:
    """Every word in any of ``word``'s meaning groups in Aiksaurus (lower case); empty if it has none."""
    out = subprocess.run(["aiksaurus", word], capture_output=True, text=True, check=False).stdout
    if "No synonyms known" in out:
        return set()
    return {w.strip().lower() for line in out.splitlines() if not line.startswith("===") for w in line.split(",") if w.strip()}


def coverage_part() -> None:
    hits, misses = our_coverage()
    print(f"1. Coverage of the observed spinner's {len(TEST_LIST)} swaps")
    print(f"   our lexicon (WordNet 3.0 + MyThes): {hits}/{len(TEST_LIST)} ({hits / len(TEST_LIST):.0%})")
    if shutil.which("aiksaurus") is None:
        print("   aiksaurus: not installed (apt-get install aiksaurus to measure it; GPL data, never shipped)")
        return
    related = [(o, s) for o, s in TEST_LIST if s in aiksaurus_related(o) or o in aiksaurus_related(s)]
    gained = [pair for pair in related if pair in misses]
    print(f"   Aiksaurus (Moby-derived, GPL-2+), base forms only: {len(related)}/{len(TEST_LIST)}")
    print(f"   union: {hits + len(gained)}/{len(TEST_LIST)} ({(hits + len(gained)) / len(TEST_LIST):.0%});"
          f" Aiksaurus adds {', '.join(f'{o}->{s}' for o, s in gained)}")
    print(f"   still missed by both: {len(misses) - len(gained)}")


def thinned(keep: float) -> dict[str, tuple[str, ...]]:
    """The lexicon with each (form, original) link kept with probability ``keep``, by a fixed hash."""
    full = load_thesaurus()
    if keep >= 1:
        return full
    out = {}
    for form, originals in full.items():
        kept = tuple(o for o in originals if zlib.crc32(f"{form}|{o}".encode()) % 1000 < keep * 1000)
        if kept:
            out[form] = kept
    return out


def label(spun: str, changes: list[spinner.Change], repairs) -> list[tuple[str, object]]:
    """Each despin repair with its label: "restored", "third word" or "wrong"."""
    starts = [w.start for w in iter_words(spun)]
    out = []
    for r in repairs:
        if r.stage != "despin":
            continue
        i = bisect.bisect_right(starts, r.start) - 1
        j = bisect.bisect_left(starts, r.end)
        hit = next((c for c in changes if c.spun_start < j and i < c.spun_end), None)
        if hit is None:
            out.append(("wrong", r))
        else:
            out.append(("restored" if r.after.lower() == hit.original.lower() else "third word", r))
    return out


def restoration(keep: float):
    """Counts over the copies, and the labelled repairs with the spun text they were made in."""
    table = thinned(keep)
    original_table = despin.load_thesaurus
    despin.load_thesaurus = lambda: table
    counts, rows = Counter(), []
    try:
        texts = seed_texts()
        for name in ("001", "002", "003", "004"):
            for rate in TARGET_RATES:
                for rep in range(REPLICATES):
                    spun, changes = spinner.spin(texts[name], rate, spin_seed(name, rate, rep))
                    result = clean(spun, stages="despin", force_despin=True, lm="trigram")
                    counts["changes"] += len(changes)
                    counts["unspun words"] += len(list(iter_words(spun))) - sum(c.spun_end - c.spun_start for c in changes)
                    for kind, repair in label(spun, changes, result.repairs):
                        counts[kind] += 1
                        rows.append((kind, repair, spun))
    finally:
        despin.load_thesaurus = original_table
    return counts, rows


def summary(counts: Counter, kinds: Counter | None = None) -> str:
    k = kinds or counts
    made = k["restored"] + k["third word"] + k["wrong"]
    wrong = 100 * k["wrong"] / counts["unspun words"]
    return (f"restored {k['restored'] / counts['changes']:6.1%} of changes | third word {k['third word']:4d} |"
            f" wrong {wrong:.2f}/100 unspun words | precision {k['restored'] / max(1, made):.2f} |"
            f" errors removed {k['restored'] - k['wrong']:5d}")


def plausibility(rows, lm) -> list[tuple[str, float]]:
    """Each repair's deficit: how much better the best of the commonest words reads in its slot (2 words each side)."""
    from articlediff.normalise.wordstats import unigrams

    common = [w for w, _ in sorted(unigrams().items(), key=lambda x: -x[1]) if w.isalpha() and lm.knows(w)][:COMMON_WORDS]
    out = []
    for kind, repair, spun in rows:
        before = list(_WORD.finditer(spun, 0, repair.start))[-2:]
        after = list(_WORD.finditer(spun, repair.end))[:2]
        prefix = spun[before[0].start() if before else repair.start : repair.start]
        suffix = spun[repair.end : after[-1].end() if after else repair.end]
        scores = lm.variant_log_likelihoods(prefix, [repair.after, *common], suffix)
        out.append((kind, max(scores[1:]) - scores[0]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plausibility", action="store_true", help="also measure the plausibility check (part 3)")
    args = parser.parse_args()
    coverage_part()
    print(f"\n2. Trigram path, forced, on {4 * len(TARGET_RATES) * REPLICATES} spun copies of seeds 001-004 (rates"
          f" {', '.join(map(str, TARGET_RATES))}), with a thinned lexicon")
    runs = {}
    for keep in KEEP_SHARES:
        counts, rows = restoration(keep)
        runs[keep] = (counts, rows)
        print(f"   keep {keep:4.2f}: {summary(counts)}")
    if not args.plausibility:
        return
    from articlediff.normalise.ngram import load_trigram_model

    lm = load_trigram_model()
    print(f"\n3. Rejecting repairs whose candidate reads worse than the best of the {COMMON_WORDS:,} commonest words"
          " by more than a cut")
    for keep in (1.0, 0.5):
        counts, rows = runs[keep]
        deficits = plausibility(rows, lm)
        for cut in PLAUSIBILITY_CUTS:
            kinds = Counter(kind for kind, d in deficits if cut is None or d <= cut)
            print(f"   keep {keep:4.2f}, cut {'none' if cut is None else f'{cut:.0f} nats':>7}: {summary(counts, kinds)}")


if __name__ == "__main__":
    main()
