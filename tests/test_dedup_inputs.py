"""The inputs of ``articlediff dedup``: folders, JSONL files, standard input, skips and errors."""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlediff.errors import InputError, UsageError
from articlediff.read import Document, Skipped, iter_documents
from articlediff.read import jsonl as jsonl_reader

WORDS = "The minister said the plan would go ahead next week."


def write(path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def jsonl(*rows) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def collect(paths, **kwargs) -> tuple[list[Document], list[Skipped]]:
    skipped: list[Skipped] = []
    docs = list(iter_documents([str(p) for p in paths], skipped=skipped, **kwargs))
    return docs, skipped


# --------------------------------------------------------------------------- folders


def test_folder_is_read_recursively_with_relative_ids_in_sorted_order(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "b.txt", "Bee text here.")
    write(corpus / "a.md", "# Ay\n\nMarkdown text.")
    write(corpus / "sub" / "a.txt", "Nested text.")
    write(corpus / "sub" / "deeper" / "z.txt", "Deep text.")
    write(corpus / "notes.csv", "not,an,input")
    write(corpus / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    docs, skipped = collect([corpus])
    assert [d.id for d in docs] == ["a", "b", "sub/a", "sub/deeper/z"]
    assert [d.path for d in docs] == [
        str(corpus / "a.md"),
        str(corpus / "b.txt"),
        str(corpus / "sub" / "a.txt"),
        str(corpus / "sub" / "deeper" / "z.txt"),
    ]
    assert docs[2].text == "Nested text."
    assert all(d.line is None and d.meta == {} for d in docs)
    assert skipped == []  # other extensions are ignored silently


def test_folder_ids_use_forward_slashes_and_drop_only_the_last_extension(tmp_path):
    write(tmp_path / "x" / "y" / "report.v2.md", "Some words.")
    (doc,) = iter_documents([tmp_path])
    assert doc.id == "x/y/report.v2"


def test_folder_extensions_are_case_insensitive(tmp_path):
    write(tmp_path / "UPPER.TXT", "Shouting text.")
    (doc,) = iter_documents([tmp_path])
    assert doc.id == "UPPER"


def test_text_files_are_decoded_like_read_py(tmp_path):
    write(tmp_path / "legacy.txt", "It’s “quoted” – café\r\nline two\rline three".encode("cp1252"))
    write(tmp_path / "bom.txt", codecs.BOM_UTF8 + "Café au lait.\r\n".encode())
    docs, _ = collect([tmp_path])
    by_id = {d.id: d for d in docs}
    assert by_id["legacy"].text == "It’s “quoted” – café\nline two\nline three"
    assert by_id["bom"].text == "Café au lait.\n"


def test_jsonl_inside_a_folder_uses_its_id_field(tmp_path):
    write(tmp_path / "a.txt", "A text file.")
    write(tmp_path / "feed" / "items.jsonl", jsonl({"id": "wire-1", "text": WORDS, "source": "AP"}))
    docs, _ = collect([tmp_path])
    assert [(d.id, d.line) for d in docs] == [("a", None), ("wire-1", 1)]
    assert docs[1].meta == {"source": "AP"}
    assert docs[1].path == str(tmp_path / "feed" / "items.jsonl")


def test_sorting_is_by_path_not_by_discovery(tmp_path):
    names = ["m.txt", "a/z.txt", "b.txt", "a.txt", "c/a.md", "A.txt"]
    for name in reversed(names):
        write(tmp_path / name, f"Text of {name}.")
    docs, _ = collect([tmp_path])
    # sorted like pathlib sorts paths: part by part, so a folder's files stay together
    assert [d.id for d in docs] == ["A", "a/z", "a", "b", "c/a", "m"]


# --------------------------------------------------------------------------- files given directly


def test_file_given_directly_is_text_whatever_its_extension(tmp_path):
    write(tmp_path / "story.rst", "Hello there.")
    write(tmp_path / "noext", "Plain words.")
    docs, _ = collect([tmp_path / "story.rst", tmp_path / "noext"])
    assert [(d.id, d.text) for d in docs] == [("story", "Hello there."), ("noext", "Plain words.")]
    assert docs[0].path == str(tmp_path / "story.rst")
    # an HTML page is the exception: it is read as the article it carries (tests/test_html_input.py), and a
    # fragment with no article in it is skipped with the reason, not read as tags
    write(tmp_path / "story.html", "<p>Hello there.</p>")
    docs, skipped = collect([tmp_path / "story.html"])
    assert docs == [] and len(skipped) == 1 and "HTML page" in skipped[0].reason


def test_jsonl_file_keeps_metadata_and_line_numbers(tmp_path):
    path = tmp_path / "feed.jsonl"
    write(
        path,
        jsonl(
            {"id": "a", "text": "First text.", "url": "http://x", "tags": ["x"]}, "", {"text": "Second text.\r\nMore.", "id": "b"}
        ),
    )
    docs, skipped = collect([path])
    assert [(d.id, d.line, d.path) for d in docs] == [("a", 1, str(path)), ("b", 3, str(path))]
    assert docs[0].meta == {"url": "http://x", "tags": ["x"]}
    assert docs[1].meta == {}
    assert docs[1].text == "Second text.\nMore."  # line ends folded
    assert skipped == []  # the blank line is ignored, not skipped


def test_jsonl_missing_null_empty_and_non_string_ids(tmp_path):
    path = tmp_path / "wire.jsonl"
    write(
        path,
        jsonl(
            {"text": "No id."},
            {"id": None, "text": "Null id."},
            {"id": "", "text": "Empty id."},
            {"id": 42, "text": "Number id."},
        ),
    )
    docs, _ = collect([path])
    assert [d.id for d in docs] == ["wire:1", "wire:2", "wire:3", "42"]


def test_jsonl_tolerates_a_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.jsonl"
    write(path, codecs.BOM_UTF8 + jsonl({"id": "a", "text": "Café."}, {"id": "b", "text": "Two."}).replace("\n", "\r\n").encode())
    docs, skipped = collect([path])
    assert [(d.id, d.text) for d in docs] == [("a", "Café."), ("b", "Two.")]
    assert skipped == []


def test_last_jsonl_line_without_newline_is_read(tmp_path):
    path = tmp_path / "f.jsonl"
    write(path, json.dumps({"id": "a", "text": "One."}) + "\n" + json.dumps({"id": "b", "text": "Two."}))
    assert [d.id for d in iter_documents([path])] == ["a", "b"]


# --------------------------------------------------------------------------- duplicate ids


def test_duplicate_ids_get_a_suffix_and_nothing_is_dropped(tmp_path):
    write(tmp_path / "d" / "a.txt", "From the folder.")
    write(tmp_path / "d" / "a.md", "Also from the folder.")
    write(tmp_path / "f.jsonl", jsonl({"id": "a", "text": "One."}, {"id": "a", "text": "Two."}, {"id": "a#2", "text": "Three."}))
    docs, _ = collect([tmp_path / "d", tmp_path / "f.jsonl"])
    assert [d.id for d in docs] == ["a", "a#2", "a#3", "a#4", "a#2#2"]
    assert len({d.id for d in docs}) == len(docs)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.sampled_from(["a", "b", "a#2", "a#3", "b#2", "7"]), min_size=1, max_size=30))
