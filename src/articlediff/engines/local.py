"""The local engine: a flow's tasks on this machine, the heavy first tasks in worker processes.

A flow (``dedup``'s :mod:`articlediff.dedup.run`, the index build of
:mod:`articlediff.index.store`) is written against the engine operations of
:mod:`articlediff.engines`; this engine runs them here:

- :meth:`Local.spread` (read and fingerprint a partition: seconds of CPU
  each, on small inputs) goes to a pool of ``workers`` processes
  (:func:`articlediff.pool.process_pool`), and its handles are futures that
  :meth:`gather` waits on in the order they finish, so progress shows as
  partitions are read;
- :meth:`Local.imap` streams results back in order with at most two inputs
  per worker in flight (:func:`articlediff.pool.map_batches`), for a flow
  that writes as it goes;
- :meth:`map` and :meth:`exchange` (the vectorised steps between reading
  and the result: band keys, pairs, verification) run in this process,
  where the partitions' data already is: shipping it to a worker would
  cost more than the work.

With one worker (:class:`InProcess`) nothing starts a process: every task
runs here, in order, which is also what tests and debuggers want.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, as_completed, wait
from functools import partial
from itertools import chain
from typing import Any

from ..pool import available_cores, map_batches, process_pool
from .tables import Table, concat, crossing_bytes

Each = Callable[[int, Any], None]


class Deferred:
    """A task of this process that runs when its result is first asked for (so progress can follow it)."""

    def __init__(self, fn: Callable, args: tuple, kwargs: dict) -> None:
        self._call = (fn, args, kwargs)
        self._done = False
        self._value: Any = None

    def result(self) -> Any:
        if not self._done:
            fn, args, kwargs = self._call
            self._value, self._done, self._call = fn(*args, **kwargs), True, None
        return self._value


def _call_resolved(fn: Callable, args: tuple, **kwargs) -> Any:
    return fn(*map(resolve, args), **kwargs)


def resolve(value: Any) -> Any:
    """The value behind a handle of this engine (a future, a deferred task, or the value itself)."""
    return value.result() if isinstance(value, (Future, Deferred)) else value


class Local:
    """Tasks on this machine: ``workers`` processes for :meth:`spread` and :meth:`imap`, this process for the rest.

    Use it as a context manager: the pool and the scratch folder are made
    on entering and removed on leaving, however the block ends.
    """

    #: LSH bands a shuffle of band keys carries: in one process, a few at a time keep memory low
    #: (each band of a million paragraphs is 24 MB of records) for little more work.
    bands_per_shuffle = 4

    def __init__(self, workers: int | None = None, *, initializer: Callable[[], None] | None = None) -> None:
        self.workers = available_cores() if workers is None else workers
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        self._initializer = initializer
        self._pool = None
        self._volume: dict[str, int] = {}
        self.scratch: str | None = None

    # ------------------------------------------------------------------ life

    def __enter__(self) -> Local:
        self.scratch = tempfile.mkdtemp(prefix="articlediff-")
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(stop=exc_type is not None)

    def close(self, *, stop: bool = False) -> None:
        """Shut the pool down and remove the scratch folder; ``stop``: after an error, kill the workers first
        (:meth:`articlediff.pool.WorkerPool.stop`: an interrupted run must not hang on a worker that died sending)."""
        if self._pool is not None:
            self._pool.close(stop=stop)
            self._pool = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    @property
    def parallelism(self) -> int:
        """Tasks that run at once."""
        return self.workers

    # ------------------------------------------------------------------ operations

    def spread(self, fn: Callable, items: Iterable, **kwargs) -> list:
        """``fn(item, **kwargs)`` for each item, in worker processes when there are several items and workers.

        Items are taken as the workers can use them (at most two a worker
        waiting), so items made on the fly (standard input read in batches)
        are not all held at once.
        """
        stream = iter(items)
        first = next(stream, None)
        if first is None:
            return []
        second = next(stream, None)
        if self.workers == 1 or second is None:
            return [Deferred(fn, (item,), kwargs) for item in chain([first], [] if second is None else [second], stream)]
        if self._pool is None:
            self._pool = process_pool(self.workers, self._initializer)
        handles: list[Future] = []
        for item in chain([first, second], stream):
            while sum(not h.done() for h in handles[-2 * self.workers :]) >= 2 * self.workers:
                wait(handles[-2 * self.workers :], return_when=FIRST_COMPLETED)
            handles.append(self._pool.submit(fn, item, **kwargs))
        return handles

    def imap(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        """``fn(item, **kwargs)`` for each item, results in order as they come, at most two items a worker in flight."""

        return map_batches(partial(fn, **kwargs), items, workers=self.workers, initializer=self._initializer)

    def map(self, fn: Callable, *iterables, **kwargs) -> list:
        """``fn`` on each partition's data, here: at once, or when asked for if it waits on a worker's result."""
        out = []
        for args in zip(*iterables):
            if any(isinstance(a, (Future, Deferred)) for a in args):
                out.append(Deferred(_call_resolved, (fn, args), kwargs))
            else:
                out.append(fn(*args, **kwargs))
        return out

    def exchange(self, step: str, fn: Callable, targets: int, *iterables, **kwargs) -> list[Table]:
        """A shuffle: ``fn`` cuts each partition's table by target; target ``j`` gets every piece ``j``, in partition order."""
        split = [resolve(pieces) for pieces in self.map(fn, *iterables, **kwargs)]
        self._volume[step] = self._volume.get(step, 0) + sum(crossing_bytes(p, k) for k, p in enumerate(split))
        return [concat([pieces[j] for pieces in split]) for j in range(targets)]

    def gather(self, handles: list, each: Each | None = None, step: str | None = None) -> list:
        """The values of ``handles``, in order; ``each(k, value)`` as each becomes available."""
        if each is not None:
            futures = {h: k for k, h in enumerate(handles) if isinstance(h, Future)}
            for k, h in enumerate(handles):
                if not isinstance(h, Future):
                    each(k, resolve(h))
            for done in as_completed(futures):
                each(futures[done], done.result())
        return [resolve(h) for h in handles]

    def volumes(self) -> dict[str, int]:
        """Bytes each step's pieces carried to another partition."""
        return dict(self._volume)


class InProcess(Local):
    """The local engine with one worker: every task in this process, in order (tests, debugging)."""

    def __init__(self) -> None:
        super().__init__(workers=1)
