"""Renderer of a :class:`~articlediff.normalise.profile.SpinnerProfile`: what it knows, the most frequent swaps first."""

from __future__ import annotations

from ..normalise.profile import SpinnerProfile, unmarked
from ..wording import counted
from .escape import visible


def render_text(profile: SpinnerProfile, top: int | None = None) -> str:
    """One line per swap: count, source → spun, how often the spun form stood unchanged, where it was seen."""
    swaps = sorted(profile.swaps.values(), key=lambda s: (-s.count, s.spun, s.source))
    out = [f"{len(swaps):,} swaps learned from {counted(profile.pairs, 'article pair')}"]
    for s in swaps[:top]:
        where = f"  (seen in {', '.join(s.seen)})" if s.seen else ""
        kept = profile.kept.get(s.spun, 0)
        out.append(f"{s.count:>5}  {s.source} → {unmarked(s.spun)}  · kept {kept}{where}")
    if top is not None and len(swaps) > top:
        out.append(f"… and {len(swaps) - top:,} more")
    return "\n".join(visible(line) for line in out) + "\n"
