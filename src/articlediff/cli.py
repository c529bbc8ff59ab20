"""The ``articlediff`` command line: a thin layer over the library.

Each command parses its options, calls one library function and renders the
result.  Errors raised on purpose (:class:`ArticlediffError`) and click's
usage errors become one line on stderr and exit code 2; anything unexpected
becomes one line and exit code 3 (``--debug`` shows the traceback).  Exit
code 1 is kept for commands that find what they were asked to look for.
"""

from __future__ import annotations

import errno
import math
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from . import __version__
from .dedup.config import DEFAULT_THRESHOLD as DEDUP_THRESHOLD
from .defaults import DEFAULT_THRESHOLD, ORDERS
from .errors import ArticlediffError, UsageError
from .normalise.config import DEFAULT_LM, DEFAULT_MIN_CONFIDENCE, LM_CHOICES, STAGE_NAMES, check_min_confidence
from .output import check_output, rewrite_with_backup, write_atomic
from .report import CHECK_REPORT, CLEANED, COMPARISON, DEDUP_RESULT, PROFILE, TIMELINE, formats, render
from .report.escape import visible
from .wording import counted

if TYPE_CHECKING:
    from .normalise.profile import SpinnerProfile


# numpy's OpenBLAS starts a thread per core when imported, for linear algebra articlediff never does: 50 ms
# of CPU and 10-20 ms of a one-file check's start-up.  Only the command line sets this (a library user's
# process keeps its own settings), and only when the user has not.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EXIT_INTERNAL = 3
#: Ended by SIGTERM (128 + 15, as a shell reports it), after the same clean-up as Ctrl-C.
EXIT_TERMINATED = 143
#: ``check`` found a document whose verdict is in --fail-on.
EXIT_FOUND = 1
#: More articles than this get a progress bar (on standard error).
PROGRESS_MIN = 5


@contextmanager
def progress_bar(total: int | None, hidden: bool, description: str):
    """A rich progress bar on stderr (a counter when ``total`` is None).

    Yields ``advance(done, total)``, or None when ``hidden`` or when standard
    error is no terminal (a CI log or a file: rich would leave a blank line
    there, before the summary or an error message, and nobody watches it).
    """
    if hidden or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # No refresh thread (auto_refresh): the bar redraws on each update, and a command that forks
    # worker processes (timeline's spin scores) forks a process with one thread.
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task(description, total=total)
        # A total given on an update replaces the first (de-spinning learns its total once the gate opens).
        yield lambda done, new_total=None: bar.update(task, completed=done, total=new_total, refresh=True)


def _use_color(no_color: bool, output: str | None, fmt: str) -> bool:
    if no_color or output or fmt != "text" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def emit(text: str, output: str | None) -> None:
    """Send a rendered result to ``output`` (atomically; checked first with :func:`check_output`) or to stdout."""
    if output and output != "-":
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


class FiniteFloatRange(click.FloatRange):
    """A float in a range, where ``nan`` (which every comparison lets through) is refused like any other bad number."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


#: Below this, a matcher similarity pairs almost any two passages: likely a fraction typed for a percentage.
LOW_SIMILARITY = 10


def _percent_note(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A similarity so low it was likely meant on another scale (``-t 0.8``, ``-t 1.5``) is read as the percentage it
    is, with a note saying so (issue 23: ``compare -t 1.5`` was taken silently)."""
    if 0 < value < LOW_SIMILARITY and ctx.get_parameter_source(param.name) is click.core.ParameterSource.COMMANDLINE:
        meant = f"; for {value * 100:g}% give -t {value * 100:g}" if value <= 1 else ""
        click.echo(f"articlediff: note: -t is a similarity in percent (0-100): {value:g} pairs almost any two passages"
                   f"{meant}", err=True)
    return value


