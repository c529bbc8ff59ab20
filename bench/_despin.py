"""What the de-spinning benchmarks share: the spun copies' seeds, seed 000's real spin, how a cleaned copy is scored.

Used by ``despin_bench.py``, ``_labelled.py`` and by the decision records in ``experiments/``
(``despin_ceiling.py``, ``despin_coverage.py``).  docs/benchmarks.md
(Normaliser, "How the figures are measured") describes the scoring.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import spinner
from rapidfuzz.distance import Levenshtein

from articlediff.normalise import despin, wordstats
from articlediff.segment import iter_words

#: Spin rates the restoration and wrong-change targets are judged on (0.5 is shown as a stress case).
TARGET_RATES = (0.15, 0.25, 0.35)
#: The stages other than despin, for the target and base of an "all stages" mode.
NON_DESPIN = "typography,boilerplate,spintax"
#: ``clean(..., lm=WP)``: word-pair statistics, the one way of judging context that needs no model.
WP = "none"
#: The reduced set the language model is run on (it is about ten thousand times slower than word pairs).
LM_SEEDS = ("004", "002")  # the two shortest ordinary seeds
LM_RATES = TARGET_RATES


def spin_seed(name: str, rate: float, rep: int) -> int:
    """The spinner seed of replicate ``rep`` of seed file ``name`` at ``rate``: every script spins the same copies."""
    return int(name) * 10_000 + round(rate * 100) * 10 + rep


# --- real spin: seed 000 against seed 001 ------------------------------------------

#: The first words of the seven lines of seed 001 that seed 000's first seven lines were spun from.
REAL_SPIN_LINES = (
    "Sir Keir Starmer is in Brussels to join",
    "Starmer is attending talks",
    "The trip is part of",
    "The government has promised",
    "But ministers do want",
    "They hope to sort this out",
    "Leaders of the European Union's 27 member states",
)


def nonempty_lines(text: str) -> list[tuple[int, int, int]]:
    """(line number, start, end) of each non-empty line."""
    out, pos = [], 0
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            out.append((k, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def real_spin_lines(texts: dict[str, str]):
    """(seed 000, seed 001, seed 000's first seven non-empty lines, their counterpart lines in 001)."""
    spun, source = texts["000"], texts["001"]
    spun_lines = nonempty_lines(spun)[:7]
    source_lines = []
    for prefix in REAL_SPIN_LINES:
        line = next(line.strip() for line in source.split("\n") if line.strip().replace("’", "'").startswith(prefix))
        source_lines.append(line)
    return spun, source, spun_lines, source_lines


# --- words and alignment --------------------------------------------------------


def keys(text: str) -> list[str]:
    """The text's words as matching keys (case, accents, typography folded)."""
    return [w.key for w in iter_words(text)]


def equal_map(a: list[str], b: list[str]) -> dict[int, int]:
    """Index in ``a`` → index in ``b`` for words the Levenshtein alignment keeps as equal."""
    out: dict[int, int] = {}
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                out[op.src_start + k] = op.dest_start + k
    return out


def context(words: list[str], start: int, end: int, width: int = 3) -> str:
    before = " ".join(words[max(0, start - width) : start])
    after = " ".join(words[end : end + width])
    return f"{before} [{' '.join(words[start:end])}] {after}".strip()


# --- scoring a cleaned copy ------------------------------------------------------


@dataclass
class Tally:
    """Counts for one mode and rate, summed over copies."""

    spun_words: int = 0
    restored_words: int = 0
    untouched: int = 0
    wrong: int = 0  # by the de-spinner (present after the other stages, changed by the output)
    wrong_other: int = 0  # by the other stages acting differently on the spun text
    target_words: int = 0
    errors_before: int = 0
    errors_after: int = 0
    excluded_changes: int = 0  # in text the other stages removed
    copies: int = 0
    rewrote: int = 0  # copies where the de-spinner made at least one repair

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def restored(self) -> float:
        return self.restored_words / self.spun_words if self.spun_words else 0.0

    @property
    def wrong_per_100(self) -> float:
        return 100 * self.wrong / self.untouched if self.untouched else 0.0

    @property
    def wer_before(self) -> float:
        return self.errors_before / self.target_words if self.target_words else 0.0

    @property
    def wer_after(self) -> float:
        return self.errors_after / self.target_words if self.target_words else 0.0


@dataclass
class Examples:
    """Concrete outcomes, for the failure-mode report."""

    restored: Counter = field(default_factory=Counter)  # (original, spun)
    kept: Counter = field(default_factory=Counter)  # spun form left in place: (original, spun)
    misrestored: Counter = field(default_factory=Counter)  # (original, spun, output)
    wrong: Counter = field(default_factory=Counter)  # (original untouched word, output)
    wrong_context: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # kind -> [restored, spun] words
    evidence: Counter = field(default_factory=Counter)  # bigram facts about single-word changes not restored


def bigram_evidence(original: str, spun: str, prev: str | None, nxt: str | None) -> str:
    """What the word-pair counts say about a single-word change the cleaner did not restore.

    Facts from :mod:`articlediff.normalise.wordstats` only (the de-spinner's
    own rules may differ): a spun word that forms a word pair seen in
    ordinary English with a neighbour looks ordinary; an original that forms
    no such pair gives the context model nothing to prefer it by.
    """
    sides = [w for w in (prev, nxt) if w is not None]
    if not sides:
        return "no neighbour in the sentence"
    pairs_spun = [wordstats.pair_count(prev, spun)] if prev else []
    pairs_spun += [wordstats.pair_count(spun, nxt)] if nxt else []
    pairs_orig = [wordstats.pair_count(prev, original)] if prev else []
    pairs_orig += [wordstats.pair_count(original, nxt)] if nxt else []
    strong = getattr(despin, "STRONG_PAIR", 10_000_000)
    if any(pairs_spun):
        return "spun word forms an attested pair with a neighbour"
    if not all(pairs_orig):
        return "original forms no attested pair on some side"
    if not all(c >= strong for c in pairs_orig):
        return f"original's pairs attested but not all ≥ {strong:,}"
    return "bigram evidence favours the original, still not restored"


def change_kind(change: spinner.Change, touching: bool) -> list[str]:
    kinds = ["phrase (2 words)" if change.orig_end - change.orig_start > 1 else "single word"]
    kinds.append("next to another change" if touching else "between untouched words")
    kinds.append("capitalised" if change.original[:1].isupper() else "lower case")
    kinds.append("spun form of 2 words" if len(change.spun.split()) > 1 else "spun form of 1 word")
    return kinds


def dest_words(ops, words: list[str], start: int, end: int) -> str:
    """The words of the destination that the alignment ``ops`` puts where source words ``[start, end)`` are."""
    out: list[str] = []
    for op in ops:
        if op.tag == "insert":
            if start <= op.src_start <= end:  # inserted inside the span or at its edges
                out += words[op.dest_start : op.dest_end]
            continue
        lo, hi = max(start, op.src_start), min(end, op.src_end)
        if lo >= hi:
            continue
        if op.tag == "equal":
            out += words[op.dest_start + lo - op.src_start : op.dest_start + hi - op.src_start]
        else:  # replace or delete: the whole destination side of the block
            out += [w for w in words[op.dest_start : op.dest_end] if not out or w != out[-1]]
    return " ".join(out) or "∅"


def score_copy(
    original: str,
    spun: str,
    changes: list[spinner.Change],
    target: str,
    base: str,
    cleaned: str,
    examples: Examples | None = None,
) -> Tally:
    """Score one cleaned spun copy.

    The *target* is the original (for "all stages", the original after the
    other stages, so boilerplate removal is not counted as an error); the
    *base* is the spun text (after the other stages, for "all stages"); the
    *cleaned* text is the output.  Each is aligned to the target word by word
    (matching keys) with ``Levenshtein.opcodes``.
    A change counts as restored when all its original words are aligned,
    contiguously, to equal words of the cleaned text.  An untouched word
    (the spinner left it alone) is a wrong change when the base still has
    it but the cleaned text does not.
    """
    Orig, S, T, B, C = keys(original), keys(spun), keys(target), keys(base), keys(cleaned)
    o2t = {i: i for i in range(len(Orig))} if target == original else equal_map(Orig, T)
    s2b = {i: i for i in range(len(S))} if base == spun else equal_map(S, B)
    t2b, t2c, b2c = equal_map(T, B), equal_map(T, C), equal_map(B, C)
    tally = Tally(target_words=len(T), copies=1)
    tally.errors_before = Levenshtein.distance(T, B)
    tally.errors_after = Levenshtein.distance(T, C)
    b_ops = Levenshtein.opcodes(B, C) if examples is not None else None
    t_ops = Levenshtein.opcodes(T, C) if examples is not None else None
    spun_orig: set[int] = set()
    starts, ends = {ch.orig_start for ch in changes}, {ch.orig_end for ch in changes}
    for ch in changes:
        span = range(ch.orig_start, ch.orig_end)
        spun_orig.update(span)
        if not all(i in o2t for i in span):
            tally.excluded_changes += 1
            continue
        ta, tb = o2t[ch.orig_start], o2t[ch.orig_end - 1] + 1
        n = tb - ta
        ok = all(t in t2c for t in range(ta, tb)) and t2c[tb - 1] - t2c[ta] == n - 1
        tally.spun_words += n
        tally.restored_words += n if ok else 0
        if examples is None:
            continue
        for kind in change_kind(ch, ch.orig_end in starts or ch.orig_start in ends):
            examples.by_kind[kind][0] += n if ok else 0
            examples.by_kind[kind][1] += n
        pair = (ch.original.lower(), ch.spun.lower())
        if ok:
            examples.restored[pair] += 1
            continue
        if n == 1 and ch.spun_end - ch.spun_start == 1:
            prev = S[ch.spun_start - 1] if ch.spun_start > 0 else None
            nxt = S[ch.spun_end] if ch.spun_end < len(S) else None
            examples.evidence[bigram_evidence(T[ta], S[ch.spun_start], prev, nxt)] += 1
        b_span = [s2b.get(k) for k in range(ch.spun_start, ch.spun_end)]
        if None not in b_span:
            kept = all(b in b2c for b in b_span) and b2c[b_span[-1]] - b2c[b_span[0]] == len(b_span) - 1
            if kept:
                examples.kept[pair] += 1
            else:
                examples.misrestored[(*pair, dest_words(b_ops, C, b_span[0], b_span[-1] + 1))] += 1
        else:
            examples.misrestored[(*pair, dest_words(t_ops, C, ta, tb))] += 1
    for i in range(len(Orig)):
        if i in spun_orig or i not in o2t:
            continue
        t = o2t[i]
        tally.untouched += 1
        if t not in t2b:
            tally.wrong_other += 1
        elif t not in t2c:
            tally.wrong += 1
            if examples is not None:
                key = (T[t], dest_words(t_ops, C, t, t + 1))
                examples.wrong[key] += 1
                examples.wrong_context.setdefault(key, context(T, t, t + 1))
    return tally
