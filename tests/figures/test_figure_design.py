"""The figures' visual language, held without a person looking: type size, no overlapping text, dark variants.

For every still in light and dark: (1) it is at most 8 in wide and no text it draws is smaller than
``attnlab.theme.min_font_pt`` (caption size, 14 CSS px, at the page's content width); (2) no drawn text's box
overlaps another's or leaves the figure (the renderer's own extents, so what is checked is what is drawn);
(3) in the dark variant at most ``NEAR_WHITE_SHARE`` of the figure is near-white (a light figure on a dark
page fails); (4) a negative number is written with the typographic minus (−), never a hyphen. Phones get the full-size
figure by tapping it (tests/site checks the lightbox).
"""

import matplotlib

matplotlib.use("Agg")
import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from attnlab import theme as themes  # noqa: E402

from .conftest import SNIPPETS  # noqa: E402

MAX_WIDTH_INCHES = 8.0
DPI = 100
OVERLAP_PX = 1.0  # boxes may touch; an overlap deeper than this (at DPI) in both directions fails
NEAR_WHITE = 235  # a pixel whose red, green and blue are all at least this is near-white
NEAR_WHITE_SHARE = 0.01
CASES = [(path, theme) for path in SNIPPETS for theme in ("light", "dark")]
IDS = [f"{p.stem}-{t}" for p, t in CASES]


def drawn_texts(figure):
    """(text, box) for every non-empty text the renderer actually draws, boxes in pixels at DPI."""
    figure.set_dpi(DPI)
    seen, original = [], Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text().strip():
            seen.append(self)
        return original(self, renderer)

    Text.draw = record
    try:
        figure.canvas.draw()
    finally:
        Text.draw = original
    renderer = figure.canvas.get_renderer()
    return [(t, t.get_window_extent(renderer)) for t in seen]


def describe(text):
    return f"{text.get_text()!r} ({text.get_fontsize():.1f} pt)"


@pytest.mark.parametrize("path, theme", CASES, ids=IDS)
def test_text_is_large_enough(drawn, path, theme):
    figure = drawn(path, theme)
    width = figure.get_size_inches()[0]
    texts = drawn_texts(figure)
    plt.close(figure)
    assert width <= MAX_WIDTH_INCHES + 1e-9, f"{path.stem}: {width:.2f} in wide, at most {MAX_WIDTH_INCHES}"
    smallest = themes.min_font_pt(width)
    small = [describe(t) for t, _ in texts if t.get_fontsize() < smallest - 1e-9]
    assert small == [], (f"{path.stem} ({theme}): text below {smallest:.2f} pt, which shows under "
                         f"{themes.CAPTION_PX} CSS px at the content width: {small}")


@pytest.mark.parametrize("path, theme", CASES, ids=IDS)
def test_no_text_overlaps_or_leaves_the_figure(drawn, path, theme):
    figure = drawn(path, theme)
    texts = drawn_texts(figure)
    frame = figure.bbox
    plt.close(figure)
    outside = [describe(t) for t, box in texts
               if box.x0 < frame.x0 - OVERLAP_PX or box.y0 < frame.y0 - OVERLAP_PX
               or box.x1 > frame.x1 + OVERLAP_PX or box.y1 > frame.y1 + OVERLAP_PX]
    assert outside == [], f"{path.stem} ({theme}): text beyond the figure's edge: {outside}"
    clashes = []
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1:]:
            dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if dx > OVERLAP_PX and dy > OVERLAP_PX:
                clashes.append(f"{describe(a)} × {describe(b)}")
    assert clashes == [], f"{path.stem} ({theme}): overlapping text: {clashes}"


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_dark_variant_has_no_near_white_field(drawn, path):
    figure = drawn(path, "dark")
    figure.set_dpi(50)
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())[..., :3]  # (H, W, 3)
    plt.close(figure)
    share = float((pixels.min(axis=-1) >= NEAR_WHITE).mean())
    assert share <= NEAR_WHITE_SHARE, (f"{path.stem} (dark): {share:.1%} of the figure is near-white "
                                       f"(all channels >= {NEAR_WHITE}); at most {NEAR_WHITE_SHARE:.0%}")


HYPHEN_NUMBER = re.compile(r"(?<![\w$\\])-\d")  # "-0.53", "(−1, -2)"; not "k-1", not TeX ($-1$ typesets a minus)


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_negative_numbers_use_the_minus_sign(drawn, path):
    figure = drawn(path, "light")
    texts = drawn_texts(figure)
    plt.close(figure)
    hyphens = [describe(t) for t, _ in texts if "$" not in t.get_text() and HYPHEN_NUMBER.search(t.get_text())]
    assert hyphens == [], f"{path.stem}: a negative number written with a hyphen, not − (number_text): {hyphens}"
