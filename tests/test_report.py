"""Renderers: reading order, inline edits and escaping."""

from articlediff import Article, compare, render
from articlediff.report.layout import entries, inline_pieces, summary_line
from articlediff.report.markdown import escape

A = "Alpha sentence about the summit in Brussels.\nBeta line only in the first article here.\nGamma sentence about trade talks in May."
B = "Alpha sentence about the summit in Brussels.\nGamma sentence about trade talks in April.\nDelta line that only the second one has."


def test_entries_follow_b_with_dropped_passages_where_they_were():
    result = compare(Article(A), Article(B))
    assert [(e.kind, e.span.text.split()[0]) for e in entries(result)] == [
        ("unchanged", "Alpha"),
        ("only_a", "Beta"),
        ("edited", "Gamma"),
        ("only_b", "Delta"),
    ]


def test_inline_pieces_show_old_and_new_words():
    result = compare(Article(A), Article(B))
    edited = next(p for p in result.pairs if p.kind == "edited")
    pieces = inline_pieces(result, edited)
    assert ("old", "May") in pieces and ("new", "April") in pieces
    assert "".join(t for s, t in pieces if s != "new") == edited.a.text


def test_summary_line():
    result = compare(Article(A), Article(B))
    assert summary_line(result) == "2 passages shared (1 edited, 0 moved) · 1 only in A · 1 only in B · similarity 59%"  # 2 × (7 + 6) common words of 44


def test_text_and_markdown_renderings():
    result = compare(Article(A), Article(B))
    text = render(result, "text")
    assert "~ [" in text and "[-May-]{+April+}" in text and "- Beta" in text and "+ Delta" in text
    md = render(result, "markdown")
    assert "~~May~~ **April**" in md and "- *only in A*: Beta" in md


def test_markdown_escapes_syntax_but_keeps_spacing():
    assert escape("a *b* [c](d) #e\n\nf") == r"a \*b\* \[c\](d) \#e f"
    assert escape(" to ") == " to "


def test_text_report_keeps_each_passage_on_one_line():
    a = "The government has promised the UK will not\nre-join the single market, ministers said."
    b = "The government has promised the UK will not re-join the single market, officials said."
    text = render(compare(Article(a), Article(b)), "text")
    body = text.splitlines()[5:]
    assert body == ["~ [93] The government has promised the UK will not re-join the single market, [-ministers-]{+officials+} said."]
