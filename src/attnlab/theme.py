"""One palette for every picture: matplotlib stills, Manim scenes and the site's CSS read it from here.

Three themes: ``light`` and ``dark`` match the site's two colour schemes (the dark background is the one
``docs/stylesheets/attnlab.css`` gives mkdocs-material's ``slate`` scheme), ``talk`` is for slides: black,
white type, high contrast (a matplotlib still drawn in it also gets larger type; a Manim scene's text is sized
relative to its frame, so it fills a projected slide as it fills the page). Roles keep their colours in every
theme: query purple, key yellow, value green.

Magnitudes use maps that contain no role colour, designed per theme (never a light map on a dark page):
weights and other values of one sign run from the background to blue (``sequential_cmap``); signed values
(scores, vector entries) run from grey (negative) through the background's neighbour (zero) to blue (positive)
(``diverging_cmap``). Blue is no role's colour, grey is achromatic, and lightness changes monotonically with
the magnitude, so the maps read in grey scale and for colour-blind readers. In dark the larger magnitude is the
brighter cell, and no cell is near-white.

One type scale for figures and pages: ``font_size`` is the figure's label size and ``small`` (0.9 of it) the
smallest text a figure may use. With figures 8 in wide shown at the site's content width (688 CSS px at a
1280 px window), ``small`` comes out at 14.5 CSS px, above the caption's 14 px (``CAPTION_PX``); the figure
tests hold every still to that (``min_font_pt``).

This module imports nothing heavy, so the figure engine can hash it without paying for matplotlib.
"""

from dataclasses import dataclass
from functools import cache

THEME_NAMES = ("light", "dark", "talk")

CONTENT_PX = 688  # the page's content width in CSS px at a 1280 px window (mkdocs-material, both sidebars)
CAPTION_PX = 14  # the figure caption's font size in CSS px (docs/stylesheets/attnlab.css: 0.7rem)


@dataclass(frozen=True)
class Theme:
    name: str
    background: str  # page / frame background
    foreground: str  # text and outlines
    muted: str  # secondary text, grid lines, arrows
    panel: str  # faint fill behind groups of squares
    query: str
    key: str
    value: str
    output: str  # results of attention (y, context vectors)
    input: str  # plain inputs that are no role yet (embeddings X, tokens): a neutral slate, never a role colour
    sequential_stops: tuple  # magnitudes >= 0 (weights, probabilities): colours from 0 to the maximum
    diverging_stops: tuple  # signed magnitudes (vector entries, scores): from most negative through 0 to positive
    font_size: float  # label size in points at the figure's own width
    font_family: str

    @property
    def small(self) -> float:
        """The smallest text size a figure may use, in points: cell numbers, tick labels, notes."""
        return self.font_size * 0.9

    @property
    def sequential_cmap(self):
        """The matplotlib colour map for magnitudes >= 0 (imports matplotlib)."""
        return _colormap(f"attnlab-{self.name}-sequential", self.sequential_stops)

    @property
    def diverging_cmap(self):
        """The matplotlib colour map for signed magnitudes, zero in the middle (imports matplotlib)."""
        return _colormap(f"attnlab-{self.name}-diverging", self.diverging_stops)

    def role_color(self, role: str) -> str:
        """The colour of a role: ``query``, ``key``, ``value`` or ``output``."""
        if role not in ("query", "key", "value", "output"):
            raise ValueError(f"role must be one of query, key, value, output; got {role!r}")
        return getattr(self, role)


_ROLES = dict(query="#AB63FA", key="#FECB52", value="#00CC96")

# Magnitude maps: blue for "more", grey for "negative", no role colour. Light: from a blue-tinted white to navy.
# Dark: from just above the background to a light (not white) blue; negatives towards a mid-light grey.
_LIGHT_MAPS = dict(sequential_stops=("#f3f7fc", "#c6dbf0", "#7fb0de", "#3b7bc2", "#0b3a7a"),
                   diverging_stops=("#3a414c", "#959ba5", "#f4f5f7", "#86b4e0", "#0b3a7a"))
_DARK_MAPS = dict(sequential_stops=("#272c3b", "#1f3d66", "#2c67a8", "#4c93d9", "#9ccaf8"),
                  diverging_stops=("#b3b8c2", "#656c79", "#2b2f3d", "#2f6cb0", "#9ccaf8"))

LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1f2329",
    muted="#6b7280",
    panel="#f1f3f6",
    output="#EF553B",
    input="#64748b",
    font_size=13.5,
    font_family="DejaVu Sans",
    **_LIGHT_MAPS,
    **_ROLES,
)

DARK = Theme(
    name="dark",
    background="#1e2029",
    foreground="#e6e8ee",
    muted="#9aa1ad",
    panel="#2a2d3a",
    output="#FF7F66",
    input="#94a3b8",
    font_size=13.5,
    font_family="DejaVu Sans",
    **_DARK_MAPS,
    **_ROLES,
)

TALK = Theme(
    name="talk",
    background="#000000",
    foreground="#ffffff",
    muted="#c8ccd4",
    panel="#1a1a1a",
    output="#FF7F66",
    input="#94a3b8",
    font_size=20.0,
    font_family="DejaVu Sans",
    **_DARK_MAPS,
    **_ROLES,
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK, TALK)}


def get(name: str) -> Theme:
    """The theme called ``name`` (``light``, ``dark`` or ``talk``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEME_NAMES)}; got {name!r}") from None


@cache
def _colormap(name: str, stops: tuple):
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(name, stops, N=256)


def min_font_pt(figure_width_in: float, content_px: float = CONTENT_PX) -> float:
    """The smallest font size in points that shows at ``CAPTION_PX`` CSS px or more on the page, for a figure
    ``figure_width_in`` inches wide shown at ``content_px`` (a wider image is scaled down to it; 1 pt = 4/3 px)."""
    width_px = figure_width_in * 96
    return CAPTION_PX / (4 / 3) / min(1.0, content_px / width_px)


def matplotlib_rc(theme: Theme) -> dict:
    """matplotlib rcParams for ``theme``: colours, fonts, and settings that make SVGs byte-reproducible."""
    return {
        "figure.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "axes.edgecolor": theme.muted,
        "axes.labelcolor": theme.foreground,
        "axes.titlecolor": theme.foreground,
        "text.color": theme.foreground,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.foreground,
        "ytick.labelcolor": theme.foreground,
        "grid.color": theme.muted,
        "legend.facecolor": theme.background,
        "legend.edgecolor": theme.muted,
        "font.family": theme.font_family,
        "font.size": theme.font_size,
        "axes.titlesize": theme.font_size * 1.1,
        "axes.labelsize": theme.font_size,
        "xtick.labelsize": theme.small,
        "ytick.labelsize": theme.small,
        "legend.fontsize": theme.small,
        "legend.title_fontsize": theme.small,
        "legend.frameon": False,
        "axes.linewidth": 0.8,
        "xtick.major.size": 3,
        "ytick.major.size": 3,
        "xtick.major.width": 0.8,
        "ytick.major.width": 0.8,
        "axes.titlepad": 8,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "mathtext.fontset": "dejavusans",
        "svg.hashsalt": "attnlab",  # fixed ids in SVG output
        "svg.fonttype": "path",  # text as paths: no fonts to fetch, same look everywhere
        "path.simplify": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def shade(theme: Theme, color: str, strength: float) -> str:
    """``color`` mixed into the theme's background: the notation's "vibrancy = magnitude".

    ``strength`` 0 gives a faint tint of ``color`` (never the bare background, so a zero is still a square),
    1 the full colour. Values outside [0, 1] are clipped. Returns ``#rrggbb``.
    """
    t = 0.12 + 0.88 * min(max(float(strength), 0.0), 1.0)
    fg = _rgb(color)
    bg = _rgb(theme.background)
    mixed = [round(b + (f - b) * t) for f, b in zip(fg, bg)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"colour must be #rrggbb; got {hex_color!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def ink_on(theme: Theme, fill: str) -> str:
    """The text colour readable on ``fill``: the theme's foreground or background, whichever has the higher
    WCAG contrast ratio with it."""

    def contrast(ink):
        light, dark = sorted((_luminance(ink), _luminance(fill)), reverse=True)
        return (light + 0.05) / (dark + 0.05)

    return max((theme.foreground, theme.background), key=contrast)


def _luminance(hex_color: str) -> float:
    """Relative luminance (WCAG 2) of ``#rrggbb``."""
    channels = [c / 255 for c in _rgb(hex_color)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
