"""Word-level diffs: the right operations, offsets on both sides, and replay gives B."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.diff import replay, word_diff
from articlediff.segment import iter_words


def words(text):
    return list(iter_words(text))


def diff_texts(a, b):
    return word_diff(words(a), words(b), a_end=len(a), b_end=len(b))


def test_replace_insert_delete_with_offsets():
    a = "The journey is a part of what he calls a reset"
    b = "The trip is part of what he calls a big reset"
    edits = diff_texts(a, b)
    assert [(e.op, a[e.a_start : e.a_end], b[e.b_start : e.b_end]) for e in edits] == [
        ("replace", "journey", "trip"),
        ("delete", "a", ""),
        ("insert", "", "big"),
    ]
    insert = edits[-1]
    assert insert.a_start == insert.a_end == a.index("reset")


def test_typography_and_case_are_not_edits():
    assert diff_texts("The EU’s “reset” – Co-operation", 'the EU\'s "reset" - cooperation') == []


def test_insert_at_the_end_points_after_the_last_word():
    a, b = "one two", "one two three"
    (edit,) = diff_texts(a, b)
    assert (edit.op, edit.a_start, edit.a_end) == ("insert", len(a), len(a))


def test_empty_side():
    (edit,) = word_diff([], words("new words"), a_end=7, b_end=9)
    assert (edit.op, edit.a_start, edit.a_end, edit.b_start, edit.b_end) == ("insert", 7, 7, 0, 9)


vocab = st.sampled_from("the EU UK said trade deal Starmer Brussels summit May April could".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(vocab, max_size=25), st.lists(vocab, max_size=25))
def test_replaying_the_edits_on_a_gives_b(a_words, b_words):
    a, b = " ".join(a_words), " ".join(b_words)
    wa, wb = words(a), words(b)
    edits = word_diff(wa, wb, a_end=len(a), b_end=len(b))
    assert replay(wa, edits, wb) == [w.key for w in wb]
    for e in edits:
        assert e.op in {"insert", "delete", "replace"}
        assert 0 <= e.a_start <= e.a_end <= len(a) and 0 <= e.b_start <= e.b_end <= len(b)
        assert (e.a_start == e.a_end) == (e.op == "insert")
        assert (e.b_start == e.b_end) == (e.op == "delete")
