"""articlediff dedup against its peers, rensa and datasketch, on one corpus, interleaved in one run (issue 22).

Why: issue 22 sets speed targets as ratios to the best peer measured side by
side (the machine is shared and noisy: absolute times drift between runs).
Each tool runs as a process of its own on the same JSONL file, so its wall
time, CPU time (all its processes) and peak RSS are its own:

* **articlediff**: ``articlediff dedup corpus.jsonl -f json`` (all it
  computes: word, skeleton, telling and passage signatures, verification,
  clusters with relations and runs);
* **rensa**: a 30-line pipeline (:data:`PEER`) with rensa's Rust
  ``RMinHash`` (128 permutations) and ``RMinHashLSH`` (threshold 0.5, 32
  bands), over the same word 4-grams of lower-cased words, candidates
  verified by the signatures' estimate reaching 0.5;
* **datasketch**: the same pipeline with ``MinHash`` and ``MinHashLSH``;
* **index add**: not a peer: ``articlediff index add`` of the same
  documents into a new corpus index, whose CPU issue 22 holds to at most
  1.2 times ``dedup``'s.

**The corpus**: ``--docs`` documents of 12 real sentences each (the Lee and
Wikipedia sentences of ``make_corpus``), 10% of them near copies of an
earlier one (a sentence dropped, one added): the planted pairs.  *Recall*
is the share of planted pairs each tool relates (articlediff: in one
cluster; the peers: a verified candidate pair).  Sizes run from small to
large; at each size the three tools run ``--rounds`` times in a rotating
order, and the medians are printed with each tool's ratio to rensa's.

The peers are bench-only dependencies (``pip install rensa datasketch``,
which ``make bench`` does).

    .venv/bin/python bench/peers.py                        # 10,000 and 100,000 documents (about 10 minutes)
    .venv/bin/python bench/peers.py --sizes 10000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus

from articlediff.segment import segment

#: The peer pipeline, run as ``python -c PEER {rensa|datasketch} corpus.jsonl pairs.json``.
PEER = r"""
import json, re, sys
tool, source, out = sys.argv[1:4]
WORD = re.compile(r"\w+")
def shingles(text):
    words = WORD.findall(text.lower())
    return [" ".join(words[i:i + 4]) for i in range(max(1, len(words) - 3))]
ids, sigs = [], []
if tool == "rensa":
    from rensa import RMinHash, RMinHashLSH
    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    for line in open(source, encoding="utf-8"):
        doc = json.loads(line)
        m = RMinHash(num_perm=128, seed=42)
        m.update(shingles(doc["text"]))
        lsh.insert(len(ids), m)
        ids.append(doc["id"]); sigs.append(m)
    similar = lambda a, b: sigs[a].jaccard(sigs[b])
    query = lambda k: lsh.query(sigs[k])
else:
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for line in open(source, encoding="utf-8"):
        doc = json.loads(line)
        m = MinHash(num_perm=128)
        for s in set(shingles(doc["text"])):
            m.update(s.encode("utf-8"))
        lsh.insert(str(len(ids)), m)
        ids.append(doc["id"]); sigs.append(m)
    similar = lambda a, b: sigs[a].jaccard(sigs[b])
    query = lambda k: [int(x) for x in lsh.query(sigs[k])]
