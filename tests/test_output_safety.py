"""What the tool writes: never over an input, checked before the work, ordinary permissions, no leftovers.

Issue 19: no input, option, file system or signal turns into a hang, an
internal error or lost data.  These are the outputs' part: ``-o`` and
``clean --in-place --backup``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest

import articlediff.dedup  # noqa: F401 - the package, looked up in sys.modules below
import articlediff.output as output

from .conftest import ROOT, seed_path

A = seed_path("000")
B = seed_path("001")


def one_line_error(result, code=2):
    assert result.code == code, (result.code, result.err)
    assert result.err.count("\n") == 1 and result.err.startswith("articlediff: "), result.err
    assert "Traceback" not in result.err


@pytest.fixture
def corpus(tmp_path):
    """A folder argument: two articles and a JSONL feed."""
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(A, folder / "000_x.txt")
    shutil.copy(B, folder / "001_y.txt")
    rows = [{"id": "feed-1", "text": seed_path("002").read_text(encoding="utf-8")}]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# 1. Never over an input, including the files inside a folder argument, an index and a manifest.


@pytest.mark.parametrize("name", ["000_x.txt", "feed.jsonl"])
def test_dedup_refuses_an_output_inside_a_folder_argument(cli, corpus, name):
    before = snapshot(corpus)
    result = cli("dedup", corpus, "-f", "jsonl", "-q", "--workers", "1", "-o", corpus / name)
    one_line_error(result)
    assert "refusing to overwrite" in result.err and f"in folder {corpus}" in result.err
    assert snapshot(corpus) == before


def test_a_folder_input_is_protected_through_another_spelling_of_its_path(cli, corpus, tmp_path):
    os.symlink(corpus, tmp_path / "link")
    before = snapshot(corpus)
    one_line_error(cli("dedup", corpus, "-q", "--workers", "1", "-o", tmp_path / "link" / "001_y.txt"))
    assert snapshot(corpus) == before


@pytest.fixture
def indexed(cli, corpus, tmp_path):
    db = tmp_path / "corpus.db"
    assert cli("index", "add", corpus, "--db", db, "-q", "--workers", "1").code == 0
    return db


def test_check_refuses_an_output_inside_a_folder_argument_and_the_index(cli, corpus, indexed):
    before = snapshot(corpus)
    one_line_error(cli("check", corpus, "--db", indexed, "-f", "json", "-o", corpus / "feed.jsonl"))
    assert snapshot(corpus) == before
    size = indexed.stat().st_size
    one_line_error(cli("check", corpus, "--db", indexed, "-f", "json", "-o", indexed))
    assert indexed.stat().st_size == size
    assert cli("check", corpus, "--db", indexed, "--fail-on", "").code == 0  # the index still opens


def test_timeline_refuses_its_manifest_and_an_article_in_a_folder(cli, corpus, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,date\n000_x.txt,2024-01-01\n", encoding="utf-8")
    before = manifest.read_bytes()
    one_line_error(cli("timeline", corpus, "--manifest", manifest, "--lm", "none", "-q", "-o", manifest))
    assert manifest.read_bytes() == before
    one_line_error(cli("timeline", corpus, "--lm", "none", "-q", "-o", corpus / "001_y.txt"))


def test_clean_and_spinner_learn_refuse_their_inputs(cli, tmp_path):
    article = tmp_path / "a.txt"
    shutil.copy(A, article)
    one_line_error(cli("clean", article, "--lm", "none", "-o", article))
    one_line_error(cli("spinner", "learn", "--find", tmp_path, "-o", article, "--update"))
    assert article.read_bytes() == A.read_bytes()


def test_a_new_file_inside_a_folder_argument_is_allowed(cli, corpus):
    result = cli("dedup", corpus, "-q", "--workers", "1", "-o", corpus / "report.txt")
    assert result.code == 0, result.err
    assert (corpus / "report.txt").exists()


def test_write_atomic_protects_the_files_in_a_folder(corpus):
    with pytest.raises(Exception, match="refusing to overwrite"):
        output.write_atomic(corpus / "feed.jsonl", "x", protect=[corpus])
    assert output.check_output("-", reads=[corpus]) is None and output.check_output(None) is None


# 2. The output is checked before the work; a write error is one line, exit 2.


def test_an_unwritable_output_folder_fails_before_the_work(cli, corpus, tmp_path, monkeypatch):
    out = tmp_path / "ro" / "report.txt"
    out.parent.mkdir()
    real_access = os.access

    def access(path, mode, **kwargs):  # a read-only file system (EROFS): access(2) says no to W_OK
        if os.fspath(path) == os.fspath(out.parent) and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    def no_work(*args, **kwargs):
        raise AssertionError("the work started before the output was checked")

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(sys.modules["articlediff.dedup"], "dedup", no_work)
    result = cli("dedup", corpus, "-q", "-o", out)
    one_line_error(result)
    assert "not writable" in result.err
    result = cli("clean", A, "--lm", "none", "-o", out)
    one_line_error(result)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_a_folder_without_write_permission_fails_early(cli, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        one_line_error(cli("compare", A, B, "-o", folder / "x.txt"))
    finally:
        folder.chmod(0o755)


def test_a_write_error_is_one_line_and_leaves_nothing(cli, tmp_path, monkeypatch):
    def replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", replace)
    result = cli("compare", A, B, "-o", tmp_path / "x.txt")
    one_line_error(result)
    assert "Read-only file system" in result.err
    assert os.listdir(tmp_path) == []


# 3. Disk full during clean --in-place --backup: exit 2, the original intact, no backup, no temporary file.


@pytest.mark.parametrize("failing_write", [1, 2], ids=["backup", "rewrite"])
def test_disk_full_during_an_in_place_clean_keeps_the_original(cli, tmp_path, monkeypatch, failing_write):
    article = tmp_path / "a.txt"
    article.write_bytes(A.read_bytes() + "\u2019 caf\u00c3\u00a9\n".encode())  # something for typography to repair
    original = article.read_bytes()
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == failing_write:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = cli("clean", article, "--stages", "typography", "--in-place", "--backup")
    one_line_error(result)
    assert "No space left on device" in result.err
    assert article.read_bytes() == original
    assert os.listdir(tmp_path) == ["a.txt"]


# 4. Permissions: what open() would give a new file; a replaced file keeps its mode.


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_output_gets_the_mode_open_gives(cli, tmp_path, umask_022):
    out = tmp_path / "timeline.txt"
    assert cli("compare", A, B, "-o", out).code == 0
    assert mode(out) == 0o644
    os.umask(0o027)
    out2 = tmp_path / "second.txt"
    assert cli("compare", A, B, "-o", out2).code == 0
    assert mode(out2) == 0o640


def test_a_replaced_output_keeps_its_mode(cli, tmp_path, umask_022):
    out = tmp_path / "report.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o664)
    assert cli("compare", A, B, "-o", out).code == 0
    assert mode(out) == 0o664 and out.read_text(encoding="utf-8") != "old"


def test_an_in_place_clean_keeps_the_mode_and_the_backup_gets_it(cli, tmp_path, umask_022):
    article = tmp_path / "a.txt"
    article.write_bytes(A.read_bytes())
    article.chmod(0o640)
    assert cli("clean", article, "--stages", "typography", "--in-place", "--backup").code == 0
    assert mode(article) == 0o640
    assert mode(tmp_path / "a.txt.orig") == 0o640


# 5. No leftovers on SIGTERM; -o - is standard output.


def test_sigterm_during_a_write_leaves_no_temporary_file(cli, tmp_path, monkeypatch):
    previous = signal.getsignal(signal.SIGTERM)
    real_fsync = os.fsync

    def fsync(fd):
        os.kill(os.getpid(), signal.SIGTERM)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = cli("compare", A, B, "-o", tmp_path / "x.txt")
    one_line_error(result, code=143)
    assert result.err == "articlediff: terminated\n"
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == previous  # the handler is the command's only


SLOW_WRITE = """
import os, sys, time
real = os.fsync
def slow(fd):
    time.sleep(30)
    real(fd)
