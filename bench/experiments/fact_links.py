"""Which articles does a fact-based same-story link join? Seeds and 200 real news stories.

Decided (issue 21, first part): articles are linked by the *rare* facts they share
(``facts.provenance.story_links``), not by their words.  On the seeds, only 002 and 003 (a rewrite
of the events 002 reports) are linked: six shared facts, three of them rare (the €150 billion Safe
fund, the EU-UK Partnership Council, Nick Thomas-Symonds).  On 200 stories of the Lee corpus, the
linked pairs are the same event told again (days of one cricket Test, one Pentagon briefing, one
bank strike): a same-story link is not yet a rewrite verdict.

    .venv/bin/python bench/experiments/fact_links.py

Result (2026-12): seeds: 002/003 linked (score 4.35), no other pair; Lee: 125 of 19,900 pairs linked
(0.3 s for the 200 stories).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _corpus
from _labelled import _lee_lines

from articlediff.facts.provenance import story_links


def main() -> None:
    seeds = story_links(_corpus.seed_texts())
    for link in seeds[:4]:
        print(f"seeds {link.a}/{link.b}: score {link.score:.2f}, rare {link.rare}, same story {link.same_story}, "
              f"shared {[k for k, _ in link.shared]}")  # fmt: skip
    lines = [line for line in _lee_lines("lee_background.cor") if len(line.split()) > 60][:200]
    start = time.perf_counter()
    links = story_links(lines)
    linked = [link for link in links if link.same_story]
    print(f"Lee: {len(linked)} of {len(links):,} pairs linked ({time.perf_counter() - start:.1f} s)")
    for link in linked[:8]:
        print(f"  {lines[int(link.a)][:70]!r}\n  {lines[int(link.b)][:70]!r}\n    shared {[k for k, _ in link.shared][:5]}")


if __name__ == "__main__":
    main()
