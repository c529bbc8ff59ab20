"""Shared fixtures: the seed articles and an in-process CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articlediff import Article, read_article
from articlediff.cli import run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. ``"000"``)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    return {p.name[:3]: read_article(p) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def labelled_pairs() -> list[dict]:
    with open(DATA / "sentence_pairs.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys):
    """Run the console entry point in-process and return its exit code and output."""

    def invoke(*args: str) -> CliResult:
        with pytest.raises(SystemExit) as exit_info:
            run([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(exit_info.value.code, captured.out, captured.err)

    return invoke
