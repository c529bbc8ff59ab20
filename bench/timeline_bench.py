"""How long ``articlediff.timeline`` takes on 1,000 articles in 50 stories, how much memory, and whether it keeps stories apart.

Why: the issue's scale target for the timeline is "1,000 articles in 50
story clusters (built from the seeds and generated variants) — time and
peak memory, target under 60 s on 2 cores".  A timeline compares each
article with its earlier articles on the same story (at most 8, found by
one sparse product of content-word vectors), so its cost should grow about
linearly with the number of articles, not with its square.  The timeline is
single-process today: it is timed as it is, and the CPU time next to the
wall time shows how many cores it kept busy.

The corpus comes from bench/_stories.py (fixed seeds; see its docstring):
50 distinct stories, each a base article built from seed sentences with the
story's own made-up names and numbers, plus 19 copies a reader would meet
(verbatim reprints, edited copies, updates with changed figures, partial
copies, copies spun by bench/spinner.py at rates 0.15–0.35, and copies of
copies), most with a ``date YYYY-MM-DD`` line, all shuffled together.

What is measured:

* **time**: wall and CPU time of ``articlediff.timeline(articles)`` on
  ``Article`` objects built in memory, in a fresh state: the corpus is made
  in a child process (the spinner loads the word counts and the thesaurus),
  so this process loads the library's data files during the run, as a new
  process would, and no article is normalised beforehand.  The run is split
  into setup (data files, normalising every article, dates, story links,
  facts), comparing each article with the linked earlier ones (the spin
  scores are computed meanwhile, in worker processes), and the rest: the
  spin verdicts (waited for, if still running), the order, describing each
  article and its facts.  CPU time includes the workers'.  Also
  the time to read the articles from the temporary folder of ``.txt``
  files the child wrote (``timeline``'s own reader, ``collect``);
* **memory**: the peak resident set size of this process
  (``resource.getrusage(RUSAGE_SELF).ru_maxrss``; its value before the run
  too: the interpreter, imports and the corpus texts), and, in a second
  child process that reads the folder and builds the timeline with
  ``tracemalloc`` on, the peak of Python allocations.  tracemalloc makes
  that run about 4–5 times slower and its bookkeeping inflates that
  process's RSS, so neither is the figure for the target; the child also
  checks that the files give the same timeline as the texts in memory;
* **quality**, against what the generator planted: the share of cross-story
  article pairs whose content-word cosine reaches the story threshold (the
  stories must be distinct, or the timeline would treat them as one); per
  kind of copy, the share whose ``depends_on`` is in its own story (every
  article but the first of its story in timeline order should have one),
  the share that depend on the article they were made from (or an identical
  reprint of it), the share flagged ``spun``, and the kinds of their copied
  passages; and the share of copied passages whose source is in another
  story (should be 0).

Run (about 3 minutes on an idle 2-core machine, most of it the tracemalloc
run; ``--no-memory`` skips that run):

    .venv/bin/python bench/timeline_bench.py
    .venv/bin/python bench/timeline_bench.py --articles 200 --stories 10
    .venv/bin/python bench/timeline_bench.py --profile        # plus a cProfile of the timeline
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _stories

import articlediff
from articlediff.matching import matching_key
from articlediff.prepare import prepare
from articlediff.timeline.build import collect
from articlediff.timeline.story import MAX_SOURCES, STORY_THRESHOLD, similarities

TARGET_SECONDS = 60.0
TARGET_ARTICLES = 1000
KINDS = ("base", "reprint", "edited", "update", "partial", "spun")
COPY_KINDS = ("verbatim", "edited", "spun", "paraphrased")
#: The generated items (metadata and text, in the corpus's shuffled order), next to their .txt files.
MANIFEST = "manifest.json"


def max_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def fresh(items: list[_stories.Item]) -> list[articlediff.Article]:
    """New ``Article`` objects (nothing normalised or segmented yet) and a cleared word-key cache."""
    matching_key.cache_clear()
    gc.collect()
    return [item.article() for item in items]


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the timeline's spin-score workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_timeline(articles):
    """Run the timeline once; wall and CPU seconds (its worker processes' included), and the wall time in its three phases."""
    marks: list[float] = []
    t0, c0 = time.perf_counter(), cpu_seconds()
    tl = articlediff.timeline(articles, progress=lambda done, total: marks.append(time.perf_counter()))
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    phases = {  # the progress callback reports the first step's comparisons, article by article
        "setup: normalising, dates, story links, facts": marks[0] - t0,
        "comparing each article with the linked earlier ones": marks[-1] - marks[0],
        "spin verdicts (waited for), order, describing, facts": t0 + wall - marks[-1],
    }
    return tl, wall, cpu, phases


def body(text: str) -> str:
    """The article without its date line (a reprint differs from its source only there)."""
    return text.split("\n\n", 1)[1] if text.startswith("date ") else text


# --- the child process: peak Python allocations ------------------------------------


def generate_into(folder: str, articles: int, stories: int, seed: int) -> None:
    """Write the corpus to ``folder``: one .txt file per article and the manifest."""
    items = _stories.corpus(articles, stories, seed)
    for item in items:
        Path(folder, f"{item.name}.txt").write_text(item.text, encoding="utf-8")
    Path(folder, MANIFEST).write_text(json.dumps([asdict(item) for item in items]), encoding="utf-8")


def memory_run(folder: str) -> None:
    """Read the folder's files (in the manifest's order) and build the timeline with tracemalloc on; print one JSON line."""
    manifest = json.loads(Path(folder, MANIFEST).read_text(encoding="utf-8"))
    paths = [Path(folder, f"{item['name']}.txt") for item in manifest]
    tracemalloc.start()
    t0 = time.perf_counter()
    tl = articlediff.timeline(paths)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"seconds": seconds, "peak": peak, "rss_mb": max_rss_mb(), "summary": tl.summary,
                      "depends_on": {e.id: e.depends_on for e in tl.entries}}))


