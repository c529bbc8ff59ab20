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

from .align import DEFAULT_THRESHOLD, Match, align  # noqa: E402
from .compare import Comparison, Pair, compare  # noqa: E402
from .dedup import DedupResult, FingerprintConfig, dedup  # noqa: E402
from .diff import Edit, word_diff  # noqa: E402
from .errors import ArticlediffError, InputError, OutputError, UsageError  # noqa: E402
from .index import Index, check  # noqa: E402
from .models import Sentence, Span, Word  # noqa: E402
from .normalise.clean import CleanConfig, Cleaned, clean  # noqa: E402
from .normalise.repairs import Repair, replay  # noqa: E402
from .prepare import Prepared, prepare  # noqa: E402
from .read import Article, Document, article_from_bytes, iter_documents, read_article  # noqa: E402
from .related import Related, related  # noqa: E402
from .report import render  # noqa: E402
from .segment import segment  # noqa: E402
from .timeline import Timeline, timeline  # noqa: E402

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
