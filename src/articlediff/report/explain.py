"""Renderers of a :class:`~articlediff.normalise.clean.Cleaned`.

The cleaned text, and the ``--explain`` listing of every repair.  The
listing shows control and bidi-control characters escaped
(:func:`.escape.visible`); the Markdown report escapes what could become
markup or HTML (:func:`.escape.md_text`); the cleaned text itself
(``render_text``) is the article, written as it is.
"""

from __future__ import annotations

import bisect
import json
import re
from html import escape

from ..normalise.clean import Cleaned
from ..wording import counted
from .escape import md_text, visible


def line_col(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset) - 1
    return line + 1, offset - line_starts[line] + 1


def render_explanation(cleaned: Cleaned) -> str:
    """One line per repair and per suggestion: ``line:col stage 'before' → 'after' reason (confidence)``.

    The header says what de-spinning did: whether it ran from context, and
    why not when it did not, so an unchanged text is never a silent
    verdict.
    """
    starts = _line_starts(cleaned.original)
    meta = ", ".join(f"{k}={v!r}" for k, v in cleaned.metadata.items() if k in {"date", "headline"})
    head = f"{counted(len(cleaned.repairs), 'repair')} · spin score {cleaned.spin_score:.3f}"
    model = cleaned.metadata.get("spin", {}).get("model")
    if model:
        head += f" ({model})"
    out = [head + (f" · {meta}" if meta else ""), "de-spinning: " + despin_status(cleaned)]
    if "reference" in cleaned.metadata:  # clean --db: the indexed document used as the reference, or none
        out.append(reference_line(cleaned.metadata["reference"]))
    out += [_line(starts, r) for r in cleaned.repairs]
    if cleaned.suggestions:
        out.append(
            f"{counted(len(cleaned.suggestions), 'suggestion')}, not applied (confidence below {cleaned.min_confidence:.2f}; "
            "apply with --apply-suggestions or a lower --min-confidence):"
        )
        out += [_line(starts, r) for r in cleaned.suggestions]
    return "\n".join(visible(line, keep="\t") for line in out) + "\n"


def reference_line(found: dict | None) -> str:
    """``clean --db``'s line: which indexed document was the reference (``FoundSource.to_dict()``), or that none matched."""
    if not found:
        return "reference: none (no indexed document is a copy of this article)"
    return f"reference: {found['id']} ({found['path']}), {found['relation']}, similarity {found['similarity']:.2f}"


def despin_status(cleaned: Cleaned) -> str:
    """One phrase: what de-spinning ran on (reference, profile, context) and why context did not run."""
    status = cleaned.metadata.get("despin")
    if not status:
        return "did not run"
    ran = [name for name in ("reference", "profile") if status.get(name)]
    if status.get("context"):
        ran.append("context")
    parts = [("ran from " + " and ".join(ran)) if ran else "context de-spinning skipped"]
    if status.get("why"):
        parts.append(status["why"])
    if status.get("protected"):
        left = counted(status["protected"], "proposal")
        parts.append(f"{left} left alone: they touch a fact, name, quotation or fixed expression")
    return "; ".join(parts)


def _line_starts(text: str) -> list[int]:
    return [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]


def _line(starts: list[int], r) -> str:
    line, col = line_col(starts, r.start)
    before = r.before if len(r.before) <= 60 else r.before[:57] + "..."
    return (
        f"{line}:{col}\t{r.stage}\t{json.dumps(before, ensure_ascii=False)} → {json.dumps(r.after, ensure_ascii=False)}"
        f"\t{r.reason} ({r.confidence:.2f})"
    )


def render_markdown(cleaned: Cleaned) -> str:
    """A report for a reader: what de-spinning did, the repairs, the suggestions, then the cleaned text."""
    starts = _line_starts(cleaned.original)
    out = ["# Cleaned text", "", f"- spin score {cleaned.spin_score:.3f}", f"- de-spinning: {despin_status(cleaned)}"]
    if "reference" in cleaned.metadata:  # clean --db
        found = cleaned.metadata["reference"]
        out.append(f"- {reference_line(found and {**found, 'id': md_text(found['id']), 'path': md_text(found['path'])})}")
    out.append("")
    for title, rows in (("Repairs (applied)", cleaned.repairs), ("Suggestions (not applied)", cleaned.suggestions)):
        out += [f"## {title}: {len(rows)}", ""]
        if title.startswith("Suggestions") and rows:
            out += [f"Below the confidence bar of {cleaned.min_confidence:.2f}; `--apply-suggestions` applies them.", ""]
        if rows:
            out += ["| where | stage | before | after | why | confidence |", "|---|---|---|---|---|---|"]
            for r in rows:
                line, col = line_col(starts, r.start)
                out.append(
                    f"| {line}:{col} | {r.stage} | {_md(r.before)} | {_md(r.after)} | {_md(r.reason)} | {r.confidence:.2f} |"
                )
            out.append("")
    out += ["## Text", "", _HTML.sub(r"\\\1", visible(cleaned.text.rstrip("\n"), keep="\n\t")), ""]
    return "\n".join(out)


#: What could turn the cleaned text of the Markdown report into HTML: backslash-escaped there.
_HTML = re.compile(r"([<>&\\])")


def _md(text: str) -> str:
    return md_text(text) or "∅"


def render_html(cleaned: Cleaned) -> str:
    """The original text with every repair shown (struck out → inserted) and every suggestion underlined.

    Hovering a change shows its reason and confidence.  One self-contained
    page; all text is escaped.
    """
    marks = [(r.start, r.end, "repair", r) for r in cleaned.repairs]
    marks += [(r.start, r.end, "suggestion", r) for r in cleaned.suggestions]
    marks.sort(key=lambda m: (m[0], m[1]))
    body, pos = [], 0
    for start, end, kind, r in marks:
        if start < pos:
            continue  # a suggestion inside a repaired span: the repair is shown
        body.append(escape(cleaned.original[pos:start]))
        title = escape(f"{r.stage}: {r.reason} (confidence {r.confidence:.2f})", quote=True)
        if kind == "repair":
            body.append(f'<span class="repair" title="{title}"><del>{escape(r.before)}</del><ins>{escape(r.after)}</ins></span>')
        else:
            body.append(f'<span class="suggestion" title="{title}">{escape(r.before)}<sup>→ {escape(r.after)}?</sup></span>')
        pos = end
    body.append(escape(cleaned.original[pos:]))
    summary = (
        f"{counted(len(cleaned.repairs), 'repair')}, {counted(len(cleaned.suggestions), 'suggestion')} "
        f"(not applied; below {cleaned.min_confidence:.2f}) · spin score {cleaned.spin_score:.3f} · "
        f"de-spinning: {despin_status(cleaned)}"
    )
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>articlediff clean</title><style>'
        "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.5}"
        "pre{white-space:pre-wrap;font-family:inherit}del{color:#a33}ins{color:#262;text-decoration:none;font-weight:bold}"
        ".suggestion{border-bottom:2px dotted #c80}.suggestion sup{color:#c80}p.summary{color:#555}"
        "</style></head><body>\n"
        f'<p class="summary">{escape(summary)}</p>\n<pre>{"".join(body)}</pre>\n</body></html>\n'
    )


def render_text(cleaned: Cleaned) -> str:
    """The cleaned text itself, line for line with the original."""
    return cleaned.text
