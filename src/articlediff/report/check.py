"""Renderers of a check run: text for people, JUnit XML for CI dashboards, GitHub workflow annotations (JSON: :mod:`.jsonfmt`).

JUnit XML is what most CI systems display as test results: one test case
per checked document, failed when its verdict is one the job fails on.
GitHub Actions reads ``::error file=...::message`` lines from a step's
output and shows them on the files of a pull request.

Escaping (docs/formats.md): the text report shows control and bidi-control
characters escaped (:func:`.escape.visible`); JUnit XML writes no character
XML 1.0 forbids (:func:`.escape.xml_text`), in text and attributes alike; a
GitHub annotation escapes ``%``, ``\r`` and ``\n`` in its message and also
``:`` and ``,`` in its properties, the workflow-command rules.
"""

from __future__ import annotations

from ..index.check import CheckReport, CheckResult, copied_from
from ..read.document import STDIN, source_name
from ..wording import counted
from .escape import visible, xml_text

#: Characters of a shared run the text report quotes.
SNIPPET = 90


def describe(result: CheckResult) -> str:
    if result.verdict == "unreadable":
        return f"unreadable: could not be checked ({result.reason})"
    if not result.matches:
        if result.already_indexed:  # the index holds this very document (an earlier run added it), and nothing else like it
            return "new: no other similar document in the index (this one is indexed already)"
        return "new: no similar document in the index"
    best = result.matches[0]
    if result.verdict == "new":  # only estimated rewrites: a suggestion, with its evidence
        return (
            f"new: no copy found; possibly a rewrite of {_named(best.id, best.path)}: {100 * best.score:.0f}% of the names, "
            f"numbers and rare words alike, estimated (its text could not be read to verify it)"
        )
    verb = "copied from" if copied_from(best, result.document) else "also in"
    kind = {
        "exact": "exact copy of",
        "near": f"near-duplicate ({100 * best.score:.0f}%) of",
        "spun": f"spun copy (skeleton {100 * best.score:.0f}% alike) of",
        "partial": f"{100 * best.score:.0f}% of this document {verb}",
        "rewrite": f"the same story in other words ({100 * best.score:.0f}% of the names, numbers and rare words) as",
    }[best.relation]
    more = f" (and {len(result.matches) - 1} more)" if len(result.matches) > 1 else ""
    return f"{result.verdict}: {kind} {_named(best.id, best.path)}{more}"


def _named(doc_id: str, path: str) -> str:
    """A stored document as ``id (path)``; one read from standard input has no path to show (``id, from standard
    input``)."""
    return f"{doc_id}, from {source_name(path)}" if path == STDIN else f"{doc_id} ({path})"


def shared_spans(result: CheckResult, width: int = SNIPPET) -> list[str]:
    """The runs of the input its best partial source holds: ``chars 120-560 (74 words): “The Prime…”``."""
    if result.verdict != "partial" or not result.matches or not result.matches[0].spans:
        return []
    text = result.document.text
    out = []
    for start, end, words in result.matches[0].spans:
        run = " ".join(text[start:end].split())
        snippet = run if len(run) <= width else run[: width - 1].rsplit(" ", 1)[0] + " …"
        out.append(f"chars {start}-{end} ({counted(words, 'word')}): “{snippet}”")
    return out


def where(result: CheckResult) -> str:
    """Where a checked document is: its file, and for a JSONL document its line and id (one file holds many)."""
    doc = result.document
    path = source_name(doc.path)
    if doc.line is None:
        return path
    return f"{path}, line {doc.line} ({doc.id})" if doc.path == STDIN else f"{path}:{doc.line} ({doc.id})"


def _file(result: CheckResult) -> str:
    """The ``file=`` (and for a JSONL document ``line=``) properties of a GitHub annotation."""
    doc = result.document
    return f"file={_prop(doc.path)}" + (f",line={doc.line}" if doc.line is not None else "")


def render_text(report: CheckReport) -> str:
    """A line a document with its verdict (under a partial one, the shared runs), and a summary line."""
    out = []
    for r in report.results:
        out.append(f"{where(r)}: {describe(r)}")
        out += [f"    {line}" for line in shared_spans(r)]
    summary = report.to_dict()["summary"]
    out.append(
        f"{summary['checked']} checked: {summary['duplicate']} duplicate, {summary['spun']} spun, "
        f"{summary['partial']} partial, {summary['rewrite']} rewrite, {summary['new']} new · "
        f"{summary['unreadable']} unreadable · {summary['added']} added to the index"
    )
    return "\n".join(visible(line) for line in out) + "\n"


def render_github(report: CheckReport, *, fail_on: tuple[str, ...] = ()) -> str:
    """GitHub workflow annotations: an error for a verdict in ``fail_on``, a warning for any other match or unreadable input."""
    lines = []
    for r in report.results:
        if r.verdict in fail_on:
            lines.append(f"::error {_file(r)},title=articlediff {r.verdict}::{_data(describe(r))}")
        elif r.verdict != "new":
            lines.append(f"::warning {_file(r)},title=articlediff {r.verdict}::{_data(describe(r))}")
    return "".join(line + "\n" for line in lines)


def render_junit(report: CheckReport, *, fail_on: tuple[str, ...] = ()) -> str:
    """JUnit XML: a test case a document, failed when its verdict is in ``fail_on``.

    An unreadable input is an ``<error>`` when ``unreadable`` is in ``fail_on`` (it could not be tested), else skipped.
    """
    failing = report.failing(fail_on)
    cases = []
    for r in report.results:
        name = quoteattr(r.document.id)
        classname = quoteattr(r.document.path)
        if r.verdict == "unreadable":
            tag = "error" if r in failing else "skipped"
            cases.append(f"    <testcase name={name} classname={classname}><{tag} message={quoteattr(describe(r))}/></testcase>")
        elif r in failing:
            body = f"<failure message={quoteattr(describe(r))} type={quoteattr(r.verdict)}>{escape(describe(r))}</failure>"
            cases.append(f"    <testcase name={name} classname={classname}>{body}</testcase>")
        else:
            cases.append(f"    <testcase name={name} classname={classname}/>")
    total = len(report.results)
    errors = sum(r.verdict == "unreadable" for r in failing)
    failures = len(failing) - errors
    skipped = sum(r.verdict == "unreadable" and r not in failing for r in report.results)
    counts = f'tests="{total}" failures="{failures}" errors="{errors}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="articlediff check" {counts}>\n'
        f'  <testsuite name="articlediff check" {counts} skipped="{skipped}">\n'
        + "".join(c + "\n" for c in cases)
        + "  </testsuite>\n</testsuites>\n"
    )


def escape(text: str) -> str:
    """XML character data: ``&``, ``<``, ``>`` escaped, and no character XML 1.0 forbids."""
    from xml.sax.saxutils import escape  # JUnit only: the text report does not pay for xml.sax (14 ms)

    return escape(xml_text(text))


def quoteattr(text: str) -> str:
    """An XML attribute value, quoted: no character XML 1.0 forbids, line breaks and tabs as character references."""
    from xml.sax.saxutils import quoteattr

    return quoteattr(xml_text(text))


def _data(text: str) -> str:
    """Escape a GitHub workflow command's message: ``%`` and line breaks (other controls: :func:`.escape.visible`)."""
    return visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a GitHub workflow command's property (``file=``): also ``:`` and ``,``."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
