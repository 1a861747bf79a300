"""Every page of the built site in headless Chromium, as a reader sees it."""

import re
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import pytest

from attnlab.theme import DARK

from .browser_pages import CONTROL_BAR, VIDEOS_UNDER_CONTROLS, open_page
from .course import PAGES, ROOT



def test_strict_build_has_no_warnings(built_site):
    plain = re.sub(r"\x1b\[[\d;]*m", "", built_site.log)  # without the terminal's colours
    warnings = [line for line in plain.splitlines() if re.match(r"(WARNING\s+-|Warning:)", line)]  # MkDocs, Zensical
    assert warnings == [], "\n".join(warnings)


class _Links(HTMLParser):
    """The ids of an HTML page, and the hrefs of the links inside its ``<article>`` (the page's own content)."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self._article = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "article":
            self._article += 1
        elif tag == "a" and self._article and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1


def _parsed(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_link_in_the_pages_resolves(built_site):
    """Links inside the content of every page (Markdown pages, notebooks, generated fragments) reach a file of
    the site and, with a #fragment, an element with that id. mkdocs --strict checks Markdown pages' links to
    .md files; this also covers what it does not see: notebook cells, raw HTML, the figures' download links."""
    site_dir = built_site.folder
    pages = {path: _parsed(path) for path in site_dir.rglob("*.html")}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
                continue  # leaving the site is the request test's business
            target = (page.parent / url.path).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site_dir)}: {href}"
            if not target.is_file():
                broken.append(f"{where} (no file {target})")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parsed(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where} (no id {url.fragment!r} on {target.relative_to(site_dir)})")
    assert broken == [], "links that lead nowhere:\n  " + "\n  ".join(broken)


def test_dark_figure_background_matches_the_page():
    css = (ROOT / "docs/stylesheets/attnlab.css").read_text()
    match = re.search(r'\[data-md-color-scheme="slate"\]\s*\{\s*--md-default-bg-color:\s*(#[0-9a-fA-F]{6})', css)
    assert match, "attnlab.css must set the slate background colour"
    assert match.group(1).lower() == DARK.background.lower()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and every request, and blocks requests leaving localhost."""
    context, page = open_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(page, page_url, path):
    response = page.goto(page_url(path), wait_until="load")
    assert response.ok, f"{path}: HTTP {response.status}"
    # every image decodes, including lazy ones below the fold and the hidden variant of the other scheme
    broken = page.evaluate("""async () => {
        const images = [...document.querySelectorAll('article img')];
        images.forEach(img => { img.loading = 'eager'; });
        await Promise.all(images.map(img => img.decode().catch(() => null)));
        return images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src);
    }""")
    assert broken == [], f"{path}: images that do not decode: {broken}"
    # all math, in the text and in figure captions, is typeset by the site's own KaTeX, without errors
    untypeset = page.evaluate("""() => [...document.querySelectorAll('article .arithmatex')]
        .filter(el => !el.querySelector('.katex') || el.querySelector('.katex-error')).map(el => el.textContent)""")
    assert untypeset == [], f"{path}: math KaTeX did not typeset: {untypeset}"
    covered = page.evaluate(VIDEOS_UNDER_CONTROLS, CONTROL_BAR)
    assert covered == [], f"{path}: the controls would cover the bottom of these videos' frames: {covered}"
    assert page.console_errors == [], f"{path}: console errors: {page.console_errors}"
    assert page.outside_requests == [], f"{path}: requests leaving localhost: {page.outside_requests}"


@pytest.mark.parametrize("path", [p for p in PAGES if p])
def test_every_video_plays(page, page_url, path):
    page.goto(page_url(path), wait_until="load")
    videos = page.locator("article video")
    for i in range(videos.count()):
        handle = videos.nth(i).element_handle()
        page.evaluate("v => { v.muted = true; return v.play(); }", handle)
        page.wait_for_function("v => v.currentTime > 0 && v.readyState >= 2 && !v.error", arg=handle, timeout=15000)
    assert page.console_errors == [], f"{path}: console errors: {page.console_errors}"
    assert page.outside_requests == [], f"{path}: requests leaving localhost: {page.outside_requests}"


def test_palette_toggle_swaps_figure_variants(page, page_url):
    path = next(p for p in PAGES if p)  # the first content page has figures
    page.emulate_media(color_scheme="light")
    page.goto(page_url(path), wait_until="load")
    light = page.locator('article img[src$="#only-light"]').first
    dark = page.locator('article img[src$="#only-dark"]').first
    assert light.is_visible() and not dark.is_visible()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert dark.is_visible() and not light.is_visible()
    if page.locator("article video").count():
        assert page.locator("article video.attn-only-dark").first.is_visible()
        assert not page.locator("article video.attn-only-light").first.is_visible()


def test_posters_load_near_the_screen_for_the_scheme_shown_only(page, page_url):
    # the positional-encoding page: its dials animation sits below the first screen
    path = "transformer/positional-encoding/"
    posters = []
    page.on("request", lambda request: ".poster.png" in request.url and posters.append(request.url))
    page.emulate_media(color_scheme="light")
    page.goto(page_url(path), wait_until="networkidle")
    light = page.locator("#figure-positional_dials video.attn-only-light")
    dark = page.locator("#figure-positional_dials video.attn-only-dark")
    assert light.bounding_box()["y"] > 900 + 600, "the test needs a video below the poster margin"
    near = [p for p in posters if "positional_dials" in p]
    assert near == [] and light.get_attribute("poster") is None  # not near the screen yet
    assert all(p.endswith(".light.poster.png") for p in posters), posters  # the first screen's: light only
    posters.clear()

    light.scroll_into_view_if_needed()
    page.wait_for_function("v => v.poster.endsWith('.light.poster.png')", arg=light.element_handle())
    page.wait_for_load_state("networkidle")
    assert [p.rsplit("/", 1)[1] for p in posters] == ["positional_dials.light.poster.png"]
    assert dark.get_attribute("poster") is None  # hidden by the scheme: never loaded

    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("v => v.poster.endsWith('.dark.poster.png')", arg=dark.element_handle())
    assert page.evaluate("v => v.poster", dark.element_handle()).endswith("/positional_dials.dark.poster.png")
