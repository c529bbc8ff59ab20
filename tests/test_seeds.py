"""The seed articles: the alignment the project exists to get right."""

import itertools

import pytest

from articlediff import compare
from articlediff.align import DEFAULT_THRESHOLD
from articlediff.score import Vocabulary, passage_score
from articlediff.segment import iter_words

COPY_KINDS = {"spun", "edited", "spun+edited"}


def _first_lines(text, n):
    return [line.strip() for line in text.splitlines() if line.strip()][:n]


def test_spun_lead_of_000_pairs_with_the_bbc_original_in_001(seeds, labelled_pairs):
    """At least 6 of 000's first 7 (spun) lines pair with their counterpart in 001."""
    result = compare(seeds["000"], seeds["001"])
    counterparts = {
        p["a"]: p["b"] for p in labelled_pairs if p["a_seed"] == "000" and p["b_seed"] == "001" and p["kind"] in COPY_KINDS
    }
    lead = _first_lines(seeds["000"].text, 7)
    assert all(line in counterparts for line in lead), "every lead line has a labelled counterpart"
    found = 0
    for line in lead:
        for pair in result.pairs:
            if line in pair.a.text and counterparts[line] in pair.b.text:
                found += 1
                assert pair.kind in {"edited", "unchanged"}
                assert pair.edits, "a spun copy differs word by word"
    assert found >= 6


def test_lead_lines_pair_in_order_with_word_edits_highlighting_the_spin(seeds):
    result = compare(seeds["000"], seeds["001"])
    b_text = seeds["001"].text
    a_text = seeds["000"].text
    replaced = {
        (a_text[e.a_start : e.a_end], b_text[e.b_start : e.b_end]) for p in result.pairs for e in p.edits if e.op == "replace"
    }
    assert ("affix", "join") in replaced
    assert ("Could", "May") in replaced


@pytest.mark.parametrize("a_id, b_id", list(itertools.permutations(["000", "001", "002", "003", "004"], 2)))
def test_no_labelled_negative_is_ever_paired(seeds, labelled_pairs, a_id, b_id):
    result = compare(seeds[a_id], seeds[b_id])
    for p in labelled_pairs:
        if p["label"] == 1:
            continue
        for a_side, b_side in ((p["a"], p["b"]), (p["b"], p["a"])):
            for pair in result.pairs:
                assert not (a_side in pair.a.text and b_side in pair.b.text), (
                    f"{p['id']} paired: {pair.a.text!r} ~ {pair.b.text!r}"
                )


def test_default_threshold_separates_copies_from_negatives(labelled_pairs):
    """Copies (spun or edited) score at or above the default threshold; labelled negatives below."""
    vocab = Vocabulary()

    def score(p):
        return passage_score(*(vocab.view([w.key for w in iter_words(p[k])]) for k in ("a", "b")))

    copies = [score(p) for p in labelled_pairs if p["label"] == 1 and p["kind"] in COPY_KINDS]
    negatives = [score(p) for p in labelled_pairs if p["label"] == 0]
    assert len(copies) >= 7 and len(negatives) >= 100
    assert min(copies) >= DEFAULT_THRESHOLD
    assert max(negatives) < DEFAULT_THRESHOLD


def test_every_seed_compares_with_itself_unchanged(seeds):
    for article in seeds.values():
        result = compare(article, article)
        assert result.only_a == [] and result.only_b == []
        assert {p.kind for p in result.pairs} == {"unchanged"}
