"""The one document type every command reads, what a skipped input says, and the one date-line rule.

A :class:`Document` is plain data: the decoded text (line ends folded to
``\\n``, nothing else changed) and where it came from.  ``compare`` and
``timeline`` call it an article (:data:`Article` is the same class);
``dedup``, ``index`` and ``check`` read thousands of them.  Everything
derived from a document (sentences, repairs, fingerprints) is computed by
the stage that needs it, never by the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .names import shown


@dataclass(frozen=True)
class Document:
    """One document (an article): its decoded text, left untouched but for line ends, and where it came from.

    ``text`` is the decoded input with line ends folded to ``\\n``
    (``newline`` records what the file used), so the offsets of every
    derived span index into ``text``.  ``id`` names the document in a
    corpus (a file's name without extension, relative to the folder read;
    a JSONL object's ``id``); ``line`` is its JSONL line (None for a text
    file); ``meta`` holds a JSONL object's other fields, or a text file's
    front matter (:mod:`.metadata`).  ``front_matter`` is the text the
    front matter took at the start of the file (its ``---`` lines
    included; ``""`` when none), kept out of ``text`` so no stage reads it
    as the article, and kept here so a command that writes the file back
    (``clean --in-place``) can put it back.  A ``path`` or ``id`` holding a
    lone surrogate (a file name that is not UTF-8) is escaped when the
    document is made (:func:`.names.shown`: ``caf\\xe9.txt``).
    """

    text: str
    path: str = "<text>"
    id: str = ""
    line: int | None = None
    meta: dict = field(default_factory=dict)
    encoding: str = "utf-8"
    newline: str = "\n"
    front_matter: str = ""

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 (or a JSONL id with a lone surrogate) is carried escaped (:mod:`.names`).
        if shown(self.path) is not self.path:
            object.__setattr__(self, "path", shown(self.path))
        if shown(self.id) is not self.id:
            object.__setattr__(self, "id", shown(self.id))


#: ``compare`` and ``timeline`` speak of articles: an article is a document.
Article = Document


#: The path a document or a skipped input read from standard input has (``dedup -``, ``check -``).
STDIN = "-"


def source_name(path: str) -> str:
    """How a message names where a document came from: its path, or ``standard input``."""
    return "standard input" if path == STDIN else path


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input left out of the run, and why (one line)."""

    path: str
    reason: str  # e.g. "line 7: not a JSON object", "looks binary (contains NUL bytes), not a text article"
    line: int | None = None

    def __post_init__(self) -> None:
        # The path (and a reason naming it) of a file whose name is not UTF-8, escaped (:mod:`.names`).
        object.__setattr__(self, "path", shown(self.path))
        object.__setattr__(self, "reason", shown(self.reason))

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"path": self.path, "reason": self.reason}
        if self.line is not None:
            out["line"] = self.line
        return out

    def message(self) -> str:
        """The one-line message: ``path: line 7: reason`` (``standard input: …`` for ``-``), the line said once."""
        where = source_name(self.path)
        line = f"line {self.line}: " if self.line is not None and not self.reason.startswith(f"line {self.line}:") else ""
        return f"{where}: {line}{self.reason}"


#: A date marker on a document's first line: ``date 2026-02-01``, ``date: 2026-02-01`` or ``Date=2026-02-01``.
#: Groups: (1) leading space, (2) the marker with the space after it, (3) the ISO date.  The
#: normaliser removes the marker it matches (``normalise/boilerplate.py``); ``dedup``, ``index``
#: and ``timeline`` read the same date from it (``dedup`` and ``index`` through :func:`.metadata.document_date`).
DATE_LINE = re.compile(r"\A(\s*)(date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b\s*)", re.IGNORECASE)


def date_line(text: str) -> str | None:
    """The ISO date of a leading date marker (:data:`DATE_LINE`), if the text starts with one."""
    m = DATE_LINE.match(text)
    return m.group(3) if m else None

