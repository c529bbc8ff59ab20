"""The timeline's HTML page: escaping, the text invariant and ids without a browser, then the page in real Chromium.

The browser tests need Playwright for Python (``pip install playwright``; its
driver ships in the wheel) and Debian's Chromium at ``/usr/bin/chromium``
(``apt-get install -y chromium``).  They skip, saying which is missing, only
when one of those is absent.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.report.timeline_html import render_timeline_html, segments, slugs

SAMPLE = Path(__file__).resolve().parent / "data" / "timeline_sample.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KINDS = ("verbatim", "edited", "spun", "paraphrased")


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


class _Page(HTMLParser):
    """Collects every id, every ``#`` link and the text of each article body (``div.text``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.bodies: dict[str, str] = {}
        self._body: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if self._body is not None:
            self._depth += 1
        elif tag == "div" and attrs.get("class") == "text":
            self._body, self._depth = attrs["data-article"], 1
            self.bodies[self._body] = ""

    def handle_endtag(self, tag):
        if self._body is not None:
            self._depth -= 1
            if self._depth == 0:
                self._body = None

    def handle_data(self, data):
        if self._body is not None:
            self.bodies[self._body] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


# -- without a browser ----------------------------------------------------------------------------------


def test_sample_offsets_hold(sample):
    """The sample is a faithful example of the contract: every passage is text[start:end] of its article."""
    texts = {a["id"]: a["text"] for a in sample["articles"]}
    for a in sample["articles"]:
        for p in a["copied"] + a["added"]:
            assert a["text"][p["start"] : p["end"]] == p["text"]
        for p in a["dropped"]:
            assert texts[p["id"]][p["start"] : p["end"]] == p["text"]
        for f in a["fact_changes"]:
            assert texts[f["a"]["id"]][f["a"]["start"] : f["a"]["end"]] == f["before"]
            assert texts[f["b"]["id"]][f["b"]["start"] : f["b"]["end"]] == f["after"]


def test_text_is_escaped_never_markup(sample):
    page = render_timeline_html(sample)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;reset &amp; run&quot;)&lt;/script&gt;" in page
    assert "Brussels &amp; Strasbourg" in page and "Brussels & Strasbourg" not in page
    assert "“reset”" in page and "Zürich" in page and "🇪🇺" in page  # non-ASCII kept as characters
    allowed = "html head meta title style body header p h1 h2 h3 ul ol li b small span a div nav main section table thead"
    assert set(parse(page).tags) <= set(allowed.split() + ["tbody", "tr", "th", "td", "code", "time", "footer"])


def test_page_is_self_contained(sample):
    page = render_timeline_html(sample)
    for needle in ("<link", "<img", "<script", "<iframe", "src=", "@import", "url(", "http://", "https://"):
        assert needle not in page.lower()


def test_visible_article_text_is_the_original(sample):
    bodies = parse(render_timeline_html(sample)).bodies
    assert bodies == {a["id"]: a["text"] for a in sample["articles"]}


def test_ids_unique_and_every_link_resolves(sample):
    page = parse(render_timeline_html(sample))
    assert len(page.ids) == len(set(page.ids))
    assert page.links and set(page.links) <= set(page.ids)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in page.ids)


def test_copied_passage_links_to_its_source_even_mid_passage(sample):
    """002's paraphrase comes from the middle of an added passage of 001: an anchor is cut there."""
    page = render_timeline_html(sample)
    t1 = sample["articles"][1]["text"]
    start = t1.index("what does the")
    assert f'href="#p-001_aggregator-{start}"' in page and f'id="p-001_aggregator-{start}"' in page


def test_render_does_not_change_its_input(sample):
    before = copy.deepcopy(sample)
    render_timeline_html(sample)
    assert sample == before


def test_slugs_are_safe_deterministic_and_unique():
    ids = ["000_x", "a b", "a/b", "a-b", "", "«ü»", "a b", "a-b-2", "x" * 80]
    out = slugs(ids)
    assert out == slugs(ids)
    assert out["000_x"] == "000_x" and out["a-b"] == "a-b"
    assert len(set(out.values())) == len(out) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s) and "--" not in s for s in out.values())


def test_awkward_data_still_gives_a_sound_page():
    """Overlapping, reversed and out-of-range passages, a repeated id, unknown sources, missing text."""
    text = "Alpha beta gamma. <b>Delta</b> & epsilon."
    data = {
        "schema": "articlediff.timeline/1",
        "order": "given",
        "articles": [
            {"id": "x", "text": "Source text here.", "copied": [], "added": [{"start": 0, "end": 17}], "dropped": []},
            {
                "id": 'we"ird <id>',
                "text": text,
                "copied": [
                    {"start": 5, "end": 30, "from": {"id": "x", "start": 3, "end": 99}, "kind": "verbatim", "score": 90},
                    {"start": 0, "end": 10, "from": {"id": "nowhere", "start": 0, "end": 4}, "kind": "mystery"},
                    {"start": 20, "end": 12, "from": {"id": "x", "start": -5, "end": 2}, "kind": "spun"},
                ],
                "added": [{"start": 25, "end": 500}, {"start": 6, "end": 8}],
                "dropped": [{"id": "x", "start": 400, "end": 500, "text": "gone"}],
                "fact_changes": [
                    {
                        "type": "name",
                        "before": "b",
                        "after": "<b>",
                        "a": {"id": "x", "start": 1, "end": 2},
                        "b": {"id": 'we"ird <id>', "start": 18, "end": 30},
                    }
                ],
            },
            {"id": "x", "text": "A second article with the same id.", "copied": [], "added": []},
            {"id": "no text", "copied": [{"start": 0, "end": 3, "from": {"id": "x", "start": 7, "end": 9}, "kind": "edited"}]},
        ],
    }
    page = render_timeline_html(data)
    parsed = parse(page)
    assert parsed.bodies['we"ird <id>'] == text
    assert len(parsed.ids) == len(set(parsed.ids))
    assert set(parsed.links) <= set(parsed.ids)
    assert "<b>Delta" not in page and "<id>" not in page


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab é\n“🇪<&", max_size=40),
    ranges=st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50), st.booleans()), max_size=8),
    anchors=st.lists(st.integers(-3, 45), max_size=6),
)
def test_segments_cover_the_text_once_in_order(text, ranges, anchors):
    copied = [{"start": s, "end": e} for s, e, c in ranges if c]
    added = [{"start": s, "end": e} for s, e, c in ranges if not c]
    got = segments(text, copied, added, anchors)
    assert "".join(text[s.start : s.end] for s in got) == text
    assert all(s.start < s.end for s in got)
    assert all(a.end == b.start for a, b in itertools.pairwise(got))
    starts = {s.start for s in got}
    assert all(a in starts for a in anchors if 0 <= a < len(text))
    assert all(s.anchor == (s.start in anchors) for s in got)
    for s in got:
        if s.role is not None:
            p = s.passage
            assert max(p["start"], 0) <= s.start and s.end <= p["end"]


