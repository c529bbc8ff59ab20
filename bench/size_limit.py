"""What ``articlediff compare`` costs at the input size limit: wall time and peak memory of a self-compare.

Why: the input limit (``read/decode.py`` ``MAX_BYTES``) promises that a file
under it is served.  A 19.5 MB file compared with itself took 569 s and
3.6 GB (issue 19), so the limit has to be one the tool can actually serve.
This script writes a file of the given sizes made of the seed articles
(fixtures/seeds) repeated, each paragraph numbered so no two are the same
text, runs ``articlediff compare FILE FILE -f json -o OUT`` on it in a fresh
process (the command as a user runs it, reading and normalising included)
and prints the wall time, the CPU time (user + system) and the peak resident
memory of that process (from ``wait4``).

    .venv/bin/python bench/size_limit.py                  # 1, 2 and 5 MB
    .venv/bin/python bench/size_limit.py --sizes 0.5 1 3  # other sizes, in MB
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"
MB = 1024 * 1024


def seed_text(size: int) -> str:
    """Seed paragraphs repeated to ``size`` bytes (UTF-8), each repeat's paragraphs numbered so they differ."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    out: list[str] = []
    total = 0
    n = 0
    while total < size:
        text = f"Part {n // len(paragraphs) + 1}. {paragraphs[n % len(paragraphs)]}\n\n"
        out.append(text)
        total += len(text.encode("utf-8"))
        n += 1
    return "".join(out)[:size]


def run(path: str, out: str, timeout: float) -> tuple[float, float, float, int | None]:
    """Wall seconds, CPU seconds, peak RSS in MB and exit code of ``compare path path`` (exit None: stopped at ``timeout``).

    CPU seconds (user + system) are what a busy machine does not inflate; wall time is what a user waits.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "articlediff", "compare", path, path, "-f", "json", "-o", out]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, None
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        print(f"  exit {proc.returncode}: {err.strip()}", file=sys.stderr)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5], help="sizes in MB (default: 1 2 5)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a size is given up (default 600)")
    args = parser.parse_args()
    print(f"{'size':>8} {'words':>10} {'wall s':>8} {'CPU s':>8} {'peak RSS':>10}  exit")
    with tempfile.TemporaryDirectory(prefix="size-limit-") as folder:
        for mb in args.sizes:
            path = os.path.join(folder, f"{mb:g}MB.txt")
            text = seed_text(int(mb * MB))
            Path(path).write_text(text, encoding="utf-8")
            seconds, cpu, rss, code = run(path, os.path.join(folder, "out.json"), args.timeout)
            shown = "timeout" if code is None else str(code)
            print(f"{mb:>6g}MB {len(text.split()):>10,} {seconds:>8.1f} {cpu:>8.1f} {rss:>8,.0f}MB  {shown}", flush=True)


if __name__ == "__main__":
    main()
