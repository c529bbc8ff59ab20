"""JSON: every result's own versioned contract (``to_dict()``), one renderer for all (docs/formats.md)."""

from __future__ import annotations

import json


def render(result) -> str:
    """``result.to_dict()`` as indented UTF-8 JSON."""
    return dumps(result.to_dict())


def dumps(data: dict) -> str:
    """A contract document as the JSON renderers write it: UTF-8, indented, one line end after it."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
