"""The dedup flow (dedup/run.py) on Dask, and on the local engine in any partitioning, gives the local engine's result."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlediff.dedup import FingerprintConfig, dedup
from articlediff.dedup.components import components
from articlediff.dedup.run import run
from articlediff.engines.dask import OnDask, environment_kept
from articlediff.engines.local import InProcess
from articlediff.read import Document

from .corpus import labelled_corpus
from .strategies import edited_copy, sentences, to_text

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'articlediff[dask]')")

CONFIG = FingerprintConfig(shingle_words=4, permutations=128, threshold=0.5)


@pytest.fixture(scope="module")
def client():
    """A 2-worker cluster of processes, as `--engine dask` starts on one machine."""
    with environment_kept(), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster, distributed.Client(cluster) as connected:
        yield connected


def test_a_local_cluster_leaves_this_process_environment_as_it_was(tmp_path):
    (tmp_path / "a.txt").write_text("The summit will be held in Brussels in May, officials said on Monday.", encoding="utf-8")
    before = dict(os.environ)
    dedup([tmp_path], engine="dask", workers=1)
    assert dict(os.environ) == before  # Dask's nanny sets OMP_NUM_THREADS=1 here; torch would then run on one thread


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("labelled")
    labels = labelled_corpus(folder, sources=700)
    return folder, labels


def _base(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1]


def test_dask_gives_the_local_clusters_on_a_labelled_corpus(client, corpus):
    folder, labels = corpus
    local = dedup([folder], workers=1)
    executor = OnDask(client)
    # 1 MB partitions: the folder's files in several groups and the JSONL file in byte ranges
    on_dask = run([folder], executor, CONFIG, part_bytes=1_000_000)
    assert local.documents > 2000
    assert on_dask.clusters == local.clusters  # same members, relations, scores and passages, in the same order
    assert on_dask.skipped == local.skipped and len(local.skipped) == 1
    assert on_dask.summary == local.summary
    volumes = executor.volumes()
    assert volumes["band keys"] > 0 and volumes["verify"] > 0
    # the corpus exercises every relation, and the labelled copies are found; its sources are drawn from the
    # sentences of one story, so a few share some of them in another order: a rewrite, found on both engines
    assert {m.relation for c in local.clusters for m in c.members} == {"exact", "near", "spun", "partial", "rewrite"}
    cluster_of = {}
    for k, c in enumerate(local.clusters):
        for doc_id in (c.representative, *(m.id for m in c.members)):
            cluster_of[_base(doc_id)] = k
    found = Counter(kind for source, copy, kind in labels if source in cluster_of and cluster_of.get(copy) == cluster_of[source])
    total = Counter(kind for _, _, kind in labels)
    for kind in ("exact", "retypeset", "truncated", "edited"):
        assert found[kind] >= 0.9 * total[kind], kind
    # the repeated JSONL id was renamed as the local reader does
    ids = {doc_id for c in local.clusters for doc_id in (c.representative, *(m.id for m in c.members))}
    assert any(doc_id.endswith("#2") for doc_id in ids)


def test_the_library_and_the_cli_run_on_dask(client, corpus, cli, tmp_path):
    folder, _ = corpus
    local = dedup([folder], workers=1)
    assert dedup([folder], engine="dask", client=client).clusters == local.clusters
    out = tmp_path / "clusters.json"
    ran = cli("dedup", folder, "--engine", "dask", "--workers", "2", "-f", "json", "-o", out, "-q")
    assert ran.code == 0, ran.err
    assert json.loads(out.read_text())["clusters"] == local.to_dict()["clusters"]


@st.composite
def small_corpora(draw):
    """A few source texts, their copies (edited, exact, quoted) and unrelated texts, as documents."""
    sources = draw(st.lists(sentences, min_size=1, max_size=4))
    texts = []
    for items in sources:
        texts.append(to_text(items))
        for _ in range(draw(st.integers(0, 3))):
            how = draw(st.sampled_from(["exact", "edited", "quoted"]))
            if how == "exact":
                texts.append(to_text(items))
            elif how == "edited":
                texts.append(to_text(draw(edited_copy(items))))
            else:
                texts.append(to_text(draw(sentences)) + "\n\n" + to_text(items, per_paragraph=len(items)))
    order = draw(st.permutations(range(len(texts))))
    ids = draw(st.lists(st.sampled_from(["a", "b", "a#2", "c"]), min_size=len(texts), max_size=len(texts)))
    return [{"id": ids[k], "text": texts[k]} for k in order]


def _write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=small_corpora(), part_bytes=st.integers(200, 3000))
def test_partitioned_equals_local_on_small_random_corpora(tmp_path, records, part_bytes):
    path = _write(tmp_path / str(abs(hash(json.dumps(records))) % 10**9), records)
    local = dedup([path], workers=1)
    mine = run([path], InProcess(), CONFIG, part_bytes=part_bytes)
    assert mine.clusters == local.clusters and mine.summary == local.summary


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")  # Dask's threads use `random`
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=small_corpora(), part_bytes=st.integers(300, 2000))
def test_dask_equals_local_on_small_random_corpora(client, tmp_path, records, part_bytes):
    path = _write(tmp_path / str(abs(hash(json.dumps(records))) % 10**9), records)
    local = dedup([path], workers=1)
    on_dask = run([path], OnDask(client), CONFIG, part_bytes=part_bytes)
    assert on_dask.clusters == local.clusters and on_dask.summary == local.summary


def test_given_documents_run_on_dask_as_given(client):
    text = "The prime minister said the trade deal with Brussels would be signed at the summit in May. " * 3
    docs = [
        Document(id="x", text=text, path="x.txt"),
        Document(id="x", text=text, path="y.txt"),
        Document(id="z", text=text + " More.", path="z.txt"),
    ]
    local = dedup(docs, workers=1)
    assert dedup(docs, engine="dask", client=client).clusters == local.clusters
    (found,) = local.clusters
    assert sorted([found.representative, *(m.id for m in found.members)]) == ["x", "x", "z"]  # given ids are kept as they are


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 60), edges=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=80), parts=st.integers(1, 5)
)
def test_star_contraction_finds_the_union_find_components(n, edges, parts):
    edges = [(a % n, b % n) for a, b in edges if a % n != b % n]
    offsets = np.linspace(0, n, parts + 1).astype(np.int64)
    tables = [{"i": np.array([], dtype=np.int64), "j": np.array([], dtype=np.int64)} for _ in range(parts)]
    for k, (a, b) in enumerate(edges):
        t = tables[k % parts]
        t["i"], t["j"] = np.append(t["i"], a), np.append(t["j"], b)
    labels = components(InProcess(), tables, offsets)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix(([1] * len(edges), ([a for a, _ in edges], [b for _, b in edges])), shape=(n, n))
    _, group = connected_components(graph, directed=False)  # the oracle: SciPy's components in one process
    smallest = {}
    for x in range(n):
        smallest.setdefault(int(group[x]), x)
    expected = {x: smallest[int(group[x])] for a, b in edges for x in (a, b)}
    found = {}
    for k, t in enumerate(labels):
        if t:
            assert (t["node"] >= offsets[k]).all() and (t["node"] < offsets[k + 1]).all()  # each at its owner
            found.update(zip(t["node"].tolist(), t["label"].tolist()))
    assert found == expected


KILLER = """
import logging, os, signal, sys, threading
sys.path.insert(0, {root!r})
import distributed
from articlediff.dedup import FingerprintConfig, dedup
from articlediff.dedup.run import run
from articlediff.engines.dask import OnDask

