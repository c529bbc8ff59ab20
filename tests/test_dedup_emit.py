"""``dedup --emit kept|dropped|clusters``: JSON Lines of the documents kept (input fields carried), dropped, and clusters."""

from __future__ import annotations

import json
import shutil

import pytest

from articlediff.dedup import dedup
from articlediff.dedup.emit import records

from .conftest import SEEDS


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    original = sorted(corpus.glob("*.txt"))[0]
    shutil.copyfile(original, corpus / "zcopy.txt")
    return corpus, original.stem


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rows = [{"id": f"s{k}", "text": t, "source": "wire", "n": k} for k, t in enumerate(texts)]
    rows.append({"id": "copy", "text": texts[0], "source": "farm", "n": 99, "tags": ["x"]})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path, rows


def test_emit_on_a_folder_with_an_exact_copy(cli, folder, tmp_path):
    corpus, original = folder
    documents = len(list(corpus.glob("*.txt")))
    kept = _lines(cli("dedup", corpus, "-q", "--emit", "kept").out)
    assert [k["id"] for k in kept].count(original) == 1 and "zcopy" not in [k["id"] for k in kept]
    assert len(kept) == documents - 1
    first = next(k for k in kept if k["id"] == original)
    assert set(first) == {"id", "path", "text"}
    assert first["text"] == (corpus / f"{original}.txt").read_text(encoding="utf-8")

    dropped = _lines(cli("dedup", corpus, "-q", "--emit", "dropped").out)
    assert dropped == [
        {"id": "zcopy", "path": str(corpus / "zcopy.txt"), "relation": "exact", "score": 100.0, "kept": original, "cluster": 1}
    ]

    out = tmp_path / "clusters.jsonl"
    result = cli("dedup", corpus, "-q", "--emit", "clusters", "-o", out)
    assert result.code == 0 and result.out == ""
    (cluster,) = _lines(out.read_text(encoding="utf-8"))
    assert cluster["cluster"] == 1 and cluster["representative"] == original
    members = {m["id"]: m["relation"] for m in cluster["members"]}
    assert members["zcopy"] == "exact" and set(members) <= {"zcopy", "001_6612d092722dc0ce"}  # 000's spun run in 001


def test_kept_carries_the_jsonl_fields_through(cli, jsonl):
    path, rows = jsonl
    kept = _lines(cli("dedup", path, "-q", "--emit", "kept").out)
    assert kept == rows[:-1]  # the copy goes; every other object comes back with all its fields
    dropped = _lines(cli("dedup", path, "-q", "--emit", "dropped").out)
    assert [(d["id"], d["relation"], d["kept"]) for d in dropped] == [("copy", "exact", "s0")]


def test_library_records_match_the_result(folder):
    corpus, original = folder
    result = dedup([str(corpus)], workers=1)
    kept = list(records(result, "kept", [str(corpus)]))
    dropped = list(records(result, "dropped"))
    assert len(kept) + len(dropped) == result.documents
    assert {d["kept"] for d in dropped} == {c.representative for c in result.clusters}


def test_usage_errors(cli, folder, jsonl):
    corpus, _ = folder
    assert cli("dedup", corpus, "-q", "--emit", "kept", "-f", "json").code == 2
    assert cli("dedup", corpus, "-q", "--emit", "kept", "--passages").code == 2
    assert cli("dedup", "-", "-q", "--emit", "kept").code == 2
    assert cli("dedup", corpus, "-q", "--emit", "everything").code == 2


def test_emit_refuses_to_overwrite_an_input(cli, folder):
    corpus, _ = folder
    before = (corpus / "zcopy.txt").read_bytes()
    assert cli("dedup", corpus, "-q", "--emit", "kept", "-o", corpus / "zcopy.txt").code == 2
    assert (corpus / "zcopy.txt").read_bytes() == before
