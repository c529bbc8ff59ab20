"""Inputs and options that used to hang, run away or fail with an internal error (issue 19).

Named pipes, sockets and devices are refused before they are opened; ``--workers``
has a cap; a NaN threshold, a scheduler that is no address and a closed standard
input are user errors (exit 2); a local Dask cluster's dashboard does not listen on
every interface; Ctrl-C is one line and exit 130; a symlink loop and an unreadable
folder say what they are.  Every test that starts a process has a timeout, so a
regression fails instead of hanging.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import articlediff.read.sources as read_sources
from articlediff.engines import open_engine
from articlediff.errors import UsageError
from articlediff.pool import max_workers

from .conftest import ROOT, seed_path

A = seed_path("000")
B = seed_path("001")
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def articlediff(*args, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The command in a fresh process; a hang fails the test at ``timeout`` instead of blocking the suite."""
    cmd = [sys.executable, "-m", "articlediff", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=timeout, **kwargs)


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def folder_with_pipe(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in ("000", "001"):
        (folder / f"{k}.txt").write_text(seed_path(k).read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.jsonl")
    return folder


# ---------------------------------------------------------------- 1. named pipes, devices


@pytest.mark.parametrize("command", [["dedup", "-q"], ["index", "add", "-q", "--db", "{db}"], ["check", "--db", "{db}"]])
def test_a_pipe_in_a_folder_is_skipped_with_its_reason(folder_with_pipe, tmp_path, command):
    db = tmp_path / "corpus.db"
    if command[0] == "check":
        assert articlediff("index", "add", "-q", "--db", db, A).returncode == 0
    args = [a.format(db=db) for a in command]
    proc = articlediff(*args, folder_with_pipe)
    assert proc.returncode in (0, 1), proc.stderr
    assert "pipe.txt" in proc.stdout + proc.stderr and "is not a regular file (a named pipe)" in proc.stdout + proc.stderr


def test_a_pipe_in_a_folder_under_strict_is_an_error(folder_with_pipe):
    proc = articlediff("dedup", "-q", "--strict", folder_with_pipe)
    assert proc.returncode == 2
    assert one_line(proc.stderr).endswith("pipe.jsonl: is not a regular file (a named pipe)")


@pytest.mark.parametrize("command", [["dedup", "-q"], ["compare", A], ["index", "add", "-q", "--db", "{db}"], ["timeline", "-q"]])
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl"])
def test_a_pipe_named_directly_is_refused(tmp_path, command, name):
    pipe = tmp_path / name
    os.mkfifo(pipe)
    proc = articlediff(*[str(a).format(db=tmp_path / "x.db") for a in command], pipe)
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc.stderr) == f"articlediff: error: {pipe}: is not a regular file (a named pipe)"


def test_a_device_named_directly_is_refused():
    proc = articlediff("dedup", "-q", "/dev/null")
    assert proc.returncode == 2
    assert one_line(proc.stderr) == "articlediff: error: /dev/null: is not a regular file (a device)"


@pytest.mark.parametrize("command", [["index", "add", "-q", str(A)], ["check", str(A)], ["index", "stats"]])
def test_a_pipe_as_the_index_is_refused(tmp_path, command):
    pipe = tmp_path / "corpus.db"
    os.mkfifo(pipe)
    proc = articlediff(*command, "--db", pipe)
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc.stderr) == f"articlediff: error: {pipe}: is not a regular file (a named pipe)"


# ---------------------------------------------------------------- 2. --workers


@pytest.mark.parametrize("engine", ["local", "dask"])
@pytest.mark.parametrize("command", [["dedup", "-q"], ["index", "add", "-q", "--db", "{db}"]])
def test_workers_above_the_cap_are_refused_before_any_process_starts(cli, tmp_path, engine, command):
    args = [a.format(db=tmp_path / "x.db") for a in command]
    result = cli(*args, "--engine", engine, "--workers", "10000", A, B)
    assert result.code == 2
    assert one_line(result.err) == (
        f"articlediff: error: --workers 10000 is more than this machine can use: at most {max_workers()} "
        f"(4 per available core, {max_workers() // 4} here)"
    )


def test_the_cap_itself_is_accepted_and_the_library_refuses_more():
    with open_engine("local", workers=max_workers()) as engine:
        assert engine.parallelism == max_workers()
    with pytest.raises(UsageError, match="--workers"), open_engine("local", workers=max_workers() + 1):
        pass


