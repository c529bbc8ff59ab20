"""Matching views kept on disk while a run lasts, so memory does not grow with the corpus's text.

Verification compares the matching views of candidate pairs, and passage
matching cuts paragraphs out of them: a small share of all documents.  On
the local engine the views of a partition go to a file in the engine's
scratch folder (:attr:`articlediff.engines.local.Local.scratch`) as the
partition is fingerprinted, and a :class:`ViewFile` keeps only an offset a
document; a worker on a cluster keeps its views in memory instead (Dask
spills to disk by itself, and no folder is shared).  Recently read views
are cached: a document is usually verified against a few neighbours in a
row.
"""

from __future__ import annotations

import os
import uuid
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

_CACHE = 4096  # views kept in memory after a read


class ViewFile(Sequence):
    """A read-only list of strings in a file: ``ViewFile.write(folder, views)``, then ``views[i]``.

    It pickles as its path and offsets (the file is opened again where it is
    unpickled, on the same machine), so a worker process can hand it back.
    """

    def __init__(self, path: str, ends: np.ndarray) -> None:
        self.path = path
        self._bounds = np.concatenate(([0], ends)).astype(np.int64)
        self._fd: int | None = None
        self._cache: OrderedDict[int, str] = OrderedDict()

    @classmethod
    def write(cls, folder: str, views: Sequence[str]) -> ViewFile:
        """Write ``views`` to a new file in ``folder`` (UTF-8, one after another)."""
        data = [v.encode("utf-8") for v in views]
        path = os.path.join(folder, f"{uuid.uuid4().hex}.views")
        with open(path, "wb") as handle:
            handle.write(b"".join(data))
        return cls(path, np.cumsum([len(b) for b in data], dtype=np.int64))

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        found = self._cache.get(i)
        if found is not None:
            self._cache.move_to_end(i)
            return found
        if not 0 <= i < len(self):
            raise IndexError(i)
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY)
        start, end = int(self._bounds[i]), int(self._bounds[i + 1])
        view = os.pread(self._fd, end - start, start).decode("utf-8") if end > start else ""
        self._cache[i] = view
        if len(self._cache) > _CACHE:
            self._cache.popitem(last=False)
        return view

    def __getstate__(self) -> dict:
        return {"path": self.path, "bounds": self._bounds}

    def __setstate__(self, state: dict) -> None:
        self.path, self._bounds = state["path"], state["bounds"]
        self._fd, self._cache = None, OrderedDict()

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass


def keep_views(views: list[str], spill: str | None) -> Sequence[str]:
    """``views`` as they are, or in a :class:`ViewFile` in the folder ``spill`` when one is given."""
    return views if spill is None else ViewFile.write(spill, views)
