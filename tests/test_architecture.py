"""The import graph of src/articlediff has no cycles, and its layers point one way.

Every import counts, including those inside functions (a lazy import is
still a dependency, and a cycle through one only waits to be hit).  The
graph is read from the source with ``ast``: nothing is imported to draw it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src"
PACKAGE = "articlediff"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package: dotted name → file."""
    return {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in ``module``."""
    if not level:
        return name or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def import_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports (anywhere in its body)."""
    known = modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, path, node.level, node.module)
                # "from . import stage" names a submodule; "from .read import Document" a package's attribute.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            for target in targets:
                while target and target not in known:  # "articlediff.read.partitions.Partition" → its module
                    target = target.rpartition(".")[0]
                if target.startswith(PACKAGE) and target != module:
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    assert "articlediff.compare" in graph and "articlediff.align" in graph["articlediff.compare"]
    assert "articlediff.matching" in graph["articlediff.segment"]


def test_there_are_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def floors_in_the_docs() -> dict[str, int]:
    """The floor of each module or package, read from the floor table of docs/architecture.md."""
    floors: dict[str, int] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 4 or not cells[1][:1].isdigit():
            continue
        floor = int(cells[1].split("–")[0])
        for name in cells[2].replace("`", "").split(","):
            name = name.strip()
            if name in ("__init__.py", "__main__.py"):
                floors[PACKAGE if name == "__init__.py" else f"{PACKAGE}.__main__"] = floor
            elif name.endswith("/"):
                floors[f"{PACKAGE}.{name.rstrip('/').replace('/', '.')}"] = floor
            elif name.endswith(".py"):
                floors[f"{PACKAGE}.{name[:-3].replace('/', '.')}"] = floor
    return floors


def floor_of(module: str, floors: dict[str, int]) -> int | None:
    """A module's floor: its own entry, else its package's."""
    while module:
        if module in floors:
            return floors[module]
        module = module.rpartition(".")[0]
    return None


def test_every_module_has_a_floor_in_the_docs():
    floors = floors_in_the_docs()
    missing = [m for m in import_graph() if floor_of(m, floors) is None]
    assert floors and not missing, f"docs/architecture.md's floor table leaves out {missing}"


def test_no_import_goes_up_a_floor():
    # The map in docs/architecture.md is the code's: a module imports only from its own floor or below.
    floors = floors_in_the_docs()
    upward = [
        (m, t)
        for m, targets in import_graph().items()
        for t in targets
        if floor_of(t, floors) > floor_of(m, floors)
    ]
    assert upward == [], f"imports that go up a floor of docs/architecture.md: {upward}"
