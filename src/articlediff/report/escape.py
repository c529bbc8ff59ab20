"""What every report escapes: one helper a kind of output (docs/formats.md, "What each report escapes").

- :func:`visible`: for a terminal (and any text a person reads): C0 and C1
  control characters, DEL, the bidi embedding, override and isolate
  characters (U+202A-U+202E, U+2066-U+2069), lone surrogates and the
  non-characters U+FFFE/U+FFFF are shown as ``\\xNN`` (a code under 256)
  or ``\\uNNNN``, never written raw: an ESC in an article or an id cannot
  clear the screen or retitle the window, a U+202E cannot reverse what
  follows it.  A tab or a line break is kept only where the caller says
  (``keep``).
- :func:`styled_line`: the same for a line of rich ``Text`` (its styles
  kept); rich never reads an article's text as markup, since the reports
  print ``Text`` objects, not markup strings.
- :func:`md_text`, :func:`code_span`, :func:`md_link`: Markdown, where text
  must not become markup, HTML or a link.
- :func:`xml_text`: JUnit XML: what XML 1.0 forbids is shown as :func:`visible` does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a styled line is made: an error message or a plain report needs no rich
    from rich.text import Text

#: What :func:`visible` escapes (tab and line feed too, unless kept).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_BACKTICKS = re.compile("`+")
_SPACE = re.compile(r"\s+")
#: A URL a Markdown report links: http or https, nothing that could end the autolink.
_LINKABLE = re.compile(r"https?://[^\s<>\"'`\x00-\x1f\x7f]+", re.IGNORECASE)


def _code(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control, bidi-control and lone-surrogate character shown as ``\\xNN``/``\\uNNNN``
    (the characters in ``keep``, ``"\\n\\t"`` say, are left as they are)."""
    if not keep:
        return _HIDDEN.sub(_code, text)
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else _code(m), text)


def styled_line(line: Text) -> Text:
    """A rich ``Text`` line with :func:`visible` applied to its text and each piece keeping its styles."""
    from rich.text import Text

    if _HIDDEN.search(line.plain) is None:
        return line
    cuts = sorted({s.start for s in line.spans} | {s.end for s in line.spans})
    out = Text(style=line.style, justify=line.justify, no_wrap=line.no_wrap, end=line.end)
    for piece in line.divide(cuts):
        start = len(out)
        out.append(visible(piece.plain))
        for span in piece.spans:
            out.stylize(span.style, start, len(out))
    return out


def md_text(text: str) -> str:
    """Text for a Markdown line: controls shown (:func:`visible`), white space folded to one space (it cannot
    end the line or the list item), and every character that could start markup, HTML (``<``, ``>``, ``&``)
    or a link (``[``, ``!``) backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", visible(_SPACE.sub(" ", text)))


def code_span(text: str) -> str:
    """``text`` as one Markdown code span: a fence of backticks longer than any run of them in it, padded with
    a space when it starts or ends with a backtick or a space (CommonMark strips one space each side).
    Inside a code span nothing is markup or HTML."""
    text = visible(_SPACE.sub(" ", text))
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[:1] in "` " or text[-1:] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_link(url: str) -> str:
    """An ``http(s)`` URL as a Markdown autolink ``<url>``; anything else (``javascript:``, spaces, ``>``) as a code span."""
    return f"<{url}>" if _LINKABLE.fullmatch(url) else code_span(url)


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: each character it forbids (C0 controls but tab, line feed and carriage return;
    lone surrogates; U+FFFE, U+FFFF) shown as :func:`visible` shows it, and the other controls with them.
    Escape ``<``, ``&`` and quotes after this (``xml.sax.saxutils``)."""
    return visible(text, keep="\t\n\r")
