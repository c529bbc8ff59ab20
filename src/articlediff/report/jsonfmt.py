"""The ``articlediff.compare/1`` JSON document (contract in docs/formats.md)."""

from __future__ import annotations

import json

from ..compare import Comparison


def render(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
