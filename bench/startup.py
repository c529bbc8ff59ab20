"""Start-up: the command line as its own process, as a user or a CI job runs it (issue 22).

Why: issue 22 asks for ``articlediff --help`` in at most 150 ms, ``compare``
of two 500-word files in at most 300 ms and a one-file ``check`` against a
100,000-document index in at most 250 ms, each as a process of its own: in a
CI job the process's start-up is the whole cost.  Each command runs
``--repeat`` times in a rotating order; the script prints each one's best
and median wall time and its CPU time (user + system, from ``wait4``), next
to the floor: a bare ``python -c pass`` in the same run.

The index is built once, with the library, from the synthetic documents of
``dedup_bench.py`` (12 real sentences each, 10% near copies), in a temporary
folder (or ``--db``, kept for another run).  The files compared are the
first paragraphs of seeds 002 and 003, about 500 words each; the file
checked is a document not in the index.  The cache folder
(``$ARTICLEDIFF_CACHE``) is warmed by one run of each command first, as on
any machine after the first use.

    .venv/bin/python bench/startup.py                 # 100,000 documents: about 3 minutes (the build)
    .venv/bin/python bench/startup.py --docs 10000    # quicker; the check's time barely depends on the size
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import seed_texts
from dedup_bench import synthetic
from make_corpus import make_corpus

from articlediff.index import Index

TARGETS = {"--help": 0.150, "compare": 0.300, "check": 0.250}


def first_words(text: str, words: int) -> str:
    """The first paragraphs of ``text`` holding at least ``words`` words."""
    kept, count = [], 0
    for paragraph in text.split("\n\n"):
        kept.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            break
    return "\n\n".join(kept) + "\n"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` as a process of its own."""
    t0 = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # check exits 1 when it finds something
        raise SystemExit(f"{' '.join(command)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the index checked against")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command")
    parser.add_argument("--db", type=Path, default=None, help="index file to use (built there if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = args.db or folder / "corpus.sqlite"
        documents, _ = make_corpus()
        if not db.exists():
            t0 = time.perf_counter()
            with Index(db) as index:
                index.add(synthetic(documents, args.docs))
            print(f"index of {args.docs:,} documents built in {time.perf_counter() - t0:.0f} s")
        seeds = seed_texts()
        a, b, new = folder / "a.txt", folder / "b.txt", folder / "new.txt"
        a.write_text(first_words(seeds["002"], 500), encoding="utf-8")
        b.write_text(first_words(seeds["003"], 500), encoding="utf-8")
        new.write_text(synthetic(documents, 1, seed=4242)[0].text, encoding="utf-8")
        cli = [sys.executable, "-m", "articlediff"]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [*cli, "--help"],
            "compare": [*cli, "compare", str(a), str(b)],
            "check": [*cli, "check", str(new), "--db", str(db)],
        }
        words = {name: len(p.read_text(encoding="utf-8").split()) for name, p in (("a", a), ("b", b))}
        for command in commands.values():  # warm the cache folder and the page cache
            timed(command)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        names = list(commands)
        for k in range(args.repeat):
            for name in names[k % len(names) :] + names[: k % len(names)]:
                runs[name].append(timed(commands[name]))
        load = os.getloadavg()[0]
        print(f"{args.repeat} runs each, rotating; compare of {words['a']} and {words['b']} words; "
              f"check against {args.docs:,} documents; load average {load:.2f}")
        print(f"{'command':<16} {'best wall':>10} {'median wall':>12} {'median CPU':>11} {'target':>8}")
        for name, times in runs.items():
            walls, cpus = [w for w, _ in times], [c for _, c in times]
            target = TARGETS.get(name)
            verdict = "" if target is None else f"{target * 1000:.0f} ms {'met' if min(walls) <= target else 'missed'}"
            print(f"{name:<16} {min(walls) * 1000:>8.0f} ms {statistics.median(walls) * 1000:>9.0f} ms "
                  f"{statistics.median(cpus) * 1000:>8.0f} ms  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
