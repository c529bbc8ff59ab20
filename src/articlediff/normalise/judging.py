"""How a context model's scores become de-spinning repairs, and when an article counts as spun.

A :class:`Judging` is a value: the settings one model is judged with.  Each
model carries its own (:data:`SMOLLM2` for :mod:`.lm`, :data:`TRIGRAM` for
:mod:`.ngram`); a caller who wants to measure other settings passes a
``Judging`` in :class:`~articlediff.normalise.config.CleanConfig` instead
of changing module constants.  Nothing here imports a model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Fewer words than this cannot show spinning: the spin score of a shorter text is 0.
MIN_WORDS = 40
#: The highest confidence of a proposal by a model without a calibration: below the default bar (0.95),
#: so its proposals are suggestions until a calibration says how often they are right.
UNCALIBRATED_MAX = 0.9
#: With ``Judging.ordinary_rate``: the chance of ordinary text showing as many proposals, below which it looks spun.
GATE_P = 0.01


@dataclass(frozen=True)
class Judging:
    """The settings a context model's log-likelihoods are judged with (the defaults are SmolLM2's)."""

    #: A replacement must raise the log-likelihood (nats) of the passage around it by at least this much.
    gain: float = 6.0
    #: Extra gain (nats) to replace a capitalised word inside a sentence (a name, or part of one).
    name_gain: float = 3.0
    #: Words of context on each side of a scored span.
    window: int = 8
    #: Candidates scored in their passage per word or phrase: the ones whose first token the model
    #: finds likeliest right after the left context.
    candidates: int = 5
    #: How much of a candidate's gain (or loss) is put down to it being a commoner (or rarer) word
    #: than the one it replaces.
    frequency_weight: float = 0.5
    #: Nats charged for each word a candidate is shorter than the text it replaces: a shorter
    #: reading is not more likely just because it has fewer words to pay for.
    length_nats: float = 2.0
    #: A span whose best candidate fell short of the bar by less than this (nats) is scored again
    #: once a neighbouring repair is made.
    second_look: float = 4.0
    #: Sentences scored to decide whether an article is spun.
    sample: int = 24
    #: Spin score (share of sampled words with a proposal) at which an article is de-spun.
    article_threshold: float = 0.025
    #: The share of words with a proposal in ordinary text, if known: an article must then also show
    #: more of them than that rate gives by chance (a binomial test at ``GATE_P``), so a short text
    #: with two or three proposals is not taken for a spun one.
    ordinary_rate: float | None = None
    #: The calibration of a proposal's gain: ``(gain, share right)`` points, gains increasing, fitted
    #: on labelled spun copies (bench/experiments/despin_calibration_fit.py); the confidence of a
    #: proposal is the share right at its gain, interpolated.  Empty (a model not yet calibrated): an
    #: uncalibrated 1 − e^(−gain/4), capped at :data:`UNCALIBRATED_MAX` so that it stays a suggestion.
    calibration: tuple[tuple[float, float], ...] = ()

    def confidence(self, gain: float) -> float:
        """The calibrated confidence of a proposal with this gain (nats), rounded to two places."""
        if not self.calibration:
            return round(min(UNCALIBRATED_MAX, 1 - math.exp(-max(gain, 0.0) / 4)), 2)
        points = self.calibration
        if gain <= points[0][0]:
            return round(points[0][1], 2)
        for (g0, p0), (g1, p1) in zip(points, points[1:]):
            if gain <= g1:
                return round(p0 + (p1 - p0) * (gain - g0) / (g1 - g0), 2)
        return round(points[-1][1], 2)


#: SmolLM2-135M's settings (docs/normalise.md: chosen on our spun copies of the seeds), and its calibration:
#: bench/experiments/despin_calibration_fit.py --lm smollm2, an isotonic fit on small tune sets (seeds 002 and
#: 004, our spinner and a foreign one: 204 proposals; the model reads about 35 bytes a second). No gain reaches
#: 95% right (the best band, 18 nats and up, 86%): SmolLM2 alone only suggests too.
SMOLLM2 = Judging(
    calibration=(
        (6.3, 0.276), (7.6, 0.333), (8.5, 0.4), (9.1, 0.4), (9.4, 0.483), (10.2, 0.562), (10.9, 0.647),
        (13.5, 0.688), (16.4, 0.812), (18.2, 0.857),
    ),
)
#: The trigram model's: its gains are smaller and its context is two words, so a narrow window and
#: more candidates; the binomial gate with ordinary text's proposal rate (docs/normalise.md).
TRIGRAM = Judging(
    window=2,
    candidates=20,
    ordinary_rate=0.012,
    # bench/experiments/despin_calibration_fit.py: isotonic fit on the tune copies of two spinners, ours and
    # one whose thesaurus is not ours (1,551 proposals): the mixture a user meets. No gain reaches 95%
    # right: context alone only ever suggests (docs/benchmarks.md, "Calibration").
    calibration=(
        (6.0, 0.274), (6.2, 0.326), (6.3, 0.355), (6.6, 0.381), (7.5, 0.437), (8.3, 0.542), (8.5, 0.571),
        (8.6, 0.614), (8.8, 0.701), (9.2, 0.722), (9.4, 0.726), (10.9, 0.782), (12.0, 0.826), (12.3, 0.925),
        (15.6, 0.929),
    ),
)


def looks_spun(suspicious: int, words: int, settings: Judging) -> bool:
    """Whether ``suspicious`` words with a proposal among ``words`` sampled mark an article as spun."""
    if words < MIN_WORDS or suspicious / words < settings.article_threshold:
        return False
    if settings.ordinary_rate is None:
        return True
    return binomial_tail(suspicious, words, settings.ordinary_rate) < GATE_P


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p): the chance that ordinary text shows ``k`` or more proposals in ``n`` words.

    Summed term by term in logs (an article samples a few hundred words): importing ``scipy.stats`` for
    its ``binom.sf`` cost each process that judged an article half a second.
    """
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q, whole = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    terms = [whole - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q for i in range(k, n + 1)]
    top = max(terms)
    return math.exp(top) * math.fsum(math.exp(t - top) for t in terms)


def judging_of(lm, override: Judging | None = None) -> Judging:
    """The settings ``lm`` is judged with: ``override`` when given, else the model's own, else SmolLM2's."""
    if override is not None:
        return override
    return getattr(lm, "judging", None) or SMOLLM2
