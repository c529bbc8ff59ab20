"""Scoring de-spin proposals against the labelled sets of ``_labelled.py``, and fitting a calibration.

A *proposal* is one de-spin change ``clean`` offers: an applied repair
(``cleaned.repairs``) or a suggestion (``cleaned.suggestions``, the
proposals under the confidence bar; an empty list where ``clean`` has no
such field yet), each with ``stage, start, end, before, after, reason,
confidence, at``.  :func:`label_proposals` labels each against its item:

``right``
    it covers whole spun spans (and perhaps unspun words around them) and
    its ``after`` is the original wording there, compared by matching key
    (case, accents and typography folded, as ``_despin.keys``); in the real
    set also a change inside an edit region that gives seed 001's wording.
``third word``
    it changes a spun span, but not to the original (wrong).
``unspun``
    it changes only words the spinner left alone (wrong).
``unknown``
    the real set only: a change in a difference that may be an edit, not to
    001's wording; reported apart, never counted right or wrong.

Then: :func:`precision_by_band` (share right by confidence band),
:func:`precision_recall` (of the applied repairs, or of the proposals at a
confidence bar), :func:`isotonic_fit` (pool-adjacent-violators, numpy only:
score → share right, for a calibration table) and :func:`calibration_rows`
(raw score, features and label of each proposal, for fitting one).
:func:`clean_kwargs` builds the ``clean`` arguments that work before and
after ``min_confidence`` and ``spinner=`` exist.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from _labelled import Item

from articlediff.segment import iter_words

#: Confidence bands of the calibration table (upper edges; the first band is everything below 0.5).
BANDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
#: The bar at which a proposal is applied when ``clean`` does not say (the issue's default).
DEFAULT_BAR = 0.95
LABELS = ("right", "third word", "unspun", "unknown")


# --- calling clean before and after the new design -------------------------------------------


def clean_parameters() -> set[str]:
    from articlediff import clean

    return set(inspect.signature(clean).parameters)


def supports_min_confidence() -> bool:
    return "min_confidence" in clean_parameters()


def default_bar() -> float:
    """The bar ``clean`` applies by default: ``CleanConfig().min_confidence`` where it exists, else :data:`DEFAULT_BAR`."""
    from articlediff.normalise.config import CleanConfig

    value = getattr(CleanConfig(), "min_confidence", None)
    return float(value) if isinstance(value, (int, float)) else DEFAULT_BAR


def clean_kwargs(min_confidence: float | None = None, spinner=None, **kwargs) -> dict:
    """``kwargs`` plus ``min_confidence`` and ``spinner`` where ``clean`` takes them (dropped where it does not yet)."""
    params = clean_parameters()
    if min_confidence is not None and "min_confidence" in params:
        kwargs["min_confidence"] = min_confidence
    if spinner is not None:
        if "spinner" not in params:
            raise TypeError("clean() takes no spinner= yet")
        kwargs["spinner"] = spinner
    return kwargs


def _get(record, name: str, default=None):
    """A field of a repair or suggestion, whether an object or a dict."""
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def proposals(cleaned, stage: str = "despin") -> list[tuple[object, bool]]:
    """``(record, applied)`` for each proposal of ``stage``: the repairs (applied), then the suggestions."""
    out = [(r, True) for r in cleaned.repairs if _get(r, "stage") == stage]
    out += [(s, False) for s in (getattr(cleaned, "suggestions", None) or []) if _get(s, "stage", stage) == stage]
    return out


# --- labelling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A stretch of an item's spun text: a kept word, a spun span or an edit region."""

    start: int
    end: int
    kind: str  # "kept", "span" or "region"
    keys: tuple[str, ...]  # kept: the word's key; span: the original's keys; region: the source wording's keys
    index: int | None = None  # span: its index in item.spans
    certain: bool = True


def _keys(text: str) -> tuple[str, ...]:
    return tuple(w.key for w in iter_words(text))