os.fsync = slow
from articlediff.cli import run
run(sys.argv[1:])
"""


def test_a_real_sigterm_ends_the_process_cleanly(tmp_path):
    out = tmp_path / "x.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, "compare", str(A), str(B), "-o", str(out)],
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not any(n.endswith(".tmp") for n in os.listdir(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 143 and err.decode() == "articlediff: terminated\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ("compare", A, B),
        ("dedup", A, B, "-q", "--workers", "1"),
        ("clean", A, "--lm", "none", "--stages", "typography"),
        ("spinner", "learn", A, B),
    ],
    ids=lambda a: a[0],
)
def test_dash_output_is_standard_output(cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = cli(*args, "-o", "-")
    assert result.code == 0, result.err
    assert result.out and os.listdir(tmp_path) == []
    if args[0] != "spinner":
        assert result.out == cli(*args).out


def test_spinner_learn_update_needs_a_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(cli("spinner", "learn", A, B, "-o", "-", "--update"))


def test_a_named_pipe_as_the_output_is_written_into_not_replaced(cli, tmp_path):
    """Found using it: ``clean -o /dev/null`` as root renamed a file over /dev/null, which became a plain file.
    A device or a named pipe is written into, as a shell's ``>`` would; it is never replaced."""
    import threading

    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    result = cli("clean", A, "-o", str(pipe))
    reader.join(timeout=30)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and sorted(os.listdir(tmp_path)) == ["out.fifo"]
    assert got and got[0].decode("utf-8") == cli("clean", A).out


def test_an_output_through_a_symbolic_link_replaces_the_file_and_keeps_the_link(cli, tmp_path):
    real = tmp_path / "report.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.txt"
    os.symlink(real, link)
    result = cli("clean", A, "-o", str(link))
    assert result.code == 0, result.err
    assert os.path.islink(link) and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == cli("clean", A).out
