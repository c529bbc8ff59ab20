"""Packages whose public names are imported on first use, so ``articlediff --help`` loads no engine.

``import articlediff`` used to import every flow at once (compare, dedup,
the index, the timeline, numpy and ftfy with them): 0.27 s before a command
could print its help (issue 22).  A package that calls :func:`lazy_exports`
keeps its public names (``articlediff.compare``, ``articlediff.dedup.dedup``)
but imports the module behind each name only when the name is first read.

Several public functions share their name with a submodule
(``articlediff.compare`` the function and ``articlediff/compare.py``).
Importing a submodule sets it as an attribute of its package, which would
replace the function the moment any code imported the module; the package's
class refuses that one assignment, so the public name always means what
``__all__`` says, as it did when the package imported everything eagerly.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


class LazyPackage(ModuleType):
    """A package module that imports each public name's module on first access (see :func:`lazy_exports`)."""

    _exports: dict[str, str]

    def __getattr__(self, name: str):
        target = self.__dict__.get("_exports", {}).get(name)
        if target is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(target, self.__name__), name)
        ModuleType.__setattr__(self, name, value)  # cached: the next read is an ordinary attribute
        return value

    def __setattr__(self, name: str, value) -> None:
        if name in self.__dict__.get("_exports", {}) and isinstance(value, ModuleType):
            return  # a submodule named like a public function (exports are never modules): the function keeps the name
        ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.__dict__.get("_exports", {})))


def lazy_exports(package: str, exports: dict[str, str]) -> None:
    """Make ``package`` import each of ``exports`` on first use.

    ``exports`` maps a public name to the module (relative to ``package``)
    that defines an attribute of that name.  Call it from the package's
    ``__init__`` with ``__name__``.
    """
    module = sys.modules[package]
    module.__class__ = LazyPackage
    module.__dict__["_exports"] = dict(exports)
