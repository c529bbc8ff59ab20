"""``clean``: run the normaliser's stages in order and explain every repair.

Each stage (a module with ``NAME`` and ``run(text, context) -> [Edit]``)
sees the text the previous stages left; :class:`OffsetMap` applies its
edits and keeps every repair's offsets in the *original* text.  The result
is replayable (``replay(original, repairs) == cleaned.text``) and keeps the
original's line structure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..models import Sentence
from ..segment import segment
from . import boilerplate, despin, spintax, typography
from .config import DEFAULT_MIN_CONFIDENCE, LM_CHOICES, MATCHING, STAGE_NAMES, CleanConfig
from .judging import Judging
from .repairs import Edit, OffsetMap, Repair

#: The stages, in the order they run.
STAGES = {m.NAME: m for m in (typography, boilerplate, spintax, despin)}
SCHEMA = "articlediff.clean/1"
#: De-spin proposals below this calibrated confidence are more likely wrong than right: not even suggested.
SUGGESTION_FLOOR = 0.5

__all__ = ["LM_CHOICES", "MATCHING", "STAGES", "CleanConfig", "Cleaned", "clean"]


@dataclass
class StageContext:
    """What a stage may read besides the text, and where it leaves metadata."""

    reference: str | None = None
    #: A learned spinner profile (:class:`.profile.SpinnerProfile`) to invert, or None.
    spinner: object | None = None
    force_despin: bool = False
    lm: str = "trigram"
    judging: Judging | None = None
    #: Called as ``progress(sentences scored, sentences to score)`` while a model judges context.
    progress: Callable[[int, int], None] | None = None
    metadata: dict = field(default_factory=dict)
    spin_score: float | None = None
    #: Set by ``despin``: ``(start, end, suspicious words, words)`` of each sentence it scored, in its input text.
    sentence_spin: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Stop ``despin`` once the article's spin verdict is known (:func:`judge_spin`): no repair is looked for.
    verdict_only: bool = False


@dataclass
class Cleaned:
    """The cleaned text, the repairs that made it, the spin score and the metadata found."""

    original: str
    text: str
    repairs: list[Repair]
    metadata: dict
    offsets: OffsetMap = field(repr=False)
    stages: tuple[str, ...] = STAGE_NAMES
    _spin_score: float | None = field(default=None, repr=False)
    #: De-spin repairs below the confidence bar: proposed, explained, not applied (same fields as a repair;
    #: ``at`` is where ``before`` stands in the text the despin stage saw).
    suggestions: list[Repair] = field(default_factory=list)
    #: The bar the applied de-spin repairs met.
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    @property
    def spin_score(self) -> float:
        """Share of the words that look spun (0–1), computed on first use when ``despin`` did not run."""
        if self._spin_score is None:
            self._spin_score = despin.article_spin_score(self.text)
        return self._spin_score

    @property
    def sentence_spin(self) -> list[dict]:
        """Spin scores of the sentences ``despin`` scored: ``{start, end, score, suspicious_words, words}``.

        Offsets are in the original text.  With the language model and an
        article judged ordinary, only the sampled sentences are scored.
        Empty when ``despin`` did not run.
        """
        return self.metadata.get("spin", {}).get("sentences", [])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the cleaned text's span ``[start, end)``."""
        return self.offsets.to_original(start, end)

    def sentences(self) -> tuple[Sentence, ...]:
        """The cleaned text's sentences, with offsets and text of the *original*.

        Each word keeps the matching key of its cleaned form (so a de-spun
        word matches its source) but its span is the original characters it
        came from.
        """
        if not self.repairs:
            return tuple(segment(self.text))  # nothing repaired: the spans are already the original's
        return tuple(segment(self.text, self.offsets))

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "stages": list(self.stages),
            "text": self.text,
            "spin_score": round(self.spin_score, 4),
            "metadata": self.metadata,
            "repairs": [r.to_dict() for r in self.repairs],
            "suggestions": [r.to_dict() for r in self.suggestions],
            "min_confidence": self.min_confidence,
        }


