"""Batch near-duplicate detection: ``dedup(paths_or_documents) -> DedupResult``.

The stages (read, fingerprint, candidates, verify, cluster) are functions of
their own modules (see :mod:`.run`), so that another engine can run them;
docs/dedup.md describes the method.
"""

from ..read import Document, Skipped, iter_documents
from .model import Cluster, DedupResult, Member
from .run import DEFAULT_THRESHOLD, dedup

__all__ = ["DEFAULT_THRESHOLD", "Cluster", "DedupResult", "Document", "Member", "Skipped", "dedup", "iter_documents"]
