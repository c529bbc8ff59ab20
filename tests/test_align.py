"""The aligner: global pairing, one-to-many, moved passages, and no unrelated pairs."""

from hypothesis import given
from hypothesis import strategies as st

from articlediff import Article, compare
from articlediff.align import DEFAULT_THRESHOLD, Match, assign, mark_order
from articlediff.candidates import PER_ITEM, candidate_pairs
from articlediff.score import Vocabulary, passage_score
from articlediff.segment import iter_words

S = [
    "Sir Keir Starmer is in Brussels to join a gathering of European Union leaders.",
    "It is the first time a British prime minister has done so since Brexit.",
    "The trip is part of what he calls a reset between the UK and the European Union.",
    "Ministers want a better relationship on defence and security, crime and trade.",
    "They hope to finalise it at a summit, possibly in April or May.",
]


def kinds(result):
    return [p.kind for p in result.pairs]


def test_identical_articles_pair_everything_unchanged():
    text = " ".join(S)
    result = compare(Article(text), Article(text))
    assert kinds(result) == ["unchanged"] * len(S)
    assert result.only_a == [] and result.only_b == []
    assert result.summary["similarity"] == 100.0


def test_edited_sentence_is_paired_with_word_edits():
    b = S[:2] + ["The journey is a part of what he calls a reset between the UK and the EU."] + S[3:]
    result = compare(Article(" ".join(S)), Article(" ".join(b)))
    edited = [p for p in result.pairs if p.kind == "edited"]
    assert len(edited) == 1
    assert {e.op for e in edited[0].edits} <= {"replace", "insert", "delete"}
    assert edited[0].b.text == b[2]


def test_split_sentence_is_one_to_many():
    a = "The minister arrived in Brussels on Monday and met the leaders of all twenty seven member states."
    b = "The minister arrived in Brussels on Monday. She met the leaders of all twenty seven member states."
    result = compare(Article(a), Article(b))
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    assert (len(pair.a_sentences), len(pair.b_sentences)) == (1, 2)
    assert pair.b.text == b  # the covering span of both sentences
    assert result.only_a == [] and result.only_b == []


def test_merged_sentences_are_many_to_one():
    a = "The minister arrived in Brussels on Monday. She met the leaders of all twenty seven member states."
    b = "The minister arrived in Brussels on Monday and met the leaders of all twenty seven member states."
    pair = compare(Article(a), Article(b)).pairs[0]
    assert (len(pair.a_sentences), len(pair.b_sentences)) == (2, 1)


def test_moved_passage_is_marked_moved():
    b = [S[0], S[1], S[3], S[4], S[2]]
    result = compare(Article("\n".join(S)), Article("\n".join(b)))
    moved = [p for p in result.pairs if p.kind == "moved"]
    assert [p.a.text for p in moved] == [S[2]]
    assert kinds(result).count("unchanged") == 4


def test_unrelated_sentences_sharing_names_are_not_paired():
    a = "Keir Starmer and Nato Secretary General Mark Rutte are now speaking in Brussels."
    b = "Starmer is attending talks focused on defence and security co-operation and meeting Nato secretary general Mark Rutte."
    vocab = Vocabulary()
    va, vb = (vocab.view([w.key for w in iter_words(t)]) for t in (a, b))
    assert passage_score(va, vb) < DEFAULT_THRESHOLD
    result = compare(Article(a), Article(b))
    assert result.pairs == []
    assert [s.text for s in result.only_a] == [a] and [s.text for s in result.only_b] == [b]


def test_assignment_is_global_not_greedy():
    # Greedy takes (0, 1) first (the best single score) and strands sentence 1;
    # the assignment pairs 0-0 and 1-1 for a higher total.
    scores = {(0, 0): 80.0, (0, 1): 85.0, (1, 1): 82.0}
    assert assign(scores, 60.0) == [(0, 0), (1, 1)]


def test_order_bonus_breaks_a_tie_in_favour_of_neighbours():
    # Sentence 1 of A scores the same against B's 1 and 3; its neighbours pair 0-0 and 2-2.
    scores = {(0, 0): 90.0, (1, 1): 70.0, (1, 3): 70.0, (2, 2): 90.0}
    assert (1, 1) in assign(scores, 60.0)


def test_mark_order_flags_the_lighter_crossing_pair():
    matches = [
        Match(range(0, 1), range(1, 2), 95.0),
        Match(range(1, 2), range(0, 1), 70.0),
        Match(range(2, 3), range(2, 3), 90.0),
    ]
    flags = [m.in_order for m in mark_order(matches)]
    assert flags == [True, False, True]


def test_candidate_generation_is_not_quadratic():
    vocab = Vocabulary()
    a = [vocab.view([f"w{i}", f"x{i % 7}", "common", f"y{(i * 13) % 400}"]) for i in range(400)]
    b = [vocab.view([f"w{i}", f"x{i % 5}", "common", f"z{i}"]) for i in range(400)]
    pairs = candidate_pairs(a, b)
    assert len(pairs) <= 2 * PER_ITEM * 400
    assert all((i, i) in pairs for i in range(400))  # the rare shared word finds the partner


def test_spun_sentence_still_pairs():
    original = (
        "Leaders of the member states are gathering for what is described as an informal retreat"
        " at the palace in the heart of the capital."
    )
    spun = (
        "Leaders of the member states are gathering for what's described as an casual retreat"
        " on the palace in coronary heart of the capital."
    )
    result = compare(Article(original), Article(spun))
    assert len(result.pairs) == 1 and result.pairs[0].kind == "edited"


def test_short_sentences_pair_only_when_identical():
    result = compare(Article("Read more\n\nPost\n\nFactories editor"), Article("Read Denmark\n\nPost\n\nSafe editor"))
    assert [(p.a.text, p.b.text) for p in result.pairs] == [("Post", "Post")]


@given(st.integers(2, 20_000), st.dictionaries(st.integers(0, 500), st.integers(1, 20_000), max_size=60))
def test_words_ranked_by_sentence_count_are_ranked_by_rarity(total, dfs):
    """candidate_pairs ranks shared words by (sentences holding them, id): the order of (-idf, id) it stands for."""
    import math

    dfs = {w: min(df, total) for w, df in dfs.items()}
    by_count = [w for _, w in sorted(zip(dfs.values(), dfs.keys()))]
    assert by_count == sorted(dfs, key=lambda w: (-math.log(total / dfs[w]), w))
