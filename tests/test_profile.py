"""Spinner profiles: learning a spinner's swaps from aligned pairs, and undoing them elsewhere."""

from __future__ import annotations

import json

import pytest

from articlediff import clean
from articlediff.errors import UsageError
from articlediff.normalise.profile import SCHEMA, SpinnerProfile, form_key, learn_profile
from articlediff.normalise.repairs import replay

from .conftest import SEEDS

SOURCE = (
    "The prime minister said the government would join talks on trade and security next week.\n\n"
    "Officials said the first meeting in Brussels would focus on trade, and the minister said it was a good start.\n\n"
    "The White House said it would watch the talks closely, and 12 officials would travel in May."
)
# A fixed-dictionary spinner: every "said" → "stated", "join" → "affix", "first" → "primary", "trade" → "commerce",
# "security" → "safety", "House" → "Home"; numbers never change.
SPUN = (
    "The prime minister stated the government would affix talks on commerce and safety next week.\n\n"
    "Officials stated the primary meeting in Brussels would focus on commerce, and the minister stated it was a good start.\n\n"
    "The White Home stated it would watch the talks closely, and 12 officials would travel in May."
)


@pytest.fixture(scope="module")
def profile():
    return learn_profile(SPUN, SOURCE, label="pair-1")


def test_learning_reads_the_swaps_off_an_aligned_pair(profile):
    swaps = {(s.source, s.spun): s.count for s in profile.swaps.values()}
    assert swaps[("said", "stated")] == 4
    assert swaps[("trade", "commerce")] == 2
    assert swaps[("join", "affix")] == 1
    # A capitalised word inside a sentence keeps its capital mark: "House" → "Home" says nothing about "home".
    assert swaps[("House", "^home")] == 1
    assert profile.pairs == 1
    assert profile.kept["minister"] == 2 and profile.kept["stated"] == 0
    assert all(s.seen == ["pair-1"] for s in profile.swaps.values())


def test_numbers_and_other_forms_of_a_word_are_not_swaps():
    source = "The bill cost 12 million pounds and the meeting starts on Monday at the summit of leaders."
    spun = "The bill cost 15 million pounds and the meet starts on Monday at the summit of leaders."
    assert len(learn_profile(spun, source)) == 0


def test_form_key_marks_capitals_inside_a_sentence_only():
    assert form_key("May", sentence_start=False) == "^may"
    assert form_key("May", sentence_start=True) == "may"
    assert form_key("could", sentence_start=False) == "could"


def test_json_round_trip_and_merge(profile, tmp_path):
    path = tmp_path / "p.json"
    profile.save(path)
    data = json.loads(path.read_text())
    assert data["schema"] == SCHEMA and data["swaps"][0]["count"] >= data["swaps"][-1]["count"]
    again = SpinnerProfile.load(path)
    assert again.to_dict() == profile.to_dict()
    both = profile.merge(again)
    assert both.pairs == 2 and len(both) == len(profile)
    assert {s.spun: s.count for s in both.swaps.values()}["stated"] == 8
    assert both.kept["minister"] == 4


@pytest.mark.parametrize(
    "content, message",
    [('{"schema": "other/1"}', "not a spinner profile"), ("[1, 2]", "not a spinner profile"), ("{", "not JSON"),
     (json.dumps({"schema": SCHEMA, "pairs": 1, "swaps": [{"spun": "a"}]}), "malformed")],
)
def test_a_bad_profile_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(UsageError, match=message):
        SpinnerProfile.load(path)
    with pytest.raises(UsageError, match="missing.json: no such file"):
        SpinnerProfile.load(tmp_path / "missing.json")


OTHER_SPUN = (
    "Ministers stated on Tuesday that they would affix a new commerce group.\n\n"
    "The group stated it wanted safety checks at the border, and the White Home agreed."
)


def test_a_profile_undoes_the_same_spinner_on_another_article(profile):
    cleaned = clean(OTHER_SPUN, spinner=profile, lm="trigram")
    changes = {(r.before, r.after) for r in cleaned.repairs + cleaned.suggestions if r.stage == "despin"}
    assert {("stated", "said"), ("affix", "join"), ("commerce", "trade")} <= changes
    assert replay(OTHER_SPUN, cleaned.repairs) == cleaned.text
    for r in cleaned.repairs + cleaned.suggestions:
        if r.stage == "despin":
            assert r.reason.startswith("spinner profile:") and 0 < r.confidence < 1
    assert cleaned.metadata["despin"]["profile"] is True


def test_suggestions_are_never_applied_unless_asked(profile):
    strict = clean(OTHER_SPUN, spinner=profile, lm="trigram", min_confidence=1.0)
    assert not [r for r in strict.repairs if r.stage == "despin"]
    assert strict.suggestions and strict.text == clean(OTHER_SPUN, stages="typography,boilerplate,spintax").text
    everything = clean(OTHER_SPUN, spinner=profile, lm="trigram", min_confidence=0.0)
    assert not everything.suggestions
    assert len([r for r in everything.repairs if r.stage == "despin"]) == len(strict.suggestions)
    for s in strict.suggestions:  # a suggestion's offsets point at the original characters it would replace
        assert OTHER_SPUN[s.start : s.end] == s.before


def test_min_confidence_is_checked():
    with pytest.raises(UsageError, match="between 0 and 1"):
        clean("text", min_confidence=1.5)
    with pytest.raises(UsageError, match="between 0 and 1"):
        clean("text", min_confidence=float("nan"))


def test_explain_says_why_context_de_spinning_did_not_run():
    from articlediff.report import render

    ordinary = clean(SOURCE, lm="trigram")
    status = ordinary.metadata["despin"]
    assert status["context"] is False and "reads as ordinary" in status["why"]
    assert "de-spinning: context de-spinning skipped; spin score 0.000 below 0.025" in render(ordinary, "explain")
    short = clean("The minister stated the talks went well.", lm="trigram")
    assert "too short to judge (7 words scored; 40 needed)" in render(short, "explain")
    skipped = clean(SOURCE, stages="typography")
    assert "the despin stage was not selected" in render(skipped, "explain")


def test_learning_from_the_spun_copies_a_folder_holds(tmp_path):
    from articlediff.learn import learn_from_copies

    from .test_source import spun_copy

    for name in ("002", "003"):
        source = (SEEDS / next(p.name for p in SEEDS.glob(f"{name}_*.txt"))).read_text(encoding="utf-8")
        (tmp_path / f"source-{name}.txt").write_text(source, encoding="utf-8")
        (tmp_path / f"copy-{name}.txt").write_text(spun_copy(source)[0], encoding="utf-8")
    (tmp_path / "other.txt").write_text(SOURCE, encoding="utf-8")
    learned = learn_from_copies([tmp_path])
    assert learned.documents == 5
    # Each spun copy is found, and oriented: the copy (which reads less like English) is the spun side.
    assert sorted(learned.pairs) == [("copy-002", "source-002"), ("copy-003", "source-003")]
    assert learned.profile.pairs == 2 and len(learned.profile) > 20
    assert all(s.seen and all(w.startswith("copy-") for w in s.seen) for s in learned.profile.swaps.values())
