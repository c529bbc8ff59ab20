"""The inputs of ``articlediff dedup``: folders of text files, JSONL files, standard input.

:func:`iter_documents` streams :class:`Document` objects, one at a time, from

- a folder, searched recursively for ``.txt``, ``.md`` and ``.jsonl`` files
  (other files are ignored), in sorted path order; a text file's id is its
  path relative to the folder without extension (``sub/a``);
- a file given directly, whatever its extension: ``.jsonl`` is read as JSONL,
  anything else as one text document whose id is its file name without
  extension;
- ``-``: JSONL on standard input.

A JSONL line holds one ``{"id": ..., "text": ..., ...}`` object; the other
fields are kept as ``meta``.  Text files are read and decoded by
:mod:`articlediff.read` (same encodings, same checks, same messages).

What is wrong with one document (an unreadable, binary, empty or oversized
file; a JSONL line that is not valid JSON, not an object, without a string
``text``...) is a *skip*: a :class:`Skipped` is appended to ``skipped`` and
the run goes on, unless ``strict=True``, which raises :class:`InputError`
instead.  What is wrong with the command line itself (a path that does not
exist, a folder without any input file) raises :class:`InputError` at once,
before any document is produced.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, UsageError
from ..read import MAX_BYTES, _check_text, fold_newlines, read_article

#: Extensions (lower case) that count inside a folder.
TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIX = ".jsonl"
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Document:
    """One document to deduplicate."""

    id: str
    text: str  # decoded, line ends folded to \n
    path: str  # the file it came from ("-" for standard input)
    line: int | None = None  # JSONL line number (1-based); None for a text file
    meta: dict = field(default_factory=dict)  # the other JSONL fields (not "id"/"text")


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input left out of the run, and why (one line)."""

    path: str
    reason: str  # e.g. "line 7: not a JSON object", "looks binary (contains NUL bytes), not a text article"
    line: int | None = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"path": self.path, "reason": self.reason}
        if self.line is not None:
            out["line"] = self.line
        return out

    def message(self) -> str:
        """The one-line message: ``path: reason``."""
        return f"{self.path}: {self.reason}"


class _Skip(Exception):
    """Internal: one document (or file) to skip, with its reason."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class _Source:
    path: str  # as shown in documents and messages
    kind: str  # "text", "jsonl" or "stdin"
    id: str = ""  # the id of a text document
    # A part of a JSONL file (:mod:`.partitions`): the lines starting in bytes [start, end), numbered from first_line.
    start: int = 0
    end: int | None = None
    first_line: int = 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _in_folder(folder: str, skipped: list[Skipped] | None, strict: bool) -> list[_Source]:
    """The input files of a folder, recursively, sorted by path."""
    found: list[tuple[tuple[str, ...], Path]] = []

    def walk_error(exc: OSError) -> None:
        where = exc.filename or folder
        reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot be read ({exc.strerror or exc})"
        _report(Skipped(str(where), reason), skipped, strict)

    for top, dirs, files in os.walk(folder, onerror=walk_error):
        dirs.sort()
        for name in files:
            if name.lower().endswith((*TEXT_SUFFIXES, JSONL_SUFFIX)):
                rel = Path(top, name).relative_to(folder)
                found.append((rel.parts, rel))
    found.sort(key=lambda item: item[0])
    sources = []
    for _, rel in found:
        path = str(Path(folder, rel))
        if rel.suffix.lower() == JSONL_SUFFIX:
            sources.append(_Source(path, "jsonl"))
        else:
            sources.append(_Source(path, "text", rel.with_suffix("").as_posix()))
    return sources


def _sources(paths: Sequence[str | os.PathLike], skipped: list[Skipped] | None, strict: bool) -> list[_Source]:
    """Check every path and list what to read (names only, no content)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("iter_documents() takes a sequence of paths, not a single path")
    if not paths:
        raise InputError("no input given (expected folders, .txt/.md/.jsonl files or -)")
    names = [os.fspath(p) for p in paths]
    if names.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    sources: list[_Source] = []
    for name in names:
        if name == STDIN:
            sources.append(_Source(STDIN, "stdin"))
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file or folder")
        if path.is_dir():
            found = _in_folder(name, skipped, strict)
            if not found:
                raise InputError(f"{name}: no .txt, .md or .jsonl files in this folder")
            sources.extend(found)
        elif path.suffix.lower() == JSONL_SUFFIX:
            sources.append(_Source(name, "jsonl"))
        else:
            sources.append(_Source(name, "text", path.stem))
    return sources


