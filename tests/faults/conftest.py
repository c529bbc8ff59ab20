"""Running one fault case: its folder, its command line (with the fault's wrapper), and a snapshot of every file.

Each case is a subprocess of ``python -m articlediff`` with this checkout's
``src`` on PYTHONPATH, a timeout (a case that hangs is a failure, not a
hung suite) and its own process group (signals reach its workers too; a
timed-out case is killed with all its children).  The fast cases are run a
few at a time, before their tests (``outcomes``): the machine's cores
are busy with the commands' start-up, not with waiting.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .cases import CASES, SEEDS, SRC, Case, Names, Outcome, base, run_articlediff

#: Cases run at once by ``outcomes`` (FAULTS_JOBS overrides).
JOBS = int(os.environ.get("FAULTS_JOBS", 0)) or min(4, (os.cpu_count() or 1) + 1)
#: Drops root's power to ignore permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) for one command.
UNPRIVILEGED = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
#: ``python -c`` wrapper: RLIMIT_FSIZE, then articlediff (Python ignores SIGXFSZ, so a write past it fails with EFBIG).
FSIZE = (
    "import resource, runpy, sys; n = int(sys.argv.pop(1)); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n)); "
    "sys.argv[0] = 'articlediff'; runpy.run_module('articlediff', run_name='__main__', alter_sys=True)"
)
#: ``sh`` wrapper: close file descriptor 0 (not /dev/null: closed), then run the command.
CLOSE_STDIN = ["sh", "-c", 'exec 0<&- && exec "$@"', "sh"]


@dataclass
class Run:
    """A case's outcome with the snapshots around it; ``skip`` or ``error`` when it did not run."""

    case: Case
    outcome: Outcome | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    skip: str | None = None
    error: str | None = None


def substitute(arg: str, names: Names) -> str:
    return re.sub(r"\{([^{}]+)\}", lambda m: names[m.group(1)], arg)


def snapshot(tmp: Path) -> dict[str, tuple]:
    """Every path under ``tmp``: its kind and, for a file, the SHA-256 of its bytes (nothing is opened but files)."""
    seen: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(tmp):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, tmp)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                seen[rel] = ("file", digest.hexdigest())
            elif stat.S_ISLNK(info.st_mode):
                seen[rel] = ("link", os.readlink(path))
            else:
                seen[rel] = (stat.S_IFMT(info.st_mode),)
    return seen


def declared(case: Case, names: Names, tmp: Path) -> list[str]:
    """The paths (relative to tmp, ``fnmatch`` patterns) a case may create or change: its ``writes``."""
    out = []
    for key in case.writes:
        path = Path(names[key]) if key in names else tmp / key
        out.append(os.path.relpath(path, tmp))
    return out


def command(case: Case, names: Names) -> list[str]:
    args = [substitute(a, names) for a in case.argv]
    cmd = [sys.executable, "-m", "articlediff", *args]
    if case.fsize is not None:
        cmd = [sys.executable, "-c", FSIZE, str(case.fsize), *args]
    if case.closed_stdin:
        cmd = CLOSE_STDIN + cmd
    if case.unprivileged and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permission bits cannot be made to apply")
        cmd = UNPRIVILEGED + cmd
    return cmd


