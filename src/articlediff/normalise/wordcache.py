"""Word lists derived from the packaged data, cached on disk so a process loads them in milliseconds.

The skeleton of ``dedup``, ``index`` and ``check`` needs only the set of
words the thesaurus lists (:func:`.lexicon.spinnable_words`), but deriving
it parses the whole gzipped thesaurus: 0.4 s of a one-file ``check``'s
start-up (issue 22).  The derived list is written once, at first use, to
the user's cache folder (``$ARTICLEDIFF_CACHE``, else
``~/.cache/articlediff``: where the ``lm`` extra keeps its model too) as plain
text, one word a line, under a name that carries the xxHash of the data it
was derived from, so a new thesaurus never meets an old list.  Reading it
takes about 10 ms.

A cache is only a cache: a folder that cannot be written, or a file that is
damaged (its first line states the number of words that follow), is passed
over and the list derived again; nothing else in the folder is touched, and
a list is written to a temporary file first and moved into place, so a
reader never sees half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import xxhash


def cache_folder() -> Path:
    """articlediff's cache folder: ``$ARTICLEDIFF_CACHE``, else ``~/.cache/articlediff`` (word lists, the lm model)."""
    return Path(os.environ.get("ARTICLEDIFF_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "articlediff"))


def cached_words(name: str, source: bytes, derive: Callable[[], Iterable[str]]) -> frozenset[str]:
    """The word list ``name`` derived from the data ``source`` by ``derive()``: read from the cache, else derived
    and cached."""
    path = cache_folder() / f"{name}-{xxhash.xxh64_hexdigest(source)}.txt"
    found = _read(path)
    if found is not None:
        return found
    words = frozenset(derive())
    _write(path, words)
    return words


def _read(path: Path) -> frozenset[str] | None:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or not lines[0].isdigit() or int(lines[0]) != len(lines) - 1:
        return None  # damaged or cut short: derive it again
    return frozenset(lines[1:])


def _write(path: Path, words: frozenset[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".words-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write("\n".join([str(len(words)), *sorted(words)]))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a cache folder that cannot be written: the list is derived each time