def child_memory(folder: str) -> dict:
    cmd = [sys.executable, __file__, "--memory-run", folder]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"memory run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- quality -------------------------------------------------------------------------


def story_links(tl, items_by_name) -> dict:
    """Content-word cosines between all articles: links within and across stories, and compare() calls made."""
    articles = [prepare(e.article) for e in tl.entries]  # similarities() reads prepared (segmented) articles
    sims = similarities(articles).toarray()
    stories = np.array([items_by_name[e.id].story for e in tl.entries])
    same = stories[:, None] == stories[None, :]
    upper = np.triu_indices(len(articles), 1)
    values, same_pair = sims[upper], same[upper]
    cross, within = values[~same_pair], values[same_pair]
    linked = sims >= STORY_THRESHOLD
    calls = sum(min(MAX_SOURCES, int(linked[k, :k].sum())) for k in range(len(articles)))
    return {
        "cross_pairs": int(cross.size),
        "cross_linked": int((cross >= STORY_THRESHOLD).sum()),
        "cross_max": float(cross.max()) if cross.size else 0.0,
        "cross_p99": float(np.percentile(cross, 99)) if cross.size else 0.0,
        "within_pairs": int(within.size),
        "within_linked": int((within >= STORY_THRESHOLD).sum()),
        "within_min": float(within.min()) if within.size else 0.0,
        "compare_calls": calls,
    }


