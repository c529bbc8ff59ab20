"""The command line: formats, output files, colour, and one-line errors with exit codes."""

import json
import os
import subprocess
import sys

import pytest

import articlediff.cli  # noqa: F401
import articlediff.compare  # noqa: F401  (loaded, so its module can be patched)
from articlediff import __version__

from .conftest import seed_path

A = seed_path("000")
B = seed_path("001")


def test_text_report_has_summary_and_wdiff_markers(cli):
    result = cli("compare", A, B)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(f"A: {A}")
    assert lines[1].startswith(f"B: {B}")
    assert "passages shared" in lines[2] and "only in A" in lines[2] and "similarity" in lines[2]
    assert "[-affix-]{+join+}" in result.out
    assert "\x1b[" not in result.out  # no colour when not on a terminal


def test_no_color_option_and_color_rendering():
    from articlediff import compare, render

    comparison = compare(A, B)
    coloured = render(comparison, "text", color=True)
    assert "\x1b[" in coloured and "[-affix-]" not in coloured
    assert "\x1b[" not in render(comparison, "text", color=False)


def test_json_follows_the_contract(cli):
    result = cli("compare", A, B, "--format", "json")
    assert result.code == 0
    doc = json.loads(result.out)
    assert doc["schema"] == "articlediff.compare/1"
    for side in ("a", "b"):
        assert set(doc[side]) >= {"path", "characters", "words", "sha256"}
    texts = {"a": A.read_text(encoding="utf-8"), "b": B.read_text(encoding="utf-8")}
    assert doc["pairs"], "seed 000 shares passages with 001"
    for pair in doc["pairs"]:
        assert set(pair) == {"a", "b", "score", "kind", "edits"}
        assert pair["kind"] in {"unchanged", "edited", "moved"}
        assert 0 <= pair["score"] <= 100
        for side in ("a", "b"):
            assert texts[side][pair[side]["start"] : pair[side]["end"]] == pair[side]["text"]
        for edit in pair["edits"]:
            assert set(edit) == {"op", "a_start", "a_end", "b_start", "b_end"}
    for key, side in (("only_a", "a"), ("only_b", "b")):
        for span in doc[key]:
            assert texts[side][span["start"] : span["end"]] == span["text"]
    summary = doc["summary"]
    assert summary["shared"] == len(doc["pairs"])
    assert summary["only_a"] == len(doc["only_a"]) and summary["only_b"] == len(doc["only_b"])


def test_markdown_format(cli):
    result = cli("compare", A, B, "-f", "markdown")
    assert result.code == 0
    assert result.out.startswith("# Comparison of")
    assert "~~affix~~ **join**" in result.out


def test_threshold_option_changes_pairing(cli):
    strict = json.loads(cli("compare", A, B, "-f", "json", "-t", "90").out)
    loose = json.loads(cli("compare", A, B, "-f", "json", "-t", "60").out)
    assert strict["threshold"] == 90 and len(strict["pairs"]) < len(loose["pairs"])
    assert all(p["score"] >= 90 for p in strict["pairs"])


def test_output_file_is_written_atomically_and_matches_stdout(cli, tmp_path):
    out = tmp_path / "report.json"
    result = cli("compare", A, B, "-f", "json", "-o", out)
    assert result.code == 0 and result.out == ""
    assert out.read_text(encoding="utf-8") == cli("compare", A, B, "-f", "json").out
    assert os.listdir(tmp_path) == ["report.json"]


def test_refuses_to_overwrite_an_input(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Some text here.", encoding="utf-8")
    result = cli("compare", a, B, "-o", a)
    assert result.code == 2
    assert "refusing to overwrite" in result.err
    assert a.read_text(encoding="utf-8") == "Some text here."


def test_failed_run_leaves_existing_output_untouched(cli, tmp_path):
    out = tmp_path / "report.txt"
    out.write_text("previous report", encoding="utf-8")
    result = cli("compare", tmp_path / "missing.txt", B, "-o", out)
    assert result.code == 2
    assert out.read_text(encoding="utf-8") == "previous report"
    assert os.listdir(tmp_path) == ["report.txt"]


def test_output_into_missing_folder_is_one_line_error(cli, tmp_path):
    result = cli("compare", A, B, "-o", tmp_path / "nope" / "x.txt")
    assert result.code == 2 and result.err.count("\n") == 1 and "does not exist" in result.err


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "x.bin").write_bytes(b"\x00\x01binary") and d / "x.bin", "looks binary"),
        (lambda d: (d / "e.txt").write_bytes(b"") or d / "e.txt", "is empty"),
        (lambda d: (d / "p.txt").write_bytes(b"---\n***\n") and d / "p.txt", "has no words"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, make, message):
    result = cli("compare", make(tmp_path), B)
    assert result.code == 2
    assert result.err.startswith("articlediff: error: ")
    assert message in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["compare", str(A)],
        ["compare", str(A), str(B), "--threshold", "300"],
        ["compare", str(A), str(B), "--format", "pdf"],
        ["compar", str(A), str(B)],
        ["compare", "-", "-"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(cli, args):
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("articlediff: error: ") and result.err.count("\n") == 1


def test_internal_error_is_one_line_unless_debug(cli, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("something broke")

    # the command imports the library's compare when it runs: replace it in its module
    monkeypatch.setattr(sys.modules["articlediff.compare"], "compare", boom)
    result = cli("compare", A, B)
    assert result.code == 3
    assert result.err == "articlediff: internal error: RuntimeError: something broke (run with --debug for the traceback)\n"
    debug = cli("--debug", "compare", A, B)
    assert debug.code == 3
    assert "Traceback (most recent call last)" in debug.err and "RuntimeError: something broke" in debug.err


def test_debug_shows_traceback_for_bad_input_but_keeps_exit_2(cli, tmp_path):
    result = cli("--debug", "compare", tmp_path / "missing.txt", B)
    assert result.code == 2
    assert "Traceback" in result.err and result.err.endswith("no such file\n")


def test_bare_command_prints_help(cli):
    result = cli()
    assert result.code == 0 and "compare" in result.out and result.err == ""


def test_stdin_as_one_side(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "articlediff", "compare", "-", str(B), "-f", "json"],
        input=A.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["a"]["path"] == "<stdin>" and doc["pairs"]


def test_help_and_version(cli):
    assert cli("--version").out.strip() == f"articlediff, version {__version__}"
    result = cli("compare", "--help")
    assert result.code == 0 and "--threshold" in result.out and "--no-color" in result.out


def test_console_script_reports_bad_input_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "articlediff", "compare", str(tmp_path / "nope.txt"), str(B)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"articlediff: error: {tmp_path / 'nope.txt'}: no such file\n"
