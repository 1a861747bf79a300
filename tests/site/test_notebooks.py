"""The notebooks as lessons: prose around every cell, numbers from outputs, plots in both schemes, a download.

Three layers, fastest first: the saved notebooks (read as JSON), the notebooks executed here with nbclient
(one run each per session, timed), and the built sites in headless Chromium (the ``built_site`` fixtures: MkDocs
and Zensical).
"""

import base64
import io
import json
import re
import time
import urllib.request
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

from attnlab.notebook import figure_html
from attnlab.theme import DARK, LIGHT

from .browser_pages import open_page
from .course import DOCS, url_path

NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.ipynb"))
MIN_WORDS = 600  # of Markdown per notebook
MAX_CODE_LINE = 68  # characters: a code line fits the notebook column on the site
MAX_SECONDS = 60  # to execute one notebook, kernel start included
STRUCTURAL = {"0", "1", "2"}  # may appear in prose without an output (first, pairs, "rows sum to 1")


def cells(path, kind):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == kind]


def prose(markdown):
    """Markdown without code spans, math, link targets and list numbers: the words a reader reads."""
    text = re.sub(r"`[^`]*`", " ", markdown)
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"^\s*\d+\.\s", " ", text, flags=re.M)


NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")

ids = [path.stem for path in NOTEBOOKS]


# --- the saved files ------------------------------------------------------------------------------------


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_saved_valid_and_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: saved with outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_a_lesson_in_words(path):
    words = sum(len(prose(cell.source).split()) for cell in cells(path, "markdown"))
    assert words >= MIN_WORDS, f"{path.name}: {words} words of Markdown, fewer than {MIN_WORDS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_code_cell_is_introduced_and_followed_by_prose(path):
    kinds = [cell.cell_type for cell in nbformat.read(path, as_version=4).cells]
    for i, kind in enumerate(kinds):
        if kind == "code":
            assert i > 0 and kinds[i - 1] == "markdown", f"{path.name}: code cell {i} has no text before it"
            assert i + 1 < len(kinds) and kinds[i + 1] == "markdown", f"{path.name}: code cell {i}: no text after"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_code_fits_the_column_and_plots_follow_the_scheme(path):
    for cell in cells(path, "code"):
        long = [line for line in cell.source.splitlines() if len(line) > MAX_CODE_LINE]
        assert long == [], f"{path.name}: lines over {MAX_CODE_LINE} characters: {long}"
        assert "plt.show(" not in cell.source, f"{path.name}: plots go through attnlab.notebook.show"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_links_to_its_own_download(path):
    text = "\n".join(cell.source for cell in cells(path, "markdown"))
    assert f"]({path.name})" in text, f"{path.name}: no download link to {path.name} in its Markdown"


# --- attnlab.notebook -----------------------------------------------------------------------------------


def _draw(theme):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1], color=theme.foreground)
    return fig


def _pngs(markup):
    return {name: base64.b64decode(data) for name, data in
            re.findall(r'class="attn-only-(\w+)" src="data:image/png;base64,([^"]+)"', markup)}


def test_figure_html_holds_both_themes_dark_hidden_inline():
    import matplotlib.pyplot as plt
    from PIL import Image

    markup = figure_html(_draw, alt="a line")
    images = re.findall(r"<img [^>]*>", markup)
    assert len(images) == 2 and plt.get_fignums() == []  # figures closed: the inline backend shows nothing
    light, dark = images
    assert 'class="attn-only-light"' in light and "display:none" not in light
    assert 'class="attn-only-dark"' in dark and "display:none" in dark
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        corner = Image.open(io.BytesIO(_pngs(markup)[name])).convert("RGB").getpixel((0, 0))
        assert "#%02x%02x%02x" % corner == theme.background.lower()
    with pytest.raises(ValueError):
        figure_html(_draw, alt=" ")


def test_jupyter_without_site_css_shows_the_light_image_only(browser):
    page = browser.new_page()
    try:
        page.set_content(f"<html><body>{figure_html(_draw, alt='a line')}</body></html>")
        assert page.locator("img.attn-only-light").is_visible()
        assert not page.locator("img.attn-only-dark").is_visible()
    finally:
        page.close()


# --- executed -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def executed():
    """Each notebook executed once with nbclient in its own folder: name -> (notebook, seconds)."""
    from nbclient import NotebookClient

    runs = {}
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        began = time.perf_counter()
        NotebookClient(notebook, timeout=MAX_SECONDS, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        runs[path.name] = (notebook, time.perf_counter() - began)
    return runs


def _output_text(notebook):
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") + output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_runs_well_under_a_minute(executed, path):
    _, seconds = executed[path.name]
    assert seconds < MAX_SECONDS, f"{path.name}: {seconds:.1f} s"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_number_in_the_prose_is_printed_by_a_cell(executed, path):
    notebook, _ = executed[path.name]
    printed = set(NUMBER.findall(_output_text(notebook)))
    quoted = {n for cell in notebook.cells if cell.cell_type == "markdown"
              for n in NUMBER.findall(prose(cell.source))}
    assert quoted - STRUCTURAL - printed == set(), f"{path.name}: numbers no cell prints"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_image_output_comes_in_both_themes(executed, path):
    notebook, _ = executed[path.name]
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(kind.startswith("image/") for kind in data):
                assert set(_pngs(data.get("text/html", ""))) == {"light", "dark"}, f"{path.name}: a plain image"


# --- the built site -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_the_download_link_serves_the_notebook(browser, site_url, page_url, path):
    page = browser.new_page()
    try:
        page.goto(page_url(url_path(path.relative_to(DOCS))), wait_until="load")
        hrefs = page.eval_on_selector_all("article a[href$='.ipynb']", "links => links.map(a => a.href)")
    finally:
        page.close()
    assert hrefs, f"{path.name}: no download link on its page"
    for href in hrefs:
        assert urlparse(href).hostname == "127.0.0.1"
        with urllib.request.urlopen(urljoin(site_url, urlparse(href).path)) as response:
            served = json.loads(response.read().decode("utf-8"))
        assert served["nbformat"] == 4
        nbformat.validate(nbformat.from_dict(served))
        assert served == json.loads(path.read_text(encoding="utf-8")), f"{href} is not {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_plots_follow_the_palette_toggle(browser, page_url, path):
    context, page = open_page(browser, viewport={"width": 1280, "height": 900}, color_scheme="light")
    try:
        page.goto(page_url(url_path(path.relative_to(DOCS))), wait_until="load")
        figures = page.locator("article .attn-nb-figure")
        assert figures.count() >= 1, f"{path.name}: no figure drawn with attnlab.notebook.show"

        def shown():
            return page.evaluate("""() => [...document.querySelectorAll('article .attn-nb-figure')].map(f =>
                [...f.querySelectorAll('img')].map(img => img.className + ':' + (img.offsetWidth > 0)))""")

        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        assert all(pair == ["attn-only-light:true", "attn-only-dark:false"] for pair in shown()), shown()
        page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert all(pair == ["attn-only-light:false", "attn-only-dark:true"] for pair in shown()), shown()
        assert page.outside_requests == []
    finally:
        context.close()