def quality(tl, items_by_name) -> tuple[dict, dict]:
    """Per kind of generated article: dependencies, spun flags and copied passages; and overall counts."""
    rows: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    seen_stories: set[int] = set()
    for entry in tl.entries:
        item = items_by_name[entry.id]
        kinds = [item.kind] + (["carries spin, not spun"] if item.carries_spin and item.kind != "spun" else [])
        first = item.story not in seen_stories
        seen_stories.add(item.story)
        # The earlier article it takes most from (its relation's), whatever the share: what it was made from.
        source_id = entry.relation.to if entry.relation.passages else None
        dep = items_by_name.get(source_id) if source_id else None
        cross = sum(items_by_name[c.source.id].story != item.story for c in entry.copied)
        totals.update(copied=len(entry.copied), cross_copied=cross, articles=1, first=first,
                      spun_flag_clean=entry.spun and not item.carries_spin, clean=not item.carries_spin,
                      spun_copy_clean=entry.relation.kind == "spun copy" and not item.carries_spin,
                      spun_copy_true=entry.relation.kind == "spun copy" and item.carries_spin,
                      spun_text=item.carries_spin,
                      expected_dep=not first, dep_same=bool(dep and dep.story == item.story) and not first,
                      dep_other=bool(dep and dep.story != item.story), dep_none_expected=not first and dep is None,
                      undated=entry.date is None)
        for kind in kinds:
            row = rows[kind]
            row["n"] += 1
            row["first"] += first
            row["dep_none"] += not first and dep is None
            row["dep_same"] += not first and dep is not None and dep.story == item.story
            row["dep_other"] += dep is not None and dep.story != item.story
            source = items_by_name.get(item.source) if item.source else None
            row["dep_source"] += bool(dep and source and body(dep.text) == body(source.text))
            row["dep_ancestor"] += bool(dep and body(dep.text) in ancestors(item, items_by_name))
            row["has_source"] += source is not None and not first
            row["spun"] += entry.spun
            row["copied"] += len(entry.copied)
            row["cross"] += cross
            for c in entry.copied:
                row["kind:" + c.kind] += 1
            row["added"] += len(entry.added)
            row["dropped"] += len(entry.dropped)
            row["facts"] += len(entry.fact_changes)
            row["rel:" + entry.relation.kind] += 1
    return rows, totals


def ancestors(item: _stories.Item, items_by_name) -> set[str]:
    """The texts (without date line) of the article ``item`` was made from, that one's source, and so on."""
    out = set()
    while item.source:
        item = items_by_name[item.source]
        out.add(body(item.text))
    return out


def spun_by_rate(tl, items_by_name) -> dict[float, tuple[int, int]]:
    """Spun copies flagged ``spun`` and all spun copies, by the spinner's rate."""
    out: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for entry in tl.entries:
        item = items_by_name[entry.id]
        if item.kind == "spun":
            out[item.rate][0] += entry.spun
            out[item.rate][1] += 1
    return {rate: tuple(v) for rate, v in sorted(out.items())}


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "–"


def print_quality(rows: dict, totals: Counter) -> None:
    header = (f"{'article kind':<24} {'n':>5} {'dep. same story':>15} {'dep. none':>9} {'dep. source':>11} "
              f"{'dep. ancestor':>13} {'spun flag':>9} "
              f"{'copied':>7} " + " ".join(f"{k[:8]:>8}" for k in COPY_KINDS) + f" {'added':>6} {'dropped':>7} {'facts':>6}")
    print(header)
    print("-" * len(header))
    for kind in list(KINDS) + ["carries spin, not spun"]:
        r = rows.get(kind)
        if not r:
            continue
        expected = r["n"] - r["first"]
        copied = r["copied"]
        print(f"{kind:<24} {r['n']:>5} {pct(r['dep_same'], expected):>15} {r['dep_none']:>9} "
              f"{pct(r['dep_source'], r['has_source']):>11} {pct(r['dep_ancestor'], r['has_source']):>13} "
              f"{pct(r['spun'], r['n']):>9} {copied:>7} "
              + " ".join(f"{pct(r['kind:' + k], copied):>8}" for k in COPY_KINDS)
              + f" {r['added'] / r['n']:>6.1f} {r['dropped'] / r['n']:>7.1f} {r['facts'] / r['n']:>6.1f}")
    print("\nrelations (source / spun copy / depends on / same story):")
    for kind in list(KINDS) + ["carries spin, not spun"]:
        r = rows.get(kind)
        if r:
            print(f"  {kind:<24} " + " / ".join(str(r["rel:" + k]) for k in ("source", "spun copy", "depends on", "same story")))
    print("\ndep. = the earlier article its relation names and takes passages from (relation.to; depends_on is that")
    print("article only when at least half of the article comes from it). dep. same story = dep. is an article of its own")
    print("story, over the articles that are not the first of their story in timeline order (those have nothing earlier);")
    print("dep. none = such articles with no dep.; dep. source = dep. is the article it was made from, or one with the same")
    print("text (an identical reprint);")
    print("dep. ancestor = the same, or that article's source, and so on (the timeline credits the earliest article holding")
    print("a passage, and an undated copy comes first; so a copy often depends on an ancestor or a sibling, not its parent);")
    print("copied = copied passages, then the share of each kind; added, dropped, facts = per article.")
    print("'carries spin, not spun' = edited or partial copies of a spun copy (also counted under their own kind).")