pairs = [[ids[k], ids[j]] for k in range(len(ids)) for j in query(k) if j > k and similar(k, j) >= 0.5]
json.dump(pairs, open(out, "w"))
"""

#: Runs a command and prints its children's CPU time and peak RSS (kB) as JSON (one process tree a tool).
MEASURE = """
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([u.ru_utime + u.ru_stime, u.ru_maxrss]))
"""
TOOLS = ("articlediff", "rensa", "datasketch", "index add")


def corpus(n: int, seed: int = 7) -> tuple[list[dict], set[tuple[str, str]]]:
    """``n`` documents of 12 real sentences, 10% near copies of an earlier one, and the planted (base, copy) pairs."""
    documents, _ = make_corpus()
    rng = random.Random(seed)
    pool = [s.text.replace("\n", " ") for d in documents for s in segment(d.text) if len(s.words) >= 8]
    docs: list[dict] = []
    planted = set()
    while len(docs) < n:
        if docs and rng.random() < 0.1:
            base = rng.choice(docs)
            lines = base["text"].split("\n")
            lines.pop(rng.randrange(len(lines)))
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(pool))
            docs.append({"id": f"d{len(docs)}", "text": "\n".join(lines)})
            planted.add((base["id"], docs[-1]["id"]))
        else:
            docs.append({"id": f"d{len(docs)}", "text": "\n".join(rng.choice(pool) for _ in range(12))})
    return docs, planted


def run_tool(tool: str, source: Path, folder: Path) -> dict:
    """One run of one tool as its own process: wall, CPU, peak RSS and the pairs it relates."""
    out = folder / f"{tool}.json"
    if tool == "articlediff":
        command = [sys.executable, "-m", "articlediff", "dedup", str(source), "-q", "-f", "json", "-o", str(out)]
    elif tool == "index add":  # the same documents into a new corpus index (issue 22: CPU at most 1.2x dedup's)
        db = folder / "corpus.sqlite"
        for leftover in folder.glob("corpus.sqlite*"):
            leftover.unlink()
        command = [sys.executable, "-m", "articlediff", "index", "add", str(source), "--db", str(db), "-q"]
    else:
        command = [sys.executable, "-c", PEER, tool, str(source), str(out)]
    t0 = time.perf_counter()
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu, peak_kb = json.loads(measured.stdout)
    if tool == "index add":
        return {"wall": wall, "cpu": cpu, "rss": peak_kb / 1024, "related": None}
    found = json.loads(out.read_text(encoding="utf-8"))
    if tool == "articlediff":
        related = {}
        for k, c in enumerate(found["clusters"]):
            for member in (c["representative"], *(x["id"] for x in c["members"])):
                related[member] = k
    else:
        related = {}
        for a, b in found:  # union of the pairs: a document's group, as a cluster
            root_a, root_b = related.setdefault(a, a), related.setdefault(b, b)
            while related[root_a] != root_a:
                root_a = related[root_a]
            while related[root_b] != root_b:
                root_b = related[root_b]
            related[root_b] = root_a
    return {"wall": wall, "cpu": cpu, "rss": peak_kb / 1024, "related": related}


def _root(related: dict, x: str) -> str | None:
    if x not in related:
        return None
    seen = x
    while isinstance(related.get(seen), str) and related[seen] != seen:
        seen = related[seen]
    return seen


def recall(result: dict, planted: set[tuple[str, str]], tool: str) -> float:
    related = result["related"]
    if tool == "articlediff":
        return sum(a in related and related.get(a) == related.get(b) for a, b in planted) / len(planted)
    return sum(_root(related, a) is not None and _root(related, a) == _root(related, b) for a, b in planted) / len(planted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="documents a corpus")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each tool at each size (rotating order)")
    args = parser.parse_args(argv)
    print(f"peers: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start; medians of {args.rounds} runs")
    for n in args.sizes:
        docs, planted = corpus(n)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            source = folder / "corpus.jsonl"
            source.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
            runs: dict[str, list[dict]] = {t: [] for t in TOOLS}
            for r in range(args.rounds):
                for tool in TOOLS[r % len(TOOLS) :] + TOOLS[: r % len(TOOLS)]:  # rotating order: no tool always first
                    runs[tool].append(run_tool(tool, source, folder))
            load = os.getloadavg()[0]
        print(f"\n{n:,} documents ({len(planted):,} planted near copies), load average {load:.2f} at the end")
        base = {k: statistics.median(x[k] for x in runs["rensa"]) for k in ("wall", "cpu", "rss")}
        for tool in TOOLS[:3]:
            med = {k: statistics.median(x[k] for x in runs[tool]) for k in ("wall", "cpu", "rss")}
            print(f"  {tool:<12} wall {med['wall']:6.1f} s ({med['wall'] / base['wall']:4.2f}x rensa), "
                  f"CPU {med['cpu']:6.1f} s ({med['cpu'] / base['cpu']:4.2f}x), peak RSS {med['rss']:7,.0f} MB, "
                  f"recall {recall(runs[tool][0], planted, tool):.3f}")  # fmt: skip
        dedup_cpu = statistics.median(x["cpu"] for x in runs["articlediff"])
        med = {k: statistics.median(x[k] for x in runs["index add"]) for k in ("wall", "cpu", "rss")}
        print(f"  {'index add':<12} wall {med['wall']:6.1f} s, CPU {med['cpu']:6.1f} s "
              f"({med['cpu'] / dedup_cpu:4.2f}x articlediff dedup's; target 1.2x), peak RSS {med['rss']:7,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
