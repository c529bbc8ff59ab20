"""Docs keep the CLI and the JSON contract honest: every command, option and field is documented."""

import json
import re

import click
import pytest

from articlediff import compare
from articlediff.cli import main

from .conftest import ROOT, seed_path

CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
FORMATS_DOC = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
ARCHITECTURE_DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_a_section(name):
    command = main.commands[name]
    assert command.help, f"{name} has no help text"
    assert f"## `articlediff {name}`" in CLI_DOC


@pytest.mark.parametrize(
    "name, option",
    [
        (name, opt)
        for name, cmd in sorted(main.commands.items())
        for p in cmd.params
        if isinstance(p, click.Option)
        for opt in p.opts
    ],
)
def test_every_option_is_documented(name, option):
    assert f"`{option}`" in CLI_DOC, f"{name} {option} missing from docs/cli.md"


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_every_json_field_is_documented():
    doc = json.loads(json.dumps(compare(seed_path("000"), seed_path("001")).to_dict()))
    for key in set(_keys(doc)):
        assert re.search(rf"`{re.escape(key)}`", FORMATS_DOC), f"JSON field {key!r} not in docs/formats.md"
    assert "articlediff.compare/1" in FORMATS_DOC


def test_architecture_names_every_module():
    src = ROOT / "src" / "articlediff"
    for path in src.rglob("*.py"):
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        rel = path.relative_to(src).as_posix()
        assert rel in ARCHITECTURE_DOC, f"docs/architecture.md does not mention {rel}"


def test_the_readme_shows_the_timeline_brief_as_it_is():
    from articlediff import timeline
    from articlediff.report.timeline_text import render

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r'\$ \.venv/bin/articlediff timeline fixtures/seeds/ \| grep -E "(.+?)"\n(.*?)\n```', readme, re.S)
    assert command, "README.md has no timeline example"
    shown = command.group(2).splitlines()
    brief = render(timeline([ROOT / "fixtures" / "seeds"]), width=200)
    assert [line for line in brief.splitlines() if re.search(command.group(1), line)] == shown


def test_the_timeline_doc_shows_lines_of_the_brief_as_they_are():
    from articlediff import timeline
    from articlediff.report.timeline_text import render

    doc = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    section = doc[doc.index("## The brief report") :]
    block = section[section.index("```text") + len("```text") : section.index("```", section.index("```text") + 7)]
    brief = render(timeline([ROOT / "fixtures" / "seeds"]), width=200).splitlines()
    shown = [line for line in block.splitlines() if line.strip() and line.strip() != "…"]
    assert len(shown) > 10 and [line for line in shown if line not in brief] == []


def test_the_readme_shows_the_rewrite_facts_as_they_are():
    from articlediff import compare, render

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ \.venv/bin/articlediff compare (\S+) (\S+) \| sed -n 3,6p\n(.*?)\n```", readme, re.S)
    assert shown, "README.md has no rewrite example"
    report = render(compare(ROOT / shown.group(1), ROOT / shown.group(2)), "text", width=200)
    assert report.splitlines()[2:6] == shown.group(3).splitlines()
