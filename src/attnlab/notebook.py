"""Plots in the notebooks that follow the page's light or dark scheme: one figure, drawn in both themes.

``show(draw, alt=...)`` calls ``draw(theme)`` twice, with :data:`attnlab.theme.LIGHT` and
:data:`attnlab.theme.DARK` (each under that theme's matplotlib settings, :func:`attnlab.theme.matplotlib_rc`),
and displays the two PNGs as ONE output, an HTML block::

    <div class="attn-nb-figure">
      <img class="attn-only-light" ...>                       light variant
      <img class="attn-only-dark" style="display:none" ...>   dark variant, hidden unless the site shows it
    </div>

On the site, ``docs/stylesheets/attnlab.css`` shows the light image in the default scheme and the dark one
under ``[data-md-color-scheme="slate"]`` (its ``!important`` rule outranks the inline ``display:none``). In
Jupyter itself, which has no site CSS, the inline style hides the dark image and the light one alone shows.
The output also carries the light PNG as ``image/png``, for front ends that do not render HTML.

``draw`` is a function of a :class:`~attnlab.theme.Theme` returning a matplotlib Figure, like a snippet's
``draw(data, theme)`` without the data: colours that are not rcParams (text on a heatmap, role colours) come
from the theme it is given. The figures are closed after saving, so the inline backend shows nothing twice.
"""

import base64
import html
import io

from attnlab.theme import DARK, LIGHT, Theme, matplotlib_rc

DPI = 192  # pixels per inch of the PNGs: twice the CSS pixel density, sharp on high-density screens
CSS_PX_PER_INCH = 96  # an image is displayed at its figure size (CSS px), at most the column's width


def render(draw, theme: Theme) -> tuple[bytes, int]:
    """``draw(theme)`` under the theme's matplotlib settings, as PNG bytes and a display width in CSS px."""
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(matplotlib_rc(theme)):
        fig = draw(theme)
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, facecolor=theme.background, metadata={"Software": None})
            width = round(fig.get_figwidth() * CSS_PX_PER_INCH)
        finally:
            plt.close(fig)
    return buffer.getvalue(), width


def figure_html(draw, alt: str) -> str:
    """The HTML of one figure in both themes: the light image shown, the dark one hidden by an inline style.

    ``alt`` describes the figure (the same text on both images; it says what is drawn, not what to see).
    """
    return _markup(_variants(draw), alt)


def show(draw, alt: str) -> None:
    """Display ``draw``'s figure in the notebook, light and dark in one output (see the module docstring)."""
    from IPython.display import display

    variants = _variants(draw)
    display({"text/html": _markup(variants, alt), "image/png": variants[0][1], "text/plain": f"<figure: {alt}>"},
            raw=True)


def _variants(draw):
    """[(theme, png as base64 text, width)] for LIGHT then DARK."""
    variants = []
    for theme in (LIGHT, DARK):
        png, width = render(draw, theme)
        variants.append((theme, base64.b64encode(png).decode("ascii"), width))
    return variants


def _markup(variants, alt):
    if not alt or not alt.strip():
        raise ValueError("alt must describe the figure")
    images = []
    for theme, png, width in variants:
        hidden = "display:none;" if theme is DARK else ""
        src = "data:image/png;base64," + png
        images.append(f'<img class="attn-only-{theme.name}" src="{src}" alt="{html.escape(alt)}" width="{width}" '
                      f'style="{hidden}max-width:100%;height:auto">')
    return '<div class="attn-nb-figure">' + "".join(images) + "</div>"


__all__ = ["DPI", "figure_html", "render", "show"]
