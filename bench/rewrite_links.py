"""Rewrites of real news, scripted: does a fact-based same-story link find them, and what else does it link?

Why: issue 21 asks for rewrites (the facts kept, every sentence reworded)
to be linked to their sources, recall ≥ 0.9 at precision ≥ 0.95, and for
what the tool says of *same-event, not a copy* pairs to be measured.  This
script builds the labelled set and scores ``facts.provenance.story_links``
(``linked_only=True``, as the timeline calls it) on it.  It is the measure
the `rewrite` relation of `dedup` and `check` will be built against.

**Sources**: ``--sources`` distinct Lee news stories (gensim's test data, as
``make_corpus.distinct_pool`` keeps them: no two share more than 5% of
their 5-grams).  **Rewrites**: each source rewritten by every scripted
transformation at once, seeded:

* sentence order shuffled (the first kept first; never the source's order);
* adjacent short sentences merged ("X. Y." → "X, and y"), long ones split at ", and";
* attribution moved ("..., X said." ↔ "According to X, ...");
* a simple active clause made passive ("Police arrested two men" → "two men were arrested by police");
* common phrases paraphrased ("more than" → "over", "because of" → "due to", "has been" → "was", ...);
* synonyms swapped by ``bench/spinner.py`` (30% of the eligible words);
* numbers reformatted ("10 per cent" → "10%", "1,000" → "1000", "$1.2 billion" → "1.2 billion dollars").

**Distractors**: ``--distractors`` other stories, no copy.  The Lee corpus
also holds *same-event* stories by accident (days of one cricket Test, two
takes of one briefing): the script lists the linked pairs that are not
(source, rewrite), which are false links for a rewrite relation and may be
true same-story links; ``--show`` prints some to read.

Scores: **recall** = (source, rewrite) pairs linked; **precision** = linked
pairs that are a (source, rewrite) pair, over all linked pairs.

    .venv/bin/python bench/rewrite_links.py [--sources 100] [--distractors 100] [--seed 1] [--show 5]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus
import spinner

from articlediff.facts.provenance import fact_keys, story_links
from articlediff.segment import segment

_SAID = re.compile(r"^(?P<body>.+?),?\s+(?P<who>(?:[A-Z][\w'-]+\s){0,3}[A-Z][\w'-]+) (?:said|says)\.$")
_ACCORDING = re.compile(r"^According to (?P<who>[^,]{3,60}), (?P<body>.+)\.$")
#: Paraphrases of common phrases, both ways where both read: what a rewriter changes besides content words
#: (these break the skeleton, the function words a synonym spinner leaves alone).
_PHRASES = [
    ("more than", "over"), ("because of", "due to"), ("in order to", "to"), ("a number of", "several"),
    ("as well as", "and also"), ("at least", "no fewer than"), ("is expected to", "should"),
    ("are expected to", "should"), ("has been", "was"), ("have been", "were"), ("will be", "is set to be"),
    ("said it would", "announced it would"), ("on Monday", "Monday"), ("on Tuesday", "Tuesday"),
    ("on Wednesday", "Wednesday"), ("on Thursday", "Thursday"), ("on Friday", "Friday"),
    ("the first", "the opening"), ("so far", "to date"), ("However, ", "But "), ("also ", ""),
    ("there is", "there's"), ("it is", "it's"), ("does not", "doesn't"), ("did not", "didn't"),
    ("do not", "don't"), ("will not", "won't"), ("the government", "the administration"),
]
_VOICE = re.compile(
    r"\b(?P<who>[Pp]olice|[Oo]fficials|[Tt]he [Gg]overnment|[A-Z][a-z]+) "
    r"(?P<verb>arrested|announced|approved|rejected|released|launched|found|signed|won|introduced|charged) "
    r"(?P<what>(?:the|a|an|two|three|\d+) [a-z][\w-]*(?: [a-z][\w-]*)?)"
)


def _attribution(sentence: str) -> str:
    """"..., X said." ↔ "According to X, ..."."""
    m = _SAID.match(sentence)
    if m:
        body = m.group("body").rstrip(",")
        return f"According to {m.group('who')}, {body[0].lower() + body[1:]}."
    m = _ACCORDING.match(sentence)
    if m:
        body = m.group("body")
        return f"{body[0].upper() + body[1:]}, {m.group('who')} said."
    return sentence


def _passive(sentence: str) -> str:
    """One simple active clause turned passive: "Police arrested two men" → "Two men were arrested by police"."""
    m = _VOICE.search(sentence)
    if not m:
        return sentence
    who, verb, what = m.group("who"), m.group("verb"), m.group("what")
    be = "were" if what.split()[0] in ("two", "three") or what.split()[0].isdigit() else "was"
    agent = who if who[0].isupper() and who.lower() not in ("police", "officials", "the government") else who.lower()
    passive = f"{what} {be} {verb} by {agent}"
    if m.start() == 0:
        passive = passive[0].upper() + passive[1:]
    return sentence[: m.start()] + passive + sentence[m.end() :]


def _phrases(sentence: str, rng: random.Random) -> str:
    for a, b in _PHRASES:
        if rng.random() < 0.7:
            sentence = sentence.replace(a, b)
    return sentence


def _numbers(text: str) -> str:
    text = re.sub(r"(\d+(?:\.\d+)?) per cent", r"\1%", text)
    text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
    return re.sub(r"\$(\d+(?:\.\d+)?) (million|billion)", r"\1 \2 dollars", text)


def rewrite(text: str, rng: random.Random, rate: float = 0.3) -> str:
    """Every scripted transformation at once (see the module documentation)."""
    sentences = [s.text for s in segment(text)]
    first, rest = sentences[:1], sentences[1:]
    if len(set(rest)) > 1:  # a rewrite moves sentences: another order than the source's
        order = list(rest)
        while order == rest:
            rng.shuffle(order)
        rest = order
    out: list[str] = []
    for s in first + rest:
        s = _phrases(_passive(_attribution(s)), rng)
        if ", and " in s and len(s.split()) > 25 and rng.random() < 0.5:
            head, tail = s.split(", and ", 1)
            out += [head + ".", tail[0].upper() + tail[1:]]
        elif out and len(s.split()) < 12 and len(out[-1].split()) < 15 and out[-1].endswith(".") and rng.random() < 0.5:
            out[-1] = out[-1][:-1] + ", and " + s[0].lower() + s[1:]
        else:
            out.append(s)
    spun, _ = spinner.spin(" ".join(out), rate, rng.randrange(2**31))
    return _numbers(spun)


def build(sources: int, distractors: int, seed: int, rate: float = 0.3):
    pool = [t for t in make_corpus.distinct_pool() if t.origin == "news" and not t.name.startswith("seed-")]
    rng = random.Random(f"rewrites-{seed}")
    rng.shuffle(pool)
    texts: dict[str, str] = {}
    pairs = set()
    for n, t in enumerate(pool[:sources]):
        source = " ".join(t.render().split())
        texts[f"src-{n:03d}"] = source
        texts[f"rw-{n:03d}"] = rewrite(source, random.Random(f"{seed}-{n}"), rate)
        pairs.add((f"src-{n:03d}", f"rw-{n:03d}"))
    for n, t in enumerate(pool[sources : sources + distractors]):
        texts[f"other-{n:03d}"] = " ".join(t.render().split())
    return texts, pairs


def set_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the set :func:`build` makes (this script's and bench/rewrite_bench.py's)."""
    parser.add_argument("--sources", type=int, default=100, help="sources, each with one rewrite (default 100)")
    parser.add_argument("--distractors", type=int, default=100, help="stories with no copy (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="which stories and rewrites (default 1)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    set_options(parser)
    parser.add_argument("--show", type=int, default=5, help="linked pairs that are not a rewrite to print (default 5)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    texts, pairs = build(args.sources, args.distractors, args.seed)
    print(f"{len(pairs)} sources with a rewrite, {args.distractors} distractors (seed {args.seed}); "
          f"built in {time.perf_counter() - start:.1f} s")  # fmt: skip
    t0 = time.perf_counter()
    links = story_links(texts, linked_only=True)
    elapsed = time.perf_counter() - t0
    found = {tuple(sorted((link.a, link.b))) for link in links}
    truth = {tuple(sorted(p)) for p in pairs}
    hits = found & truth
    recall = len(hits) / len(truth)
    precision = len(hits) / len(found) if found else float("nan")
    print(f"story_links(linked_only=True) on {len(texts)} articles in {elapsed:.1f} s: {len(found)} pairs linked")
    print(f"recall {recall:.3f} (target ≥ 0.9), precision {precision:.3f} (target ≥ 0.95) for a rewrite relation")
    shared = sorted(len(link.shared) for link in links if tuple(sorted((link.a, link.b))) in truth)
    if shared:
        print(f"shared facts of a linked rewrite: median {shared[len(shared) // 2]}, from {shared[0]} to {shared[-1]}")
    other = [link for link in links if tuple(sorted((link.a, link.b))) not in truth]
    print(f"linked pairs that are not (source, rewrite): {len(other)}")
    # What would tell a rewrite from a retelling of one event: how much of the smaller fact set the pair shares.
    keys = {name: set(fact_keys(text)) for name, text in texts.items()}

    def containment(link) -> float:
        return len(keys[link.a] & keys[link.b]) / max(1, min(len(keys[link.a]), len(keys[link.b])))

    for level in (0.5, 0.6, 0.7, 0.8):
        kept = [link for link in links if containment(link) >= level]
        good = sum(tuple(sorted((link.a, link.b))) in truth for link in kept)
        print(f"  linked and sharing ≥ {level:.0%} of the smaller fact set: recall {good / len(truth):.3f}, "
              f"precision {good / len(kept) if kept else float('nan'):.3f}")  # fmt: skip
    missed = [p for p in truth if p not in found]
    few = sum(min(len(keys[a]), len(keys[b])) < 3 or len(keys[a] & keys[b]) < 3 for a, b in missed)
    print(f"rewrites not linked: {len(missed)}, of which {few} share fewer than 3 facts (or one side states fewer)")
    for link in other[: args.show]:
        shared = [k for k, _ in link.shared][:6]
        print(f"  {link.a} {texts[link.a][:70]!r}\n  {link.b} {texts[link.b][:70]!r}\n    shared {shared}")
    print(f"Total time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
