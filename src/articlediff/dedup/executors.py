"""Where the tasks of the partitioned dedup run: in this process, or on a Dask cluster.

:mod:`.dataflow` is written against three operations, which is all an
executor is:

- ``map(fn, *iterables, **kwargs)``: ``fn`` on each partition, results
  left where they are (handles);
- ``exchange(step, fn, targets, *iterables, **kwargs)``: a shuffle. ``fn``
  returns one table a target partition; target ``j`` receives the
  concatenation of every partition's piece ``j``, in partition order;
- ``gather(handles, each=None, step=None)``: bring small results to the
  driver (``each(k, result)`` as each arrives).

:class:`InProcess` runs everything here, in order (for tests and
debugging: it needs no cluster).  :class:`OnDask` submits every task to a
Dask ``distributed`` client: a shuffle is one task per partition that cuts
its table, one ``getitem`` per piece, and one concatenation per target, so
the data go from worker to worker and never through this process, and
Dask reruns the tasks of a lost worker from their inputs.  Both count the
bytes each step's pieces carry to another partition (:meth:`volumes`).

``distributed`` is imported only by :func:`dask_client`, so the local
engine never needs it.
"""

from __future__ import annotations

import logging
import operator
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..errors import InputError, UsageError
from .tables import Table, concat

Each = Callable[[int, Any], None]


def table_bytes(table: Table) -> int:
    """About the bytes a table takes in transit: numpy data, and the UTF-8 length of string columns."""
    total = 0
    for column in table.values():
        if column.dtype == object:
            total += sum(len(x) if isinstance(x, str) else 64 for x in column.tolist())
        else:
            total += column.nbytes
    return total


def crossing_bytes(pieces: list[Table], me: int) -> int:
    """The bytes of a partition's pieces bound for other partitions."""
    return sum(table_bytes(p) for j, p in enumerate(pieces) if j != me)


def _concat_pieces(pieces: list[Table]) -> Table:
    return concat(list(pieces))


class InProcess:
    """Every task in this process, one after another."""

    parallelism = 1  # tasks that run at once

    def __init__(self) -> None:
        self._volume: dict[str, int] = {}

    def map(self, fn: Callable, *iterables, **kwargs) -> list:
        return [fn(*args, **kwargs) for args in zip(*iterables)]

    def exchange(self, step: str, fn: Callable, targets: int, *iterables, **kwargs) -> list[Table]:
        split = self.map(fn, *iterables, **kwargs)
        self._volume[step] = self._volume.get(step, 0) + sum(crossing_bytes(p, k) for k, p in enumerate(split))
        return [concat([pieces[j] for pieces in split]) for j in range(targets)]

    def gather(self, handles: list, each: Each | None = None, step: str | None = None) -> list:
        if each is not None:
            for k, value in enumerate(handles):
                each(k, value)
        return list(handles)

    def volumes(self) -> dict[str, int]:
        return dict(self._volume)


class OnDask:
    """Every task on the workers of a Dask ``distributed`` client.

    ``timed=True`` waits for each shuffle to finish before the next is
    submitted and adds up the seconds per step (:meth:`times`): a
    benchmark's view of where the time goes, at the cost of the overlap
    between steps that Dask otherwise gets.
    """

    def __init__(self, client, timed: bool = False) -> None:
        self.client = client
        self._volume: dict[str, list] = {}
        self._timed = timed
        self._times: dict[str, float] = {}
        self._clock = time.perf_counter()

    @property
    def parallelism(self) -> int:
        """Tasks that run at once: the threads of the cluster's workers."""
        workers = self.client.scheduler_info().get("workers", {})
        return max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def map(self, fn: Callable, *iterables, **kwargs) -> list:
        iterables = [list(it) for it in iterables]
        if not iterables or not iterables[0]:
            return []
        return self.client.map(fn, *iterables, **kwargs)

    def exchange(self, step: str, fn: Callable, targets: int, *iterables, **kwargs) -> list:
        client = self.client
        split = self.map(fn, *iterables, **kwargs)
        self._volume.setdefault(step, []).extend(client.map(crossing_bytes, split, range(len(split))))
        pieces = [client.map(operator.getitem, [s] * targets, range(targets)) for s in split]
        out = client.map(_concat_pieces, [[row[j] for row in pieces] for j in range(targets)])
        if self._timed:
            from distributed import wait

            wait(out)
            self._lap(step)
        return out

    def times(self) -> dict[str, float]:
        """Seconds from the end of one shuffle to the end of the next, by step (with ``timed=True``)."""
        return dict(self._times)

    def gather(self, handles: list, each: Each | None = None, step: str | None = None) -> list:
        if each is not None and handles:
            from distributed import as_completed

            where = {f.key: k for k, f in enumerate(handles)}
            for future in as_completed(handles):
                if future.status == "finished":
                    each(where[future.key], future.result())
        found = [f.result() for f in handles]  # in order, so the first failing partition is the one reported
        if self._timed and step:
            self._lap(step)
        return found

    def _lap(self, step: str) -> None:
        now = time.perf_counter()
        self._times[step] = self._times.get(step, 0.0) + now - self._clock
        self._clock = now

    def volumes(self) -> dict[str, int]:
        return {step: int(np.sum(self.client.gather(found))) for step, found in self._volume.items()}


@contextmanager
def environment_kept() -> Iterator[None]:
    """Undo, on leaving, what the block changed in ``os.environ``.

    A Dask nanny sets ``OMP_NUM_THREADS=1`` (and MKL's, OpenBLAS's) in the
    process that starts a local cluster, for its workers' sake, and leaves
    it there: numpy and torch started later in that process would run on
    one thread.
    """
    before = dict(os.environ)
    try:
        yield
    finally:
        for key in [k for k in os.environ if k not in before]:
            del os.environ[key]
        for key, value in before.items():
            if os.environ.get(key) != value:
                os.environ[key] = value


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, client=None) -> Iterator[Any]:
    """A Dask client: ``client`` as given, else connected to ``scheduler``, else on a new local cluster of ``workers`` processes.

    Raises :class:`UsageError` when the ``dask`` extra is not installed and
    :class:`InputError` when the scheduler cannot be reached.
    """
    if client is not None:
        yield client
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("the dask engine needs Dask: pip install 'articlediff[dask]'") from None
    if scheduler:
        try:
            connected = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({' '.join(str(exc).split()) or type(exc).__name__})") from None
        with connected:
            yield connected
        return
    from .engine import available_cores

    with environment_kept():
        cluster = LocalCluster(
            n_workers=workers or available_cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another cluster's
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as local:
            yield local
