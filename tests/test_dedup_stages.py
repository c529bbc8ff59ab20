"""The dedup stages one by one: the fast word keys, signatures of passages, vectorised LSH, the view store, the engine."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.dedup import dedup
from articlediff.dedup.candidates import agreement, candidate_pairs
from articlediff.dedup.fingerprint import (
    MAX_PIECE_WORDS,
    MIN_PASSAGE_WORDS,
    document_keys,
    fingerprint,
    windows,
)
from articlediff.dedup.minhash import (
    shingles,
    sign_ranges,
    sign_windows,
    signatures,
    skeleton,
)
from articlediff.dedup.views import ViewFile, keep_views
from articlediff.pool import map_batches
from articlediff.read import Document, partitions
from articlediff.segment import iter_paragraphs, iter_words

from .conftest import SEEDS, seed_path

_TEXT = st.lists(
    st.sampled_from([*"abcdeéXY Z01.,:'’-–•\n\t ", "Ł", "ß", "ﬁ", "3. ", "\n\n", "- ", "Word"]), max_size=120
).map("".join)


@given(_TEXT)
@settings(max_examples=300)
def test_document_keys_are_the_segmenters_words(text):
    keys, sentences = document_keys(text)
    assert keys == [w.key for w in iter_words(text)]
    paragraphs = [(p.start, p.end) for p in iter_paragraphs(text)]
    for start, end, first, last in sentences:
        assert 0 < last - first <= MAX_PIECE_WORDS
        assert keys[first:last] == [w.key for w in iter_words(text, start, end)]
        assert any(a <= start < end <= b for a, b in paragraphs)  # a sentence never crosses a paragraph's edge
    assert [s[2] for s in sentences] == sorted(s[2] for s in sentences)


@given(st.lists(st.integers(1, 30), max_size=15))
def test_windows_start_at_every_sentence_that_can_start_one_and_cover_every_sentence(lengths):
    sentences, first = [], 0
    for k, n in enumerate(lengths):
        sentences.append((10 * k, 10 * k + 9, first, first + n))
        first += n

    def enough(i: int, j: int) -> bool:  # sentences i..j (j included) hold a window
        return sentences[j][3] - sentences[i][2] >= MIN_PASSAGE_WORDS

    found = windows(sentences)
    first_of = {s[2]: k for k, s in enumerate(sentences)}
    last_of = {s[3]: k for k, s in enumerate(sentences)}
    runs = [(first_of[w[2]], last_of[w[3]]) for w in found]  # each window as its first and last sentence
    assert len(set(runs)) == len(runs) and all(enough(i, j) for i, j in runs)
    n = len(sentences)
    for i in range(n):
        ends = [j for j in range(i, n) if enough(i, j)]
        if ends:
            assert (i, ends[0]) in runs  # a window starts at every sentence that can start one, as short as it can be
    for k in range(n):  # every sentence some window could hold is in one
        if any(enough(i, j) for i in range(k + 1) for j in range(k, n)):
            assert any(i <= k <= j for i, j in runs)
    gap = [(s[0], s[1], s[2] + 5, s[3] + 5) if k >= 2 else s for k, s in enumerate(sentences)]  # words 5 left out
    assert all(w[2] >= gap[2][2] or w[3] <= gap[1][3] for w in windows(gap)) if n > 2 else True  # none reaches across


def test_a_run_of_sentences_has_the_same_windows_wherever_it_is_and_whatever_its_paragraphs():
    run = seed_path("004").read_text(encoding="utf-8").split("\n\n")[2:6]
    host = seed_path("003").read_text(encoding="utf-8")
    cut = host.index(". ", len(host) // 2) + 2
    paragraphed = host[:cut] + "\n\n" + "\n\n".join(run) + "\n\n" + host[cut:]
    flat = " ".join((host[:cut] + " ".join(run) + " " + host[cut:]).split())
    prints = fingerprint(["\n\n".join(run), paragraphed, flat])
    rows = [{bytes(prints.passages[k]) for k in np.flatnonzero(prints.passage_doc == d)} for d in range(3)]
    assert rows[0] and rows[0] <= rows[1] and rows[0] <= rows[2]


def test_document_keys_on_the_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert document_keys(text)[0] == [w.key for w in iter_words(text)]


@given(st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30), min_size=1, max_size=12), st.data())
def test_sign_ranges_signs_documents_and_their_passages_alike(sets, data):
    arrays = [np.array(s, dtype=np.uint64) for s in sets]
    bounds = np.concatenate(([0], np.cumsum([len(a) for a in arrays])))
    parts = []
    for d, a in enumerate(arrays):  # up to two disjoint passages inside each document
        if len(a) >= 2:
            cut = data.draw(st.integers(1, len(a) - 1))
            parts += [(bounds[d], bounds[d] + cut), (bounds[d] + cut, bounds[d + 1])]
    flat = np.concatenate(arrays)
    docs, passages = sign_ranges(flat, bounds, np.array(parts, dtype=np.int64).reshape(-1, 2))
    assert (docs == signatures([np.unique(a) for a in arrays])).all()
    assert (passages == signatures([np.unique(flat[s:e]) for s, e in parts])).all()


@given(st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30), min_size=1, max_size=8), st.data())
def test_sign_windows_signs_overlapping_windows_as_separate_sets(sets, data):
    arrays = [np.array(s, dtype=np.uint64) for s in sets]
    bounds = np.concatenate(([0], np.cumsum([len(a) for a in arrays])))
    found = []
    for d, a in enumerate(arrays):  # up to three windows inside each document, overlapping as they fall
        for _ in range(data.draw(st.integers(0, 3)) if len(a) else 0):
            lo = data.draw(st.integers(0, len(a) - 1))
            hi = data.draw(st.integers(lo, len(a)))  # an empty window too
            found.append((bounds[d] + lo, bounds[d] + hi))
    found.sort()
    flat = np.concatenate(arrays)
    docs, signed = sign_windows(flat, bounds, np.array(found, dtype=np.int64).reshape(-1, 2))
    assert (docs == signatures([np.unique(a) for a in arrays])).all()
    assert len(signed) == len(found)
    if found:
        assert (signed == signatures([np.unique(flat[s:e]) for s, e in found])).all()


def test_fingerprint_agrees_with_the_reference_signatures():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    prints = fingerprint(texts)
    views = [[w.key for w in iter_words(t)] for t in texts]
    assert (prints.words == signatures([shingles(v) for v in views])).all()
    assert prints.views == [" ".join(v) for v in views]
    assert len(prints.passage_doc) > len(texts)
    for k, (start, end) in enumerate(prints.passage_span.tolist()):
        text = texts[prints.passage_doc[k]]
        keys = [w.key for w in iter_words(text, start, end)]
        assert len(keys) == prints.passage_words[k] >= 20
        a, b = prints.passage_view[k]
        assert prints.views[prints.passage_doc[k]][a:b] == " ".join(keys)
        first, last = prints.passage_keys[k]
        assert views[prints.passage_doc[k]][first:last] == keys
        assert (prints.passages[k] == signatures([shingles(skeleton(keys))])[0]).all()  # a window signs its skeleton


@given(st.integers(2, 40), st.integers(0, 2**32 - 1))
def test_candidate_pairs_are_the_pairs_sharing_a_band(n, seed):
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 4, size=(n, 8), dtype=np.uint16)  # few values: many collisions
    expected = {
        (i, j)
        for i, j in itertools.combinations(range(n), 2)
        if any((sigs[i, 2 * b : 2 * b + 2] == sigs[j, 2 * b : 2 * b + 2]).all() for b in range(4))
    }
    found = candidate_pairs(sigs, bands=4, max_bucket=n)
    assert {tuple(p) for p in found.tolist()} == expected
    assert found.tolist() == sorted(found.tolist())
    valid = np.arange(n) % 2 == 0
    assert {tuple(p) for p in candidate_pairs(sigs, bands=4, valid=valid, max_bucket=n).tolist()} == {
        (i, j) for i, j in expected if valid[i] and valid[j]
    }


def test_b_bit_agreement_corrects_for_chance():
    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 256, size=(2, 20_000), dtype=np.uint8)
    assert abs(agreement(sigs, np.array([[0, 1]]), 8)[0]) < 0.01  # unrelated: about 0, not 1/256
    assert agreement(np.vstack([sigs[0], sigs[0]]), np.array([[0, 1]]), 8)[0] == 1.0


def test_view_file_round_trips_reads_back_in_any_order_and_pickles_as_its_path(tmp_path):
    import pickle

    views = ["", "één twee", "plain", "日本 語", "x" * 10_000]
    store = ViewFile.write(str(tmp_path), views)
    assert len(store) == 5 and store[1] == "één twee"
    assert [store[k] for k in (4, 0, 3, 2, 1)] == [views[k] for k in (4, 0, 3, 2, 1)]
    assert list(store) == views
    again = pickle.loads(pickle.dumps(store))
    assert len(pickle.dumps(store)) < 500 and list(again) == views  # the path and offsets, not the texts
    assert keep_views(views, None) is views


def test_map_batches_keeps_order_in_worker_processes():
    batches = [[k, k + 1] for k in range(0, 40, 2)]
    assert list(map_batches(sum, batches, workers=2)) == [sum(b) for b in batches]
    assert list(map_batches(sum, batches, workers=1)) == [sum(b) for b in batches]
    assert list(map_batches(sum, [], workers=2)) == []


def test_map_batches_with_another_thread_running_starts_workers_through_a_fork_server():
    import threading

    from articlediff import pool

    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait, daemon=True)
    waiter.start()  # a progress bar's thread, say: forking this process could copy a held lock
    try:
        assert pool._start_method() in ("forkserver", "spawn")
        batches = [[k, k + 1] for k in range(0, 12, 2)]
        assert list(map_batches(sum, batches, workers=2)) == [sum(b) for b in batches]
    finally:
        stop.set()
        waiter.join()


def test_dedup_in_worker_processes_equals_in_process(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = [Document(id=f"d{k}", text=t, path=f"d{k}.txt") for k, t in enumerate(texts)]
    docs += [
        Document(id=f"c{k}", text=t.replace("the", "the the", 3) + "\n\nOne more line at the end.", path=f"c{k}.txt")
        for k, t in enumerate(texts)
    ]
    monkeypatch.setattr(partitions, "BATCH", 3)  # several partitions, so the pool starts
    one = dedup(docs, workers=1).to_dict(passages=True)
    two = dedup(docs, workers=2).to_dict(passages=True)
    assert one == two and one["summary"]["clusters"] == 4  # d0 (seed 000) is linked to d1 (001), whose spun copy it is
    assert {"d0", "d1", "c0", "c1"} <= {c["representative"] for c in one["clusters"]} | {
        m["id"] for c in one["clusters"] for m in c["members"] if c["representative"] in ("d1", "d0", "c1", "c0")
    }


def test_band_keys_are_the_band_columns_and_keep_the_values_an_index_stores():
    from articlediff.dedup.candidates import band_column, band_keys

    rng = np.random.default_rng(3)
    sigs = rng.integers(0, 2**16, size=(50, 128), dtype=np.uint16)
    keys = band_keys(sigs, 32)
    assert all((keys[:, b] == band_column(sigs, b, 32)).all() for b in range(32))
    # An index file stores buckets cut from these keys: the values must not move (these are the keys of schema 2).
    assert band_keys(np.arange(8, dtype=np.uint32), 2).tolist() == [[17679984966728506479, 7967436253807088]]
    assert band_keys(np.arange(3, dtype=np.uint8), 1).tolist() == [[7153102061725206237]]


def test_new_keys_that_grow_the_vocabulary_are_read_from_the_grown_tables():
    import xxhash

    from articlediff.dedup.minhash import VOCABULARY, _skeleton_word, in_skeleton, skeleton, word_hashes

    fresh = [f"zq{k}x" if k % 3 else str(k) for k in range(len(VOCABULARY.hashes) + 1)]  # more than it holds
    assert skeleton(fresh) == [k for k in fresh if _skeleton_word(k)]
    more = [f"qz{k}" for k in range(len(VOCABULARY.hashes) + 1)]
    assert word_hashes(more).tolist() == [xxhash.xxh64_intdigest(k.encode()) for k in more]
    assert in_skeleton("the") and in_skeleton("1234")