def units(item: Item) -> list[Unit]:
    """The item's spun text in scope as kept words, spans and regions, in order."""
    marked = sorted(
        [(s.start, s.end, "span", _keys(s.original), k, s.certain) for k, s in enumerate(item.spans)]
        + [(r.start, r.end, "region", _keys(r.source), None, True) for r in item.regions]
    )
    out: list[Unit] = []
    m = 0
    for w in iter_words(item.spun):
        if not item.in_scope(w.start, w.end):
            continue
        while m < len(marked) and marked[m][1] <= w.start:
            m += 1
        if m < len(marked) and marked[m][0] < w.end:
            start, end, kind, keys, index, certain = marked[m]
            if not out or out[-1].start != start:
                out.append(Unit(start, end, kind, keys, index, certain))
            continue
        out.append(Unit(w.start, w.end, "kept", (w.key,)))
    return out


@dataclass
class Labelled:
    """One proposal, labelled."""

    set: str
    item: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float
    applied: bool
    label: str  # one of LABELS
    spans: tuple[int, ...] = ()  # item.spans it restores (when right)
    expected: str = ""  # the original wording of what it changed (keys), when known
    record: object = field(default=None, repr=False)

    @property
    def right(self) -> bool | None:
        """True, False, or None for unknown."""
        return None if self.label == "unknown" else self.label == "right"


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def label_one(item_units: list[Unit], start: int, end: int, after: str) -> tuple[str, tuple[int, ...], str] | None:
    """The label of a change of spun characters ``[start, end)`` to ``after``, the spans it restores, and the
    original wording there (keys; "" when a span or region is only partly covered).

    None when it touches no labelled word (outside the item's scope).
    """
    hit = [u for u in item_units if u.start < end and start < u.end]
    if not hit:
        return None
    expected: list[str] = []
    partial = False
    for u in hit:
        if u.kind == "kept" or (start <= u.start and u.end <= end):
            expected += u.keys
        else:
            partial = True
    got = _keys(after)
    spans = tuple(u.index for u in hit if u.kind == "span")
    wording = "" if partial else " ".join(expected)
    if not partial and tuple(expected) == got:
        return "right", spans, wording
    kinds = {u.kind for u in hit}
    if kinds == {"kept"}:
        return "unspun", (), wording
    regions = [u for u in hit if u.kind == "region"]
    if len(regions) == 1 and kinds <= {"kept", "region"} and _contains(regions[0].keys, got):
        return "right", (), wording  # a change inside an edit region to the source's wording there
    if "region" not in kinds and any(u.kind == "span" and u.certain for u in hit):
        return "third word", (), wording
    return "unknown", (), wording


@dataclass
class ItemResult:
    """The labelled proposals of one cleaned item, and its spans another stage removed (left out of recall)."""

    item: Item
    labelled: list[Labelled]
    excluded: set[int] = field(default_factory=set)

    @property
    def spans(self) -> int:
        return len(self.item.spans) - len(self.excluded)


def label_proposals(item: Item, cleaned, stage: str = "despin") -> ItemResult:
    """Label every de-spin proposal of ``cleaned`` (``clean(item.spun, ...)``) against ``item``.

    A proposal's ``start``/``end`` are offsets in the original text (the
    spun text ``clean`` was given), as every repair's are.  A spun span that
    another stage removed or rewrote (boilerplate dropping a timestamp line)
    is left out of recall.
    """
    item_units = units(item)
    out = []
    for record, applied in proposals(cleaned, stage):
        start, end = int(_get(record, "start")), int(_get(record, "end"))
        found = label_one(item_units, start, end, _get(record, "after", ""))
        if found is None:
            continue
        label, spans, wording = found
        out.append(Labelled(item.set, item.name, start, end, _get(record, "before", ""), _get(record, "after", ""),
                            _get(record, "reason", ""), float(_get(record, "confidence", 0.0)), applied, label,
                            spans if label == "right" else (), wording, record))  # fmt: skip
    excluded = set()
    for r in cleaned.repairs:
        if _get(r, "stage") == stage or _keys(_get(r, "before", "")) == _keys(_get(r, "after", "")):
            continue
        s, e = int(_get(r, "start")), int(_get(r, "end"))
        excluded.update(k for k, span in enumerate(item.spans) if span.start < e and s < span.end)
    return ItemResult(item, out, excluded)


# --- tables --------------------------------------------------------------------------------


