"""How fast a compiled core would fingerprint, next to rensa's pipeline and articlediff's own stage (issue 22).

Why: ``dedup`` costs about 6 times rensa's CPU at 10,000 documents, and the
pure-Python floor of tokenising, keying and shingling is already above
rensa's whole pipeline (docs/benchmarks.md).  Before a compiled core is
built into the package (this machine kind has gcc and the Python headers),
this measures what one would give: a small C function, compiled here with
``gcc -O2`` and called through ``ctypes``, that reads a document's UTF-8
bytes, lower-cases ASCII words, hashes them, makes word 4-gram shingles
and signs them with 128 MinHash permutations: rensa's work, not
articlediff's (no skeleton, telling or passage signatures).  It is timed
on the same documents as:

* rensa's pipeline as ``bench/peers.py`` runs it (Python ``re`` words and
  shingles, rensa's Rust ``RMinHash``), signing only;
* articlediff's fingerprint stage (``dedup.fingerprint.fingerprint``:
  everything it computes for a document, all signatures and passage windows).

The documents are ``bench/peers.py``'s corpus (12 real sentences each).

It prints microseconds per document for each.  It decides whether a
native core is worth building: only if it leaves room, under rensa's
total, for articlediff's later stages (about 2 s at 10,000 documents).

    .venv/bin/python bench/experiments/native_core.py --docs 10000
"""

from __future__ import annotations

import argparse
import ctypes
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peers import corpus

C_SOURCE = r"""
#include <stdint.h>
#include <stddef.h>

#define PERMS 128
static const uint64_t MERSENNE = (1ULL << 61) - 1;

static inline uint64_t mod61(unsigned __int128 x) {
    uint64_t lo = (uint64_t)(x & MERSENNE), hi = (uint64_t)(x >> 61);
    uint64_t r = lo + hi;
    return r >= MERSENNE ? r - MERSENNE : r;
}

/* Sign one document: words are runs of ASCII letters and digits (lower-cased); shingles are 4 words. */
int sign(const unsigned char *text, size_t n, const uint64_t *a, const uint64_t *b, uint64_t *out) {
    uint64_t words[4] = {0, 0, 0, 0};
    int have = 0, shingles = 0;
    for (int p = 0; p < PERMS; p++) out[p] = MERSENNE;
    size_t i = 0;
    while (i < n) {
        while (i < n && !((text[i] | 32) >= 'a' && (text[i] | 32) <= 'z') && !(text[i] >= '0' && text[i] <= '9')) i++;
        if (i >= n) break;
        uint64_t h = 1469598103934665603ULL;
        while (i < n && (((text[i] | 32) >= 'a' && (text[i] | 32) <= 'z') || (text[i] >= '0' && text[i] <= '9'))) {
            unsigned char c = text[i] >= 'A' && text[i] <= 'Z' ? text[i] | 32 : text[i];
            h = (h ^ c) * 1099511628211ULL;
            i++;
        }
        words[0] = words[1]; words[1] = words[2]; words[2] = words[3]; words[3] = h;
        if (++have < 4) continue;
        uint64_t s = words[0] * 0x9E3779B97F4A7C15ULL ^ words[1] * 0xC2B2AE3D27D4EB4FULL
                   ^ words[2] * 0x165667B19E3779F9ULL ^ words[3];
        s &= MERSENNE;
        for (int p = 0; p < PERMS; p++) {
            uint64_t v = mod61((unsigned __int128)a[p] * s + b[p]);
            if (v < out[p]) out[p] = v;
        }
        shingles++;
    }
    return shingles;
}
"""


def compile_core(folder: Path) -> ctypes.CDLL:
    source = folder / "core.c"
    source.write_text(C_SOURCE, encoding="utf-8")
    library = folder / "core.so"
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", str(source), "-o", str(library)], check=True)
    core = ctypes.CDLL(str(library))
    core.sign.restype = ctypes.c_int
    return core


def time_native(core: ctypes.CDLL, texts: list[bytes]) -> float:
    import random

    rng = random.Random(1)
    a = (ctypes.c_uint64 * 128)(*[rng.randrange(1, (1 << 61) - 1) for _ in range(128)])
    b = (ctypes.c_uint64 * 128)(*[rng.randrange(0, (1 << 61) - 1) for _ in range(128)])
    out = (ctypes.c_uint64 * 128)()
    sign = core.sign
    t0 = time.process_time()
    for text in texts:
        sign(text, len(text), a, b, out)
    return time.process_time() - t0


def time_rensa(texts: list[str]) -> float | None:
    try:
        from rensa import RMinHash
    except ImportError:
        return None
    word = re.compile(r"\w+")
    t0 = time.process_time()
    for text in texts:
        words = word.findall(text.lower())
        shingles = [" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3))]
        m = RMinHash(num_perm=128, seed=42)
        m.update(shingles)
        m.digest()
    return time.process_time() - t0


def time_articlediff(texts: list[str]) -> float:
    from articlediff.dedup.fingerprint import fingerprint

    fingerprint(texts[:50])  # tables loaded outside the timing
    t0 = time.process_time()
    fingerprint(texts)
    return time.process_time() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    texts = [row["text"] for row in corpus(args.docs)[0]]
    raw = [t.encode("utf-8") for t in texts]
    with tempfile.TemporaryDirectory() as folder:
        core = compile_core(Path(folder))
        native = time_native(core, raw)
    rensa = time_rensa(texts)
    ours = time_articlediff(texts)
    per = lambda s: 1e6 * s / len(texts)  # noqa: E731
    print(f"{len(texts):,} documents, CPU microseconds per document (signing stage only)")
    print(f"  C core via ctypes (words, 4-gram shingles, 128 permutations): {per(native):8.1f}")
    if rensa is not None:
        print(f"  rensa pipeline (Python shingles, Rust RMinHash):               {per(rensa):8.1f}")
    print(f"  articlediff fingerprint stage (every signature it computes):    {per(ours):8.1f}")


if __name__ == "__main__":
    main()
