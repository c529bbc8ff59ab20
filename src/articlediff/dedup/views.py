"""Matching views kept on disk while a run lasts, so memory does not grow with the corpus's text.

Verification compares the matching views of candidate pairs, which are a
small share of all documents; the views of the rest need not stay in RAM.
:class:`ViewStore` appends each batch's views to an anonymous temporary
file (deleted by the operating system when it is closed, even after a
crash) and keeps only an offset per document.  Recently read views are
cached: a document is usually verified against a few neighbours in a row.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

_CACHE = 4096  # views kept in memory after a read


class ViewStore:
    """An append-only list of strings in a temporary file: ``store.extend(views)``, ``store[i]``."""

    def __init__(self, folder: str | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)
        self._offsets: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        self._flat: np.ndarray | None = None
        self._end = 0
        self._cache: OrderedDict[int, str] = OrderedDict()

    def extend(self, views: Iterable[str]) -> None:
        data = [v.encode("utf-8") for v in views]
        if not data:
            return
        self._file.write(b"".join(data))
        ends = self._end + np.cumsum([len(b) for b in data], dtype=np.int64)
        self._end = int(ends[-1])
        self._offsets.append(ends)
        self._flat = None

    def __len__(self) -> int:
        return sum(len(o) for o in self._offsets) - 1

    def _bounds(self) -> np.ndarray:
        if self._flat is None:
            self._file.flush()
            self._flat = np.concatenate(self._offsets)
            self._offsets = [self._flat]
        return self._flat

    def __getitem__(self, i: int) -> str:
        found = self._cache.get(i)
        if found is not None:
            self._cache.move_to_end(i)
            return found
        bounds = self._bounds()
        if not 0 <= i < len(bounds) - 1:
            raise IndexError(i)
        start, end = int(bounds[i]), int(bounds[i + 1])
        view = os.pread(self._file.fileno(), end - start, start).decode("utf-8") if end > start else ""
        self._cache[i] = view
        if len(self._cache) > _CACHE:
            self._cache.popitem(last=False)
        return view

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ViewStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
