"""Seed 000, a real spun article: what ``clean`` applies and suggests, with and without a learned profile.

Two of issue 17's targets are about the one real spun article we have:

a. *Without any reference or profile*, the lines of 000 that 001 does not
   contain must read better, not worse.  There is no source for those
   lines, so every applied repair there is printed for a reader to judge;
   the script counts them by stage, and counts the de-spin suggestions.
b. *With a profile learned from 000 ↔ 001 alone*, how much of the rest of
   000 it restores: the profile's applied repairs and suggestions on the
   lines 001 has no counterpart for, each printed with its evidence.

    .venv/bin/python bench/despin_seed000.py            # about 5 s
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import seed_texts

from articlediff import clean
from articlediff.align import align_sentences
from articlediff.normalise.profile import learn_profile
from articlediff.segment import segment


def source_lines(spun: str, source: str) -> set[int]:
    """Line numbers (0-based) of ``spun`` that hold a sentence aligned with ``source``."""
    mine = segment(spun)
    lines = set()
    for match in align_sentences(mine, segment(source)):
        for s in mine[match.a.start : match.a.stop]:
            lines.add(spun.count("\n", 0, s.start))
    return lines


def show(title: str, text: str, cleaned, keep_lines: set[int], stage: str | None = None) -> Counter:
    """Print the repairs and suggestions outside ``keep_lines``; return counts by kind."""
    counts: Counter = Counter()
    print(title)
    for kind, rows in (("applied", cleaned.repairs), ("suggested", cleaned.suggestions)):
        for r in rows:
            line = text.count("\n", 0, r.start)
            if line in keep_lines or (stage and r.stage != stage):
                continue
            counts[kind, r.stage] += 1
            print(f"   {kind:9} line {line + 1:>3} [{r.stage}] {r.before!r} → {r.after!r} ({r.confidence:.2f})")
            if r.stage == "despin":
                print(f"             {r.reason}")
    print("   counts:", ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(counts.items())) or "none")
    print()
    return counts


def main() -> None:
    texts = seed_texts()
    spun, source = texts["000"], texts["001"]
    confirmed = source_lines(spun, source)
    lines = spun.count("\n") + 1
    print(f"seed 000: {lines} lines, {len(confirmed)} of them with a counterpart sentence in 001\n")
    show("a. clean(000), default (no reference, no profile), on the lines 001 does not contain", spun, clean(spun), confirmed)
    profile = learn_profile(spun, source, label="000~001")
    print(f"b. a profile learned from 000 ↔ 001 alone: {len(profile)} swaps\n")
    cleaned = clean(spun, spinner=profile)
    counts = show("   clean(000, spinner=profile), profile repairs on the lines 001 does not contain", spun, cleaned,
                  confirmed, stage="despin")  # fmt: skip
    profile_applied = sum(1 for r in cleaned.repairs if r.reason.startswith("spinner profile"))
    print(f"   profile repairs applied on all of 000: {profile_applied}; outside 001's lines: "
          f"{counts['applied', 'despin']} applied, {counts['suggested', 'despin']} suggested")  # fmt: skip


if __name__ == "__main__":
    main()
