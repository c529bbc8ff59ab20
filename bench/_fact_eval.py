"""Scoring fact changes against tests/data/fact_changes.jsonl: shared by fact_change_bench.py and its test.

Standalone on purpose (only the library and the standard library):
``tests/test_fact_change_set.py`` loads this file by path.

A reported change is **right** when it matches a labelled change of its
item: the same type, and before and after each *agree* with the label's.
Two texts agree when, compared as words (lower case, punctuation and
quotation marks dropped), they are equal or one is a run of the other's
words: ``35`` agrees with ``as many as 35``, ``April or May`` with ``possibly in April
or May``; for people, less their titles, one
name's words are among the other's (``Mr Fleischer`` and ``Ari
Fleischer``).  A run of words, not of characters, so ``2`` never agrees with
``12``.  Several reports may match one label (a renamed person reported at
two mentions): each is right, and the label is found once.

* precision = right reports / all reports (by the reported type);
* recall = labelled changes matched by at least one report / all labelled
  changes (by the labelled type).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("number", "money", "percent", "date", "time", "person", "quote")


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[0-9]+(?:[.,:][0-9]+)*|[^\W\d_]+", text.lower()))


def agree(a: str, b: str) -> bool:
    """Whether two fact texts name the same thing, within the tolerance above."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


#: Words before a name that are not part of it: "Professor Trounson" is Alan Trounson.
TITLES = frozenset("mr mrs ms miss dr sir dame lord lady professor prof senator general president premier minister "
                   "judge justice magistrate sergeant inspector superintendent commissioner captain colonel governor "
                   "bishop archbishop father rev reverend sheikh".split())


def same_person(a: str, b: str) -> bool:
    """Two mentions of one person: less the titles, one's words are among the other's ("Mr Fleischer", "Ari Fleischer")."""
    wa = set(_words(a)) - TITLES
    wb = set(_words(b)) - TITLES
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def matches(report: tuple[str, str, str], label: dict) -> bool:
    kind, before, after = report
    same = same_person if kind == "person" else agree
    return kind == label["type"] and same(before, label["before"]) and same(after, label["after"])


@dataclass
class Score:
    reported: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    labelled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: (item id, kind, report) of each wrong report, and (item id, kind, label) of each missed change.
    wrong: list[tuple[str, str, tuple[str, str, str]]] = field(default_factory=list)
    missed: list[tuple[str, str, dict]] = field(default_factory=list)

    def add(self, item: dict, reports: Iterable[tuple[str, str, str]]) -> None:
        labels = item["changes"]
        hit = [False] * len(labels)
        for r in reports:
            self.reported[r[0]] += 1
            ok = [i for i, label in enumerate(labels) if matches(r, label)]
            if ok:
                self.right[r[0]] += 1
                for i in ok:
                    hit[i] = True
            else:
                self.wrong.append((item["id"], item.get("kind", ""), r))
        for label, h in zip(labels, hit):
            self.labelled[label["type"]] += 1
            if h:
                self.found[label["type"]] += 1
            else:
                self.missed.append((item["id"], item.get("kind", ""), label))

    def precision(self, kind: str | None = None) -> float:
        n = sum(self.reported.values()) if kind is None else self.reported[kind]
        r = sum(self.right.values()) if kind is None else self.right[kind]
        return r / n if n else 1.0

    def recall(self, kind: str | None = None) -> float:
        n = sum(self.labelled.values()) if kind is None else self.labelled[kind]
        f = sum(self.found.values()) if kind is None else self.found[kind]
        return f / n if n else 1.0

    def table(self) -> str:
        rows = [f"{'type':<8} {'precision':>15} {'recall':>15}"]
        for kind in (*TYPES, None):
            n_rep = sum(self.reported.values()) if kind is None else self.reported[kind]
            n_lab = sum(self.labelled.values()) if kind is None else self.labelled[kind]
            r = sum(self.right.values()) if kind is None else self.right[kind]
            f = sum(self.found.values()) if kind is None else self.found[kind]
            if kind is not None and not n_rep and not n_lab:
                continue
            rows.append(f"{kind or 'overall':<8} {self.precision(kind):>6.3f} ({r:>3}/{n_rep:<3}) "
                        f"{self.recall(kind):>6.3f} ({f:>3}/{n_lab:<3})")
        return "\n".join(rows)


def timeline_reports(item: dict) -> list[tuple[str, str, str]]:
    """The fact changes the timeline reports for the item's after text against its before text (its real path)."""
    from articlediff import timeline
    from articlediff.read import Document

    result = timeline([Document(item["before"], path="before.txt"), Document(item["after"], path="after.txt")],
                      order="given", lm="none")
    return [(f.type, f.before, f.after) for f in result.entries[1].fact_changes]


def whole_text_reports(item: dict) -> list[tuple[str, str, str]]:
    """``facts.fact_changes`` on the two whole texts, as if they were one aligned passage (for diagnosis)."""
    from articlediff.facts import fact_changes

    a, b = item["before"], item["after"]
    return [(c.type, c.before, c.after) for c in fact_changes(a, (0, len(a)), b, (0, len(b)))]


def evaluate(items: list[dict], report: Callable[[dict], list[tuple[str, str, str]]] = timeline_reports) -> Score:
    score = Score()
    for item in items:
        score.add(item, report(item))
    return score
