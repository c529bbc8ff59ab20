"""Where each article goes in the timeline: by its date, and, when dates cannot tell, by what it copies.

Dates alone get a story's order wrong in two common cases, so the order is
built from evidence in three steps (docs/timeline.md, "Order"):

1. **Dated articles** (a publication date from metadata) go by date; equal
   dates keep the order given.
2. **Undated articles** are placed by what they share.  An undated article
   whose text dated ones hold is presumed to be a copy (content farms and
   rewriters drop the date; publishers keep it) of the one that holds it
   most closely, and goes right after it; the dates its text mentions as
   past are a lower bound (it goes after every article dated before that
   bound).
   An undated article with neither goes first, in the order given, as a
   possible source.  Such a placement is marked *presumed*: the report
   says so rather than asserting which came first.
3. **A spun copy comes after its source, whatever their dates**: the spin
   evidence (the synonym swaps between the two read worse on one side;
   :mod:`.copies`) says which text was derived from which, and that is
   stronger evidence than a missing or mistaken date.  It reads worse than
   every unspun article holding the same text, so it must follow at least
   one unspun article that holds its text; it moves only when it follows
   none.  An undated spun copy also follows every undated article it reads
   worse than: nothing says otherwise, and placed before one it would be
   read as that article's source.

The same placement runs for ``--order given``, except that step 3 is the
only change made to the order the user gave.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .dates import ArticleDate


def _before(date: str, bound: str) -> bool:
    """Whether ``date`` lies before the period ``bound`` names ("2025-10-31" is before "2025-11"; "2025-11-03" is not)."""
    return date[: len(bound)] < bound


def place(
    initial: Sequence[int],
    dates: Sequence[ArticleDate],
    spun_from: Mapping[int, set[int]],
    copies_from: Mapping[int, Mapping[int, float]],
    *,
    by_date: bool = True,
    facts_from: Mapping[int, Mapping[int, float]] | None = None,
) -> tuple[list[int], dict[int, tuple[int, str]]]:
    """The timeline order (positions into the articles) and, per article placed by evidence, after which and why.

    ``initial`` is the order by date (:func:`.dates.time_order`) or as given;
    ``spun_from[k]`` are the unspun articles that article ``k`` reads worse
    than (it was spun from one of them, or from a text they share);
    ``copies_from[k]`` the articles that hold a real share of ``k``'s text,
    with how closely (either direction not known yet); ``facts_from[k]`` the
    articles that tell the same story as ``k`` by its rare facts
    (:mod:`articlediff.facts.provenance`), with a score: an undated article
    that no dated one holds the text of is presumed a rewrite of the dated
    one it shares the rarest facts with.  With ``by_date`` False only the
    spun copies move.
    """
    notes: dict[int, tuple[int, str]] = {}
    order = list(initial)
    if by_date:
        dated = [i for i in initial if dates[i].date]
        undated = [i for i in initial if not dates[i].date]
        rank = {i: n for n, i in enumerate(dated)}
        keys: dict[int, tuple] = {i: (rank[i], 0, n) for n, i in enumerate(dated)}
        for n, u in enumerate(undated):
            held = {d: m for d, m in copies_from.get(u, {}).items() if d in rank}
            rewrite = not held and bool(facts_from) and any(d in rank for d in facts_from.get(u, {}))
            if rewrite:  # no dated article holds its text, but one tells its story by its facts
                held = {d: m for d, m in facts_from[u].items() if d in rank}
            bound = dates[u].not_before
            before_bound = [d for d in dated if bound and _before(dates[d].date, bound)]
            # Presumed a copy of the dated article that holds its text most closely (the earliest on a tie),
            # and in any case after every article dated before its text's latest date.
            best = max(held, key=lambda d: (held[d], -rank[d])) if held else None
            after = max([d for d in (best, *before_bound) if d is not None], key=rank.__getitem__, default=None)
            if after is not None:
                keys[u] = (rank[after], 1, n)
                if after != best:
                    why = f"undated, and its text mentions dates up to {bound}"
                elif rewrite:
                    why = "undated; presumed a rewrite of it, the dated article it shares the rarest facts with"
                else:
                    why = "undated; presumed a copy of it, the dated article that holds its text most closely"
                notes[u] = (after, why)
            else:
                keys[u] = (-1, 0, n)
        order = sorted(initial, key=keys.__getitem__)
    # A spun copy must follow an unspun version of its text: one of the articles it reads worse
    # than, or another article that holds its text and is not a spun copy itself.  When it follows
    # none, it moves right after the first article it reads worse than (the smallest move).
    # An undated spun copy also follows every undated article it reads worse than: no date says otherwise, and
    # placed before one it would be read as that article's source (the unspun text copied from its spun copy).
    for _ in range(len(order)):
        moved = False
        for copy, sources in spun_from.items():
            pos = {k: n for n, k in enumerate(order)}
            unspun = set(sources) | {h for h in copies_from.get(copy, {}) if h not in spun_from}
            undated = [s for s in sources if by_date and not dates[s].date and not dates[copy].date]
            if any(pos[s] < pos[copy] for s in unspun) and all(pos[s] < pos[copy] for s in undated):
                continue
            if undated and any(pos[s] < pos[copy] for s in unspun):
                after = max(undated, key=pos.__getitem__)
                why = "undated; a spun copy comes after the undated articles it reads worse than"
            else:
                after = min(sources, key=pos.__getitem__)
                why = "a spun copy comes after its source, whatever the dates say"
            order.remove(copy)
            order.insert(order.index(after) + 1, copy)
            notes[copy] = (after, why)
            moved = True
        if not moved:
            break
    return order, notes
