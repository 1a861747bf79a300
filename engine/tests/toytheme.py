"""The fixture projects' theme (copied into a project as src/toytheme.py): query and value colours, light/dark/talk."""

from dataclasses import dataclass

QUERY = "#AB63FA"
VALUE = "#00CC96"


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    query: str = QUERY
    value: str = VALUE
    accent: str = QUERY


THEMES = {"light": Theme("light", "#f5f0e6", "#111111"), "dark": Theme("dark", "#101418", "#eeeeee"),
          "talk": Theme("talk", "#000000", "#ffffff")}


def get(name):
    return THEMES[name]


def matplotlib_rc(theme):
    return {"figure.facecolor": theme.background, "axes.facecolor": theme.background, "text.color": theme.foreground}