# ---------------------------------------------------------------- 3. user errors that were internal errors


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
@pytest.mark.parametrize(
    "command",
    [
        ["compare", "-t", "{v}", A, B],
        ["timeline", "-q", "-t", "{v}", A, B],
        ["dedup", "-q", "--jaccard", "{v}", A, B],
        ["index", "add", "-q", "--db", "{db}", "--jaccard", "{v}", A],
        ["check", "--db", "{db}", "--jaccard", "{v}", A],
        ["dedup", "-q", "-t", "{v}", A, B],  # the old spelling, still read
        ["clean", "--min-confidence", "{v}", A],
    ],
)
def test_a_threshold_that_is_not_a_finite_number_is_a_usage_error(cli, tmp_path, command, value):
    result = cli(*[str(a).format(v=value, db=tmp_path / "x.db") for a in command])
    assert result.code == 2, result.err
    assert one_line(result.err).startswith("articlediff: error: Invalid value for")


@pytest.mark.parametrize("address", ["not a url", "tcp://", "tcp://host:port", "http://a b:1"])
def test_a_scheduler_that_is_not_an_address_is_refused_before_connecting(cli, address):
    result = cli("dedup", "-q", "--engine", "dask", "--scheduler", address, A, B)
    assert result.code == 2
    assert one_line(result.err) == (
        f"articlediff: error: --scheduler {address!r} is not a scheduler address (expected e.g. tcp://10.0.0.5:8786)"
    )


@pytest.mark.parametrize("command", [["compare", A, "-"], ["dedup", "-q", "-"], ["index", "add", "-q", "--db", "{db}", "-"]])
def test_closed_standard_input_is_an_input_error(tmp_path, command):
    args = [str(a).format(db=tmp_path / "x.db") for a in command]
    proc = articlediff(*args, stdin=None, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc.stderr) == "articlediff: error: <stdin>: standard input is closed"


