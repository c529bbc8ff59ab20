"""Issue 19, items 5 and 6: every output format escapes what it must, and names that are not UTF-8 are shown and stored escaped.

docs/formats.md, "What each report escapes", says what each format does;
these tests hold every format to it.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff.index.reread import reread
from articlediff.read import Document, iter_documents
from articlediff.read.names import real, shown

ARTICLE = (
    "The council approved the new budget on Monday after a long debate about schools, roads and the harbour.\n\n"
    "Mayor Jane Smith said the plan was fair to every district and would be reviewed in the spring.\n"
)

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a bytes file system")


def bytes_corpus(tmp_path):
    """A folder with a file whose name is not UTF-8 (``caf\\xe9.txt``, made from bytes) and a UTF-8 copy of it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(ARTICLE.encode())
    (folder / "plain.txt").write_text(ARTICLE.replace("fair", "fair and good"), encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------- names that are not UTF-8


@given(st.binary(max_size=30))
def test_a_shown_name_is_valid_utf8_and_real_gives_the_bytes_back(raw):
    name = os.fsdecode(raw) if sys.platform == "linux" else raw.decode("utf-8", "surrogateescape")
    escaped = shown(name)
    escaped.encode("utf-8")  # never raises
    if "\\x" not in raw.decode("latin-1"):  # a name holding "\x.." itself is found as it is, not by real()
        assert real(escaped).encode("utf-8", "surrogateescape") == raw


def test_the_escape_of_a_name():
    assert shown("caf\udce9.txt") == "caf\\xe9.txt"
    assert shown("a\ud800b") == "a\\ud800b"  # a lone surrogate that is no byte (a JSONL id may hold one)
    assert shown("café.txt") == "café.txt"
    assert Document("x", path="caf\udce9.txt", id="caf\udce9").path == "caf\\xe9.txt"


@linux_only
def test_documents_named_with_bytes_carry_escaped_names(tmp_path):
    folder = bytes_corpus(tmp_path)
    docs = list(iter_documents([str(folder)]))
    assert sorted(d.id for d in docs) == ["caf\\xe9", "plain"]
    for d in docs:
        d.path.encode("utf-8")


@linux_only
@pytest.mark.parametrize(
    "args",
    [
        ("dedup", "-f", "csv"),
        ("dedup", "-f", "json"),
        ("dedup", "-f", "jsonl"),
        ("timeline", "-f", "json"),
        ("timeline", "-f", "markdown"),
        ("timeline", "-f", "text"),
    ],
)
def test_reports_on_names_that_are_not_utf8_are_utf8(cli, tmp_path, args):
    folder = bytes_corpus(tmp_path)
    result = cli(*args, folder)
    assert result.code == 0, result.err
    result.out.encode("utf-8")
    assert "caf\\xe9" in result.out.replace("\\\\", "\\")  # JSON doubles the backslash


@linux_only
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_dedup_writes_names_that_are_not_utf8_to_a_file(cli, tmp_path, fmt):
    folder = bytes_corpus(tmp_path)
    out = tmp_path / f"out.{fmt}"
    assert cli("dedup", "-f", fmt, "-o", out, folder).code == 0
    assert "caf\\xe9" in out.read_text(encoding="utf-8").replace("\\\\", "\\")


@linux_only
def test_timeline_html_and_compare_json_write_names_that_are_not_utf8(cli, tmp_path):
    folder = bytes_corpus(tmp_path)
    assert cli("timeline", "-f", "html", "-o", tmp_path / "t.html", folder).code == 0
    assert "caf\\xe9" in (tmp_path / "t.html").read_text(encoding="utf-8")
    bad = os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt")
    assert cli("compare", bad, folder / "plain.txt", "-f", "json", "-o", tmp_path / "c.json").code == 0
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["a"]["path"].endswith("caf\\xe9.txt")


@linux_only
def test_index_add_stores_and_matches_names_that_are_not_utf8(cli, tmp_path):
    folder = bytes_corpus(tmp_path)
    db = tmp_path / "idx.db"
    added = cli("index", "add", "--db", db, folder)
    assert added.code == 0, added.err
    assert "2 added" in added.out
    checked = cli("check", "--db", db, "-f", "json", folder)
    results = {r["id"]: r for r in json.loads(checked.out)["results"]}
    # Each file is a copy of the other, never of itself (check is idempotent after index add: issue 19).
    assert results["caf\\xe9"]["verdict"] == results["plain"]["verdict"] == "duplicate"
    assert [m["id"] for m in results["plain"]["matches"]] == ["caf\\xe9"]
    assert [m["id"] for m in results["caf\\xe9"]["matches"]] == ["plain"]


@linux_only
def test_the_index_reaches_a_file_stored_by_its_escaped_name(tmp_path):
    folder = bytes_corpus(tmp_path)
    stored = f"{folder}/caf\\xe9.txt"
    assert reread(stored, "caf\\xe9", None, str(tmp_path / "idx.db")) == ARTICLE


# ---------------------------------------------------------------------------------------------- the helpers

HOSTILE = "\x1b[2J\x1b]0;pwned\x07 \u202eevil\u2066 \x9b31m \x7f [bold]not markup[/bold] `x` <img src=x onerror=alert(1)> &amp;"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\x7f")


@given(st.text())
def test_visible_leaves_no_control_and_changes_nothing_else(text):
    from articlediff.report.escape import _HIDDEN, visible

    shown_text = visible(text)
    assert _HIDDEN.search(shown_text) is None
    shown_text.encode("utf-8")
    if _HIDDEN.search(text) is None:
        assert shown_text == text


def test_visible_shows_each_control():
    from articlediff.report.escape import visible

    assert visible("a\x1b[2Jb\u202ec\x7f\x9b\n") == "a\\x1b[2Jb\\u202ec\\x7f\\x9b\\x0a"
    assert visible("a\nb\tc\rd", keep="\n\t") == "a\nb\tc\\x0dd"


def _inline_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown).strip().removeprefix("<p>").removesuffix("</p>")


