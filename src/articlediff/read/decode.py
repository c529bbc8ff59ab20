"""Reading one document from a file, standard input or bytes: decoding and the checks on text.

News text arrives in every encoding a CMS ever used, so decoding is
explicit and recorded: a BOM wins (UTF-8, UTF-16, UTF-32), then strict
UTF-8, then the legacy Windows code page cp1252 (the usual encoding of old
Western European web text), with latin-1 for the five bytes cp1252 leaves
undefined.  YAML front matter at the start of the text is metadata, not
text: it is split off here (:mod:`.metadata`).  An HTML page is read as the article it carries
(:mod:`.html`).  Whatever cannot be a text article (missing, a directory,
binary, a PDF or office file, empty, over the size limit) raises :class:`InputError` with a
one-line reason.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
import sys
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .document import Document
from .html import extract, is_html, not_text
from .metadata import split_front_matter

#: Largest input read, in bytes: a text file, or one JSONL line.  Far above any news article (the
#: seeds are under 10 kB; a 100,000-word document is about 600 kB) and the size ``compare`` serves
#: in bounded time and memory: a 2 MB self-compare takes 24 s of CPU and 662 MB, 5 MB 58 s and
#: 1.5 GB (bench/size_limit.py, docs/benchmarks.md).  It also keeps a mistaken path to a video or a
#: database dump from filling memory.
MAX_BYTES = 2 * 1024 * 1024

#: Share of control characters (other than tab, newline, carriage return and
#: form feed) above which decoded "text" is taken to be binary data.
MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
#: Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F) but the allowed ones;
#: one regular expression counts them far faster than asking ``unicodedata`` about each character.
_CONTROL_RE = re.compile("[^" + "".join(sorted(_ALLOWED_CONTROLS)) + "\x20-\x7e\xa0-\U0010ffff]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; return ``(text, encoding used)``.

    Raises :class:`InputError` for data that looks binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from None
    if b"\x00" in data:
        raise InputError("looks binary (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def fold_newlines(text: str) -> tuple[str, str]:
    """Fold CRLF and CR line ends to LF; return ``(text, style found)``."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    if not crlf and not cr:
        return text, "\n"
    lf = text.count("\n") - crlf
    styles = [s for s, n in (("\r\n", crlf), ("\r", cr), ("\n", lf)) if n]
    style = styles[0] if len(styles) == 1 else "mixed"
    return text.replace("\r\n", "\n").replace("\r", "\n"), style


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def check_text(text: str) -> None:
    """Raise :class:`InputError` (without a path) for decoded text that is not a text article."""
    if not text.strip():
        raise InputError("is empty (no text to compare)")
    if not any(ch.isalnum() for ch in text):
        raise InputError("has no words to compare")
    controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError("looks binary (too many control characters), not a text article")


def article_from_bytes(data: bytes, path: str = "<bytes>", *, max_bytes: int = MAX_BYTES, id: str = "") -> Document:
    """Build a :class:`Document` from raw bytes (used for files and stdin).

    This is where every text article is decoded, so it is where YAML front matter is split off
    (:func:`.metadata.split_front_matter`): the document's ``text`` is the body, its ``meta`` the
    front matter's fields, its ``front_matter`` the block as read.
    """
    if len(data) > max_bytes:
        raise InputError(f"{path}: is larger than the {_size(max_bytes)} limit ({len(data):,} bytes)")
    if not data:
        raise InputError(f"{path}: is empty (no text to compare)")
    problem = not_text(data)
    if problem:
        raise InputError(f"{path}: {problem}")
    try:
        text, encoding = decode(data)
        text, newline = fold_newlines(text)
        if is_html(text, path):  # a saved page: its article's text and metadata, the extraction recorded (.html)
            text, meta = extract(text)
            front_matter = ""
        else:
            meta, front_matter, text = split_front_matter(text)
        if front_matter and not text.strip():
            raise InputError("has front matter but no article text after it")
        check_text(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return Document(text=text, path=path, id=id, meta=meta, encoding=encoding, newline=newline, front_matter=front_matter)


def stat_problem(path: str | os.PathLike, exc: OSError, missing: str = "no such file") -> str:
    """The one-line reason ``os.stat(path)`` failed: ``missing`` when nothing is there, a symlink loop, a broken link..."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop (too many levels of symbolic links)"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "is a broken symbolic link (its target does not exist)" if os.path.islink(path) else missing
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"


def kind_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read: None for a regular file.

    Checked before any file is opened: opening a named pipe (FIFO) waits for a
    writer that may never come, and a device or socket is no article.
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, expected a file"
    if stat.S_ISFIFO(mode):
        return "is not a regular file (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "is not a regular file (a socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is not a regular file (a device)"
    return "is not a regular file"


def not_a_file(path: str | os.PathLike, missing: str = "no such file") -> str | None:
    """Why ``path`` cannot be read as a file, without opening it; None for a regular file (or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return stat_problem(path, exc, missing)
    return kind_problem(mode)


def standard_input() -> IO[Any]:
    """``sys.stdin``'s bytes (or the stream itself when it has none); :class:`InputError` when standard input is closed.

    A program started with its standard input closed (``<&-``) has ``sys.stdin``
    set to None, or a stream whose file descriptor is not open.
    """
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise InputError("<stdin>: standard input is closed")
    try:
        os.fstat(stream.fileno())
    except OSError as exc:
        if exc.errno == errno.EBADF:
            raise InputError("<stdin>: standard input is closed") from None
    except (ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a file (a test's stream): nothing to check
    return getattr(stream, "buffer", stream)


def read_article(source: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one article from a path, or from standard input when ``source`` is ``"-"``.

    A file's document gets its name without extension as ``id`` (as a file
    named to ``dedup`` does).
    """
    if str(source) == "-":
        try:
            data = standard_input().read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"<stdin>: cannot be read ({exc.strerror or exc})") from None
        return article_from_bytes(data, "<stdin>", max_bytes=max_bytes)
    path = Path(source)
    name = str(source)
    problem = not_a_file(path)
    if problem:
        raise InputError(f"{name}: {problem}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name}: is larger than the {_size(max_bytes)} limit ({size:,} bytes)")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return article_from_bytes(data, name, max_bytes=max_bytes, id=path.stem)


def as_article(value: Document | str | os.PathLike) -> Document:
    """Accept a Document, a path, or ``"-"``; raw text must be wrapped in a Document by the caller."""
    if isinstance(value, Document):
        return value
    return read_article(value)
