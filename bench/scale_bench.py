"""Both dedup engines, local and dask, on growing corpora: time, memory and shuffle volume.

Why: the scale-out issue asks how each engine's cost grows with the corpus,
how much memory the client (driver) process needs, and how much data each
step of the dask engine moves between partitions, so docs/scaling.md can
project to 10M and 100M documents.

The corpus is ``dedup_bench.synthetic``: documents of 12 real sentences
(from ``make_corpus``'s pool), 10% of them near-duplicates of another,
written to one JSONL file.  Each run is a process of its own
(``--run``), so its peak memory is its own:

* **local**: ``dedup(path)`` with one worker process a core (the
  command line's default; its fingerprinting processes are short-lived
  forks and are not measured apart);
* **dask**: ``dedup(path, engine="dask")`` on a ``LocalCluster`` of
  ``--workers`` processes started by the run (the client process is the
  one measured; the workers' peaks are printed apart).  Partitions are
  sized by ``partitions.part_size``: 32 MB of input, smaller when that
  would leave a worker idle.

First, what one task costs the scheduler here (an empty shuffle: the
``P² + 2P`` tasks of 60 partitions), the figure docs/scaling.md projects
the scheduler's share with.  Printed per run: wall time, documents a second, peak RSS of the client
process (and of each worker for dask), clusters, and for dask the bytes
each shuffle step sends from a partition to another (an upper bound on
network traffic: on a cluster, pieces whose source and target sit on the
same worker do not cross the network).  Both engines must report the same
clusters; the bench checks it on every size.

``--index`` times ``index add`` instead, with each engine, and how much of
it the writing process spends in SQLite (the share that one writer cannot
spread over workers).

    .venv/bin/python -m pip install --no-deps gensim   # the real sentences (read as data)
    .venv/bin/python bench/scale_bench.py                            # 10k and 100k: about 6 minutes
    .venv/bin/python bench/scale_bench.py --sizes 1000000            # 1M: about 45 minutes, 1.7 GB of JSONL
    .venv/bin/python bench/scale_bench.py --index --sizes 100000     # index add with each engine: about 3 minutes
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM: unlike ru_maxrss, not inherited from the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fingerprint(result) -> str:
    """A digest of the clusters, to check that both engines found the same."""
    return hashlib.sha256(json.dumps(result.to_dict(passages=True)["clusters"], sort_keys=True).encode()).hexdigest()[:16]


def run_one(engine: str, path: str, workers: int) -> dict:
    """One run in this process (``--run``): the figures as a dict."""
    from articlediff.dedup import dedup

    if engine == "local":
        t0 = time.perf_counter()
        result = dedup([path])
        wall = time.perf_counter() - t0
        return {"wall": wall, "client_mb": _rss_mb(), "worker_mb": [], "summary": result.summary,
                "digest": _fingerprint(result), "volumes": {}}
    import distributed

    from articlediff.dedup import FingerprintConfig
    from articlediff.dedup.run import run
    from articlediff.engines.dask import OnDask

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        executor = OnDask(client)
        t0 = time.perf_counter()
        result = run([path], executor, FingerprintConfig())
        wall = time.perf_counter() - t0
        volumes = executor.volumes()
        timed = OnDask(client, timed=True)  # again, one step at a time, to see where the time goes
        run([path], timed, FingerprintConfig())
        times = timed.times()
        peaks = client.run(_rss_mb)
        tasks = len(client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.task_groups))
        partitions = len(client.run_on_scheduler(
            lambda dask_scheduler: [k for k in dask_scheduler.tasks if str(k).startswith("read_shard")]))
    return {"wall": wall, "client_mb": _rss_mb(), "worker_mb": sorted(peaks.values()), "summary": result.summary,
            "digest": _fingerprint(result), "volumes": volumes, "times": times, "task_groups": tasks, "partitions": partitions}


def index_one(engine: str, path: str, workers: int) -> dict:
    """``index add`` of ``path`` into a new index (``--index``): wall time, and the time the writing process spends writing."""
    from articlediff.index import Index

    writing = [0.0]
    add_batch = Index._add_batch

    def timed_batch(self, chunk, prints):
        t = time.perf_counter()
        try:
            return add_batch(self, chunk, prints)
        finally:
            writing[0] += time.perf_counter() - t

    Index._add_batch = timed_batch
    with tempfile.TemporaryDirectory() as folder, Index(Path(folder) / "index.sqlite") as index:
        t0 = time.perf_counter()
        if engine == "local":
            report = index.add([path])
        else:
            import distributed

            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0",
                                          silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
                report = index.add([path], engine="dask", client=client)
        wall = time.perf_counter() - t0
    return {"wall": wall, "writing": writing[0], "added": report.added, "client_mb": _rss_mb()}


def _pieces(k: int, parts: int) -> list[dict]:
    return [{} for _ in range(parts)]


def task_overhead(workers: int, parts: int = 60) -> float:
    """Seconds a task costs on this machine's LocalCluster: an empty shuffle of ``parts`` partitions (parts² + 2·parts tasks)."""
    import distributed

    from articlediff.engines.dask import OnDask

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        executor = OnDask(client)
        client.gather(executor.exchange("warm-up", _pieces, 4, range(4), parts=4))
        t0 = time.perf_counter()
        client.gather(executor.exchange("empty", _pieces, parts, range(parts), parts=parts))
        return (time.perf_counter() - t0) / (parts * parts + 2 * parts)


