"""articlediff: track how a news story changes as it is copied, rewritten and updated.

The library API (the CLI is a thin layer over it)::

    import articlediff
    cleaned = articlediff.clean(text)                       # repaired text + explained repairs
    result = articlediff.compare("old.txt", "new.txt")      # paths, or Document (Article) objects
    result.summary, result.pairs, result.only_a, result.only_b
    print(articlediff.render(result, "markdown"))
    story = articlediff.timeline(["a.txt", "b.txt", "c.txt"])   # or a folder
    story.entries[1].copied, story.entries[1].added, story.entries[1].fact_changes
    found = articlediff.dedup(["corpus/"])                     # folders, files, JSONL, Document objects
    found.clusters, found.summary
    from articlediff import iter_documents
    with articlediff.Index("corpus.sqlite") as index:          # a persistent corpus index
        index.add(iter_documents(["corpus/"]))
    articlediff.check(["incoming/"], "corpus.sqlite").results  # verdicts: new, duplicate

See docs/architecture.md for the pipeline and docs/formats.md for the JSON.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .lazy import lazy_exports

#: Each public name and the module it is imported from, on first use (:mod:`.lazy`: ``--help`` loads no engine).
_EXPORTS = {
    "DEFAULT_THRESHOLD": ".align",
    "Match": ".align",
    "align": ".align",
    "Comparison": ".compare",
    "Pair": ".compare",
    "compare": ".compare",
    "DedupResult": ".dedup",
    "FingerprintConfig": ".dedup",
    "dedup": ".dedup",
    "Edit": ".diff",
    "word_diff": ".diff",
    "ArticlediffError": ".errors",
    "InputError": ".errors",
    "OutputError": ".errors",
    "UsageError": ".errors",
    "Index": ".index",
    "check": ".index",
    "Sentence": ".models",
    "Span": ".models",
    "Word": ".models",
    "CleanConfig": ".normalise.clean",
    "Cleaned": ".normalise.clean",
    "clean": ".normalise.clean",
    "Repair": ".normalise.repairs",
    "replay": ".normalise.repairs",
    "Prepared": ".prepare",
    "prepare": ".prepare",
    "Article": ".read",
    "Document": ".read",
    "article_from_bytes": ".read",
    "iter_documents": ".read",
    "read_article": ".read",
    "Related": ".related",
    "related": ".related",
    "render": ".report",
    "segment": ".segment",
    "Timeline": ".timeline",
    "timeline": ".timeline",
}
lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from .align import DEFAULT_THRESHOLD, Match, align
    from .compare import Comparison, Pair, compare
    from .dedup import DedupResult, FingerprintConfig, dedup
    from .diff import Edit, word_diff
    from .errors import ArticlediffError, InputError, OutputError, UsageError
    from .index import Index, check
    from .models import Sentence, Span, Word
    from .normalise.clean import CleanConfig, Cleaned, clean
    from .normalise.repairs import Repair, replay
    from .prepare import Prepared, prepare
    from .read import Article, Document, article_from_bytes, iter_documents, read_article
    from .related import Related, related
    from .report import render
    from .segment import segment
    from .timeline import Timeline, timeline

__all__ = [
    "DEFAULT_THRESHOLD",
    "Article",
    "ArticlediffError",
    "CleanConfig",
    "Cleaned",
    "Comparison",
    "DedupResult",
    "Document",
    "Edit",
    "FingerprintConfig",
    "Index",
    "InputError",
    "Match",
    "OutputError",
    "Pair",
    "Prepared",
    "Related",
    "Repair",
    "Sentence",
    "Span",
    "Timeline",
    "UsageError",
    "Word",
    "align",
    "article_from_bytes",
    "check",
    "clean",
    "compare",
    "dedup",
    "iter_documents",
    "prepare",
    "read_article",
    "related",
    "render",
    "replay",
    "segment",
    "timeline",
    "word_diff",
]
