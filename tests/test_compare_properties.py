"""Invariants of compare, checked by hypothesis on article-like texts."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff import Article, compare

from .strategies import edited_copy, sentences, to_text


def _check_offsets(result):
    for article, spans in (
        (result.a, [p.a for p in result.pairs] + result.only_a),
        (result.b, [p.b for p in result.pairs] + result.only_b),
    ):
        for span in spans:
            assert article.text[span.start : span.end] == span.text
    for pair in result.pairs:
        for e in pair.edits:
            assert pair.a.start <= e.a_start <= e.a_end <= pair.a.end
            assert pair.b.start <= e.b_start <= e.b_end <= pair.b.end


@settings(max_examples=150, deadline=None)
@given(sentences)
def test_comparing_an_article_with_itself_reports_no_change(items):
    text = to_text(items)
    result = compare(Article(text), Article(text))
    assert {p.kind for p in result.pairs} <= {"unchanged"}
    assert result.only_a == [] and result.only_b == []
    assert all(p.edits == () for p in result.pairs)
    assert result.summary["similarity"] == 100.0
    facts = result.facts.summary  # every fact is shared, none changed
    assert facts["changed"] == facts["only_a"] == facts["only_b"] == 0
    for _, fa, fb in result.facts.shared:
        assert text[fa.start : fa.end] == fa.text and (fa.start, fa.end) == (fb.start, fb.end)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_swapping_a_and_b_mirrors_the_result(data):
    items = data.draw(sentences)
    later = data.draw(edited_copy(items))
    a, b = Article(to_text(items)), Article(to_text(later, per_paragraph=3))
    forward, backward = compare(a, b), compare(b, a)
    def key(a_span, b_span, pair):
        return (a_span.start, a_span.end, b_span.start, b_span.end, round(pair.score, 6), pair.kind)

    assert sorted(key(p.a, p.b, p) for p in forward.pairs) == sorted(key(p.b, p.a, p) for p in backward.pairs)
    assert forward.only_a == backward.only_b
    assert forward.only_b == backward.only_a
    assert forward.summary["similarity"] == backward.summary["similarity"]
    assert {k for k, _, _ in forward.facts.shared} == {k for k, _, _ in backward.facts.shared}
    assert [k for k, _ in forward.facts.only_a] == [k for k, _ in backward.facts.only_b]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_offset_maps_back_to_the_original(data):
    items = data.draw(sentences)
    later = data.draw(edited_copy(items))
    result = compare(Article(to_text(items)), Article(to_text(later)))
    _check_offsets(result)
    paired_a = {i for p in result.pairs for i in p.a_sentences}
    assert len(paired_a) == sum(len(p.a_sentences) for p in result.pairs), "a sentence is in one pair at most"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_compare_never_fails_on_arbitrary_text(a, b):
    result = compare(Article(a), Article(b))
    _check_offsets(result)


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_without_facts_the_passages_are_the_same(data):
    items = data.draw(sentences)
    a, b = Article(to_text(items)), Article(to_text(data.draw(edited_copy(items))))
    full, passages_only = compare(a, b), compare(a, b, facts=False)
    assert passages_only.facts is None and full.facts is not None
    assert passages_only.pairs == full.pairs and passages_only.summary == full.summary
    assert passages_only.only_a == full.only_a and passages_only.only_b == full.only_b
    assert "facts" not in passages_only.to_dict() and "facts" in full.to_dict()
