"""Engines: where a flow's tasks run, and nothing about text.

A flow (``dedup``'s :mod:`articlediff.dedup.run`, the index build of
:mod:`articlediff.index.store`) is written once against these operations,
which are all an engine is:

- ``spread(fn, items, **kwargs)``: the heavy first tasks, one an item
  (read and fingerprint a partition); results stay where they are (handles);
- ``imap(fn, items, **kwargs)``: the same, results brought here in input
  order as they come, a few items in flight (for a flow that writes as it
  goes);
- ``map(fn, *iterables, **kwargs)``: ``fn`` on each partition's data,
  where it is (handles);
- ``exchange(step, fn, targets, *iterables, **kwargs)``: a shuffle: ``fn``
  returns one table a target partition; target ``j`` receives the
  concatenation of every partition's piece ``j``, in partition order;
- ``gather(handles, each=None, step=None)``: small results brought here
  (``each(k, result)`` as each arrives);
- ``parallelism`` (tasks that run at once), ``scratch`` (a folder tasks may
  spill to, or None) and ``volumes()`` (bytes each step moved between
  partitions).

:mod:`.local` runs them on this machine, :mod:`.dask` on a Dask cluster;
:func:`open_engine` picks one by name, the choice ``dedup``, ``index add``
and the command line share.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UsageError

#: Where the work runs: this machine (worker processes), or a Dask cluster.
ENGINES = ("local", "dask")
#: A scheduler address as Dask takes it: ``[protocol://]host[:port]`` (an IPv6 host in brackets).
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(?::[0-9]{1,5})?/?")


def check_address(scheduler: str) -> None:
    """Refuse, before connecting, a ``--scheduler`` that is not an address (``tcp://10.0.0.5:8786``)."""
    if not _ADDRESS.fullmatch(scheduler):
        raise UsageError(f"--scheduler {scheduler!r} is not a scheduler address (expected e.g. tcp://10.0.0.5:8786)")


@contextmanager
def open_engine(
    name: str = "local",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client=None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[Any]:
    """The engine ``name`` ("local" or "dask"), ready, and closed on leaving.

    ``workers``: processes of the local engine (default: one per available
    core), or of the local Dask cluster started when neither ``client`` nor
    ``scheduler`` is given.  ``scheduler`` (an address) and ``client`` (a
    ``distributed.Client``) go with ``"dask"`` only.  ``initializer`` runs
    once in each local worker process (loading what every task needs).
    """
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
    if name != "dask" and (scheduler or client is not None):
        raise UsageError("--scheduler needs --engine dask")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise UsageError("workers must be a whole number of at least 1")
    if workers is not None and (name == "local" or not (scheduler or client is not None)):
        from ..pool import WORKERS_PER_CORE, available_cores, max_workers

        if workers > max_workers():
            raise UsageError(
                f"--workers {workers} is more than this machine can use: at most {max_workers()} "
                f"({WORKERS_PER_CORE} per available core, {available_cores()} here)"
            )
    if scheduler:
        check_address(scheduler)
    if name == "local":
        from .local import Local

        with Local(workers, initializer=initializer) as engine:
            yield engine
        return
    from .dask import OnDask, dask_client

    with dask_client(scheduler, workers, client) as connected, OnDask(connected) as engine:
        yield engine
