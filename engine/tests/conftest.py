"""Fixtures for the engine tests: tiny projects in tmp folders (their own src/ package and figures).

Everything renders at draft quality with tiny figures; only test_animation.py and test_tiny_project.py run Manim.
Nothing here imports attnlab or torch: a project that needs role colours gets the fixture theme ``toytheme``.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TOY_THEME = Path(__file__).with_name("toytheme.py").read_text()  # the fixture theme's source

# a pyproject.toml that configures the fixture theme (src/toytheme.py, written by make_project(themed=True))
THEMED_PYPROJECT = "[project]\nname = 'fixture'\n\n[tool.docfigs]\ntheme = \"toytheme\"\n"


def still_source(title="A still.", caption="Its caption.", body="return [1, 3, 2]", imports=""):
    """A small matplotlib still: bars with a title, ticks and text (fonts, clip paths)."""
    return (
        f'"""{title}\n\n{caption}\n"""\n'
        f"{imports}\n\n\n"
        "def data():\n"
        f"    {body}\n\n\n"
        "def draw(data, theme):\n"
        "    from matplotlib.figure import Figure\n\n"
        "    fig = Figure(figsize=(2.4, 1.6), layout='constrained')\n"
        "    ax = fig.add_subplot()\n"
        "    ax.bar(range(len(data)), data, color=theme.accent)\n"
        "    ax.set_title('weights')\n"
        "    return fig\n"
    )


class Proj:
    """A fixture project: files on disk, the engine's view of it, and ways to build it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel, text):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def append(self, rel, text="\n# edited\n"):
        path = self.root / rel
        path.write_text(path.read_text() + text)

    @property
    def generated(self) -> Path:
        return self.root / "docs" / "generated"

    def out(self, name, fname) -> Path:
        return self.generated / name / fname

    def project(self):
        from docfigs import Project

        return Project.at(self.root)

    def build(self, *names, **kwargs):
        from docfigs import build

        kwargs.setdefault("quality", "draft")
        kwargs.setdefault("jobs", 1)
        return build(self.project(), list(names) or None, **kwargs)

    def statuses(self, report) -> dict:
        return {r.name: r.status for r in report.figures}

    def manifest(self) -> dict:
        path = self.generated / "manifest.json"
        return json.loads(path.read_text())["figures"] if path.exists() else {}

    def cli(self, *args, env=None, timeout=300):
        """Run ``python -m docfigs.cli ARGS --root ROOT`` (draft quality) and return the CompletedProcess."""
        full_env = os.environ | {"DOCFIGS_QUALITY": "draft"} | (env or {})
        return subprocess.run([sys.executable, "-m", "docfigs.cli", *args, "--root", str(self.root)],
                              capture_output=True, text=True, env=full_env, timeout=timeout, cwd=self.root)


@pytest.fixture
def still():
    """still(title, caption, body, imports) -> the source of a small still figure."""
    return still_source


@pytest.fixture
def make_project(tmp_path):
    """make_project({relpath: text}, themed=False) -> Proj: a project root (pyproject.toml marker) with those files;
    ``themed`` configures the fixture theme (``theme = "toytheme"``, src/toytheme.py)."""
    counter = iter(range(1000))

    def make(files=None, name=None, themed=False) -> Proj:
        root = tmp_path / (name or f"proj{next(counter)}")
        root.mkdir()
        (root / "pyproject.toml").write_text(THEMED_PYPROJECT if themed else "[project]\nname = 'fixture'\n")
        proj = Proj(root)
        if themed:
            proj.write("src/toytheme.py", TOY_THEME)
        for rel, text in (files or {}).items():
            proj.write(rel, textwrap.dedent(text) if not text.startswith('"""') else text)
        return proj

    return make


@pytest.fixture
def toy(make_project):
    """Three stills; two import the project's own package ``toypkg`` (one through an _EXPORTS table)."""
    return make_project({
        "src/toypkg/__init__.py": (
            "import importlib\n\n"
            '_EXPORTS = {"weights": "toypkg.numbers", "Other": "toypkg.other"}\n\n\n'
            "def __getattr__(name):\n"
            "    return getattr(importlib.import_module(_EXPORTS[name]), name)\n"),
        "src/toypkg/numbers.py": "from .helpers import base\n\n\ndef weights():\n    return [base(), 3, 2]\n",
        "src/toypkg/helpers.py": "def base():\n    return 1\n",
        "src/toypkg/other.py": "class Other:\n    pass\n",
        "snippets/basics/alpha.py": still_source("Alpha.", imports="from toypkg.numbers import weights",
                                                 body="return weights()"),
        "snippets/basics/beta.py": still_source("Beta.", imports="from toypkg import weights",
                                                body="return weights()"),
        "snippets/other/gamma.py": still_source("Gamma."),
    })
