"""Renderers of a :class:`~articlediff.dedup.model.DedupResult`: a table, JSON (with or without passages), JSON Lines and CSV.

The table is for people; JSON is the ``articlediff.dedup/1`` contract;
JSON Lines and CSV give one row per duplicate (cluster number,
representative, member, relation, score), for ``jq``, spreadsheets and
databases.
"""

from __future__ import annotations

import csv
import io
import json

from ..dedup.model import DedupResult
from ..wording import counted
from .escape import visible
from .jsonfmt import dumps, json_safe

COLUMNS = ("cluster", "representative", "id", "path", "relation", "score", "share")


def rows(result: DedupResult, passages: bool = False) -> list[dict]:
    """One row per cluster member other than the representative."""
    return [
        {"cluster": n, "representative": c.representative, **m.to_dict(passages)}
        for n, c in enumerate(result.clusters, 1)
        for m in c.members
    ]


def summary_line(result: DedupResult) -> str:
    """``5 documents read, 0 skipped · 1 cluster · 1 duplicate (1 of them partial) · 4 unique``.

    Rewrites are counted apart too: ``(3 of them rewrites)``, ``(1 of them partial, 3 rewrites)``.
    """
    s = result.summary
    partial = sum(m.relation == "partial" for c in result.clusters for m in c.members)
    rewrites = sum(m.relation == "rewrite" for c in result.clusters for m in c.members)
    kinds_ = [f"{partial:,} of them partial"] if partial else []
    if rewrites:
        kinds_.append(counted(rewrites, "rewrite") if partial else
                      f"{rewrites:,} of them {'a rewrite' if rewrites == 1 else 'rewrites'}")
    of_them = f" ({', '.join(kinds_)})" if kinds_ else ""
    return (
        f"{counted(s['documents'], 'document')} read, {s['skipped']:,} skipped · {counted(s['clusters'], 'cluster')} · "
        f"{counted(s['duplicates'], 'duplicate')}{of_them} · {s['unique']:,} unique"
    )


def render_json(result: DedupResult, *, passages: bool = False) -> str:
    """The ``articlediff.dedup/1`` document; with ``passages``, each partial copy's shared passages too."""
    return dumps(result.to_dict(passages))


def render_jsonl(result: DedupResult, *, passages: bool = False) -> str:
    """One JSON object a duplicate (with ``passages``, each partial copy's shared passages too)."""
    return "".join(json_safe(json.dumps(r, ensure_ascii=False)) + "\n" for r in rows(result, passages))


def render_csv(result: DedupResult) -> str:
    """One CSV row a duplicate (passages do not fit a row)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(result))
    return buffer.getvalue()


def render_table(result: DedupResult, *, passages: bool = False) -> str:
    """The clusters for people: a summary line, each cluster and its members, the skips (controls in ids and paths escaped)."""
    out = [summary_line(result), ""]
    for n, c in enumerate(result.clusters, 1):
        out.append(f"cluster {n}: {c.representative}  ({c.path})")
        for m in c.members:
            out.append(f"  {m.relation:<8} {m.score:5.1f}  {m.id}")
            runs = f"{len(m.passages)} runs" if len(m.passages) > 1 else "1 run"
            if m.relation == "rewrite":  # which of the two was written first is not claimed
                out.append(
                    f"           the same story as {c.representative} in other words: "
                    f"{m.score:.0f}% of their names, numbers and rare words in common"
                )
                if m.share is not None and m.passages:
                    out.append(
                        f"           {m.share:.0f}% of its text in runs also in {c.representative}, "
                        f"({runs}: {kinds(m.passages)})"
                    )
            elif m.share is not None and m.passages:
                out.append(f"           {m.share:.0f}% of it shared with {c.representative} ({runs}: {kinds(m.passages)})")
            if passages:
                for p in m.passages:
                    where = f"chars {p.b[0]}-{p.b[1]} = chars {p.a[0]}-{p.a[1]} of {c.representative}"
                    out.append(f"           {where} ({counted(p.words_b, 'word')}, {p.kind})")
    for s in result.skipped:
        out.append(f"skipped {s.message()}")
    return "\n".join(visible(line) for line in out).rstrip("\n") + "\n"


def kinds(shared) -> str:
    """How runs of shared text were copied, in words: ``verbatim``, ``2 verbatim, 1 spun``."""
    counts: dict[str, int] = {}
    for p in shared:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    if len(counts) == 1 and len(shared) == 1:
        return next(iter(counts))
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def render_records(records) -> str:
    """``dedup --emit``: one JSON object a line (kept documents, dropped ones or clusters: :mod:`articlediff.dedup.emit`)."""
    return "".join(json_safe(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
