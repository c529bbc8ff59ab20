"""De-spinning from context never changes a fact: numbers, dates, names, quotations, fixed expressions."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlediff import clean
from articlediff.facts import extract_facts
from articlediff.normalise.protect import fixed_expressions, protected_spans
from articlediff.segment import segment

from .conftest import SEEDS


def _facts(text: str) -> Counter:
    return Counter((f.type, f.text) for f in extract_facts(text))


def _sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.text for s in segment(text) if 8 <= len(s.words) <= 60]
    return out


SENTENCES = _sentences()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=12))
def test_context_de_spinning_never_changes_a_fact(sentences):
    # Spun sentences (seed 000) and ordinary ones, mixed; every proposal applied, whatever its confidence.
    text = "\n\n".join(sentences)
    cleaned = clean(text, stages="despin", lm="trigram", force_despin=True, min_confidence=0.0)
    assert _facts(cleaned.text) == _facts(text)


def test_the_repairs_that_changed_facts_before_are_left_alone(seeds):
    cleaned = clean(seeds["000"].text, lm="trigram", min_confidence=0.0)
    changed = {(r.before, r.after) for r in cleaned.repairs if r.stage == "despin"}
    assert ("customs union", "union") not in changed
    assert not any(r.before.lower() == "customs union" for r in cleaned.repairs)
    assert cleaned.metadata["despin"]["protected"] > 0


def test_fixed_expressions_are_what_the_model_reads_as_one():
    text = "They want to re-join the customs union and protect supply chains, said Downing Street, not the White Home."
    found = {text[a:b] for a, b, _ in fixed_expressions(text)}
    assert {"customs union", "supply chains", "Downing Street"} <= found
    assert "White Home" not in found and "the customs" not in found


def test_protected_spans_cover_numbers_quotes_and_names():
    text = 'Sir Keir Starmer said "we will not go back" as £130bn of trade was at stake on 19 May.'
    kinds = {text[a:b]: kind for a, b, kind in protected_spans(text)}
    assert kinds.get("£130bn") == "money"
    assert any(kind == "quote" for kind in kinds.values())
    assert any(kind == "person" and "Starmer" in span for span, kind in kinds.items())


@pytest.mark.parametrize("key", ["001", "002", "003", "004"])
def test_ordinary_articles_get_no_applied_de_spin_repair(seeds, key):
    cleaned = clean(seeds[key].text)
    assert not [r for r in cleaned.repairs if r.stage == "despin"]


def test_ordinary_news_gets_no_de_spin_repair_and_nothing_changes():
    # fixtures/negatives/: ordinary news nobody in this project wrote (gensim's Lee corpus); ftfy keeps such a file.
    from .conftest import ROOT

    paths = sorted((ROOT / "fixtures" / "negatives").glob("*.txt"))
    assert len(paths) >= 30
    for path in paths:
        text = path.read_text(encoding="utf-8")
        cleaned = clean(text)
        assert not [r for r in cleaned.repairs if r.stage == "despin"], path.name
        assert not cleaned.suggestions, path.name  # the gate stays shut on ordinary text: not even a suggestion