#: The matcher's threshold, shared by every command that pairs passages.
threshold_option = click.option(
    "-t",
    "--threshold",
    type=FiniteFloatRange(0, 100),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    callback=_percent_note,
    help="Lowest similarity (0-100) at which two passages are paired.",
)


def format_option(kind: str, help: str = "Output format.", only: Sequence[str] | None = None):
    """``-f/--format``: the formats the renderers have for results of type ``kind`` (the first is the default)."""
    choices = [f for f in formats(kind) if only is None or f in only]
    return click.option("-f", "--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True, help=help)


def quiet_option(help: str = "No progress bar."):
    """``-q/--quiet``: no progress display on standard error."""
    return click.option("-q", "--quiet", is_flag=True, help=help)


#: ``--no-color``, for the commands whose text report is coloured on a terminal.
color_option = click.option("--no-color", is_flag=True, help="No colour, even on a terminal (also: NO_COLOR=1).")
output_option = click.option(
    "-o", "--output", metavar="FILE", default=None, help="Write to FILE (atomically; - is stdout) instead of stdout."
)
strict_option = click.option(
    "--strict", is_flag=True, help="Stop at the first unreadable file or bad JSONL line instead of skipping it."
)
def lm_option(what: str):
    """``--lm``: one vocabulary and one default for every command that reads text with a language model (issue 23)."""
    return click.option(
        "--lm",
        type=click.Choice(LM_CHOICES),
        default=DEFAULT_LM,
        show_default=True,
        help=f"The language model that {what}: trigram (fast: about 20-35 ms an article), smollm2 (the lm extra: "
        "about a minute an article, the best judge), auto (smollm2 when the lm extra is installed, else trigram), "
        "or none (word-pair statistics: faster, no verdict of their own).",
    )


#: The document similarity of dedup, index and check.
def jaccard_option(default: float | None, help: str):
    """``--jaccard PERCENT``: the estimated Jaccard similarity of two documents' word 4-grams, in percent (above 0,
    at most 100), as every similarity on the command line is (issue 23: ``-t`` meant 0-100 in ``compare`` and 0-1
    here).  The old ``-t/--threshold`` (a fraction) is still read, hidden, with a note (:func:`jaccard_fraction`).
    ``default`` is a fraction, as the library takes it."""

    def decorate(f):
        f = click.option(
            "-t",
            "--threshold",
            "old_threshold",
            type=FiniteFloatRange(0, 1, min_open=True),
            default=None,
            hidden=True,
            help="The old spelling of --jaccard, as a fraction (0-1).",
        )(f)
        return click.option(
            "--jaccard",
            type=FiniteFloatRange(0, 100, min_open=True),
            metavar="PERCENT",
            default=None if default is None else round(default * 100, 6),
            show_default=default is not None,
            help=help,
        )(f)

    return decorate


def jaccard_fraction(jaccard: float | None, old_threshold: float | None) -> float | None:
    """The Jaccard threshold as the library takes it (a fraction), from ``--jaccard`` or the old ``-t/--threshold``."""
    if old_threshold is None:
        return None if jaccard is None else jaccard / 100
    if click.get_current_context().get_parameter_source("jaccard") is click.core.ParameterSource.COMMANDLINE:
        raise UsageError("give --jaccard (a percentage) or the old -t/--threshold (a fraction), not both")
    click.echo(f"articlediff: note: -t/--threshold is now --jaccard, in percent: --jaccard {old_threshold * 100:g}", err=True)
    return old_threshold
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that fingerprint documents (default: one per available core; 1: all in this process). "
    "With --engine dask and no --scheduler: the workers of the local Dask cluster.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the work runs: this machine, or a Dask cluster (pip install 'articlediff[dask]'; docs/scaling.md).",
)
scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: a running Dask scheduler (e.g. tcp://10.0.0.5:8786); default: start a cluster on this machine.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="articlediff")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
def main(debug: bool) -> None:
    """Track how a news story changes as it is copied, rewritten and updated."""


@main.command(short_help="Compare two articles passage by passage, word by word.")
@click.argument("a")
@click.argument("b")
@format_option(COMPARISON)
@threshold_option
@output_option
@color_option
@click.option("--raw", is_flag=True, help="Compare the texts as they are, without normalising them first.")
def compare(a: str, b: str, fmt: str, threshold: float, output: str | None, no_color: bool, raw: bool) -> None:
    """Align article A with article B passage by passage and show what changed.

    A and B are text files, or - for standard input (one of them).  Both are
    normalised first (see `articlediff clean`); reports show the original text.
    """
    from .compare import compare as compare_articles

    if a == "-" and b == "-":
        raise UsageError("only one of A and B can be - (standard input)")
    output = check_output(output, reads=(a, b))
    comparison = compare_articles(a, b, threshold=threshold, normalise=not raw)
    emit(render(comparison, fmt, color=_use_color(no_color, output, fmt)), output)


@main.command(short_help="Repair garbled and spun text, explaining each repair.")
@click.argument("file")
@click.option("--explain", is_flag=True, help="List every repair (place, stage, before -> after, why) instead of the text.")
@format_option(
    CLEANED,
    "json: text, repairs, suggestions, metadata and spin score; markdown and html: the repairs and suggestions in context.",
    only=("text", "json", "markdown", "html"),
)
@click.option(
    "--stages", metavar="LIST", default=None, help=f"Comma-separated stages to run (default: all): {','.join(STAGE_NAMES)}."
)
@click.option("--reference", metavar="FILE", default=None, help="A source article to restore spun wording from.")
@click.option(
    "--db",
    metavar="FILE",
    default=None,
    help="A corpus index (see: index add): the indexed source FILE copies is the reference, "
    "and the spinner it learned (index add --learn-spinner) is undone.",
)
@click.option("--spinner", "spinner_file", metavar="FILE", default=None,
              help="A spinner profile (from 'articlediff spinner learn') whose swaps to undo.")
@click.option(
    "--min-confidence",
    type=FiniteFloatRange(0, 1),
    default=None,
    help=f"Apply de-spin repairs from this calibrated confidence up (default {DEFAULT_MIN_CONFIDENCE}); "
    "the others are only suggested.",
)
@click.option("--apply-suggestions", is_flag=True, help="Apply every de-spin suggestion too (--min-confidence 0).")
@click.option("--force-despin", is_flag=True, help="De-spin even when the spin score says the text is ordinary.")
@lm_option("judges context when de-spinning")
@output_option
@click.option("--in-place", is_flag=True, help="Replace FILE with the cleaned text (needs --backup).")
@click.option("--backup", is_flag=True, help="With --in-place: keep the original as FILE.orig first.")
@quiet_option("No progress bar while the model judges context.")
def clean(
    file: str,
    explain: bool,
    fmt: str,
    stages: str | None,
    reference: str | None,
    db: str | None,
    spinner_file: str | None,
    min_confidence: float | None,
    apply_suggestions: bool,
    force_despin: bool,
    lm: str,
    output: str | None,
    in_place: bool,
    backup: bool,
    quiet: bool,
) -> None:
    """Repair garbled and machine-spun text in FILE, explaining every repair.

    Writes the cleaned text (line for line with the original) to stdout.
    A de-spin repair is applied only when its calibrated confidence reaches
    --min-confidence; the others are suggestions, listed by --explain and
    in the json, markdown and html formats.
    """
    from .normalise.clean import clean as clean_text
    from .normalise.profile import SpinnerProfile
    from .read import read_article

    if apply_suggestions and min_confidence is not None:
        raise UsageError("--apply-suggestions and --min-confidence cannot be combined (it means --min-confidence 0)")
    if apply_suggestions:
        min_confidence = 0.0
    if in_place and not backup:
        raise UsageError("--in-place needs --backup, so the original is never lost")
    if backup and not in_place:
        raise UsageError("--backup only makes sense with --in-place")
    if in_place and (output or file == "-"):
        raise UsageError("--in-place cannot be combined with --output or standard input")
    if db and reference:
        raise UsageError("--db and --reference cannot be combined: --db finds the reference in the index")
    output = check_output(output, reads=(file,), files=(reference, spinner_file), index=db)
    if in_place:
        check_output(file)  # the folder must take the backup and the new file
    article = read_article(file)
    reference_text = read_article(reference).text if reference else None
    if min_confidence is not None:
        check_min_confidence(min_confidence, "--min-confidence")
    profile = SpinnerProfile.load(spinner_file) if spinner_file else None
    source = None
    if db:
        from .index import Index
        from .index.source import find_source

        with Index(db, readonly=True) as corpus:
            source = find_source(corpus, article)  # the indexed document this article copies, if any, is the reference
            learned = corpus.spinner_profile()  # and the spinner the index learned (index add --learn-spinner), if any
        reference_text = source.text if source else None
        if len(learned):
            profile = learned if profile is None else profile.merge(learned)
    # Only on a terminal: a bar that never drew still leaves a line end on a redirected standard error.
    with progress_bar(None, quiet or not sys.stderr.isatty(), "Judging context") as advance:
        cleaned = clean_text(
            article.text,
            stages=stages,
            reference=reference_text,
            force_despin=force_despin,
            lm=lm,
            min_confidence=min_confidence,
            spinner=profile,
            progress=advance,
        )
    if db:
        cleaned.metadata["reference"] = source.to_dict() if source else None
    if fmt != "text":
        emit(render(cleaned, fmt), output)
        return
    # The front matter is not article text (it was never cleaned); the cleaned file keeps it, as it was.
    if in_place:
        rewrite_with_backup(file, article.front_matter + cleaned.text)
    elif explain and not output:
        click.echo(render(cleaned, "explain"), nl=False)
        return
    else:
        emit(article.front_matter + render(cleaned, "text"), output)
    if explain:
        click.echo(render(cleaned, "explain"), nl=False)


@main.command(short_help="What each article of a story takes, adds and changes.")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--order",
    type=click.Choice(ORDERS),
    default="date",
    show_default=True,
    help="date: by each article's date (undated first, as given); given: as listed.",
)
@format_option(TIMELINE)
@threshold_option
@lm_option("scores each article's spinning")
@click.option("--full", is_flag=True, help="List every copied, added and dropped passage (text and markdown), not the brief.")
@click.option(
    "--manifest",
    metavar="FILE",
    default=None,
    help="A CSV or JSON file of the articles' fields (path, date, outlet, url, title), which win over their own.",
)
@output_option
@color_option
@quiet_option()
def timeline(
    paths: tuple[str, ...],
    order: str,
    fmt: str,
    threshold: float,
    lm: str,
    full: bool,
    manifest: str | None,
    output: str | None,
    no_color: bool,
    quiet: bool,
) -> None:
    """Show what each article of a story takes from earlier ones, adds, drops and changes.

    PATHS are article files, folders (their .txt, .md and .jsonl files), JSONL files, or - for JSONL on standard input.
    """
    from .read import apply_manifest, load_manifest
    from .timeline.build import collect
    from .timeline.build import timeline as build_timeline

    output = check_output(output, reads=paths, files=(manifest,))
    sheet = load_manifest(manifest) if manifest is not None else None  # a bad manifest fails before any article is read
    articles = collect(paths)
    if sheet is not None:
        unused: list[str] = []
        articles = apply_manifest(articles, sheet, unused=unused)
        if unused:
            rows = "row names" if len(unused) == 1 else "rows name"
            more = ", ..." if len(unused) > 3 else ""
            named = ", ".join(unused[:3]) + more
            click.echo(f"articlediff: warning: {manifest}: {len(unused)} {rows} no article given: {named}", err=True)
    with progress_bar(len(articles), quiet or len(articles) <= PROGRESS_MIN, "Comparing articles") as advance:
        result = build_timeline(articles, order=order, threshold=threshold, lm=lm, progress=advance)
    emit(render(result, fmt, color=_use_color(no_color, output, fmt), full=full), output)


