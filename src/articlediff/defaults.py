"""Defaults and choices the command line shows in ``--help``, in a module that imports nothing.

Each is defined here once and imported where it is used (the matcher's
``articlediff.align.DEFAULT_THRESHOLD``, the timeline's orders), so the
command line can show it without importing the matcher or the timeline
(issue 22: ``articlediff --help`` in milliseconds).
"""

from __future__ import annotations

#: The matcher's threshold: the lowest passage similarity (0-100) at which two passages are paired; chosen on
#: labelled pairs (docs/benchmarks.md).
DEFAULT_THRESHOLD = 55.0
#: How ``timeline`` orders its articles: by date (undated first, as given), or as given.
ORDERS = ("date", "given")
