"""Can the trigram model propose originals the lexicon does not list ("April or Could" → "May")?

Decision record for issue 17, item 5 ("candidates beyond the lexicon").
For a few spun words whose original no thesaurus lists (a modal for a
month, "Submit Workplace" for "Post Office", "Cupboard Workplace" for
"Cabinet Office"), it scores every one of the 5,000 commonest words in the
slot and prints the ten that raise the window's log-likelihood most.

Result (2026-12-06): the model's favourites are the words that fit two
words of context, not the author's: "April or Could with a" → something,
march, two, someone, anything, anyone, and only then may; "at the Cupboard
Workplace" → the, same, current ("a senior Cupboard Workplace minister"
does give chief, then cabinet).
Only "White Home" → house comes out first, and the lexicon already lists
it.  So open-vocabulary candidates come from learned spinner profiles
(``profile.py``: "May" → "Could" is learned from 000 ↔ 001) and from
SmolLM2, which names "May" after "possibly in April or" with a probability
near 1 (``despin.open_proposals``), not from the trigram model; the trigram
path keeps the lexicon's candidates.

    .venv/bin/python bench/experiments/despin_open_candidates.py    # 2 s
"""

from __future__ import annotations

from articlediff.normalise import wordstats
from articlediff.normalise.ngram import load_trigram_model

SLOTS = (
    ("possibly in April or", "Could", "with a"),
    ("queues at the", "Submit", "Workplace ,"),
    ("the return of Donald Trump to the White", "Home", "."),
    ("officials at the", "Cupboard", "Workplace said"),
    ("a senior", "Cupboard Workplace", "minister said"),
)


def main() -> None:
    lm = load_trigram_model()
    counts = wordstats.unigrams()
    vocabulary = [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:5000] if w.isalpha()]
    for before, spun, after in SLOTS:
        base = lm.variant_log_likelihoods(before + " ", [spun], " " + after)[0]
        scores = lm.variant_log_likelihoods(before + " ", vocabulary, " " + after)
        best = sorted(zip(scores, vocabulary), reverse=True)[:10]
        shown = ", ".join(f"{w} {s - base:+.1f}" for s, w in best)
        print(f"{before} [{spun}] {after}\n   {shown}")


if __name__ == "__main__":
    main()
