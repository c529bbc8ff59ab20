"""``CleanConfig``: which repairs ``clean`` makes and how it judges spinning, as one value.

Like ftfy's ``TextFixerConfig``, the fields reuse the stages' names as
on/off switches, so ``CleanConfig(despin=False)`` reads as what it does.
The language model is an explicit choice with one default, the trigram
model (:mod:`.ngram`, a core dependency), so ``clean``'s output does not
change with what else happens to be installed; ``"auto"`` (SmolLM2 where
the ``lm`` extra is installed, else the trigram model) is there for those
who ask for it, and every output names the model that ran
(``metadata["spin"]["model"]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import UsageError
from .judging import Judging

#: The stages, in the order they run.
STAGE_NAMES = ("typography", "boilerplate", "spintax", "despin")
#: How de-spinning judges context: the trigram model (fast; the default), SmolLM2 (the ``lm`` extra:
#: slow, best), SmolLM2 where installed else the trigram model, or word-pair statistics (which
#: rewrite only with ``force_despin``).
LM_CHOICES = ("trigram", "smollm2", "auto", "none")
DEFAULT_LM = "trigram"
#: The confidence a de-spin repair needs to be applied: calibrated so that repairs at or above it are
#: right at least 95% of the time on labelled spins (docs/benchmarks.md).
DEFAULT_MIN_CONFIDENCE = 0.95


@dataclass(frozen=True)
class CleanConfig:
    """The settings of one ``clean`` run."""

    #: Mojibake, Unicode composition, invisible and non-breaking characters.
    typography: bool = True
    #: Date markers, glued timestamps, captions, promos, banners, headline variants.
    boilerplate: bool = True
    #: ``{a|b}`` debris, words split by a stray space, doubled words.
    spintax: bool = True
    #: Spin score and gate; restoring spun synonyms from a reference or from context.
    despin: bool = True
    #: The model that judges context when de-spinning (one of :data:`LM_CHOICES`).
    lm: str = DEFAULT_LM
    #: De-spin even when the spin score says the text is ordinary.
    force_despin: bool = False
    #: Settings the model is judged with; None: the model's own (:mod:`.judging`).
    judging: Judging | None = None
    #: A de-spin repair is applied only at this calibrated confidence or above; the others are
    #: suggestions (``Cleaned.suggestions``).  0 applies every suggestion.
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        if self.lm not in LM_CHOICES:
            raise UsageError(f"unknown language model {self.lm!r}; choose from {', '.join(LM_CHOICES)}")
        check_min_confidence(self.min_confidence)

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages that run, in pipeline order."""
        return tuple(name for name in STAGE_NAMES if getattr(self, name))

    def with_stages(self, value: str | Iterable[str]) -> CleanConfig:
        """This config running only the stages named in ``value`` (``"typography,spintax"`` or a list)."""
        names = [n.strip() for n in (value.split(",") if isinstance(value, str) else value) if n.strip()]
        unknown = [n for n in names if n not in STAGE_NAMES]
        if unknown:
            raise UsageError(f"unknown stage {unknown[0]!r}; choose from {', '.join(STAGE_NAMES)}")
        return replace(self, **{name: name in names for name in STAGE_NAMES})


def check_min_confidence(value: float, name: str = "min_confidence") -> None:
    """Refuse a confidence bar outside 0-1 (NaN included: click's range check lets it through)."""
    if not 0.0 <= value <= 1.0:
        raise UsageError(f"{name} must be between 0 and 1, not {value!r}")


#: What ``compare`` and ``timeline`` run before matching: every stage but ``despin``, which without
#: a reference only scores spinning, and matching does not need the score.
MATCHING = CleanConfig(despin=False)
