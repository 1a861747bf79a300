"""One palette for every picture: matplotlib stills, Manim scenes and the site's CSS read it from here.

Three themes: ``light`` and ``dark`` match the site's two colour schemes (the dark background is the one
``docs/stylesheets/attnlab.css`` gives mkdocs-material's ``slate`` scheme), ``talk`` is for slides: black,
white type, high contrast (a matplotlib still drawn in it also gets larger type; a Manim scene's text is sized
relative to its frame, so it fills a projected slide as it fills the page). Roles keep their colours in every
theme: query purple, key yellow, value green.

Magnitudes use perceptually uniform, colour-blind-safe maps (``cividis`` for values of one sign,
``RdBu``-like diverging ``PuOr`` for signed values), never rainbow maps.

This module imports nothing heavy, so the figure engine can hash it without paying for matplotlib.
"""

from dataclasses import dataclass

THEME_NAMES = ("light", "dark", "talk")
THEME_ENV = "ATTNLAB_THEME"  # the engine tells a scene its theme through this variable


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
    sequential_cmap: str  # magnitudes >= 0 (weights, probabilities)
    diverging_cmap: str  # signed magnitudes (vector entries, scores)
    font_size: float  # base size in points at the figure's own width
    font_family: str

    def role_color(self, role: str) -> str:
        """The colour of a role: ``query``, ``key``, ``value`` or ``output``."""
        if role not in ("query", "key", "value", "output"):
            raise ValueError(f"role must be one of query, key, value, output; got {role!r}")
        return getattr(self, role)


_ROLES = dict(query="#AB63FA", key="#FECB52", value="#00CC96")

LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1f2329",
    muted="#6b7280",
    panel="#f1f3f6",
    output="#EF553B",
    sequential_cmap="cividis",
    diverging_cmap="PuOr_r",
    font_size=11.0,
    font_family="DejaVu Sans",
    **_ROLES,
)

DARK = Theme(
    name="dark",
    background="#1e2029",
    foreground="#e6e8ee",
    muted="#9aa1ad",
    panel="#2a2d3a",
    output="#FF7F66",
    sequential_cmap="cividis",
    diverging_cmap="PuOr_r",
    font_size=11.0,
    font_family="DejaVu Sans",
    **_ROLES,
)

TALK = Theme(
    name="talk",
    background="#000000",
    foreground="#ffffff",
    muted="#c8ccd4",
    panel="#1a1a1a",
    output="#FF7F66",
    sequential_cmap="cividis",
    diverging_cmap="PuOr_r",
    font_size=20.0,
    font_family="DejaVu Sans",
    **_ROLES,
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK, TALK)}


def get(name: str) -> Theme:
    """The theme called ``name`` (``light``, ``dark`` or ``talk``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEME_NAMES)}; got {name!r}") from None


def active() -> Theme:
    """The theme a Manim scene is being rendered in: ``$ATTNLAB_THEME``, ``light`` when unset."""
    import os

    return get(os.environ.get(THEME_ENV, "light"))


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
        "xtick.labelsize": theme.font_size * 0.9,
        "ytick.labelsize": theme.font_size * 0.9,
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
