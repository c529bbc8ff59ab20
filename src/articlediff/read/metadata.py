"""The metadata of an article: its front matter, its standard fields, and a manifest the user gives.

Three sources, one result:

- **front matter**: a YAML block at the very start of a text article
  (``---`` line, ``key: value`` lines, ``---`` or ``...`` line), split off
  by :func:`split_front_matter` when the article is decoded
  (:func:`.decode.article_from_bytes`, which every text input goes
  through), so ``Document.text`` is the body only and the fields are
  ``Document.meta``;
- **JSONL fields**: an object's fields other than ``id`` and ``text``
  (:mod:`.jsonl`), also ``Document.meta``;
- **a manifest**: a CSV or JSON file naming articles by path (and JSONL
  records by id) with their fields (:func:`load_manifest`,
  :func:`apply_manifest`); its fields replace the documents' own.

:func:`article_metadata` reads the standard fields (date, title, outlet,
URL) from ``Document.meta`` under their common names, with dates in ISO
form (:func:`iso_date`); :func:`document_date` is its date.  The formats
are in docs/formats.md ("Input formats").
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError
from ..months import MONTHS
from .document import Document, date_line

# --- Front matter -------------------------------------------------------------------------------

#: The line that opens front matter, and the lines that close it (at the start of a line, as YAML's
#: document markers are; trailing spaces allowed).
_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
#: A ``key:`` line: a plain key (a word, which may hold ``.``, ``-`` and ``:``, as in ``og:title``) or
#: a quoted one, then a colon followed by a space or the end of the line.  A block whose first line
#: (after blank and comment lines) is one is front matter; anything else after a ``---`` line (a
#: sentence, a heading, a list) is the article's text, and the ``---`` a Markdown horizontal rule.
_KEY_LINE = re.compile(r"""(?:\w[\w.:-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|\Z)""")


@functools.cache
def _loader() -> type:
    """PyYAML's safe loader (plain data only), but a timestamp that is not a real date (``2026-02-30``) stays a string.

    The safe loader raises ``ValueError`` on such a date, which would make a whole block unreadable
    for one bad field; :func:`article_metadata` then reads the string as no date.  PyYAML is
    imported here, when a text has front matter, not by every command that reads.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _lines(text: str, pos: int) -> Iterable[tuple[int, int, int]]:
    """``(start, end, next start)`` of each line from ``pos``; ``end`` excludes the ``\\n``."""
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        yield pos, end, (end + 1 if nl >= 0 else end)
        pos = end + 1


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """``(fields, block, body)`` of a decoded text (line ends already ``\\n``): the front matter's fields, the text it
    took (blank lines before it and both ``---`` lines included) and the rest.  Without front matter: ``({}, "", text)``.

    Front matter is a ``---`` line at the start of the text (after a byte-order mark and blank lines,
    if any) whose next line that is not blank or a ``#`` comment is a ``key:`` line, up to the next
    ``---`` or ``...`` line.  It must parse as a YAML mapping; if it does not, or is never closed,
    :class:`InputError` says why in one line (without the path, which the caller adds).  An empty
    block (``---`` right after ``---``) is empty front matter.  A ``---`` followed by anything else
    is left in the text (a Markdown horizontal rule).
    """
    lines = _lines(text, 1 if text.startswith("\ufeff") else 0)
    number = 0
    for start, end, after in lines:  # noqa: B007 - the line found is used after the loop
        number += 1
        if text[start:end].strip():
            break
    else:
        return {}, "", text
    if not _OPEN.fullmatch(text, start, end):
        return {}, "", text
    opened, block_start = number, after
    first: str | None = None  # the block's first line that is not blank or a comment
    for start, end, after in lines:  # noqa: B007 - the closing line found is used after the loop
        number += 1
        line = text[start:end]
        if _CLOSE.fullmatch(line):
            break
        if first is None and line.strip() and not line.lstrip().startswith("#"):
            first = line
            if not _KEY_LINE.match(first):
                return {}, "", text  # a horizontal rule, then text
    else:
        if first is None:
            return {}, "", text  # a lone "---" (and blank lines): a horizontal rule
        raise InputError(f"front matter opened by the '---' on line {opened} is never closed (end it with a '---' line)")
    if first is None:
        return {}, text[:after], text[after:]
    import yaml

    where = f"front matter (lines {opened}-{number})"
    try:
        fields = yaml.load(text[block_start:start], Loader=_loader())  # noqa: S506 - a SafeLoader: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # the context (the key being read) is where to look
        at = f" at line {opened + 1 + mark.line}, column {mark.column + 1}" if mark is not None else ""
        raise InputError(f"{where} is not valid YAML: {exc.problem or exc.context or 'cannot be parsed'}{at}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{where} is not valid YAML: {reason}") from None
    if not isinstance(fields, dict):
        raise InputError(f"{where} is not a YAML mapping of fields (key: value lines)")
    return {str(key): value for key, value in fields.items()}, text[:after], text[after:]


# --- Dates --------------------------------------------------------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(_WEEKDAYS) + r")[a-z]*\.?,?\s+)?"
#: A time after a written date, with an optional zone (RFC 2822: ``10:00:00 GMT``, ``+0000``, ``-0500 (EST)``).
_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[a-z]{1,5}|[+-]\d{2}:?\d{2}))?(?:\s*\([^()]*\))?)?"
)
_WRITTEN = [
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}", re.I),  # 1 February 2026; RFC 2822
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}}){_TIME}", re.I),  # February 1, 2026
]
#: ISO 8601 dates and date-times (``2026-02-01``, ``2026-02-01T10:00:00Z``, ``... +01:00``), and ``2026/02/01``.
_ISO = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.I,
)


