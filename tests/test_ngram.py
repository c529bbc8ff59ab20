"""De-spinning with the trigram model (pocketsphinx's English model, a core dependency)."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff import CleanConfig, clean, replay
from articlediff.normalise import despin
from articlediff.normalise.judging import looks_spun
from articlediff.normalise.ngram import available, load_trigram_model, words_of

from .test_clean import ORDINARY

pytestmark = pytest.mark.skipif(not available(), reason="pocketsphinx (the trigram model) is not installed")


@pytest.fixture(scope="module")
def model():
    return load_trigram_model()


def test_words_are_lower_case_and_sentences_end():
    assert words_of("The PM’s plan. It WORKED!  Did it?") == [
        "the",
        "pm's",
        "plan",
        "</s>",
        "it",
        "worked",
        "</s>",
        "did",
        "it",
        "</s>",
    ]
    assert words_of("... 2025, £5bn") == ["bn"]


@pytest.mark.parametrize(
    ("original", "spun"),
    [
        ("the return of Donald Trump to the White House.", "the return of Donald Trump to the White Home."),
        ("a summit in April or May.", "a summit in April or Could."),
        ("the Nato Secretary General said.", "the Nato Secretary Basic said."),
        ("he will sign up to the deal.", "he will signal as much as the deal."),
    ],
)
def test_the_model_prefers_the_original_wording(model, original, spun):
    a, b = model.log_likelihoods([original, spun])
    assert a - b > 5  # e^5: the original is well over a hundred times likelier


def test_first_look_ranks_the_next_word(model):
    ((home, house),) = model.next_word_log_probs([("the return of Donald Trump to the White ", ["Home", "House"])])
    assert house > home + model.judging.gain and house <= 0


def test_british_spelling_reads_as_the_american(model):
    assert model.fold("defence") == "defense" and model.fold("programme") == "program"
    assert model.fold("summit") == "summit"
    british, american = model.log_likelihoods(["a loan programme for defence.", "a loan program for defense."])
    assert british == pytest.approx(american)


def test_an_unknown_word_costs_the_same_on_both_sides(model):
    a, b = model.log_likelihoods(["Zqxwv met Brussels.", "Zqxwv met Brussels."])
    assert a == b and a < 0
    assert not model.knows("zqxwv") and model.knows("brussels")


def test_two_words_of_context_decide_as_much_as_eight(model, seeds):
    # A trigram model's score of a replacement depends on two words on each side only, which is why its
    # window is 2; a wider window must give exactly the same repairs.
    text = seeds["000"].text
    narrow = clean(text, lm="trigram", force_despin=True)
    wide = clean(text, config=CleanConfig(lm="trigram", force_despin=True, judging=dataclasses.replace(model.judging, window=8)))
    assert narrow.text == wide.text and narrow.repairs


@pytest.fixture(scope="module")
def spun_article(model, seeds):
    return clean(seeds["000"].text, lm="trigram", min_confidence=0.0)  # every proposal applied: the mechanism under test


def test_spun_article_is_detected_and_de_spun(spun_article, seeds):
    spin = spun_article.metadata["spin"]
    assert spin["model"] == "cmu-en-us-trigram" and spin["spun"] is True
    assert spun_article.spin_score >= spin["threshold"]
    changes = {(r.before, r.after) for r in spun_article.repairs if r.stage == "despin"}
    # Restorations a reader can check against the BBC's wording in seed 001 (or plain English).
    assert {("primary", "first"), ("stated", "said"), ("nearer", "closer")} <= changes
    assert replay(seeds["000"].text, spun_article.repairs) == spun_article.text
    for r in spun_article.repairs:
        if r.stage == "despin":
            assert "nats more likely" in r.reason and 0 < r.confidence <= 0.95


def test_context_alone_only_suggests(model, seeds, spun_article):
    # No gain of the trigram model is right 95% of the time on labelled spins (Judging.calibration), so at
    # the default bar every context proposal is a suggestion: listed, explained, not applied.
    default = clean(seeds["000"].text, lm="trigram")
    assert not [r for r in default.repairs if r.stage == "despin"]
    applied = {(r.before, r.after, r.confidence) for r in spun_article.repairs if r.stage == "despin"}
    # Proposals under 0.5 are more likely wrong than right: not even suggested.
    assert {(s.before, s.after, s.confidence) for s in default.suggestions} == {a for a in applied if a[2] >= 0.5}
    assert default.suggestions and all(0.5 <= s.confidence < 0.95 for s in default.suggestions)


@pytest.mark.parametrize("key", ["001", "002", "003", "004"])
def test_ordinary_articles_are_left_alone(model, seeds, key):
    cleaned = clean(seeds[key].text, lm="trigram")
    assert cleaned.metadata["spin"]["spun"] is False
    assert [r for r in cleaned.repairs if r.stage == "despin"] == []


def test_a_few_proposals_in_a_short_text_do_not_open_the_gate():
    judging = load_trigram_model().judging
    # 3 of 115 words is above the threshold's share, but ordinary text shows that many by chance.
    assert 3 / 115 >= judging.article_threshold
    assert not looks_spun(3, 115, judging)
    assert looks_spun(19, 578, judging)  # seed 000's sample
    assert not looks_spun(1, 30, judging)  # too short to judge


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=20).map(lambda items: "\n\n".join(items)))
def test_ordinary_news_sentences_are_left_alone(text):
    assert clean(text, lm="trigram").text == text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_forced_cleaning_is_replayable_on_any_text(text):
    once = clean(text, lm="trigram", force_despin=True)
    assert replay(text, once.repairs) == once.text
    assert once.text.count("\n") == text.count("\n")
    for r in once.repairs:
        assert 0 <= r.start <= r.end <= len(text)


def test_the_timeline_flags_the_spun_seed_with_the_trigram_model(seeds):
    from articlediff import timeline

    result = timeline([seeds[k] for k in ("001", "000")], order="given", lm="trigram")
    first, second = result.entries
    assert not first.spun and "spin score" not in first.spin_evidence
    assert second.spun and "spin score" in second.spin_evidence and second.spin_score >= 0.025


@st.composite
def passage_cut_at_words(draw):
    """A passage, and a span of its words as the de-spinner cuts one (word boundaries), with replacements."""
    alphabet = st.sampled_from(["the", "White", "House", "’s", "o’clock", "G7", ". ", "! ", ", ", " ", "\u2019", "e.g.", "Home"])
    text = "".join(draw(st.lists(alphabet, min_size=1, max_size=25)))
    tokens = [t for _, runs in despin._sentences(text) for run in runs for t in run]
    if not tokens:
        return text, 0, len(text), []
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(i, min(len(tokens) - 1, i + 2)))
    middles = draw(st.lists(st.sampled_from(["house", "Home", "white house", "U.S.", "prime minister", "’s"]), max_size=4))
    return text, tokens[i].start, tokens[j].end, middles


@settings(max_examples=200, deadline=None)
@given(passage_cut_at_words())
def test_scoring_the_pieces_equals_scoring_the_whole(model, case):
    text, s, e, middles = case
    prefix, suffix = text[:s], text[e:]
    readings = [text[s:e], *middles]
    assert model.variant_log_likelihoods(prefix, readings, suffix) == model.log_likelihoods(
        [prefix + m + suffix for m in readings]
    )


def test_progress_is_reported_while_the_model_scores(model, seeds):
    # A model path must never run silently: clean reports sentences scored, the total growing once the gate opens.
    calls = []
    clean(seeds["000"].text, lm="trigram", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, calls[0][1]) and calls[-1][0] == calls[-1][1] > calls[0][1]
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:]))


class _Afresh:
    """The trigram model, without leave to keep the de-spinner's conclusions: every passage is judged again."""

    memoisable = False

    def __init__(self, model):
        self._model = model

    def __getattr__(self, name):
        return getattr(self._model, name)