def test_ids_are_always_unique_and_keep_order(ids):
    stream = io.StringIO(jsonl(*({"id": i, "text": f"Text {n}."} for n, i in enumerate(ids))))
    docs = list(iter_documents(["-"], stdin=stream))
    assert len(docs) == len(ids)
    assert len({d.id for d in docs}) == len(docs)
    assert [d.text for d in docs] == [f"Text {n}." for n in range(len(ids))]
    for doc, original in zip(docs, ids, strict=True):
        assert doc.id == original or doc.id.startswith(original + "#")


# --------------------------------------------------------------------------- skips


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "is empty (no text to compare)"),
        (b"   \n\t\n", "is empty (no text to compare)"),
        (b"... --- !!!", "has no words to compare"),
        (b"abc\x00def", "looks binary (contains NUL bytes), not a text article"),
        (b"\x01\x02\x03\x04 words \x05\x06\x07\x08", "looks binary (too many control characters), not a text article"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "starts with a utf-16 byte-order mark but is not valid utf-16"),
    ],
)
def test_bad_text_files_are_skipped_with_read_py_messages(tmp_path, data, reason):
    write(tmp_path / "good.txt", "Good words.")
    write(tmp_path / "bad.txt", data)
    docs, skipped = collect([tmp_path])
    assert [d.id for d in docs] == ["good"]
    assert len(skipped) == 1
    assert skipped[0].path == str(tmp_path / "bad.txt")
    assert skipped[0].reason.startswith(reason)
    assert skipped[0].line is None
    assert "\n" not in skipped[0].reason


