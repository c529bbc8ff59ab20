"""HTML pages read as the article they carry, and formats that are no text told apart with a hint.

Why: a saved news page compared as it is compares its tags, menus and
footers (issue 23).  The article's text is extracted by trafilatura (the
``html`` extra: it brings lxml and its date and boilerplate helpers, too
heavy for the default install), which also reads the page's title, date,
author and site name; they become the document's metadata, where an
article's front matter would put them (``title``, ``date``, ``author``,
``outlet``).  The extracted text *is* the document's text: every offset a
report gives points into it, not into the HTML.  The extraction is recorded
beside them as a step, as a repair is (``meta["extracted"]``: from what,
by what, how many characters in and out), so a report can say the text
was not the file's own.

A file that is neither text nor HTML is refused with a one-line reason and
what to do: a PDF, a word-processor or spreadsheet file, an image.
"""

from __future__ import annotations

import re

from ..errors import InputError

#: File name endings read as HTML whatever their first bytes.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: The start of a page (after white space and comments): a doctype, or an ``<html>`` or ``<head>`` tag.
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.IGNORECASE | re.DOTALL)
#: Formats that are not text, by their first bytes, and what to do with them.
_NOT_TEXT = (
    (b"%PDF-", "is a PDF, not a text article: convert it to text first (for example: pdftotext FILE FILE.txt)"),
    (b"PK\x03\x04", "is a zip archive (a .docx, .odt or .epub is one), not a text article: save or export it as plain "
                    "text first"),
    (b"\xd0\xcf\x11\xe0", "is an old Microsoft Office file, not a text article: save it as plain text first"),
    (b"{\\rtf", "is RTF, not a text article: save it as plain text first"),
    (b"\x89PNG", "is a PNG image, not a text article"),
    (b"\xff\xd8\xff", "is a JPEG image, not a text article"),
    (b"GIF8", "is a GIF image, not a text article"),
)


def not_text(data: bytes) -> str | None:
    """Why ``data`` cannot be an article (a PDF, an office file, an image), with what to do; None when it may be."""
    for magic, reason in _NOT_TEXT:
        if data.startswith(magic):
            return reason
    return None


def is_html(text: str, path: str = "") -> bool:
    """Whether ``text`` is an HTML page: its file name says so, or it opens as one."""
    return path.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.match(text[:4096]))


def extract(html: str) -> tuple[str, dict]:
    """The article text of an HTML page, and its metadata with the extraction recorded (module docstring).

    Raises :class:`InputError` when the ``html`` extra is not installed or the page holds no article text.
    """
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            "is an HTML page: install the html extra to read its article text (pip install 'articlediff[html]'), "
            "or save the article as plain text"
        ) from None
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    page = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = (page.get("text") or "").strip()
    if not text:
        raise InputError("is an HTML page with no article text that trafilatura could find")
    text += "\n"
    fields = (("title", "title"), ("date", "date"), ("author", "author"), ("outlet", "sitename"))
    meta = {key: page[field] for key, field in fields if page.get(field)}
    meta["extracted"] = {
        "from": "html",
        "by": f"trafilatura {trafilatura.__version__}",
        "characters_in": len(html),
        "characters_out": len(text),
    }
    return text, meta
