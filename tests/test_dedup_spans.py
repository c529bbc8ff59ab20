"""Reuse spans (issue 20): runs of shared sentences found wherever the paragraph breaks are, with their kind and share."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from articlediff.dedup import dedup
from articlediff.dedup.model import Shared
from articlediff.dedup.passages import passage_lists, shared_runs, window_kind
from articlediff.dedup.verify import SPUN_MAX_WORD_SHARE
from articlediff.index import Index, check
from articlediff.read import Document

from .conftest import seed_path
from .test_dedup import synonym_spun


def doc(id: str, text: str) -> Document:
    return Document(id=id, text=text, path=f"{id}.txt")


def flat(text: str) -> str:
    return " ".join(text.split())


def _embedded():
    """A run of four paragraphs of seed 004 inside seed 002, everything on one line."""
    source = seed_path("004").read_text(encoding="utf-8")
    run = flat(" ".join(source.split("\n\n")[3:7]))
    host = flat(seed_path("002").read_text(encoding="utf-8"))
    at = host.index(". ", len(host) // 2) + 2
    return source, run, host[:at] + run + " " + host[at:]


def test_window_kinds():
    a = "the prime minister said the talks in brussels went well for both sides on trade and defence"
    assert window_kind(a, a) == "verbatim"
    assert window_kind(a, a.replace("went well", "went badly")) == "edited"
    spun = "the leading minister stated the talks in brussels went effectively for both aspects on commerce and defence"
    assert window_kind(a, spun) == "spun"


def test_runs_merge_overlapping_windows_on_both_sides_and_keep_apart_the_rest():
    windows = [  # (span a, span b, words a, words b, kind code): verbatim 0, edited 1, spun 2
        ((0, 100), (500, 600), (0, 20), (80, 100), 0),
        ((50, 150), (550, 650), (10, 30), (90, 110), 0),
        ((60, 160), (900, 1000), (12, 32), (150, 170), 2),  # overlaps in a, not in b: another run
    ]
    first, second = shared_runs(windows)
    assert first == Shared((0, 150), (500, 650), 30, 30, "verbatim")
    assert second == Shared((60, 160), (900, 1000), 20, 20, "spun")
    spun_end = shared_runs([windows[0], (windows[1][0], windows[1][1], windows[1][2], windows[1][3], 2)])
    assert spun_end == (Shared((0, 100), (500, 600), 20, 20, "verbatim"),)  # a run's ends are its verbatim windows
    third = ((100, 200), (600, 700), (25, 45), (105, 125), 0)
    middle = shared_runs([windows[0], (windows[1][0], windows[1][1], windows[1][2], windows[1][3], 2), third])
    assert [(r.kind, r.words_a) for r in middle] == [("edited", 45)]  # one spun window of three, inside: edited


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 30), st.integers(0, 50), st.integers(0, 2)), max_size=12))
def test_runs_cover_the_verbatim_windows_and_claim_nothing_outside_the_windows(rows):
    windows = [((a, a + n), (b, b + n), (a, a + n), (b, b + n), k) for a, n, b, k in rows]
    runs = shared_runs(windows)
    for side in (0, 1):
        matched = {w for win in windows for w in range(*win[2 + side])}
        word_for_word = {w for win in windows if win[4] == 0 for w in range(*win[2 + side])}
        in_runs = set()
        for r in runs:
            span = r.a if side == 0 else r.b
            assert (r.words_a, r.words_b)[side] == span[1] - span[0]  # a run's words are its span's here
            in_runs |= set(range(*span))
        assert word_for_word <= in_runs <= matched
    assert all(r.kind in ("verbatim", "edited", "spun") for r in runs)
    if all(w[4] == 0 for w in windows):
        assert all(r.kind == "verbatim" for r in runs)


def test_passage_lists_order_each_pair_by_document():
    matched = np.array([[3, 0]])
    doc_ = np.array([0, 0, 1, 1])
    span = np.array([[0, 9], [10, 19], [0, 9], [10, 19]])
    keys = np.array([[0, 20], [20, 40], [0, 20], [20, 40]])
    assert passage_lists(matched, doc_, span, keys, np.array([1])) == {(0, 1): [((0, 9), (10, 19), (0, 20), (20, 40), 1)]}


def test_a_run_embedded_in_one_line_text_is_found_with_its_spans():
    source, run, copy = _embedded()
    other = doc("other", seed_path("003").read_text(encoding="utf-8"))
    (cluster,) = dedup([doc("source", source), doc("copy", copy), other]).clusters
    (member,) = cluster.members
    assert member.relation == "partial"
    texts = {"source": source, "copy": copy}
    (shared,) = member.passages
    rep, mem = texts[cluster.representative], texts[member.id]
    a, b = (shared.a, shared.b)
    assert flat(rep[a[0] : a[1]]) == flat(mem[b[0] : b[1]]) == run  # the whole run, on both sides
    assert shared.kind == "verbatim" and shared.words_a == shared.words_b == len(run.split())
    assert abs(member.share - 100 * len(run.split()) / len(texts[member.id].split())) < 1


def test_check_finds_the_run_in_one_line_text_and_quotes_it(tmp_path):
    source, run, copy = _embedded()
    db = tmp_path / "corpus.adx"
    with Index(str(db)) as index:
        index.add([doc("source", source), doc("other", seed_path("003").read_text(encoding="utf-8"))])
    (result,) = check([doc("copy", copy)], str(db)).results
    assert result.verdict == "partial" and result.matches[0].id == "source"
    spans = result.matches[0].spans  # windows an index keys (telling ones) lie in the run, and cover most of it
    at = copy.index(run)
    assert all(at <= a < b <= at + len(run) and copy[a:b] in run for a, b, _ in spans)
    assert sum(n for _, _, n in spans) >= 0.8 * len(run.split())
    assert abs(result.matches[0].score - sum(n for _, _, n in spans) / len(copy.split())) < 0.01


def test_a_mostly_verbatim_cut_is_never_called_spun(tmp_path):
    """60% of an article word for word and a sentence of its own: partial or near, not spun (the issue's wrong verdict)."""
    text = seed_path("002").read_text(encoding="utf-8")
    cut = text.rindex(". ", 0, int(len(text) * 0.6)) + 1
    copy = text[:cut] + " A spokesman for the opposition said the deal would be examined closely next week.\n"
    found = dedup([doc("source", text), doc("copy", copy)]).clusters[0].members[0]
    assert found.relation in ("near", "partial")
    db = tmp_path / "corpus.adx"
    with Index(str(db)) as index:
        index.add([doc("source", text)])
    (result,) = check([doc("copy", copy)], str(db)).results
    assert result.verdict in ("duplicate", "partial")
    spun = synonym_spun(text, every=3)  # a real spun copy is still spun, in both
    assert dedup([doc("source", text), doc("spun", spun)]).clusters[0].members[0].relation == "spun"
    assert check([doc("spun", spun)], str(db)).results[0].verdict == "spun"
    assert 0 < SPUN_MAX_WORD_SHARE < 1


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 30)), min_size=1, max_size=15))
def test_an_index_stores_the_windows_that_hold_no_other(rows):
    from articlediff.index.build import outer_windows

    ranges = np.array([(a, a + n) for a, n in rows], dtype=np.int64)
    outer = outer_windows(ranges)
    listed = ranges.tolist()
    for k, (a, b) in enumerate(listed):
        inside = [j for j, (c, d) in enumerate(listed) if j != k and a <= c and d <= b]
        if outer[k]:
            assert inside  # only a window that holds another goes
        if any(listed[j] != [a, b] for j in inside):
            assert outer[k]  # and one that holds a smaller one does
    kept = ranges[~outer]  # every window holds a stored one (itself, or one inside it): a run that holds it is found
    for a, b in listed:
        assert any(c >= a and d <= b for c, d in kept.tolist())