def test_oversized_text_file_is_skipped(tmp_path):
    write(tmp_path / "big.txt", "word " * 100)
    write(tmp_path / "small.txt", "word")
    docs, skipped = collect([tmp_path], max_bytes=50)
    assert [d.id for d in docs] == ["small"]
    assert skipped[0].path == str(tmp_path / "big.txt")
    assert skipped[0].reason == "is larger than the 50 bytes limit (500 bytes)"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_skipped(tmp_path):
    write(tmp_path / "locked.txt", "Secret words.")
    write(tmp_path / "locked.jsonl", jsonl({"text": "Secret."}))
    (tmp_path / "locked.txt").chmod(0)
    (tmp_path / "locked.jsonl").chmod(0)
    write(tmp_path / "open.txt", "Open words.")
    docs, skipped = collect([tmp_path])
    assert [d.id for d in docs] == ["open"]
    assert {(s.path, s.reason) for s in skipped} == {
        (str(tmp_path / "locked.txt"), "permission denied"),
        (str(tmp_path / "locked.jsonl"), "permission denied"),
    }


def test_permission_errors_are_skipped_even_as_root(tmp_path, monkeypatch):
    write(tmp_path / "locked.txt", "Secret words.")
    write(tmp_path / "locked.jsonl", jsonl({"text": "Secret."}))
    write(tmp_path / "open.txt", "Open words.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def locked_open(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(jsonl_reader, "open", locked_open, raising=False)
    docs, skipped = collect([tmp_path])
    assert [d.id for d in docs] == ["open"]
    assert [(s.path, s.reason) for s in skipped] == [
        (str(tmp_path / "locked.jsonl"), "permission denied"),
        (str(tmp_path / "locked.txt"), "permission denied"),
    ]


BAD_LINES = [
    ("{not json", "line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
    ("[1, 2]", "line 2: not a JSON object (got an array)"),
    ('"just a string"', "line 2: not a JSON object (got a string)"),
    ("null", "line 2: not a JSON object (got null)"),
    ('{"id": "x"}', 'line 2: no "text" field'),
    ('{"id": "x", "text": 5}', 'line 2: "text" is not a string (got a number)'),
    ('{"id": "x", "text": null}', 'line 2: "text" is not a string (got null)'),
    ('{"id": "x", "text": ""}', 'line 2: "text" is empty (no text to compare)'),
    ('{"id": "x", "text": "  \\n "}', 'line 2: "text" is empty (no text to compare)'),
    ('{"id": "x", "text": "\\ud800 lone"}', 'line 2: "text" is not valid Unicode (a lone surrogate)'),
]


@pytest.mark.parametrize("line, reason", BAD_LINES)
def test_bad_jsonl_lines_are_skipped_with_path_and_line(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    write(path, jsonl({"id": "ok1", "text": "Fine."}, line, {"id": "ok2", "text": "Also fine."}))
    docs, skipped = collect([path])
    assert [(d.id, d.line) for d in docs] == [("ok1", 1), ("ok2", 3)]
    assert skipped == [Skipped(str(path), reason, 2)]
    assert skipped[0].to_dict() == {"path": str(path), "reason": reason, "line": 2}


def test_jsonl_line_that_is_not_utf8_is_skipped(tmp_path):
    path = tmp_path / "feed.jsonl"
    bad = b'{"id": "b", "text": "caf\xe9"}'
    write(path, b'{"id": "a", "text": "ok"}\n' + bad + b"\n")
    docs, skipped = collect([path])
    assert [d.id for d in docs] == ["a"]
    column = bad.index(b"\xe9") + 1
    assert skipped == [Skipped(str(path), f"line 2: not valid UTF-8 (invalid continuation byte at byte {column})", 2)]


def test_jsonl_line_over_the_size_limit_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "feed.jsonl"
    long = json.dumps({"id": "long", "text": "word " * 200})
    write(path, jsonl({"id": "a", "text": "Short."}, long, {"id": "b", "text": "Short too."}))
    docs, skipped = collect([path], max_bytes=100)
    assert [(d.id, d.line) for d in docs] == [("a", 1), ("b", 3)]
    assert skipped == [Skipped(str(path), "line 2: over the size limit (100 bytes)", 2)]


def test_jsonl_line_exactly_at_the_size_limit_is_kept(tmp_path):
    row = json.dumps({"id": "a", "text": "Exactly."})
    path = tmp_path / "feed.jsonl"
    write(path, (row + "\r\n" + row + "x\n").encode())
    docs, skipped = collect([path], max_bytes=len(row))
    assert [d.id for d in docs] == ["a"]
    assert skipped == [Skipped(str(path), f"line 2: over the size limit ({len(row)} bytes)", 2)]


def test_empty_jsonl_file_is_skipped(tmp_path):
    write(tmp_path / "empty.jsonl", "\n  \n")
    write(tmp_path / "a.txt", "Words.")
    docs, skipped = collect([tmp_path])
    assert [d.id for d in docs] == ["a"]
    assert skipped == [Skipped(str(tmp_path / "empty.jsonl"), "is empty (no JSON lines)")]
    assert skipped[0].to_dict() == {"path": str(tmp_path / "empty.jsonl"), "reason": "is empty (no JSON lines)"}


def test_binary_file_named_jsonl_is_skipped_line_by_line(tmp_path):
    path = tmp_path / "data.jsonl"
    write(path, b"\x00\x01\x02binary\n")
    docs, skipped = collect([path])
    assert docs == []
    assert skipped == [Skipped(str(path), "line 1: looks binary (contains NUL bytes), not JSON", 1)]


def test_skipped_list_is_optional(tmp_path):
    write(tmp_path / "a.txt", "Words.")
    write(tmp_path / "b.txt", b"")
    assert [d.id for d in iter_documents([tmp_path])] == ["a"]


# --------------------------------------------------------------------------- strict mode


def test_strict_raises_on_a_bad_text_file_with_one_line(tmp_path):
    write(tmp_path / "a.txt", "Fine words.")
    write(tmp_path / "b.txt", b"\x00\x00\x00")
    docs = iter_documents([tmp_path], strict=True)
    assert next(docs).id == "a"  # documents before the bad one are produced
    with pytest.raises(InputError) as info:
        next(docs)
    message = str(info.value)
    assert message == f"{tmp_path / 'b.txt'}: looks binary (contains NUL bytes), not a text article"
    assert "\n" not in message


@pytest.mark.parametrize("line, reason", BAD_LINES)
def test_strict_raises_on_a_bad_jsonl_line(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    write(path, jsonl({"id": "ok1", "text": "Fine."}, line))
    skipped: list[Skipped] = []
    with pytest.raises(InputError) as info:
        list(iter_documents([path], strict=True, skipped=skipped))
    assert str(info.value) == f"{path}: {reason}"
    assert "\n" not in str(info.value)


def test_strict_raises_on_an_empty_jsonl_file(tmp_path):
    write(tmp_path / "e.jsonl", "")
    with pytest.raises(InputError, match=r"e\.jsonl: is empty \(no JSON lines\)$"):
        list(iter_documents([tmp_path / "e.jsonl"], strict=True))


def test_strict_on_clean_input_yields_everything(tmp_path):
    write(tmp_path / "a.txt", "Fine.")
    write(tmp_path / "b.jsonl", jsonl({"id": "b", "text": "Fine too."}))
    assert [d.id for d in iter_documents([tmp_path], strict=True)] == ["a", "b"]


# --------------------------------------------------------------------------- user errors


def test_missing_path_is_an_input_error_before_any_document(tmp_path):
    write(tmp_path / "a.txt", "Words.")
    missing = tmp_path / "nope"
    with pytest.raises(InputError) as info:
        iter_documents([tmp_path / "a.txt", missing])  # raised at the call, not on iteration
    assert str(info.value) == f"{missing}: no such file or folder"


def test_folder_without_inputs_is_an_input_error(tmp_path):
    empty = tmp_path / "empty"
    write(empty / "sub" / "notes.csv", "a,b")
    with pytest.raises(InputError) as info:
        iter_documents([empty])
    assert str(info.value) == f"{empty}: no .txt, .md or .jsonl files in this folder"
    assert str(info.value).startswith(str(empty))


def test_no_paths_is_an_input_error():
    with pytest.raises(InputError, match="no input"):
        iter_documents([])


def test_a_single_string_instead_of_a_list_is_refused(tmp_path):
    with pytest.raises(TypeError):
        iter_documents(str(tmp_path))


def test_stdin_twice_is_a_usage_error():
    with pytest.raises(UsageError):
        iter_documents(["-", "-"], stdin=io.StringIO(""))


# --------------------------------------------------------------------------- standard input


def test_stdin_jsonl_from_a_text_stream():
    stream = io.StringIO("\ufeff" + jsonl({"id": "s1", "text": "From stdin.", "lang": "en"}, "oops", {"text": "No id."}))
    skipped: list[Skipped] = []
    docs = list(iter_documents(["-"], stdin=stream, skipped=skipped))
    assert [(d.id, d.path, d.line) for d in docs] == [("s1", "-", 1), ("stdin:3", "-", 3)]
    assert docs[0].meta == {"lang": "en"}
    assert [(s.path, s.line) for s in skipped] == [("-", 2)]
    assert skipped[0].reason.startswith("line 2: not valid JSON")


def test_stdin_jsonl_from_a_binary_stream():
    stream = io.BytesIO(codecs.BOM_UTF8 + jsonl({"id": "b", "text": "Bytes café."}).encode())
    (doc,) = iter_documents(["-"], stdin=stream)
    assert (doc.id, doc.text) == ("b", "Bytes café.")


def test_stdin_default_is_sys_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl({"id": "d", "text": "Default stdin."}).encode())))
    (doc,) = iter_documents(["-"])
    assert (doc.id, doc.path) == ("d", "-")


def test_stdin_mixed_with_files(tmp_path):
    write(tmp_path / "a.txt", "File words.")
    docs = list(iter_documents([tmp_path / "a.txt", "-"], stdin=io.StringIO(jsonl({"id": "a", "text": "Stdin words."}))))
    assert [(d.id, d.path) for d in docs] == [("a", str(tmp_path / "a.txt")), ("a#2", "-")]


def test_empty_stdin_is_skipped():
    skipped: list[Skipped] = []
    assert list(iter_documents(["-"], stdin=io.StringIO(""), skipped=skipped)) == []
    assert skipped == [Skipped("-", "is empty (no JSON lines)")]


def test_stdin_line_over_the_limit_counts_bytes_not_characters():
    row = json.dumps({"id": "a", "text": "é" * 40}, ensure_ascii=False)  # 40 characters, 80 bytes of text
    skipped: list[Skipped] = []
    docs = list(iter_documents(["-"], stdin=io.StringIO(row + "\n"), skipped=skipped, max_bytes=len(row)))
    assert docs == []
    assert skipped == [Skipped("-", f"line 1: over the size limit ({len(row):,} bytes)", 1)]


# --------------------------------------------------------------------------- streaming


class EndlessJsonl(io.RawIOBase):
    """A stream of JSONL lines that never ends: only a streaming reader gets anything out of it."""

    def __init__(self) -> None:
        self.lines_read = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int = -1) -> bytes:
        self.lines_read += 1
        return json.dumps({"id": f"n{self.lines_read}", "text": f"Document number {self.lines_read}."}).encode() + b"\n"


