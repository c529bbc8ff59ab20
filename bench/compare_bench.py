"""How long ``articlediff.compare`` takes, from a 5,000-word article to a 100,000-word document.

Why: the issue sets two targets on one core: under 0.2 s to compare two
~5,000-word articles and under 3 s for two ~100,000-word documents, with
cost growing about linearly in between (the aligner must never score all
sentence pairs).  This script times ``compare(Article(a), Article(b))``,
segmentation included, at several sizes and prints the time per 1,000 words
of A so the growth is visible.

The documents come from bench/_corpus.py (fixed random seed): A is the five
seed articles followed by generated sentences, each distinct; B is a later
version of A with sentences kept, edited (1–3 words), deleted and added, and
some paragraphs moved.  As a sanity check the script reports how many of the
planted kept and edited sentences ended up paired with their counterpart
(recall) and how many pairs match no planted counterpart.

Each size is timed as the best of ``--repeat`` runs (the largest size
fewer times) in this one process, pinned to one CPU where the OS allows it.
The word-key cache (``matching_key``) is cleared before every run, so every
run pays for folding words as a fresh ``articlediff`` process would.

    .venv/bin/python bench/compare_bench.py                # the table
    .venv/bin/python bench/compare_bench.py --profile 100000  # plus a cProfile of one size
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import gc
import pstats
import time

import _corpus
from _timing import pin_to_one_cpu

from articlediff import Article, compare
from articlediff.matching import matching_key
from articlediff.prepare import prepare
from articlediff.segment import segment, word_count

SIZES = (5_000, 10_000, 25_000, 50_000, 100_000)
#: Targets from the issue: words per article -> seconds.
TARGETS = {5_000: 0.2, 100_000: 3.0}


def time_compare(a_text: str, b_text: str, repeat: int, normalise: bool = True):
    """Best wall time of ``repeat`` cold comparisons, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        matching_key.cache_clear()
        gc.collect()
        t0 = time.perf_counter()
        result = compare(Article(a_text), Article(b_text), normalise=normalise)
        best = min(best, time.perf_counter() - t0)
    return best, result


def sentence_indices(sentences, starts: list[int]) -> list[int]:
    """The index of the segmented sentence holding each planted sentence's first character."""
    firsts = [s.start for s in sentences]
    return [bisect.bisect_right(firsts, pos) - 1 for pos in starts]


