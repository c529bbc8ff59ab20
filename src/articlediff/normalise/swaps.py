"""Which phrase of a spun text replaced which phrase of its source.

Two aligned passages, a spun copy and its source, differ in runs of words
(``Adult male Keir`` against ``Sir Keir``).  The functions here split such a
run into the phrase pairs a synonym spinner could have made: restoring from
a reference (:mod:`.despin`), learning a spinner's dictionary from its
copies (:mod:`.profile`) and telling a spun copy from an edited one in the
timeline all need that one answer.
"""

from __future__ import annotations

from .lexicon import load_thesaurus


def relation(spun: str, source: str, thesaurus) -> tuple[str, float] | None:
    """How ``source`` could have been spun into ``spun``: a listed synonym, or a synonym of one."""
    listed, further = _related(spun, thesaurus)
    if source in listed:
        return "a listed synonym of", 0.99  # right 99.3% of the time on the labelled sets (docs/benchmarks.md)
    if spun[:4] == source[:4]:
        return None  # "meet"/"meeting": another form of the same word is an edit, not a spin
    if source in further:
        return "a synonym of a synonym of", 0.8  # right 83% of the time: a suggestion at the default bar
    return None


_RELATED: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # of the packaged thesaurus, by spun form


def _related(spun: str, thesaurus) -> tuple[frozenset[str], frozenset[str]]:
    """The originals ``spun`` lists, and the originals those list in turn (as sets; kept for the packaged thesaurus).

    The timeline asks this of the same few thousand words for every pair of passages it compares; reading
    each candidate's entry again each time was a tenth of a 1,000-article timeline (issue 22).
    """
    packaged = thesaurus is load_thesaurus()
    found = _RELATED.get(spun) if packaged else None
    if found is None:
        listed = thesaurus.get(spun, ())
        found = (frozenset(listed), frozenset(o for c in listed for o in thesaurus.get(c, ())))
        if packaged:
            if len(_RELATED) > 50_000:  # bounded memory: what is dropped is computed again identically
                _RELATED.clear()
            _RELATED[spun] = found
    return found


def lower(word: str) -> str:
    return word.lower().replace("’", "'")


def difference_blocks(opcodes):
    """Merge neighbouring non-equal opcodes into blocks ``(i1, i2, j1, j2)``."""
    block = None
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            if block:
                yield tuple(block)
            block = None
        elif block is None:
            block = [i1, i2, j1, j2]
        else:
            block[1], block[3] = i2, j2
    if block:
        yield tuple(block)


def synonym_swaps(spun_l: list[str], source_l: list[str], thesaurus=None, longest: int = 4):
    """The most words of ``spun_l`` that pair, in order, with related phrases of ``source_l``.

    Both are lower-case word lists (a block of differences between aligned
    passages).  Returns ``((a0, a1), (b0, b1), reason, confidence)`` for each
    pair of phrases: ``spun_l[a0:a1]`` could have been spun from
    ``source_l[b0:b1]``.  A small dynamic programme: at each step skip a word
    on either side, or pair up to ``longest`` spun words with up to
    ``longest`` source words when :func:`relation` relates them.  Used to
    restore from a reference, and by the timeline to tell a spun copy from
    an edited one.
    """
    thesaurus = load_thesaurus() if thesaurus is None else thesaurus
    n, m = len(spun_l), len(source_l)
    if not n or not m:
        return []
    listed = {
        (i, p): spun
        for i in range(n)
        for p in range(1, min(longest, n - i) + 1)
        if (spun := " ".join(spun_l[i : i + p])) in thesaurus
    }
    if not listed:
        return []  # no phrase of the spun side is a thesaurus form: nothing relates (most edited runs)
    best: dict[tuple[int, int], tuple[int, list]] = {}

    def solve(i: int, j: int) -> tuple[int, list]:
        if i == n or j == m:
            return 0, []
        if (i, j) in best:
            return best[i, j]
        options = [solve(i + 1, j), solve(i, j + 1)]
        for p in range(1, min(longest, n - i) + 1):
            spun = listed.get((i, p))
            if spun is None:
                continue  # a phrase the thesaurus does not list relates to nothing (:func:`relation`)
            for q in range(1, min(longest, m - j) + 1):
                found = relation(spun, " ".join(source_l[j : j + q]), thesaurus)
                if found:
                    gained, rest = solve(i + p, j + q)
                    options.append((gained + p, [((i, i + p), (j, j + q), *found), *rest]))
        best[i, j] = max(options, key=lambda o: o[0])
        return best[i, j]

    return solve(0, 0)[1]
