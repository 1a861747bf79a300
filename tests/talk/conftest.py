"""A tiny project for the talk-export tests: one three-beat scene (a square that changes colour), rendered at
draft quality (854x480, 15 fps) by ``attnlab talk`` itself, once per session and per transparency."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BEATS = 3
RUN_TIME = 0.4  # seconds per beat

SCENE = f'''"""A square changes colour.

It fades in in the query colour, turns the key colour, then the value colour: three beats.
"""
from manim import FadeIn, Square
from manim_slides import Slide


class ColourSquare(Slide):
    def construct(self):
        theme = self.theme
        square = Square(side_length=4, color=theme.query, fill_color=theme.query, fill_opacity=1)
        self.play(FadeIn(square), run_time={RUN_TIME})
        self.next_slide()
        self.play(square.animate.set_fill(theme.key), run_time={RUN_TIME})
        self.next_slide()
        self.play(square.animate.set_fill(theme.value), run_time={RUN_TIME})
'''

MKDOCS = """site_name: Talk fixture
nav:
  - Home: index.md
  - Squares: squares.md
  - Talks: talks.md
exclude_docs: |
  generated/manifest.json
  generated/report.json
  generated/*/*.fragment.md
markdown_extensions:
  - docfigs.markdown
  - tables
  - pymdownx.details
  - pymdownx.superfences
"""

PYPROJECT = """[project]
name = 'deck'

[tool.docfigs]
theme = "attnlab.theme"

[tool.docfigs.embeds]
"attnlab:talks" = "attnlab.talk_page:embed"
"""

PAGES = {
    "docs/index.md": "# Home\n\nNothing to see.\n\n```\n![[colour_square]]\n```\n",
    "docs/squares.md": "# Squares\n\nThe square:\n\n![[colour_square]]\n",
    "docs/talks.md": "# Talks\n\nEvery scene:\n\n![[attnlab:talks]]\n",
}


def write_project(root: Path, files: dict) -> Path:
    """A project at ``root`` with ``files`` {relpath: text} and the site's reveal.js (node_modules, linked)."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def talk_project(tmp_path_factory) -> Path:
    """The fixture project's root: the scene, three pages, the site's reveal.js."""
    return write_project(tmp_path_factory.mktemp("talkproj"),
                         {"pyproject.toml": PYPROJECT, "mkdocs.yml": MKDOCS, "diagrams/shapes/colour_square.py": SCENE,
                          **PAGES})


@pytest.fixture
def two_scene_project(tmp_path) -> Path:
    """A project with two scenes: ``colour_square`` (three beats) and ``two_beats`` (its first two)."""
    two_beats = SCENE.replace("ColourSquare", "TwoBeats").replace(
        "        self.next_slide()\n"
        f"        self.play(square.animate.set_fill(theme.value), run_time={RUN_TIME})\n", "")
    assert two_beats.count("next_slide") == 1
    return write_project(tmp_path, {"pyproject.toml": PYPROJECT,
                                     "diagrams/shapes/colour_square.py": SCENE,
                                     "diagrams/shapes/two_beats.py": two_beats})


def attnlab(root, *args, timeout=300) -> subprocess.CompletedProcess:
    """``python -m attnlab.cli ARGS --root ROOT``, with no quality from the environment."""
    env = {k: v for k, v in os.environ.items() if k != "DOCFIGS_QUALITY"}
    return subprocess.run([sys.executable, "-m", "attnlab.cli", *args, "--root", str(root)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=root)


@pytest.fixture(scope="session")
def cli():
    """cli(root, *args) -> CompletedProcess of ``attnlab ARGS --root ROOT``."""
    return attnlab


def _export(root, *args) -> dict:
    proc = attnlab(root, "talk", "colour_square", "--quality", "draft", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def exported(talk_project) -> dict:
    """One render, five formats: format -> the JSON record of what was written."""
    report = _export(talk_project, "-f", "html", "-f", "pptx", "-f", "png", "-f", "mp4", "-f", "gif")
    return {w["format"]: w for w in report["written"]}


@pytest.fixture(scope="session")
def exported_transparent(talk_project) -> dict:
    report = _export(talk_project, "-f", "webm", "-f", "png", "--transparent")
    return {w["format"]: w for w in report["written"]}


@pytest.fixture(scope="session")
def scene_facts() -> dict:
    """What the fixture scene is made to be: its beats and its length in seconds."""
    return {"beats": BEATS, "duration": BEATS * RUN_TIME}
