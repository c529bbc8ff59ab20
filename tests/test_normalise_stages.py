"""The normaliser's first three stages: typography, boilerplate, spintax."""

from types import SimpleNamespace

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.normalise import boilerplate, spintax, typography
from articlediff.normalise.clean import clean
from articlediff.normalise.repairs import OffsetMap


def ctx():
    return SimpleNamespace(metadata={}, reference=None, force_despin=False, spin_score=0.0)


def apply(module, text, context=None):
    context = context or ctx()
    offsets = OffsetMap(text)
    repairs = offsets.apply(module.NAME, module.run(text, context))
    return offsets.text, repairs, context.metadata


# typography -------------------------------------------------------------


def test_mojibake_is_repaired_with_offsets():
    text = "The EUâ€™s â€œresetâ€\x9d began."
    cleaned, repairs, _ = apply(typography, text)
    assert cleaned == "The EU’s “reset” began."
    assert all(text[r.start : r.end] == r.before for r in repairs)
    assert all("mojibake" in r.reason for r in repairs)


def test_curly_quotes_and_dashes_are_kept():
    text = "He said “yes” – and ‘no’."
    assert apply(typography, text)[0] == text


def test_invisible_and_non_breaking_characters():
    cleaned, repairs, _ = apply(typography, "Non\u00a0breaking zero\u200bwidth soft\u00adhyphen")
    assert cleaned == "Non breaking zerowidth softhyphen"
    assert {r.reason for r in repairs} == {"non-breaking or special space made a plain space", "invisible character removed"}


def test_nfc():
    cleaned, repairs, _ = apply(typography, "cafe\u0301")
    assert cleaned == "café" and "NFC" in repairs[0].reason


#: Characters ftfy reads as mojibake, rewrites or normalises, mixed with plain words and typography.
_TRICKY = list("ÃÂâ€™œ”“’‘–—…éèÐÑ×²°ВГРСЂ¢£¼¾\x8e\x92\x9dΒΓﬁＡ\u3000\u0301&\x1b\xa0\u200b")
_PIECES = st.one_of(st.sampled_from(["the ", "EU", "reset ", "said", "\n", " ", "café", "#", "x;"]), st.sampled_from(_TRICKY))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_fast_path_agrees_with_ftfy_line_by_line(text):
    # The stage skips ftfy when it can tell that ftfy would change nothing: whatever it skips,
    # ftfy itself, asked line by line, must leave as it is.
    lines = [typography._ODD_SPACE.sub(" ", typography._INVISIBLE.sub("", line)) for line in text.split("\n")]
    if typography._nothing_to_fix(lines):
        assert all(ftfy.fix_and_explain(line, typography._FTFY).text == line for line in lines)


@pytest.mark.parametrize("line", ["Ã© at the start", "The EUâ€™s plan", "cafe\u0301", "ﬁnal", "Ａ wide", "a &amp; b"])
def test_the_fast_path_sends_what_ftfy_fixes_the_slow_way(line):
    lines = ["He said “yes” – and ‘no’.", line, "Šefčovič met them."]
    assert not typography._nothing_to_fix(lines)
    assert typography._nothing_to_fix([lines[0], lines[2]])


# boilerplate ------------------------------------------------------------


def test_date_marker_and_banner_on_the_first_line(seeds):
    text = seeds["002"].text
    cleaned, repairs, meta = apply(boilerplate, text)
    assert meta["date"] == "2026-02-01"
    first_line = cleaned.split("\n")[0]
    assert first_line == ""
    assert cleaned.count("\n") == text.count("\n")
    assert cleaned.split("\n")[2].startswith("Sir Keir Starmer has indicated")


def test_glued_timestamps_become_metadata(seeds):
    cleaned, repairs, meta = apply(boilerplate, seeds["001"].text)
    assert "published at" not in cleaned
    line = next(k for k, text in enumerate(seeds["001"].text.split("\n"), 1) if "That's a wrap" in text)
    assert {"line": line, "time": "17:23", "zone": "Greenwich Mean Time"} in meta["timestamps"]
    assert "That's a wrap - but there's more to read\n" in cleaned


def test_captions_credits_and_promos_are_removed():
    text = (
        "Intro line here.\nA board bearing the Nato logoImage source, UK Pool\nWatch: PM speaks about defence\n"
        "Read more\nShare this article\nThe body goes on."
    )
    cleaned, repairs, _ = apply(boilerplate, text)
    assert cleaned == "Intro line here.\n\n\n\n\nThe body goes on."
    assert [r.reason for r in repairs] == ["photo caption and credit"] + ["promo, share or newsletter line"] * 3


def test_numbered_live_page_promo_with_glued_stamp():
    text = (
        "Intro line here.\n"
        "  2. Watch: PM wants new security partnership between UK and EUpublished at 17:08 Greenwich Mean Time\n"
        "Body."
    )
    cleaned, repairs, meta = apply(boilerplate, text)
    assert cleaned == "Intro line here.\n\nBody."
    assert meta == {"timestamps": [{"line": 2, "time": "17:08", "zone": "Greenwich Mean Time"}]}


