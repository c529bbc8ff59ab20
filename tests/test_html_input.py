"""HTML pages read as the article they carry, and PDFs and other non-text files refused with a hint (issue 23)."""

import html
import json

import pytest

from articlediff import compare
from articlediff.errors import InputError
from articlediff.read import article_from_bytes, read_article

from .conftest import seed_path

trafilatura = pytest.importorskip("trafilatura", reason="the html extra is not installed")


def page(title: str, paragraphs: list[str], date: str = "2026-02-01") -> str:
    """A news page as a CMS writes one: navigation, the article, share buttons, a footer, a script."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Example News</title>
<meta property="article:published_time" content="{date}T08:30:00Z"><script>var tracking = "x";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>{html.escape(title)}</h1>
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li></ul></aside></main>
<footer><p>Copyright 2026 Example News. All rights reserved.</p><a href="/subscribe">Subscribe to our newsletter</a></footer>
</body></html>"""


def seed_paragraphs(key: str) -> list[str]:
    return [line.strip() for line in seed_path(key).read_text(encoding="utf-8").split("\n") if len(line.split()) > 12][:8]


def test_a_page_is_read_as_its_article_with_title_date_and_the_extraction_recorded(tmp_path):
    paragraphs = seed_paragraphs("002")
    path = tmp_path / "story.html"
    path.write_text(page("Starmer and the EU reset", paragraphs), encoding="utf-8")
    doc = read_article(path)
    for paragraph in paragraphs:
        assert paragraph in doc.text
    for chrome in ("Most read", "Copyright 2026", "var tracking", "Politics", "<p>"):
        assert chrome not in doc.text
    assert doc.meta["title"] == "Starmer and the EU reset" and doc.meta["date"] == "2026-02-01"
    extracted = doc.meta["extracted"]
    assert extracted["from"] == "html" and extracted["by"].startswith("trafilatura ")
    assert extracted["characters_out"] == len(doc.text) < extracted["characters_in"]


def test_a_page_compared_with_the_same_article_as_text_is_the_same_story(tmp_path):
    paragraphs = seed_paragraphs("002")
    as_page = tmp_path / "story.html"
    as_page.write_text(page("Starmer and the EU reset", paragraphs), encoding="utf-8")
    as_text = tmp_path / "story.txt"
    as_text.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    comparison = compare(as_page, as_text)
    assert comparison.summary["only_b"] == 0 and comparison.summary["similarity"] > 90
    a = comparison.to_dict()["a"]
    assert a["extracted"]["title"] == "Starmer and the EU reset"
    doc = read_article(as_page)
    for pair in comparison.pairs:  # offsets point into the extracted text
        assert doc.text[pair.a.start : pair.a.end] == pair.a.text


def test_a_page_is_known_by_its_opening_whatever_its_name(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("  <!-- saved by a browser -->\n" + page("A title", seed_paragraphs("004")), encoding="utf-8")
    assert "extracted" in read_article(path).meta
    plain = tmp_path / "plain.txt"
    plain.write_text("The <b> tag is HTML, and this sentence is about it.\n", encoding="utf-8")
    assert "extracted" not in read_article(plain).meta  # text that mentions tags is not a page


@pytest.mark.parametrize(
    "data, hint",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF, not a text article: convert it to text first"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a zip archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is a PNG image"),
    ],
)
def test_other_formats_get_a_one_line_error_with_what_to_do(data, hint, cli, tmp_path):
    with pytest.raises(InputError, match=hint):
        article_from_bytes(data, "x")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = cli("compare", path, seed_path("002"))
    assert result.code == 2 and result.err.count("\n") == 1 and hint in result.err


def test_the_json_says_the_text_was_extracted(tmp_path, cli):
    path = tmp_path / "story.html"
    path.write_text(page("Starmer and the EU reset", seed_paragraphs("002")), encoding="utf-8")
    doc = json.loads(cli("compare", path, seed_path("002"), "-f", "json").out)
    assert doc["a"]["extracted"]["from"] == "html" and "extracted" not in doc["b"]
    text = cli("compare", path, seed_path("002")).out
    assert "the article text of an HTML page, extracted by trafilatura" in text.splitlines()[0]
