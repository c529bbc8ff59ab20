"""Labelled spin sets: spun text, its source, and where the spinner changed what, for calibrating the de-spinner.

Each :class:`Item` is one spun text with its source and the list of its
spun spans (:class:`Span`: characters of the spun text, the spun wording
and the original wording), as ``spinner.Change`` records give them.
``_calibration.py`` labels every de-spin proposal of a cleaned item right or
wrong against these spans; ``despin_calibration.py`` prints the tables.

The sets (:data:`SETS`):

``ours``
    seeds 001-004 spun by ``spinner.spin`` (our own lexicon, inverted) at
    rates 0.15, 0.25 and 0.35.  Two spinner-seed families, ``split="tune"``
    and ``split="test"``, neither the one ``despin_bench.py`` uses (the
    de-spinner's settings were chosen on those copies): a calibration fitted
    on one is measured on the other.
``fixed-dictionary``
    seeds 001-004 and real news stories (the longest of gensim's
    ``lee_background.cor``, none of them a negative) each spun by
    ``spinner.FixedSpinner``: one form per original word, chosen once per
    dictionary seed, as a content farm's spinner does.
    :func:`profile_transfer_pairs` pairs two different articles spun with
    the same dictionary, to learn a spinner profile on one and apply it to
    the other.
``foreign``
    seeds 001-004 spun with a thesaurus that is not ours (Aiksaurus,
    ``spinner.spin_foreign``; needs ``apt-get install aiksaurus``, else the
    set is empty).  Each span says whether our lexicon lists its original
    for the spun form (``Span.listed``): only those can be restored.
``real``
    seed 000, a real spun copy, on its first seven non-empty lines
    (``Item.scope``), against their counterpart lines of seed 001.  Spans
    come from a word alignment of each line pair: a replaced run of at most
    :data:`REAL_MAX_RUN` words on both sides is a spun span (``certain`` is
    False: 001 is a revised version, so a few are edits); any other
    difference is a :class:`Region` where a change is right only if it gives
    001's wording, and "unknown" otherwise.
``clean``
    ordinary news with no spinning: seeds 001-004 and the passages of
    fixtures/negatives/ (real ABC news from gensim's Lee corpus; see its
    README).  No spans: any de-spin repair is wrong.

Everything is deterministic.  gensim is read as data only (``make_corpus.gensim_data_dir``); without it the
fixed-dictionary set has the seeds only.  ``python bench/_labelled.py`` describes the sets;
``--write-negatives`` rebuilds fixtures/negatives/ from gensim's data.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from pathlib import Path

import spinner
from _corpus import ROOT, seed_texts
from _despin import TARGET_RATES, real_spin_lines, spin_seed
from rapidfuzz.distance import Levenshtein

from articlediff.normalise.lexicon import load_thesaurus
from articlediff.segment import iter_words

SETS = ("ours", "fixed-dictionary", "foreign", "real", "clean")
SEEDS = ("001", "002", "003", "004")
#: Spin rates of the ours and foreign sets.
RATES = TARGET_RATES
#: Added to ``_despin.spin_seed`` for each family of spinner seeds (despin_bench uses offset 0).
SPLIT_OFFSETS = {"tune": 1_000_000, "test": 2_000_000}
#: The fixed-dictionary spinner: dictionary seeds, and the share of eligible words it spins.
DICTIONARY_SEEDS = (1, 2)
FIXED_RATE = 0.3
#: Real news stories (gensim's lee_background.cor) spun by the fixed-dictionary spinner: the longest distinct
#: ones, all longer than the negatives (so no story is in both sets).
NEWS_STORIES = 8
#: In the real set, a replaced run of at most this many words on both sides is a spun span.
REAL_MAX_RUN = 4
#: Our lexicon restores a spun form from its first this many originals (despin.MAX_CANDIDATES).
LISTED_RANK = 12

NEGATIVES_DIR = ROOT / "fixtures" / "negatives"
#: The negatives: passages of this many words from gensim's lee_background.cor.
NEGATIVE_WORDS = (100, 400)
NEGATIVE_COUNT = 40


@dataclass(frozen=True)
class Span:
    """Spun characters ``[start, end)`` of the spun text, which stood for ``original`` in the source."""

    start: int
    end: int
    spun: str
    original: str
    #: False where the "spin" may be an edit (the real set): a third word there is "unknown", not wrong.
    certain: bool = True
    #: Whether our lexicon lists ``original`` for the spun form (so the de-spinner could restore it).
    listed: bool = True


@dataclass(frozen=True)
class Region:
    """A difference that is not a labelled spin (real set): changing it is right only to ``source``'s wording."""

    start: int
    end: int
    spun: str
    source: str


