"""Work shared between a process and its forked workers (issue 22): the same results, in order, none made twice.

Each check runs in a fresh interpreter: the suite's own process may run a thread by now (which makes forking
unsafe, so the code under test would rightly keep all the work to itself and test nothing).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SHARED_MAP = """
import os
from articlediff.pool import fork_is_safe, process_pool, shared_map

def remote(chunk):
    return [(x * x, os.getpid()) for x in chunk]

items = list(range(200))
local = lambda x: (x * x, os.getpid())
alone = list(shared_map(None, remote, local, items, 7))
assert [v for v, _ in alone] == [x * x for x in items] and {p for _, p in alone} == {os.getpid()}
assert fork_is_safe()
with process_pool(2, method="fork") as pool:
    shared = list(shared_map(pool, remote, local, items, 7))
assert [v for v, _ in shared] == [x * x for x in items]  # in order, each once, wherever it was computed
"""

WAITING = """
import os, time
from articlediff.pool import fork_is_safe, process_pool, shared_map

def remote(chunk):
    if chunk[0] == 0:
        time.sleep(1.0)  # the first chunk keeps its worker busy: this process must not sit and wait for it
    return [(x, os.getpid()) for x in chunk]

items = list(range(100))
assert fork_is_safe()
with process_pool(1, method="fork") as pool:
    results = list(shared_map(pool, remote, lambda x: (x, os.getpid()), items, 10))
assert [x for x, _ in results] == items  # in order, each once
by_chunk = [{p for _, p in results[n : n + 10]} for n in range(0, 100, 10)]
assert all(len(pids) == 1 for pids in by_chunk)
assert by_chunk[0] != {os.getpid()} and by_chunk[-1] == {os.getpid()}  # the last chunk was computed here, meanwhile
"""

TIMELINE = """
from articlediff import timeline
from articlediff.pool import fork_is_safe
from articlediff.read import Document
from articlediff.timeline import pairs, spin

sentences = [
    "The Tarvin council approved €{n} million for the Ostrava Bridge, Mayor Anna Pelham said on Friday.",
    "Work will start in March 2026 and employ {n}0 builders from the Lublin Group.",
    "The bridge will replace a crossing built in 19{n}.",
    "Critics said the cost of €{n} million was too high for a town of {n}000 people.",
]
docs = []
for k in range(30):  # more than PARALLEL_SPIN different articles: the workers are used
    n = 10 + k // 3  # three articles a story: their numbers are rare facts that link them
    body = " ".join(s.format(n=n) for s in sentences[: 2 + k % 3])
    docs.append(Document(text=f"date 2026-01-{1 + k % 28:02d}\\n\\n{body}", id=f"a{k}", path=f"a{k}"))
assert len(docs) >= spin.PARALLEL_SPIN and fork_is_safe()
pairs.PARALLEL_FACTS = 1  # the fact comparisons are shared too, however few
pools = []
real = pairs.shared_map
pairs.shared_map = lambda pool, remote, *a: pools.append((pool, remote)) or real(pool, remote, *a)
spin.available_cores = pairs.available_cores = lambda: 2  # workers, even where this process may run on one core
shared = timeline(docs).to_dict()
assert pools and all(p is not None for p, _ in pools), pools  # the comparisons were shared with the workers
assert {r for _, r in pools} == {pairs._make_chunk, pairs._facts_chunk}, pools  # pairs and facts both
assert any(e["fact_links"] for e in shared["articles"]), "no fact links to compare"
spin.available_cores = pairs.available_cores = lambda: 1  # no workers: everything in this process
pools.clear()
alone = timeline(docs).to_dict()
assert pools and all(p is None for p, _ in pools), pools
assert shared == alone
"""


HALF_SENT = """
import gc, os, struct, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from articlediff.pool import process_pool

def die_while_sending():
    # What SIGTERM does to a worker in the middle of sending a large result: half a message in the results pipe.
    pool = next(o for o in gc.get_objects() if isinstance(o, ProcessPoolExecutor))
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 10_000_000) + b"x" * 100)
    os._exit(1)

def interrupted():
    with process_pool(1, method="fork") as pool:
        future = pool.submit(die_while_sending)
        time.sleep(1)  # the result thread is now waiting for the rest of the message
        raise KeyboardInterrupt  # as Ctrl-C or SIGTERM (Terminated) reach the waiting command

t0 = time.monotonic()
try:
    interrupted()
except KeyboardInterrupt:
    pass
assert time.monotonic() - t0 < 15, "the pool took too long to stop"
assert [t.name for t in threading.enumerate()] == ["MainThread"], threading.enumerate()
print("stopped")
"""


def test_an_interrupted_pool_does_not_wait_for_a_half_sent_result():
    """A worker killed while sending its result (SIGTERM reaches the whole process group) left half a message in the
    results pipe, and the interrupted command hung in the pool's shutdown instead of exiting (issue 22's fault runs)."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(HALF_SENT)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr[-2000:]


def _run(script: str) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_shared_map_gives_every_result_in_order_once():
    _run(SHARED_MAP)


def test_waiting_for_a_worker_this_process_computes_the_last_chunks():
    _run(WAITING)


def test_a_timeline_with_workers_is_the_timeline_without():
    """The comparisons shared with the spin workers, and the fact comparisons shared with workers forked for them,
    give the timeline made in one process."""
    _run(TIMELINE)
