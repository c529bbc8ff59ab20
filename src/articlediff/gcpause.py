"""The cyclic garbage collector paused while a stage builds many objects that form no cycles.

CPython's collector runs when allocations outnumber deallocations by a
threshold, and its oldest generation walks every live container object.
A stage that allocates hundreds of thousands of small lists and tuples
(the fingerprint stage's sentences and windows, a cached table being
loaded) trips it again and again, and each run walks everything the
process holds: in ``dedup`` of 10,000 documents that was a quarter of the
fingerprint stage's time (issue 22).  Such a stage makes no reference
cycles (nothing it builds refers back to itself), so pausing the collector
while it runs frees nothing late; reference counting frees everything as
before, and the collector resumes as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block, then restore it as it was (nesting is safe)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