def test_documents_are_streamed_from_an_endless_stdin():
    stream = EndlessJsonl()
    docs = iter_documents(["-"], stdin=stream)
    first = list(itertools.islice(docs, 3))
    assert [d.id for d in first] == ["n1", "n2", "n3"]
    assert stream.lines_read == 3  # nothing was read ahead


def test_jsonl_file_is_read_lazily(tmp_path):
    path = tmp_path / "big.jsonl"
    row = json.dumps({"id": "x", "text": "Lorem ipsum dolor sit amet. " * 20}) + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(row.replace('"x"', f'"d{n}"', 1) for n in range(20_000))  # about 12 MB
    docs = iter_documents([path])
    assert next(docs).id == "d0"
    # The file grows after the first document was produced: a reader that had
    # loaded the whole file at once would not see the new line.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "late", "text": "Appended after the first read."}) + "\n")
    rest = list(docs)
    assert len(rest) == 20_000
    assert rest[-1].id == "late"


def test_stopping_early_closes_the_jsonl_file(tmp_path, monkeypatch):
    path = tmp_path / "f.jsonl"
    write(path, jsonl(*({"id": str(n), "text": "Words here."} for n in range(10))))
    opened: list = []

    def spy_open(*args, **kwargs):
        handle = open(*args, **kwargs)  # noqa: SIM115 - closed by the code under test
        opened.append(handle)
        return handle

    monkeypatch.setattr(jsonl_reader, "open", spy_open, raising=False)
    docs = iter_documents([path])
    assert next(docs).id == "0"
    assert len(opened) == 1 and not opened[0].closed
    docs.close()
    assert opened[0].closed
