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
    assert results["caf\\xe9"]["verdict"] == "duplicate"
    assert results["caf\\xe9"]["matches"][0]["id"] == "caf\\xe9"


@linux_only
def test_the_index_reaches_a_file_stored_by_its_escaped_name(tmp_path):
    folder = bytes_corpus(tmp_path)
    stored = f"{folder}/caf\\xe9.txt"
    assert reread(stored, "caf\\xe9", None, str(tmp_path / "idx.db")) == ARTICLE
