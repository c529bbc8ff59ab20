"""JSON Lines: one ``{"id": ..., "text": ..., ...}`` object a line, read line by line with bounded memory.

The other fields of an object are kept as the document's ``meta``.  What is
wrong with one line (not valid JSON, not an object, no string ``text``...)
is a :class:`~.sources.Skip` of that line; the rest of the file is read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .decode import check_text, fold_newlines
from .document import Document, Skipped
from .sources import Skip, Source, report


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lines(stream: IO[Any], max_bytes: int, first_line: int = 1) -> Iterator[tuple[int, str | bytes | None]]:
    """``(line number, content without its line end)``, content ``None`` for a line over ``max_bytes``.

    Reads one line at a time with a bounded ``readline``, so neither a huge
    file nor one huge line is ever held in memory whole.
    """
    number = first_line - 1
    while True:
        chunk = stream.readline(max_bytes + 2)
        if not chunk:
            return
        number += 1
        newline = "\n" if isinstance(chunk, str) else b"\n"
        if len(chunk) == max_bytes + 2 and not chunk.endswith(newline):
            # Longer than the limit: drop the rest of the line, a chunk at a time.
            while chunk and not chunk.endswith(newline):
                chunk = stream.readline(1 << 16)
            yield number, None
            continue
        content = chunk.rstrip("\r\n") if isinstance(chunk, str) else chunk.rstrip(b"\r\n")
        size = len(content.encode("utf-8", "surrogatepass")) if isinstance(content, str) else len(content)
        yield number, (None if size > max_bytes else content)


def _parse_line(number: int, content: str | bytes, stem: str) -> tuple[str, str, dict] | None:
    """One JSONL line → ``(id, text, meta)``; ``None`` for a blank line; raises :class:`Skip`."""
    if isinstance(content, bytes):
        if number == 1 and content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
        if not content.strip():
            return None
        if b"\x00" in content:
            raise Skip(f"line {number}: looks binary (contains NUL bytes), not JSON", number)
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Skip(f"line {number}: not valid UTF-8 ({exc.reason} at byte {exc.start + 1})", number) from None
    elif number == 1 and content.startswith("\ufeff"):
        content = content[1:]
    if not content.strip():
        return None
    try:
        obj = json.loads(content)
    except json.JSONDecodeError as exc:
        # json's messages for a place end in "at" ("Unterminated string starting at"): the column completes them
        where = f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else f"{exc.msg} at column {exc.colno}"
        raise Skip(f"line {number}: not valid JSON ({where})", number) from None
    except (ValueError, RecursionError) as exc:
        raise Skip(f"line {number}: not valid JSON ({_one_line(str(exc)) or type(exc).__name__})", number) from None
    if not isinstance(obj, dict):
        raise Skip(f"line {number}: not a JSON object (got {_json_type(obj)})", number)
    if "text" not in obj:
        raise Skip(f'line {number}: no "text" field', number)
    text = obj["text"]
    if not isinstance(text, str):
        raise Skip(f'line {number}: "text" is not a string (got {_json_type(text)})', number)
    if not _is_unicode(text):
        raise Skip(f'line {number}: "text" is not valid Unicode (a lone surrogate)', number)
    text, _ = fold_newlines(text)
    try:
        check_text(text)
    except InputError as exc:
        raise Skip(f'line {number}: "text" {exc}', number) from None
    raw_id = obj.get("id")
    doc_id = None if raw_id is None or raw_id == "" else raw_id if isinstance(raw_id, str) else str(raw_id)
    if doc_id is not None and not _is_unicode(doc_id):
        raise Skip(f'line {number}: "id" is not valid Unicode (a lone surrogate)', number)
    meta = {key: value for key, value in obj.items() if key not in ("id", "text")}
    return doc_id if doc_id is not None else f"{stem}:{number}", text, meta


#: Why standard input that holds a plain article is refused (see :func:`read_jsonl`).
PLAIN_TEXT_PIPED = (
    "is plain text, not JSON Lines (- reads one JSON object a line, with a \"text\" field): give the article "
    "as a file instead"
)


def _opens_json(content: bytes | str) -> bool:
    """Whether a line starts as a JSON object or array would (after white space and a byte-order mark)."""
    head = content[:64].decode("utf-8", "replace") if isinstance(content, bytes) else content[:64]
    return head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _json_type(value: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_jsonl(
    stream: IO[Any],
    path: str,
    stem: str,
    max_bytes: int,
    skipped: list[Skipped] | None,
    strict: bool,
    first_line: int = 1,
    whole: bool = True,
    piped: bool = False,
) -> Iterator[Document]:
    """The documents of a JSONL stream (ids as found); ``whole=False`` for a part of a file, which may hold no content.

    ``piped``: the stream is standard input.  When its first line is no JSON object, not even the start
    of one, what came is a plain article piped in (``cat story.txt | articlediff check --db x -``): it
    is refused in one line that says what to do, not skipped line by line (a seed gave 18 messages).
    """
    seen_content = False
    number = first_line - 1
    try:
        for number, content in _lines(stream, max_bytes, first_line):
            if content is None:
                seen_content = True
                report(Skipped(path, f"line {number}: over the size limit ({max_bytes:,} bytes)", number), skipped, strict)
                continue
            try:
                parsed = _parse_line(number, content, stem)
            except Skip as skip:
                if piped and not seen_content and not _opens_json(content):
                    raise Skip(PLAIN_TEXT_PIPED) from None
                seen_content = True
                report(Skipped(path, skip.reason, skip.line), skipped, strict)
                continue
            if parsed is None:
                continue
            seen_content = True
            doc_id, text, meta = parsed
            yield Document(text=text, path=path, id=doc_id, line=number, meta=meta)
    except UnicodeDecodeError as exc:  # a text stream that cannot decode its bytes
        raise Skip(f"line {number + 1}: cannot be decoded ({exc.reason})", number + 1) from None
    except OSError as exc:
        raise Skip(f"line {number + 1}: cannot be read ({exc.strerror or exc})", number + 1) from None
    if not seen_content:
        raise Skip("is empty (no JSON lines)") if whole else NoContent


def open_jsonl(source: Source, max_bytes: int, skipped: list[Skipped] | None, strict: bool) -> Iterator[Document]:
    """The documents of a JSONL file, or of the byte range of one that ``source`` names."""
    try:
        handle = open(source.path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except PermissionError:
        raise Skip("permission denied") from None
    except IsADirectoryError:
        raise Skip("is a directory, expected a file") from None
    except OSError as exc:
        raise Skip(f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        if source.end is None:
            yield from read_jsonl(handle, source.path, Path(source.path).stem, max_bytes, skipped, strict)
        else:
            part = ByteRange(handle, source.start, source.end)
            yield from read_jsonl(
                part, source.path, Path(source.path).stem, max_bytes, skipped, strict, source.first_line, whole=False
            )


class NoContent(Exception):
    """A part of a JSONL file held only blank lines (the file as a whole may not be empty)."""


class ByteRange:
    """The lines of a binary file that start in bytes ``[start, end)`` (``start`` is a line start), read by ``readline``."""

    def __init__(self, handle: IO[bytes], start: int, end: int) -> None:
        handle.seek(start)
        self._handle, self._pos, self._end, self._at_line_start = handle, start, end, True

    def readline(self, size: int = -1) -> bytes:
        if self._at_line_start and self._pos >= self._end:
            return b""
        chunk = self._handle.readline(size)
        self._pos += len(chunk)
        self._at_line_start = chunk.endswith(b"\n")
        return chunk
