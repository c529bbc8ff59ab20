"""Which phrase of a spun text replaced which of its source (``normalise/swaps.py``).

The search is a dynamic programme over the two word lists; it was rewritten bottom-up with the related
phrases looked up once (issue 22).  The first, top-down version is kept here as the reference: both must
give the same pairs, ties broken the same way, on any input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.normalise.lexicon import load_thesaurus
from articlediff.normalise.swaps import relation, synonym_swaps


def reference_swaps(spun_l, source_l, thesaurus=None, longest=4):
    """The first version of :func:`synonym_swaps`: memoised recursion, :func:`relation` asked at every step."""
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
        return []
    best = {}

    def solve(i, j):
        if i == n or j == m:
            return 0, []
        if (i, j) in best:
            return best[i, j]
        options = [solve(i + 1, j), solve(i, j + 1)]
        for p in range(1, min(longest, n - i) + 1):
            spun = listed.get((i, p))
            if spun is None:
                continue
            for q in range(1, min(longest, m - j) + 1):
                found = relation(spun, " ".join(source_l[j : j + q]), thesaurus)
                if found:
                    gained, rest = solve(i + p, j + q)
                    options.append((gained + p, [((i, i + p), (j, j + q), *found), *rest]))
        best[i, j] = max(options, key=lambda o: o[0])
        return best[i, j]

    return solve(0, 0)[1]


# Words that the thesaurus relates to each other in several ways (listed synonyms, synonyms of synonyms,
# phrases), and words it does not list, so the search meets ties, phrases and dead ends.
WORDS = [
    "said", "stated", "told", "join", "affix", "connect", "first", "primary", "initial", "trade", "commerce",
    "deal", "bargain", "prime", "minister", "premier", "white", "house", "home", "the", "a", "of", "eu", "uk",
    "talks", "discussions", "meeting", "big", "large", "huge", "new", "fresh", "brussels", "keir",
]
words = st.lists(st.sampled_from(WORDS), max_size=9)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_the_search_gives_the_first_versions_pairs(spun, source):
    assert synonym_swaps(spun, source) == reference_swaps(spun, source)


def test_a_custom_thesaurus_is_searched_the_same_way():
    thesaurus = {"affix": ("join", "attach"), "attach": ("fix",), "home": ("house",), "white home": ("white house",)}
    spun, source = "we will affix the white home".split(), "we will join the white house".split()
    found = synonym_swaps(spun, source, thesaurus)
    assert found == reference_swaps(spun, source, thesaurus)
    assert [(a, b) for a, b, _, _ in found] == [((2, 3), (2, 3)), ((4, 6), (4, 6))]


def test_swaps_are_found_in_a_block_of_differences():
    """A differing run of two aligned sentences ("stated the commerce" / "said the trade"): each spun word with its
    source word; the shared "the" pairs with nothing."""
    spun, source = "stated the commerce".split(), "said the trade".split()
    found = [(" ".join(spun[a0:a1]), " ".join(source[b0:b1]), c) for (a0, a1), (b0, b1), _, c in synonym_swaps(spun, source)]
    assert found == [("stated", "said", 0.99), ("commerce", "trade", 0.99)]
