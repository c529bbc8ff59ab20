"""Facts as the unit of provenance (issue 21, first part): the checkable facts of an article, and same-story links."""

from __future__ import annotations

from articlediff.facts.extract import extract_facts
from articlediff.facts.provenance import MIN_RARE_SHARED, fact_keys, rarity, story_links, telling

from .conftest import SEEDS


def _seeds() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def test_the_rewrite_003_is_linked_to_002_by_the_facts_it_kept():
    links = story_links(_seeds())
    best = links[0]
    assert (best.a, best.b) == ("002", "003") and best.same_story
    shared = [key for key, _ in best.shared]
    assert len(shared) >= 5
    assert {"money:EUR 150000000000", "organisation:euuk partnership council", "person:nick thomassymonds"} <= set(shared)
    assert {"money:EUR 2000000000", "money:EUR 90000000000"} <= set(best.only_b)  # what 003 adds
    assert [(link.a, link.b) for link in links if link.same_story] == [("002", "003")]  # no other seed pair is a rewrite
    assert best.to_dict()["shared"][0]["fact"] == shared[0]


def test_facts_that_name_no_story_are_left_out():
    text = "The Prime Minister said on Monday that 3 people and 27 staff met next week. The fund spent €150bn."
    found = {(f.type, f.value) for f in extract_facts(text)}
    assert {("person", "role: prime minister"), ("date", "monday"), ("number", "27")} <= found  # found, but not kept:
    kept = fact_keys(text)
    assert list(kept) == ["money:EUR 150000000000"]
    assert not any(k.startswith(("date:", "number:")) or k.startswith("person:role") for k in kept)
    assert all(f.type != "quote" or not telling(f) for f in extract_facts('He said: "We will go."'))


def test_rarer_facts_weigh_more_and_links_are_symmetric():
    weights = rarity({"a": {"x", "y"}, "b": {"x"}, "c": {"x", "z"}})
    assert weights["y"] > weights["x"] and weights["y"] == weights["z"]
    texts = _seeds()
    forward = {(link.a, link.b): link.score for link in story_links(texts)}
    backward = {(link.b, link.a): link.score for link in story_links(dict(reversed(list(texts.items()))))}
    assert forward == backward
    assert MIN_RARE_SHARED >= 2


def test_compare_sets_the_facts_side_by_side_in_every_format():
    from articlediff import compare, render

    seeds = sorted(SEEDS.glob("*.txt"))
    result = compare(seeds[2], seeds[3])  # 002 and 003: no passage shared, the facts are
    assert result.summary["shared"] == 0
    data = result.to_dict()["facts"]
    keys = [s["fact"] for s in data["shared"]]
    assert {"money:EUR 150000000000", "organisation:euuk partnership council", "person:nick thomassymonds"} <= set(keys)
    for item in data["shared"]:  # offsets into each article
        assert result.a.text[item["a"]["start"] : item["a"]["end"]] == item["a"]["text"]
        assert result.b.text[item["b"]["start"] : item["b"]["end"]] == item["b"]["text"]
    assert {"money:EUR 2000000000", "money:EUR 90000000000"} <= {o["fact"] for o in data["only_b"]}
    text = render(result, "text")
    assert "facts: 8 shared · 0 changed" in text and "EU-UK Partnership Council" in text.splitlines()[4]
    assert "**facts: 8 shared" in render(result, "markdown")
    later = compare(seeds[1], seeds[4])  # 001 and 004: the summit's date changed
    assert [(c.before, c.after) for c in later.facts.changed] == [("possibly in April or May", "May 19")]
    assert "  changed: possibly in April or May → May 19" in render(later, "text")


def test_the_timeline_places_the_rewrite_after_its_source_and_names_the_facts():
    from articlediff import render, timeline

    tl = timeline([SEEDS])
    ids = [e.id[:3] for e in tl.entries]
    rewrite = tl.entries[ids.index("003")]
    assert ids.index("003") == ids.index("002") + 1  # no dated article holds its text: placed by its facts
    assert rewrite.placed is not None and "presumed a rewrite" in rewrite.placed.why
    (link,) = rewrite.fact_links
    assert link.to.startswith("002") and len(link.shared) >= 5
    assert {"money:EUR 150000000000", "organisation:euuk partnership council", "person:nick thomassymonds"} <= set(link.keys)
    # the rarest first: 003's "November 2025", which agrees with 002's "the end of last year" (002 is dated 2026-02-01)
    assert (link.keys[0], link.shared[0]) == ("date:2025-11", "November 2025 (= the end of last year)")
    assert "November 2025" not in {text for _, text in rewrite.new_facts}
    assert {"€2 billion", "€90 billion"} <= {text for _, text in rewrite.new_facts}
    others = [e for e in tl.entries if e is not rewrite]
    assert all(not e.fact_links and not e.new_facts for e in others)  # no other seed is linked by facts alone
    data = tl.to_dict()["articles"][ids.index("003")]
    assert data["fact_links"][0]["to"] == link.to and {"fact": "money:EUR 2000000000", "text": "€2 billion"} in data["new_facts"]
    for fmt in ("text", "markdown", "html"):
        shown = render(tl, fmt)
        assert "same story by its facts as" in shown and "€90 billion" in shown


