"""The fault contract, case by case (the table is :data:`tests.faults.cases.CASES`).

For every case: the exit code is one the case allows (2 for a user error,
130 for an interrupt; 0 or 1 where the command legitimately succeeds or
flags); standard error holds at most one line and never a traceback; every
file under the case's folder other than its declared outputs keeps its
bytes, and no file appears there that is not declared (no stray temporary
file, no output left by a failure); then the case's own checks (a report
that parses, a verdict shown, an output's mode, an index's integrity).
"""

from __future__ import annotations

from fnmatch import fnmatch

import pytest

from .cases import CASES, Case
from .conftest import Run, _case_dir, declared, execute

FAST = [c for c in CASES if not c.slow]
SLOW = [c for c in CASES if c.slow]
#: The cases whose command line is meant to be unknown.
UNKNOWN = {"unknown-command"}


def problems(run: Run) -> list[str]:
    """What the run did that the contract forbids."""
    case, o = run.case, run.outcome
    assert o is not None
    found = []
    err = o.err.decode("utf-8", "replace")
    if o.code is None:
        found.append(f"timed out after {case.timeout:g} s (a hang)")
    elif o.code not in case.codes:
        found.append(f"exit code {o.code}, expected {sorted(case.codes)}")
    lines = [line for line in err.splitlines() if line.strip()]
    if len(lines) > 1:
        found.append(f"{len(lines)} lines on standard error, at most 1 allowed")
    if "Traceback (most recent call last)" in err:
        found.append("a traceback on standard error")
    if case.id not in UNKNOWN and ("No such command" in err or "No such option" in err):
        found.append("the command line is unknown to articlediff: the case tests nothing (its template is stale)")
    allowed = declared(case, o.names, o.tmp)
    for path in sorted(set(run.before) | set(run.after)):
        if any(fnmatch(path, pattern) for pattern in allowed):
            continue
        if path not in run.after:
            found.append(f"{path} was removed")
        elif path not in run.before:
            found.append(f"{path} appeared (not a declared output)")
        elif run.before[path] != run.after[path]:
            found.append(f"{path} was changed")
    for check in case.checks:
        if o.code is not None and (problem := check(o)):
            found.append(problem)
    return found


def verify(run: Run) -> None:
    if run.skip:
        pytest.skip(run.skip)
    if run.error:
        pytest.fail(run.error)
    found = problems(run)
    if found:
        o = run.outcome
        tail = o.err.decode("utf-8", "replace").strip().splitlines()[-3:]
        pytest.fail(f"{run.case.id}: " + "; ".join(found) + f"\n  argv: {' '.join(run.case.argv)}\n  stderr: {tail}")


def test_the_table_is_large_and_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert len(CASES) >= 100
    commands = {c.argv[0] if c.argv[0] not in ("index", "spinner") else " ".join(c.argv[:2]) for c in CASES}
    assert {"compare", "clean", "timeline", "dedup", "check", "spinner learn", "spinner show", "index add",
            "index stats", "index check"} <= commands


@pytest.mark.parametrize("case", FAST, ids=[c.id for c in FAST])
def test_fault(case: Case, outcomes: dict[str, Run]) -> None:
    verify(outcomes[case.id])


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=[c.id for c in SLOW])
def test_fault_slow(case: Case, shared, tmp_path_factory) -> None:
    verify(execute(case, _case_dir(tmp_path_factory, case), shared))
