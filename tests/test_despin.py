"""Pieces of the de-spinner that need no language model."""

from hypothesis import given
from hypothesis import strategies as st

from articlediff.normalise import despin
from articlediff.normalise.repairs import Edit


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="ab c\n", max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    edits = [Edit(s, e, draw(st.text(alphabet="xyz ", max_size=5)), "test") for s, e in pairs]
    return text, edits


@given(text_and_edits())
def test_apply_maps_every_stretch_outside_the_edits(case):
    text, edits = case
    new, shift = despin._apply(text, edits)
    bounds = [0] + [x for e in edits for x in (e.start, e.end)] + [len(text)]
    for a, b in zip(bounds[::2], bounds[1::2]):  # the stretches between edits
        assert new[shift(a) : shift(b)] == text[a:b]
    for e in edits:
        assert new[shift(e.end) - len(e.after) : shift(e.end)] == e.after


def _tokens(text):
    return [t for _, runs in despin._sentences(text) for run in runs for t in run]


def test_spans_skip_function_words_and_cross_no_punctuation():
    tokens = _tokens("The leaders met at a mountain peak, however, that talks would resume.")
    words = [" ".join(t.text for t in tokens[i:j]) for i, j in despin._spans(tokens, 0, len(tokens))]
    assert {"mountain peak", "mountain", "peak", "talks"} <= set(words)
    assert "The" not in words and "that" not in words  # Zipf ≥ 6: carries the grammar
    assert not any("peak however" in w.lower().replace(",", "") for w in words)  # a phrase needs single spaces
