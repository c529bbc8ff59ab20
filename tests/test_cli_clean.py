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


# --- suggestions, the confidence bar, spinner profiles ---------------------------------------

SOURCE = seed_path("001")


def test_suggestions_are_listed_and_applied_only_when_asked(cli):
    default = json.loads(cli("clean", SPUN, "-f", "json").out)
    assert default["min_confidence"] == 0.95 and default["suggestions"]
    assert not [r for r in default["repairs"] if r["stage"] == "despin"]
    assert set(default["suggestions"][0]) == set(default["repairs"][0])  # the same fields as a repair
    applied = json.loads(cli("clean", SPUN, "-f", "json", "--apply-suggestions").out)
    assert not applied["suggestions"] and applied["min_confidence"] == 0.0
    assert {(s["before"], s["after"]) for s in default["suggestions"]} <= {
        (r["before"], r["after"]) for r in applied["repairs"] if r["stage"] == "despin"
    }
    assert applied["text"] != default["text"]
    explain = cli("clean", SPUN, "--explain").out
    assert "suggestions, not applied (confidence below 0.95" in explain
    assert explain.splitlines()[1].startswith("de-spinning: ran from context; spin score")


def test_markdown_and_html_show_repairs_and_suggestions(cli):
    markdown = cli("clean", SPUN, "-f", "markdown").out
    assert "## Repairs (applied): 5" in markdown and "## Suggestions (not applied):" in markdown
    assert "| despin | primary | first |" in markdown
    html = cli("clean", SPUN, "-f", "html").out
    assert html.startswith("<!doctype html>") and 'class="suggestion"' in html and "<del>{</del>" in html


def test_bad_confidence_options_are_usage_errors(cli):
    for args in (["--min-confidence", "2"], ["--min-confidence", "nan"], ["--apply-suggestions", "--min-confidence", "0.5"]):
        result = cli("clean", SPUN, *args)
        assert result.code == 2 and result.err.startswith("articlediff: error:") and "Traceback" not in result.err


def test_spinner_learn_show_and_clean_with_a_profile(cli, tmp_path):
    profile = tmp_path / "farm.json"
    learned = cli("spinner", "learn", SPUN, SOURCE, "-o", profile)
    assert learned.code == 0 and "swaps from 1 article pair" in learned.err
    data = json.loads(profile.read_text())
    assert data["schema"] == "articlediff.spinner/1" and data["pairs"] == 1
    shown = cli("spinner", "show", profile, "-n", "3")
    assert shown.code == 0 and shown.out.splitlines()[1].split()[:4] == ["2", "security", "→", "safety"]
    assert len(shown.out.splitlines()) == 5  # header, three swaps, "… and N more"
    cleaned = json.loads(cli("clean", SPUN, "--spinner", profile, "-f", "json").out)
    restored = {(r["before"], r["after"]) for r in cleaned["repairs"] if r["reason"].startswith("spinner profile")}
    assert ("primary", "first") in restored and cleaned["metadata"]["despin"]["profile"] is True
    # An existing profile is never replaced; --update adds to it.
    again = cli("spinner", "learn", SPUN, SOURCE, "-o", profile)
    assert again.code == 2 and "exists" in again.err and json.loads(profile.read_text()) == data
    assert cli("spinner", "learn", SPUN, SOURCE, "-o", profile, "--update").code == 0
    assert json.loads(profile.read_text())["pairs"] == 2


def test_spinner_learn_refuses_bad_input(cli, tmp_path):
    out = tmp_path / "p.json"
    odd = cli("spinner", "learn", SPUN, "-o", out)
    assert odd.code == 2 and "in pairs" in odd.err and not out.exists()
    missing = cli("spinner", "learn", SPUN, tmp_path / "nope.txt", "-o", out)
    assert missing.code == 2 and not out.exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = cli("clean", SPUN, "--spinner", bad)
    assert result.code == 2 and "not a spinner profile" in result.err