def check_alignment(result, doc_a: _corpus.Document, doc_b: _corpus.Document, normalise: bool) -> dict:
    """Recall of planted kept/edited sentences, and pairs with no planted counterpart."""
    sa = prepare(result.a, normalise=normalise).sentences
    sb = prepare(result.b, normalise=normalise).sentences
    ia = sentence_indices(sa, doc_a.starts)
    jb = sentence_indices(sb, doc_b.starts)
    if len(set(ia)) != len(sa) or len(set(jb)) != len(sb):
        print("warning: the library splits the generated documents into other sentences than planted")
    planted = {"kept": set(), "edited": set()}
    for j, origin, kind in zip(jb, doc_b.origins, doc_b.kinds):
        if origin is not None:
            planted[kind].add((ia[origin], j))
    found = {(i, j) for p in result.pairs for i in p.a_sentences for j in p.b_sentences}
    all_planted = planted["kept"] | planted["edited"]
    spurious = sum(
        1 for p in result.pairs if not any((i, j) in all_planted for i in p.a_sentences for j in p.b_sentences)
    )
    return {
        "planted": len(all_planted),
        "recall": len(all_planted & found) / len(all_planted),
        "recall_kept": len(planted["kept"] & found) / max(1, len(planted["kept"])),
        "recall_edited": len(planted["edited"] & found) / max(1, len(planted["edited"])),
        "spurious": spurious,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="words per document")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best is kept)")
    parser.add_argument("--profile", type=int, metavar="WORDS", help="also cProfile one comparison at this size")
    args = parser.parse_args()

    print(f"articlediff compare speed; single process, {pin_to_one_cpu()}; best of {args.repeat} runs "
          f"({max(1, args.repeat - 1)} at 100k words and above)\n")
    header = (f"{'size':>8} {'words A':>8} {'words B':>8} {'sent A':>7} {'sent B':>7} {'raw s':>7} {'time s':>8} {'ms/1k w':>8} "
              f"{'pairs':>6} {'moved':>6} {'recall':>7} {'kept':>6} {'edited':>7} {'spur.':>6}  target")
    print(header)
    print("-" * len(header))
    verdicts = []
    for size in args.sizes:
        doc_a, doc_b = _corpus.Generator().documents(size)
        repeat = max(1, args.repeat - 1) if size >= 100_000 else args.repeat
        raw_seconds, _ = time_compare(doc_a.text, doc_b.text, repeat, normalise=False)
        seconds, result = time_compare(doc_a.text, doc_b.text, repeat)
        check = check_alignment(result, doc_a, doc_b, normalise=True)
        words_a, words_b = word_count(result.a.text), word_count(result.b.text)
        target = TARGETS.get(size)
        verdict = ""
        if target is not None:
            ok = seconds < target
            verdict = f"< {target:g} s: {'met' if ok else 'MISSED'}"
            verdicts.append((size, target, seconds, ok))
        print(f"{size:>8,} {words_a:>8,} {words_b:>8,} {len(segment(result.a.text)):>7,} {len(segment(result.b.text)):>7,} "
              f"{raw_seconds:>7.3f} {seconds:>8.3f} {1000 * seconds / (words_a / 1000):>8.2f} {len(result.pairs):>6,} "
              f"{result.summary['moved']:>6,} {check['recall']:>7.1%} {check['recall_kept']:>6.1%} "
              f"{check['recall_edited']:>7.1%} {check['spurious']:>6,}  {verdict}", flush=True)

    print("\nraw s = compare(..., normalise=False), the matcher alone; time s = compare() as the CLI runs it,")
    print("normalising both documents first (typography, boilerplate, spintax).")
    print("ms/1k w = milliseconds per 1,000 words of A (full compare); recall = planted kept+edited sentences paired with")
    print("their counterpart (kept / edited separately); spur. = pairs that match no planted counterpart.")
    for size, target, seconds, ok in verdicts:
        print(f"Target {size:,} words < {target:g} s: {'met' if ok else 'MISSED'} ({seconds:.3f} s)")
    cpu_at_5k()

    if args.profile:
        doc_a, doc_b = _corpus.Generator().documents(args.profile)
        matching_key.cache_clear()
        a, b = Article(doc_a.text), Article(doc_b.text)
        profiler = cProfile.Profile()
        profiler.enable()
        compare(a, b)
        profiler.disable()
        print(f"\ncProfile of one comparison at {args.profile:,} words (top 20 by internal time):")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


#: Issue 22's guide: two 5,000-word articles compared, normalising included, in this much CPU time.  The issue's
#: figure (0.12 s) was "the matcher plus normalising", so the guide is judged on compare() without the facts
#: section; the binding target, at least twice as fast as at the issue, is bench/compare_speedup.py's.
CPU_TARGET_5K = 0.05


def cpu_at_5k(repeat: int = 5) -> None:
    """Issue 22: the CPU time of ``compare`` at 5,000 words, as the command line runs it and without each part."""
    from articlediff.facts import extract

    doc_a, doc_b = _corpus.Generator().documents(5_000)
    print("\nCPU seconds at 5,000 words (issue 22; best of 5, word keys and fact analyses cleared before each run):")
    for label, options in (("compare() as the CLI runs it", {}), ("without the facts section", {"facts": False}),
                           ("the matcher alone (no normalising, no facts)", {"facts": False, "normalise": False})):
        best = float("inf")
        for _ in range(repeat):
            matching_key.cache_clear()
            extract._analyse.cache_clear()
            gc.collect()
            t0 = time.process_time()
            compare(Article(doc_a.text), Article(doc_b.text), **options)
            best = min(best, time.process_time() - t0)
        print(f"  {label:<48} {best:.3f} s")
        if options == {"facts": False}:
            print(f"  guide < {CPU_TARGET_5K} s for the matcher plus normalising: {'met' if best < CPU_TARGET_5K else 'not met'} "
                  "(the target, 2x faster than at the issue: bench/compare_speedup.py)")


if __name__ == "__main__":
    main()
