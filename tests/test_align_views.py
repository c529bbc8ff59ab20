"""An article read into views once (issue 22): paired with any other, the same views one shared vocabulary gives."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from articlediff.align import LocalViews, _paired, paired_views
from articlediff.candidates import WordIndex, candidate_pairs
from articlediff.score import Vocabulary

words = st.sampled_from("the eu uk deal said minister trade talks 150 billion safe summit".split())
article = st.lists(st.lists(words, min_size=1, max_size=8).map(lambda keys: SimpleNamespace(keys=keys)), max_size=6)


@given(article, article)
def test_paired_views_are_the_shared_vocabularys(a, b):
    vocab = Vocabulary()
    expected = ([vocab.view(s.keys) for s in a], [vocab.view(s.keys) for s in b])
    assert paired_views(LocalViews(a), LocalViews(b)) == expected


@given(article, article)
def test_a_kept_word_index_proposes_the_candidates_a_fresh_one_does(a, b):
    """The candidates of a pair are the same whether each side's word index is built for the pair or kept with
    its article and renumbered (what an article compared with many does)."""
    local_a, local_b = LocalViews(a), LocalViews(b)
    a_views, b_views = paired_views(local_a, local_b)
    fresh = candidate_pairs(a_views, b_views, per_item=2)
    _, _, numbers = _paired(local_a, local_b)
    kept = (local_a.index, local_b.index.renumbered(b_views, numbers))
    assert candidate_pairs(a_views, b_views, per_item=2, index=kept) == fresh
    assert kept[1].postings == WordIndex.of(b_views).postings