def clean(
    text: str,
    *,
    config: CleanConfig | None = None,
    reference: str | None = None,
    stages: str | Iterable[str] | None = None,
    lm: str | None = None,
    force_despin: bool | None = None,
    min_confidence: float | None = None,
    spinner=None,
    progress: Callable[[int, int], None] | None = None,
) -> Cleaned:
    """Repair ``text`` and explain every repair.

    ``config`` (a :class:`CleanConfig`; default: every stage, the trigram
    model) says which stages run and how de-spinning judges context;
    ``stages`` (names, or ``"typography,spintax"``), ``lm`` and
    ``force_despin`` override its fields for one call.  ``reference`` is
    the text of a source article to restore spun wording from.  ``lm`` is
    ``"trigram"`` (CMU Sphinx's English trigram model, :mod:`.ngram`: fast;
    the default), ``"smollm2"`` (the language model of the ``lm`` extra; an
    error without it), ``"auto"`` (SmolLM2 where installed, else the
    trigram model) or ``"none"`` (word-pair statistics, which rewrite only
    with ``force_despin``); ``metadata["spin"]["model"]`` names the model that ran.
    ``spinner`` is a learned :class:`~articlediff.normalise.profile.SpinnerProfile`
    to invert.  A de-spin repair is applied only when its calibrated
    confidence reaches ``min_confidence`` (default 0.95, the config's);
    the others are returned as ``suggestions``; ``min_confidence=0``
    applies them all.  ``metadata["despin"]`` says whether de-spinning
    from context ran, and why not when it did not.  ``progress(done,
    total)`` is called as the context model scores sentences (SmolLM2 takes
    about a minute for 2 KB on one core: a caller can show a bar).
    """
    config = config or CleanConfig()
    if stages is not None:
        config = config.with_stages(stages)
    if lm is not None:
        config = replace(config, lm=lm)
    if force_despin is not None:
        config = replace(config, force_despin=force_despin)
    if min_confidence is not None:
        config = replace(config, min_confidence=min_confidence)
    offsets = OffsetMap(text)
    context = StageContext(
        reference=reference,
        spinner=spinner,
        force_despin=config.force_despin,
        lm=config.lm,
        judging=config.judging,
        progress=progress,
    )
    repairs: list[Repair] = []
    suggestions: list[Repair] = []
    chosen = config.stages
    if "despin" not in chosen:
        context.metadata["despin"] = {"context": False, "why": "the despin stage was not selected"}
    for name in chosen:
        edits = STAGES[name].run(offsets.text, context)
        if name == despin.NAME:
            edits, below = _split(edits, config.min_confidence)
            suggestions = [_suggestion(offsets, e) for e in below]
        if context.sentence_spin and "spin" in context.metadata:
            context.metadata["spin"]["sentences"] = _sentence_spin(context.sentence_spin, offsets)
            context.sentence_spin = []
        repairs.extend(offsets.apply(name, edits))
    return Cleaned(
        text, offsets.text, repairs, context.metadata, offsets, chosen, context.spin_score, suggestions, config.min_confidence
    )


def judge_spin(text: str, *, lm: str = "trigram") -> tuple[float, dict]:
    """The spin score of ``text`` and its ``metadata["spin"]`` (the gate's verdict), as :func:`clean` with only
    the ``despin`` stage finds them, without looking for the repairs.

    For a caller that reads only the verdict (the timeline judges every article it is given): once a spun
    article's sample of sentences has been scored, the rest of de-spinning (every other sentence, the
    protected spans, the checks of neighbouring repairs) would be thrown away.
    """
    config = CleanConfig(lm=lm)
    context = StageContext(lm=config.lm, judging=config.judging, verdict_only=True)
    despin.run(text, context)
    score = context.spin_score if context.spin_score is not None else despin.article_spin_score(text)
    return score, context.metadata.get("spin", {})


def _split(edits: list[Edit], bar: float) -> tuple[list[Edit], list[Edit]]:
    """The edits at or above the confidence bar, and the suggestions: the rest down to :data:`SUGGESTION_FLOOR`.

    A proposal more likely wrong than right is not worth a reader's time,
    so below the floor it is dropped (unless the bar itself is lower).
    """
    floor = min(SUGGESTION_FLOOR, bar)
    return [e for e in edits if e.confidence >= bar], [e for e in edits if floor <= e.confidence < bar]


def _suggestion(offsets: OffsetMap, edit: Edit) -> Repair:
    """An edit not applied, as a repair would describe it (offsets into the original text)."""
    start, end = offsets.to_original(edit.start, edit.end)
    before = offsets.text[edit.start : edit.end]
    return Repair(despin.NAME, start, end, before, edit.after, edit.reason, edit.confidence, edit.start)


def _sentence_spin(scored: list[tuple[int, int, int, int]], offsets: OffsetMap) -> list[dict]:
    """Per-sentence spin scores, with the sentences' offsets in the original text."""
    out = []
    for start, end, suspicious, words in scored:
        o_start, o_end = offsets.to_original(start, end)
        score = round(suspicious / words, 4) if words else 0.0
        out.append({"start": o_start, "end": o_end, "score": score, "suspicious_words": suspicious, "words": words})
    return out
