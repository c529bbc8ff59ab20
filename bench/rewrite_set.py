"""Write tests/data/rewrites.jsonl: rewrites of real news, unrelated news and same-event pairs, labelled (issue 21).

The test suite (tests/test_rewrites.py) holds ``dedup``'s rewrite relation
and ``check``'s ``rewrite`` verdict to issue 21's targets on this file
without gensim: the texts are in it.

* ``source`` / ``rewrite``: ``--sources`` distinct Lee news stories (gensim's
  test data, read as data: ``make_corpus.distinct_pool``) and a scripted
  rewrite of each (:func:`rewrite_links.rewrite`: sentences reordered,
  merged and split, attributions moved, a clause made passive, phrases
  paraphrased, 30% of the eligible words swapped for synonyms, numbers
  reformatted); a rewrite names its source in ``of``;
* ``other``: ``--distractors`` other stories, no copy of any;
* ``same_event``: pairs of Lee stories (``event`` rows, ids in ``a`` and
  ``b``) that report one event independently: the ``SAME_EVENTS`` pairs of
  distinct stories sharing the most telling words, all read (the list is in
  ``SAME_EVENTS``'s comment).  Neither is a copy of the other: what the tool
  says of them is measured, and the target is nothing.

Each line: ``{"id", "kind", "text"}`` (``of`` for a rewrite), or ``{"kind":
"same_event", "a", "b", "telling"}``.  Everything is seeded.

    python bench/rewrite_set.py            # write the file and print its counts
    python bench/rewrite_set.py --seed 3 --out /tmp/holdout.jsonl   # another draw, for a hold-out
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus
import rewrite_links

from articlediff.dedup.verify import rewrite_similarity
from articlediff.matching import matching_view

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "rewrites.jsonl"
#: Same-event pairs kept: the pairs of distinct Lee news stories sharing the most telling words.  Read when the
#: file was written: all twelve are independent reports of one event or one running story (a holiday road toll;
#: the HIH royal commission; the first cricket Test; the Qantas maintenance dispute; the Democrats' leadership;
#: Israeli strikes; the Governor-General's abuse scandal; the Endeavour shuttle; the Interlaken canyoning trial;
#: David Hicks), none a copy of the other.  The most alike share 0.32 of their telling words.
SAME_EVENTS = 12


def same_event_pairs(pool: dict[str, str], count: int = SAME_EVENTS) -> list[tuple[float, str, str]]:
    """The ``count`` pairs of distinct stories of ``pool`` sharing the most telling words, most alike first."""
    views = {n: matching_view(t) for n, t in pool.items()}
    found = [(rewrite_similarity(views[a], views[b]), a, b) for a, b in itertools.combinations(sorted(pool), 2)]
    return sorted(found, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--distractors", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    texts, pairs = rewrite_links.build(args.sources, args.distractors, args.seed)
    of = {b: a for a, b in pairs}
    rows = []
    for name, text in sorted(texts.items()):
        kind = "rewrite" if name in of else "source" if name.startswith("src-") else "other"
        row = {"id": name, "kind": kind, "text": text}
        if name in of:
            row["of"] = of[name]
        rows.append(row)
    pool = {t.name: " ".join(t.render().split()) for t in make_corpus.distinct_pool() if t.origin == "news"}
    pool = {n: t for n, t in pool.items() if not n.startswith("seed-")}
    events = same_event_pairs(pool)
    for name in sorted({n for _, a, b in events for n in (a, b)}):
        rows.append({"id": f"ev-{name}", "kind": "event", "text": pool[name]})
    for j, a, b in events:
        rows.append({"kind": "same_event", "a": f"ev-{a}", "b": f"ev-{b}", "telling": round(j, 3)})
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.out}: {len(pairs)} sources with a rewrite, {args.distractors} other stories, {len(events)} same-event pairs")
    for j, a, b in events:
        print(f"  {j:.2f} {a}: {pool[a][:90]!r}\n       {b}: {pool[b][:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
