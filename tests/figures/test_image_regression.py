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

from attnlab import theme as themes  # noqa: E402

from .conftest import SNIPPETS  # noqa: E402

HERE = Path(__file__).parent
BASELINES = HERE / "baselines"
FAILURES = HERE / "_failures"
TOLERANCE = 3.0  # RMS, 0-255
DPI = 50
REGENERATE = os.environ.get("ATTNLAB_REGENERATE_BASELINES") == "1"

CASES = [(path, theme) for path in SNIPPETS for theme in ("light", "dark")]


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