@given(st.text(alphabet=st.sampled_from(list("ab `<>&*_[]!\\#|~\n\x1b")), max_size=30))
def test_a_code_span_holds_its_text_whatever_its_backticks(text):
    import html
    import re

    from articlediff.report.escape import code_span, visible

    folded = visible(re.sub(r"\s+", " ", text))
    if not folded.strip():
        return  # a code span of spaces only: CommonMark keeps it as it is, nothing to break out of
    assert _inline_html(code_span(text)) == f"<code>{html.escape(folded, quote=False)}</code>"


_MARKDOWN_PIECES = st.sampled_from(list("ab <>&*_[]()!\\#`|~:\n\x1b") + ["javascript:", "<img src=x onerror=a()>", "https://x.org"])


@given(st.lists(_MARKDOWN_PIECES, max_size=20).map("".join))
def test_markdown_text_never_becomes_html_or_a_link(text):
    from articlediff.report.escape import md_text

    rendered = _inline_html(md_text(text))
    assert "<" not in rendered
    assert "<img" not in rendered and "<a " not in rendered and "<code>" not in rendered and "<em>" not in rendered


def test_only_http_urls_become_links():
    from articlediff.report.escape import md_link

    assert md_link("https://example.org/a?b=1") == "<https://example.org/a?b=1>"
    for url in ("javascript:alert(1)", "https://x.org/> <img src=x onerror=alert(1)>", "data:text/html,<b>"):
        assert "<a " not in _inline_html(md_link(url)) and "<img" not in _inline_html(md_link(url))


# ---------------------------------------------------------------------------------------------- each report


def two_articles(tmp_path, name="a`<img src=x onerror=alert(1)>`b"):
    """Two related articles, the first named with backticks and HTML, both holding escape sequences and markup."""
    a = tmp_path / f"{name}.txt"
    b = tmp_path / "b.txt"
    a.write_text(ARTICLE.replace("Monday", f"Monday {HOSTILE}"), encoding="utf-8")
    b.write_text(ARTICLE.replace("Monday", "Tuesday").replace("fair", f"fair {HOSTILE} and good"), encoding="utf-8")
    return a, b


@pytest.mark.parametrize("color", [False, True])
def test_compare_text_shows_controls_escaped_and_no_markup(tmp_path, color):
    from articlediff.compare import compare
    from articlediff.report import render

    a, b = two_articles(tmp_path)
    out = render(compare(a, b), "text", color=color)
    assert "\x1b[2J" not in out and "\x1b]0;" not in out
    assert not any(c in out for c in RAW[1:])
    assert "\\x1b[2J" in out and "[bold]not markup[/bold]" in out
    if not color:
        assert "\x1b" not in out


def test_compare_markdown_keeps_names_in_their_code_span(cli, tmp_path):
    a, b = two_articles(tmp_path)
    out = cli("compare", a, b, "-f", "markdown").out
    title = _inline_html(out.splitlines()[0].removeprefix("# "))
    assert "<img" not in title and title.count("<code>") == 2
    body = _inline_html(out)
    assert "<img" not in body and "\x1b" not in out and "\u202e" not in out