def test_no_standard_input_object_is_an_input_error(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    result = cli("compare", A, "-")
    assert result.code == 2
    assert one_line(result.err) == "articlediff: error: <stdin>: standard input is closed"


# ---------------------------------------------------------------- 4. the dashboard of a local Dask cluster


def _http_sockets(dask_worker=None, server=None) -> list[str]:
    """The hosts a Dask node's HTTP server (its dashboard) listens on."""
    server = server if server is not None else dask_worker.http_server
    return [sock.getsockname()[0] for sock in server._sockets.values()]


def test_a_local_dask_cluster_listens_on_this_machine_only():
    pytest.importorskip("distributed")
    from articlediff.engines.dask import dask_client

    with dask_client(workers=1) as client:
        link = client.dashboard_link
        assert link is None or link.split("//", 1)[-1].startswith(("127.0.0.1", "localhost"))
        # What the link says is not where it listens: ":0" gave a 127.0.0.1 link and a socket on 0.0.0.0.
        assert set(_http_sockets(server=client.cluster.scheduler.http_server)) <= {"127.0.0.1"}
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        for address, hosts in client.run(_http_sockets).items():
            assert address.startswith("tcp://127.0.0.1:") and set(hosts) <= {"127.0.0.1"}


# ---------------------------------------------------------------- 5. Ctrl-C


def _big_folder(folder: Path, documents: int) -> None:
    words = " ".join(seed_path(k).read_text(encoding="utf-8") for k in ("000", "001", "002")).split()
    rng = random.Random(19)
    folder.mkdir()
    for k in range(documents):
        start = rng.randrange(len(words) - 400)
        (folder / f"{k:05d}.txt").write_text(" ".join(words[start : start + 400]), encoding="utf-8")


def _working(pid: int) -> bool:
    """Whether process ``pid`` runs two workers and handles SIGINT (a local Dask cluster ignores it while starting)."""
    status = Path(f"/proc/{pid}/status").read_text()
    ignored = int(next(line for line in status.splitlines() if line.startswith("SigIgn:")).split()[1], 16)
    # A child is listed under the thread that started it (a Dask cluster's, for its workers).
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += (task / "children").read_text().split()
        except OSError:  # the thread ended meanwhile
            pass
    return not ignored & (1 << (signal.SIGINT - 1)) and len(children) >= 2


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ctrl_c_during_index_add_is_one_line_and_exit_130(tmp_path, engine):
    if engine == "dask":
        pytest.importorskip("distributed")
    folder = tmp_path / "docs"
    _big_folder(folder, 4000)
    db = tmp_path / "corpus.db"
    cmd = [sys.executable, "-m", "articlediff", "index", "add", "-q", "--engine", engine, "--workers", "2"]
    cmd += ["--db", str(db), str(folder)]
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches every process in it, workers included.
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _working(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert proc.poll() is None, "the run ended before it could be interrupted: give it more documents"
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["articlediff: interrupted"]  # one line: not even the empty line click would print first


# ---------------------------------------------------------------- 6. true reasons


@pytest.mark.parametrize("command", [["compare", A], ["dedup", "-q"]])
def test_a_symlink_loop_says_so(cli, tmp_path, command):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = cli(*command, loop)
    assert result.code == 2
    assert one_line(result.err) == f"articlediff: error: {loop}: is a symbolic link loop (too many levels of symbolic links)"


def test_a_symlink_loop_in_a_folder_is_skipped_with_its_reason(cli, tmp_path):
    (tmp_path / "a.txt").write_text(A.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    result = cli("dedup", "-q", tmp_path)
    assert result.code == 0
    assert f"skipped {tmp_path / 'loop.txt'}: is a symbolic link loop" in result.out


def test_an_unreadable_folder_says_permission_denied(cli, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text(A.read_text(encoding="utf-8"), encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(folder))
        return real(path)

    monkeypatch.setattr(read_sources.os, "scandir", scandir)  # root reads any folder: deny it by hand
    result = cli("dedup", "-q", folder)
    assert result.code == 2
    assert one_line(result.err) == f"articlediff: error: {folder}: permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_an_unreadable_folder_says_permission_denied_for_real(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text(A.read_text(encoding="utf-8"), encoding="utf-8")
    folder.chmod(0)
    try:
        proc = articlediff("dedup", "-q", folder)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 2
    assert one_line(proc.stderr) == f"articlediff: error: {folder}: permission denied"


# ---------------------------------------------------------------- 7. the size limit


def test_the_size_limit_is_the_one_documented_and_enforced(cli, tmp_path):
    from articlediff.read import MAX_BYTES

    assert MAX_BYTES == 2 * 1024 * 1024  # measured in docs/benchmarks.md: what compare serves in a minute and 1 GB
    for doc in ("cli.md", "formats.md", "benchmarks.md"):
        assert "2 MB" in (ROOT / "docs" / doc).read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    sentence = b"The council approved the budget on Monday after a long debate. "
    big.write_bytes(sentence * (MAX_BYTES // len(sentence) + 1))
    result = cli("compare", big, A)
    assert result.code == 2
    assert one_line(result.err) == f"articlediff: error: {big}: is larger than the 2 MB limit ({big.stat().st_size:,} bytes)"


@pytest.mark.slow
def test_a_killed_dask_worker_is_quiet_and_changes_nothing(tmp_path):
    """Killing one worker of a local cluster mid-run: the run still ends well, and says nothing of it.

    Before issue 19 a killed worker printed about 30 lines of ``CommClosedError``
    from distributed's loggers (the cluster replaces the worker and reruns its tasks).
    """
    psutil = pytest.importorskip("psutil")
    pytest.importorskip("distributed")
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(9000):
        (folder / f"a{n}.txt").write_text(f"Article {n} about the day's story, number {n}, with {n * 7} words and more text.\n")
    expected = subprocess.run(
        [sys.executable, "-m", "articlediff", "dedup", "-q", "-f", "json", folder], env=ENV, capture_output=True, timeout=300
    ).stdout
    cmd = [sys.executable, "-m", "articlediff", "dedup", "-q", "-f", "json", "--engine", "dask", "--workers", "2", str(folder)]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    killed = False
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            workers = [c for c in psutil.Process(proc.pid).children(recursive=True) if "spawn_main" in " ".join(c.cmdline())]
            if len(workers) >= 2:
                time.sleep(1.0)  # let them take tasks
                workers[-1].kill()
                killed = True
                break
            time.sleep(0.2)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    if not killed:
        pytest.skip("the run ended before a worker could be killed")
    assert proc.returncode == 0 and err.decode() == ""
    assert out == expected  # the same result as the local engine's
