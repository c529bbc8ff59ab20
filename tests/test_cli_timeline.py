"""``articlediff timeline``: formats, order, output file, folders and bad input."""

import json

from .conftest import SEEDS, seed_path


def test_json_of_the_seed_folder(cli):
    result = cli("timeline", SEEDS, "-f", "json", "-q")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["schema"] == "articlediff.timeline/1"
    assert [a["id"][:3] for a in doc["articles"]][:2] == ["001", "000"]
    assert doc["articles"][1]["spun"] is True
    assert doc["articles"][1]["relation"] == {
        "kind": "spun copy",
        "to": doc["articles"][0]["id"],
        "passages": len(doc["articles"][1]["copied"]),
        "share": doc["articles"][1]["relation"]["share"],
        "presumed": False,
    }
    assert doc["articles"][1]["depends_on"] == doc["articles"][0]["id"]
    assert doc["summary"]["articles"] == 5
    assert doc["title"] and all(a["label"] and "removed" in a for a in doc["articles"])


def test_given_order_and_text_report(cli):
    result = cli("timeline", seed_path("001"), seed_path("000"), "--order", "given", "--no-color")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("2 articles in given order")
    second = lines.index(next(line for line in lines if line.startswith("2. ") and line.endswith("· 000_64357183f80b0290")))
    assert lines[second + 1].strip().startswith("SPUN copy of #1 (8 passages)")
    assert not any(line.startswith("   % spun from") for line in lines)  # the brief lists no copied passages
    full = cli("timeline", seed_path("001"), seed_path("000"), "--order", "given", "--no-color", "--full").out.splitlines()
    assert any(line.startswith("   % spun from #1") for line in full) and len(full) > len(lines)


def test_markdown_and_html_formats(cli, tmp_path):
    md = cli("timeline", seed_path("001"), seed_path("000"), "-f", "markdown")
    assert md.code == 0 and md.out.startswith("# Timeline of 2 articles")  # neither has a headline
    assert "**SPUN copy of \\#1 (8 passages)**" in md.out
    assert "*Removed as boilerplate: 4 (2 promo, share or newsletter line; 2 photo caption and credit)*" in md.out
    out = tmp_path / "story.html"
    html = cli("timeline", SEEDS, "-f", "html", "-o", out, "-q")
    assert html.code == 0 and html.out == ""
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>") and "000_64357183f80b0290" in page
    assert '<a href="#a-001_6612d092722dc0ce">#1</a>: a spun copy comes after its source' in page


def test_bad_input_is_one_line_and_exit_2(cli, tmp_path):
    missing = cli("timeline", tmp_path / "nope.txt")
    assert missing.code == 2 and missing.err.count("\n") == 1 and "nope.txt" in missing.err
    (tmp_path / "empty").mkdir()
    empty = cli("timeline", tmp_path / "empty")
    assert empty.code == 2 and "no .txt, .md or .jsonl files" in empty.err
    bad_order = cli("timeline", seed_path("000"), "--order", "sideways")
    assert bad_order.code == 2


def test_output_never_overwrites_an_input(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(seed_path("004").read_bytes())
    result = cli("timeline", a, seed_path("001"), "-o", a)
    assert result.code == 2
    assert a.read_bytes() == seed_path("004").read_bytes()


def test_progress_is_reported_per_article_and_quiet_hides_the_bar(cli, tmp_path):
    from articlediff import timeline

    for n in range(7):
        (tmp_path / f"a{n}.txt").write_text(f"Article number {n} says the summit is in Brussels on day {n}.", encoding="utf-8")
    seen = []
    timeline([tmp_path], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 7) for n in range(1, 8)]
    quiet = cli("timeline", tmp_path, "-q", "-f", "json")
    assert quiet.code == 0 and quiet.err == ""
    loud = cli("timeline", tmp_path, "-f", "json")
    assert loud.code == 0 and json.loads(loud.out)["summary"]["articles"] == 7


def test_front_matter_and_a_manifest_date_and_name_the_articles(cli, tmp_path):
    story = (seed_path("004").read_text(encoding="utf-8")).split("\n\n")
    body = "\n\n".join(story[:8]) + "\n"
    update = body.replace("May 19", "May 20") + "\nA spokesman said the date had moved by a day.\n"
    (tmp_path / "first.md").write_text(
        "---\ntitle: Starmer says Europe must step up\noutlet: The Wire\ndate: 2025-03-02T09:00:00Z\n---\n" + body,
        encoding="utf-8",
    )
    (tmp_path / "second.md").write_text("---\ntitle: Summit moves a day\n---\n" + update, encoding="utf-8")
    (tmp_path / "articles.csv").write_text("path,date,outlet\nsecond.md,2025-03-03,Daily Copy\n", encoding="utf-8")
    result = cli("timeline", tmp_path / "second.md", tmp_path / "first.md", "--manifest", tmp_path / "articles.csv", "--no-color")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Story: Starmer says Europe must step up"
    assert lines[4].startswith("1. Starmer says Europe must step up — The Wire · 2025-03-02 · first")
    second = next(n for n, line in enumerate(lines) if line.startswith("2. "))
    assert lines[second].startswith("2. Summit moves a day — Daily Copy · 2025-03-03 · second")
    assert lines[second + 1].strip().startswith("depends on #1 by ")
    assert "! date changed since #1: 'May 19' → 'May 20'" in result.out
    assert "---" not in result.out and "title:" not in result.out  # front matter is metadata, never text
