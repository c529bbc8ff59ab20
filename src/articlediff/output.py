"""Writing results safely: atomically, with ordinary permissions, and never over an input.

A report is written to a temporary file in the destination's folder, synced,
then renamed over the destination, so a crash, an error or a signal leaves
either the old file or the complete new one, never half of one, and no
temporary file.  A new file gets the mode a plain ``open()`` gives it
(``0666`` less the umask); a file replaced keeps its mode.  Through a
symbolic link, the file it names is replaced and the link kept; a device
or a named pipe (``-o /dev/null``) is written into as a shell's ``>``
would, never replaced.

:func:`check_output` is the one guard every command runs on its ``-o``
before any work: ``-`` means standard output; a directory, a folder that
does not exist or cannot be written, and any file the command reads (files
named, the input files inside folder arguments, an index, a manifest) are
refused with an :class:`OutputError`.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError
from .read.sources import STDIN, in_folder

#: ``-o -``: standard output, for every command.
STDOUT = "-"
#: The files SQLite keeps beside an index (write-ahead log, shared memory, rollback journal).
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _check_destination(path: str | os.PathLike) -> Path:
    """``path`` as a writable file name: not a directory, in a folder that exists and can be written."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a directory, expected a file name for the output")
    effective = os.access in os.supports_effective_ids
    if target.exists() and not target.is_file():  # a device or a named pipe: written through, its folder untouched
        if not os.access(target, os.W_OK, effective_ids=effective):
            raise OutputError(f"{path}: cannot be written (no permission)")
        return target
    parent = _folder_of(target)
    if not parent.is_dir():
        raise OutputError(f"{path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK, effective_ids=effective):
        raise OutputError(f"{path}: folder {parent} is not writable (read-only file system or no permission)")
    if target.exists() and not os.access(target, os.W_OK, effective_ids=effective):
        # Replacing it by a rename would work, but the user made it read-only: keep it.
        raise OutputError(f"{path}: is read-only; refusing to replace it")
    return target


def _identity(path: str | os.PathLike) -> tuple[int, int] | None:
    """The (device, inode) of the file ``path`` names (links followed), or None when there is none."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def files_read(paths: Iterable[str | os.PathLike]) -> Iterable[str]:
    """The files a command given ``paths`` reads: files named, and the input files inside folders."""
    for path in paths:
        name = os.fspath(path)
        if name == STDIN:
            continue
        if os.path.isdir(name):
            sources, _ = in_folder(name, [], False)  # files it would skip are not read: nothing to protect
            yield from (source.path for source in sources)
        else:
            yield name


def refuse_inputs(
    path: str | os.PathLike, reads: Iterable[str | os.PathLike] = (), files: Iterable[str | os.PathLike] = ()
) -> None:
    """Refuse ``path`` when it is one of the files read from ``reads`` (files and folders) or one of ``files``."""
    target = _identity(path)
    if target is None:
        return
    for other in files:
        if other is not None and os.fspath(other) != STDIN and _identity(other) == target:
            raise OutputError(f"{path}: is one of the inputs; refusing to overwrite it")
    for path_arg in reads:
        if os.fspath(path_arg) == STDIN:
            continue
        for other in files_read([path_arg]):
            if _identity(other) == target:
                where = f" (in folder {os.fspath(path_arg)})" if os.path.isdir(path_arg) else ""
                raise OutputError(f"{path}: is one of the inputs{where}; refusing to overwrite it")


def check_output(
    output: str | os.PathLike | None,
    reads: Iterable[str | os.PathLike] = (),
    files: Iterable[str | os.PathLike | None] = (),
    index: str | os.PathLike | None = None,
) -> str | None:
    """Check a command's ``-o`` before any work; None means standard output (no ``-o``, or ``-o -``).

    ``reads`` are the command's path arguments (files, folders, ``-``); ``files``
    other files it reads (a manifest, a reference, a profile); ``index`` an
    index file, whose SQLite side files are protected too.
    """
    if output is None or os.fspath(output) == STDOUT:
        return None
    _check_destination(output)
    others = [f for f in files if f is not None]
    if index is not None:
        others += [index] + [os.fspath(index) + suffix for suffix in SQLITE_SIDECARS]
    refuse_inputs(output, reads, others)
    return os.fspath(output)


def _create_temp(parent: Path, name: str, mode: int | None) -> tuple[int, str]:
    """A new temporary file beside the destination: ``mode`` if given, else what ``open()`` gives (0666 & ~umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(parent / f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        try:
            if mode is not None:
                os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            os.unlink(tmp)
            raise
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(parent))


def _existing_mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return None


def _write_replace(path: str | os.PathLike, data: bytes, mode: int | None) -> None:
    """Write ``data`` to a temporary file beside ``path``, sync it and rename it over ``path``.

    Any ``OSError`` becomes one :class:`OutputError`; whatever happens, no temporary file is left.
    """
    target = Path(path)
    if target.is_symlink():  # replace the file it names, and keep the link
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file():
        _write_through(path, target, data)
        return
    tmp = None
    try:
        fd, tmp = _create_temp(_folder_of(target), target.name, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = None
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        raise


def _write_through(path: str | os.PathLike, target: Path, data: bytes) -> None:
    """Write ``data`` into ``target``, an existing device, named pipe or socket (``-o /dev/null``), as a shell's ``>``
    would: renaming a file over it would replace the device itself (as root, ``/dev/null`` became a plain file)."""
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def write_atomic(path: str | os.PathLike, text: str, *, protect: Iterable[str | os.PathLike] = ()) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; refuse to replace any path in ``protect``.

    ``protect`` may name folders: the input files inside them are protected.
    A new file gets ``0666 & ~umask``; an existing one keeps its mode.
    """
    target = _check_destination(path)
    refuse_inputs(target, protect)
    _write_replace(path, text.encode("utf-8"), _existing_mode(target))


def backup_file(path: str | os.PathLike) -> Path:
    """Copy ``path`` to ``path.orig`` (atomically, with its mode) before it is rewritten; never overwrite a backup."""
    source = Path(path)
    target = source.with_name(source.name + ".orig")
    if os.path.lexists(target):
        raise OutputError(f"{target}: a backup already exists; move it away first")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read for the backup ({exc.strerror or exc})") from None
    _write_replace(target, data, _existing_mode(source))
    return target


def rewrite_with_backup(path: str | os.PathLike, text: str) -> Path:
    """Replace ``path`` with ``text`` after a backup to ``path.orig``; on failure the file is as it was and no backup is left.

    The file keeps its mode; the backup gets the same.
    """
    _check_destination(path)
    backup = backup_file(path)
    try:
        write_atomic(path, text)
    except BaseException:
        # Remove the backup only while the file still holds the original (it may already be replaced).
        try:
            if Path(path).read_bytes() == backup.read_bytes():
                backup.unlink()
        except OSError:
            pass
        raise
    return backup