def _all_proposals(text, lm):
    """Every sentence's proposals, as the de-spinner's context path asks for them (lm_proposals, sentence by sentence)."""
    sentences = list(despin._sentences(text))
    tokens = [t for _, runs in sentences for run in runs for t in run]
    spelling = despin.ArticleSpelling(t.lower for t in tokens)
    out, k = [], 0
    for _, runs in sentences:
        n = sum(len(run) for run in runs)
        out.append(despin.lm_proposals(text, tokens, despin._spans(tokens, k, k + n), lm, spelling))
        k += n
    return out


@settings(max_examples=12, deadline=None)
@given(st.permutations(range(8)), st.sampled_from(["", "Updated. ", "The White Home stated on Monday that ", "\n\n"]))
def test_proposals_kept_for_a_passage_are_those_judged_afresh(model, seeds, order, prefix):
    """Copies of one story share passages wherever they stand: a passage judged once (its window of text, tokens,
    spans and candidates) gives, moved elsewhere, the proposals a fresh judging gives there."""
    lines = [line for line in seeds["000"].text.splitlines() if line.strip()][:8]
    text = prefix + "\n".join(lines[k] for k in order)
    assert _all_proposals(text, model) == _all_proposals(text, _Afresh(model))


def test_a_passage_is_judged_once(model, seeds):
    text = seeds["000"].text
    first = _all_proposals(text, model)
    kept = len(despin._PROPOSALS[model])
    moved = _all_proposals("* * *\n\n" + text, model)  # no word before: every window holds the same words
    assert len(despin._PROPOSALS[model]) == kept  # nothing judged again: the article's passages only moved
    shift = len("* * *\n\n")
    assert [[(p.edit.start - shift, p.edit.after, p.gain) for p in found] for found in moved] == [
        [(p.edit.start, p.edit.after, p.gain) for p in found] for found in first
    ]
    afresh = _Afresh(model)
    assert _all_proposals(text, afresh) == first and afresh not in despin._PROPOSALS  # a model without leave: nothing kept


@settings(deadline=None)
@given(st.integers(0, 600), st.integers(-3, 603), st.sampled_from([0.0, 1e-4, 0.012, 0.3, 0.5, 0.97, 1.0]))
def test_the_binomial_tail_is_scipys(n, k, p):
    from scipy.stats import binom

    from articlediff.normalise.judging import binomial_tail

    expected = float(binom.sf(k - 1, n, p))
    assert binomial_tail(k, n, p) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("lm", ["trigram", "none"])
def test_the_verdict_alone_is_cleans_verdict(seeds, lm):
    """judge_spin stops once the verdict is known: the same score and verdict as clean, spun article or not."""
    from articlediff.normalise.clean import judge_spin

    spun = 0
    for article in seeds.values():
        cleaned = clean(article.text, stages="despin", lm=lm)
        verdict = {k: v for k, v in cleaned.metadata["spin"].items() if k != "sentences"}
        assert judge_spin(article.text, lm=lm) == (cleaned.spin_score, verdict)
        spun += bool(verdict.get("spun"))
    assert spun == (1 if lm == "trigram" else 0)  # seed 000, the spun copy, opens the gate: the test covers both ways
