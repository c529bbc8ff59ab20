"""``articlediff clean``: text, explanation, JSON, stages, in-place with backup, bad input.

These run with ``--lm none`` (word-pair statistics only), so they are fast and do
not depend on the optional language model; tests/test_lm.py covers that path.
"""

import json

from .conftest import seed_path

SPUN = seed_path("000")
BANNER = seed_path("002")


def test_clean_writes_the_cleaned_text_line_for_line(cli):
    result = cli("clean", SPUN, "--lm", "none")
    assert result.code == 0
    original = SPUN.read_text(encoding="utf-8")
    assert result.out.count("\n") == original.count("\n")
    assert "{of professional}" not in result.out and "prime minister arrange" in result.out


def test_explain_lists_each_repair(cli):
    result = cli("clean", SPUN, "--explain", "--lm", "none")
    lines = result.out.splitlines()
    assert lines[0].startswith("5 repairs · spin score")
    assert any('"m inister" → "minister"' in line and line.startswith("30:") for line in lines)
    assert lines[1].startswith("de-spinning: context de-spinning skipped; word-pair statistics alone")
    assert all(len(line.split("\t")) == 4 for line in lines[2:])


def test_json_has_text_repairs_metadata_and_spin_score(cli):
    doc = json.loads(cli("clean", BANNER, "-f", "json", "--lm", "none").out)
    assert doc["schema"] == "articlediff.clean/1"
    assert doc["metadata"]["date"] == "2026-02-01"
    assert doc["repairs"][0]["stage"] == "boilerplate"
    assert 0 <= doc["spin_score"] <= 1
    assert doc["text"].startswith("\n\nSir Keir Starmer has indicated")


def test_stages_option(cli):
    out = cli("clean", SPUN, "--stages", "typography,boilerplate", "--lm", "none").out
    assert "m inister" in out
    bad = cli("clean", SPUN, "--stages", "typography,magic", "--lm", "none")
    assert bad.code == 2 and "unknown stage 'magic'" in bad.err


def test_in_place_needs_backup_and_keeps_the_original(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SPUN.read_bytes())
    refused = cli("clean", path, "--in-place", "--lm", "none")
    assert refused.code == 2 and "--backup" in refused.err
    assert path.read_bytes() == SPUN.read_bytes()
    done = cli("clean", path, "--in-place", "--backup", "--lm", "none")
    assert done.code == 0
    assert (tmp_path / "a.txt.orig").read_bytes() == SPUN.read_bytes()
    assert "{of professional}" not in path.read_text(encoding="utf-8")
    again = cli("clean", path, "--in-place", "--backup", "--lm", "none")
    assert again.code == 2 and "backup already exists" in again.err
    assert (tmp_path / "a.txt.orig").read_bytes() == SPUN.read_bytes()


def test_output_file_and_explanation(cli, tmp_path):
    out = tmp_path / "clean.txt"
    result = cli("clean", SPUN, "-o", out, "--explain", "--lm", "none")
    assert result.code == 0 and result.out.startswith("5 repairs")
    assert out.read_text(encoding="utf-8") == cli("clean", SPUN, "--lm", "none").out


def test_bad_input_is_one_line_exit_2(cli, tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01\x02")
    for args in (["clean", tmp_path / "x.bin"], ["clean", tmp_path / "none.txt"], ["clean", SPUN, "--reference", tmp_path]):
        result = cli(*args)
        assert result.code == 2 and result.err.count("\n") == 1 and result.err.startswith("articlediff: error: ")


def test_reference_restores_synonyms_from_an_aligned_source(cli):
    doc = json.loads(cli("clean", SPUN, "--reference", seed_path("001"), "-f", "json", "--lm", "none").out)
    restored = {(r["before"], r["after"]) for r in doc["repairs"] if r["stage"] == "despin"}
    assert ("primary", "first") in restored
    assert ("safety", "security") in restored
    assert all(r["reason"].startswith("restored from the reference") for r in doc["repairs"] if r["stage"] == "despin")


def test_compare_raw_skips_normalisation(cli):
    normal = json.loads(cli("compare", BANNER, BANNER, "-f", "json").out)
    raw = json.loads(cli("compare", BANNER, BANNER, "-f", "json", "--raw").out)
    assert raw["summary"]["shared"] == normal["summary"]["shared"] + 9  # the banner's sentences
