"""Where each article goes in the timeline: by its date, and, when dates cannot tell, by what it copies.

Dates alone get a story's order wrong in two common cases, so the order is
built from evidence in three steps (docs/timeline.md, "Order"):

1. **Dated articles** (a publication date from metadata) go by date; equal
   dates keep the order given.
2. **Undated articles** are placed by what they share.  An undated article
   that takes passages from dated ones is presumed to be a copy of them
   (content farms and rewriters drop the date; publishers keep it) and goes
   right after the latest of them; the dates its text mentions as past are
   a lower bound (it goes after every article dated before that bound).
   An undated article with neither goes first, in the order given, as a
   possible source.  Such a placement is marked *presumed*: the report
   says so rather than asserting which came first.
3. **A spun copy comes after its source, whatever their dates**: the spin
   evidence (the synonym swaps between the two read worse on one side;
   :mod:`.copies`) says which text was derived from which, and that is
   stronger evidence than a missing or mistaken date.

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
    spun_from: Mapping[int, int],
    copies_from: Mapping[int, set[int]],
    *,
    by_date: bool = True,
) -> tuple[list[int], dict[int, tuple[int, str]]]:
    """The timeline order (positions into the articles) and, per article placed by evidence, after which and why.

    ``initial`` is the order by date (:func:`.dates.time_order`) or as given;
    ``spun_from[k] = j`` says article ``k`` is a spun copy of ``j``;
    ``copies_from[k]`` the articles ``k`` takes a real share of its passages
    from (either direction not known yet).  With ``by_date`` False only the
    spun copies move.
    """
    notes: dict[int, tuple[int, str]] = {}
    order = list(initial)
    # Two articles said to be spun from each other contradict each other: neither claim moves anything.
    spun_from = {copy: source for copy, source in spun_from.items() if spun_from.get(source) != copy}
    if by_date:
        dated = [i for i in initial if dates[i].date]
        undated = [i for i in initial if not dates[i].date]
        rank = {i: n for n, i in enumerate(dated)}
        keys: dict[int, tuple] = {i: (rank[i], 0, n) for n, i in enumerate(dated)}
        for n, u in enumerate(undated):
            copied = {d for d in copies_from.get(u, ()) if d in rank}
            bound = dates[u].not_before
            earlier = {d for d in dated if bound and _before(dates[d].date, bound)}
            if copied or earlier:
                last = max(copied | earlier, key=rank.__getitem__)
                keys[u] = (rank[last], 1, n)
                why = (
                    "undated, and shares much of its text with it: presumed a copy"
                    if last in copied
                    else f"undated, and its text mentions dates up to {bound}"
                )
                notes[u] = (last, why)
            else:
                keys[u] = (-1, 0, n)
        order = sorted(initial, key=keys.__getitem__)
    for _ in range(len(order)):  # each pass fixes at least one copy placed before its source
        moved = False
        for copy, source in spun_from.items():
            pos = {k: n for n, k in enumerate(order)}
            if pos[copy] > pos[source]:
                continue
            order.remove(copy)
            order.insert(order.index(source) + 1, copy)
            notes[copy] = (source, "a spun copy comes after its source, whatever the dates say")
            moved = True
        if not moved:
            break
    return order, notes
