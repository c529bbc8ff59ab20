"""A persistent corpus index for CI checks and ingest pipelines.

:mod:`.store` holds the SQLite file (:class:`Index`: add, query, stats),
:mod:`.build` the one index build (partitions read and fingerprinted by an
engine's workers, written in order by one writer), :mod:`.encoding` the
compact forms it stores, :mod:`.check` the verdicts ``articlediff
check`` gives new documents against it, and :mod:`.source` finds the
stored document an article is a copy of (``clean --db``).
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

#: Each public name and its module, imported on first use
#: (``check`` is also a submodule: :mod:`articlediff.lazy` keeps the function).
_EXPORTS = {
    "CheckReport": ".check",
    "CheckResult": ".check",
    "check": ".check",
    "FoundSource": ".source",
    "SourceUnavailableError": ".source",
    "find_source": ".source",
    "AddReport": ".store",
    "CorpusIndexError": ".store",
    "Index": ".store",
    "Match": ".store",
    "RemoveReport": ".store",
}
lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .check import CheckReport, CheckResult, check
    from .source import FoundSource, SourceUnavailableError, find_source
    from .store import AddReport, CorpusIndexError, Index, Match, RemoveReport

__all__ = [
    "AddReport",
    "CheckReport",
    "CheckResult",
    "CorpusIndexError",
    "FoundSource",
    "Index",
    "Match",
    "RemoveReport",
    "SourceUnavailableError",
    "check",
    "find_source",
]
