"""Partitions (groups of files, JSONL byte ranges) read exactly what the streaming reader reads."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlediff.engines.local import InProcess
from articlediff.read import iter_documents, unique_ids
from articlediff.read.partitions import empty_file_skips, partitions_of, read_partition

line = st.one_of(
    st.builds(
        lambda i, t: json.dumps({"id": i, "text": t}), st.sampled_from(["a", "b", "a#2", "7"]), st.text(min_size=1, max_size=40)
    ),
    st.builds(lambda t: json.dumps({"text": t, "date": "2025-01-02"}), st.text(min_size=1, max_size=40)),
    st.just(""),
    st.just("   "),
    st.just("{not json"),
    st.just("[1, 2]"),
    st.just('{"id": "x"}'),
    st.just('{"text": "\\u0000 binary"}'),
)


def _read_all(paths, part_bytes):
    skipped = []
    partitions = list(partitions_of(paths, InProcess(), part_bytes=part_bytes, skipped=skipped))
    read = [read_partition(p) for p in partitions]
    empty = empty_file_skips([p.jsonl_part for p in partitions], [r.empty_parts for r in read], strict=False)
    docs = []
    for k, r in enumerate(read):
        docs += r.documents
        skipped += r.skipped
        if k in empty:
            skipped.append(empty[k])
    ids = unique_ids([d.id for d in docs])
    return [(i, d.text, d.path, d.line, d.meta) for i, d in zip(ids, docs)], skipped, len(partitions)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line, max_size=25), part_bytes=st.integers(1, 300), crlf=st.booleans(), final_newline=st.booleans())
def test_jsonl_cut_into_byte_ranges_reads_like_the_stream(tmp_path, lines, part_bytes, crlf, final_newline):
    path = tmp_path / "in.jsonl"
    end = "\r\n" if crlf else "\n"
    path.write_bytes((end.join(lines) + (end if final_newline else "")).encode("utf-8"))
    expected_skipped = []
    expected = [(d.id, d.text, d.path, d.line, d.meta) for d in iter_documents([path], skipped=expected_skipped)]
    found, skipped, count = _read_all([path], part_bytes)
    assert found == expected
    assert skipped == expected_skipped
    # one partition for each line start that is the first at or after a multiple of part_bytes
    data = path.read_bytes()
    starts = [0] + [k + 1 for k, b in enumerate(data) if b == ord("\n") and k + 1 < len(data)]
    cuts = {min((s for s in starts if s >= t), default=None) for t in range(part_bytes, len(data), part_bytes)} - {None, 0}
    assert count == (1 + len(cuts) if len(data) > part_bytes else 1)


def test_folders_are_grouped_and_big_files_cut(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for k in range(30):
        (folder / "sub" / f"t{k:02d}.txt").write_text(f"Article number {k} with a few words in it.", encoding="utf-8")
    (folder / "big.jsonl").write_text(
        "".join(json.dumps({"id": f"j{k}", "text": "words " * 20}) + "\n" for k in range(200)), encoding="utf-8"
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    expected_skipped = []
    expected = [(d.id, d.text, d.path, d.line, d.meta) for d in iter_documents([folder], skipped=expected_skipped)]
    found, skipped, count = _read_all([folder], part_bytes=2000)
    assert found == expected and skipped == expected_skipped and len(expected_skipped) == 1
    assert count > 10  # the big JSONL file in ranges, the text files in groups
    lines = [line for _, _, path, line, _ in found if path.endswith(".jsonl")]
    assert lines == list(range(1, 201))


def test_a_big_jsonl_of_blank_lines_is_reported_empty_once(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n" * 5000, encoding="utf-8")
    expected_skipped = []
    assert list(iter_documents([path], skipped=expected_skipped)) == []
    found, skipped, count = _read_all([path], part_bytes=500)
    assert count > 5 and found == [] and skipped == expected_skipped
    assert [s.reason for s in skipped] == ["is empty (no JSON lines)"]