def test_banner_cues_are_found_in_any_case():
    # The cues are matched against lower-cased text, so each must be written in lower case.
    assert all(cue == cue.lower() for cue in boilerplate.BANNER_CUES)
    assert boilerplate._is_banner("Your Support keeps us going. DONATE today and Subscribe.")
    assert not boilerplate._is_banner("Your support keeps us going.")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Your support", "support now", "DONATE", "subscribe", "read more", " ", "\n", "news",
                                 "İ", "become a member", "your support now"]), max_size=25).map("".join))
def test_the_cue_search_keeps_every_banner_line(text):
    # banners are judged only on the lines the whole-text cue search keeps: it must keep every one
    kept = boilerplate._lines_with_banner_cues(text)
    for k, line in enumerate(text.split("\n")):
        if boilerplate._is_banner(line.strip()):
            assert k in kept


def test_headline_variants(seeds):
    cleaned, repairs, meta = apply(boilerplate, seeds["003"].text)
    assert meta["headline"] == "UK and EU Eye Defence Cooperation Revival as Starmer Seeks Deeper Ties"
    assert len(meta["headline_variants"]) == 2
    assert cleaned.startswith("UK and EU Eye Defence Cooperation Revival as Starmer Seeks Deeper Ties\n\n\n\n")


def test_distinct_titles_and_body_lines_are_kept():
    text = (
        "Markets Rally on Rate Cut Hopes\nFootball Season Opens Tonight\n\n"
        "The central bank cut rates by a quarter point on Monday, its first cut this year."
    )
    assert apply(boilerplate, text)[0] == text


def test_ordinary_articles_lose_no_body_text(seeds):
    for key in ("000", "004"):
        assert apply(boilerplate, seeds[key].text)[1] == []


# spintax ----------------------------------------------------------------


def test_spintax_and_braces():
    cleaned, repairs, _ = apply(spintax, "The {first|primary} time, the mutual recognition {of professional} {qualifications}.")
    assert cleaned == "The first time, the mutual recognition of professional qualifications."


def test_broken_and_doubled_words():
    cleaned, _, _ = apply(spintax, "The prime m inister said the the deal had had problems and was a part of it.")
    assert cleaned == "The prime minister said the deal had had problems and was a part of it."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["prime", "m", "inister", "gover", "nment", "the", "Mr", "it's", "30", "-", "’", ".", " ", "  "]),
                max_size=30).map(" ".join))
def test_split_words_are_joined_at_their_own_characters(text):
    # each join replaces exactly "left right" by "leftright", and joins never overlap
    edits = list(spintax._broken_words(text))
    for edit in edits:
        left, right = text[edit.start : edit.end].split(" ")
        assert edit.after == left + right and left.isalpha() and right.isalpha()
    assert all(a.end < b.start for a, b in zip(edits, edits[1:]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["a", "I", "i", "b", "The", "minister", "m", "inister", "İ", "x"]),
                          st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC", max_size=6)), max_size=20))
def test_non_words_are_the_words_is_word_rejects(words):
    from articlediff.normalise.wordstats import is_word, non_words

    assert non_words(words) == {w for w in words if not is_word(w)}


def test_an_acronym_is_not_a_fragment_of_a_split_word():
    # Found on real news (gensim's Lee corpus): "the UN is" was joined into "UNis" ("unis" is a word).
    text = "Officials at the UN is trying to help, and the EU has said so."
    assert apply(spintax, text)[1] == []
    # Also from the Lee corpus: a number's "s", and a free relative's doubled verb.
    for text in ("temperatures in the high 30s and westerly winds", "if whatever happens happens after we return"):
        assert apply(spintax, text)[1] == [], text


def test_a_word_repeated_across_a_line_break_is_not_a_doubled_word():
    # A heading that ends with the word the next paragraph starts with: not a typo, and
    # removing the line break would change the text's line structure.
    text = "# articlediff\n\narticlediff tracks stories. Tail\ntail wags."
    assert apply(spintax, text)[1] == []
    assert clean(text).text == text


def test_spintax_stage_on_ordinary_seeds_fixes_only_a_real_typo(seeds):
    for key in ("002", "003", "004"):
        assert apply(spintax, seeds[key].text)[1] == []
    (repair,) = apply(spintax, seeds["001"].text)[1]
    assert repair.reason == "doubled word 'watch'"


def test_possessives_are_not_broken_words():
    text = "Why is Starmer's trip so significant? That’s an argument."
    assert apply(spintax, text)[1] == []


def test_typography_is_idempotent_when_a_non_breaking_space_touches_mojibake():
    # Found by hypothesis: ftfy judged "\x8e¼" differently beside a non-breaking space than beside
    # the plain space the stage puts there, so a second clean changed the text again.
    once = clean("\xa0\x8e¼", lm="none").text
    assert once == " \u07bc" and clean(once, lm="none").text == once
