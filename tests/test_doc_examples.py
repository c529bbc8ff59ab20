"""The examples the docs mark as checked print what the docs show (tools/doc_examples.py; issue 23)."""

import importlib.util
import sys

import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("doc_examples", ROOT / "tools" / "doc_examples.py")
doc_examples = importlib.util.module_from_spec(_spec)
sys.modules["doc_examples"] = doc_examples  # its dataclass looks its module up there
_spec.loader.exec_module(doc_examples)

EXAMPLES = doc_examples.examples()
BLOCKS = doc_examples.blocks(EXAMPLES)


def test_the_docs_mark_their_main_examples_as_checked():
    marked = {e.path.name for e in EXAMPLES}
    assert {"README.md", "cli.md", "formats.md", "dedup.md"} <= marked


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0].name for b in BLOCKS])
def test_checked_examples_print_what_the_docs_show(block):
    with doc_examples.scratch() as folder:  # a block's commands in turn: one may write what the next reads
        for example in block:
            actual = doc_examples.run(example.command, folder)
            assert doc_examples.matches(example.expected, actual), "\n".join(
                [example.name, "the docs show:", *example.expected, "", "the program prints:", *actual, "",
                 "(tools/doc_examples.py --write)"]
            )


def test_an_elision_stands_for_any_lines_and_nothing_else():
    assert doc_examples.matches(["a", "[…]", "d"], ["a", "b", "c", "d"])
    assert doc_examples.matches(["a", "[…]", "d"], ["a", "d"])
    assert not doc_examples.matches(["a", "[…]", "d"], ["a", "b", "c"])
    assert not doc_examples.matches(["a", "b"], ["a", "b", "c"])
