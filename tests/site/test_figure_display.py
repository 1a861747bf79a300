"""Figures as a reader meets them: at the type scale the figure tests assume, and open full size on a tap.

The figure tests (tests/figures/test_figure_design.py) hold every still's smallest text to the caption's size
when the figure is shown at the content width; here the built page is measured: the caption's size and the
content width are the ones attnlab.theme assumes, a still is shown at min(its width, the content width), and on a
phone every still opens in the lightbox (glightbox), where it can be seen full size and zoomed.
"""

import re

import pytest

from attnlab.theme import CAPTION_PX, CONTENT_PX

from .browser_pages import open_page
from .course import PAGES

STILL_PAGE = "foundations/matrix-form/"  # a page with stills in both schemes


def still_pages(site):
    """The pages (URL paths on ``site``, a BuiltSite) that hold at least one still."""
    paths = [site.path(p) for p in PAGES]
    return [p for p in paths if "attn-figure-still" in (site.folder / p / "index.html").read_text(encoding="utf-8")]


def test_every_still_on_every_page_opens_in_the_lightbox(built_site):
    unwrapped = []
    for path in still_pages(built_site):
        html = (built_site.folder / path / "index.html").read_text(encoding="utf-8")
        for img in re.findall(r"(<a [^>]*>)?\s*<img class=\"attn-figure-img\"[^>]*>", html):
            if 'class="glightbox"' not in img:
                unwrapped.append(path)
    assert still_pages(built_site), "no page holds a still"
    assert unwrapped == [], f"stills not wrapped in a lightbox link on: {sorted(set(unwrapped))}"


@pytest.mark.parametrize("width, content", [(1280, CONTENT_PX)])
def test_caption_and_content_width_are_the_type_scale(browser, page_url, width, content):
    context, page = open_page(browser, viewport={"width": width, "height": 900})
    try:
        page.goto(page_url(STILL_PAGE), wait_until="load")
        measured = page.evaluate("""() => {
            const caption = document.querySelector('article figure.attn-figure figcaption');
            const inner = document.querySelector('.md-content__inner');
            const style = getComputedStyle(inner);
            const img = [...document.querySelectorAll('article img.attn-figure-img')].find(i => i.offsetWidth > 0);
            return {caption: parseFloat(getComputedStyle(caption).fontSize),
                    content: inner.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                    shown: img.getBoundingClientRect().width, natural: img.naturalWidth || img.width};
        }""")
    finally:
        context.close()
    assert measured["caption"] == CAPTION_PX, measured
    assert abs(measured["content"] - content) <= 1, measured
    assert measured["shown"] <= content + 0.5, measured


def test_a_tap_on_a_phone_opens_the_still_full_size(browser, page_url):
    context, page = open_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                              is_mobile=True, has_touch=True)
    try:
        page.goto(page_url(STILL_PAGE), wait_until="load")
        link = page.locator("article a.glightbox:visible").first
        target = link.evaluate("a => a.href")  # the absolute URL of the variant shown
        link.tap()
        slide = page.locator(".gslide.current img")
        slide.wait_for(state="visible")
        assert slide.get_attribute("src") == target
        # once the opening animation ends, the figure fills the phone's width
        page.wait_for_function("() => document.querySelector('.gslide.current img').getBoundingClientRect().width"
                               " > 300", timeout=5000)
    finally:
        context.close()
