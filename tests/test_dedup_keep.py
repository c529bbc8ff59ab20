"""``dedup --keep``: which member represents a cluster (issue 20, item 3: keep the original).

The corpora are labelled: an original from ``fixtures/seeds/``, its exact
copy and a copy spun by ``bench/spinner.py``; and, cheaply, 100 articles of
``bench/_stories.py``, whose items know their kind and source.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from articlediff.dedup import FingerprintConfig, dedup
from articlediff.matching import word_keys
from articlediff.normalise.ngram import load_trigram_model
from articlediff.read import Document

from .conftest import seed_path

BENCH = Path(__file__).resolve().parent.parent / "bench"

needs_model = pytest.mark.skipif(load_trigram_model() is None, reason="the trigram model (pocketsphinx) orients spun pairs")


@pytest.fixture(scope="module")
def bench():
    """``bench/``'s helpers, imported as the benchmarks import each other (by folder on the path)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(BENCH))
        yield lambda name: importlib.import_module(name)


def doc(id: str, text: str, date: str | None = None) -> Document:
    return Document(id=id, text=text, path=f"{id}.txt", meta={"date": date} if date else {})


@pytest.fixture(scope="module")
def trio(bench):
    """An original, its exact copy, and a spun copy that claims the earliest date (a farm re-dates what it takes)."""
    original = seed_path("002").read_text(encoding="utf-8")
    spun, changes = bench("spinner").spin(original, 0.3, 1)
    assert changes and spun != original
    return [
        doc("original", original, "2025-03-02"),
        doc("copy", original, "2025-03-04"),
        doc("spun", spun, "2025-03-01"),
    ]


def only(result):
    (cluster,) = result.clusters
    return cluster


@needs_model
def test_original_is_kept_over_an_earlier_spun_copy(trio):
    cluster = only(dedup(trio, workers=1))  # keep="original" is the default
    assert cluster.representative == "original"
    relations = {m.id: m.relation for m in cluster.members}
    assert relations == {"copy": "exact", "spun": "spun"}  # from the copy's side: "spun" is spun from the original
    assert only(dedup(trio, keep="original", workers=1)) == cluster
    assert only(dedup(trio, config=FingerprintConfig(keep="original"), workers=1)) == cluster


def test_earliest_follows_the_dates(trio):
    assert only(dedup(trio, keep="earliest", workers=1)).representative == "spun"
    later = [doc(d.id, d.text, date) for d, date in zip(trio, ("2025-03-09", "2025-03-04", "2025-03-07"))]
    assert only(dedup(later, keep="earliest", workers=1)).representative == "copy"


def test_longest_is_the_longest_member(trio):
    longest = max(trio, key=lambda d: (len(word_keys(d.text)), -trio.index(d))).id
    cluster = only(dedup(trio, keep="longest", workers=1))
    assert cluster.representative == longest
    assert {m.id for m in cluster.members} == {d.id for d in trio} - {longest}


def test_keep_is_checked():
    with pytest.raises(ValueError, match="keep must be one of"):
        FingerprintConfig(keep="newest")
    assert FingerprintConfig().keep == "original"
    # keep changes no fingerprint: the bands and rows are those of the threshold
    assert (FingerprintConfig(keep="longest").bands, FingerprintConfig(keep="longest").rows) == (
        FingerprintConfig().bands,
        FingerprintConfig().rows,
    )


@needs_model
def test_cli_keep(cli, tmp_path, trio):
    for d in trio:
        (tmp_path / f"{d.id}.txt").write_text(f"date {d.meta['date']}\n{d.text}", encoding="utf-8")
    shown = {}
    for keep in ("original", "earliest"):
        result = cli("dedup", tmp_path, "--keep", keep, "--format", "json", "--workers", "1", "--quiet")
        assert result.code == 0, result.err
        shown[keep] = json.loads(result.out)["clusters"][0]["representative"]
    assert shown == {"original": "original", "earliest": "spun"}
    assert cli("dedup", tmp_path, "--keep", "newest").code == 2


@needs_model
def test_stories_keep_their_base_article(bench):
    """In 100 labelled articles (5 stories: reprints, edits, updates, partial and spun copies), the base represents."""
    items = bench("_stories").corpus(100, 5)
    kind = {i.name: i.kind for i in items}
    docs = [Document(id=i.name, text=i.text, path=f"{i.name}.txt") for i in items]
    clusters = dedup(docs, workers=1).clusters
    assert clusters
    for cluster in clusters:
        assert kind[cluster.representative] == "base", cluster.representative
    longest = dedup(docs, keep="longest", workers=1).clusters
    assert any(kind[c.representative] != "base" for c in longest)  # what the default avoids


@needs_model
def test_each_source_represents_its_labelled_variants(bench):
    """The variants of bench/make_corpus.py (undated), made of seeds 001-004: the source or its exact copy represents.

    Before centrality, the longest member (the edited copy, which adds a sentence) represented nearly
    every cluster of the labelled corpus, and a host embedding most of a short source made it look cut.
    """
    make_corpus = bench("make_corpus")
    corpus = bench("_corpus")
    texts = make_corpus.seed_texts()
    vocab = corpus.vocabulary()
    negatives = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "negatives").glob("*.txt"))
    hosts = [make_corpus.Text(p.stem, "news", make_corpus._blocks(p.read_text(encoding="utf-8"))) for p in negatives]
    docs, source_of = [], {}
    for k, src in enumerate(texts):
        rng = __import__("random").Random(f"keep-{src.name}")
        host = hosts[k]  # real news unrelated to the sources, as make_corpus's hosts
        filler = "Officials said further talks would take place in Brussels later in the year."
        variants = {
            "exact": src.render(),
            "retypeset": make_corpus.retypeset(src, rng)[0],
            "truncated": make_corpus.truncated(src, rng)[0],
            "edited": make_corpus.edited(src, rng, vocab, filler)[0],
            "spun": make_corpus.spun(src, rng)[0],
            "partial": make_corpus.partial(src, host, rng)[0],
        }
        docs.append(Document(id=src.name, text=src.render(), path=f"{src.name}.txt"))
        source_of[src.name] = src.name
        for kind, text in variants.items():
            name = f"{src.name}:{kind}"
            docs.append(Document(id=name, text=text, path=f"{name}.txt"))
            source_of[name] = src.name
    clusters = dedup(docs, workers=1).clusters
    reps = {source_of[c.representative]: c.representative for c in clusters}
    assert set(reps) == {t.name for t in texts}
    for source, rep in reps.items():
        assert rep in (source, f"{source}:exact"), rep
    longest = [c.representative for c in dedup(docs, keep="longest", workers=1).clusters]
    assert any(source_of[r] != r and not r.endswith(":exact") for r in longest)  # what the default avoids
