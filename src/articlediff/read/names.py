"""Names that are not UTF-8: the one escape of every path and id shown or stored as text.

On Linux a file name is bytes.  Python decodes the bytes that are not UTF-8
with ``surrogateescape``: byte ``0xE9`` of ``caf\\xe9.txt`` becomes the lone
surrogate U+DCE9, which no UTF-8 output (a report, JSON, CSV, the index's
SQLite text) can hold.  So every document's ``path`` and ``id`` is shown as
:func:`shown` makes it: each such byte as the four characters ``\\xNN``
(``caf\\xe9.txt``), and any other lone surrogate (a JSONL id such as
``"\\udce9"`` is one when its code is under U+DC80 or a high surrogate) as
``\\uNNNN``.  Every other character, backslashes included, is kept, so a
UTF-8 name is shown as it is.

The escaped form is what documents carry (:class:`~.document.Document`
escapes its ``path`` and ``id`` when made), what reports show and what the
index stores.  The bytes stay reachable: :func:`real` turns ``\\xNN``
(``NN`` from 80 to FF) back into the lone surrogate, i.e. the file's own
byte, and the index reads a stored file again by its stored path, then,
when no such file exists, by :func:`real` of it
(:mod:`articlediff.index.reread`).  A name that itself holds the four
characters ``\\xe9`` is found by the first try.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED = re.compile(r"\\x([89a-f][0-9a-f])")


def _one(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def shown(name: str) -> str:
    """``name`` with each lone surrogate escaped (``\\xNN`` for a byte that was not UTF-8): valid UTF-8 to print or store."""
    if not isinstance(name, str) or _SURROGATE.search(name) is None:
        return name
    return _SURROGATE.sub(_one, name)


def real(name: str) -> str:
    """The name :func:`shown` escaped: each ``\\x80``-``\\xff`` back to the byte it stood for (as ``os.fsdecode`` has it)."""
    return _ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), name)
