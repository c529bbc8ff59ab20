"""The timeline's fact changes on the labelled set of issue 18: precision ≥ 0.95 and recall ≥ 0.9.

tests/data/fact_changes.jsonl is written by bench/fact_change_set.py (edited
real news from gensim's Lee corpus; see its docstring and docs/benchmarks.md,
"Fact changes (issue 18)").  The scoring is bench/_fact_eval.py, loaded by
path, so this test and bench/fact_change_bench.py score alike.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import DATA, ROOT

PRECISION = 0.95
RECALL = 0.9


def _fact_eval():
    if "_fact_eval" not in sys.modules:  # registered first: its dataclass looks its module up there
        spec = importlib.util.spec_from_file_location("_fact_eval", ROOT / "bench" / "_fact_eval.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["_fact_eval"] = module
        spec.loader.exec_module(module)
    return sys.modules["_fact_eval"]


@pytest.fixture(scope="module")
def fact_eval():
    return _fact_eval()


@pytest.fixture(scope="module")
def items(fact_eval):
    return fact_eval.load(DATA / "fact_changes.jsonl")


def test_the_set_is_large_and_varied_enough(items):
    positives = [c for it in items for c in it["changes"]]
    negatives = [it for it in items if not it["changes"] or "distractor" in it["kind"]]
    assert len(positives) >= 150 and len(negatives) >= 100
    assert {c["type"] for c in positives} == {"number", "money", "percent", "date", "time", "person", "quote"}
    assert len({it["note"].split(":")[0] for it in items}) >= 150  # distinct source stories
    assert len({it["id"] for it in items}) == len(items)


def test_the_timeline_reports_fact_changes_with_precision_and_recall(items, fact_eval):
    score = fact_eval.evaluate(items)
    assert score.precision() >= PRECISION, score.table()
    assert score.recall() >= RECALL, score.table()


def test_the_scorer_matches_by_words_and_by_person():
    fe = _fact_eval()
    assert fe.agree("35", "as many as 35") and fe.agree("possibly in April or May", "April or May")
    assert not fe.agree("2", "12") and not fe.agree("3:14pm", "Thursday")
    label = {"type": "person", "before": "Alan Trounson", "after": "Arne Rinnan"}
    assert fe.matches(("person", "Professor Trounson", "Professor Rinnan"), label)
    assert not fe.matches(("person", "Professor Trounson", "Mr Howard"), label)
    assert not fe.matches(("date", "Alan Trounson", "Arne Rinnan"), label)
