"""What to read: paths checked and folders walked into a list of sources, before any content is read.

A folder is searched recursively for ``.txt``, ``.md`` and ``.jsonl`` files
(other files are ignored), in sorted path order; a text file's id is its
path relative to the folder without extension (``sub/a``).  A file given
directly is read whatever its extension: ``.jsonl`` as JSONL, anything else
as one text document whose id is its file name without extension.  ``-``
is JSONL on standard input.

What is wrong with the command line itself (a path that does not exist, a
folder without any input file) raises :class:`InputError` at once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from .decode import kind_problem, not_a_file, stat_problem
from .document import STDIN, Skipped

#: Extensions (lower case) that count inside a folder.
TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIX = ".jsonl"


class Skip(Exception):
    """One document (or file) to skip, with its reason: raised by a reader, turned into a :class:`Skipped`."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a text file, a JSONL file (or a byte range of one), or standard input."""

    path: str  # as shown in documents and messages
    kind: str  # "text", "jsonl" or "stdin"
    id: str = ""  # the id of a text document
    # A part of a JSONL file (:mod:`.partitions`): the lines starting in bytes [start, end), numbered from first_line.
    start: int = 0
    end: int | None = None
    first_line: int = 1


def report(skip: Skipped, skipped: list[Skipped] | None, strict: bool) -> None:
    """A skip: appended to ``skipped``, or raised as :class:`InputError` when ``strict``."""
    if strict:
        raise InputError(skip.message())
    if skipped is not None:
        skipped.append(skip)


def in_folder(folder: str, skipped: list[Skipped] | None, strict: bool) -> tuple[list[Source], int]:
    """The input files of a folder, recursively, sorted by path, and how many files had an input's extension.

    A file with an input's extension that is not a regular file (a named pipe,
    a socket, a device) or cannot be looked at (a symlink loop, a broken
    link) is a skip with its reason, found before anything is opened.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    try:
        os.scandir(folder).close()
    except OSError as exc:  # the folder itself cannot be listed: say why, not "no input files"
        raise InputError(f"{folder}: {stat_problem(folder, exc, 'no such folder')}") from None

    def walk_error(exc: OSError) -> None:
        where = exc.filename or folder
        reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot be read ({exc.strerror or exc})"
        report(Skipped(str(where), reason), skipped, strict)

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
        try:
            problem = kind_problem(os.stat(path).st_mode)
        except OSError as exc:
            problem = stat_problem(path, exc)
        if problem:  # a named pipe, socket or device (opening a pipe would wait forever), a broken link...
            report(Skipped(path, problem), skipped, strict)
            continue
        if rel.suffix.lower() == JSONL_SUFFIX:
            sources.append(Source(path, "jsonl"))
        else:
            sources.append(Source(path, "text", rel.with_suffix("").as_posix()))
    return sources, len(found)


def sources(paths: Sequence[str | os.PathLike], skipped: list[Skipped] | None, strict: bool) -> list[Source]:
    """Check every path and list what to read (names only, no content)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("iter_documents() takes a sequence of paths, not a single path")
    if not paths:
        raise InputError("no input given (expected folders, .txt/.md/.jsonl files or -)")
    names = [os.fspath(p) for p in paths]
    if names.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once")
    sources: list[Source] = []
    for name in names:
        if name == STDIN:
            sources.append(Source(STDIN, "stdin"))
            continue
        path = Path(name)
        problem = not_a_file(path, missing="no such file or folder")
        if path.is_dir():
            found, candidates = in_folder(name, skipped, strict)
            if not candidates:
                raise InputError(f"{name}: no .txt, .md or .jsonl files in this folder")
            sources.extend(found)
        elif problem:
            raise InputError(f"{name}: {problem}")
        elif path.suffix.lower() == JSONL_SUFFIX:
            sources.append(Source(name, "jsonl"))
        else:
            sources.append(Source(name, "text", path.stem))
    return sources
