"""Issue 19: ``check`` as a CI gate fails closed, is idempotent under retry, refuses a damaged index, reads a read-only one."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from articlediff.index import Index, check
from articlediff.index.integrity import check_index
from articlediff.read import Document

from .conftest import SEEDS, seed_path

SRC = str(Path(__file__).resolve().parent.parent / "src")


def corpus(tmp_path: Path) -> Path:
    db = tmp_path / "corpus.sqlite"
    with Index(db) as index:
        index.add(Document(id=p.stem, text=p.read_text(encoding="utf-8"), path=str(p)) for p in sorted(SEEDS.glob("*.txt")))
    return db


def fresh_text() -> str:
    return (
        "The district council met on Tuesday evening to weigh a new plan for the harbour front, where three "
        "warehouses have stood empty since the ferry company moved its terminal north. Residents asked for a park.\n\n"
        "Engineers told the council that the quay walls need repairs before anything is built, at a cost the "
        "budget does not yet hold, and the vote was put off until the spring session."
    )


def a_copy(tmp_path: Path) -> Path:
    """An edited copy of an indexed seed article under another name (a near copy: ``duplicate``)."""
    copy = tmp_path / "copy.txt"
    if not copy.exists():
        copy.write_text(seed_path("004").read_text(encoding="utf-8").replace("Thursday", "Friday"), encoding="utf-8")
    return copy


def unreadable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "utf16.txt").write_bytes("An article in UTF-16 without a byte order mark.".encode("utf-16-le"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "symbols.txt").write_text("!!! ??? ... ---\n", encoding="utf-8")
    os.symlink(folder / "gone", folder / "gone.txt")  # a file that cannot be opened
    return folder


# ---------------------------------------------------------------- 1. fail closed


def test_an_article_that_cannot_be_read_fails_the_check(cli, tmp_path):
    db = corpus(tmp_path)
    folder = unreadable_folder(tmp_path)
    found = cli("check", folder, "--db", db)
    assert found.code == 1, found.out
    lines = found.out.splitlines()
    assert sum(": unreadable: could not be checked (" in line for line in lines) == 5
    assert lines[-1].startswith("0 checked: 0 duplicate, 0 spun, 0 partial, 0 rewrite, 0 new · 5 unreadable")
    report = json.loads(cli("check", folder, "--db", db, "-f", "json").out)
    verdicts = {Path(r["path"]).name: (r["verdict"], r["reason"]) for r in report["results"]}
    assert set(verdicts) == {"utf16.txt", "binary.txt", "empty.txt", "symbols.txt", "gone.txt"}
    assert all(v == "unreadable" and reason for v, reason in verdicts.values())
    assert "no words" in verdicts["symbols.txt"][1]
    assert report["summary"]["unreadable"] == 5 and report["summary"]["checked"] == 0
    junit = cli("check", folder, "--db", db, "-f", "junit")
    suite = ET.fromstring(junit.out).find("testsuite")
    assert junit.code == 1 and suite.get("errors") == "5" and suite.get("tests") == "5"
    assert len(suite.findall("testcase/error")) == 5
    github = cli("check", folder, "--db", db, "-f", "github")
    assert github.code == 1 and github.out.count("::error file=") == 5 and "title=articlediff unreadable::" in github.out
    # Opting out is explicit: a --fail-on without unreadable lets them through (as warnings, skipped cases).
    allowed = cli("check", folder, "--db", db, "--fail-on", "duplicate,spun,partial", "-f", "github")
    assert allowed.code == 0 and allowed.out.count("::warning file=") == 5
    skipped = cli("check", folder, "--db", db, "--fail-on", "", "-f", "junit")
    assert skipped.code == 0 and ET.fromstring(skipped.out).find("testsuite").get("skipped") == "5"


def test_empty_standard_input_fails_the_check(cli, tmp_path, monkeypatch):
    db = corpus(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    found = cli("check", "-", "--db", db)
    assert found.code == 1 and "standard input: unreadable: could not be checked (" in found.out


def test_unreadable_is_a_verdict_of_the_library(tmp_path):
    db = corpus(tmp_path)
    report = check([unreadable_folder(tmp_path) / "binary.txt", Document(text="   ", id="blank", path="blank.txt")], db)
    assert [r.verdict for r in report.results] == ["unreadable", "unreadable"]
    assert report.failing(["unreadable"]) == report.results


# ---------------------------------------------------------------- 2. idempotent under retry


def test_a_retried_check_add_gives_the_same_verdicts(cli, tmp_path):
    db = corpus(tmp_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "fresh.txt").write_text(fresh_text(), encoding="utf-8")
    (folder / "copy.txt").write_text(seed_path("004").read_text(encoding="utf-8"), encoding="utf-8")
    first = cli("check", folder / "fresh.txt", "--db", db, "--add")
    assert first.code == 0 and "fresh.txt: new" in first.out and "1 added" in first.out
    again = cli("check", folder / "fresh.txt", "--db", db, "--add")
    assert again.code == 0 and "fresh.txt: new" in again.out, again.out
    # A real copy is still one, retried or not; and the same content under another id is a copy.
    for _ in range(2):
        both = cli("check", folder, "--db", db, "--add", "-f", "json")
        verdicts = {r["id"]: r["verdict"] for r in json.loads(both.out)["results"]}
        assert both.code == 1 and verdicts == {"copy": "duplicate", "fresh": "new"}
    shutil.copy(folder / "fresh.txt", folder / "renamed.txt")
    renamed = cli("check", folder / "renamed.txt", "--db", db)
    assert renamed.code == 1 and "renamed.txt: duplicate: exact copy of fresh" in renamed.out


# ---------------------------------------------------------------- 3. index integrity


def _docs_root_page(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
    finally:
        conn.close()


def test_index_check_passes_a_whole_index_and_refuses_a_missing_one(cli, tmp_path):
    db = corpus(tmp_path)
    assert cli("index", "check", "--db", db).code == 0
    assert check_index(str(db)) == []
    missing = cli("index", "check", "--db", tmp_path / "nope.sqlite")
    assert missing.code == 2 and "no such index" in missing.err


def test_a_damaged_page_is_found_and_refused(cli, tmp_path):
    db = corpus(tmp_path)
    page = 4096
    with open(db, "r+b") as handle:  # overwrite the docs table's page, in the middle of the file
        handle.seek((_docs_root_page(db) - 1) * page)
        handle.write(b"\x13" * page)
    damaged = cli("index", "check", "--db", db)
    assert damaged.code == 1 and "malformed" in damaged.out
    for args in (("check", a_copy(tmp_path), "--db", db), ("index", "add", seed_path("004"), "--db", db, "-q")):
        refused = cli(*args)
        assert refused.code == 2 and refused.err.count("\n") == 1 and "articlediff index check" in refused.err, refused.err


def test_a_cut_file_is_refused_on_open(cli, tmp_path):
    db = corpus(tmp_path)
    with open(db, "r+b") as handle:
        handle.truncate(os.path.getsize(db) - 100)
    for args in (("check", a_copy(tmp_path), "--db", db), ("index", "add", seed_path("004"), "--db", db, "-q")):
        refused = cli(*args)
        assert refused.code == 2 and "damaged" in refused.err and "articlediff index check" in refused.err
    assert cli("index", "check", "--db", db).code == 1


@pytest.mark.parametrize(
    "damage, found",
    [
        ("UPDATE docs SET sig = x'0102' WHERE name LIKE '004%'", "signature of 2 bytes"),
        ("UPDATE buckets SET docs = x'ffffffffffffffffffff7f'", "do not exist"),
        ("UPDATE passages SET docs = x'05'", "cut short"),
    ],
)
def test_a_bad_blob_is_a_one_line_error(cli, tmp_path, damage, found):
    db = corpus(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(damage)
    conn.commit()
    conn.close()
    refused = cli("check", a_copy(tmp_path), "--db", db)
    assert refused.code == 2 and refused.err.count("\n") == 1 and "articlediff index check" in refused.err, refused.err
    report = cli("index", "check", "--db", db)
    assert report.code == 1 and found in report.out


# ---------------------------------------------------------------- 4. a read-only index


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm")))


def test_reading_a_read_only_index_leaves_nothing_beside_it(cli, tmp_path, monkeypatch):
    """Simulated: os.access says the file and folder are not writable (the tests run as root, which chmod does not stop)."""
    db = corpus(tmp_path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real(p, mode, **kw))
    assert cli("check", a_copy(tmp_path), "--db", db).code == 1
    assert json.loads(cli("index", "stats", "--db", db, "-f", "json").out)["documents"] == 5
    assert cli("index", "check", "--db", db).code == 0
    assert _leftovers(tmp_path) == []


def test_a_read_only_index_cannot_be_written_through_a_reader(tmp_path):
    db = corpus(tmp_path)
    with Index(db, readonly=True) as index, pytest.raises(Exception, match="readonly|read-only|query_only|damaged|cannot"):
        index.add([Document(text=fresh_text(), id="x", path="x.txt")], workers=1)


def _read_only_mount(source: Path, target: Path, *command: str) -> subprocess.CompletedProcess:
    script = 'mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" && shift 2 && exec "$@"'
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(source), str(target), *command],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_a_read_only_mount_is_read_and_left_as_it_was(tmp_path):
    """Genuine: the index's folder bind-mounted read-only in a private mount namespace (needs unshare and root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = corpus(folder)
    target = tmp_path / "mnt"
    target.mkdir()
    probe = _read_only_mount(folder, target, "true")
    if probe.returncode != 0 or shutil.which("unshare") is None:
        pytest.skip(f"no read-only bind mount here: {probe.stderr.strip()}")
    python = (sys.executable, "-m", "articlediff")
    checked = _read_only_mount(folder, target, *python, "check", str(a_copy(tmp_path)), "--db", str(target / db.name))
    assert checked.returncode == 1 and "duplicate" in checked.stdout, checked.stderr
    stats = _read_only_mount(folder, target, *python, "index", "stats", "--db", str(target / db.name))
    assert stats.returncode == 0 and "documents: 5" in stats.stdout, stats.stderr
    assert _leftovers(folder) == []


def test_index_add_never_writes_into_a_damaged_file(cli, tmp_path):
    db = corpus(tmp_path)
    page = 4096
    conn = sqlite3.connect(db)
    roots = sorted(r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1"))
    conn.close()
    victim = roots[-1]  # the last table's page: a damaged file, whichever page it is
    with open(db, "r+b") as handle:
        handle.seek((victim - 1) * page)
        handle.write(b"\x13" * page)
    before = db.read_bytes()
    refused = cli("index", "add", seed_path("004"), "--db", db, "-q")
    assert refused.code == 2 and refused.err.count("\n") == 1 and "articlediff index check" in refused.err, refused.err
    assert db.read_bytes() == before
