"""Batch near-duplicate detection: ``dedup(paths_or_documents) -> DedupResult``.

The stages are modules of their own: :mod:`.fingerprint` (read and
fingerprint a partition), :mod:`.candidates` (exact copies by content hash,
LSH band pairs), :mod:`.verify`, :mod:`.components`, :mod:`.passages`
(partial copies) and :mod:`.cluster`, all fingerprinting with one
:class:`FingerprintConfig`; :mod:`.run` strings them together once, as
tasks any engine (:mod:`articlediff.engines`) can run; docs/dedup.md
describes the method.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

#: Each public name and its module, imported on first use (``articlediff.dedup.telling`` or ``.config`` alone loads no numpy).
_EXPORTS = {
    "Document": "..read",
    "Skipped": "..read",
    "iter_documents": "..read",
    "DEFAULT_THRESHOLD": ".config",
    "FingerprintConfig": ".config",
    "Cluster": ".model",
    "DedupResult": ".model",
    "Member": ".model",
    "dedup": ".run",
}
lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from ..read import Document, Skipped, iter_documents
    from .config import DEFAULT_THRESHOLD, FingerprintConfig
    from .model import Cluster, DedupResult, Member
    from .run import dedup

__all__ = [
    "DEFAULT_THRESHOLD",
    "Cluster",
    "DedupResult",
    "Document",
    "FingerprintConfig",
    "Member",
    "Skipped",
    "dedup",
    "iter_documents",
]