def iso_date(value: object) -> str | None:
    """A date as ISO ``YYYY-MM-DD``, or None when ``value`` is not a date this reads without guessing.

    Read: ``datetime.date`` and ``datetime.datetime`` objects (YAML's own dates); ISO dates and
    date-times (``2026-02-01``, ``2026-02-01T10:00:00Z``, ``2026-02-01 10:00+01:00``; also
    ``2026/02/01``); written dates (``1 February 2026``, ``1st Feb. 2026``, ``February 1, 2026``,
    ``Sunday, 1 February 2026``), with a time and zone after them (RFC 2822: ``Sun, 01 Feb 2026
    10:00:00 GMT``).  A date-time's date is the one written, in its own time zone (not converted to
    UTC).  Not read: ``01/02/2026`` (day or month first?), a date without a year, numbers (seconds
    or milliseconds since 1970, in which zone?), a weekday that contradicts the date, a day that does
    not exist (``2026-02-30``).
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    m = _ISO.fullmatch(text)
    if m is not None:
        return _valid(m.group("year"), m.group("month"), m.group("day"))
    for pattern in _WRITTEN:
        m = pattern.fullmatch(text)
        if m is not None:
            month = MONTHS[m.group("month").lower()]
            found = _valid(m.group("year"), month, m.group("day"))
            weekday = m.group("weekday")
            if found and weekday and dt.date.fromisoformat(found).weekday() != _WEEKDAYS.index(weekday.lower()):
                return None
            return found
    return None


def _valid(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- Standard fields ----------------------------------------------------------------------------

#: The standard fields and the names they go by in front matter, feeds and CMS exports, the
#: standard name first.  Names are matched without regard to case.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "published", "published_at", "pubDate", "datePublished", "publication_date"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher", "publication"),
    "url": ("url", "link", "canonical_url"),
}


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """An article's standard fields, each None when unknown: ``date`` ISO ``YYYY-MM-DD``; ``title``, ``outlet`` and ``url``
    as one line of text."""

    date: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


def _folded(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with lower-case keys (the first of two names differing only in case wins)."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        out.setdefault(str(key).lower(), value)
    return out


def _one_line(value: object) -> str | None:
    """A field's value as one line of text: a string, a number, or an object's ``name`` (``{"name": "Reuters"}``)."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def article_metadata(doc: Document) -> ArticleMeta:
    """The standard fields of ``doc``, read from ``doc.meta`` under the names of :data:`ALIASES` (in that order).

    The date is the first of those fields that :func:`iso_date` reads, else the document's leading
    date line (``date 2026-02-01``); an unreadable date is no date.  The others are the first
    non-empty one, on one line.
    """
    fields = _folded(doc.meta)

    def first(field: str, read) -> str | None:
        for name in ALIASES[field]:
            found = read(fields.get(name.lower()))
            if found:
                return found
        return None

    return ArticleMeta(
        date=first("date", iso_date) or iso_date(date_line(doc.text)),
        title=first("title", _one_line),
        outlet=first("outlet", _one_line),
        url=first("url", _one_line),
    )