# --- main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=TARGET_ARTICLES, help="articles in all (default 1000)")
    parser.add_argument("--stories", type=int, default=50, help="distinct stories (default 50)")
    parser.add_argument("--seed", type=int, default=20250601, help="corpus seed")
    parser.add_argument("--profile", action="store_true", help="also cProfile one timeline run (top 15 functions)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run in a child process")
    parser.add_argument("--memory-run", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--generate-into", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        memory_run(args.memory_run)
        return
    if args.generate_into:
        generate_into(args.generate_into, args.articles, args.stories, args.seed)
        return

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"articlediff timeline at scale; {cores} CPU(s) available; the timeline runs in this process, its spin scores in"
          " one worker process per CPU; not pinned\n")

    with tempfile.TemporaryDirectory(prefix="timeline_bench_") as folder:
        # The corpus is made in a child process: making it loads the word counts and the thesaurus
        # (the spinner uses them), and the timed run below must load them itself, as a new process would.
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate-into", folder, "--articles", str(args.articles),
                        "--stories", str(args.stories), "--seed", str(args.seed)], check=True)
        generate = time.perf_counter() - t0
        items = [_stories.Item(**d) for d in json.loads(Path(folder, MANIFEST).read_text(encoding="utf-8"))]
        by_name = {item.name: item for item in items}
        words = [len(item.text.split()) for item in items]
        kinds = Counter(item.kind for item in items)
        undated = sum(item.date is None for item in items)
        print(f"corpus: {len(items):,} articles in {args.stories} stories (seed {args.seed}), "
              f"made and written to files in {generate:.1f} s")
        print(f"  {sum(words):,} words, {np.mean(words):.0f} per article (min {min(words)}, max {max(words)}); "
              f"{undated} without a date line")
        print("  " + ", ".join(f"{kinds[k]} {k}" for k in KINDS) + f"; {sum(i.carries_spin for i in items)} carry spun text\n")

        t0 = time.perf_counter()
        from_files = collect([folder])
        read_seconds = time.perf_counter() - t0
        assert sorted(a.text for a in from_files) == sorted(i.text for i in items)
        del from_files

        articles = fresh(items)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        rss_before = max_rss_mb()
        tl, wall, cpu, phases = timed_timeline(articles)
        rss_after = max_rss_mb()
        memory = None if args.no_memory else child_memory(folder)

    n = len(tl.entries)
    print(f"{'measure':<46} {'value':>12}")
    print("-" * 59)
    print(f"{'read from a folder of files (collect)':<46} {read_seconds:>10.2f} s")
    print(f"{'timeline(articles), wall':<46} {wall:>10.2f} s")
    for name, seconds in phases.items():
        print(f"{'  ' + name:<46} {seconds:>10.2f} s")
    print(f"{'timeline, CPU time (user + system)':<46} {cpu:>10.2f} s   ({cpu / wall:.2f} cores busy)")
    print(f"{'time per article':<46} {1000 * wall / n:>9.1f} ms")
    print(f"{'peak RSS of this process, before the run':<46} {rss_before:>9.0f} MB")
    print(f"{'peak RSS of this process, after the run':<46} {rss_after:>9.0f} MB")
    if memory:
        same = memory["depends_on"] == {e.id: e.depends_on for e in tl.entries}
        print(f"{'child: tracemalloc peak (Python allocations)':<46} {memory['peak'] / 2**20:>9.0f} MB")
        print(f"{'child: peak RSS (with tracemalloc bookkeeping)':<46} {memory['rss_mb']:>9.0f} MB")
        print(f"{'child: timeline(folder) under tracemalloc':<46} {memory['seconds']:>10.2f} s")
        print(f"{'child: same timeline as from memory':<46} {'yes' if same else 'NO':>12}")
    print(f"\nsummary: {tl.summary}")

    links = story_links(tl, by_name)
    print(f"\nstory links (content-word cosine ≥ {STORY_THRESHOLD}):")
    print(f"  across stories: {links['cross_linked']:,} of {links['cross_pairs']:,} pairs "
          f"({pct(links['cross_linked'], links['cross_pairs'])}); highest cosine {links['cross_max']:.3f}, "
          f"99th percentile {links['cross_p99']:.3f}")
    print(f"  within stories: {links['within_linked']:,} of {links['within_pairs']:,} pairs "
          f"({pct(links['within_linked'], links['within_pairs'])}); lowest cosine {links['within_min']:.3f}")
    print(f"  article comparisons made (≤ {MAX_SOURCES} earlier per article): {links['compare_calls']:,}\n")

    rows, totals = quality(tl, by_name)
    print_quality(rows, totals)
    spun_rows = rows["spun"]
    print("\nquality checks:")
    print(f"  depends_on in the same story: {pct(totals['dep_same'], totals['expected_dep'])} of "
          f"{totals['expected_dep']} articles not first in their story ({totals['dep_none_expected']} with none, "
          f"{totals['dep_other']} in another story)")
    print(f"  spun copies flagged spun: {pct(spun_rows['spun'], spun_rows['n'])} of {spun_rows['n']}; "
          f"articles without spun text flagged spun: {pct(totals['spun_flag_clean'], totals['clean'])} of {totals['clean']}")
    print(f"  relation 'spun copy': {totals['spun_copy_true']} of {totals['spun_text']} articles carrying spun text; "
          f"{totals['spun_copy_clean']} of {totals['clean']} without spun text (a wrong direction)")
    print("  spun copies flagged spun, by spinner rate: "
          + ", ".join(f"{rate:.2f}: {a}/{b}" for rate, (a, b) in spun_by_rate(tl, by_name).items()))
    print(f"  copied passages from another story: {totals['cross_copied']} of {totals['copied']:,} "
          f"({pct(totals['cross_copied'], totals['copied'])})")

    verdict = "met" if wall < TARGET_SECONDS else "missed"
    note = "" if n == TARGET_ARTICLES else f" [the target is set for {TARGET_ARTICLES:,} articles]"
    print(f"\ntimeline of {n:,} articles: {wall:.1f} s (target < {TARGET_SECONDS:g} s): {verdict}{note}")
    print(f"({cpu / wall:.2f} cores busy on average, worker processes included; the target allows 2 cores)")
    if load >= 0.5:
        print(f"note: the machine was busy (load average {load:.1f} on {cores} CPUs when the run started), so the wall time "
              "is longer than on an idle machine")

    if args.profile:
        articles = fresh(items)
        profiler = cProfile.Profile()
        profiler.enable()
        articlediff.timeline(articles)
        profiler.disable()
        print("\ncProfile of one timeline run (data files already loaded), top 15 by cumulative time:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
        print("top 15 by internal time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
