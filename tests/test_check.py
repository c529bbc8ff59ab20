"""``articlediff index`` and ``articlediff check``: verdicts, exit codes, formats and the index file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from articlediff.index import Index
from articlediff.index.check import SCHEMA, check
from articlediff.read import Document
from articlediff.report import render

from .conftest import SEEDS, seed_path
from .test_dedup_index import generated_text


def corpus(tmp_path):
    db = tmp_path / "corpus.sqlite"
    with Index(db) as index:
        index.add(Document(id=p.stem, text=p.read_text(encoding="utf-8"), path=str(p)) for p in sorted(SEEDS.glob("*.txt")))
    return db


def incoming(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    base = seed_path("004").read_text(encoding="utf-8")
    (folder / "copy.txt").write_text(base.replace("’", "'"), encoding="utf-8")
    (folder / "edit.txt").write_text(base.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "fresh.txt").write_text(
        "A wholly different report about rainfall in Kerala and the monsoon's early arrival.", encoding="utf-8"
    )
    return folder


def test_library_verdicts_and_add(tmp_path):
    db = corpus(tmp_path)
    report = check([incoming(tmp_path)], db)
    verdicts = {r.document.id: r.verdict for r in report.results}
    assert verdicts == {"copy": "duplicate", "edit": "duplicate", "fresh": "new"}
    (copy,) = [r for r in report.results if r.document.id == "copy"]
    assert copy.matches[0].exact and copy.matches[0].id.startswith("004_")
    assert report.to_dict()["schema"] == SCHEMA == "articlediff.check/1"
    added = check([tmp_path / "in" / "fresh.txt"], db, add=True)
    assert added.added == 1
    # The same document (id, path and content) is itself, not a copy; the same content under another id is a copy.
    assert check([tmp_path / "in" / "fresh.txt"], db).results[0].verdict == "new"
    text = (tmp_path / "in" / "fresh.txt").read_text(encoding="utf-8")
    assert check([Document(text=text, id="other", path="other.txt")], db).results[0].verdict == "duplicate"


def test_cli_exit_codes_and_formats(cli, tmp_path):
    db = tmp_path / "corpus.sqlite"
    built = cli("index", "add", SEEDS, "--db", db, "-q")
    assert built.code == 0 and built.out.startswith("5 added, 0 already indexed")
    again = cli("index", "add", SEEDS, "--db", db, "-q")
    assert again.out.startswith("0 added, 5 already indexed")
    stats = json.loads(cli("index", "stats", "--db", db, "-f", "json").out)
    assert stats["documents"] == 5 and stats["schema_version"] == 4
    folder = incoming(tmp_path)
    found = cli("check", folder, "--db", db)
    assert found.code == 1 and "fresh.txt: new" in found.out
    assert cli("check", folder / "fresh.txt", "--db", db).code == 0
    assert cli("check", folder, "--db", db, "--fail-on", "").code == 0
    data = json.loads(cli("check", folder, "--db", db, "-f", "json").out)
    assert [r["verdict"] for r in data["results"]] == ["duplicate", "duplicate", "new"]
    assert data["results"][0]["matches"][0]["relation"] == "exact"
    junit = ET.fromstring(cli("check", folder, "--db", db, "-f", "junit").out)
    assert junit.get("tests") == "3" and junit.get("failures") == "2"
    github = cli("check", folder, "--db", db, "-f", "github").out.splitlines()
    assert len(github) == 2 and all(line.startswith("::error file=") for line in github)


def test_bad_index_and_bad_options_exit_2(cli, tmp_path):
    folder = incoming(tmp_path)
    missing = cli("check", folder, "--db", tmp_path / "none.sqlite")
    assert missing.code == 2 and "no such index" in missing.err and not (tmp_path / "none.sqlite").exists()
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database", encoding="utf-8")
    bad = cli("check", folder, "--db", foreign)
    assert bad.code == 2 and bad.err.count("\n") == 1
    assert foreign.read_text(encoding="utf-8") == "not a database"
    db = tmp_path / "c.sqlite"
    cli("index", "add", SEEDS, "--db", db, "-q")
    wrong = cli("check", folder, "--db", db, "--fail-on", "duplicate,typo")
    assert wrong.code == 2 and "typo" in wrong.err
    assert cli("index", "stats", "--db", tmp_path / "none.sqlite").code == 2


def test_spun_and_partial_verdicts(tmp_path):
    from .test_dedup import synonym_spun

    db = corpus(tmp_path)
    source = seed_path("002").read_text(encoding="utf-8")
    spun = synonym_spun(source, every=3)
    report_source = seed_path("004").read_text(encoding="utf-8")
    paragraphs = [p for p in report_source.split("\n\n") if len(p.split()) >= 25][:3]
    host = "\n\n".join(
        ["A council in Kent has approved a new bus depot after a two-year planning dispute with residents."]
        + paragraphs
        + ["Residents said the decision ignored their concerns about noise and traffic on the narrow lanes nearby."]
    )
    docs = [Document(id="spun", text=spun, path="in/spun.txt"), Document(id="host", text=host, path="in/host.txt")]
    report = check(docs, db)
    results = {r.document.id: r for r in report.results}
    text = render(report, "text", fail_on=("spun",))
    assert "in/spun.txt: spun: spun copy (skeleton" in text and "in/host.txt: partial: " in text
    assert "% of this document also in 004_" in text  # neither is dated: no direction is claimed
    (run,) = results["host"].matches[0].spans  # the three paragraphs follow each other: one run, quoted under the verdict
    assert host[run[0] : run[1]] == "\n\n".join(paragraphs) and run[2] == sum(len(p.split()) for p in paragraphs)
    assert f"    chars {run[0]}-{run[1]} ({run[2]} words): “{host[run[0] : run[0] + 20]}" in text
    assert "2 checked: 0 duplicate, 1 spun, 1 partial, 0 rewrite, 0 new" in text
    assert results["spun"].verdict == "spun"
    assert results["spun"].matches[0].id.startswith("002_") and results["spun"].matches[0].relation == "spun"
    assert results["host"].verdict == "partial"
    (match,) = results["host"].matches
    assert match.id.startswith("004_") and match.relation == "partial" and 0 < match.score <= 1
    assert abs(match.score - run[2] / len(host.split())) < 0.05  # the share of the host's words in the run
    spans = report.to_dict()["results"][1]["matches"][0]["spans"]
    assert spans == [{"start": run[0], "end": run[1], "words": run[2], "text": host[run[0] : run[1]]}]


def test_a_paragraph_in_many_stored_documents_is_furniture_not_a_partial_copy(tmp_path):
    footer = (
        "Support independent journalism: our reporting is free to read because readers like you give what they can "
        "each month, and every contribution, however big or small, keeps our newsroom going for another year."
    )
    disclaimer = (
        "This article was written by our staff and checked by our editors; errors are corrected as soon as we learn of "
        "them, and corrections are listed on a dedicated page that readers can find at the foot of every story."
    )
    def article(n: int) -> str:  # three paragraphs of made-up words of its own, then the site's furniture
        return "\n\n".join([generated_text(3 * n), generated_text(3 * n + 1), generated_text(3 * n + 2), footer, disclaimer])

    db = tmp_path / "site.sqlite"
    with Index(db) as index:
        index.add(Document(id=f"s{n}", text=article(n), path=f"s{n}.txt") for n in range(10))
        (fresh,) = check([Document(id="n", text=article(99), path="n.txt")], index).results
    with _small_index(tmp_path, [article(n) for n in range(2)]) as small:
        (few,) = check([Document(id="n", text=article(99), path="n.txt")], small).results
    assert fresh.verdict == "new"  # in 10 stored documents, the two paragraphs are furniture
    assert few.verdict == "partial"  # in 2, they are shared passages


def _small_index(tmp_path, texts):
    index = Index(tmp_path / "small.sqlite")
    index.add(Document(id=f"t{k}", text=t, path=f"t{k}.txt") for k, t in enumerate(texts))
    return index


def test_jsonl_documents_are_named_by_line_and_id(cli, tmp_path):
    import json as _json

    base = seed_path("004").read_text(encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "copy", "text": base.replace("Thursday", "Friday")}, {"id": "fresh", "text": generated_text(7)}]
    feed.write_text("".join(_json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "corpus.sqlite"
    assert cli("index", "add", seed_path("004"), "--db", db, "-q").code == 0
    text = cli("check", feed, "--db", db).out.splitlines()
    assert text[0].startswith(f"{feed}:1 (copy): duplicate: near-duplicate") and text[1].startswith(f"{feed}:2 (fresh): new")
    github = cli("check", feed, "--db", db, "-f", "github").out.splitlines()
    assert github == [f"::error file={feed},line=1,title=articlediff duplicate::" + text[0].split(": ", 1)[1].replace("%", "%25")]


def test_a_threshold_the_index_cannot_answer_is_one_line_that_says_what_to_do(cli, tmp_path):
    db = tmp_path / "corpus.sqlite"
    assert cli("index", "add", seed_path("004"), "--db", db, "-q").code == 0
    refused = cli("check", seed_path("002"), "--db", db, "--jaccard", "30")
    assert refused.code == 2 and len(refused.err.strip().splitlines()) == 1
    assert "index add --jaccard 30" in refused.err and "leave the threshold to the index (50%)" in refused.err
    assert cli("check", seed_path("002"), "--db", db, "--jaccard", "70").code == 0  # the same bands: the index answers
