"""The timeline: ordering, provenance, kinds, additions, drops, fact changes and spin flags.

The seed expectations come from the issue: 000 is a spun copy of part of
001; 004 moves the summit date from "possibly in April or May" to "May 19"
and adds von der Leyen's visit; 002 and 003 tell the same events in
different words.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from articlediff import Article, timeline
from articlediff.errors import InputError, UsageError
from articlediff.prepare import prepare
from articlediff.timeline.build import article_ids, collect
from articlediff.timeline.dates import dates_in_text, time_order
from articlediff.timeline.model import KINDS, SCHEMA

from .strategies import sentences, to_text


@pytest.fixture(scope="module")
def seed_paths(request):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    return {p.name[:3]: str(p) for p in sorted(root.glob("*.txt"))}


@pytest.fixture(scope="module")
def by_date(seed_paths):
    return timeline(list(seed_paths.values()))


def key(path_or_id: str) -> str:
    return path_or_id.rsplit("/", 1)[-1][:3]


def check_offsets(tl) -> None:
    texts = {e.id: e.article.text for e in tl.entries}
    for e in tl.entries:
        text = e.article.text
        for c in e.copied:
            assert text[c.start : c.end] == c.text
            assert 0 <= c.source.start < c.source.end <= len(texts[c.source.id])
            assert c.kind in KINDS
        for p in e.added:
            assert text[p.start : p.end] == p.text
        for p in e.dropped:
            assert texts[p.source][p.start : p.end] == p.text
        for f in e.fact_changes:
            assert f.b.id == e.id
            assert texts[f.a.id][f.a.start : f.a.end] == f.before
            assert text[f.b.start : f.b.end] == f.after


# --- the seeds -------------------------------------------------------------------------


def test_date_order_puts_undated_first_then_by_date(by_date):
    assert [key(e.id) for e in by_date.entries] == ["000", "001", "004", "003", "002"]
    assert by_date.entry(by_date.entries[-1].id).date == "2026-02-01"
    assert by_date.entries[-1].date_source == "metadata"
    assert by_date.entries[-2].date == "2025-11" and by_date.entries[-2].date_source == "text"


def test_in_date_order_001_contains_000s_content(by_date):
    e001 = next(e for e in by_date.entries if key(e.id) == "001")
    from_000 = [c for c in e001.copied if key(c.source.id) == "000"]
    assert len(from_000) >= 5
    assert e001.depends_on and key(e001.depends_on) == "000"
    assert any(c.kind == "spun" for c in from_000)


def test_000_is_flagged_spun_whichever_comes_first(by_date, seed_paths):
    assert next(e for e in by_date.entries if key(e.id) == "000").spun
    assert not any(e.spun for e in by_date.entries if key(e.id) != "000")
    given = timeline([seed_paths["001"], seed_paths["000"]], order="given")
    e000 = given.entries[1]
    assert e000.spun and "synonym swaps" in e000.spin_evidence
    assert e000.copied and all(key(c.source.id) == "001" for c in e000.copied)
    assert key(e000.depends_on) == "001"
    check_offsets(given)


def test_004_reports_the_summit_date_change_and_the_visit_as_added(by_date):
    e004 = next(e for e in by_date.entries if key(e.id) == "004")
    dates = [f for f in e004.fact_changes if f.type == "date"]
    assert any("April or May" in f.before and "May 19" in f.after for f in dates), dates
    assert any("von der Leyen is due to meet" in p.text for p in e004.added)


def test_002_and_003_are_linked_as_one_story_without_a_date_change(by_date):
    later, earlier = by_date.entries[-1], by_date.entries[-2]  # 002 by date; 003 comes just before it
    from articlediff.timeline.story import STORY_THRESHOLD, earlier_related

    related = earlier_related([prepare(e.article) for e in by_date.entries])[-1]
    assert (len(by_date.entries) - 2) in {j for j, cosine in related if cosine >= STORY_THRESHOLD}
    # 003's "Monday's EU-UK Partnership Council meeting" and 002's "in the coming week" name one meeting: a weekday
    # and a date relative to the article's own date are not compared (issue 18).
    changes = [f for f in later.fact_changes if f.a.id == earlier.id]
    assert not any(f.type == "date" and {f.before, f.after} == {"Monday", "the coming week"} for f in changes), changes


def test_seed_offsets_and_json_contract(by_date):
    check_offsets(by_date)
    data = json.loads(json.dumps(by_date.to_dict()))
    assert data["schema"] == SCHEMA == "articlediff.timeline/1"
    assert data["order"] == "date"
    assert [a["id"] for a in data["articles"]] == [e.id for e in by_date.entries]
    for a in data["articles"]:
        assert set(a) >= {"path", "id", "date", "spin_score", "spun", "copied", "added", "dropped", "fact_changes"}
        for c in a["copied"]:
            assert set(c) == {"start", "end", "text", "from", "kind", "score"}
            assert set(c["from"]) == {"id", "start", "end"}
        for f in a["fact_changes"]:
            assert set(f) == {"type", "before", "after", "ids", "a", "b"}
            assert f["ids"] == [f["a"]["id"], f["b"]["id"]]
    assert data["summary"]["articles"] == 5
    assert "text" not in data["articles"][0]
    assert by_date.to_dict(include_text=True)["articles"][0]["text"] == by_date.entries[0].article.text


# --- invariants ------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(sentences.map(to_text))
def test_an_article_after_itself_copies_everything_verbatim(text):
    tl = timeline([Article(text, path="a.txt"), Article(text, path="b.txt")], order="given")
    first, second = tl.entries
    assert first.copied == [] and first.depends_on is None and first.fact_changes == []
    assert second.added == [] and second.dropped == [] and second.fact_changes == []
    assert all(c.kind == "verbatim" and c.source.id == "a" for c in second.copied)
    assert not first.spun and not second.spun
    check_offsets(tl)


def test_a_spun_article_is_flagged_without_its_source_by_default(seed_paths):
    # Seed 004 covers the story but holds none of 000's sentences: only the trigram model's gate can tell.
    tl = timeline([seed_paths["004"], seed_paths["000"]], order="given")
    ordinary, spun = tl.entries
    assert not ordinary.spun and ordinary.spin_score < 0.025
    assert spun.spun and "cmu-en-us-trigram" in spun.spin_evidence and "swaps" not in spun.spin_evidence
    assert not timeline([seed_paths["004"], seed_paths["000"]], order="given", lm="none").entries[1].spun


def test_spin_scores_in_worker_processes_equal_those_made_here(seed_paths):
    from articlediff.timeline import spin

    texts = [prepare(p).cleaned.text for p in seed_paths.values()]
    texts += [f"{t}\n\nReprinted {k} times." for k in range(1, 5) for t in texts]  # 25 different articles
    assert len(set(texts)) >= spin.PARALLEL_SPIN
    here = [spin.spin_verdict(t, "trigram") for t in texts]
    assert spin.spin_verdicts(texts, "trigram") == here
    assert [v["spun"] for _, v in here[:5]] == [True, False, False, False, False]


def test_spin_scores_are_made_here_when_other_threads_run(seed_paths, monkeypatch):
    import threading

    from articlediff.timeline import spin

    def no_fork(self):
        raise AssertionError("forked while another thread ran")

    monkeypatch.setattr(spin.SpinScoring, "_start", no_fork)
    texts = [f"{prepare(p).cleaned.text}\n\nCopy {k}." for p in seed_paths.values() for k in range(5)]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        verdicts = spin.spin_verdicts(texts, "trigram")
    finally:
        stop.set()
        other.join()
    assert len(verdicts) == len(texts) >= spin.PARALLEL_SPIN
    assert verdicts[0][1]["spun"] and not verdicts[5][1]["spun"]


def test_unrelated_articles_share_nothing():
    a = Article(
        "The orchestra rehearsed Mahler's ninth symphony in Vienna. The conductor praised the violins. " * 3, path="a.txt"
    )
    b = Article("Farmers in Kansas harvested record wheat crops this autumn. Grain prices fell sharply. " * 3, path="b.txt")
    second = timeline([a, b], order="given").entries[1]
    assert second.copied == [] and second.depends_on is None and second.fact_changes == []
    assert "".join(p.text for p in second.added).count("wheat") == 3


# --- pieces ----------------------------------------------------------------------------


def test_dates_in_text_reads_complete_dates_only():
    text = "On 3 February 2025 they met; by March 4, 2025 and 2025-03-10, and in November 2025. May 19 has no year."
    assert dates_in_text(text) == ["2025-02-03", "2025-03-04", "2025-03-10", "2025-11"]
    assert dates_in_text("In the 2020s, nothing; 31 Febtember 2025 either.") == []


def test_time_order_is_stable_and_puts_undated_first():
    assert time_order(["2025-02", None, "2024-12-01", None, "2025-02"]) == [1, 3, 2, 0, 4]


def test_ids_are_file_stems_made_unique():
    arts = [Article("x", path="a/one.txt"), Article("x", path="b/one.txt"), Article("x", path="two.md"), Article("x")]
    assert article_ids(arts) == ["a/one", "b/one", "two", "article-4"]


def test_bad_inputs_raise_one_line_errors(tmp_path):
    with pytest.raises(UsageError):
        timeline([])
    with pytest.raises(UsageError):
        timeline([Article("some text here")], order="sideways")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .txt, .md or .jsonl files"):
        collect([tmp_path / "empty"])
    with pytest.raises(InputError):
        collect([tmp_path / "missing.txt"])
