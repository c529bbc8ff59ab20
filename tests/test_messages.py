"""Messages and summary lines (issue 23): counted nouns in one rule ("1 article", not "1 articles"), one-line errors."""

import sys

from click.testing import CliRunner

from articlediff.cli import main
from articlediff.wording import counted

from .conftest import seed_path


def test_counted_nouns():
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(2_500, "document") == "2,500 documents"
    assert counted(1, "spun copy", "spun copies") == "1 spun copy" and counted(3, "spun copy", "spun copies") == "3 spun copies"


def test_summary_lines_say_one_of_a_thing_in_the_singular(tmp_path):
    runner = CliRunner()
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    (one / "b.txt").write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    dedup = runner.invoke(main, ["dedup", str(one)])
    assert dedup.output.startswith("2 documents read, 0 skipped · 1 cluster · 1 duplicate ·"), dedup.output
    timeline = runner.invoke(main, ["timeline", str(one / "a.txt"), "--no-color"])
    assert timeline.exit_code == 0 and "1 article in date order" in timeline.output, timeline.output
    for result in (dedup, timeline):
        assert " 1 articles" not in result.output and " 1 clusters" not in result.output and " 1 duplicates" not in result.output


def test_an_error_is_one_line_with_nothing_before_it(tmp_path):
    # found by a new user: dedup's progress display left a blank line on standard error before the message
    import subprocess
    import sys

    missing = str(tmp_path / "missing")
    for argv in (["dedup", missing], ["index", "add", "--db", str(tmp_path / "x.adx"), missing]):
        done = subprocess.run([sys.executable, "-m", "articlediff", *argv], capture_output=True, text=True)
        assert done.returncode != 0 and done.stderr.startswith("articlediff: error:"), done.stderr
        assert done.stderr.count("\n") == 1


def test_a_skipped_line_is_named_once_and_standard_input_by_name(tmp_path):
    bad = '{"id": "a", "text": "hello there"}\n{"id": "b", "text": "unterminated\n'
    path = tmp_path / "bad.jsonl"
    path.write_text(bad, encoding="utf-8")
    from_file = CliRunner().invoke(main, ["dedup", str(path)])
    assert f"skipped {path}: line 2: not valid JSON (Unterminated string starting at column " in from_file.output
    from_stdin = CliRunner().invoke(main, ["dedup", "-"], input=bad)
    assert "skipped standard input: line 2: not valid JSON" in from_stdin.output
    assert "at at" not in from_file.output + from_stdin.output


def test_check_names_documents_from_standard_input_and_knows_an_indexed_file(tmp_path):
    import json

    db = str(tmp_path / "corpus.adx")
    runner = CliRunner()
    line = json.dumps({"id": "stored", "text": seed_path("002").read_text(encoding="utf-8")}) + "\n"
    assert runner.invoke(main, ["index", "add", "--db", db, "-"], input=line).exit_code == 0
    same = tmp_path / "again.txt"
    same.write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    copy = runner.invoke(main, ["check", "--db", db, str(same), "--fail-on", ""])
    assert "exact copy of stored, from standard input" in copy.output and "(-)" not in copy.output
    from_stdin = runner.invoke(main, ["check", "--db", db, "-", "--fail-on", ""], input=line.replace('"stored"', '"x"'))
    assert from_stdin.output.startswith("standard input, line 1 (x): duplicate")
    # a file checked against an index that holds that very file: not "no similar document"
    own = str(tmp_path / "own.adx")
    assert runner.invoke(main, ["index", "add", "--db", own, str(same)]).exit_code == 0
    again = runner.invoke(main, ["check", "--db", own, str(same), "--fail-on", "", "-f", "json"])
    result = json.loads(again.output)["results"][0]
    assert result["already_indexed"] is True and result["verdict"] == "new" and result["matches"] == []
    text = runner.invoke(main, ["check", "--db", own, str(same), "--fail-on", ""])
    assert "indexed already" in text.output and "no similar document in the index" not in text.output


def test_make_says_what_it_does_before_each_install():
    # make demo was silent for 45 s while pip installed: each install step is announced first
    from .conftest import ROOT

    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    installs = [k for k, line in enumerate(lines) if line.startswith("\t") and "pip install" in line and "bench/" not in line]
    set_up = [k for k in installs if not any(word in lines[k] for word in ("datasketch", "gensim"))]  # make bench's own
    assert set_up, "no install steps found"
    for k in set_up:
        assert lines[k - 1].startswith('\t@echo "==> '), f"Makefile line {k + 1} installs without saying so first"


