"""Vectors and matrices as coloured squares: the site's visual language.

One square per entry, set apart from its neighbours by a thin gap of background; the colour is the entry's
role (query, key, value, output, or a plain input), its vibrancy the entry's magnitude relative to ``vmax``. A
negative entry that is not annotated with its number carries a minus sign in its middle, so the sign is never
lost although vibrancy shows only magnitude. Scores and weights, which have no role, are drawn by
:func:`draw_heat` in the same squares, coloured by a colour map; :func:`label_rows` names the rows.
"""

import math

import matplotlib as mpl
import numpy as np
from matplotlib.colors import Normalize, to_hex
from matplotlib.patches import Rectangle

from attnlab.theme import Theme, ink_on, shade


def draw_squares(ax, values, *, color: str, theme: Theme, x: float = 0.0, y: float = 0.0, size: float = 1.0,
                 vmax: float | None = None, annotate: bool = False, fmt="{:.2f}", fontsize: float | None = None,
                 width: float | None = None):
    """Draw ``values`` (a scalar, a vector drawn as a row, or a matrix) with its top-left corner at (x, y).

    The y axis points up, so row r of a matrix sits at y - r * size. Cells are ``size`` tall and ``width`` wide
    (default: square; wider where a number such as −10.2 needs the room). Returns (width, height) in data units.
    """
    width = size if width is None else width
    grid = np.atleast_2d(np.asarray(values, dtype=float))  # (rows, cols)
    rows, cols = grid.shape
    scale = float(np.abs(grid).max()) if vmax is None else float(vmax)
    scale = scale or 1.0
    for r in range(rows):
        for c in range(cols):
            value = grid[r, c]
            left, bottom = x + c * width, y - (r + 1) * size
            fill = shade(theme, color, abs(value) / scale)
            ax.add_patch(Rectangle((left, bottom), width, size, facecolor=fill,
                                   edgecolor=theme.background, linewidth=1.5))
            if annotate or value < 0:
                ax.text(left + width / 2, bottom + size / 2, number_text(fmt, value) if annotate else "−", ha="center",
                        va="center", color=ink_on(theme, fill), fontsize=fontsize or theme.small)
    return cols * width, rows * size


def draw_heat(ax, values, *, cmap, vmin: float, vmax: float, theme: Theme, x: float = 0.0, y: float = 0.0,
              size: float = 1.0, fmt="{:.2f}"):
    """Draw the matrix ``values`` as annotated squares coloured by ``cmap`` (a Colormap such as
    ``theme.diverging_cmap``, or a name) over [vmin, vmax].

    Placed like :func:`draw_squares`: top-left corner at (x, y), row r at y - r * size. A −∞ entry (a masked
    score) is drawn empty and marked −∞.
    """
    colormap, norm = mpl.colormaps.get_cmap(cmap), Normalize(vmin, vmax)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            masked = value == -math.inf
            fill = theme.background if masked else to_hex(colormap(norm(value)))
            ax.add_patch(Rectangle((x + c * size, y - (r + 1) * size), size, size, facecolor=fill,
                                   edgecolor=theme.background, linewidth=1.5))
            ax.text(x + (c + 0.5) * size, y - (r + 0.5) * size, "−∞" if masked else number_text(fmt, value),
                    ha="center", va="center", color=ink_on(theme, fill), fontsize=theme.small)


def number_text(fmt, value) -> str:
    """``value`` as a figure writes it: ``fmt`` is a format string ("{:.2f}") or a function of the value, and a
    negative number gets the typographic minus (−), as matplotlib's tick labels do."""
    text = fmt(value) if callable(fmt) else fmt.format(value)
    return text.replace("-", "−")


def label_rows(ax, labels, *, x: float, y: float, theme: Theme, size: float = 1.0, side: str = "left"):
    """Write ``labels[r]`` beside row r of a matrix drawn with its top edge at y (by draw_squares or draw_heat).

    ``side="left"``: right-aligned just left of x, the matrix's left edge; ``side="right"``: left-aligned just
    right of x, its right edge.
    """
    gap, align = (-0.15, "right") if side == "left" else (0.15, "left")
    for r, label in enumerate(labels):
        ax.text(x + gap, y - size * (r + 0.5), label, ha=align, va="center", fontsize=theme.small)


def blank_axes(fig, rect=(0, 0, 1, 1)):
    """An axes with no frame, ticks or padding, equal aspect: a canvas for squares and arrows."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return ax