# --------------------------------------------------------------------------- reading


def _read_text(source: _Source, max_bytes: int) -> Iterator[tuple[str, str, int | None, dict]]:
    try:
        article = read_article(source.path, max_bytes=max_bytes)
    except InputError as exc:
        message = str(exc)
        prefix = f"{source.path}: "
        raise _Skip(message.removeprefix(prefix)) from None
    yield source.id, article.text, None, {}


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
    """One JSONL line → ``(id, text, meta)``; ``None`` for a blank line; raises :class:`_Skip`."""
    if isinstance(content, bytes):
        if number == 1 and content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
        if not content.strip():
            return None
        if b"\x00" in content:
            raise _Skip(f"line {number}: looks binary (contains NUL bytes), not JSON", number)
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Skip(f"line {number}: not valid UTF-8 ({exc.reason} at byte {exc.start + 1})", number) from None
    elif number == 1 and content.startswith("\ufeff"):
        content = content[1:]
    if not content.strip():
        return None
    try:
        obj = json.loads(content)
    except json.JSONDecodeError as exc:
        raise _Skip(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})", number) from None
    except (ValueError, RecursionError) as exc:
        raise _Skip(f"line {number}: not valid JSON ({_one_line(str(exc)) or type(exc).__name__})", number) from None
    if not isinstance(obj, dict):
        raise _Skip(f"line {number}: not a JSON object (got {_json_type(obj)})", number)
    if "text" not in obj:
        raise _Skip(f'line {number}: no "text" field', number)
    text = obj["text"]
    if not isinstance(text, str):
        raise _Skip(f'line {number}: "text" is not a string (got {_json_type(text)})', number)
    if not _is_unicode(text):
        raise _Skip(f'line {number}: "text" is not valid Unicode (a lone surrogate)', number)
    text, _ = fold_newlines(text)
    try:
        _check_text(text)
    except InputError as exc:
        raise _Skip(f'line {number}: "text" {exc}', number) from None
    raw_id = obj.get("id")
    doc_id = None if raw_id is None or raw_id == "" else raw_id if isinstance(raw_id, str) else str(raw_id)
    if doc_id is not None and not _is_unicode(doc_id):
        raise _Skip(f'line {number}: "id" is not valid Unicode (a lone surrogate)', number)
    meta = {key: value for key, value in obj.items() if key not in ("id", "text")}
    return doc_id if doc_id is not None else f"{stem}:{number}", text, meta


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


def _read_jsonl(
    stream: IO[Any],
    path: str,
    stem: str,
    max_bytes: int,
    skipped: list[Skipped] | None,
    strict: bool,
    first_line: int = 1,
    whole: bool = True,
) -> Iterator[tuple[str, str, int | None, dict]]:
    """The documents of a JSONL stream; ``whole=False`` for a part of a file, which may hold no content."""
    seen_content = False
    number = first_line - 1
    try:
        for number, content in _lines(stream, max_bytes, first_line):
            if content is None:
                seen_content = True
                _report(Skipped(path, f"line {number}: over the size limit ({max_bytes:,} bytes)", number), skipped, strict)
                continue
            try:
                parsed = _parse_line(number, content, stem)
            except _Skip as skip:
                seen_content = True
                _report(Skipped(path, skip.reason, skip.line), skipped, strict)
                continue
            if parsed is None:
                continue
            seen_content = True
            doc_id, text, meta = parsed
            yield doc_id, text, number, meta
    except UnicodeDecodeError as exc:  # a text stream that cannot decode its bytes
        raise _Skip(f"line {number + 1}: cannot be decoded ({exc.reason})", number + 1) from None
    except OSError as exc:
        raise _Skip(f"line {number + 1}: cannot be read ({exc.strerror or exc})", number + 1) from None
    if not seen_content:
        raise _Skip("is empty (no JSON lines)") if whole else _NoContent


