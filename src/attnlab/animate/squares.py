"""Vectors and matrices as coloured squares, in Manim: the same visual language as the stills.

Vibrancy (how far the fill is from the background towards the role colour) is the entry's magnitude
relative to ``vmax``, computed by :func:`attnlab.theme.shade`, exactly as in :mod:`attnlab.draw.squares`.
Squares are set apart by a thin gap of background (their outline is the background colour), as in the stills.
Numbers are at least ``NUMBER_FONT`` (a digit 34 px tall in a 1080p frame); a square of side 1.1 holds "−0.40" at
that size, a square of side 0.9 holds "−0.4". Scores and weights, which have no role, are :func:`heat` squares
coloured by one of the theme's colour maps.
"""

import math

import numpy as np
from manim import DOWN, MarkupText, Square, Text, VGroup

from attnlab.theme import Theme, ink_on, shade

NUMBER_FONT = 24  # the smallest font size of the numbers in squares and cells
GAP = 6  # stroke width of the background-coloured outline: the gap between neighbouring squares


def _number_font(size: float, font_size: float | None) -> float:
    return float(font_size) if font_size is not None else max(NUMBER_FONT, 20 * size)


def _cell(value: float, fill: str, theme: Theme, size: float, r: int, c: int, annotate: bool, decimals: int,
          font_size: float | None, text: str | None = None, ink: str | None = None) -> VGroup:
    square = Square(side_length=size, stroke_color=theme.background, stroke_width=GAP,
                    fill_color=fill, fill_opacity=1.0)
    square.move_to([c * size, -r * size, 0])
    cell = VGroup(square)
    if annotate:
        string = text if text is not None else f"{value:.{decimals}f}"
        string = f"{0:.{decimals}f}" if text is None and float(string) == 0 else string.replace("-", "−")
        number = Text(string, font_size=_number_font(size, font_size), color=ink or ink_on(theme, fill),
                      font=theme.font_family)
        cell.add(number.move_to(square))
    return cell


def squares(values, *, color: str, theme: Theme, vmax: float | None = None, size: float = 1.0,
            annotate: bool = True, decimals: int = 2, font_size: float | None = None) -> VGroup:
    """A VGroup of rows, each a VGroup of cells (a Square, plus its number when ``annotate``).

    ``values``: a scalar, a vector (drawn as one row) or a matrix. Index a cell as ``group[row][col]``. The
    numbers are ``font_size`` (by default ``NUMBER_FONT``, more for squares larger than 1.2), with a typographic minus.
    """
    grid = np.atleast_2d(np.asarray(values, dtype=float))  # (rows, cols)
    scale = float(np.abs(grid).max()) if vmax is None else float(vmax)
    scale = scale or 1.0
    rows = VGroup()
    for r, row in enumerate(grid):
        rows.add(VGroup(*(_cell(value, shade(theme, color, abs(value) / scale), theme, size, r, c, annotate, decimals,
                                font_size) for c, value in enumerate(row))))
    return rows.center()


def heat(values, *, cmap, theme: Theme, vmin: float, vmax: float, size: float = 1.0, annotate: bool = True,
         decimals: int = 2, font_size: float | None = None) -> VGroup:
    """:func:`squares` coloured by ``cmap`` over [vmin, vmax] (``theme.sequential_cmap`` for weights,
    ``theme.diverging_cmap`` with vmin = −vmax for scores), as :func:`attnlab.draw.squares.draw_heat` draws them.

    A −∞ entry (a masked score) is a panel-coloured square marked "−∞" in the muted colour.
    """
    from matplotlib.colors import Normalize, to_hex

    norm = Normalize(vmin, vmax)
    grid = np.atleast_2d(np.asarray(values, dtype=float))  # (rows, cols)
    rows = VGroup()
    for r, row in enumerate(grid):
        cells = VGroup()
        for c, value in enumerate(row):
            if math.isinf(value) and value < 0:
                cells.add(_cell(value, theme.panel, theme, size, r, c, annotate, decimals, font_size, text="−∞",
                                ink=theme.muted))
            else:
                cells.add(_cell(value, to_hex(cmap(norm(value))), theme, size, r, c, annotate, decimals, font_size))
        rows.add(cells)
    return rows.center()


def label(text: str, theme: Theme, *, size: float = 28, color: str | None = None) -> MarkupText:
    """A text label in the theme's foreground colour (or ``color``); Pango markup such as ``W<sup>Q</sup>`` works."""
    return MarkupText(text, font_size=size, color=color or theme.foreground, font=theme.font_family)


def labelled(group: VGroup, text: str, theme: Theme, *, size: float = 28) -> VGroup:
    """``group`` with ``text`` centred below it."""
    return VGroup(group, label(text, theme, size=size).next_to(group, DOWN, buff=0.2))