def execute(case: Case, tmp: Path, shared: Names) -> Run:
    """Build the case's inputs in ``tmp``, run it, and snapshot ``tmp`` before and after."""
    run = Run(case)
    try:
        names = base(tmp, shared)
        if case.setup:
            case.setup(tmp, names)
        cmd = command(case, names)
    except pytest.skip.Exception as exc:
        run.skip = str(exc.msg)
        return run
    except Exception as exc:  # noqa: BLE001 - reported as the case's error
        run.error = f"setup failed: {type(exc).__name__}: {exc}"
        return run
    run.before = snapshot(tmp)
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "120", "TMPDIR": names["tmpdir"]}
    env.pop("NO_COLOR", None)
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=tmp,
        env=env,
        stdin=subprocess.PIPE if case.stdin is not None else (None if case.closed_stdin else subprocess.DEVNULL),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        umask=0o022,
    )
    data = case.stdin
    code: int | None
    try:
        if case.signal:
            out, err = signal_when_busy(proc, case, names, data)
        else:
            out, err = proc.communicate(data, timeout=case.timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    finally:
        try:  # nothing of the case outlives it (workers of a killed command)
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    run.outcome = Outcome(code, out, err, tmp, names, time.monotonic() - start)
    run.after = snapshot(tmp)
    return run


def signal_when_busy(proc: subprocess.Popen, case: Case, names: Names, data: bytes | None) -> tuple[bytes, bytes]:
    """Send the case's signal to the process group ``delay`` seconds after it is busy, and collect its output.

    Busy: when ``case.busy`` is ``"scratch"``, once a scratch folder appears in its TMPDIR (its workers
    have started); ``"cpu"``, once it has used 2 s of CPU (start-up takes well under one, however loaded
    the machine); else from the start.  Output is read all along, so a full pipe never stalls it.
    """
    sig, delay = case.signal
    deadline = time.monotonic() + case.timeout
    busy_since = None if case.busy in ("scratch", "cpu") else time.monotonic()
    while True:
        try:
            out, err = proc.communicate(data, timeout=0.1)
            return out, err + b"\n[the command ended before the signal: make its work longer]"
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if busy_since is None and (_busy(proc, case, names) or now > deadline - 10):
            busy_since = now
        if busy_since is not None and now - busy_since >= delay:
            os.killpg(proc.pid, sig)
            return proc.communicate(timeout=case.timeout)


def _busy(proc: subprocess.Popen, case: Case, names: Names) -> bool:
    if case.busy == "scratch":
        return bool(os.listdir(names["tmpdir"]))
    try:  # utime and stime: fields 14 and 15 of /proc/PID/stat, after the command name in parentheses
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return True  # no /proc: from now
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 2.0


def _case_dir(factory: pytest.TempPathFactory, case: Case) -> Path:
    return factory.mktemp(re.sub(r"[^\w-]", "_", case.id), numbered=True)


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Names:
    """Built once: an index of the five seeds (``index add``) and a spinner profile (``spinner learn``)."""
    folder = tmp_path_factory.mktemp("shared")
    seeds = folder / "seeds"
    seeds.mkdir()
    for seed in SEEDS:
        shutil.copyfile(seed, seeds / seed.name)
    names = {"db": str(folder / "seeds.db"), "prof": str(folder / "prof.json"), "seeds": str(seeds)}
    run_articlediff("index", "add", "-q", "--workers", "1", "--db", "{db}", "{seeds}")(folder, names)
    run_articlediff("spinner", "learn", str(seeds / SEEDS[0].name), str(seeds / SEEDS[1].name), "-o", "{prof}")(folder, names)
    return names


@pytest.fixture(scope="session")
def outcomes(request, shared, tmp_path_factory) -> dict[str, Run]:
    """Every selected fast case, run ``JOBS`` at a time."""
    wanted = set()
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and isinstance(callspec.params.get("case"), Case):
            wanted.add(callspec.params["case"].id)
    cases = [c for c in CASES if c.id in wanted and not c.slow]
    with ThreadPoolExecutor(JOBS) as pool:
        runs = {run.case.id: run for run in pool.map(lambda c: execute(c, _case_dir(tmp_path_factory, c), shared), cases)}
    if os.environ.get("FAULTS_TIMES"):  # a file to list each case's seconds in, slowest first
        timed = sorted((r.outcome.seconds, i) for i, r in runs.items() if r.outcome)
        Path(os.environ["FAULTS_TIMES"]).write_text("".join(f"{s:6.2f} {i}\n" for s, i in reversed(timed)))
    return runs
