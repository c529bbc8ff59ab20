"""Stored texts in the corpus index (``index add --store-text``) and finding an article's source (``clean --db``)."""

from __future__ import annotations

import json
import re

import pytest
from rapidfuzz.distance import Levenshtein

from articlediff.index import FoundSource, Index, SourceUnavailableError, find_source
from articlediff.normalise.lexicon import load_thesaurus
from articlediff.read import Document

from .conftest import seed_path
from .test_dedup_index import generated_documents, generated_text

SOURCES = ("001", "002", "003", "004")
_WORD = re.compile(r"[A-Za-z]+")


def seed(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def spun_copy(text: str, every: int = 4) -> tuple[str, set[int]]:
    """Every ``every``-th lower-case word the thesaurus can replace swapped for a listed synonym, by hand.

    Returns the copy and the indices (in ``_WORD`` tokens, the same in both
    texts: a synonym is one token) of the words swapped.
    """
    forward: dict[str, str] = {}
    for form, originals in load_thesaurus().items():
        if _WORD.fullmatch(form):
            for original in originals[:3]:
                forward.setdefault(original, form)
    swapped: set[int] = set()
    eligible = 0
    out, pos = [], 0
    for k, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        if word.islower() and len(word) > 3 and word in forward:
            eligible += 1
            if eligible % every == 0:
                out += [text[pos : m.start()], forward[word]]
                pos = m.end()
                swapped.add(k)
    out.append(text[pos:])
    return "".join(out), swapped


def restored_share(original: str, cleaned: str, swapped: set[int]) -> float:
    """The share of the swapped words that the cleaned text has back where they were (word alignment)."""
    a = [w.lower() for w in _WORD.findall(original)]
    b = [w.lower() for w in _WORD.findall(cleaned)]
    kept = set()
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            kept.update(range(op.src_start, op.src_end))
    return len(swapped & kept) / len(swapped)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "corpus.sqlite"


def seed_documents(folder=None) -> list[Document]:
    return [Document(id=f"seed-{k}", text=seed(k), path=str(seed_path(k))) for k in SOURCES]


# --- finding the source --------------------------------------------------------------


def test_find_source_picks_the_source_of_a_spun_copy(db):
    spun, swapped = spun_copy(seed("003"))
    assert len(swapped) > 40
    with Index(db) as index:
        index.add([*seed_documents(), *generated_documents(50)], workers=1)
        found = find_source(index, spun)
        assert isinstance(found, FoundSource)
        assert (found.id, found.stored_text) == ("seed-003", False) and found.relation in ("near", "spun")
        assert found.text == seed("003") and 0.5 <= found.similarity <= 1 and found.overlap > 0.8
        assert found.to_dict() == {"id": "seed-003", "path": str(seed_path("003")), "relation": found.relation,
                                   "similarity": round(found.similarity, 4)}  # fmt: skip
        assert find_source(index, generated_text(999)) is None  # nothing like it
        itself = find_source(index, seed("002"))  # the article itself is indexed: harmless, and said so
        assert (itself.id, itself.relation, itself.text) == ("seed-002", "exact", seed("002"))
    assert find_source(db, spun).id == "seed-003"  # a path is opened for reading


def test_the_original_wins_over_an_earlier_spun_copy(db):
    spun, _ = spun_copy(seed("003"), every=3)
    again, _ = spun_copy(seed("003"), every=2)  # another spinning of the same source, also indexed
    with Index(db) as index:
        index.add([*seed_documents(), Document(id="earlier-spin", text=again, path="x/earlier.txt")], store_text=True)
        assert {m.id for m in index.query(Document(text=spun))} >= {"seed-003", "earlier-spin"}
        found = find_source(index, spun)
    assert found.id == "seed-003" and found.stored_text


def test_a_jsonl_source_is_read_through_its_path_and_id(tmp_path, db):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "a", "text": seed("001")}, {"id": "b", "text": seed("004")}, {"id": "c", "text": seed("002")}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    spun, _ = spun_copy(seed("004"))
    with Index(db) as index:
        index.add([feed])
        found = find_source(index, spun)
    assert (found.id, found.path, found.text, found.stored_text) == ("b", str(feed), seed("004"), False)


