"""Reading: the one front door for every input, and the one document type.

- :mod:`.document`: :class:`Document` (alias :data:`Article`), :class:`Skipped`,
  and the one date-line rule (:data:`DATE_LINE`);
- :mod:`.decode`: one file, standard input or bytes → a :class:`Document`
  (byte-order mark, strict UTF-8, cp1252, latin-1; YAML front matter split
  off into ``meta``; binary, empty and oversized inputs refused with a
  one-line :class:`InputError`);
- :mod:`.metadata`: an article's metadata: front matter
  (:func:`split_front_matter`), its standard fields (:func:`article_metadata`
  → :class:`ArticleMeta`; :func:`document_date`; :func:`iso_date`), and a
  manifest of them (:func:`load_manifest`, :func:`apply_manifest`);
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

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

#: Each public name and its module, imported on first use (the command line's ``--help`` reads no file).
_EXPORTS = {
    "MAX_BYTES": ".decode",
    "article_from_bytes": ".decode",
    "as_article": ".decode",
    "decode": ".decode",
    "fold_newlines": ".decode",
    "read_article": ".decode",
    "DATE_LINE": ".document",
    "Article": ".document",
    "Document": ".document",
    "Skipped": ".document",
    "date_line": ".document",
    "ALIASES": ".metadata",
    "ArticleMeta": ".metadata",
    "Manifest": ".metadata",
    "ManifestRow": ".metadata",
    "apply_manifest": ".metadata",
    "article_metadata": ".metadata",
    "document_date": ".metadata",
    "iso_date": ".metadata",
    "load_manifest": ".metadata",
    "split_front_matter": ".metadata",
    "id_roots": ".stream",
    "iter_documents": ".stream",
    "unique_ids": ".stream",
}
lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from .decode import MAX_BYTES, article_from_bytes, as_article, decode, fold_newlines, read_article
    from .document import DATE_LINE, Article, Document, Skipped, date_line
    from .metadata import (
        ALIASES,
        ArticleMeta,
        Manifest,
        ManifestRow,
        apply_manifest,
        article_metadata,
        document_date,
        iso_date,
        load_manifest,
        split_front_matter,
    )
    from .stream import id_roots, iter_documents, unique_ids

__all__ = [
    "ALIASES",
    "DATE_LINE",
    "MAX_BYTES",
    "Article",
    "ArticleMeta",
    "Document",
    "Manifest",
    "ManifestRow",
    "Skipped",
    "apply_manifest",
    "article_from_bytes",
    "article_metadata",
    "as_article",
    "date_line",
    "decode",
    "document_date",
    "fold_newlines",
    "id_roots",
    "iso_date",
    "iter_documents",
    "load_manifest",
    "read_article",
    "split_front_matter",
    "unique_ids",
]
