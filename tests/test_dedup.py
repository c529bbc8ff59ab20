"""Batch near-duplicate detection: shingles, MinHash, LSH, clusters and ``dedup()`` on small corpora."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.dedup import dedup
from articlediff.dedup.candidates import candidate_pairs
from articlediff.dedup.minhash import estimate, set_jaccard, shingle_set, shingles, signatures
from articlediff.dedup.minhash import jaccard as hashed_jaccard
from articlediff.dedup.model import SCHEMA
from articlediff.matching import word_keys
from articlediff.read import Document

from .conftest import SEEDS, seed_path
from .strategies import sentences, to_text


def doc(id: str, text: str, **meta) -> Document:
    return Document(id=id, text=text, path=f"{id}.txt", meta=meta)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return len(np.intersect1d(a, b)) / len(np.union1d(a, b))


# --- fingerprints ----------------------------------------------------------------------


def test_shingles_ignore_typography_and_case():
    a = shingles(word_keys("“Sir Keir” said the EU’s deal — at last — was DONE."))
    b = shingles(word_keys('"sir keir" said the EU\'s deal - at last - was done.'))
    assert len(a) > 0 and np.array_equal(a, b)


def test_signatures_are_deterministic_and_batch_independent():
    texts = [seed_path(k).read_text(encoding="utf-8") for k in ("001", "002", "004")]
    sets = [shingles(word_keys(t)) for t in texts]
    together = signatures(sets)
    alone = np.vstack([signatures([s]) for s in sets])
    assert together.shape == (3, 128) and together.dtype == np.uint32
    assert np.array_equal(together, alone)
    assert np.array_equal(together, signatures(sets))
    assert not signatures([np.empty(0, dtype=np.uint64)]).any()


@settings(max_examples=30, deadline=None)
@given(sentences, sentences)
def test_minhash_estimates_jaccard(a_items, b_items):
    a = shingles(word_keys(to_text(a_items + b_items)))
    b = shingles(word_keys(to_text(a_items)))
    sig = signatures([a, b])
    # 128 permutations: the estimate's standard deviation is at most 0.044; allow 5 of them.
    assert abs(estimate(sig[0], sig[1]) - jaccard(a, b)) <= 0.23


KEYS = "a b c d the deal eu".split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KEYS), max_size=12), st.lists(st.sampled_from(KEYS[:-1]), max_size=12))
def test_word_shingle_sets_give_the_hashed_shingles_jaccard(a_keys, b_keys):
    """Passage windows are told apart with sets of word tuples: the same Jaccard as the hashed shingles give."""
    assert len(shingle_set(a_keys)) == len(shingles(a_keys))
    assert set_jaccard(shingle_set(a_keys), shingle_set(b_keys)) == hashed_jaccard(shingles(a_keys), shingles(b_keys))


def test_lsh_proposes_similar_documents_and_not_unrelated_ones():
    base = seed_path("004").read_text(encoding="utf-8")
    edited = base.replace("Thursday", "Friday").replace("May 19", "May 20")
    other = seed_path("001").read_text(encoding="utf-8")
    sig = signatures([shingles(word_keys(t)) for t in (base, edited, other)])
    assert candidate_pairs(sig, bands=32).tolist() == [[0, 1]]


# --- dedup -----------------------------------------------------------------------------


def test_seed_folder_links_only_the_spun_copy_to_its_source_but_copies_do(tmp_path):
    (linked,) = dedup([SEEDS]).clusters  # 000 is a spun copy of part of the live page 001, paragraph breaks aside
    (member,) = linked.members
    assert (linked.representative[:3], member.id[:3], member.relation) == ("001", "000", "partial")
    assert member.passages and {p.kind for p in member.passages} == {"spun"}
    assert 0 < member.share < 50
    base = seed_path("004").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(base.replace("’", "'").replace("“", '"').replace("”", '"'), encoding="utf-8")
    (tmp_path / "c.txt").write_text("date 2025-04-01\n" + base.replace("Thursday", "Friday"), encoding="utf-8")
    (tmp_path / "d.txt").write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    result = dedup([tmp_path])
    (cluster,) = result.clusters
    assert cluster.representative == "c"  # the only dated member
    relations = {m.id: m.relation for m in cluster.members}
    assert relations == {"a": "near", "b": "near"}
    assert all(50 <= m.score <= 100 for m in cluster.members)
    assert result.summary["documents"] == 4 and result.summary["duplicates"] == 2


def test_exact_copies_up_to_typography_are_exact_and_the_most_central_represents():
    text = seed_path("004").read_text(encoding="utf-8")  # no date line: the most central member represents
    docs = [doc("x", text), doc("y", text.upper()), doc("z", text + " One more closing sentence here.")]
    (cluster,) = dedup(docs).clusters
    assert cluster.representative == "x"  # x and y are the same words, z added a sentence to them
    assert {m.id: m.relation for m in cluster.members} == {"y": "exact", "z": "near"}
    assert dedup(docs, keep="longest").clusters[0].representative == "z"
    pair = dedup([doc("x", text), doc("y", text.upper())])
    assert [(m.id, m.relation, m.score) for m in pair.clusters[0].members] == [("y", "exact", 100.0)]


def test_json_contract_and_skips(tmp_path):
    text = seed_path("004").read_text(encoding="utf-8")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(
        json.dumps({"id": "one", "text": text}) + "\n" + "not json\n" + json.dumps({"id": "two", "text": text}) + "\n",
        encoding="utf-8",
    )
    data = json.loads(json.dumps(dedup([jsonl]).to_dict()))
    assert data["schema"] == SCHEMA == "articlediff.dedup/1"
    assert data["clusters"] == [
        {
            "representative": "one",
            "path": str(jsonl),
            "members": [{"id": "two", "path": str(jsonl), "relation": "exact", "score": 100.0}],
        }
    ]
    assert data["skipped"][0]["path"] == str(jsonl) and data["skipped"][0]["line"] == 2
    assert data["summary"]["documents"] == 2 and data["summary"]["skipped"] == 1


def test_threshold_is_checked():
    with pytest.raises(ValueError):
        dedup([doc("a", "text")], threshold=0)


@settings(max_examples=20, deadline=None)
@given(st.lists(sentences.map(to_text), min_size=1, max_size=6))
def test_every_document_is_in_at_most_one_cluster_and_copies_always_cluster(texts):
    docs = [doc(f"d{k}", t) for k, t in enumerate(texts)] + [doc("copy", texts[0])]
    result = dedup(docs)
    seen = [c.representative for c in result.clusters] + [m.id for c in result.clusters for m in c.members]
    assert len(seen) == len(set(seen))
    assert any("copy" in ([c.representative] + [m.id for m in c.members]) for c in result.clusters)


# --- command line ----------------------------------------------------------------------


def test_cli_formats_skips_and_exit_codes(cli, tmp_path):
    base = seed_path("004").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(base.replace("Thursday", "Friday"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    table = cli("dedup", tmp_path, "-q")
    assert table.code == 0 and table.out.startswith("2 documents read, 1 skipped · 1 cluster ·")
    assert "skipped" in table.out and "bad.txt" in table.out
    rows = cli("dedup", tmp_path, "-q", "-f", "jsonl").out.splitlines()
    assert [json.loads(r)["id"] for r in rows] == ["b"]
    csv_out = cli("dedup", tmp_path, "-q", "-f", "csv").out.splitlines()
    assert csv_out[0] == "cluster,representative,id,path,relation,score,share" and csv_out[1].startswith("1,a,b,")
    strict = cli("dedup", tmp_path, "-q", "--strict")
    assert strict.code == 2 and strict.err.count("\n") == 1 and "bad.txt" in strict.err
    missing = cli("dedup", tmp_path / "nope")
    assert missing.code == 2 and "nope" in missing.err
    out = tmp_path / "result.json"
    written = cli("dedup", tmp_path, "-q", "-f", "json", "-o", out)
    assert written.code == 0 and json.loads(out.read_text(encoding="utf-8"))["summary"]["clusters"] == 1
    refused = cli("dedup", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "a.txt")
    assert refused.code == 2 and (tmp_path / "a.txt").read_text(encoding="utf-8") == base


def synonym_spun(text: str, every: int = 4) -> str:
    """A crude spinner for the test: every ``every``-th word the thesaurus can replace gets a listed synonym."""
    import re

    from articlediff.normalise.lexicon import load_thesaurus

    forward: dict[str, str] = {}
    for form, originals in load_thesaurus().items():
        if " " not in form:
            for original in originals[:3]:
                forward.setdefault(original, form)
    count = 0

    def swap(m: re.Match) -> str:
        nonlocal count
        word = m.group()
        if word.lower() in forward and len(word) > 3 and word.islower():
            count += 1
            if count % every == 0:
                return forward[word.lower()]
        return word

    return re.sub(r"[A-Za-z]+", swap, text)


def test_a_spun_copy_is_found_through_its_skeleton():
    base = seed_path("002").read_text(encoding="utf-8")
    spun = synonym_spun(base, every=3)
    from articlediff.dedup.minhash import skeleton

    plain = signatures([shingles(word_keys(t)) for t in (base, spun)])
    assert estimate(plain[0], plain[1]) < 0.5  # whole-text shingles miss it
    (cluster,) = dedup(
        [doc("source", base), doc("spun", spun), doc("other", seed_path("003").read_text(encoding="utf-8"))]
    ).clusters
    ((member),) = cluster.members
    assert member.relation == "spun" and member.score >= 50
    assert {cluster.representative, member.id} == {"source", "spun"}
    assert skeleton(["the", "minister", "said", "keir", "2025"]) == ["the", "keir", "2025"]  # "said" is spun too ("stated")


def test_a_partial_copy_is_found_with_its_shared_passages(cli, tmp_path):
    source = seed_path("004").read_text(encoding="utf-8")
    other = seed_path("001").read_text(encoding="utf-8")
    paragraphs = [p for p in source.split("\n\n") if len(p.split()) >= 25][:2]
    host = other.split("\n\n")
    copied = "\n\n".join(host[:10] + paragraphs + host[10:])
    result = dedup([doc("source", source), doc("copy", copied), doc("third", seed_path("003").read_text(encoding="utf-8"))])
    (cluster,) = result.clusters
    (member,) = cluster.members
    assert member.relation == "partial" and 0 < member.score < 50
    texts = {"source": source, "copy": copied}
    rep_text, member_text = texts[cluster.representative], texts[member.id]
    (run,) = member.passages  # the two paragraphs follow each other in both: one run of shared text
    assert rep_text[run.a[0] : run.a[1]] == member_text[run.b[0] : run.b[1]] == "\n\n".join(paragraphs)
    assert run.kind == "verbatim" and run.words_a == run.words_b == sum(len(p.split()) for p in paragraphs)
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(copied, encoding="utf-8")
    data = json.loads(cli("dedup", tmp_path, "-q", "-f", "json", "--passages").out)
    assert len(data["clusters"][0]["members"][0]["passages"]) == 1
    plain = json.loads(cli("dedup", tmp_path, "-q", "-f", "json").out)
    assert "passages" not in plain["clusters"][0]["members"][0]