if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=logging.CRITICAL) as cluster, distributed.Client(cluster) as client:
        before = set(client.run(os.getpid).values())
        victim = sorted(before)[0]
        killed = []

        def progress(done):
            if not killed:  # the first partitions are read and held on both workers: kill one
                killed.append(victim)
                os.kill(victim, signal.SIGKILL)

        result = run([{folder!r}], OnDask(client), FingerprintConfig(shingle_words=4, permutations=128, threshold=0.5),
                     part_bytes=1_000_000, progress=progress)
        after = set(client.run(os.getpid).values())
    local = dedup([{folder!r}], workers=1)
    print(len(result.clusters), result.clusters == local.clusters, bool(killed), victim not in after)
"""


def test_a_worker_killed_mid_run_does_not_change_the_result(corpus, tmp_path):
    folder, _ = corpus
    script = tmp_path / "kill.py"
    script.write_text(KILLER.format(root=str(Path(__file__).resolve().parent.parent / "src"), folder=str(folder)))
    ran = subprocess.run([sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stderr[-2000:]
    clusters, equal, killed, gone = ran.stdout.split()
    assert int(clusters) > 100 and equal == "True" and killed == "True" and gone == "True"


def test_a_failed_dask_run_leaves_no_output_and_keeps_an_old_one(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The summit will be held in Brussels in May, officials said on Monday.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out.json"
    failed = cli("dedup", folder, "--engine", "dask", "--workers", "1", "--strict", "-o", out, "-q")
    assert failed.code == 2 and "bad.txt" in failed.err and not out.exists()
    out.write_text("earlier results", encoding="utf-8")
    again = cli("dedup", folder, "--engine", "dask", "--workers", "1", "--strict", "-o", out, "-q")
    assert again.code == 2 and out.read_text(encoding="utf-8") == "earlier results"
    assert list(tmp_path.iterdir()) == [folder, out] or sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.json"]


def test_engine_errors_are_one_line(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Some words to read here.", encoding="utf-8")
    no_engine = cli("dedup", tmp_path, "--scheduler", "tcp://127.0.0.1:9")
    assert no_engine.code == 2 and "--scheduler needs --engine dask" in no_engine.err
    no_dask = cli("dedup", tmp_path, "--engine", "ray")
    assert no_dask.code == 2 and "ray" in no_dask.err and len(no_dask.err.strip().splitlines()) == 1


def test_standard_input_runs_on_dask_as_on_this_machine(client, monkeypatch):
    import io

    text = "The prime minister said the trade deal with Brussels would be signed at the summit in May. " * 3
    lines = [
        {"id": "a", "text": text},
        {"id": "a", "text": text + " More."},
        {"id": "b", "text": "Other words entirely, on the weather."},
    ]
    data = "".join(json.dumps(r) + "\n" for r in lines).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    local = dedup(["-"], workers=1)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    on_dask = dedup(["-"], engine="dask", client=client)
    assert on_dask.clusters == local.clusters and len(local.clusters) == 1
    assert sorted([local.clusters[0].representative, *(m.id for m in local.clusters[0].members)]) == ["a", "a#2"]


def test_the_local_engine_never_imports_dask(tmp_path):
    (tmp_path / "a.txt").write_text("The summit will be held in Brussels in May, officials said.", encoding="utf-8")
    code = (
        "import sys; from articlediff.cli import main; from articlediff.dedup import dedup; "
        f"dedup([{str(tmp_path)!r}], workers=1); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env={**os.environ}, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"


def _dump(db: Path) -> dict:
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    found["meta"] = [row for row in found["meta"] if row[0] != "created"]  # when, not what
    return found


def test_index_add_on_dask_builds_the_same_index(client, corpus, cli, tmp_path):
    from articlediff.index import Index

    folder, _ = corpus
    local_db, dask_db = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    built = cli("index", "add", folder, "--db", local_db, "--workers", "1", "-q")
    assert built.code == 0
    with Index(dask_db) as index:
        report = index.add([folder], engine="dask", client=client, part_bytes=1_000_000, batch=700)
    assert f"{report.added:,} added" in built.out and len(report.skips) == 1 and "skipped" in built.err
    assert _dump(dask_db) == _dump(local_db)  # every row of every table, ids, bands and passages alike, whatever the transactions
    cli_db = tmp_path / "cli.sqlite"
    ran = cli("index", "add", folder, "--db", cli_db, "--engine", "dask", "--workers", "2", "-q")
    assert ran.code == 0 and ran.out.replace("cli.sqlite", "local.sqlite") == built.out and ran.err == built.err
    assert _dump(cli_db) == _dump(local_db)
