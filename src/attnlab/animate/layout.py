"""Small Manim building blocks shared by the scenes: bars, token rows, masked cells, number formats.

Like :mod:`attnlab.animate.squares`, everything takes the theme and draws in its colours only; numbers are
formatted here, never computed.
"""

import html
import math

from manim import LEFT, RIGHT, Rectangle, Text, VGroup

from attnlab.animate.squares import GAP, NUMBER_FONT, label
from attnlab.theme import Theme, ink_on, shade

MIN_BAR = 0.02  # a zero-length bar is still drawn as a hairline, so a Transform can grow it


def bar(fraction: float, theme: Theme, *, width: float = 3.0, height: float = 0.32,
        color: str | None = None) -> Rectangle:
    """A horizontal bar ``fraction`` × ``width`` long (fraction in [0, 1]), its left edge at the origin."""
    length = max(min(float(fraction), 1.0) * width, MIN_BAR)
    rect = Rectangle(width=length, height=height, stroke_width=0, fill_color=color or theme.output, fill_opacity=1.0)
    return rect.move_to([length / 2, 0, 0])


def bar_at(fraction: float, anchor, theme: Theme, **kwargs) -> Rectangle:
    """:func:`bar` with its left edge on ``anchor``'s left edge and vertically centred on it."""
    rect = bar(fraction, theme, **kwargs)
    return rect.move_to(anchor.get_left(), aligned_edge=LEFT)


def sci(value: float, digits: int) -> str:
    """``value`` in scientific notation as Pango markup: ``1.1253516 × 10<sup>−7</sup>``."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    sign = "−" if exponent < 0 else ""
    return f"{mantissa:.{digits}f} × 10<sup>{sign}{abs(exponent)}</sup>"


def number(value: float, decimals: int = 2) -> str:
    """``value`` rounded to ``decimals``, with a typographic minus and never "−0.00"."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    return text.replace("-", "−")


def plain(text: str, theme: Theme, **kwargs):
    """:func:`~attnlab.animate.squares.label` for text that is not markup (tokens such as ``<start>``)."""
    return label(html.escape(text), theme, **kwargs)


def word(text: str, theme: Theme, **kwargs):
    """:func:`plain` with an invisible strut "|" in front, so that words placed side by side share a baseline
    (a text's box is otherwise tight to its glyphs: "zone" would sit higher than "the" or "European")."""
    mobject = label("|" + html.escape(text), theme, **kwargs)
    mobject[0].set_opacity(0)
    return mobject


def token_row(tokens, theme: Theme, *, size: float = 28, buff: float = 0.5, color: str | None = None) -> VGroup:
    """The tokens as labels in a row (``group[i]`` is token i)."""
    return VGroup(*(word(t, theme, size=size, color=color) for t in tokens)).arrange(RIGHT, buff=buff)


def blocked_cell(theme: Theme, *, width: float = 0.6, height: float = 0.6, text: str = "0",
                 font_size: float = NUMBER_FONT) -> VGroup:
    """A cell a mask blocks: the panel colour, a muted outline and a muted ``text`` (weight 0, or −∞)."""
    rect = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1.5, fill_color=theme.panel,
                     fill_opacity=1.0)
    mark = label(text, theme, size=font_size, color=theme.muted).move_to(rect)
    return VGroup(rect, mark)


def tile(value: float, theme: Theme, *, color: str, vmax: float = 1.0, width: float = 1.4, height: float = 0.8,
         decimals: int = 2, font_size: float = NUMBER_FONT, fill: str | None = None) -> VGroup:
    """One cell of a matrix as a rectangle (for long column labels): :func:`~attnlab.animate.squares.squares`'
    vibrancy, gap and number, in a ``width`` × ``height`` box. ``fill`` overrides the colour (e.g. a colour
    map's, ``matplotlib.colors.to_hex(theme.sequential_cmap(x))``)."""
    fill = fill or shade(theme, color, abs(float(value)) / (vmax or 1.0))
    rect = Rectangle(width=width, height=height, stroke_color=theme.background, stroke_width=GAP, fill_color=fill,
                     fill_opacity=1.0)
    text = Text(number(value, decimals), font_size=font_size, color=ink_on(theme, fill), font=theme.font_family)
    return VGroup(rect, text.move_to(rect))


def outline(theme: Theme, *, width: float = 1.4, height: float = 0.8) -> Rectangle:
    """A ``width`` × ``height`` outline for a cell not computed yet."""
    return Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1.0, stroke_opacity=0.6,
                     fill_opacity=0.0)
