"""Each article's spin verdict from the normaliser, scored in worker processes while the timeline goes on.

With the trigram model an article's spin score costs 20-35 ms (less for copies:
the model memoises its answers), about as much as describing it, and it
depends on the article alone.  So for many articles
(:data:`PARALLEL_SPIN` or more) :class:`SpinScoring` hands them to one worker
process per core as soon as the timeline starts, and the timeline describes
the articles meanwhile.  The workers come from the local engine's pool
(:func:`articlediff.pool.process_pool`: each ends once this process
is gone) and are forked after the model is loaded, so each shares it
instead of loading its own.  The articles are scored in this
process instead, when the results are asked for, in these cases:

* fork is not the platform's way (macOS, Windows);
* one core is all there is;
* the process runs other threads (:func:`_can_fork`);
* another model is used: SmolLM2's torch threads do not survive a fork,
  and word pairs cost nothing.

An article whose normalised text another already has (a verbatim reprint)
is scored once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..pool import available_cores, fork_is_safe, process_pool

#: From this many different articles on, spin scores are computed in one worker process per core.
PARALLEL_SPIN = 24

Verdict = tuple[float, dict]


def spin_verdict(text: str, lm: str) -> Verdict:
    """The normaliser's spin score of an article's normalised text, and its ``metadata["spin"]`` (the gate's verdict).

    The article's other stages have run already (``Article.cleaned``); only the despin stage is left.
    """
    from ..normalise.clean import judge_spin

    return judge_spin(text, lm=lm)


def _can_fork() -> bool:
    """Whether worker processes may be forked here: on Linux, from a process running one thread.

    A caller with threads of its own (a web server, a progress bar that
    redraws itself) gets its articles scored in its own process instead
    (:func:`articlediff.pool.fork_is_safe` says why).
    """
    return sys.platform.startswith("linux") and fork_is_safe()


class SpinScoring:
    """The spin verdicts of ``texts``: started on creation (in worker processes when it pays), read with :meth:`results`.

    Use it as a context manager, so the workers are stopped however the
    caller's block ends.
    """

    def __init__(self, texts: Sequence[str], lm: str) -> None:
        self._texts = list(texts)
        self._lm = lm
        self._unique = list(dict.fromkeys(self._texts))
        self._pool = None
        self._pending = None
        if lm == "trigram" and len(self._unique) >= PARALLEL_SPIN and _can_fork() and available_cores() > 1:
            self._start()

    def _start(self) -> None:
        from ..normalise.lexicon import load_thesaurus
        from ..normalise.ngram import load_trigram_model

        load_trigram_model()  # loaded before the fork, so every worker has it
        load_thesaurus()
        cores = available_cores()
        self._pool = process_pool(cores, method="fork")
        chunk = max(1, len(self._unique) // (8 * cores))
        self._pending = self._pool.map(spin_verdict, self._unique, [self._lm] * len(self._unique), chunksize=chunk)

    @property
    def pool(self):
        """The worker processes scoring the texts (forked from this process), or None when it scores them itself."""
        return self._pool

    def results(self) -> list[Verdict]:
        """The verdict of each text, in order (waits for the workers)."""
        if self._pending is None:
            verdicts = [spin_verdict(t, self._lm) for t in self._unique]
        else:
            verdicts = list(self._pending)
        by_text = dict(zip(self._unique, verdicts))
        return [by_text[t] for t in self._texts]

    def close(self, *, stop: bool = False) -> None:
        """Stop the workers (``stop``: after an error, killed first, :meth:`articlediff.pool.WorkerPool.stop`)."""
        if self._pool is not None:
            self._pool.close(stop=stop)
            self._pool = None

    def __enter__(self) -> SpinScoring:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(stop=exc_type is not None)


def spin_verdicts(texts: Sequence[str], lm: str) -> list[Verdict]:
    """:func:`spin_verdict` of each text (in worker processes for many texts and the trigram model)."""
    with SpinScoring(texts, lm) as scoring:
        return scoring.results()
