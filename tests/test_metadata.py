"""Article metadata: YAML front matter, standard fields and their aliases, dates, and manifests."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff import compare, timeline
from articlediff.errors import InputError
from articlediff.read import (
    ArticleMeta,
    Document,
    Skipped,
    apply_manifest,
    article_from_bytes,
    article_metadata,
    document_date,
    fold_newlines,
    iso_date,
    iter_documents,
    load_manifest,
    read_article,
    split_front_matter,
)

from .strategies import sentences, to_text

BODY = "The minister resigned on Monday after a week of pressure.\n\nHe said the decision was his own.\n"
FRONT = "---\ntitle: Minister resigns\ndate: 2026-02-01\noutlet: The Daily Example\nurl: https://example.com/a\n---\n"


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# --- Front matter -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_front_matter_is_metadata_not_text_with_read_article(tmp_path, name):
    doc = read_article(write(tmp_path / name, FRONT + BODY))
    assert doc.text == BODY
    assert doc.meta == {
        "title": "Minister resigns",
        "date": dt.date(2026, 2, 1),
        "outlet": "The Daily Example",
        "url": "https://example.com/a",
    }
    assert doc.front_matter == FRONT
    assert article_metadata(doc) == ArticleMeta("2026-02-01", "Minister resigns", "The Daily Example", "https://example.com/a")


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_front_matter_is_metadata_not_text_with_iter_documents(tmp_path, name):
    write(tmp_path / name, FRONT + BODY)
    write(tmp_path / "plain.txt", BODY)
    docs = {d.id: d for d in iter_documents([tmp_path], strict=True)}
    assert docs["a"].text == BODY and docs["a"].meta["title"] == "Minister resigns"
    assert docs["plain"].text == BODY and docs["plain"].meta == {}


def test_compare_never_sees_the_front_matter(tmp_path):
    a = write(tmp_path / "a.md", FRONT + BODY)
    b = write(tmp_path / "b.md", "---\ntitle: Something else entirely\n---\n" + BODY)
    result = compare(a, b)
    assert result.only_a == [] and result.only_b == []
    assert all(p.edits == () for p in result.pairs)
    assert all(result.a.text[p.a.start : p.a.end] == p.a.text for p in result.pairs)  # offsets index the body


def test_bom_blank_lines_crlf_and_dots_closing_line(tmp_path):
    text = "\ufeff\r\n  \r\n---\r\ntitle: 'x: y'\r\ntags: [a, b]\r\n...  \r\nBody here.\r\n"
    doc = read_article(write(tmp_path / "a.txt", text))
    assert doc.text == "Body here.\n"
    assert doc.meta == {"title": "x: y", "tags": ["a", "b"]}
    assert doc.newline == "\r\n"


@pytest.mark.parametrize(
    "text",
    [
        "---\nThe minister resigned.\n---\nBody text.\n",  # a sentence between two rules
        "---\n# A heading\n\nBody text.\n",  # a rule, then a heading: never closed, not front matter
        "Intro line.\n---\ntitle: x\n---\nBody text.\n",  # not at the start
        "  ---\ntitle: x\n---\nBody text.\n",  # indented: not a YAML document marker
        "---\n\nBody text, no closing rule.\n",
        "----\ntitle: x\n----\nBody.\n",  # four dashes: a rule
    ],
)
def test_a_horizontal_rule_is_text(text):
    doc = article_from_bytes(text.encode(), "a.md")
    assert doc.text == text and doc.meta == {} and doc.front_matter == ""


def test_a_rule_in_the_body_is_untouched(tmp_path):
    body = "First part.\n\n---\n\ntitle: not metadata\n\n---\n\nSecond part.\n"
    doc = read_article(write(tmp_path / "a.md", FRONT + body))
    assert doc.text == body and "title: not metadata" in doc.text and doc.meta["title"] == "Minister resigns"


def test_empty_front_matter_is_removed():
    doc = article_from_bytes(b"---\n---\nBody.\n", "a.md")
    assert doc.text == "Body.\n" and doc.meta == {} and doc.front_matter == "---\n---\n"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "---\ntitle: x\njust a line\n---\nBody.\n",
            "a.md: front matter (lines 1-4) is not valid YAML: could not find expected ':' at line 3, column 1",
        ),
        ("---\ntitle: [unclosed\n---\nBody.\n", "a.md: front matter (lines 1-3) is not valid YAML"),
        ("---\ntitle: x\n  bad: indent\n---\nBody.\n", "a.md: front matter (lines 1-4) is not valid YAML"),
        ("---\ntitle: x\n\nBody, never closed.\n", "a.md: front matter opened by the '---' on line 1 is never closed"),
        ("---\ntitle: x\n---\n", "a.md: has front matter but no article text after it"),
        ("---\ntitle: x\n---\n \n", "a.md: has front matter but no article text after it"),
    ],
)
def test_broken_front_matter_is_a_one_line_error(text, message):
    with pytest.raises(InputError) as info:
        article_from_bytes(text.encode(), "a.md")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_python_objects_are_refused_by_the_safe_loader():
    with pytest.raises(InputError, match="not valid YAML"):
        article_from_bytes(b"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody.\n", "a.md")


def test_a_day_that_does_not_exist_stays_a_string():
    doc = article_from_bytes(b"---\ndate: 2026-02-30\ntitle: x\n---\nBody.\n", "a.md")
    assert doc.meta == {"date": "2026-02-30", "title": "x"}
    assert article_metadata(doc).date is None


def test_non_string_keys_become_strings():
    fields, block, body = split_front_matter("---\n2026: year\ntrue: yes\n---\nBody.")
    assert fields == {"2026": "year", "True": True} and block == "---\n2026: year\ntrue: yes\n---\n" and body == "Body."


def test_broken_front_matter_in_a_folder_is_a_skip(tmp_path):
    write(tmp_path / "bad.md", "---\ntitle: x\nno colon here\n---\nBody.\n")
    write(tmp_path / "good.md", FRONT + BODY)
    skipped: list[Skipped] = []
    docs = list(iter_documents([tmp_path], skipped=skipped))
    assert [d.id for d in docs] == ["good"]
    assert len(skipped) == 1 and skipped[0].reason.startswith("front matter (lines 1-4) is not valid YAML")
    with pytest.raises(InputError, match="bad.md: front matter"):
        list(iter_documents([tmp_path], strict=True))


def test_jsonl_text_is_never_split(tmp_path):
    record = {"id": "x", "text": "---\ntitle: y\n---\nBody.", "title": "Real title"}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = iter_documents([path], strict=True)
    assert doc.text == record["text"] and doc.meta == {"title": "Real title"}


def test_broken_front_matter_through_the_cli_is_exit_2_without_a_traceback(cli, tmp_path):
    bad = write(tmp_path / "bad.md", "---\ntitle: x\nno colon here\n---\n" + BODY)
    good = write(tmp_path / "good.md", FRONT + BODY)
    for args in (("compare", bad, good), ("timeline", good, bad, "--lm", "none", "-q")):
        result = cli(*args)
        assert result.code == 2
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert result.err.startswith(f"articlediff: error: {bad}: front matter (lines 1-4) is not valid YAML")


def test_compare_through_the_cli_ignores_front_matter(cli, tmp_path):
    a = write(tmp_path / "a.md", FRONT + BODY)
    b = write(tmp_path / "b.txt", BODY)
    result = cli("compare", a, b, "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["only_a"] == [] and doc["only_b"] == [] and doc["pairs"]
    assert doc["a"]["characters"] == len(BODY)  # the body only


def test_clean_writes_the_front_matter_back(cli, tmp_path):
    a = write(tmp_path / "a.md", FRONT + "Teh minister resigned.\n")
    out = cli("clean", a, "--stages", "typography")
    assert out.code == 0, out.err
    assert out.out.startswith(FRONT) and out.out.endswith("minister resigned.\n")
    in_place = cli("clean", a, "--stages", "typography", "--in-place", "--backup")
    assert in_place.code == 0, in_place.err
    assert a.read_text(encoding="utf-8").startswith(FRONT)
    assert (tmp_path / "a.md.orig").read_text(encoding="utf-8") == FRONT + "Teh minister resigned.\n"


# A property: any body, any simple mapping as front matter -> text is the body, meta the mapping.

KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
SCALARS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff"), max_size=30),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
BODY_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff") | st.sampled_from("\n\r\t")


@st.composite
def bodies(draw):
    """Article text: prose, or any characters around a word (a body may start with ---, blank lines, anything)."""
    if draw(st.booleans()):
        return to_text(draw(sentences))
    return draw(st.text(BODY_CHARS, max_size=80)) + draw(st.sampled_from(["word", "Minister", "2026"])) + draw(
        st.text(BODY_CHARS, max_size=80)
    )


@settings(max_examples=200, deadline=None)
@given(
    fields=st.dictionaries(KEYS, SCALARS, min_size=1, max_size=6),
    body=bodies(),
    before=st.sampled_from(["", "\ufeff", "\n\n", " \n\t\n"]),
    closing=st.sampled_from(["---", "...", "---  "]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_front_matter_plus_body_reads_as_body_and_fields(fields, body, before, closing, newline):
    block = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    head = (before + "---\n" + block + closing + "\n").replace("\n", newline)
    doc = article_from_bytes((head + body).encode("utf-8"), "a.md")
    assert doc.text == fold_newlines(body)[0]
    assert doc.meta == fields
    assert doc.front_matter == fold_newlines(head.lstrip("\ufeff"))[0]


# --- Standard fields and aliases ----------------------------------------------------------------


def test_jsonl_aliases(tmp_path):
    records = [
        {
            "id": "r1",
            "text": BODY,
            "pubDate": "Sun, 01 Feb 2026 10:00:00 GMT",
            "headline": "  Minister\nresigns ",
            "source": {"name": "Reuters", "id": "reuters"},
            "link": "https://example.com/1",
        },
        {"id": "r2", "text": BODY, "datePublished": "2026-02-02T08:00:00+01:00", "site_name": "BBC", "canonical_url": "u2"},
        {"id": "r3", "text": BODY, "published_at": "February 3, 2026", "publisher": "AP", "Title": 1984},
        {"id": "r4", "text": BODY, "publication_date": "4 February 2026", "publication": "FT", "site": "ft.com"},
        {"id": "r5", "text": "date 2026-02-05\n" + BODY, "published": "not a date"},
        {"id": "r6", "text": BODY},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    got = {d.id: article_metadata(d) for d in iter_documents([path], strict=True)}
    assert got == {
        "r1": ArticleMeta("2026-02-01", "Minister resigns", "Reuters", "https://example.com/1"),
        "r2": ArticleMeta("2026-02-02", None, "BBC", "u2"),
        "r3": ArticleMeta("2026-02-03", "1984", "AP", None),
        "r4": ArticleMeta("2026-02-04", None, "ft.com", None),  # "site" comes before "publication" in the alias list
        "r5": ArticleMeta("2026-02-05", None, None, None),  # an unreadable field date: the date line
        "r6": ArticleMeta(None, None, None, None),
    }


def test_the_standard_name_comes_first_and_case_does_not_matter():
    doc = Document("Body.", meta={"Published": "2026-01-01", "DATE": "2026-02-01", "Headline": "h", "TITLE": "t"})
    assert article_metadata(doc) == ArticleMeta("2026-02-01", "t", None, None)


def test_an_unreadable_date_falls_to_the_next_name_then_the_date_line():
    assert article_metadata(Document("Body.", meta={"date": "soon", "published": "2026-02-01"})).date == "2026-02-01"
    assert article_metadata(Document("date 2026-02-07\nBody.", meta={"date": "soon"})).date == "2026-02-07"
    assert article_metadata(Document("date 2026-02-30\nBody.")).date is None


def test_document_date_delegates():
    assert document_date(Document("date: 2026-02-01\nBody.")) == "2026-02-01"
    assert document_date(Document("Body.", meta={"pubDate": "Sun, 01 Feb 2026 10:00:00 +0000"})) == "2026-02-01"
    assert document_date(Document("Body.", meta={"date": dt.date(2026, 2, 1)})) == "2026-02-01"
    assert document_date(Document("Body.", meta={"date": "  2026-02-01  "})) == "2026-02-01"
    assert document_date(Document("Body.")) is None


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2026-02-01", "2026-02-01"),
        ("2026/02/01", "2026-02-01"),
        ("2026-02-01T10:00:00Z", "2026-02-01"),
        ("2026-02-01t10:00:00z", "2026-02-01"),
        ("2026-02-01T23:30:00-05:00", "2026-02-01"),  # the date as written, not converted to UTC
        ("2026-02-01T10:00:00.123+0100", "2026-02-01"),
        ("2026-02-01 10:00", "2026-02-01"),
        (dt.date(2026, 2, 1), "2026-02-01"),
        (dt.datetime(2026, 2, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2026-02-01"),
        ("1 February 2026", "2026-02-01"),
        ("1st Feb. 2026", "2026-02-01"),
        ("01 feb 2026", "2026-02-01"),
        ("February 1, 2026", "2026-02-01"),
        ("Sept 30, 2026", "2026-09-30"),
        ("Sunday, 1 February 2026", "2026-02-01"),
        ("Sun, 01 Feb 2026 10:00:00 GMT", "2026-02-01"),
        ("Sun, 01 Feb 2026 10:00:00 +0000", "2026-02-01"),
        ("Sun, 1 Feb 2026 10:00 -0500 (EST)", "2026-02-01"),
        ("February 1, 2026 at 3:45 pm", "2026-02-01"),
        # Not read: ambiguous, incomplete, contradictory, impossible or not a date.
        ("01/02/2026", None),
        ("2/1/2026", None),
        ("February 1", None),
        ("2026-02", None),
        ("Mon, 01 Feb 2026 10:00:00 GMT", None),  # 1 February 2026 was a Sunday
        ("2026-02-30", None),
        ("31 April 2026", None),
        ("yesterday", None),
        ("", None),
        (1769904000, None),
        (True, None),
        (None, None),
        (["2026-02-01"], None),
        ("2026-02-01 and more", None),
    ],
)
def test_iso_date(value, iso):
    assert iso_date(value) == iso


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_written_dates_read_back(day):
    month = day.strftime("%B")
    for text in (
        day.isoformat(),
        f"{day.day} {month} {day.year:04d}",
        f"{month} {day.day}, {day.year:04d}",
        f"{day.strftime('%a')}, {day.day:02d} {month[:3]} {day.year:04d} 10:00:00 GMT",
    ):
        assert iso_date(text) == day.isoformat(), text


# --- Manifest -----------------------------------------------------------------------------------


@pytest.fixture
def story(tmp_path):
    """Two text articles (one with its own front matter) and a JSONL feed, in story/."""
    folder = tmp_path / "story"
    folder.mkdir()
    write(folder / "a.md", "---\ntitle: Own title\ndate: 2025-12-31\npublished: 2025-12-30\nauthor: Ann\n---\n" + BODY)
    write(folder / "b.txt", BODY)
    feed = [{"id": "w1", "text": BODY, "source": "Own feed"}, {"id": "w2", "text": BODY}]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in feed) + "\n", encoding="utf-8")
    return folder


def _by_id(docs):
    return {d.id: d for d in docs}


def test_csv_manifest_relative_paths_and_precedence(story, tmp_path, monkeypatch):
    manifest = write(
        story / "articles.csv",
        "path,date,outlet,url,title\n"
        "a.md,1 February 2026,Reuters,https://example.com/a,\n"  # empty title: the file's own stays
        "b.txt,2026-02-02,BBC,,Minister quits\n"
        "wire.jsonl,,Wire service,,\n"  # every record of the file
        "nowhere.md,2026-02-09,,,\n",  # names no document
    )
    monkeypatch.chdir(tmp_path)  # documents read as story/a.md: the manifest's a.md is the same file
    docs = list(iter_documents(["story"], strict=True))
    unused: list[str] = []
    got = _by_id(apply_manifest(docs, load_manifest(manifest), unused=unused))
    assert article_metadata(got["a"]) == ArticleMeta("2026-02-01", "Own title", "Reuters", "https://example.com/a")
    assert got["a"].meta["author"] == "Ann" and got["a"].meta["published"] == dt.date(2025, 12, 30)
    assert article_metadata(got["b"]) == ArticleMeta("2026-02-02", "Minister quits", "BBC", None)
    assert article_metadata(got["w1"]).outlet == "Wire service"  # the manifest wins over "source": "Own feed"
    assert article_metadata(got["w2"]).outlet == "Wire service"
    assert unused == ["nowhere.md"]
    assert docs[0].meta["date"] == dt.date(2025, 12, 31)  # the documents given are not changed


def test_manifest_aliases_win_over_the_files_aliases(story):
    manifest = write(story / "m.csv", "Path,Published,Headline\na.md,2026-02-01,Manifest title\n")
    (doc,) = apply_manifest([read_article(story / "a.md")], load_manifest(manifest))
    assert article_metadata(doc).date == "2026-02-01" and article_metadata(doc).title == "Manifest title"
    # Read as their standard names, they replace the file's date and title; its other aliases stay, read after.
    assert doc.meta == {"date": "2026-02-01", "title": "Manifest title", "published": dt.date(2025, 12, 30), "author": "Ann"}


def test_manifest_fields_replace_the_files_whatever_their_case(tmp_path):
    article = write(tmp_path / "a.md", "---\nDate: 2025-12-31\nTITLE: Own\nOutlet: Own outlet\n---\n" + BODY)
    manifest = write(tmp_path / "m.csv", "path,date,title\na.md,2026-02-01,Given\n")
    (doc,) = apply_manifest([read_article(article)], load_manifest(manifest))
    assert doc.meta == {"Outlet": "Own outlet", "date": "2026-02-01", "title": "Given"}
    assert article_metadata(doc) == ArticleMeta("2026-02-01", "Given", "Own outlet", None)


def test_json_manifest_list_with_ids_and_absolute_paths(story, tmp_path):
    manifest = tmp_path / "elsewhere" / "m.json"
    manifest.parent.mkdir()
    rows = [
        {"path": str(story / "b.txt"), "date": "2026-02-02", "outlet": "BBC"},
        {"path": "../story/wire.jsonl", "outlet": "Wire"},
        {"path": "../story/wire.jsonl", "id": "w2", "title": "Second", "outlet": "Wire desk", "lang": "en"},
        {"path": "../story/wire.jsonl", "id": "w9", "title": "No such record"},
    ]
    manifest.write_text(json.dumps(rows), encoding="utf-8")
    unused: list[str] = []
    got = _by_id(apply_manifest(iter_documents([story], strict=True), load_manifest(manifest), unused=unused))
    assert article_metadata(got["b"]) == ArticleMeta("2026-02-02", None, "BBC", None)
    assert article_metadata(got["w1"]) == ArticleMeta(None, None, "Wire", None)
    assert article_metadata(got["w2"]) == ArticleMeta(None, "Second", "Wire desk", None)  # its own row over its file's
    assert got["w2"].meta["lang"] == "en"
    assert article_metadata(got["a"]).title == "Own title"  # no row: its own fields
    assert unused == ["../story/wire.jsonl id w9"]


def test_json_manifest_mapping(story):
    manifest = story / "m.json"
    manifest.write_text(json.dumps({"a.md": {"outlet": "Reuters", "date": "2026-02-01"}, "./b.txt": None}), encoding="utf-8")
    got = _by_id(apply_manifest([read_article(story / "a.md"), read_article(story / "b.txt")], load_manifest(manifest)))
    assert article_metadata(got["a"]).outlet == "Reuters" and article_metadata(got["a"]).date == "2026-02-01"
    assert got["b"].meta == {}


def test_semicolon_csv_with_a_bom(story):
    manifest = story / "m.csv"
    manifest.write_bytes("\ufeffpath;outlet\nb.txt;Le Monde\n".encode())
    (doc,) = apply_manifest([read_article(story / "b.txt")], load_manifest(manifest))
    assert article_metadata(doc).outlet == "Le Monde"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("m.csv", "date,outlet\n2026-02-01,BBC\n", "no 'path' column"),
        ("m.csv", "path,date,published\na.md,2026-02-01,2026-02-01\n", "two columns give the date"),
        ("m.csv", "path,outlet\na.md,BBC\n./a.md,AP\n", "row 3: ./a.md is listed twice (also row 2)"),
        ("m.csv", "path,date\na.md,next week\n", "row 2: date 'next week' is not a date articlediff reads"),
        ("m.csv", "path,date\n,2026-02-01\n", "row 2: no path"),
        ("m.csv", "path,outlet\na.md,BBC,extra\n", "row 2: more cells than the header row names"),
        ("m.csv", "path,outlet\n", "has no rows"),
        ("m.csv", "\n\n", "is empty"),
        ("m.json", '[{"path": "a.md"}, {"path": "a.md", "outlet": "x"}]', "item 2: a.md is listed twice (also item 1)"),
        ("m.json", '[{"path": "a.md",}]', "not valid JSON (Expecting property name enclosed in double quotes at line 1"),
        ("m.json", '{"a.md": {"outlet": "x"}, "a.md": {}}', "the key 'a.md' appears twice in one object"),
        ("m.json", '"a.md"', "a JSON manifest is a list of objects"),
        ("m.json", '[["a.md"]]', "item 1: not a JSON object of fields"),
        ("m.json", '[{"outlet": "BBC"}]', "item 1: no path"),
        ("m.json", '[{"path": "a.md", "title": ["x"]}]', "item 1: title is not text"),
        ("m.json", '{"a.md": 3}', "entry 'a.md': not a JSON object of fields"),
    ],
)
def test_bad_manifests_are_one_line_input_errors(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        load_manifest(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_unreadable_manifests(tmp_path):
    with pytest.raises(InputError, match="no such manifest file"):
        load_manifest(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a directory"):
        load_manifest(tmp_path)
    with pytest.raises(InputError, match="is not UTF-8"):
        load_manifest(write(tmp_path / "m.csv", "path,outlet\na.md,Caf\xe9\n", "latin-1"))


def test_a_row_names_the_file_whatever_the_path_given(story, tmp_path, monkeypatch):
    manifest = load_manifest(write(story / "m.csv", "path,outlet\nb.txt,BBC\n"))
    monkeypatch.chdir(story)
    for given_path in ("b.txt", "./b.txt", os.path.join("..", "story", "b.txt"), str(story / "b.txt")):
        (doc,) = apply_manifest([read_article(given_path)], manifest)
        assert article_metadata(doc).outlet == "BBC", given_path
    (memory,) = apply_manifest([Document(BODY)], manifest)
    assert memory.meta == {}


def test_timeline_takes_a_manifest(story):
    manifest = write(story / "m.csv", "path,title,date\nb.txt,From the manifest,2026-02-02\n")
    result = timeline([story / "a.md", story / "b.txt"], order="given", lm="none", manifest=manifest)
    metas = [article_metadata(e.article) for e in result.entries]
    assert [m.title for m in metas] == ["Own title", "From the manifest"]
    assert metas[1].date == "2026-02-02"
    with pytest.raises(InputError, match="no 'path' column"):
        timeline([story / "b.txt"], lm="none", manifest=write(story / "bad.csv", "title\nx\n"))


def test_timeline_cli_manifest(cli, story):
    manifest = write(story / "m.csv", "path,outlet\na.md,Reuters\ngone.md,AP\n")
    result = cli("timeline", story / "a.md", story / "b.txt", "--manifest", manifest, "--lm", "none", "-q", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["summary"]["articles"] == 2
    assert result.err == f"articlediff: warning: {manifest}: 1 row names no article given: gone.md\n"
    bad = cli("timeline", story / "a.md", "--manifest", write(story / "bad.json", "[{"), "--lm", "none")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "bad.json: not valid JSON" in bad.err
    missing = cli("timeline", story / "a.md", "--manifest", story / "none.csv")
    assert missing.code == 2 and "none.csv: no such manifest file" in missing.err
    overwrite = cli("timeline", story / "a.md", story / "b.txt", "--manifest", manifest, "--lm", "none", "-o", manifest)
    assert overwrite.code == 2 and manifest.read_text(encoding="utf-8").startswith("path,outlet")

