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
    related = _related_phrases(listed, source_l, thesaurus, longest)
    # gain[i][j]: the most spun words of spun_l[i:] paired in order with phrases of source_l[j:]; pick[i][j] the
    # first choice that reaches it, in the order: skip a spun word, skip a source word, then the pairs by length
    gain = [[0] * (m + 1) for _ in range(n + 1)]
    pick: list[list] = [[None] * m for _ in range(n)]
    for i in range(n - 1, -1, -1):
        row, below, choices = gain[i], gain[i + 1], pick[i]
        for j in range(m - 1, -1, -1):
            best, chosen = below[j], 1
            if row[j + 1] > best:
                best, chosen = row[j + 1], 2
            for p, q, found in related.get((i, j), ()):
                if gain[i + p][j + q] + p > best:
                    best, chosen = gain[i + p][j + q] + p, (p, q, found)
            row[j], choices[j] = best, chosen
    out = []
    i = j = 0
    while i < n and j < m:
        chosen = pick[i][j]
        if chosen == 1:
            i += 1
        elif chosen == 2:
            j += 1
        else:
            p, q, found = chosen
            out.append(((i, i + p), (j, j + q), *found))
            i, j = i + p, j + q
    return out


def _related_phrases(listed: dict, source_l: list[str], thesaurus, longest: int) -> dict[tuple[int, int], list]:
    """For each start ``(i, j)``, the phrase pairs :func:`relation` relates: ``(p, q, (reason, confidence))``, by
    length (``p``, then ``q``).

    Each spun phrase's related forms are two sets (:func:`_related`); the source's phrases are looked up in
    them, or they in the source's phrases, whichever is fewer, and only a phrase found there is asked of
    :func:`relation`.  The search used to call it for every spun phrase and every source phrase at every step
    (most of the timeline's time in telling spun copies from edited ones).
    """
    m = len(source_l)
    where: dict[str, list[tuple[int, int]]] = {}
    for j in range(m):
        for q in range(1, min(longest, m - j) + 1):
            where.setdefault(" ".join(source_l[j : j + q]), []).append((j, q))
    out: dict[tuple[int, int], list] = {}
    for (i, p), spun in listed.items():
        forms, further = _related(spun, thesaurus)
        if len(where) <= len(forms) + len(further):
            hits = [s for s in where if s in forms or s in further]
        else:
            hits = [s for s in (*forms, *further) if s in where]
        for source in dict.fromkeys(hits):
            found = relation(spun, source, thesaurus)
            if found:
                for j, q in where[source]:
                    out.setdefault((i, j), []).append((p, q, found))
    for options in out.values():
        options.sort(key=lambda o: (o[0], o[1]))
    return out