def test_linked_only_finds_the_same_links_without_visiting_every_pair():
    texts = _seeds()
    every = [(link.a, link.b, link.score) for link in story_links(texts) if link.same_story]
    assert [(link.a, link.b, link.score) for link in story_links(texts, linked_only=True)] == every


def test_relative_dates_are_read_against_the_article_date():
    import datetime

    from articlediff.facts.resolve import resolve_date

    on = datetime.date(2026, 2, 1)
    assert resolve_date("end of last year", on) == "2025-end"
    assert resolve_date("last year", on) == "2025" and resolve_date("next year", "2026-02-01") == "2027"
    assert resolve_date("yesterday", on) == "2026-01-31" and resolve_date("tomorrow", on) == "2026-02-02"
    assert resolve_date("last month", on) == "2026-01" and resolve_date("last month", datetime.date(2026, 1, 9)) == "2025-12"
    assert resolve_date("3 days ago", on) == "2026-01-29" and resolve_date("14 months ago", on) == "2024-12"
    assert resolve_date("2 years ago", on) == "2024"
    # what one reading cannot give stays relative: a weekday, a week, a season, a span
    for value in ("monday", "next week", "last summer", "3 weeks ago", "coming weeks", "few years ago"):
        assert resolve_date(value, on) is None, value
    assert resolve_date("last year", None) is None and resolve_date("last year", "no date") is None


def test_an_article_date_makes_its_relative_dates_checkable_facts():
    text = "Talks broke down at the end of last year. Yesterday the minister met Kallas on Monday."
    assert not any(k.startswith("date:") for k in fact_keys(text))  # undated: "last year" names no year
    keys = fact_keys(text, "2026-02-01")
    assert {"date:2025-end", "date:2026-01-31"} <= set(keys)
    assert keys["date:2025-end"].text.endswith("end of last year")  # the evidence is the words as written
    assert not any("monday" in k for k in keys)
    # two articles of different days saying "last year" name different years: no shared fact
    from articlediff.facts.provenance import compare_facts

    later = compare_facts("Prices rose 4% last year.", "Prices rose 4% last year.", "2025-03-01", "2026-03-01")
    assert [k for k, _, _ in later.shared] == ["percent:4%"] and not later.changed
    assert [k for k, _ in later.only_a] == ["date:2024"] and [k for k, _ in later.only_b] == ["date:2025"]


def test_dates_of_one_thing_agree_when_one_is_within_the_other():
    from articlediff import compare
    from articlediff.dedup.telling import telling_word
    from articlediff.facts.provenance import agreeing_dates, compare_facts
    from articlediff.facts.resolve import date_span, within

    assert within("2025-11", "2025-end") and within("2025-end", "2025") and within("2026-01-31", "2026-01")
    assert not within("2025-06", "2025-end") and not within("2025-11", "2024") and not within("2025", "2025")
    assert date_span("2025-turn") is None and date_span("monday") is None
    # the example: seed 002 (dated 2026-02-01) and seed 003 name one collapse of talks
    report = compare(SEEDS / "002_4d9cd72785382e96.txt", SEEDS / "003_5d012883ee3a5f9a.txt")
    ((ka, kb, fa, fb),) = report.facts.agreeing
    assert (ka, kb, fa.text, fb.text) == ("date:2025-end", "date:2025-11", "the end of last year", "November 2025")
    shared = report.to_dict()["facts"]["shared"]
    assert {"fact": "date:2025-end", "b_fact": "date:2025-11"}.items() <= shared[-1].items()
    # a date of another thing in the same months stays apart
    a, b = "Talks broke down at the end of last year.", "A festival opened in November 2025."
    facts = agreeing_dates(compare_facts(a, b, "2026-02-01", None), a, b, telling_word)
    assert not facts.agreeing and [k for k, _ in facts.only_b] == ["date:2025-11"]