@main.command(short_help="Find near-duplicate documents and group them.")
@click.argument("paths", nargs=-1, required=True)
@jaccard_option(
    DEDUP_THRESHOLD, "Similarity in percent (estimated Jaccard of word 4-grams) at which two documents are near-duplicates."
)
@format_option(DEDUP_RESULT)
@output_option
@click.option("--passages", is_flag=True, help="List the passages each partial copy shares with its cluster's representative.")
@click.option(
    "--emit",
    "emit_what",
    type=click.Choice(["kept", "dropped", "clusters"]),
    default=None,
    help="Instead of the report, write JSON Lines: the documents kept (with their input fields), the ones dropped "
    "(and why), or the clusters.",
)
@click.option(
    "--keep",
    type=click.Choice(["original", "earliest", "longest"]),
    default="original",
    show_default=True,
    help="Which member represents a cluster: the original by evidence (not spun, not truncated; then earliest, longest), "
    "the earliest dated (else longest), or the longest.",
)
@click.option(
    "--rewrites/--no-rewrites",
    default=True,
    show_default=True,
    help="Also find rewrites: the same story in other words (the same names, numbers and rare words, reordered).",
)
@strict_option
@workers_option
@engine_option
@scheduler_option
@quiet_option()
def dedup(
    paths: tuple[str, ...],
    jaccard: float,
    old_threshold: float | None,
    fmt: str,
    output: str | None,
    passages: bool,
    emit_what: str | None,
    keep: str,
    rewrites: bool,
    strict: bool,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Find the near-duplicates among documents and group them into clusters.

    PATHS are folders (their .txt, .md and .jsonl files, recursively), files, or - for JSONL on standard input.
    """
    from .dedup import dedup as find_duplicates

    threshold = jaccard_fraction(jaccard, old_threshold)

    if emit_what is not None:
        ctx = click.get_current_context()
        if ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT:
            raise UsageError("--emit writes JSON Lines in place of the report: it takes no -f/--format")
        if emit_what == "kept" and passages:
            raise UsageError("--passages goes with --emit dropped or clusters, not kept")
        if emit_what == "kept":
            from .dedup.emit import refuse_standard_input

            refuse_standard_input(paths)  # before the run, not after it
    output = check_output(output, reads=paths)
    with progress_bar(None, quiet, "Reading documents") as advance:
        progress = (lambda n: advance(n, None)) if advance else None
        result = find_duplicates(
            paths,
            threshold=threshold,
            keep=keep,
            rewrites=rewrites,
            strict=strict,
            progress=progress,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
        )
    if emit_what is None:
        emit(render(result, fmt, passages=passages), output)
        return
    from .dedup.emit import records
    from .report.dedup import render_records

    emit(render_records(records(result, emit_what, paths, strict=strict, passages=passages)), output)


@main.group(short_help="Learn a content farm's spinner from its copies.")
def spinner() -> None:
    """Learn a content farm's spinner from its copies, and show what a profile knows."""


@spinner.command("learn")
@click.argument("pairs", nargs=-1, required=True, metavar="SPUN SOURCE [SPUN SOURCE ...] | --find PATH...")
@click.option("-o", "--output", metavar="FILE", required=True, help="The profile to write (JSON; - is stdout).")
@click.option("--update", is_flag=True, help="Add to the profile already in FILE instead of refusing to replace it.")
@click.option(
    "--find",
    is_flag=True,
    help="The arguments are files and folders: learn from every spun copy dedup finds among them (each oriented by "
    "date, else by which reads less like English).",
)
def spinner_learn(pairs: tuple[str, ...], output: str, update: bool, find: bool) -> None:
    """Learn the swaps that turned each SOURCE into its SPUN copy, as a spinner profile.

    The profile is what 'clean --spinner' undoes on the farm's other articles.
    """
    from .normalise.profile import SpinnerProfile, learn_pairs
    from .read import read_article

    if not find and len(pairs) % 2:
        raise UsageError("give the articles in pairs: SPUN SOURCE [SPUN SOURCE ...] (or --find PATH...)")
    if output == "-" and update:
        raise UsageError("--update needs a profile file, not - (standard output)")
    target = check_output(output, reads=pairs)
    if target is not None and os.path.exists(target) and not update:
        raise UsageError(f"{output} exists; use --update to add to it, or another --output")
    base = SpinnerProfile.load(target) if target is not None and update and os.path.exists(target) else None
    if find:
        from .learn import learn_from_copies

        learned = learn_from_copies(pairs, base)
        profile = learned.profile
        found = counted(len(learned.pairs), "spun copy", "spun copies")
        click.echo(f"{found} found among {counted(learned.documents, 'document')}", err=True)
    else:
        articles = [(read_article(pairs[k]), read_article(pairs[k + 1])) for k in range(0, len(pairs), 2)]
        labels = (os.path.basename(spun.path) for spun, _ in articles)  # a name that is not UTF-8 escaped (read/names.py)
        profile = learn_pairs([(spun.text, source.text, name) for (spun, source), name in zip(articles, labels)], base)
    emit(render(profile, "json"), target)
    click.echo(f"{counted(len(profile), 'swap')} from {counted(profile.pairs, 'article pair')} · {output}", err=True)


@spinner.command("show")
@click.argument("profile_file", metavar="[PROFILE]", required=False)
@click.option("--db", metavar="FILE", default=None, help="Show the profile a corpus index learned (index add --learn-spinner).")
@format_option(PROFILE, "text, or json: the profile itself (e.g. to save an index's profile as a file).")
@click.option("-n", "--top", type=click.IntRange(min=1), default=None, help="Only the N most frequent swaps.")
def spinner_show(profile_file: str | None, db: str | None, fmt: str, top: int | None) -> None:
    """List what a spinner profile (a file, or an index's) knows, the most frequent swaps first."""
    if (profile_file is None) == (db is None):
        raise UsageError("give a PROFILE file or --db FILE (one of them)")
    click.echo(render(_profile_of(profile_file, db), fmt, top=top), nl=False)


def _profile_of(profile_file: str | None, db: str | None) -> SpinnerProfile:
    """The profile in a file, or the one an index learned."""
    from .normalise.profile import SpinnerProfile

    if profile_file is not None:
        return SpinnerProfile.load(profile_file)
    from .index import Index

    with Index(db, readonly=True) as corpus:
        return corpus.spinner_profile()


@main.group(short_help="Keep a corpus's fingerprints in an index file.")
def index() -> None:
    """Keep a persistent index of a corpus's fingerprints (SQLite), for dedup and check."""


@index.command("add")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, metavar="FILE", help="The index file (created if missing).")
@jaccard_option(
    None, "For a new index: the similarity in percent its LSH bands are chosen for (default 50); an existing index keeps its own."
)
@click.option(
    "--store-text",
    is_flag=True,
    help="Store each document's text too, compressed (about 1 kB an article), so clean --db needs no source files; "
    "the index then always does.",
)
@click.option(
    "--learn-spinner",
    is_flag=True,
    help="Learn a spinner profile in the index from each new spun copy of an indexed document (slower: it queries each).",
)
@click.option(
    "--no-rewrites",
    is_flag=True,
    help="For a new index: no telling-word keys, so check finds no rewrites (about 290 bytes a document, not 345); "
    "an existing index keeps its own.",
)
@strict_option
@workers_option
@engine_option
@scheduler_option
@quiet_option("No progress counter.")
def index_add(
    paths: tuple[str, ...],
    db: str,
    jaccard: float | None,
    old_threshold: float | None,
    store_text: bool,
    learn_spinner: bool,
    no_rewrites: bool,
    strict: bool,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Add documents (folders, files, or - for JSONL on standard input) to the index; already indexed ones are kept once.

    Safe to interrupt: every committed batch stays, and the next run adds the rest.
    """
    from .dedup.config import FingerprintConfig
    from .index import Index

    threshold = jaccard_fraction(jaccard, old_threshold)
    config = None
    if threshold is not None or no_rewrites:
        config = FingerprintConfig(**({} if threshold is None else {"threshold": threshold}), rewrites=not no_rewrites)
    with Index(db, config=config) as corpus, progress_bar(None, quiet, "Indexing documents") as advance:
        corpus.verify_pages()  # never write into a damaged file: SQLite's quick check reads every page first
        progress = (lambda n: advance(n, None)) if advance else None
        store = store_text or None  # without the flag, the index decides (one that stores text keeps storing it)
        report = corpus.add(
            paths,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            strict=strict,
            progress=progress,
            store_text=store,
            learn_spinner=learn_spinner,
        )
        total = len(corpus)
    for s in report.skips:
        click.echo(f"skipped {s.message()}", err=True)
    line = f"{report.added:,} added, {report.present:,} already indexed, {report.skipped:,} skipped · {total:,} in {db}"
    click.echo(line + (f" · a spinner learned from {report.learned:,} spun pairs" if learn_spinner else ""))


@index.command("remove")
@click.argument("ids", nargs=-1, required=True)
@click.option("--db", required=True, metavar="FILE", help="The index file.")
def index_remove(ids: tuple[str, ...], db: str) -> None:
    """Remove documents from the index by id, in one transaction; exit 1 when an id is not in the index.

    The known ids are removed even when others are unknown; nothing is written when none is known.
    """
    from .index import Index

    with Index(db) as corpus:
        corpus.verify_pages()
        report = corpus.remove(ids)
        total = len(corpus)
    for doc_id in report.unknown:
        click.echo(f"articlediff: warning: {db}: no document {visible(doc_id)} in the index", err=True)
    click.echo(f"{report.removed:,} removed, {len(report.unknown):,} not found \u00b7 {total:,} in {db}")
    if report.unknown:
        raise click.exceptions.Exit(EXIT_FOUND)


@index.command("stats")
@click.option("--db", required=True, metavar="FILE", help="The index file.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def index_stats(db: str, fmt: str) -> None:
    """Show what the index holds: documents, size on disk, fingerprint settings."""
    import json

    from .index import Index

    with Index(db, readonly=True) as corpus:
        stats = corpus.stats()
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2, default=str))
    else:
        click.echo("".join(f"{k}: {v}\n" for k, v in stats.items()), nl=False)


@index.command("check")
@click.option("--db", required=True, metavar="FILE", help="The index file.")
def index_check(db: str) -> None:
    """Verify the index file: SQLite's integrity check and the index's own rules; exit 1 when it is damaged."""
    from .index.integrity import SHOWN, check_index

    problems = check_index(db)
    if not problems:
        click.echo(f"{db}: ok")
        return
    more = len(problems) - SHOWN
    click.echo("".join(f"{db}: {p}\n" for p in problems[:SHOWN]) + (f"{db}: ... and {more} more\n" if more > 0 else ""), nl=False)
    click.echo(f"{db}: damaged: {len(problems)} problems; rebuild it from the documents (articlediff index add into a new file)")
    raise click.exceptions.Exit(EXIT_FOUND)


@main.command(short_help="Check new documents against a corpus index (CI gate).")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, metavar="FILE", help="The corpus index (see: articlediff index add).")
@jaccard_option(
    None,
    "Similarity in percent at which a document is a near-duplicate (default: the index's; one that needs other LSH bands "
    "is refused).",
)
@click.option("--add", "add_new", is_flag=True, help="Add the checked documents to the index afterwards.")
@click.option(
    "--fail-on",
    default="duplicate,spun,partial,rewrite,unreadable",  # index.check.DEFAULT_FAIL_ON (a test holds them equal)
    show_default=True,
    metavar="LIST",
    help="Verdicts that make the exit code 1 (comma-separated: duplicate, spun, partial, rewrite, unreadable; "
    "empty: never).",
)
@format_option(CHECK_REPORT)
@output_option
@strict_option
def check(
    paths: tuple[str, ...],
    db: str,
    jaccard: float | None,
    old_threshold: float | None,
    add_new: bool,
    fail_on: str,
    fmt: str,
    output: str | None,
    strict: bool,
) -> None:
    """Tell whether new documents duplicate what a corpus index holds; exit 1 when one hits --fail-on.

    PATHS are folders, files, or - for JSONL on standard input.
    """
    from .index.check import check as check_documents
    from .index.check import parse_fail_on

    failing = parse_fail_on(fail_on)
    threshold = jaccard_fraction(jaccard, old_threshold)
    output = check_output(output, reads=paths, index=db)
    report = check_documents(paths, db, threshold=threshold, add=add_new, strict=strict)
    emit(render(report, fmt, fail_on=failing), output)
    if report.failing(failing):
        raise click.exceptions.Exit(EXIT_FOUND)


class Terminated(BaseException):
    """SIGTERM, raised where the command is, so its clean-up (a half-written output's temporary file) runs.

    Not an ``Exception``: no ``except Exception`` swallows it, as none swallows Ctrl-C.
    """


@contextmanager
def _sigterm_raises():
    """While the command runs, SIGTERM raises :class:`Terminated` in this process (a forked worker just ends)."""
    owner = os.getpid()

    def on_sigterm(signum, frame):
        if os.getpid() != owner:  # a worker forked while the handler was set: end as SIGTERM ends it
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_traceback(debug: bool) -> None:
    if debug:
        traceback.print_exc()


#: Errors of the machine the tool runs on (a full disk, a file-size limit, a read-only file system, a
#: quota): reported in one line with exit 2, like a user error, not as an internal error.
_ENVIRONMENT_ERRORS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EDQUOT})


def _invoke(args: list[str]):
    """Run the command line as click's ``main`` does, but let Ctrl-C through untouched.

    click's own ``main`` prints an empty line on standard error before it
    turns a ``KeyboardInterrupt`` into ``Abort``; here the interrupt reaches
    :func:`run`, which says "interrupted" in one line.
    """
    with main.make_context("articlediff", args) as ctx:
        return main.invoke(ctx)


def run(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run the CLI and turn every failure into one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        with _sigterm_raises():
            code = _invoke(args)
    except ArticlediffError as exc:
        _show_traceback(debug)
        click.echo(visible(f"articlediff: error: {exc}", keep="\n"), err=True)
        code = exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        code = 0
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("articlediff: interrupted", err=True)
        code = 130
    except Terminated:
        click.echo("articlediff: terminated", err=True)
        code = EXIT_TERMINATED
    except click.ClickException as exc:
        click.echo(visible(f"articlediff: error: {exc.format_message()}", keep="\n"), err=True)
        code = exc.exit_code
    except BrokenPipeError:
        code = 0
        sys.stderr.close()
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        _show_traceback(debug)
        if isinstance(exc, OSError) and exc.errno in _ENVIRONMENT_ERRORS:
            # The machine, not the input or the tool (a full disk, a size limit): one line, as a user error.
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(visible(f"articlediff: error: {where}{exc.strerror or exc}", keep="\n"), err=True)
            code = 2
        else:
            hint = "" if debug else " (run with --debug for the traceback)"
            click.echo(visible(f"articlediff: internal error: {type(exc).__name__}: {exc}{hint}", keep="\n"), err=True)
            code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else 0)