@dataclass
class Band:
    """Proposals with ``lo <= confidence < hi`` (the last band includes its upper edge)."""

    lo: float
    hi: float
    n: int = 0
    right: int = 0
    third_word: int = 0
    unspun: int = 0
    unknown: int = 0
    confidence_sum: float = 0.0

    @property
    def labelled(self) -> int:
        return self.n - self.unknown

    @property
    def share_right(self) -> float | None:
        return self.right / self.labelled if self.labelled else None

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.n if self.n else None

    @property
    def name(self) -> str:
        return f"{self.lo:.2f}-{self.hi:.2f}"


def precision_by_band(labelled: Iterable[Labelled], bands: Sequence[float] = BANDS) -> list[Band]:
    """Rows (band, n, right, share right) of the calibration table, one per band, lowest first.

    ``bands`` are upper edges; a first band [0, bands[0]) catches the rest.
    Unknowns are counted but left out of the share.
    """
    edges = [0.0, *bands]
    rows = [Band(lo, hi) for lo, hi in zip(edges, edges[1:])]
    for p in labelled:
        k = next((k for k, b in enumerate(rows) if p.confidence < b.hi), len(rows) - 1)
        b = rows[k]
        b.n += 1
        b.confidence_sum += p.confidence
        if p.label == "right":
            b.right += 1
        elif p.label == "third word":
            b.third_word += 1
        elif p.label == "unspun":
            b.unspun += 1
        else:
            b.unknown += 1
    return rows


@dataclass
class Score:
    """Precision and recall of the proposals taken (applied, or at a bar) over some items."""

    taken: int = 0
    right: int = 0
    third_word: int = 0
    unspun: int = 0
    unknown: int = 0
    spans: int = 0
    restored: int = 0
    words: int = 0

    @property
    def wrong(self) -> int:
        return self.third_word + self.unspun

    @property
    def precision(self) -> float | None:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else None

    @property
    def recall(self) -> float | None:
        return self.restored / self.spans if self.spans else None

    @property
    def wrong_per_1000(self) -> float:
        return 1000 * self.wrong / self.words if self.words else 0.0


def precision_recall(results: Iterable[ItemResult], bar: float | None = None) -> Score:
    """Of the applied repairs (``bar`` None) or of every proposal with confidence ≥ ``bar``: precision and recall.

    Recall is the share of spun spans (less those another stage removed)
    that a taken right proposal restores.
    """
    score = Score()
    for res in results:
        score.spans += res.spans
        score.words += res.item.words
        restored: set[int] = set()
        for p in res.labelled:
            if not (p.applied if bar is None else p.confidence >= bar):
                continue
            score.taken += 1
            if p.label == "right":
                score.right += 1
                restored.update(k for k in p.spans if k not in res.excluded)
            elif p.label == "third word":
                score.third_word += 1
            elif p.label == "unspun":
                score.unspun += 1
            else:
                score.unknown += 1
        score.restored += len(restored)
    return score


def all_labelled(results: Iterable[ItemResult]) -> list[Labelled]:
    return [p for res in results for p in res.labelled]


# --- isotonic calibration --------------------------------------------------------------------


@dataclass(frozen=True)
class Isotonic:
    """A non-decreasing step function: scores from ``starts[k]`` on map to ``values[k]`` (``weights[k]`` pooled)."""

    starts: np.ndarray
    values: np.ndarray
    weights: np.ndarray

    def __call__(self, scores) -> np.ndarray:
        """The fitted share right for each score (below the first start: the first value)."""
        k = np.searchsorted(self.starts, np.asarray(scores, dtype=float), side="right") - 1
        return self.values[np.clip(k, 0, len(self.values) - 1)]

    def table(self) -> list[tuple[float, float, float]]:
        """(from score, share right, weight) of each step."""
        return [(float(s), float(v), float(w)) for s, v, w in zip(self.starts, self.values, self.weights)]


