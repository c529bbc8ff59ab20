"""An article read into views once (issue 22): paired with any other, the same views one shared vocabulary gives."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from articlediff.align import LocalViews, paired_views
from articlediff.score import Vocabulary

words = st.sampled_from("the eu uk deal said minister trade talks 150 billion safe summit".split())
article = st.lists(st.lists(words, min_size=1, max_size=8).map(lambda keys: SimpleNamespace(keys=keys)), max_size=6)


@given(article, article)
def test_paired_views_are_the_shared_vocabularys(a, b):
    vocab = Vocabulary()
    expected = ([vocab.view(s.keys) for s in a], [vocab.view(s.keys) for s in b])
    assert paired_views(LocalViews(a), LocalViews(b)) == expected