@dataclass
class Item:
    """One labelled spun text."""

    set: str
    name: str
    spun: str
    source: str
    spans: tuple[Span, ...]
    regions: tuple[Region, ...] = ()
    #: Character ranges of ``spun`` the labels cover; None: all of it.  Proposals outside are not labelled.
    scope: tuple[tuple[int, int], ...] | None = None
    #: The spinner's records, when a spinner made the item.
    changes: tuple[spinner.Change, ...] = ()
    meta: dict = field(default_factory=dict)

    def in_scope(self, start: int, end: int) -> bool:
        return self.scope is None or any(s <= start and end <= e for s, e in self.scope)

    @property
    def words(self) -> int:
        """Words of the spun text in scope."""
        return sum(1 for w in iter_words(self.spun) if self.in_scope(w.start, w.end))


def listed(spun: str, original: str) -> bool:
    """Whether our lexicon would offer ``original`` (lower case) for the spun wording."""
    return original.lower() in load_thesaurus().get(spun.lower(), ())[:LISTED_RANK]


def spans_from_changes(spun: str, changes) -> tuple[Span, ...]:
    """The :class:`Span` of each ``spinner.Change`` (its word indices turned into characters of ``spun``)."""
    words = list(iter_words(spun))
    out = []
    for c in changes:
        start, end = words[c.spun_start].start, words[c.spun_end - 1].end
        out.append(Span(start, end, spun[start:end], c.original, listed=listed(spun[start:end], c.original)))
    return tuple(out)


def _item(set_name: str, name: str, source: str, spun: str, changes, **meta) -> Item:
    return Item(set_name, name, spun, source, spans_from_changes(spun, changes), changes=tuple(changes), meta=meta)


# --- ours ---------------------------------------------------------------------------


def family_seed(split: str, name: str, rate: float, rep: int) -> int:
    """The spinner seed of replicate ``rep`` of seed file ``name`` at ``rate`` in family ``split``."""
    if split not in SPLIT_OFFSETS:
        raise ValueError(f"split must be one of {', '.join(SPLIT_OFFSETS)}, not {split!r}")
    return SPLIT_OFFSETS[split] + spin_seed(name, rate, rep)


def ours(split: str = "test", rates=RATES, replicates: int = 3, names=SEEDS) -> list[Item]:
    """Seeds ``names`` spun by ``spinner.spin`` at each rate, ``replicates`` spinner seeds of family ``split`` each."""
    texts = seed_texts()
    out = []
    for name in names:
        for rate in rates:
            for rep in range(replicates):
                seed = family_seed(split, name, rate, rep)
                spun, changes = spinner.spin(texts[name], rate, seed)
                label = f"{name}@{rate:.2f}#{rep}"
                out.append(_item("ours", label, texts[name], spun, changes, rate=rate, seed=seed, split=split))
    return out


# --- fixed dictionary -------------------------------------------------------------------


def gensim_data_dir() -> Path | None:
    """gensim's test data folder, or None when gensim is not installed (it is read as data, never imported)."""
    import importlib.util

    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "test" / "test_data"


def _lee_lines(file: str) -> list[str]:
    data = gensim_data_dir()
    if data is None or not (data / file).exists():
        return []
    raw = (data / file).read_bytes()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError:
        content = raw.decode("cp1252")  # lee.cor is Windows-1252
    return [" ".join(line.split()) for line in content.splitlines()]


def _word_count(text: str) -> int:
    return sum(1 for _ in iter_words(text))


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = [w.key for w in iter_words(text)]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _distinct(candidates: list[tuple[str, str]], max_containment: float = 0.2) -> list[tuple[str, str]]:
    """The candidates, in order, less any whose word 5-grams overlap a kept one's by more than ``max_containment``."""
    kept, sets = [], []
    for name, text in candidates:
        s = _shingles(text)
        if s and all(len(s & t) / min(len(s), len(t)) <= max_containment for t in sets):
            kept.append((name, text))
            sets.append(s)
    return kept


@lru_cache(maxsize=1)
def news_stories() -> tuple[tuple[str, str], ...]:
    """The :data:`NEWS_STORIES` longest distinct stories of gensim's lee_background.cor (ABC news, 2001-02).

    Longer than :data:`NEGATIVE_WORDS`, so none is a negative; () without gensim.
    """
    lines = _lee_lines("lee_background.cor")
    long = [(f"leebg-{k:04d}", line) for k, line in enumerate(lines) if _word_count(line) > NEGATIVE_WORDS[1]]
    long.sort(key=lambda nt: (-_word_count(nt[1]), nt[0]))
    return tuple((name, _paragraphs(text)) for name, text in _distinct(long)[:NEWS_STORIES])


def fixed_articles(news: bool = True) -> list[tuple[str, str]]:
    """(name, text) of the articles the fixed-dictionary set spins: seeds 001-004, then the news stories."""
    texts = seed_texts()
    return [(f"seed-{n}", texts[n]) for n in SEEDS] + (list(news_stories()) if news else [])


