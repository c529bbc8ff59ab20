"""JSON: every result's own versioned contract (``to_dict()``), one renderer for all (docs/formats.md)."""

from __future__ import annotations

import json
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def render(result) -> str:
    """``result.to_dict()`` as indented UTF-8 JSON."""
    return dumps(result.to_dict())


def dumps(data: dict) -> str:
    """A contract document as the JSON renderers write it: UTF-8, indented, one line end after it."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def json_safe(text: str) -> str:
    """JSON text made valid UTF-8: a lone surrogate (a JSONL string may hold one) written as its ``\\u`` escape (``\\udce9``).

    JSON has no other place for one than inside a string, where the escape stands for the same character.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
