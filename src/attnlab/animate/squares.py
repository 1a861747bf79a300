"""Vectors and matrices as coloured squares, in Manim: the same visual language as the stills.

Vibrancy (how far the fill is from the background towards the role colour) is the entry's magnitude
relative to ``vmax``, computed by :func:`attnlab.theme.shade`, exactly as in :mod:`attnlab.draw.squares`.
"""

import numpy as np
from manim import DOWN, MarkupText, Square, Text, VGroup

from attnlab.theme import Theme, ink_on, shade


def squares(values, *, color: str, theme: Theme, vmax: float | None = None, size: float = 0.6,
            annotate: bool = True, decimals: int = 2) -> VGroup:
    """A VGroup of rows, each a VGroup of cells (a Square, plus its number when ``annotate``).

    ``values``: a scalar, a vector (drawn as one row) or a matrix. Index a cell as ``group[row][col]``.
    """
    grid = np.atleast_2d(np.asarray(values, dtype=float))  # (rows, cols)
    scale = float(np.abs(grid).max()) if vmax is None else float(vmax)
    scale = scale or 1.0
    rows = VGroup()
    for r, row in enumerate(grid):
        cells = VGroup()
        for c, value in enumerate(row):
            fill = shade(theme, color, abs(value) / scale)
            square = Square(side_length=size, stroke_color=theme.foreground, stroke_width=1.5, fill_color=fill,
                            fill_opacity=1.0)
            square.move_to([c * size, -r * size, 0])
            cell = VGroup(square)
            if annotate:
                number = Text(f"{value:.{decimals}f}", font_size=size * 22, color=ink_on(theme, fill), font=theme.font_family)
                cell.add(number.move_to(square))
            cells.add(cell)
        rows.add(cells)
    return rows.center()


def label(text: str, theme: Theme, *, size: float = 26, color: str | None = None) -> MarkupText:
    """A text label in the theme's foreground colour (or ``color``); Pango markup such as ``W<sup>Q</sup>`` works."""
    return MarkupText(text, font_size=size, color=color or theme.foreground, font=theme.font_family)


def labelled(group: VGroup, text: str, theme: Theme, *, size: float = 26) -> VGroup:
    """``group`` with ``text`` centred below it."""
    return VGroup(group, label(text, theme, size=size).next_to(group, DOWN, buff=0.2))
