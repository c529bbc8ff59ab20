"""Tables derived from the packaged data, cached on disk so a process loads them in milliseconds.

The thesaurus (a gzipped TSV), the word and word-pair counts (symspellpy's
text files) and the word lists derived from them took 0.1-0.45 s each to
parse, in every process that needed one: most of a one-file ``check``'s or a
short ``compare``'s start-up (issue 22).  Each is now parsed once, at first
use, and written to the user's cache folder (``$ARTICLEDIFF_CACHE``, else
``~/.cache/articlediff``: where the ``lm`` extra keeps its model too) in
Python's ``marshal`` format, which loads a table of 80,000 words in about
10 ms.  The file's name carries the xxHash of the data it was derived from
and the Python version (marshal's format is Python's own), so a new
thesaurus or interpreter never meets an old table.

A cache is only a cache: a folder that cannot be written, or a file that is
damaged (a header states the payload's checksum, checked before the payload
is read), is passed over and the table derived again; nothing else in the
folder is touched, and a table is written to a temporary file first and
moved into place, so a reader never sees half of one.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import xxhash

from ..gcpause import paused_gc

T = TypeVar("T")
#: The first bytes of a cache file; then 8 bytes of the payload's xxh64, then the marshalled payload.
MAGIC = b"articlediff-cache 1\n"


def cache_folder() -> Path:
    """articlediff's cache folder: ``$ARTICLEDIFF_CACHE``, else ``~/.cache/articlediff`` (tables, the lm model)."""
    return Path(os.environ.get("ARTICLEDIFF_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "articlediff"))


def cached(name: str, source: bytes, derive: Callable[[], T], kind: type = dict) -> T:
    """The table ``name`` that ``derive()`` makes from some data, which ``source`` identifies (the data's bytes,
    or a digest of them): read from the cache, else derived and cached.

    ``derive`` must return a ``kind`` (a dict, frozenset or bytes) of what ``marshal`` stores (str, int, float,
    tuples); a cached file holding anything else is passed over and derived again.
    """
    version = f"py{sys.version_info[0]}{sys.version_info[1]}"
    path = cache_folder() / f"{name}-{xxhash.xxh64_hexdigest(source)}-{version}.marshal"
    found = _read(path)
    if type(found) is kind:
        return found
    value = derive()
    _write(path, value)
    return value


def cached_words(name: str, source: bytes, derive: Callable[[], Iterable[str]]) -> frozenset[str]:
    """A set of words derived from ``source``, cached as :func:`cached` caches a table."""
    return cached(name, source, lambda: frozenset(derive()), frozenset)


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if not data.startswith(MAGIC) or xxhash.xxh64_digest(memoryview(data)[head + 8 :]) != data[head : head + 8]:
        return None  # damaged or cut short: derive it again
    try:
        with paused_gc():  # a table is hundreds of thousands of new objects: no garbage, but the collector walks them
            return marshal.loads(memoryview(data)[head + 8 :])
    except (EOFError, ValueError, TypeError):
        return None


def _write(path: Path, value) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return  # not a value marshal stores: nothing is cached
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".table-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + xxhash.xxh64_digest(payload) + payload)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a cache folder that cannot be written: the table is derived each time