def document_date(doc: Document) -> str | None:
    """The document's date (ISO ``YYYY-MM-DD``): its metadata's (:func:`article_metadata`), else its leading date marker."""
    return article_metadata(doc).date


# --- Manifest -----------------------------------------------------------------------------------

#: What a manifest's columns (or JSON keys) may be called: the standard fields' names and aliases,
#: ``path`` and ``id``; other columns are kept as they are named.
_CANONICAL = {name.lower(): field for field, names in ALIASES.items() for name in names} | {"path": "path", "id": "id"}
_IN_TEXT = ("path", "id", "date", "title", "outlet", "url")  # values that must be text (or, for id, a number)


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One row of a manifest: where it is (``row 3``, ``item 2``), the path as written, a JSONL record's id, its fields."""

    where: str
    path: str
    id: str | None
    fields: Mapping[str, Any]

    def name(self) -> str:
        return self.path if self.id is None else f"{self.path} id {self.id}"


@dataclass(frozen=True)
class Manifest:
    """A manifest: its rows by (resolved file path, JSONL id or None)."""

    path: str
    rows: Mapping[tuple[str, str | None], ManifestRow]

    def keys_for(self, doc: Document) -> list[tuple[str, str | None]]:
        """The rows that may name ``doc``: its file's, then (for a JSONL record) its own by id."""
        if doc.path in ("-", "<stdin>", "<text>", "<bytes>"):
            return []
        real = _real(doc.path)
        return [(real, None)] + ([(real, doc.id)] if doc.line is not None else [])


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def apply_manifest(documents: Iterable[Document], manifest: Manifest, *, unused: list[str] | None = None) -> list[Document]:
    """The documents, each with the fields of the manifest rows that name it in its ``meta``.

    The manifest wins: a field it gives replaces the document's own field of the same name (and,
    because :func:`article_metadata` reads the standard name first, its aliases).  A JSONL record
    takes its file's row, then its own row (by ``id``) over it.  The rows that name no document are
    appended to ``unused`` (as ``path`` or ``path id ID``), for the caller to warn about.
    """
    used: set[tuple[str, str | None]] = set()
    out: list[Document] = []
    for doc in documents:
        fields: dict[str, Any] = {}
        for key in manifest.keys_for(doc):
            row = manifest.rows.get(key)
            if row is not None:
                fields.update(row.fields)
                used.add(key)
        if fields:
            replaced = {name.lower() for name in fields}
            kept = {name: value for name, value in doc.meta.items() if str(name).lower() not in replaced}
            doc = replace(doc, meta=kept | fields)
        out.append(doc)
    if unused is not None:
        unused.extend(row.name() for key, row in manifest.rows.items() if key not in used)
    return out


def load_manifest(path: str | os.PathLike) -> Manifest:
    """Read a manifest: a CSV file with a header row (``path`` required; ``date``, ``outlet``, ``url``, ``title``, ``id``,
    any other) or a JSON file (a list of objects with a ``path``, or an object mapping paths to objects of fields).

    Paths are relative to the manifest's folder (absolute ones are allowed); ``id`` names a record
    of a ``.jsonl`` file.  Empty cells and nulls are no value.  A file that cannot be read, a CSV
    without a ``path`` column, bad JSON, a path (or path and id) listed twice, or a date that
    :func:`iso_date` cannot read raise :class:`InputError` (one line, starting with the manifest's path).
    """
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InputError(f"{name}: no such manifest file")
    if os.path.isdir(name):
        raise InputError(f"{name}: is a directory, expected a manifest file (.csv or .json)")
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: is not UTF-8 text (byte {exc.start + 1}); save the manifest as UTF-8") from None
    if not text.strip():
        raise InputError(f"{name}: is empty (expected a CSV header row, or JSON)")
    suffix = os.path.splitext(name)[1].lower()
    is_json = suffix == ".json" or (suffix not in (".csv", ".tsv") and text.lstrip()[:1] in ("[", "{"))
    raw = _json_rows(text, name) if is_json else _csv_rows(text, name)
    if not raw:
        raise InputError(f"{name}: has no rows (one per article: its path, then its fields)")
    base = os.path.dirname(os.path.abspath(name))
    rows: dict[tuple[str, str | None], ManifestRow] = {}
    for where, cells in raw:
        row = _row(where, cells, name)
        real = _real(row.path if os.path.isabs(row.path) else os.path.join(base, row.path))
        key = (real, row.id if row.path.lower().endswith(".jsonl") else None)
        if key in rows:
            raise InputError(f"{name}: {where}: {row.name()} is listed twice (also {rows[key].where})")
        rows[key] = row
    return Manifest(name, rows)


