"""Every page of the built site checked by axe-core in both colour schemes, and on a phone for sideways scrolling.

axe-core is an npm dev dependency (package.json): `npm ci` puts it in node_modules/, the site never ships it;
the tests inject node_modules/axe-core/axe.min.js into each page they open.
"""

import pytest

from .browser_pages import CONTROL_BAR, VIDEOS_UNDER_CONTROLS, open_page
from .course import PAGES, ROOT

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}  # name -> (prefers-color-scheme, Material's)
PHONE = 390  # CSS px, a common phone's width
# Rules held whatever axe-core's impact: a table header without text is "minor" to axe, but a screen reader
# announces the column as nothing (issue 13 names it)
ALSO = ["empty-table-header"]


@pytest.fixture(scope="module")
def scheme_pages(browser):
    """One page per colour scheme, reused by every test of the module (a context per scheme keeps it fast)."""
    pages, contexts = {}, []

    def get(scheme):
        if scheme not in pages:
            context, page = open_page(browser, viewport={"width": 1280, "height": 900}, color_scheme=SCHEMES[scheme][0])
            contexts.append(context)
            pages[scheme] = page
        return pages[scheme]

    yield get
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def phone_page(browser):
    context, page = open_page(browser, viewport={"width": PHONE, "height": 844}, device_scale_factor=2,
                          is_mobile=True, has_touch=True)
    yield page
    context.close()


def _load(page, url):
    """Open a page and wait until its math is typeset (katex.js runs on mkdocs-material's document$)."""
    response = page.goto(url, wait_until="load")
    assert response.ok, f"{url}: HTTP {response.status}"
    page.wait_for_function("""() => [...document.querySelectorAll('article .arithmatex')]
        .every(el => el.querySelector('.katex'))""", timeout=15000)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(scheme_pages, page_url, path, scheme):
    """(issue 13, d) axe-core's rules: nothing of impact "serious" or "critical" (nor in ALSO), light and dark."""
    assert AXE.is_file(), f"{AXE} is missing: npm ci installs axe-core (a dev dependency in package.json)"
    page = scheme_pages(scheme)
    _load(page, page_url(path))
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme][1], f"{path}: the {scheme} scheme shows {shown!r}"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async (also) => {
        const results = await axe.run(document, { resultTypes: ['violations'] });
        const held = v => v.impact === 'serious' || v.impact === 'critical' || also.includes(v.id);
        return results.violations.filter(held).flatMap(v => v.nodes.map(node => ({
            id: v.id, impact: node.impact || v.impact, target: node.target.join(' '),
            summary: (node.failureSummary || v.help).replace(/\\s+/g, ' ').trim() })));
    }""", ALSO)
    report = [f"{path or '/'} [{scheme}] {v['id']} ({v['impact']}) at {v['target']}: {v['summary']}"
              for v in violations]
    assert report == [], f"{len(report)} axe-core violations (serious, critical or in ALSO):\n  " + "\n  ".join(report)


@pytest.mark.parametrize("path", PAGES)
def test_phone_page_does_not_scroll_sideways_nor_cover_a_video(phone_page, page_url, path):
    """(issue 13, e) at 390 px nothing widens the page: wide content scrolls inside its own box or wraps; and
    (c) the video controls sit below each animation's frame, not on it."""
    _load(phone_page, page_url(path))
    covered = phone_page.evaluate(VIDEOS_UNDER_CONTROLS, CONTROL_BAR)
    assert covered == [], f"{path}: at {PHONE} px the controls would cover these videos' frames: {covered}"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE + 1:
        return
    # the outermost elements that reach past the viewport and are not inside a box that scrolls or clips them
    widest = phone_page.evaluate("""(limit) => {
        const clipped = el => {  // inside a box that scrolls or clips it, or fixed to the screen (no page scroll)
            for (let a = el; a && a !== document.body; a = a.parentElement) {
                const style = getComputedStyle(a);
                if (style.position === 'fixed' || (a !== el && style.overflowX !== 'visible')) return true;
            }
            return false;
        };
        const over = new Set([...document.body.querySelectorAll('*')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right + window.scrollX > limit && !clipped(el);
        }));
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            [...el.classList].slice(0, 3).map(c => '.' + c).join('');
        return [...over].filter(el => !over.has(el.parentElement))
            .map(el => ({ el, right: el.getBoundingClientRect().right + window.scrollX }))
            .sort((a, b) => b.right - a.right).slice(0, 8)
            .map(({ el, right }) => `${name(el)} reaches ${Math.round(right)} px: ` +
                 JSON.stringify((el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 70)));
    }""", PHONE + 1)
    pytest.fail(f"{path or '/'}: the page is {width} px wide at a {PHONE} px viewport; widest:\n  "
                + "\n  ".join(widest))


# Headings whose permalink ¶ is not on the line of the heading's last word (it wrapped onto a line of its own)
STRAY_PERMALINKS = """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4) > a.headerlink')]
  .filter(link => {
    const heading = link.parentElement, text = document.createRange();
    text.setStart(heading, 0);
    text.setEndBefore(link);
    const lines = [...text.getClientRects()].filter(r => r.width > 0);
    const last = lines[lines.length - 1], mark = link.getBoundingClientRect();
    return last && Math.abs((mark.top + mark.bottom) / 2 - (last.top + last.bottom) / 2) > last.height / 2;
}).map(link => link.parentElement.textContent.replace('¶', '').trim())"""


@pytest.mark.parametrize("path", PAGES)
def test_the_permalink_stays_on_the_headings_last_line(scheme_pages, phone_page, page_url, path):
    """(issue 13) the ¶ never wraps onto a line of its own under a title, at 1280 px or on a 390 px phone."""
    for width, page in ((1280, scheme_pages("light")), (PHONE, phone_page)):
        _load(page, page_url(path))
        stray = page.evaluate(STRAY_PERMALINKS)
        assert stray == [], f"{path or '/'} at {width} px: the ¶ wraps onto its own line under {stray}"