def timeline_jsonl(tmp_path):
    """A JSONL feed whose ids, titles, URLs and texts hold backticks, HTML, escape sequences and a javascript: URL."""
    rows = [
        {"id": "one`<img src=x onerror=alert(1)>`", "title": f"Title {HOSTILE}", "url": "javascript:alert(1)", "text": ARTICLE},
        {
            "id": f"two{HOSTILE}",
            "date": "2026-02-02",
            "url": "https://example.org/>",
            "text": ARTICLE.replace("fair", f"fair {HOSTILE}") + "\nA new paragraph was added here by the second outlet.\n",
        },
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return feed


def test_timeline_markdown_escapes_ids_titles_and_urls(cli, tmp_path):
    from markdown_it import MarkdownIt

    out = cli("timeline", "-f", "markdown", "--full", timeline_jsonl(tmp_path)).out
    rendered = MarkdownIt("commonmark").render(out)
    assert "<img" not in rendered and "<a " not in rendered  # neither URL is a safe link: one is javascript:, one ends in >
    assert "<code>javascript:alert(1)</code>" in rendered and "<code>one`<img" in rendered.replace("&lt;", "<")
    assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("full", [[], ["--full"]])
def test_timeline_text_shows_controls_escaped(cli, tmp_path, full):
    out = cli("timeline", "--no-color", *full, timeline_jsonl(tmp_path)).out
    assert not any(c in out for c in RAW)
    assert "\\x1b" in out and "[bold]not markup[/bold]" in out


def test_dedup_table_shows_controls_in_ids_escaped(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": f"a{HOSTILE}", "text": ARTICLE}, {"id": "b\nfake line", "text": ARTICLE}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = cli("dedup", feed).out
    assert not any(c in out for c in RAW)
    assert "b\\x0afake line" in out and not any(line.startswith("fake line") for line in out.splitlines())


def test_json_and_jsonl_are_valid_utf8_with_lone_surrogates(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = ['{"id": "a", "title": "T\\ud800", "text": %s}' % json.dumps(ARTICLE), '{"id": "b", "text": %s}' % json.dumps(ARTICLE)]
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    timeline = cli("timeline", "-f", "json", feed).out
    timeline.encode("utf-8")
    assert "T\\ud800" in timeline and json.loads(timeline)["articles"][0]["title"] == "T\ud800"


def check_run(cli, tmp_path, fmt):
    """``check`` of documents whose ids hold every kind of control, against an index whose id holds some too."""
    stored = tmp_path / "stored.jsonl"
    stored.write_text(json.dumps({"id": f"src\x01{HOSTILE}\ufffe", "text": ARTICLE}) + "\n", encoding="utf-8")
    db = tmp_path / "idx.db"
    assert cli("index", "add", "--db", db, stored).code == 0
    new = tmp_path / "new,file:1.jsonl"
    rows = [json.dumps({"id": f"x\x00\x01\x0b{HOSTILE}\ufffe", "text": ARTICLE}), "not json, at all"]
    new.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return cli("check", "--db", db, "-f", fmt, new)


def test_junit_xml_parses_whatever_the_ids_hold(cli, tmp_path):
    import xml.etree.ElementTree as ET

    result = check_run(cli, tmp_path, "junit")
    root = ET.fromstring(result.out.encode("utf-8"))
    cases = root.findall(".//testcase")
    assert len(cases) == 2 and cases[0].find("failure") is not None
    assert "\\x00\\x01\\x0b\\x1b[2J" in cases[0].get("name") and "\\ufffe" in cases[0].get("name")
    assert "\\x01" in cases[0].find("failure").get("message") and "\\ufffe" in cases[0].find("failure").text


def test_github_annotations_escape_their_properties_and_messages(cli, tmp_path):
    result = check_run(cli, tmp_path, "github")
    lines = result.out.splitlines()
    assert len(lines) == 2
    for line in lines:
        command, _, message = line.partition("::")[2].partition("::")
        props = command.split(" ", 1)[1]
        assert props.startswith("file=") and "new%2Cfile%3A1.jsonl" in props
        assert "\n" not in line and "\r" not in line and not any(c in line for c in RAW)
    assert "%2C" not in lines[0].split("::", 2)[2]  # a message keeps its commas


def test_check_text_shows_controls_escaped(cli, tmp_path):
    out = check_run(cli, tmp_path, "text").out
    assert not any(c in out for c in RAW) and "\x00" not in out and "\\x1b[2J" in out


def test_clean_reports_escape_the_article(cli, tmp_path):
    a, _ = two_articles(tmp_path, name="plain")
    markdown = cli("clean", a, "-f", "markdown").out
    from markdown_it import MarkdownIt

    assert "<img" not in MarkdownIt("commonmark").render(markdown) and "\x1b" not in markdown
    assert "\u202e" not in markdown  # the cleaner drops controls; the report escapes any left


def test_error_messages_show_controls_in_paths_escaped(cli, tmp_path):
    result = cli("compare", tmp_path / "gone\x1b]0;pwned\x07.txt", tmp_path / "b.txt")
    assert result.code == 2 and "\x1b" not in result.err and "\x07" not in result.err and "gone\\x1b]0;pwned\\x07" in result.err
