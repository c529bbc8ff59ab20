"""A persistent corpus index for CI checks and ingest pipelines.

:mod:`.store` holds the SQLite file (:class:`Index`: add, query, stats),
:mod:`.build` the one index build (partitions read and fingerprinted by an
engine's workers, written in order by one writer), :mod:`.encoding` the
compact forms it stores, and :mod:`.check` the verdicts ``articlediff
check`` gives new documents against it.
"""

from .check import CheckReport, CheckResult, check
from .store import AddReport, CorpusIndexError, Index, Match

__all__ = ["AddReport", "CheckReport", "CheckResult", "CorpusIndexError", "Index", "Match", "check"]
