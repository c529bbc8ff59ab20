"""The fingerprint stage's signing in compiled code, built at first use, with the numpy path as its fallback.

Why: at 10,000 documents the numpy signing costs a second and more, most
of it in small per-document array operations (issue 22, docs/benchmarks.md).
``native_sign.c`` does the same integer arithmetic in one call a batch, so
its signatures are the numpy path's, bit for bit (``tests/test_native.py``).

How it is built: the C file ships with the package; the first process that
signs compiles it with the machine's C compiler (``$CC``, else the one
Python was built with, else ``cc``, ``gcc`` or ``clang``) into the cache
folder (:func:`articlediff.normalise.wordcache.cache_folder`), under a name
that carries the source's hash and the platform, and loads it with
``ctypes`` (no Python headers needed).  Later processes load the built
file.  It is written to a temporary name and moved into place, so two
processes building at once never load half a file.  Where there is no
compiler, or it fails (the reason is kept in a ``.failed`` file beside,
and not tried again until that file is removed), :func:`library` is None
and :mod:`.fingerprint` signs with numpy: the default install needs
nothing but Python and its wheels.

``ARTICLEDIFF_NATIVE=0`` turns the compiled path off (the tests run both).
"""

from __future__ import annotations

import ctypes
import os
import platform
from functools import lru_cache
from pathlib import Path

import numpy as np
import xxhash

from ..normalise.wordcache import cache_folder

#: The C source, beside this module.
SOURCE = Path(__file__).with_name("native_sign.c")
#: The environment variable that turns the compiled path off ("0", "no", "false", "off").
SWITCH = "ARTICLEDIFF_NATIVE"
#: Seconds a compiler may take before the numpy path is used instead.
COMPILE_TIMEOUT = 120
_OFF = frozenset({"0", "no", "false", "off"})
_POINTER = ctypes.c_void_p


def enabled() -> bool:
    """Whether the compiled path may be used (``ARTICLEDIFF_NATIVE`` is not off)."""
    return os.environ.get(SWITCH, "").strip().lower() not in _OFF


def compiler() -> list[str] | None:
    """The C compiler command to build with: ``$CC``, Python's own compiler, ``cc``, ``gcc`` or ``clang``, if found."""
    import shlex
    import shutil
    import sysconfig

    for candidate in (os.environ.get("CC"), sysconfig.get_config_var("CC"), "cc", "gcc", "clang"):
        if not candidate:
            continue
        command = shlex.split(candidate)
        if command and shutil.which(command[0]):
            return command
    return None


def built_path() -> Path:
    """Where the compiled library of this source lives in the cache folder."""
    digest = xxhash.xxh64_hexdigest(SOURCE.read_bytes())
    tag = f"{platform.system()}-{platform.machine()}".lower().replace(" ", "_")
    return cache_folder() / f"native-sign-{digest}-{tag}.so"


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL | None:
    """The compiled signing library, built if it is not yet; None when it is off or cannot be built."""
    if not enabled():
        return None
    path = built_path()
    if not path.exists() and not _build(path):
        return None
    try:
        lib = ctypes.CDLL(str(path))
        function = lib.fingerprint_batch
    except (OSError, AttributeError):  # damaged, or not what this source builds
        return None
    function.restype = ctypes.c_int
    function.argtypes = [
        _POINTER, _POINTER, ctypes.c_int64, _POINTER, _POINTER, _POINTER, ctypes.c_int, _POINTER,
        _POINTER, _POINTER, ctypes.c_int, _POINTER, ctypes.c_int64, _POINTER, _POINTER, _POINTER, _POINTER, _POINTER,
    ]
    return lib


def _build(path: Path) -> bool:
    """Compile the source to ``path``; False (and a ``.failed`` note) when it cannot be.

    The modules a build needs are imported here: a process that loads a built library (a one-file ``check``)
    does not pay for them.
    """
    import shlex
    import subprocess
    import tempfile

    failed = path.with_suffix(".failed")
    if failed.exists():
        return False
    command = compiler()
    if command is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.stem, suffix=".so.tmp", dir=path.parent)
        os.close(handle)
    except OSError:
        return False  # the cache folder cannot be written: the numpy path, as for any cache
    try:
        done = subprocess.run(
            [*command, "-O3", "-fPIC", "-shared", "-std=c99", "-o", temporary, str(SOURCE)],
            capture_output=True, text=True, timeout=COMPILE_TIMEOUT,
        )
        if done.returncode != 0:
            _note(failed, f"{shlex.join(command)} exited with {done.returncode}:\n{done.stderr}")
            return False
        os.replace(temporary, path)
        return True
    except (OSError, subprocess.SubprocessError) as error:
        _note(failed, f"{shlex.join(command)}: {error}")
        return False
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _note(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        pass


def _address(array: np.ndarray) -> int:
    return array.ctypes.data


def sign_batch(
    numbers: np.ndarray,
    bounds: np.ndarray,
    vocabulary,
    width: int,
    multipliers: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    windows: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The batch's signatures from the compiled library, or None when there is none (the caller signs with numpy).

    ``numbers`` (int64) are the documents' words as :data:`.minhash.VOCABULARY` numbers, cut by ``bounds``
    (n + 1 offsets); ``windows`` are rows ``(document, first, end)`` of skeleton shingles, documents ascending.
    Returns ``(words, skeleton, telling, windows, telling counts)``: uint32 rows of ``len(a)`` and int32 counts.
    """
    lib = library()
    if lib is None:
        return None
    n, perms = len(bounds) - 1, len(a)
    numbers = np.ascontiguousarray(numbers, dtype=np.int64)
    bounds = np.ascontiguousarray(bounds, dtype=np.int64)
    windows = np.ascontiguousarray(windows, dtype=np.int64).reshape(-1, 3)
    size = len(vocabulary.keys)
    hashes = np.ascontiguousarray(vocabulary.hashes[:size], dtype=np.uint64)
    skeleton = np.ascontiguousarray(vocabulary.skeleton[:size], dtype=np.uint8)
    telling = np.ascontiguousarray(vocabulary.telling[:size], dtype=np.uint8)
    multipliers, a, b = (np.ascontiguousarray(x, dtype=np.uint64) for x in (multipliers, a, b))
    words = np.zeros((n, perms), dtype=np.uint32)
    kept = np.zeros((n, perms), dtype=np.uint32)
    told = np.zeros((n, perms), dtype=np.uint32)
    signed = np.zeros((len(windows), perms), dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int32)
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= size):
        raise ValueError("word numbers outside the vocabulary")
    status = lib.fingerprint_batch(
        _address(numbers), _address(bounds), n, _address(hashes), _address(skeleton), _address(telling), width,
        _address(multipliers), _address(a), _address(b), perms, _address(windows), len(windows),
        _address(words), _address(kept), _address(told), _address(signed), _address(counts),
    )
    if status != 0:
        raise MemoryError("out of memory while signing a batch")
    return words, kept, told, signed, counts