def fixed_item(name: str, text: str, dictionary_seed: int, rate: float = FIXED_RATE) -> Item:
    """``text`` spun with dictionary ``dictionary_seed`` (the article's own spinner seed picks which words)."""
    seed = dictionary_seed * 1_000 + sum(map(ord, name))
    spun, changes = spinner.FixedSpinner(dictionary_seed).spin(text, rate, seed)
    return _item("fixed-dictionary", f"{name}/dict{dictionary_seed}", text, spun, changes, article=name,
                 dictionary=dictionary_seed, rate=rate, seed=seed)  # fmt: skip


def fixed_dictionary(dictionary_seed: int = DICTIONARY_SEEDS[0], rate: float = FIXED_RATE, news: bool = True) -> list[Item]:
    """Every article of :func:`fixed_articles` spun with the same dictionary."""
    return [fixed_item(name, text, dictionary_seed, rate) for name, text in fixed_articles(news)]


@dataclass
class TransferPair:
    """Two different articles spun with the same dictionary: learn a profile on ``learn``, apply it to ``apply``."""

    learn: Item
    apply: Item
    #: Indices of ``apply.spans`` whose swap (original → spun form) also occurs in ``learn``: what a profile can know.
    shared: tuple[int, ...]

    @property
    def share(self) -> float:
        return len(self.shared) / len(self.apply.spans) if self.apply.spans else 0.0


def _swap(span: Span) -> tuple[str, str]:
    return " ".join(w.key for w in iter_words(span.original)), " ".join(w.key for w in iter_words(span.spun))


def profile_transfer_pairs(dictionary_seeds=DICTIONARY_SEEDS, rate: float = FIXED_RATE, news: bool = True) -> list[TransferPair]:
    """Every ordered pair of different articles spun with the same dictionary, for each dictionary seed.

    ``learn`` gives a (spun, source) pair to learn a spinner profile from
    (``learn_profile(pair.learn.spun, pair.learn.source)``); ``apply`` is
    the article to clean with it, labelled.  ``shared`` says which of its
    swaps the learned pair shows; the rest a profile cannot know.
    """
    out = []
    for d in dictionary_seeds:
        items = fixed_dictionary(d, rate, news)
        for a, b in permutations(items, 2):
            seen = {_swap(s) for s in a.spans}
            out.append(TransferPair(a, b, tuple(k for k, s in enumerate(b.spans) if _swap(s) in seen)))
    return out


# --- foreign -----------------------------------------------------------------------------


def foreign_available() -> bool:
    return spinner.aiksaurus_available()


def foreign(rates=RATES, replicates: int = 1, names=SEEDS, split: str = "test") -> list[Item]:
    """Seeds ``names`` spun with Aiksaurus at each rate; [] when the aiksaurus program is missing.

    ``split`` picks the family of spinner seeds, as for :func:`ours`: a calibration fitted on the
    tune copies is measured on the test ones."""
    if not foreign_available():
        return []
    texts = seed_texts()
    out = []
    for name in names:
        for rate in rates:
            for rep in range(replicates):
                seed = SPLIT_OFFSETS[split] + 500_000 + spin_seed(name, rate, rep)
                spun, changes = spinner.spin_foreign(texts[name], rate, seed)
                out.append(_item("foreign", f"{name}@{rate:.2f}#{rep}", texts[name], spun, changes, rate=rate, seed=seed))
    return out


# --- real ----------------------------------------------------------------------------------


def _blocks(opcodes):
    """Neighbouring non-equal opcodes merged into blocks ``(i1, i2, j1, j2)``."""
    block = None
    for op in opcodes:
        if op.tag == "equal":
            if block:
                yield tuple(block)
            block = None
        elif block is None:
            block = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            block[1], block[3] = op.src_end, op.dest_end
    if block:
        yield tuple(block)


def real() -> list[Item]:
    """Seed 000 on its first seven lines, labelled by a word alignment against the counterpart lines of seed 001."""
    texts = seed_texts()
    spun, source, spun_lines, source_lines = real_spin_lines(texts)
    spans, regions = [], []
    for (_, start, end), src in zip(spun_lines, source_lines):
        words = [w for w in iter_words(spun[start:end])]
        theirs = [w.key for w in iter_words(src)]
        for i1, i2, j1, j2 in _blocks(Levenshtein.opcodes([w.key for w in words], theirs)):
            if i1 == i2:
                continue  # only 001 has words here: nothing in the spun text to change
            s, e = start + words[i1].start, start + words[i2 - 1].end
            wording = " ".join(theirs[j1:j2])
            if i2 - i1 <= REAL_MAX_RUN and 1 <= j2 - j1 <= REAL_MAX_RUN:
                spans.append(Span(s, e, spun[s:e], wording, certain=False, listed=listed(spun[s:e], wording)))
            else:
                regions.append(Region(s, e, spun[s:e], wording))
    scope = tuple((s, e) for _, s, e in spun_lines)
    return [Item("real", "seed 000, lines 1-7", spun, source, tuple(spans), tuple(regions), scope)]


