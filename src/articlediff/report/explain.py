"""Renderers of a :class:`~articlediff.normalise.clean.Cleaned`.

The cleaned text, and the ``--explain`` listing of every repair.
"""

from __future__ import annotations

import bisect
import json

from ..normalise.clean import Cleaned


def line_col(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset) - 1
    return line + 1, offset - line_starts[line] + 1


def render_explanation(cleaned: Cleaned) -> str:
    """One line per repair: ``line:col stage 'before' → 'after' reason (confidence)``."""
    starts = [0] + [k + 1 for k, ch in enumerate(cleaned.original) if ch == "\n"]
    meta = ", ".join(f"{k}={v!r}" for k, v in cleaned.metadata.items() if k in {"date", "headline"})
    head = f"{len(cleaned.repairs)} repair{'s' if len(cleaned.repairs) != 1 else ''} · spin score {cleaned.spin_score:.3f}"
    model = cleaned.metadata.get("spin", {}).get("model")
    if model:
        head += f" ({model})"
    out = [head + (f" · {meta}" if meta else "")]
    if "reference" in cleaned.metadata:  # clean --db: the indexed document used as the reference, or none
        out.append(reference_line(cleaned.metadata["reference"]))
    for r in cleaned.repairs:
        line, col = line_col(starts, r.start)
        before = r.before if len(r.before) <= 60 else r.before[:57] + "..."
        out.append(
            f"{line}:{col}\t{r.stage}\t{json.dumps(before, ensure_ascii=False)} → {json.dumps(r.after, ensure_ascii=False)}"
            f"\t{r.reason} ({r.confidence:.2f})"
        )
    return "\n".join(out) + "\n"


def reference_line(found: dict | None) -> str:
    """``clean --db``'s line: which indexed document was the reference (``FoundSource.to_dict()``), or that none matched."""
    if not found:
        return "reference: none (no indexed document is a copy of this article)"
    return f"reference: {found['id']} ({found['path']}), {found['relation']}, similarity {found['similarity']:.2f}"


def render_text(cleaned: Cleaned) -> str:
    """The cleaned text itself, line for line with the original."""
    return cleaned.text