def _row(where: str, cells: Mapping[str, Any], name: str) -> ManifestRow:
    """One manifest row from its cells (names already canonical): checked, the date read, empty values dropped."""
    fields: dict[str, Any] = {}
    for key, value in cells.items():
        if not key or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in _IN_TEXT:
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
                value = str(value)
            if not isinstance(value, str):
                raise InputError(f"{name}: {where}: {key} is not text")
            value = value.strip()
        fields[key] = value
    path = fields.pop("path", None)
    if path is None:
        raise InputError(f"{name}: {where}: no path")
    doc_id = fields.pop("id", None)
    if "date" in fields:
        date = iso_date(fields["date"])
        if date is None:
            raise InputError(f"{name}: {where}: date {fields['date']!r} is not a date articlediff reads (write YYYY-MM-DD)")
        fields["date"] = date
    return ManifestRow(where, path, doc_id, fields)


def _canonical(names: Iterable[str], name: str, where: str) -> list[str]:
    """Column names with the standard fields' aliases turned into their standard names; two for one field is an error."""
    out: list[str] = []
    for column in names:
        key = column.strip()
        canonical = _CANONICAL.get(key.lower(), key)
        if canonical and canonical in out:
            raise InputError(f"{name}: {where}: two columns give the {canonical} ({column!r} and another)")
        out.append(canonical)
    return out


def _csv_rows(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """``(row N, cells by canonical column)`` of a CSV manifest: comma-separated (tab or semicolon if the header has no comma)."""
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = "," if "," in header_line else "\t" if "\t" in header_line else ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[str, dict[str, Any]]] = []
    columns: list[str] | None = None
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _canonical(cells, name, "header row")
                if "path" not in columns:
                    raise InputError(
                        f"{name}: no 'path' column (the first row names the columns: path, date, outlet, url, title)"
                    )
                continue
            where = f"row {reader.line_num}"
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                raise InputError(f"{name}: {where}: more cells than the header row names")
            out.append((where, {column: cell for column, cell in zip(columns, cells) if column}))
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: not valid CSV ({exc})") from None
    return out


class _Repeated(Exception):
    pass


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def _json_rows(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """``(where, fields by canonical name)`` of a JSON manifest."""
    try:
        doc = json.loads(text, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except _Repeated as exc:
        raise InputError(f"{name}: the key {exc.args[0]!r} appears twice in one object") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{name}: not valid JSON ({' '.join(str(exc).split()) or type(exc).__name__})") from None
    if isinstance(doc, list):
        items = [(f"item {n}", item) for n, item in enumerate(doc, start=1)]
    elif isinstance(doc, dict):
        items = []
        for path, fields in doc.items():
            if fields is None:
                fields = {}
            if isinstance(fields, dict):
                fields = {**{k: v for k, v in fields.items() if _CANONICAL.get(k.strip().lower()) != "path"}, "path": path}
            items.append((f"entry {path!r}", fields))
    else:
        raise InputError(f"{name}: a JSON manifest is a list of objects, or an object mapping paths to objects of fields")
    out: list[tuple[str, dict[str, Any]]] = []
    for where, fields in items:
        if not isinstance(fields, dict):
            raise InputError(f"{name}: {where}: not a JSON object of fields")
        columns = _canonical(list(fields), name, where)
        out.append((where, dict(zip(columns, fields.values()))))
    return out
