"""Worker processes on this machine: the one process pool the local engine and the timeline share.

:func:`process_pool` starts a pool whose workers end once this process is
gone; :func:`map_batches` maps a function over a stream of inputs in such
a pool and yields the results in input order, keeping at most two inputs
per worker in flight, so memory stays bounded however long the stream is.
A single input never starts a pool (starting processes costs more than a
small input).  Nothing here knows what the inputs are: the local engine
(:mod:`articlediff.engines.local`) reads and fingerprints partitions with
it, and the timeline (:mod:`articlediff.timeline.spin`) scores spinning.

Workers are forked from this process when it runs no other thread (fast,
and a script without an ``if __name__ == "__main__"`` guard still works);
otherwise through a fork server, which forks each one from a clean process:
forking a process with threads could copy a lock another thread holds (a
progress bar's) and hang.

A worker leaves as soon as the process whose pool it serves is gone: a
killed ingest (SIGKILL, which no clean-up code sees) must not leave
processes behind waiting for work forever.  Each worker runs a watchdog
thread that checks twice a second that its parent is the one it started
with (a forked worker is adopted by another process when the pool's
process dies) and that the pool's process still exists.  The second check
is what catches the fork-server case: a fork server does *not* exit with
the pool's process, because every worker it forks holds the write end of
the pipe it waits on, so watching the parent alone leaves the fork server
and its workers waiting for each other forever.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import chain
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: Worker processes per available core at most (``--workers``): more only add memory and switching,
#: and a mistyped ``--workers 10000`` would start thousands of processes.
WORKERS_PER_CORE = 4


def max_workers() -> int:
    """The most worker processes a run may start on this machine: :data:`WORKERS_PER_CORE` per available core."""
    return WORKERS_PER_CORE * available_cores()


#: Seconds between a worker's checks that its parent is alive.
WATCHDOG_INTERVAL = 0.5


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (a dead process its parent has not reaped yet)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # not Linux, or gone meanwhile (the next check says which)


def _start_worker(owner: int, initializer: Callable[[], None] | None) -> None:
    """A worker's start: SIGINT ignored, a watchdog thread, then ``initializer``.

    The watchdog ends the process once the pool's process ``owner`` is gone.
    Ctrl-C reaches every process of the terminal's process group: only the
    pool's process reacts to it (one "interrupted" line, not a traceback from
    each worker); the workers end when it shuts the pool down, or by the watchdog.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and _alive(owner):
            time.sleep(WATCHDOG_INTERVAL)
        os._exit(1)  # the pool's process died: nobody will collect our results

    threading.Thread(target=watch, name="articlediff-parent-watchdog", daemon=True).start()
    if initializer is not None:
        initializer()


def fork_is_safe() -> bool:
    """Whether workers may be forked from this process: fork exists here and no other thread runs.

    A fork copies only the calling thread; a lock another thread held at
    that moment stays locked in the child for good.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_method() -> str:
    if fork_is_safe():
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class WorkerPool(ProcessPoolExecutor):
    """A process pool that, left by an exception (Ctrl-C, SIGTERM, a task that failed), stops its workers before it
    waits for them.

    Why: a worker killed while it sends a result back (SIGTERM reaches the
    whole process group) leaves half a message in the results pipe, and the
    pool's result thread waits for the rest for ever: this process keeps the
    pipe's other end open, so the read never ends, and ``shutdown`` and the
    interpreter's exit wait for that thread (CPython 3.11; a ``dedup``
    interrupted at the wrong moment hung instead of exiting 143).  So on an
    exception the workers are killed and this process's end of the pipe is
    closed: the thread reads the end of the pipe, takes the pool as broken and
    returns.  Left normally, the pool shuts down as any other.
    """

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            self.stop()
        return super().__exit__(exc_type, exc, traceback)

    def close(self, *, stop: bool = False) -> None:
        """Shut down, waiting for the workers, pending tasks cancelled; ``stop`` (after an error): :meth:`stop` first."""
        if stop:
            self.stop()
        self.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """Kill the workers and close this process's end of the results pipe (then ``shutdown`` cannot hang)."""
        for process in list((getattr(self, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):  # gone already, or closed
                pass
        writer = getattr(getattr(self, "_result_queue", None), "_writer", None)
        if writer is not None:
            try:
                writer.close()
            except OSError:
                pass


def process_pool(
    workers: int, initializer: Callable[[], None] | None = None, *, method: str | None = None
) -> WorkerPool:
    """A pool of ``workers`` processes, each with the watchdog that ends it once this process is gone.

    ``method`` is the start method; by default fork when :func:`fork_is_safe`,
    else a fork server (or spawn where there is none).  Leave it by a ``with``
    block or :meth:`WorkerPool.stop` on an error, so an interrupted run cannot hang.
    """
    context = multiprocessing.get_context(method or _start_method())
    start = partial(_start_worker, os.getpid(), initializer)
    return WorkerPool(max_workers=workers, mp_context=context, initializer=start)


def map_batches(
    fn: Callable[[T], R], batches: Iterable[T], *, workers: int | None = None, initializer: Callable[[], None] | None = None
) -> Iterator[R]:
    """``fn(batch)`` for each batch, in order; in ``workers`` processes (default: every available core) when it pays."""
    workers = available_cores() if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be at least 1")
    stream = iter(batches)
    first = next(stream, None)
    if first is None:
        return
    second = next(stream, None)
    if workers == 1 or second is None:
        for batch in chain([first], [] if second is None else [second], stream):
            yield fn(batch)
        return
    with process_pool(workers, initializer) as pool:
        pending: deque = deque()
        for batch in chain([first, second], stream):
            pending.append(pool.submit(fn, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def shared_map(
    pool: ProcessPoolExecutor | None, remote: Callable[[list], list], local: Callable[[object], object], items: list,
    chunk: int,
) -> Iterator[object]:
    """``local(item)`` for each item, in order, the work shared between this process and ``pool``'s workers.

    The items go to the workers in chunks (``remote(chunk)`` must return
    what ``local`` gives for each item of the chunk), and this process takes
    the chunks in order: a chunk no worker has started it computes itself
    (cancelling the task), else it waits for the worker's.  So nothing is
    computed twice and no core idles while chunks are left, whatever the
    workers are busy with already.  Without a pool, all runs here.

    The chunks are handed to the workers now, when this is called: a caller
    can do other work of its own before it reads the results.
    """
    chunks = [items[n : n + chunk] for n in range(0, len(items), chunk)]
    futures = [pool.submit(remote, c) for c in chunks] if pool is not None else []
    return _gathered(chunks, futures, local)


def _gathered(chunks: list[list], futures: list, local: Callable[[object], object]) -> Iterator[object]:
    """The results of :func:`shared_map`, in order.  While this process waits for a worker's chunk it computes
    the last chunk no worker has started, and keeps its results: waiting would leave its core idle (a tenth
    of a 2-core timeline's pair comparisons, measured)."""
    ahead: dict[int, list] = {}  # chunks computed here while waiting, by number
    last = len(chunks)  # the chunks from here on were started by a worker or computed here
    try:
        for n, part in enumerate(chunks):
            if n in ahead:
                yield from ahead.pop(n)
            elif n < len(futures) and not futures[n].cancel():
                while not futures[n].done() and last - 1 > n:
                    last -= 1
                    if futures[last].cancel():
                        ahead[last] = list(map(local, chunks[last]))
                yield from futures[n].result()
            else:
                yield from map(local, part)
    finally:
        for future in futures:
            future.cancel()
