"""Reading articles: encodings, line ends and every kind of bad input."""

import codecs
import io
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlediff import InputError, article_from_bytes, read_article
from articlediff.compare import describe
from articlediff.read import decode, fold_newlines
from articlediff.segment import segment, word_count

TEXT = "Sir Keir said “yes” – café £1.5bn.\nSecond line."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # native order, with a BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_and_records_encoding(data, encoding):
    text, used = decode(data)
    assert text == TEXT
    assert used == encoding


def test_cp1252_fallback_keeps_smart_punctuation():
    article = article_from_bytes("It’s “quoted” – and café".encode("cp1252"), "legacy.txt")
    assert article.encoding == "cp1252"
    assert article.text == "It’s “quoted” – and café"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text, used = decode(b"caf\xe9 \x81")
    assert used == "latin-1"
    assert text.startswith("café")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_read_the_same_as_lf(newline):
    lf = "One.\nTwo.\n\nThree."
    article = article_from_bytes(lf.replace("\n", newline).encode(), "x.txt")
    assert article.text == lf
    assert article.newline == newline
    assert [s.text for s in segment(article.text)] == ["One.", "Two.", "Three."]


def test_mixed_line_ends_are_recorded():
    assert fold_newlines("a\r\nb\nc") == ("a\nb\nc", "mixed")


def test_reads_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = read_article(path)
    assert article.text == TEXT
    assert article.path == str(path)
    assert article.id == "a" and article.line is None and article.meta == {}
    assert len(describe(article)["sha256"]) == 64


def test_reads_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-16"))))
    article = read_article("-")
    assert article.text == TEXT
    assert article.path == "<stdin>"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "bin.dat", b"\x7fELF\x02\x01\x00\x00binary"), "NUL bytes"),
        (lambda d: _write(d / "ctl.txt", b"ab\x01\x02\x03\x04\x05cd\x06\x07\x08"), "control characters"),
        (lambda d: _write(d / "empty.txt", b""), "is empty"),
        (lambda d: _write(d / "blank.txt", b" \n\t\n"), "is empty"),
        (lambda d: _write(d / "bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8"), "byte-order mark"),
    ],
)
def test_bad_input_raises_input_error(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_size_limit(tmp_path):
    path = _write(tmp_path / "big.txt", b"word " * 100)
    with pytest.raises(InputError, match="larger than"):
        read_article(path, max_bytes=50)
    assert word_count(read_article(path, max_bytes=1000).text) == 100


def _write(path, data):
    path.write_bytes(data)
    return path


@given(st.text(max_size=200))
def test_control_characters_are_counted_as_unicode_defines_them(text):
    import unicodedata

    from articlediff.read.decode import _ALLOWED_CONTROLS, _CONTROL_RE

    expected = sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    assert len(_CONTROL_RE.findall(text)) == expected