def test_a_jsonl_id_made_unique_across_files_is_found_by_its_content(tmp_path, db):
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    day1.write_text(json.dumps({"id": "story", "text": seed("001")}) + "\n", encoding="utf-8")
    day2.write_text(json.dumps({"id": "story", "text": seed("003")}) + "\n", encoding="utf-8")
    spun, _ = spun_copy(seed("003"))
    with Index(db) as index:
        index.add([day1, day2])  # day2's "story" is stored as "story#2"
        found = find_source(index, spun)
    assert (found.id, found.path, found.text) == ("story#2", str(day2), seed("003"))


def test_a_source_that_moved_is_a_clear_error(tmp_path, db):
    moved = tmp_path / "source.txt"
    moved.write_text(seed("003"), encoding="utf-8")
    with Index(db) as index:
        index.add([moved])
    moved.rename(tmp_path / "elsewhere.txt")
    with pytest.raises(SourceUnavailableError) as info:
        find_source(db, spun_copy(seed("003"))[0])
    message = str(info.value)
    assert message.startswith(f"{moved}: the indexed source") and "no such file" in message and "\n" not in message


def test_a_relative_path_is_also_tried_from_the_index_folder(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "s.txt").write_text(seed("004"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with Index("corpus.sqlite") as index:
        index.add(["corpus"])  # stored as corpus/s.txt, relative to tmp_path
    monkeypatch.chdir(tmp_path / "corpus")
    assert find_source(tmp_path / "corpus.sqlite", spun_copy(seed("004"))[0]).text == seed("004")


# --- clean --db ------------------------------------------------------------------------


@pytest.fixture
def spun_file(tmp_path):
    spun, swapped = spun_copy(seed("003"))
    path = tmp_path / "spun.txt"
    path.write_text(spun, encoding="utf-8")
    return path, swapped


def test_clean_db_restores_the_spun_words(cli, tmp_path, spun_file):
    path, swapped = spun_file
    db = tmp_path / "corpus.sqlite"
    assert cli("index", "add", *(seed_path(k) for k in SOURCES), "--db", db, "-q", "--store-text").code == 0
    result = cli("clean", path, "--db", db, "--lm", "none")
    assert result.code == 0
    assert restored_share(seed("003"), result.out, swapped) >= 0.9  # the target
    assert restored_share(seed("003"), cli("clean", path, "--lm", "none").out, swapped) < 0.2  # without it, next to none

    explained = cli("clean", path, "--db", db, "--lm", "none", "--explain").out.splitlines()
    head = f"reference: {seed_path('003').stem} ({seed_path('003')}), "
    assert explained[1].startswith("de-spinning: ran from reference")  # the header's two lines, then which reference
    assert explained[2].startswith(head) and re.fullmatch(r"(near|spun), similarity 0\.\d\d", explained[2][len(head) :])
    assert len(explained[3].split("\t")) == 4  # the repairs follow as before
    doc = json.loads(cli("clean", path, "--db", db, "--lm", "none", "-f", "json").out)
    assert doc["metadata"]["reference"]["id"] == seed_path("003").stem
    assert set(doc["metadata"]["reference"]) == {"id", "path", "relation", "similarity"}


def test_clean_db_without_a_match_says_so(cli, tmp_path, spun_file):
    path, _ = spun_file
    db = tmp_path / "corpus.sqlite"
    with Index(db) as index:
        index.add(generated_documents(5))
    explained = cli("clean", path, "--db", db, "--lm", "none", "--explain")
    assert explained.code == 0 and explained.out.splitlines()[2].startswith("reference: none")
    assert json.loads(cli("clean", path, "--db", db, "--lm", "none", "-f", "json").out)["metadata"]["reference"] is None


def test_clean_db_errors_are_one_line(cli, tmp_path, spun_file):
    path, _ = spun_file
    db = tmp_path / "corpus.sqlite"
    both = cli("clean", path, "--db", db, "--reference", seed_path("003"))
    assert both.code == 2 and "--db and --reference cannot be combined" in both.err
    missing = cli("clean", path, "--db", db)
    assert missing.code == 2 and missing.err == f"articlediff: error: {db}: no such index\n" and not db.exists()
    source = tmp_path / "source.txt"
    source.write_text(seed("003"), encoding="utf-8")
    assert cli("index", "add", source, "--db", db, "-q").code == 0
    source.unlink()
    gone = cli("clean", path, "--db", db, "--lm", "none")
    assert gone.code == 2 and gone.out == "" and len(gone.err.splitlines()) == 1
    assert gone.err.startswith(f"articlediff: error: {source}: the indexed source") and "Traceback" not in gone.err
