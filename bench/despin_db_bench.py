"""``clean --db``: is a spun copy's source found in a corpus index, and how much of the spinning does it undo?

Why: issue 17 asks that "``clean --db`` finds the source and restores ≥ 90%
of the spun words when the source is indexed".  The index holds seeds
001-004 and the 321 Lee news stories of ``make_corpus.py`` (real ABC news
of 2001-2002, read from gensim's test data; distinct from one another),
with their text stored (``store_text=True``).  Spun copies are made with
``bench/spinner.py`` at rates 0.15, 0.25 and 0.35: of each seed, three
spinner seeds a rate (the copies of ``despin_bench.py``), and of 20 news
stories (every 16th), one a rate.  Each copy is looked up with
:func:`articlediff.index.find_source` and cleaned with the found text as
``reference=`` (all stages), and scored as ``despin_bench.py`` scores its
"all stages, reference=original" mode (``_despin.score_copy``: a spun word
is restored when the cleaned text has the original's words there).

Printed per rate and pooled: copies whose right source was found (the
stored document the copy was made from; and, for comparison, how often
the index's own order, its first ``near`` or ``spun`` match, would have
found it), spun words, the share restored
with the found source, with the original given by hand (the ceiling), and
words wrongly changed per 100 untouched.  Then the same seed copies once
an earlier spun copy of each seed (another spinner seed, rate 0.35) is
indexed too: the original must still win.  Last, the real spun article
(seed 000, a spun copy of the first part of seed 001) looked up.

    .venv/bin/python -m pip install --no-deps gensim   # real text for make_corpus (read as data)
    .venv/bin/python bench/despin_db_bench.py            # about 11 s (word pairs, lm="none")
    .venv/bin/python bench/despin_db_bench.py --lm trigram   # the CLI's default model (about 26 s)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spinner  # noqa: E402
from _corpus import seed_texts  # noqa: E402
from _despin import NON_DESPIN, TARGET_RATES, WP, Tally, score_copy, spin_seed  # noqa: E402
from make_corpus import distinct_pool  # noqa: E402

from articlediff import clean  # noqa: E402
from articlediff.index import Index, find_source  # noqa: E402
from articlediff.read import Document  # noqa: E402

SEEDS = ("001", "002", "003", "004")
REPLICATES = 3
NEWS_COPIES = 20
TARGET = 0.90


def copies(texts: dict[str, str], news: list[str]) -> list[tuple[str, float, int, str]]:
    """(source id, rate, spinner seed, original text) of every copy to make."""
    out = [(f"seed-{n}", r, spin_seed(n, r, k), texts[n]) for n in SEEDS for r in TARGET_RATES for k in range(REPLICATES)]
    for j, name in enumerate(news[:NEWS_COPIES]):
        out += [(name, r, 7_000_000 + 100 * j + round(100 * r), texts[name]) for r in TARGET_RATES]
    return out


def run(index: Index, plan, lm: str, with_ceiling: bool) -> dict:
    """Per (kind, rate): [copies, right source found, Tally with the found source, Tally with the original,
    copies whose first near or spun match in the index's own order is the right source]."""
    out: dict = {}
    for source_id, rate, seed, original in plan:
        spun, changes = spinner.spin(original, rate, seed)
        found = find_source(index, spun)
        kind = "seeds" if source_id.startswith("seed-") else "news"
        row = out.setdefault((kind, rate), [0, 0, Tally(), Tally(), 0])
        row[0] += 1
        row[1] += found is not None and found.id == source_id
        first = next((m for m in index.query(Document(text=spun)) if m.relation in ("near", "spun")), None)
        row[4] += first is not None and first.id == source_id
        target = clean(original, stages=NON_DESPIN, lm=WP).text
        base = clean(spun, stages=NON_DESPIN, lm=WP).text
        cleaned = clean(spun, reference=found.text if found else None, lm=lm).text
        row[2].add(score_copy(original, spun, changes, target, base, cleaned))
        if with_ceiling:
            by_hand = clean(spun, reference=original, lm=lm).text
            row[3].add(score_copy(original, spun, changes, target, base, by_hand))
    return out


def report(title: str, results: dict, with_ceiling: bool) -> None:
    print(title)
    head = (
        f"   {'copies of':<9} {'rate':>5} {'copies':>6} {'source found':>12} {'(index order)':>13} {'spun words':>10} "
        f"{'restored':>9} {'wrong/100':>9}"
    )
    print(head + (f" {'by hand':>8}" if with_ceiling else ""))
    for kind in ("seeds", "news"):
        pool = [0, 0, Tally(), Tally(), 0]
        rows = [(rate, results[(kind, rate)]) for rate in TARGET_RATES if (kind, rate) in results]
        for rate, (n, right, t, hand, naive) in rows + [(None, pool)]:
            if rate is not None:
                pool[0] += n
                pool[1] += right
                pool[2].add(t)
                pool[3].add(hand)
                pool[4] += naive
            elif not rows:
                continue
            label = f"{rate:>5.2f}" if rate is not None else "  all"
            line = (
                f"   {kind:<9} {label} {n:>6} {right:>6}/{n:<5} {naive:>7}/{n:<5} {t.spun_words:>10,} {t.restored:>9.1%} "
                f"{t.wrong_per_100:>9.2f}"
            )
            print(line + (f" {hand.restored:>8.1%}" if with_ceiling else ""))
    print("   'source found': find_source chose the document the copy was made from; '(index order)': the first near or")
    print("   spun match of Index.query would have; 'by hand': restored with the original itself as the reference.\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lm", default=WP, help="clean's model: none (word pairs, the default here), trigram (the CLI default)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    texts = {n: t for n, t in seed_texts().items()}
    news = [t for t in distinct_pool() if t.origin == "news" and not t.name.startswith("seed-")]
    for t in news:
        texts[t.name] = t.render()
    chosen = [t.name for t in news][::16]
    docs = [Document(id=f"seed-{n}", text=texts[n], path=f"seeds/{n}.txt") for n in SEEDS]
    docs += [Document(id=t.name, text=texts[t.name], path=f"news/{t.name}.txt") for t in news]
    plan = copies(texts, chosen)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "corpus.sqlite"
        with Index(db) as index:
            index.add(docs, store_text=True)
            print(f"Index: {len(index):,} documents (seeds 001-004 and {len(news)} Lee news stories), texts stored; "
                  f"clean lm={args.lm!r}\n")
            first = run(index, plan, args.lm, with_ceiling=True)
            report("1. Spun copies, their sources indexed", first, with_ceiling=True)
            earlier = [
                Document(id=f"earlier-spin-{n}", text=spinner.spin(texts[n], 0.35, 9_000 + int(n))[0], path=f"spun/{n}.txt")
                for n in SEEDS
            ]
            index.add(earlier)
            seeds_only = [c for c in plan if c[0].startswith("seed-")]
            second = run(index, seeds_only, args.lm, with_ceiling=False)
            report("2. The same seed copies, an earlier spun copy of each seed indexed too", second, with_ceiling=False)
            real = find_source(index, texts["000"])
            print("3. Real spin, seed 000 (a spun copy of the first part of seed 001): "
                  + (f"found {real.id} ({real.relation}, similarity {real.similarity:.2f})" if real else "no source found"))
    pooled = Tally()
    for kind in ("seeds", "news"):
        for rate in TARGET_RATES:
            pooled.add(first[(kind, rate)][2])
    found = sum(v[1] for v in first.values())
    total = sum(v[0] for v in first.values())
    met = pooled.restored >= TARGET and found == total
    print(f"\nTarget: clean --db finds the source and restores >= {TARGET:.0%} of the spun words: "
          f"{found}/{total} sources found, {pooled.restored:.1%} restored: {'met' if met else 'missed'}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
