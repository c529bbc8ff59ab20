"""The local engine on the one dedup flow against the local orchestration it replaced: time, memory, clusters.

Why: issue 16 asked for one dedup orchestration over an engine interface
instead of a local orchestration and a partitioned one.  The local engine
then runs the partitioned flow (shuffles and all) in one process, which
first cost 1.3x the time and 2.6x the memory of the old local code at
100,000 documents; views spilled to disk, band keys shuffled a few bands
at a time, keys salted by band and a sort-based unique brought it to
parity.  This script is how that was measured: each run is a process of
its own (peak RSS is its own ``VmHWM``), on the synthetic JSONL corpus of
``scale_bench.py`` (12 real sentences a document, 10% near-duplicates), and
every run must give the same clusters.

``--before`` is the ``src`` folder of a checkout from before the change
(commit 6a01260), so both run side by side on one machine::

    git worktree add /tmp/before 6a01260
    .venv/bin/python -m pip install --no-deps gensim   # the real sentences (read as data)
    .venv/bin/python bench/experiments/one_flow.py --before /tmp/before/src --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
SRC = BENCH.parent / "src"


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def run_one(path: str, workers: int) -> dict:
    """One dedup of ``path`` in this process (``--run``), with whichever articlediff is first on the path."""
    from articlediff.dedup import dedup

    t0 = time.perf_counter()
    result = dedup([path], workers=workers)
    wall = time.perf_counter() - t0
    clusters = json.dumps(result.to_dict(passages=True)["clusters"], sort_keys=True).encode()
    return {"wall": round(wall, 1), "rss": _rss_mb(), "digest": hashlib.sha256(clusters).hexdigest()[:12]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=False, help="src folder of a checkout from before the change")
    parser.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[10_000, 100_000])
    parser.add_argument("--workers", type=lambda v: [int(x) for x in v.split(",")], default=[1, 2])
    parser.add_argument("--run", nargs=2, metavar=("PATH", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run[0], int(args.run[1]))))
        return 0
    sys.path.insert(0, str(BENCH))
    from scale_bench import write_corpus

    builds = [("before", args.before), ("one flow", str(SRC))] if args.before else [("one flow", str(SRC))]
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = write_corpus(n, folder)
            print(f"{n:,} documents ({path.stat().st_size / 1e6:.0f} MB of JSONL)")
            digests = set()
            for workers in args.workers:
                for label, src in builds:
                    env = {**os.environ, "PYTHONPATH": src}
                    ran = subprocess.run([sys.executable, __file__, "--run", str(path), str(workers)], env=env,
                                         capture_output=True, text=True, check=False)
                    if ran.returncode:
                        print(ran.stderr[-2000:])
                        return 1
                    found = json.loads(ran.stdout)
                    digests.add(found["digest"])
                    plural = "s" if workers > 1 else " "
                    print(f"   {label:<9} {workers} worker{plural}: {found['wall']:6.1f} s, peak RSS {found['rss']:,} MB")
            print(f"   same clusters in every run: {'yes' if len(digests) == 1 else 'NO'} ({', '.join(sorted(digests))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
