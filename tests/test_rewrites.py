"""Rewrites (issue 21): ``dedup``'s ``rewrite`` relation and ``check``'s ``rewrite`` verdict.

tests/data/rewrites.jsonl is written by bench/rewrite_set.py: real news
stories (gensim's Lee corpus), a scripted rewrite of each, unrelated
stories, and twelve pairs of independent reports of one event.  The
targets are the issue's: recall ≥ 0.9 at precision ≥ 0.95 for the rewrite
relation, ``rewrite`` from ``check`` for the rewrites and ``new`` for
unrelated news, and nothing said of the same-event reports.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.dedup import Document, dedup
from articlediff.dedup.telling import MIN_TELLING_WORDS, telling_jaccard, telling_word, telling_words
from articlediff.dedup.verify import anchor_order, in_place, rewrite_similarity
from articlediff.index import Index
from articlediff.index.check import DEFAULT_FAIL_ON, check
from articlediff.matching import matching_view

from .conftest import DATA, SEEDS

RECALL = 0.9
PRECISION = 0.95


@pytest.fixture(scope="module")
def labelled():
    rows = [json.loads(line) for line in (DATA / "rewrites.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {r["id"]: r["text"] for r in rows if "text" in r}
    pairs = {(r["of"], r["id"]) for r in rows if r["kind"] == "rewrite"}
    others = [r["id"] for r in rows if r["kind"] == "other"]
    events = [(r["a"], r["b"]) for r in rows if r["kind"] == "same_event"]
    return texts, pairs, others, events


@pytest.fixture(scope="module")
def copies(labelled):
    texts, pairs, others, _ = labelled
    names = sorted({n for p in pairs for n in p} | set(others))
    return dedup([Document(text=texts[n], id=n, path=n) for n in names], workers=1)


def _relations(result) -> dict[tuple[str, str], str]:
    return {tuple(sorted((c.representative, m.id))): m.relation for c in result.clusters for m in c.members}


def test_telling_words_are_names_numbers_and_rare_words():
    assert [k for k in "the said government starmer tariff 246 5 a eu".split() if telling_word(k)] == [
        "starmer",
        "tariff",
        "246",
        "eu",
    ]
    few = set("one two three".split())
    assert telling_jaccard(few, few) == 0.0  # too few to tell
    many = {f"w{n}x" for n in range(MIN_TELLING_WORDS)}
    assert telling_jaccard(many, many) == 1.0


def test_dedup_finds_the_rewrites_of_real_news(labelled, copies):
    _, pairs, _, _ = labelled
    relations = _relations(copies)
    truth = {tuple(sorted(p)) for p in pairs}
    said = [p for p, r in relations.items() if r == "rewrite"]
    recall = sum(relations.get(p) == "rewrite" for p in truth) / len(truth)
    precision = sum(p in truth for p in said) / len(said)
    assert recall >= RECALL and precision >= PRECISION, (recall, precision)
    # the rest of the rewrites are still found, as the copies in place they are (spun or partial)
    assert all(p in relations for p in truth)


def test_a_rewrite_says_what_it_shares(labelled, copies):
    texts, pairs, _, _ = labelled
    member = next(m for c in copies.clusters for m in c.members if m.relation == "rewrite")
    rep = next(c.representative for c in copies.clusters if member in c.members)
    # its score is the Jaccard similarity of the two texts' telling words, in percent
    assert member.score == pytest.approx(100 * rewrite_similarity(matching_view(texts[rep]), matching_view(texts[member.id])))


def test_same_event_reports_are_not_rewrites(labelled):
    texts, _, _, events = labelled
    names = sorted({n for pair in events for n in pair})
    result = dedup([Document(text=texts[n], id=n, path=n) for n in names], workers=1)
    relations = _relations(result)
    assert not [p for p in map(tuple, map(sorted, events)) if p in relations]


def test_no_rewrites_when_not_asked(labelled):
    texts, pairs, _, _ = labelled
    names = sorted({n for p in list(pairs)[:10] for n in p})
    result = dedup([Document(text=texts[n], id=n, path=n) for n in names], workers=1, rewrites=False)
    assert "rewrite" not in {m.relation for c in result.clusters for m in c.members}


def test_check_says_rewrite_for_rewrites_and_new_for_unrelated_news(labelled, tmp_path):
    texts, pairs, others, _ = labelled
    sources = sorted(a for a, _ in pairs)
    with Index(tmp_path / "corpus.sqlite") as index:
        index.add([Document(text=texts[n], id=n, path=n) for n in sources + others[::2]], store_text=True)
        rewrites = check([Document(text=texts[b], id=b, path=b) for _, b in sorted(pairs)], index).results
        fresh = check([Document(text=texts[n], id=n, path=n) for n in others[1::2]], index).results
    source_of = {b: a for a, b in pairs}
    right = [r for r in rewrites if r.verdict == "rewrite" and r.matches[0].id == source_of[r.document.id]]
    assert len(right) >= RECALL * len(rewrites)
    assert all(r.verdict != "new" for r in rewrites)  # the others are copies in place: spun or partial
    assert {r.verdict for r in fresh} == {"new"}
    best = right[0].to_dict()["matches"][0]
    assert best["relation"] == "rewrite" and best["verified"] is True and 40 <= best["score"] <= 100


def test_an_unverified_rewrite_is_a_suggestion_not_a_verdict(labelled, tmp_path):
    texts, pairs, _, _ = labelled
    source, copy = sorted(pairs)[0]
    with Index(tmp_path / "corpus.sqlite") as index:  # no stored text, and a path that does not exist
        index.add([Document(text=texts[source], id=source, path=str(tmp_path / "gone.txt"))])
        (result,) = check([Document(text=texts[copy], id=copy, path=copy)], index).results
    if result.matches and result.matches[0].relation == "rewrite":
        assert result.verdict == "new"
        assert result.to_dict()["matches"][0]["verified"] is False
    else:  # the index found the copy in place, from its text
        assert result.verdict in ("spun", "partial")


def test_a_rewrite_fails_a_check_by_default_and_the_cli_default_is_the_library_one(labelled, tmp_path, cli):
    texts, pairs, _, _ = labelled
    assert "rewrite" in DEFAULT_FAIL_ON
    from articlediff.cli import check as check_command

    option = next(p for p in check_command.params if p.name == "fail_on")
    assert tuple(option.default.split(",")) == DEFAULT_FAIL_ON
    source, copy = next((a, b) for a, b in sorted(pairs))
    (tmp_path / "src.txt").write_text(texts[source], encoding="utf-8")
    (tmp_path / "new.txt").write_text(texts[copy], encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert cli("index", "add", "--db", db, tmp_path / "src.txt", "-q").code == 0
    ran = cli("check", "--db", db, tmp_path / "new.txt")
    verdict = re.search(r": (\w+):", ran.out).group(1)
    assert ran.code == (1 if verdict in DEFAULT_FAIL_ON else 0)
    assert cli("check", "--db", db, tmp_path / "new.txt", "--fail-on", "duplicate,spun,partial,unreadable").code == (
        1 if verdict in ("spun", "partial") else 0
    )


def test_the_seeds_hold_no_rewrite():
    # 003 retells the events of 002 with other facts around them: 11% of their telling words are shared, as between
    # 002 and the later 004; a rewrite needs 40%.  The timeline links them by their facts instead.
    result = dedup([SEEDS], workers=1)
    assert "rewrite" not in {m.relation for c in result.clusters for m in c.members}


words = st.sampled_from("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split())
sentences = st.lists(words, min_size=4, max_size=9).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(sentences, min_size=1, max_size=6))
def test_a_text_is_in_place_with_itself_and_a_cut_of_it(text_sentences):
    view = matching_view(" ".join(text_sentences))
    assert anchor_order(view, view) == 1.0 and in_place(view, view)
    cut = matching_view(" ".join(text_sentences[: max(1, len(text_sentences) // 2)]))
    assert anchor_order(view, cut) == 1.0 and in_place(view, cut)


def test_sentences_moved_are_out_of_place():
    a = "Zorblat met Quinvex in Marrakesh. Pelham signed 4500 treaties. Tarvin praised Ostrava and Lublin."
    b = "Tarvin praised Ostrava and Lublin. Pelham signed 4500 treaties. Zorblat met Quinvex in Marrakesh."
    assert anchor_order(matching_view(a), matching_view(b)) < 0.9
    assert not in_place(matching_view(a), matching_view(b))
    assert telling_words(matching_view(a).split()) == telling_words(matching_view(b).split())
