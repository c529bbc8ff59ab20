"""Renderers: reading order, inline edits and escaping."""

from articlediff import Article, compare, render
from articlediff.report.layout import entries, inline_pieces, summary_line
from articlediff.report.markdown import escape

A = (
    "Alpha sentence about the summit in Brussels.\n"
    "Beta line only in the first article here.\n"
    "Gamma sentence about trade talks in May."
)
B = (
    "Alpha sentence about the summit in Brussels.\n"
    "Gamma sentence about trade talks in April.\n"
    "Delta line that only the second one has."
)


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
    # 2 × (7 + 6) common words of 44
    assert summary_line(result) == "2 passages shared (1 edited, 0 moved) · 1 only in A · 1 only in B · similarity 59%"


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
    lines = text.splitlines()
    body = lines[lines.index("") + 1 :]  # the passages, after the header (articles, summaries, facts, legend)
    assert body == [
        "~ [93] The government has promised the UK will not re-join the single market, [-ministers-]{+officials+} said."
    ]


# --- the registry -------------------------------------------------------------------------


def _results(tmp_path):
    from articlediff import Document, Index, check, clean, dedup, timeline

    text = "The prime minister said the trade deal with Brussels would be signed at the summit in May, officials said. " * 3
    a, b = Article(text), Article(text.replace("May", "June"))
    docs = [Document(id="x", text=text, path="x.txt"), Document(id="y", text=text, path="y.txt")]
    with Index(tmp_path / "i.sqlite") as index:
        index.add(docs[:1])
        checked = check(docs[1:], index)
    from articlediff.normalise.profile import learn_profile

    profile = learn_profile(text.replace("said", "stated"), text, label="x.txt")
    return [compare(a, b), clean(text, lm="none"), timeline([a, b], lm="none"), dedup(docs, workers=1), checked, profile]


def test_every_registered_format_renders_and_json_is_the_contract(tmp_path):
    import json

    from articlediff.report import RENDERERS, formats, type_name

    results = _results(tmp_path)
    assert {type_name(type(r)) for r in results} == set(RENDERERS)  # every registered name is a real class
    for result in results:
        for fmt in formats(type(result)):
            out = render(result, fmt, color=False, width=80, passages=True, fail_on=("duplicate",))
            assert isinstance(out, str) and out.strip(), (type(result).__name__, fmt)
            if fmt == "json":
                assert json.loads(out)["schema"].startswith("articlediff.")
            if fmt == "html":
                assert out.lstrip().lower().startswith("<!doctype html")
        assert render(result) == render(result, formats(type(result))[0])  # the first format is the default


def test_an_unknown_format_or_result_is_refused():
    import pytest

    result = compare(Article("One two three four five."), Article("One two three four six."))
    with pytest.raises(ValueError, match="unknown format 'yaml'; choose from text, markdown, json"):
        render(result, "yaml")
    with pytest.raises(TypeError, match="no renderer for dict"):
        render({}, "json")


A_SPACING = ("The fire at Hill Top was put out by the crews from the town. Crews were called to new fire in the "
             "north of the county. The crews left the scene late in the evening after work.")
B_SPACING = ("The fire at Hill Top on Monday was put out by the crews from the town. Crews were called to a new fire "
             "in the north of the county. The crews left the scene late in the evening after work today.")


def test_inserted_words_keep_the_texts_spacing_in_text_and_markdown():
    # found by a new user: "Hill Top{+on Monday+}was" and "called to {+a+}new"
    comparison = compare(Article(A_SPACING), Article(B_SPACING))
    text = render(comparison, "text")
    assert "Hill Top {+on Monday+} was put out" in text
    assert "called to {+a+} new fire" in text
    assert "after work {+today+}." in text
    markdown = render(comparison, "markdown")
    assert "Hill Top **on Monday** was" in markdown and "after work **today**." in markdown


def test_long_passages_are_shortened_at_word_boundaries():
    from articlediff.report.timeline_text import shorten

    text = " ".join(f"word{k:03d}" for k in range(100))
    short = shorten(text, 60)
    head, tail = short.split(" … ")
    assert len(short) <= 60 and head and tail
    assert all(w in text.split() for w in head.split() + tail.split())  # whole words only
    assert shorten("short text", 60) == "short text"
