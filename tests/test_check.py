"""``articlediff index`` and ``articlediff check``: verdicts, exit codes, formats and the index file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from articlediff.dedup.check import SCHEMA, check
from articlediff.dedup.index import Index
from articlediff.dedup.inputs import Document

from .conftest import SEEDS, seed_path


def corpus(tmp_path):
    db = tmp_path / "corpus.sqlite"
    with Index(db) as index:
        index.add(Document(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt")))
    return db


def incoming(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    base = seed_path("004").read_text(encoding="utf-8")
    (folder / "copy.txt").write_text(base.replace("’", "'"), encoding="utf-8")
    (folder / "edit.txt").write_text(base.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "fresh.txt").write_text("A wholly different report about rainfall in Kerala and the monsoon's early arrival.", encoding="utf-8")
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
    assert check([tmp_path / "in" / "fresh.txt"], db).results[0].verdict == "duplicate"


def test_cli_exit_codes_and_formats(cli, tmp_path):
    db = tmp_path / "corpus.sqlite"
    built = cli("index", "add", SEEDS, "--db", db, "-q")
    assert built.code == 0 and built.out.startswith("5 added, 0 already indexed")
    again = cli("index", "add", SEEDS, "--db", db, "-q")
    assert again.out.startswith("0 added, 5 already indexed")
    stats = json.loads(cli("index", "stats", "--db", db, "-f", "json").out)
    assert stats["documents"] == 5 and stats["schema_version"] == 1
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
