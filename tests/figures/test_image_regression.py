"""Every still looks as it did: each is drawn in light and dark and compared with a stored baseline.

Baselines are small PNGs (50 dpi) under ``tests/figures/baselines/``. A figure passes when the RMS difference
of its pixels from the baseline is at most ``TOLERANCE`` (on the 0–255 scale; the same machine and library
versions give 0, the margin absorbs font rasteriser differences). On failure the test writes the new image and
a diff image under ``tests/figures/_failures/`` and names them.

Regenerate the baselines on purpose, after a deliberate change to a figure:

    ATTNLAB_REGENERATE_BASELINES=1 .venv/bin/pytest tests/figures/test_image_regression.py

A missing baseline fails (it never passes silently); the command above creates it.
"""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.testing.compare import compare_images  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from attnlab import theme as themes  # noqa: E402

from .conftest import SNIPPETS, load  # noqa: E402

HERE = Path(__file__).parent
BASELINES = HERE / "baselines"
FAILURES = HERE / "_failures"
TOLERANCE = 3.0  # RMS, 0-255
DPI = 50
MAX_WIDTH_INCHES = 8.0
REGENERATE = os.environ.get("ATTNLAB_REGENERATE_BASELINES") == "1"

CASES = [(path, theme) for path in SNIPPETS for theme in ("light", "dark")]


@pytest.fixture(scope="module")
def drawn():
    """drawn(path, theme) -> a new Figure of that snippet, its data() computed once per module run."""
    data = {}

    def draw(path, theme_name):
        module = load(path)
        data.setdefault(path, module.data())
        theme = themes.get(theme_name)
        with plt.rc_context(themes.matplotlib_rc(theme)):
            return module.draw(data[path], theme)

    return draw


@pytest.mark.parametrize("path, theme", CASES, ids=[f"{p.stem}-{t}" for p, t in CASES])
def test_still_matches_baseline(drawn, path, theme, tmp_path):
    figure = drawn(path, theme)
    actual = tmp_path / f"{path.stem}.{theme}.png"
    with plt.rc_context(themes.matplotlib_rc(themes.get(theme))):
        figure.savefig(actual, dpi=DPI, metadata={"Software": None})
    plt.close(figure)
    baseline = BASELINES / actual.name
    if REGENERATE:
        BASELINES.mkdir(exist_ok=True)
        shutil.copyfile(actual, baseline)
        return
    assert baseline.exists(), (f"no baseline for {path.stem} ({theme}): create it with "
                               "ATTNLAB_REGENERATE_BASELINES=1 .venv/bin/pytest tests/figures/test_image_regression.py")
    result = compare_images(str(baseline), str(actual), tol=TOLERANCE, in_decorator=True)
    if result is not None:
        FAILURES.mkdir(exist_ok=True)
        kept = FAILURES / actual.name
        shutil.copyfile(actual, kept)
        diff = Path(result["diff"])
        if diff.exists():
            shutil.move(diff, FAILURES / f"{path.stem}.{theme}.diff.png")
        pytest.fail(f"{path.stem} ({theme}) differs from its baseline: RMS {result['rms']:.2f} > {TOLERANCE}; "
                    f"new image {kept}, diff {FAILURES / (path.stem + '.' + theme + '.diff.png')}")


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_still_is_readable_at_content_width(drawn, path):
    """At most 8 inches wide (shown at its own size) and no text smaller than 0.9 × the theme's base size."""
    figure = drawn(path, "light")
    plt.close(figure)
    width = figure.get_size_inches()[0]
    assert width <= MAX_WIDTH_INCHES + 1e-9, f"{path.stem}: {width:.2f} in wide, at most {MAX_WIDTH_INCHES}"
    smallest = 0.9 * themes.LIGHT.font_size - 1e-9
    small = [(t.get_text(), t.get_fontsize()) for t in figure.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_fontsize() < smallest]
    assert small == [], f"{path.stem}: text below {smallest:.1f} pt: {small}"
