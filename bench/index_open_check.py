"""What the structural check an index gets on every open costs, on a 10,000-document index.

Why: ``check`` and ``index add`` refuse a damaged index before using it
(issue 19), and the check they run on every open must cost at most 5 ms.
It builds an index of ``--docs`` documents (default 10,000: 12 sentences
of words drawn from the seed articles' vocabulary, so the file has the
pages a real one has) in a temporary folder, then opens it ``--repeat``
times and prints the median of:

- ``quick_structure``: the check every open runs (:mod:`articlediff.index.integrity`);
- a whole read-only open (``Index(path, readonly=True)``, the check included);
- SQLite's ``PRAGMA quick_check``, for comparison (why it is not run on every open);
- ``index check``'s full check (``check_index``), once.

    .venv/bin/python bench/index_open_check.py              # about a minute on 2 cores
    .venv/bin/python bench/index_open_check.py --docs 2000  # quicker
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from articlediff.index import Index
from articlediff.index.integrity import check_index, quick_structure
from articlediff.read import Document

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
TARGET_MS = 5.0


def documents(n: int, seed: int = 19) -> list[Document]:
    """``n`` documents of 12 sentences of 12-20 words from the seed articles' vocabulary."""
    words = sorted({w.lower() for p in SEEDS.glob("*.txt") for w in re.findall(r"[A-Za-z]{3,}", p.read_text(encoding="utf-8"))})
    rng = random.Random(seed)
    out = []
    for k in range(n):
        sentences = (" ".join(rng.choice(words) for _ in range(rng.randint(12, 20))).capitalize() + "." for _ in range(12))
        out.append(Document(id=f"doc{k}", text="\n\n".join(sentences), path=f"corpus/doc{k}.txt"))
    return out


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the index")
    parser.add_argument("--repeat", type=int, default=50, help="opens timed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "corpus.sqlite")
        start = time.perf_counter()
        with Index(path) as index:
            index.add(documents(args.docs), workers=1)
        size = Path(path).stat().st_size
        print(f"index: {args.docs:,} documents, {size / 1e6:.1f} MB, built in {time.perf_counter() - start:.1f} s")
        with Index(path, readonly=True) as index:
            conn = index._conn
            structure = median_ms(lambda: quick_structure(conn, path), args.repeat)
            quick = median_ms(lambda: conn.execute("PRAGMA quick_check").fetchall(), max(3, args.repeat // 10))
        whole = median_ms(lambda: Index(path, readonly=True).close(), args.repeat)
        start = time.perf_counter()
        problems = check_index(path)
        full = 1000 * (time.perf_counter() - start)
    verdict = "met" if structure <= TARGET_MS else "NOT met"
    print(f"structural check on open (quick_structure), median: {structure:.3f} ms (target {TARGET_MS:g} ms: {verdict})")
    print(f"whole read-only open (Index(path, readonly=True)), median: {whole:.2f} ms")
    print(f"PRAGMA quick_check, median: {quick:.1f} ms (not run on open)")
    print(f"index check (check_index: integrity_check and the invariants): {full:.0f} ms, {len(problems)} problems")
    return 0 if structure <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
