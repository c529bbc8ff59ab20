"""Start-up (issue 22): the command line's help loads no engine, and the lazy public names mean what they say."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Modules a command's ``--help`` must not import: the engines and their heavy dependencies.
ENGINES = ("numpy", "ftfy", "articlediff.dedup.run", "articlediff.compare", "articlediff.timeline.build",
           "articlediff.index.store", "articlediff.normalise.clean", "articlediff.facts")  # fmt: skip


def _loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = f"import sys\n{code}\nimport json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("command", [[], ["compare"], ["dedup"], ["check"], ["index", "add"], ["clean"], ["timeline"]])
def test_help_imports_no_engine(command):
    code = (
        "from articlediff.cli import main\n"
        f"try:\n    main.main({command + ['--help']!r}, standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    loaded = _loaded_after(code)
    assert "articlediff.cli" in loaded
    heavy = sorted(m for m in loaded if any(m == e or m.startswith(e + ".") for e in ENGINES))
    assert heavy == [], f"--help of {command} imported {heavy}"


def test_import_articlediff_imports_no_engine():
    loaded = _loaded_after("import articlediff")
    assert not {m for m in loaded if m.split(".")[0] in ("numpy", "ftfy")}
    assert "articlediff.compare" not in loaded


def test_every_public_name_resolves_to_what_all_promises():
    import articlediff

    for name in articlediff.__all__:
        assert getattr(articlediff, name) is not None, name
    assert callable(articlediff.compare) and callable(articlediff.timeline) and callable(articlediff.related)
    assert callable(articlediff.segment) and callable(articlediff.align) and callable(articlediff.dedup)


def test_a_function_keeps_its_name_when_its_namesake_module_is_imported_first():
    # In a fresh interpreter the submodules are imported before the public names are read: importing
    # ``articlediff.compare`` (the module) must not replace ``articlediff.compare`` (the function).
    code = (
        "import importlib\n"
        "for m in ('articlediff.compare', 'articlediff.timeline', 'articlediff.segment', 'articlediff.align',\n"
        "          'articlediff.related', 'articlediff.index.check', 'articlediff.dedup'):\n"
        "    importlib.import_module(m)\n"
        "import articlediff, articlediff.index, types\n"
        "names = [articlediff.compare, articlediff.timeline, articlediff.segment, articlediff.align,\n"
        "         articlediff.related, articlediff.index.check, articlediff.dedup, articlediff.check]\n"
        "assert not any(isinstance(n, types.ModuleType) for n in names), names\n"
        "assert articlediff.check is articlediff.index.check\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_names_are_attribute_errors():
    import articlediff
    import articlediff.dedup

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        articlediff.nothing_here  # noqa: B018
    with pytest.raises(AttributeError):
        articlediff.dedup.nothing_here  # noqa: B018
    assert "compare" in dir(articlediff) and "Index" in dir(articlediff)
