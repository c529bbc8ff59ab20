"""Writing results safely: atomically, and never over an input.

A report is written to a temporary file in the destination's folder, synced,
then renamed over the destination, so a crash or an error leaves either the
old file or the complete new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | os.PathLike, text: str, *, protect: Iterable[str | os.PathLike] = ()) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; refuse to replace any path in ``protect``."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a directory, expected a file name for the output")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{path}: folder {parent} does not exist")
    if target.exists():
        for other in protect:
            if str(other) != "-" and Path(other).exists() and os.path.samefile(target, other):
                raise OutputError(f"{path}: is one of the inputs; refusing to overwrite it")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        raise


def backup_file(path: str | os.PathLike) -> Path:
    """Copy ``path`` to ``path.orig`` (atomically) before it is rewritten; never overwrite a backup."""
    source = Path(path)
    target = source.with_name(source.name + ".orig")
    if target.exists():
        raise OutputError(f"{target}: a backup already exists; move it away first")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read for the backup ({exc.strerror or exc})") from None
    fd, tmp = tempfile.mkstemp(dir=source.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target
