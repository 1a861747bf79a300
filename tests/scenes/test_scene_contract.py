"""The contract every scene file in ``diagrams/`` follows (see docs/authors.md, "Add an animation").

* a module docstring: a title line, a blank line, then the caption (also the video's alt text);
* exactly one ``manim_slides.Slide`` subclass defined in the file (the engine renders that one);
* at least one ``self.next_slide()``: the beats where a talk pauses;
* colours from the theme only: no colour literal (``"#ab63fa"``) and no Manim colour constant (``RED``);
* a figure name (the file name) used once across ``snippets/`` and ``diagrams/``;
* no control frames left behind for a scene that no longer exists.
"""

import ast
import re
from pathlib import Path

import pytest

from .render_frames import load, slide_classes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCENES = sorted(p for p in (ROOT / "diagrams").rglob("*.py") if not p.name.startswith("_"))
SNIPPETS = sorted(p for p in (ROOT / "snippets").rglob("*.py") if not p.name.startswith("_"))
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
ids = [p.stem for p in SCENES]


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_there_are_scenes():
    assert len(SCENES) >= 13, [p.stem for p in SCENES]


@pytest.mark.parametrize("path", SCENES, ids=ids)
def test_docstring_is_title_and_caption(path):
    doc = ast.get_docstring(_tree(path), clean=True)
    assert doc, f"{path.relative_to(ROOT)} has no module docstring (title line + caption)"
    lines = doc.splitlines()
    assert lines[0].strip(), "the first line is the title"
    assert len(lines) >= 3 and not lines[1].strip(), "a blank line separates the title from the caption"
    assert " ".join(lines[2:]).strip(), "the caption (alt text) is missing"


@pytest.mark.parametrize("path", SCENES, ids=ids)
def test_exactly_one_slide_subclass(path):
    scenes = slide_classes(load(path))
    assert len(scenes) == 1, f"{path.relative_to(ROOT)} defines {[s.__name__ for s in scenes]}"


@pytest.mark.parametrize("path", SCENES, ids=ids)
def test_has_beats(path):
    calls = [node for node in ast.walk(_tree(path))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "next_slide"
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "self"]
    assert calls, f"{path.relative_to(ROOT)} never calls self.next_slide(): a talk could not pause anywhere"


@pytest.mark.parametrize("path", SCENES, ids=ids)
def test_colours_come_from_the_theme(path):
    from manim.utils.color import manim_colors

    colour_names = {n for n in dir(manim_colors) if n.isupper()}
    tree = _tree(path)
    literals = [node.value for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and HEX_COLOUR.match(node.value)]
    imported = [alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("manim")
                for alias in node.names if alias.name in colour_names or alias.name == "*"]
    assert not literals and not imported, (f"{path.relative_to(ROOT)}: colours must come from attnlab.theme "
                                           f"(found literals {literals}, manim colour imports {imported})")


def test_figure_names_are_unique():
    names = [p.stem for p in SCENES + SNIPPETS]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"figure names used twice across snippets/ and diagrams/: {duplicates}"


def test_no_orphan_control_frames():
    frames = HERE / "frames"
    orphans = sorted(d.name for d in frames.iterdir() if d.is_dir() and d.name not in ids) if frames.exists() else []
    assert not orphans, f"control frames without a scene (delete them): {[str(frames / o) for o in orphans]}"
