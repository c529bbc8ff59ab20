"""The paraphrase-aware scorer: its contract (range, symmetry, identity), the labelled pairs, and its limits on the seeds."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.matching import matching_view
from articlediff.paraphrase import (
    PARAPHRASE_THRESHOLD,
    paraphrase_score,
    paraphrase_similarity,
    profile,
    stem,
)
from articlediff.score import Vocabulary, passage_score
from articlediff.segment import iter_words, segment

from .conftest import DATA, SEEDS
from .strategies import VOCAB

# Words the scorer treats differently: names (no thesaurus entry), thesaurus synonyms, rare and common words.
WORDS = [
    *VOCAB,
    *("emphasised", "stressed", "desire", "wants", "closer", "nearer", "ties", "relationship", "collapsed", "broke"),
    *("negotiations", "talks", "struggle", "war", "journey", "trip", "casual", "informal", "Greenland", "Rutte"),
    *("2025", "€150", "billion", "EU's", "UK-EU", "co-operation", "He'll", "won't", "the", "of", "and"),
]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=25).map(" ".join)
contentful = (
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join).filter(lambda t: profile(matching_view(t)).words)
)


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    with open(DATA / "paraphrase_pairs.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def views(a: str, b: str):
    vocab = Vocabulary()
    return (vocab.view([w.key for w in iter_words(a)]), vocab.view([w.key for w in iter_words(b)]))


def score(a: str, b: str) -> float:
    return paraphrase_score(*views(a, b))


# --- the scorer contract -------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_score_is_between_0_and_100(a, b):
    assert 0.0 <= score(a, b) <= 100.0
    assert 0.0 <= paraphrase_similarity(a, b) <= 100.0


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_score_is_symmetric(a, b):
    va, vb = views(a, b)
    assert paraphrase_score(va, vb) == paraphrase_score(vb, va)
    assert paraphrase_similarity(a, b) == paraphrase_similarity(b, a)


@settings(max_examples=200, deadline=None)
@given(contentful)
def test_identical_text_scores_100(a):
    va, vb = views(a, a)
    assert paraphrase_score(va, vb) == 100.0
    assert paraphrase_similarity(a, a) == 100.0


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_similarity_on_raw_text_equals_score_on_views(a, b):
    assert paraphrase_similarity(a, b) == pytest.approx(score(a, b))


def test_empty_or_function_words_only_scores_0():
    assert paraphrase_similarity("", "Starmer wants closer ties.") == 0.0
    assert paraphrase_similarity("It is what it is.", "Starmer wants closer ties.") == 0.0
    assert paraphrase_similarity("", "") == 0.0


def test_folding_is_that_of_the_matching_view():
    # Curly apostrophes, case, accents and hyphens do not change the score.
    assert paraphrase_similarity("Šefčovič’s UK-EU co-operation", "sefcovic's ukeu cooperation") == 100.0


# --- what the method is meant to do ----------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("negotiations", "negotiation", "negotiate", "negotiating"),
        ("talks", "talk", "talked", "talking"),
        ("close", "closely", "closed"),
        ("collapse", "collapsed", "collapses"),
        ("stopped", "stop"),
        ("studies", "study", "studied"),
    ],
)
def test_inflections_share_a_stem(forms):
    assert len({stem(f) for f in forms}) == 1


def test_different_words_keep_different_stems():
    assert len({stem(w) for w in ("region", "regime", "news", "new", "process", "focus", "million")}) == 7


def test_synonyms_count_but_less_than_the_same_word():
    ties = "Starmer emphasised his desire for nearer ties"
    same = paraphrase_similarity(ties, "Starmer emphasised his desire for nearer ties with Europe")
    synonyms = paraphrase_similarity(ties, "Starmer stressed his wants for closer ties")
    unrelated = paraphrase_similarity(ties, "Starmer reviewed his budget for cheaper rail")
    assert same > synonyms > unrelated
    assert synonyms >= PARAPHRASE_THRESHOLD > unrelated


def test_a_shared_rare_word_counts_more_than_a_shared_common_word():
    rare = paraphrase_similarity("Ministers discussed the rearmament fund", "Critics doubted the rearmament plan")
    common = paraphrase_similarity("Ministers discussed the important fund", "Critics doubted the important plan")
    assert rare > common


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Starmer", "Keir", "EU", "UK", "Brussels", "Nato", "Rutte", "Europe"]), min_size=1, max_size=4),
    st.sampled_from(
        [
            ("flew in on Monday for a summit", "rejected the fisheries proposal outright"),
            ("praised the farmers and the fishing fleet", "warned about tariffs on steel imports"),
            ("opened a new hospital wing yesterday", "criticised the railway timetable changes"),
        ]
    ),
)
def test_shared_story_names_alone_do_not_make_a_paraphrase(names, clauses):
    """Names every sentence of a story shares (Starmer, EU, Brussels) cannot carry a pair of different sentences."""
    prefix = " ".join(names)
    assert score(f"{prefix} {clauses[0]}", f"{prefix} {clauses[1]}") < PARAPHRASE_THRESHOLD


# --- the labelled pairs ----------------------------------------------------------------------


def test_labelled_file_is_well_formed(pairs):
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert len(pairs) >= 60
    assert len({r["id"] for r in pairs}) == len(pairs)
    assert len({frozenset((r["a"], r["b"])) for r in pairs}) == len(pairs)
    assert {r["label"] for r in pairs} == {"paraphrase", "different"}
    share = sum(r["label"] == "paraphrase" for r in pairs) / len(pairs)
    assert 0.4 <= share <= 0.6
    assert sum(r["source"] != "handwritten" for r in pairs) >= 0.75 * len(pairs)
    for r in pairs:
        if r["source"] != "handwritten":
            assert r["a"] in seeds[r["a_seed"]] and r["b"] in seeds[r["b_seed"]], r["id"]


# Clear cases picked by reading (scores far from any plausible threshold), not the borderline ones.
CLEAR_PARAPHRASES = {
    "q009": "003 headline variants: UK and EU eye / consider reviving defence cooperation",
    "q013": "000/001: the EU must take more responsibility (accountability) for its own defence",
    "q016": "001: Starmer at the informal EU summit, first since Brexit",
    "q021": "001/004: ministers want a better/improved relationship on defence, security and trade",
    "q027": "000/001: nearer ties with the EU on organised crime and commerce/trade",
    "q044": "000/001: spun copy",
}
CLEAR_DIFFERENT = {
    "q049": "002/003: asked about Safe on the China trip vs a vision for relations with Europe",
    "q050": "002/003: Safe not in the coming talks vs defence not on the agenda",
    "q053": "002/003: share 'desire', closer ties, Brexit; different claims",
    "q054": "002/003: Brexit deal botched vs future collaboration areas",
    "q064": "002/003: France's price tag vs France's loan condition",
}


@pytest.mark.parametrize("pair_id", sorted(CLEAR_PARAPHRASES))
def test_clear_paraphrases_score_over_the_threshold(pairs, pair_id):
    r = next(r for r in pairs if r["id"] == pair_id)
    assert r["label"] == "paraphrase"
    assert score(r["a"], r["b"]) >= PARAPHRASE_THRESHOLD


@pytest.mark.parametrize("pair_id", sorted(CLEAR_DIFFERENT))
def test_clear_different_pairs_score_under_the_threshold(pairs, pair_id):
    r = next(r for r in pairs if r["id"] == pair_id)
    assert r["label"] == "different"
    assert score(r["a"], r["b"]) < PARAPHRASE_THRESHOLD


def _auc(pos: list[float], neg: list[float]) -> float:
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def test_accuracy_on_the_labelled_pairs(pairs):
    """Measured 0.64 at the threshold (passage_score: 0.54 at 55, 0.58 at its best threshold); floor with margin."""
    hits = sum((score(r["a"], r["b"]) >= PARAPHRASE_THRESHOLD) == (r["label"] == "paraphrase") for r in pairs)
    assert hits / len(pairs) >= 0.60


def test_ranks_paraphrases_better_than_passage_score(pairs):
    """ROC AUC measured 0.71 against 0.56 for passage_score (bench/paraphrase_bench.py)."""
    result = {}
    for name, scorer in (("paraphrase", paraphrase_score), ("passage", passage_score)):
        s = [(scorer(*views(r["a"], r["b"])), r["label"] == "paraphrase") for r in pairs]
        result[name] = _auc([x for x, y in s if y], [x for x, y in s if not y])
    assert result["paraphrase"] >= 0.66
    assert result["paraphrase"] >= result["passage"] + 0.08


def test_unrelated_sentences_of_one_story_score_low(pairs):
    """Seeds 002 and 003 tell one story: almost no pair of their sentences that is not labelled a paraphrase passes.

    Measured 3 of 727 (0.4%); floor 2%.
    """
    paraphrases = [(r["a"], r["b"]) for r in pairs if r["label"] == "paraphrase"]
    a_sentences = [s.text for s in segment((next(SEEDS.glob("002_*.txt"))).read_text(encoding="utf-8"))][9:]
    b_sentences = [s.text for s in segment((next(SEEDS.glob("003_*.txt"))).read_text(encoding="utf-8"))]
    others = [(x, y) for x in a_sentences for y in b_sentences if (x, y) not in paraphrases and (y, x) not in paraphrases]
    over = sum(score(x, y) >= PARAPHRASE_THRESHOLD for x, y in others)
    assert len(others) > 700
    assert over <= 0.02 * len(others)


def test_per_pair_cost_is_microseconds(pairs):
    """About 4 µs a pair with cached profiles on the development machine; the bound only catches a blow-up."""
    vs = [views(r["a"], r["b"]) for r in pairs]
    for a, b in vs:
        paraphrase_score(a, b)
    t0 = time.perf_counter()
    for _ in range(20):
        for a, b in vs:
            paraphrase_score(a, b)
    per_pair = (time.perf_counter() - t0) / (20 * len(vs))
    assert per_pair < 200e-6
