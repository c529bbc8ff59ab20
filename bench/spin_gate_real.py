"""The trigram model's spin verdicts on real text nobody here wrote: how often ordinary prose is called spun, and
what the verdicts cost.

Why: the timeline states "spun" when the de-spinner's gate opens (``normalise.clean.judge_spin``: a share of
sampled words with a proposal at or above 0.025, and a binomial test against the share in ordinary news,
1.2%).  That rate was measured on news; this script reads the gate on the real news stories and Wikipedia
sections of gensim's test data (``make_corpus.distinct_pool()``, the same texts the other benches read), each
normalised as the timeline normalises it, and prints per origin the texts flagged, the share of their words
with a proposal, and the CPU time of the verdicts in this process (the figure the timeline's spin workers pay).

    .venv/bin/python bench/spin_gate_real.py          # about 2 minutes
"""

from __future__ import annotations

import time
from collections import Counter

import make_corpus

from articlediff.normalise.clean import MATCHING, clean, judge_spin


def main() -> None:
    pool = make_corpus.distinct_pool()
    texts = [(t.origin, t.name, clean(t.render(), config=MATCHING).text) for t in pool]
    judge_spin(texts[0][2])  # the model loaded before the clock starts
    texts_of, flagged, proposals, words = Counter(), Counter(), Counter(), Counter()
    examples: dict[str, list[str]] = {}
    start = time.process_time()
    for origin, name, text in texts:
        score, verdict = judge_spin(text)
        texts_of[origin] += 1
        proposals[origin] += verdict.get("suspicious_words", 0)
        words[origin] += verdict.get("words", 0)
        if verdict.get("spun"):
            flagged[origin] += 1
            examples.setdefault(origin, []).append(f"{name} ({score:.3f})")
    cpu = time.process_time() - start
    print(f"spin verdicts of {len(texts):,} real texts: {cpu:.1f} s of CPU, {1000 * cpu / len(texts):.1f} ms a text\n")
    print(f"{'origin':8} {'texts':>6} {'flagged spun':>13} {'share':>7} {'words with a proposal':>22}")
    for origin in sorted(texts_of):
        share = flagged[origin] / texts_of[origin]
        rate = proposals[origin] / words[origin] if words[origin] else 0.0
        print(f"{origin:8} {texts_of[origin]:>6,} {flagged[origin]:>13,} {share:>7.1%} {rate:>22.2%}")
    for origin, names in sorted(examples.items()):
        print(f"\nflagged {origin}, first few: {', '.join(names[:6])}")


if __name__ == "__main__":
    main()