# --- clean (negatives) -------------------------------------------------------------------


def negatives() -> list[tuple[str, str]]:
    """(name, text) of the passages of fixtures/negatives/ (ordinary news nobody here wrote)."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(NEGATIVES_DIR.glob("*.txt"))]


def clean(seeds: bool = True) -> list[Item]:
    """Ordinary news, nothing spun: seeds 001-004 and the negatives."""
    texts = seed_texts()
    pairs = [(f"seed-{n}", texts[n]) for n in SEEDS] if seeds else []
    pairs += negatives()
    return [Item("clean", name, text, text, ()) for name, text in pairs]


def choose_negatives() -> list[tuple[str, str]]:
    """The passages for fixtures/negatives/: :data:`NEGATIVE_COUNT` distinct stories of lee_background.cor, spread evenly.

    A story of :data:`NEGATIVE_WORDS` words is taken whole; none is cut.
    Stories that repeat another (the Lee corpus has copies) are left out.
    """
    lo, hi = NEGATIVE_WORDS
    lines = _lee_lines("lee_background.cor")
    if not lines:
        raise SystemExit("the negatives are chosen from gensim's test data: pip install --no-deps gensim")
    fitting = _distinct([(f"leebg-{k:04d}", line) for k, line in enumerate(lines) if lo <= _word_count(line) <= hi])
    step = len(fitting) / NEGATIVE_COUNT
    return [fitting[int(k * step)] for k in range(min(NEGATIVE_COUNT, len(fitting)))]


def write_negatives() -> None:
    """Write the chosen passages to fixtures/negatives/, one file each (leebg-NNNN: the story's line number, from 0)."""
    NEGATIVES_DIR.mkdir(parents=True, exist_ok=True)
    for old in NEGATIVES_DIR.glob("leebg-*.txt"):
        old.unlink()
    for name, text in choose_negatives():
        (NEGATIVES_DIR / f"{name}.txt").write_text(_paragraphs(text), encoding="utf-8")




def _paragraphs(line: str) -> str:
    """A one-line Lee story as it would read on a page: the lede alone, then paragraphs of two sentences."""
    from articlediff.segment import segment

    sentences = [s.text for s in segment(line)]
    paragraphs = [sentences[:1]] + [sentences[k : k + 2] for k in range(1, len(sentences), 2)]
    return "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"


# --- a look -------------------------------------------------------------------------------------


def describe(items: list[Item]) -> str:
    if not items:
        return "no items"
    spans = sum(len(i.spans) for i in items)
    words = sum(i.words for i in items)
    listed_spans = sum(s.listed for i in items for s in i.spans)
    regions = sum(len(i.regions) for i in items)
    return (f"{len(items)} items, {words:,} words, {spans:,} spun spans ({listed_spans / spans if spans else 0:.0%} listed"
            f" by our lexicon)" + (f", {regions} unlabelled edit regions" if regions else ""))  # fmt: skip


def main(argv: list[str]) -> None:
    if "--write-negatives" in argv:
        write_negatives()
        print(f"wrote {len(negatives())} passages to {NEGATIVES_DIR.relative_to(ROOT)}")
        return
    for label, items in (
        ("ours, split=tune", ours("tune")),
        ("ours, split=test", ours("test")),
        ("fixed-dictionary", fixed_dictionary()),
        ("foreign", foreign() if foreign_available() else []),
        ("real", real()),
        ("clean", clean()),
    ):
        print(f"{label:<18} {describe(items)}")
    pairs = profile_transfer_pairs()
    shares = sorted(p.share for p in pairs)
    print(f"profile transfer pairs: {len(pairs)}; share of the applied article's swaps the learned pair shows: "
          f"min {shares[0]:.0%}, median {shares[len(shares) // 2]:.0%}, max {shares[-1]:.0%}")  # fmt: skip
    item = real()[0]
    print("real spans: " + "; ".join(f"{s.spun} → {s.original}" for s in item.spans))
    print("real edit regions: " + "; ".join(f"{r.spun} → {r.source or '∅'}" for r in item.regions))
    example = fixed_dictionary()[0]
    print("fixed-dictionary swaps, e.g.: " + "; ".join(f"{s.original} → {s.spun}" for s in example.spans[:12]))
    if foreign_available():
        example = foreign()[0]
        print("foreign swaps, e.g.: " + "; ".join(f"{s.original} → {s.spun}{'' if s.listed else '*'}" for s in example.spans[:12])
              + "  (* not listed by our lexicon)")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