def write_corpus(n: int, folder: str) -> Path:
    from dedup_bench import synthetic
    from make_corpus import make_corpus

    documents, _ = make_corpus()
    path = Path(folder) / f"corpus-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for d in synthetic(documents, n):
            out.write(json.dumps({"id": d.id, "text": d.text}) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[10_000, 100_000])
    parser.add_argument("--engines", type=lambda v: v.split(","), default=["local", "dask"])
    parser.add_argument("--workers", type=int, default=2, help="processes of the dask LocalCluster")
    parser.add_argument("--index", action="store_true", help="time `index add` (both engines) instead of dedup")
    parser.add_argument("--run", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps((index_one if args.index else run_one)(args.run[0], args.run[1], args.workers)))
        return 0
    if args.index:
        return index_main(args)
    print(f"scale bench: {os.cpu_count()} cores, dask LocalCluster of {args.workers} worker processes, 1 thread each")
    if "dask" in args.engines:
        print(f"a task costs {task_overhead(args.workers) * 1e6:,.0f} µs of scheduling here "
              "(an empty shuffle of 60 partitions: 3,720 tasks)")
    print()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            t0 = time.perf_counter()
            path = write_corpus(n, folder)
            print(f"{n:,} documents, {path.stat().st_size / 1e6:,.0f} MB of JSONL (written in {time.perf_counter() - t0:.0f} s)")
            digests = {}
            for engine in args.engines:
                ran = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--run", engine, str(path)],
                                     check=False, capture_output=True, text=True)
                if ran.returncode:
                    print(f"   {engine}: failed "
                          f"({ran.stderr.strip().splitlines()[-1] if ran.stderr.strip() else ran.returncode})")
                    continue
                r = json.loads(ran.stdout.strip().splitlines()[-1])
                digests[engine] = r["digest"]
                s = r["summary"]
                workers = ", ".join(f"{m:,.0f}" for m in r["worker_mb"])
                print(f"   {engine:5}: wall {r['wall']:7.1f} s ({n / r['wall']:,.0f} docs/s), "
                      f"client peak RSS {r['client_mb']:,.0f} MB, "
                      + (f"workers' peak RSS {workers} MB; " if workers else "")
                      + f"{s['clusters']:,} clusters, {s['duplicates']:,} duplicates, {s['candidate_pairs']:,} candidate pairs")
                if r["volumes"]:
                    total = sum(r["volumes"].values())
                    print(f"          {r['partitions']} partitions; shuffled between partitions: {total / 1e6:,.1f} MB in all "
                          f"({total / n:,.0f} bytes a document); by step, bytes and seconds (steps run one at a time, "
                          f"{sum(r['times'].values()):.1f} s in all; the time of a step includes the tasks it waits for):")
                    for step in {**r["times"], **r["volumes"]}:
                        size = r["volumes"].get(step, 0)
                        print(f"            {step:<20} {size / 1e6:9,.1f} MB  {size / n:7,.0f} B/doc  "
                              f"{r['times'].get(step, 0):7.1f} s")
            if len(set(digests.values())) > 1:
                print("   DIFFERENT CLUSTERS between engines:", digests)
            elif len(digests) > 1:
                print(f"   same clusters from both engines (digest {next(iter(digests.values()))})")
            print()
    return 0


def index_main(args) -> int:
    """``--index``: ``index add`` with each engine, and the share of its time the writing process spends writing."""
    print(f"index add: {os.cpu_count()} cores, dask LocalCluster of {args.workers} worker processes\n")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = write_corpus(n, folder)
            print(f"{n:,} documents, {path.stat().st_size / 1e6:,.0f} MB of JSONL")
            for engine in args.engines:
                command = [sys.executable, __file__, "--index", "--workers", str(args.workers), "--run", engine, str(path)]
                ran = subprocess.run(command, check=False, capture_output=True, text=True)
                if ran.returncode:
                    print(f"   {engine}: failed "
                          f"({ran.stderr.strip().splitlines()[-1] if ran.stderr.strip() else ran.returncode})")
                    continue
                r = json.loads(ran.stdout.strip().splitlines()[-1])
                print(f"   {engine:5}: wall {r['wall']:6.1f} s ({n / r['wall']:,.0f} docs/s), writing {r['writing']:5.1f} s "
                      f"({r['writing'] / r['wall']:.0%} of the wall time), {r['added']:,} added, "
                      f"writer's peak RSS {r['client_mb']:,.0f} MB")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