# -- in a real browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_file(sample, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "timeline.html"
    path.write_text(render_timeline_html(sample), encoding="utf-8")
    return path


def open_page(browser, path: Path, width: int, height: int):
    """Load ``path`` at a viewport size, recording console errors, page errors and every request made."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = {"errors": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, log


def test_page_in_browser_at_laptop_size(browser, page_file, sample, tmp_path):
    context, page, log = open_page(browser, page_file, 1280, 800)
    try:
        assert log["errors"] == []
        assert log["requests"] == [page_file.as_uri()]

        shown = page.eval_on_selector_all(".article h2 .id", "els => els.map(e => e.textContent)")
        assert shown == [a["id"] for a in sample["articles"]]
        bodies = page.eval_on_selector_all("div.text", "els => els.map(e => [e.dataset.article, e.textContent])")
        assert dict(bodies) == {a["id"]: a["text"] for a in sample["articles"]}
        visible = page.eval_on_selector_all("div.text", "els => els.map(e => e.checkVisibility() && e.offsetHeight > 0)")
        assert visible == [True] * len(sample["articles"])

        links = page.eval_on_selector_all('a[href^="#"]', "els => els.map(e => e.getAttribute('href'))")
        assert len(links) > 20
        missing = page.evaluate("hrefs => hrefs.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))", links)
        assert missing == []

        body_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        added_bg = page.eval_on_selector(".m.added", "e => getComputedStyle(e).backgroundColor")
        assert added_bg not in (body_bg, "rgba(0, 0, 0, 0)", "transparent")
        # Kinds differ by underline style and by a text label, not only by colour.
        styles = {k: page.eval_on_selector(f".text .m.{k}", "e => getComputedStyle(e).textDecorationStyle") for k in KINDS}
        assert len(set(styles.values())) == len(KINDS)
        label = page.eval_on_selector(".text a.src.spun", "e => getComputedStyle(e, '::before').content")
        assert "spun" in label

        shot = page.screenshot()
        (tmp_path / "laptop.png").write_bytes(shot)
        assert_not_blank(shot, page.evaluate("getComputedStyle(document.body).backgroundColor"))

        page.emulate_media(color_scheme="dark")
        dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark_bg != body_bg
        assert page.eval_on_selector(".m.added", "e => getComputedStyle(e).backgroundColor") not in (dark_bg, added_bg)
    finally:
        context.close()


def test_page_in_browser_at_phone_size(browser, page_file, tmp_path):
    context, page, log = open_page(browser, page_file, 390, 844)
    try:
        assert log["errors"] == []
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth,"
            " Math.max(...[...document.querySelectorAll('div.text')].map(e => e.scrollWidth - e.clientWidth))]"
        )
        doc_width, body_width, viewport, text_overflow = widths
        assert doc_width <= viewport and body_width <= viewport and text_overflow <= 0
        shot = page.screenshot()
        (tmp_path / "phone.png").write_bytes(shot)
        assert_not_blank(shot, page.evaluate("getComputedStyle(document.body).backgroundColor"))
    finally:
        context.close()


def assert_not_blank(png: bytes, background: str) -> None:
    """The screenshot has a real picture: many colours, and the page's background in its top-left corner."""
    width, height, pixels = decode_png(png)
    colours = {row[x] for row in pixels[::3] for x in range(0, width, 3)}
    assert len(colours) > 50, f"only {len(colours)} colours in a {width}×{height} screenshot"
    r, g, b = (int(v) for v in re.findall(r"\d+", background)[:3])
    assert max(abs(c - v) for c, v in zip(pixels[0][0], (r, g, b))) <= 2


def decode_png(png: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into rows of RGB pixels, with the standard library only."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    while pos < len(png):
        size, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    data = zlib.decompress(b"".join(idat))
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        line = data[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, cur = line[0], bytearray(line[1:])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                cur[i] = (cur[i] + cur[i - bpp]) & 255
        elif kind == 2:  # Up
            cur = bytearray((x + u) & 255 for x, u in zip(cur, prev))
        elif kind == 3:  # Average
            for i in range(stride):
                cur[i] = (cur[i] + ((cur[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                a, b, c = (cur[i - bpp], prev[i], prev[i - bpp]) if i >= bpp else (0, prev[i], 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(cur[x : x + 3]) for x in range(0, stride, bpp)])
        prev = cur
    return width, height, rows
