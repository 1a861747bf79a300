"""Vectors and matrices as coloured squares: the site's visual language.

One square per entry; the colour is the entry's role (query, key, value, output), its vibrancy the
entry's magnitude relative to ``vmax``. Negative entries get a small minus sign in the corner, so the
sign is never lost although vibrancy shows only magnitude.
"""

import numpy as np
from matplotlib.patches import Rectangle

from attnlab.theme import Theme, ink_on, shade


def draw_squares(ax, values, *, color: str, theme: Theme, x: float = 0.0, y: float = 0.0, size: float = 1.0,
                 vmax: float | None = None, annotate: bool = False, fmt: str = "{:.2f}", fontsize: float | None = None):
    """Draw ``values`` (a scalar, a vector drawn as a row, or a matrix) with its top-left corner at (x, y).

    The y axis points up, so row r of a matrix sits at y - r * size. Returns (width, height) in data units.
    """
    grid = np.atleast_2d(np.asarray(values, dtype=float))  # (rows, cols)
    rows, cols = grid.shape
    scale = float(np.abs(grid).max()) if vmax is None else float(vmax)
    scale = scale or 1.0
    for r in range(rows):
        for c in range(cols):
            value = grid[r, c]
            left, bottom = x + c * size, y - (r + 1) * size
            fill = shade(theme, color, abs(value) / scale)
            ax.add_patch(Rectangle((left, bottom), size, size, facecolor=fill, edgecolor=theme.foreground, linewidth=0.8))
            if annotate:
                ax.text(left + size / 2, bottom + size / 2, fmt.format(value), ha="center", va="center",
                        color=ink_on(theme, fill), fontsize=fontsize or theme.font_size * 0.9)
            elif value < 0:
                ax.text(left + size * 0.82, bottom + size * 0.8, "−", ha="center", va="center",
                        color=theme.foreground, fontsize=fontsize or theme.font_size * 0.9)
    return cols * size, rows * size


def blank_axes(fig, rect=(0, 0, 1, 1)):
    """An axes with no frame, ticks or padding, equal aspect: a canvas for squares and arrows."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return ax
