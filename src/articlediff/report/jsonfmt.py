"""JSON: every result's own versioned contract (``to_dict()``), one renderer for all (docs/formats.md)."""

from __future__ import annotations

import json


def render(result, *, passages: bool = False) -> str:
    """``result.to_dict()`` as indented UTF-8 JSON; ``passages`` goes to a dedup result's (its shared passages)."""
    data = result.to_dict(passages) if _takes_passages(result) else result.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _takes_passages(result) -> bool:
    from ..dedup.model import DedupResult

    return isinstance(result, DedupResult)
