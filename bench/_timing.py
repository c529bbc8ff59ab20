"""Helpers the timing benchmarks share."""

from __future__ import annotations

import os


def pin_to_one_cpu() -> str:
    """Pin this process to one CPU, so a figure means "per core"; say what was done."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"
