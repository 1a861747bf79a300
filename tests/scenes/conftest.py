"""Helpers shared by the scene tests."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def scene_caption(name: str) -> str:
    """The title and caption of scene ``name`` (``diagrams/<section>/<name>.py``), lines joined as the engine
    reads them: what the scene says, for tests that check the numbers it quotes."""
    (path,) = (ROOT / "diagrams").rglob(f"{name}.py")
    return " ".join(ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))).split())


def caption_number(value: float, digits: int = 2) -> str:
    """A number as the scenes' captions write it: ``digits`` decimals and a typographic minus."""
    return f"{value:.{digits}f}".replace("-", "−")
