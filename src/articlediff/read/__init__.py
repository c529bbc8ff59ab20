"""Reading: the one front door for every input, and the one document type.

- :mod:`.document`: :class:`Document` (alias :data:`Article`), :class:`Skipped`,
  and the one date-line rule (:data:`DATE_LINE`, :func:`document_date`);
- :mod:`.decode`: one file, standard input or bytes → a :class:`Document`
  (byte-order mark, strict UTF-8, cp1252, latin-1; binary, empty and
  oversized inputs refused with a one-line :class:`InputError`);
- :mod:`.sources`: paths checked and folders walked (``.txt``, ``.md``,
  ``.jsonl``, recursively, sorted) into a list of sources;
- :mod:`.jsonl`: JSON Lines, line by line;
- :mod:`.stream`: :func:`iter_documents`, which streams the documents of
  folders, files and standard input, skipping bad ones with a reason;
- :mod:`.partitions`: the same inputs cut into partitions that workers read
  on their own (groups of files, byte ranges of JSONL files).

``compare`` reads its two articles with :func:`read_article`; ``timeline``,
``dedup``, ``index`` and ``check`` read folders with :func:`iter_documents`.
"""

from .decode import MAX_BYTES, article_from_bytes, as_article, decode, fold_newlines, read_article
from .document import DATE_LINE, Article, Document, Skipped, date_line, document_date
from .stream import id_roots, iter_documents, unique_ids

__all__ = [
    "DATE_LINE",
    "MAX_BYTES",
    "Article",
    "Document",
    "Skipped",
    "article_from_bytes",
    "as_article",
    "date_line",
    "decode",
    "document_date",
    "fold_newlines",
    "id_roots",
    "iter_documents",
    "read_article",
    "unique_ids",
]
