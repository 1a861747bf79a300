"""The engine's own neutral themes, used when a project names none (``[tool.docfigs] theme = ""``).

A theme module is anything with ``get(name)`` for the names in ``docfigs.settings.THEME_NAMES`` (light and dark
for the site, talk for the exports), returning an object with at least ``background`` and ``foreground``
colours; ``matplotlib_rc(theme)``, when the module has it, gives the rcParams stills are drawn under. Stills get
the theme as ``draw(data, theme)``, scenes as ``self.theme``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    muted: str
    accent: str
    font_size: float = 12.0


THEMES = {
    "light": Theme("light", background="#ffffff", foreground="#1f2329", muted="#6b7280", accent="#3b6fd4"),
    "dark": Theme("dark", background="#1e2029", foreground="#e6e8ee", muted="#9aa1ad", accent="#7fb0f0"),
    "talk": Theme("talk", background="#000000", foreground="#ffffff", muted="#a0a6b0", accent="#7fb0f0",
                  font_size=18.0),
}


def get(name: str) -> Theme:
    """The theme called ``name`` (light, dark or talk)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}; got {name!r}") from None


def matplotlib_rc(theme: Theme) -> dict:
    """rcParams that draw a figure in ``theme``: its background, its text and line colours, no top/right spines."""
    return {
        "figure.facecolor": theme.background, "axes.facecolor": theme.background, "savefig.facecolor": theme.background,
        "text.color": theme.foreground, "axes.labelcolor": theme.foreground, "axes.edgecolor": theme.muted,
        "xtick.color": theme.muted, "ytick.color": theme.muted, "font.size": theme.font_size,
        "axes.spines.top": False, "axes.spines.right": False, "axes.prop_cycle": _cycle(theme.accent),
    }


def _cycle(color):
    from cycler import cycler

    return cycler(color=[color])
