"""Run the examples the docs mark as checked and compare what they print with what the docs show.

Why: examples written by hand drift from the program (issue 23 found a
``clean`` example that printed "5 repairs · spin score 0.025" where the
program prints other lines, and a summary line no run gave).  An example
block is checked when an HTML comment marks it, on the line before its fence:

* ``<!-- checked -->`` before a ``console`` block: each ``$ `` line is a
  command, run by ``sh`` from the repository root, and the lines after it,
  up to the next ``$ `` line, are what it prints (standard output and
  standard error together, in the order written);
* ``<!-- checked: COMMAND -->`` before any block: the whole block is what
  ``COMMAND`` prints.

A line ``[…]`` in the expected output stands for any number of lines, so an
example may leave out what does not matter to it.  The commands see the
``articlediff`` of the interpreter running this script first on their
``PATH``, ``$A`` and ``$B`` naming seeds 000 and 001 (as docs/cli.md sets
them), no colour, and a fixed terminal width.  The commands of one block run
in turn in a scratch folder where ``fixtures`` and ``.venv`` are those of the
repository, so an example may write an index or a profile and the next one
read it, and nothing is left behind.

    .venv/bin/python tools/doc_examples.py            # check every marked example; exit 1 on a difference
    .venv/bin/python tools/doc_examples.py --write    # rewrite the outputs of examples without "[…]" from real runs
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELIDED = "[…]"
_MARK = re.compile(r"<!-- checked(?::\s*(?P<command>.+?))?\s*-->\s*$")
_FENCE = re.compile(r"^```")


@dataclass
class Example:
    path: Path
    line: int  # 1-based line of the first output line (or of the command)
    command: str
    expected: list[str]
    start: int  # 0-based index of the block's first expected line in the file's lines
    end: int  # 0-based index after its last
    block: int = 0  # 1-based line of the block's fence: the commands of one block share a folder

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def examples(paths=DOCS) -> list[Example]:
    """Every checked example of the docs, in order."""
    found = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        k = 0
        while k < len(lines):
            mark = _MARK.match(lines[k].strip())
            if not mark or k + 1 >= len(lines) or not _FENCE.match(lines[k + 1]):
                k += 1
                continue
            body_start = k + 2
            body_end = next(j for j in range(body_start, len(lines)) if _FENCE.match(lines[j]))
            if mark.group("command"):
                expected = lines[body_start:body_end]
                found.append(Example(path, body_start + 1, mark.group("command"), expected, body_start, body_end, k + 2))
            else:
                commands = [j for j in range(body_start, body_end) if lines[j].startswith("$ ")]
                for n, j in enumerate(commands):
                    stop = commands[n + 1] if n + 1 < len(commands) else body_end
                    found.append(Example(path, j + 1, lines[j][2:], lines[j + 1 : stop], j + 1, stop, k + 2))
            k = body_end + 1
    return found


def blocks(found: list[Example]) -> list[list[Example]]:
    """The examples grouped by the block they stand in, in order: a block's commands run one after another."""
    grouped: dict[tuple[Path, int], list[Example]] = {}
    for example in found:
        grouped.setdefault((example.path, example.block), []).append(example)
    return list(grouped.values())


@contextmanager
def scratch() -> Iterator[Path]:
    """A folder to run one block's commands in, where the repository's ``fixtures`` and ``.venv`` are at hand as
    in its root and whatever a command writes (an index, a profile) is thrown away afterwards."""
    with tempfile.TemporaryDirectory(prefix="articlediff-docs-") as folder:
        for name in ("fixtures", ".venv"):
            if (ROOT / name).exists():
                (Path(folder) / name).symlink_to(ROOT / name)
        yield Path(folder)


def run(command: str, cwd: Path = ROOT) -> list[str]:
    """What ``command`` prints (both streams), run as the docs say, in ``cwd``."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(A="fixtures/seeds/000_64357183f80b0290.txt", B="fixtures/seeds/001_6612d092722dc0ce.txt",
               NO_COLOR="1", COLUMNS="100")
    done = subprocess.run(["sh", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300)
    out = done.stdout.rstrip("\n")
    return out.split("\n") if out else []


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected``, each ``[…]`` line standing for any number of lines."""
    expected = _trimmed(expected)
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == ELIDED else re.escape(line) + r"\n" for line in expected)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the outputs of examples that elide nothing")
    args = parser.parse_args()
    failed = 0
    edits: dict[Path, list[tuple[int, int, list[str]]]] = {}
    found = examples()
    for block in blocks(found):
        with scratch() as folder:
            for example in block:
                actual = run(example.command, folder)
                if matches(example.expected, actual):
                    continue
                if args.write and not any(line.strip() == ELIDED for line in example.expected):
                    trailing = example.expected[len(_trimmed(example.expected)):]
                    edits.setdefault(example.path, []).append((example.start, example.end, actual + trailing))
                    print(f"rewrote {example.name}: {example.command}")
                    continue
                failed += 1
                print(f"{example.name}: {example.command}\n  the docs show:\n" + "\n".join(f"    {x}" for x in example.expected)
                      + "\n  the program prints:\n" + "\n".join(f"    {x}" for x in actual))
    for path, changes in edits.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for start, end, new in sorted(changes, reverse=True):
            lines[start:end] = new
        path.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(found)} checked examples, {failed} different")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