def test_a_fact_linked_article_names_each_changed_fact_once():
    from articlediff import render, timeline
    from articlediff.read import Document

    a = (
        "date 2026-01-10\n\nThe Tarvin council approved a budget of €40 million for the Ostrava Bridge, Mayor Anna Pelham "
        "said on Friday. Work will start in March 2026 and employ 350 builders from the Lublin Group. The bridge will "
        "replace a crossing built in 1931."
    )
    b = (
        "date 2026-01-12\n\nMayor Anna Pelham has confirmed that the Tarvin council approved a budget of €45 million for "
        "the Ostrava Bridge. About 350 builders of the Lublin Group are to begin in March 2026; the old crossing dates "
        "from 1931."
    )
    others = [
        "date 2026-01-11\n\nFloods closed the Marrakesh road for 12 hours after 80 millimetres of rain, police said.",
        "date 2026-01-13\n\nA new opera house in Quinvex will open in 2027 after a €300 million refit, Ivo Marek said.",
    ]
    tl = timeline([Document(text=t, id=n, path=n) for n, t in zip("abcd", [a, b, *others])])
    entry = next(e for e in tl.entries if e.id == "b")
    (link,) = entry.fact_links
    assert link.to == "a" and {"person:anna pelham", "organisation:lublin group", "date:2026-03"} <= set(link.keys)
    assert link.to_dict()["changed"] == []  # its passages show the change already: not twice
    assert [(c.before, c.after) for c in entry.fact_changes] == [("€40 million", "€45 million")]
    text = render(tl, "text")
    assert text.count("'€40 million' → '€45 million'") == 1 and "€40 million → €45 million" not in text


def test_a_fact_link_line_names_what_changed():
    from articlediff.report.timeline_text import fact_link_words

    link = {"to": "a", "shared": [{"text": "Anna Pelham"}], "changed": [{"before": "May 19", "after": "June 2"}]}
    assert fact_link_words(link, {"a": 1}) == "same story by its facts as #1: 1 shared (Anna Pelham); 1 changed (May 19 → June 2)"
    assert fact_link_words({**link, "changed": []}, {"a": 1}).endswith("1 shared (Anna Pelham)")


def test_related_pairs_rank_copies_before_fact_links():
    from articlediff import related

    pairs = related([SEEDS])
    assert [(r.a[:3], r.b[:3], r.relation) for r in pairs] == [("000", "001", "partial"), ("002", "003", "same facts")]
    assert {"money:EUR 150000000000", "person:nick thomassymonds"} <= set(pairs[1].evidence)
    assert pairs[1].to_dict()["relation"] == "same facts"


def test_fact_links_name_the_closest_earlier_tellings_and_no_agreed_date_is_new():
    """A story told eleven times: the last telling lists the 8 earlier ones sharing the rarest facts (as
    passages do), and a date that agrees with an earlier telling left off the list is still not "stated first"."""
    from articlediff import timeline
    from articlediff.read import Document

    verbs = ["approved", "backed", "passed", "agreed", "signed off", "voted through", "cleared", "endorsed", "ratified"]
    story = [
        "date 2026-01-01\n\nTalks on the Ostrava Bridge began in November 2025, Mayor Anna Pelham said. The Lublin "
        "Group will build it for €40 million."
    ]
    for n, verb in enumerate(verbs, start=2):
        story.append(
            f"date 2026-01-{n:02d}\n\nThe Tarvin council {verb} €40 million for the Ostrava Bridge, Mayor Anna Pelham "
            f"said in report number {n}. The Lublin Group will hire builders for it, Viktor Baros added."
        )
    story.append(
        "date 2026-02-01\n\nTalks on the Ostrava Bridge began at the end of last year. The Tarvin council put €40 "
        "million into it, Mayor Anna Pelham said, and the Lublin Group will build it, Viktor Baros added."
    )
    others = [
        f"date 2026-01-{n:02d}\n\nIn Quinvex{n}, Ivo Marek{n} opened hall number {100 + n} for {n} thousand euros."
        for n in range(1, 13)
    ]
    docs = [Document(text=t, id=f"s{k}", path=f"s{k}") for k, t in enumerate(story)]
    docs += [Document(text=t, id=f"o{k}", path=f"o{k}") for k, t in enumerate(others)]
    tl = timeline(docs, lm="none")
    last = next(e for e in tl.entries if e.id == f"s{len(story) - 1}")
    assert len(last.fact_links) == 8
    assert all(link.to.startswith("s") for link in last.fact_links)
    assert "s0" not in {link.to for link in last.fact_links}  # linked, but shares the fewest rare facts: left off
    assert "date:2025-end" not in {key for key, _ in last.new_facts}  # = "November 2025" in s0
