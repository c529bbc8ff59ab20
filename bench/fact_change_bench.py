"""Precision and recall of the timeline's fact changes on the labelled set (issue 18, item 4).

Runs the timeline's real path on each item of tests/data/fact_changes.jsonl
(written by ``fact_change_set.py``): ``timeline([before, after],
order="given", lm="none")`` and the after entry's ``fact_changes``, scored
by ``_fact_eval`` (a report is right when its type matches a labelled
change's and its before and after texts agree with the label's as words:
equal, or one a run of the other's words).  Prints precision and recall
overall and per type, then the same for ``facts.fact_changes`` on the two
whole texts (no aligner: a diagnosis of the pairing alone), the wrong
reports and missed changes with ``-v``, and the time per item.

    python bench/fact_change_bench.py [-v] [--data other.jsonl]   # e.g. a hold-out from fact_change_set.py --seed

Target (tests/test_fact_change_set.py asserts it): precision ≥ 0.95 and
recall ≥ 0.9 overall, on the timeline's path.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _fact_eval
from _corpus import ROOT

DATA = ROOT / "tests" / "data" / "fact_changes.jsonl"


def main(argv: list[str]) -> None:
    data = Path(argv[argv.index("--data") + 1]) if "--data" in argv else DATA
    items = _fact_eval.load(data)
    positives = sum(len(it["changes"]) for it in items)
    negatives = sum(1 for it in items if not it["changes"] or "distractor" in it.get("kind", ""))
    print(f"{len(items)} items: {positives} labelled changes, {negatives} negative items (no change, or a distractor)\n")
    for name, report in (("timeline (the real path)", _fact_eval.timeline_reports),
                         ("facts.fact_changes on the whole texts", _fact_eval.whole_text_reports)):
        t0 = time.perf_counter()
        score = _fact_eval.evaluate(items, report)
        elapsed = time.perf_counter() - t0
        print(f"## {name}: {elapsed / len(items) * 1000:.1f} ms an item")
        print(score.table())
        print("wrong reports by kind of item:", dict(Counter(k for _, k, _ in score.wrong)))
        print("missed changes by kind of item:", dict(Counter(k for _, k, _ in score.missed)))
        if "-v" in argv:
            for item_id, kind, r in score.wrong:
                print(f"  wrong  {item_id} {kind:<20} {r[0]}: {r[1]!r} → {r[2]!r}")
            for item_id, kind, label in score.missed:
                print(f"  missed {item_id} {kind:<20} {label['type']}: {label['before']!r} → {label['after']!r}")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