def test_the_command_list_is_not_cut_short():
    listing = CliRunner().invoke(main, ["--help"]).output.split("Commands:")[1]
    assert "..." not in listing
    for name in main.commands:
        assert f"  {name} " in listing


def test_one_similarity_scale_jaccard_in_percent_and_the_old_spelling_still_read(tmp_path, cli):
    import json

    runner = CliRunner()
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    new = runner.invoke(main, ["dedup", str(folder), "--jaccard", "50", "-f", "json"])
    old = runner.invoke(main, ["dedup", str(folder), "-t", "0.5", "-f", "json"])
    assert json.loads(new.output)["summary"] == json.loads(old.output.split("\n", 1)[1])["summary"]
    assert old.output.startswith("articlediff: note: -t/--threshold is now --jaccard, in percent: --jaccard 50")
    for bad in (["--jaccard", "150"], ["--jaccard", "0"], ["--jaccard", "50", "-t", "0.5"]):
        refused = cli("dedup", folder, *bad)
        assert refused.code == 2 and len(refused.err.strip().splitlines()) == 1, refused.err
    # the matcher's similarity is a percentage too: a fraction is read as one, with a note
    a, b = seed_path("002"), seed_path("003")
    noted = runner.invoke(main, ["compare", str(a), str(b), "-t", "0.8"])
    assert noted.exit_code == 0 and "note: -t is a similarity in percent (0-100)" in noted.output
    assert "note:" not in runner.invoke(main, ["compare", str(a), str(b), "-t", "80"]).output
    low = runner.invoke(main, ["compare", str(a), str(b), "-t", "1.5"])
    assert low.exit_code == 0 and "note: -t is a similarity in percent (0-100): 1.5 pairs almost any two passages" in low.output


def test_every_command_that_takes_a_language_model_offers_the_same_choices_and_default():
    options = [p for command in main.commands.values() for p in getattr(command, "params", []) if p.name == "lm"]
    assert len(options) >= 2
    assert len({(tuple(p.type.choices), p.default, p.help.split(":", 1)[1]) for p in options}) == 1


def test_an_html_page_without_the_html_extra_is_refused_with_what_to_install(tmp_path, monkeypatch, cli):
    # the light default install has no HTML extractor: the page is not compared as raw tags
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if the html extra were not installed
    path = tmp_path / "story.html"
    path.write_text("<!DOCTYPE html><html><body><p>Some news text here.</p></body></html>", encoding="utf-8")
    result = cli("compare", path, seed_path("002"))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "is an HTML page: install the html extra" in result.err and "articlediff[html]" in result.err


def test_compare_and_clean_say_one_of_a_thing_in_the_singular(tmp_path):
    runner = CliRunner()
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The fire at Hill Top was put out by the crews from the town on Monday.\n", encoding="utf-8")
    b.write_text("The fire at Hill Top was put out by crews from the town on Monday.\n", encoding="utf-8")
    compared = runner.invoke(main, ["compare", str(a), str(b), "--no-color"]).output
    assert "1 passage shared (1 edited, 0 moved)" in compared
    (tmp_path / "c.txt").write_text("The prime m inister spoke.\n", encoding="utf-8")
    cleaned = runner.invoke(main, ["clean", str(tmp_path / "c.txt"), "--explain", "--lm", "none"]).output
    assert cleaned.startswith("1 repair ·"), cleaned


def test_a_plain_article_piped_where_json_lines_are_read_is_one_message(cli):
    # `cat story.txt | articlediff check --db x -` gave one "not valid JSON" skip per line of the story
    story = seed_path("002").read_text(encoding="utf-8")
    from articlediff.read.jsonl import PLAIN_TEXT_PIPED

    result = CliRunner().invoke(main, ["dedup", "-"], input=story)
    assert result.output.count("skipped standard input") == 1 and PLAIN_TEXT_PIPED in result.output
    # JSON Lines whose first line is damaged are still read line by line: the others are kept
    lines = '{"id": "a", "text": "broken\n' + '{"id": "b", "text": "' + story.split("\n")[0].replace('"', "'") + '"}\n'
    kept = CliRunner().invoke(main, ["dedup", "-"], input=lines)
    assert kept.output.startswith("1 document read, 1 skipped"), kept.output
