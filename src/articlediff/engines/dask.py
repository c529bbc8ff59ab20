"""The dask engine: every task of a flow on a Dask ``distributed`` cluster.

:class:`OnDask` implements the engine operations of :mod:`articlediff.engines`
by submitting every task to a Dask client: a shuffle is one task per
partition that cuts its table, one ``getitem`` per piece, and one
concatenation per target, so the data go from worker to worker and never
through this process, and Dask reruns the tasks of a lost worker from
their inputs.  It counts the bytes each step's pieces carry to another
partition (:meth:`OnDask.volumes`).

``distributed`` is imported only by :func:`dask_client` and when a task
runs, so the local engine never needs it.
"""

from __future__ import annotations

import logging
import operator
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..errors import InputError, UsageError
from .tables import Table, concat, crossing_bytes

Each = Callable[[int, Any], None]


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

    #: Tasks run on the workers' machines: no folder here is theirs to spill to.
    scratch = None
    #: Every band in one shuffle: each shuffle costs the scheduler a task per pair of partitions.
    bands_per_shuffle = None

    def __enter__(self) -> OnDask:
        return self

    def __exit__(self, *exc) -> None:
        pass

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

    def spread(self, fn: Callable, items: Iterable, **kwargs) -> list:
        """``fn(item, **kwargs)`` for each item, on the workers; the results stay there (futures)."""
        return self.map(fn, list(items), **kwargs)

    def imap(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        """``fn(item, **kwargs)`` for each item on the workers, results brought here in order, two a worker in flight."""
        window = 2 * self.parallelism
        pending: deque = deque()
        for item in items:
            pending.append(self.client.submit(fn, item, pure=False, **kwargs))
            if len(pending) >= window:
                yield _take(pending.popleft())
        while pending:
            yield _take(pending.popleft())

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


def _concat_pieces(pieces: list[Table]) -> Table:
    return concat(list(pieces))


def _take(future) -> Any:
    """A future's result, the future then let go (Dask frees a result no one holds)."""
    try:
        return future.result()
    finally:
        future.release()


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
        except ValueError as exc:  # an address Dask cannot parse
            raise UsageError(f"--scheduler {scheduler!r} is not a scheduler address ({' '.join(str(exc).split())})") from None
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler} ({' '.join(str(exc).split()) or type(exc).__name__})"
            ) from None
        with connected:
            yield connected
        return
    from ..pool import available_cores

    with environment_kept(), logs_quiet():
        with sigint_ignored():  # the worker processes start now, and keep SIGINT ignored
            cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # the scheduler and workers listen on this machine only
                dashboard_address="127.0.0.1:0",  # on this machine only (":0" listens on every interface), any free port
                silence_logs=logging.CRITICAL,
            )
        with cluster, Client(cluster) as local:
            yield local


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """SIGINT ignored in this process during the block (when it runs in the main thread), then handled as before.

    Processes started in the block inherit the ignored SIGINT: Ctrl-C reaches
    every process of the terminal's group, and a Dask worker that gets it prints
    a 30-line traceback; this process alone reports the interrupt.  A Ctrl-C
    while the cluster starts (a few seconds) is lost: press it again.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before if before is not None else signal.SIG_DFL)


#: The loggers whose warnings a local cluster's end can fill a terminal with (a lost worker's ``CommClosedError``s).
QUIET_LOGGERS = ("distributed", "tornado", "asyncio")


@contextmanager
def logs_quiet() -> Iterator[None]:
    """Only critical messages from Dask's loggers in this process while a local cluster runs; levels restored after.

    A worker killed or interrupted mid-run makes the scheduler, the nannies and
    the client log a traceback each; the run's own error (one line) says what
    happened.
    """
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