def isotonic_fit(scores, rights, weights=None) -> Isotonic:
    """The non-decreasing fit of ``rights`` (1/0 or shares) on ``scores``: pool adjacent violators.

    Equal scores are pooled first; then, left to right, each block whose
    mean is below its left neighbour's is merged into it (weighted means),
    until the means rise.  The result is least squares among non-decreasing
    functions of the score.
    """
    x = np.asarray(scores, dtype=float)
    y = np.asarray(rights, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if x.size == 0:
        return Isotonic(np.array([]), np.array([]), np.array([]))
    order = np.argsort(x, kind="stable")
    x, y, w = x[order], y[order], w[order]
    ux, first = np.unique(x, return_index=True)
    ws = np.add.reduceat(w, first)
    ys = np.add.reduceat(w * y, first) / ws
    starts: list[float] = []
    values: list[float] = []
    mass: list[float] = []
    for xi, yi, wi in zip(ux, ys, ws):
        starts.append(float(xi))
        values.append(float(yi))
        mass.append(float(wi))
        while len(values) > 1 and values[-2] > values[-1]:
            total = mass[-2] + mass[-1]
            values[-2] = (values[-2] * mass[-2] + values[-1] * mass[-1]) / total
            mass[-2] = total
            del starts[-1], values[-1], mass[-1]
    return Isotonic(np.array(starts), np.array(values), np.array(mass))


# --- rows for fitting a calibration ---------------------------------------------------------------

_NATS = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*nats")
_POWER = re.compile(r"10\^(-?\d+(?:\.\d+)?)×")
_TIMES = re.compile(r"reads ([\d,]+(?:\.\d+)?)×")
#: Fields a repair may carry its raw score in (the new design may add one).
SCORE_FIELDS = ("gain", "raw_score", "score", "nats")


def raw_score(record) -> float | None:
    """The de-spinner's gain in nats: from a field if the record has one, else parsed from its ``reason``.

    The model paths write "... finds 'X' 10.1 nats more likely here than
    'Y'"; the word-pair path writes "reads 1,000× more plausibly" or
    "10^7×" (log10 units, turned into nats here).  None when the reason
    gives no gain (a repair from a reference).
    """
    for name in SCORE_FIELDS:
        value = _get(record, name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    reason = _get(record, "reason", "") or ""
    m = _NATS.search(reason)
    if m:
        return float(m.group(1))
    m = _POWER.search(reason)
    if m:
        return float(m.group(1)) * math.log(10)
    m = _TIMES.search(reason)
    if m:
        factor = float(m.group(1).replace(",", ""))
        return math.log(factor) if factor > 0 else None
    return None


@dataclass
class Row:
    """One proposal as a training row: its raw score, features and label."""

    set: str
    item: str
    raw_score: float | None
    confidence: float
    applied: bool
    label: str
    features: dict

    @property
    def right(self) -> bool | None:
        return None if self.label == "unknown" else self.label == "right"


def features(p: Labelled) -> dict:
    """Cheap facts about a proposal a calibration may use besides its gain."""
    from articlediff.normalise.lexicon import load_thesaurus
    from articlediff.normalise.wordstats import zipf

    before = [w.key for w in iter_words(p.before)]
    after = [w.key for w in iter_words(p.after)]
    candidates = load_thesaurus().get(" ".join(w.lower() for w in p.before.split()), ())
    lowered = p.after.lower()
    return {
        "words_before": len(before),
        "words_after": len(after),
        "capitalised": p.before[:1].isupper(),
        "all_caps": p.before.isupper() and len(p.before) > 1,
        "second_look": "second look" in p.reason,
        "reference": "reference" in p.reason,
        "zipf_before": min((zipf(w) for w in before), default=0.0),
        "zipf_after": min((zipf(w) for w in after), default=0.0),
        "candidates": len(candidates),
        "candidate_rank": candidates.index(lowered) if lowered in candidates else None,
    }


def calibration_rows(results: Iterable[ItemResult], with_features: bool = True) -> list[Row]:
    """(raw score, features, label) of every labelled proposal, for fitting a calibration (unknowns included)."""
    out = []
    for res in results:
        for p in res.labelled:
            out.append(Row(p.set, p.item, raw_score(p.record), p.confidence, p.applied, p.label,
                           features(p) if with_features else {}))  # fmt: skip
    return out


def fit_rows(rows: Iterable[Row]) -> Isotonic:
    """The isotonic fit of share right on raw score, over the rows with a score and a known label."""
    known = [(r.raw_score, r.right) for r in rows if r.raw_score is not None and r.right is not None]
    return isotonic_fit([s for s, _ in known], [float(ok) for _, ok in known])