def _open_jsonl(source: _Source, max_bytes: int, skipped: list[Skipped] | None, strict: bool):
    try:
        handle = open(source.path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except PermissionError:
        raise _Skip("permission denied") from None
    except IsADirectoryError:
        raise _Skip("is a directory, expected a file") from None
    except OSError as exc:
        raise _Skip(f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        if source.end is None:
            yield from _read_jsonl(handle, source.path, Path(source.path).stem, max_bytes, skipped, strict)
        else:
            part = _ByteRange(handle, source.start, source.end)
            yield from _read_jsonl(part, source.path, Path(source.path).stem, max_bytes, skipped, strict, source.first_line, whole=False)


class _NoContent(Exception):
    """Internal: a part of a JSONL file held only blank lines (the file as a whole may not be empty)."""


class _ByteRange:
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


def _report(skip: Skipped, skipped: list[Skipped] | None, strict: bool) -> None:
    if strict:
        raise InputError(skip.message())
    if skipped is not None:
        skipped.append(skip)


# --------------------------------------------------------------------------- public


def iter_documents(
    paths: Sequence[str | os.PathLike],
    *,
    strict: bool = False,
    skipped: list[Skipped] | None = None,
    stdin: IO[Any] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Document]:
    """Stream documents (never all in memory at once): files in sorted path order within a folder; JSONL line by line.

    The paths are checked at once: a path that does not exist or a folder
    without any ``.txt``/``.md``/``.jsonl`` file raises :class:`InputError`
    (``-`` twice raises :class:`UsageError`) before any document is read.
    Then every input that cannot be used is appended to ``skipped`` as a
    :class:`Skipped`, or raises :class:`InputError` with a one-line message
    starting with its path when ``strict`` is true.

    ``-`` reads JSONL from ``stdin`` (default: ``sys.stdin``'s bytes), which
    may be a binary or a text stream.  A JSONL object without ``id`` (or with
    a null or empty one) gets ``<file stem>:<line>`` (``stdin:<line>`` for
    ``-``); a non-string id is converted with ``str()``.  When ids repeat,
    the later documents get ``#2``, ``#3``... so no document is dropped.
    ``max_bytes`` caps a text file and a single JSONL line.
    """
    sources = _sources(paths, skipped, strict)
    return _generate(sources, strict, skipped, stdin, max_bytes)


def _generate(
    sources: list[_Source],
    strict: bool,
    skipped: list[Skipped] | None,
    stdin: IO[Any] | None,
    max_bytes: int,
    unique: bool = True,
    empty_parts: list[_Source] | None = None,
) -> Iterator[Document]:
    """The documents of ``sources``; ``unique=False`` keeps repeated ids (an engine that reads in parts makes them unique later).

    A part of a JSONL file that holds no content is appended to ``empty_parts``.
    """
    seen: dict[str, int] = {}  # id used -> last suffix given to it
    for source in sources:
        if source.kind == "text":
            items = _read_text(source, max_bytes)
        elif source.kind == "jsonl":
            items = _open_jsonl(source, max_bytes, skipped, strict)
        else:
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
            items = _read_jsonl(stream, STDIN, "stdin", max_bytes, skipped, strict)
        try:
            for doc_id, text, line, meta in items:
                yield Document(id=_unique(doc_id, seen) if unique else doc_id, text=text, path=source.path, line=line, meta=meta)
        except _Skip as skip:
            _report(Skipped(source.path, skip.reason, skip.line), skipped, strict)
        except _NoContent:
            if empty_parts is not None:
                empty_parts.append(source)
        finally:
            items.close()  # closes the JSONL file at once when the caller stops early


def unique_ids(ids: Iterator[str] | Sequence[str]) -> list[str]:
    """Ids made unique the way :func:`iter_documents` does, in order: later repeats get ``#2``, ``#3``..."""
    seen: dict[str, int] = {}
    return [_unique(doc_id, seen) for doc_id in ids]


def id_roots(doc_id: str) -> list[str]:
    """The id and each of its prefixes that ends before a ``#``: the ids whose repeats could rename it.

    :func:`unique_ids` renames only ids that repeat and ids that start with a
    repeated id followed by ``#`` (``a#2`` when ``a`` repeats), so an engine
    that reads in parts needs to run it on those documents only.
    """
    return [doc_id, *(doc_id[:k] for k, ch in enumerate(doc_id) if ch == "#")]


def _unique(doc_id: str, seen: dict[str, int]) -> str:
    """``doc_id``, or ``doc_id#2``, ``doc_id#3``... the first not used yet."""
    if doc_id not in seen:
        seen[doc_id] = 1
        return doc_id
    n = seen[doc_id]
    while True:
        n += 1
        candidate = f"{doc_id}#{n}"
        if candidate not in seen:
            break
    seen[doc_id] = n
    seen[candidate] = 1
    return candidate


_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)


def document_date(doc: Document) -> str | None:
    """The document's date: a ``date`` field of its JSONL object, else a leading ``date YYYY-MM-DD`` line."""
    value = doc.meta.get("date")
    if isinstance(value, str) and value.strip():
        return value.strip()
    m = _DATE_LINE.match(doc.text)
    return m.group(1) if m else None
