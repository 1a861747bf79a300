"""A project's [tool.docfigs] table: unknown keys and missing theme modules are errors that say where; an empty
theme is the engine's neutral one; the folder keys move where figures are found and outputs are written."""

from pathlib import Path

import pytest

from docfigs import Project, ProjectError, discover, status
from docfigs import theme as neutral

SCENE = '''"""A square.

It appears.
"""
from manim import Create, Square
from manim_slides import Slide


class Appear(Slide):
    def construct(self):
        self.play(Create(Square(color=self.theme.accent)))
'''


def test_an_unknown_key_names_the_file_and_the_key(make_project):
    proj = make_project()
    proj.write("pyproject.toml", '[project]\nname = "fixture"\n\n[tool.docfigs]\nsnipets = "figures"\n')
    with pytest.raises(ProjectError) as raised:
        Project.at(proj.root)
    message = str(raised.value)
    assert str(proj.root / "pyproject.toml") in message
    assert "unknown key(s) in [tool.docfigs]: snipets" in message
    assert "snippets" in message.split("expected", 1)[1]  # the keys it knows


def test_a_theme_module_that_does_not_exist_stops_the_build_with_a_clear_error(make_project, still):
    proj = make_project({"snippets/a/one.py": still("One.")})
    proj.write("pyproject.toml", '[tool.docfigs]\ntheme = "nosuch_theme"\n')
    proc = proj.cli("build")
    assert proc.returncode == 1
    assert f"{proj.root / 'pyproject.toml'}: [tool.docfigs] theme = 'nosuch_theme': no such module under src/" \
        in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not proj.generated.exists()  # nothing was rendered with some other theme


def test_an_empty_theme_is_the_engines_neutral_one(make_project, still):
    proj = make_project({"snippets/a/one.py": still("One.")})
    proj.write("pyproject.toml", '[tool.docfigs]\ntheme = ""\n')
    assert proj.project().theme_module == "docfigs.theme"
    assert proj.project().theme_file().resolve() == Path(neutral.__file__).resolve()
    assert proj.statuses(proj.build()) == {"one": "rendered"}
    for name in ("light", "dark"):  # the bars are drawn in theme.accent, the background in theme.background
        svg = proj.out("one", f"one.{name}.svg").read_text()
        assert neutral.get(name).accent in svg and neutral.get(name).background in svg


def test_the_folder_keys_move_snippets_diagrams_docs_and_src(make_project, still):
    proj = make_project({
        "figures/stills/basics/one.py": still("One.", imports="from toytheme import QUERY"),
        "figures/scenes/basics/appear.py": SCENE,
        "snippets/basics/decoy.py": still("Not a figure of this project."),  # the default folders are not read
        "lib/toytheme.py": Path(__file__).with_name("toytheme.py").read_text(),
    })
    proj.write("pyproject.toml", '[tool.docfigs]\nsnippets = "figures/stills"\ndiagrams = "figures/scenes"\n'
                                 'docs = "pages"\nsrc = "lib"\ntheme = "toytheme"\n')
    project = proj.project()
    found = discover(project)
    assert {name: (f.kind, f.source) for name, f in found.items()} == {
        "appear": ("animation", "figures/scenes/basics/appear.py"),
        "one": ("still", "figures/stills/basics/one.py")}
    assert project.theme_file() == proj.root / "lib/toytheme.py"
    assert proj.statuses(proj.build("one")) == {"one": "rendered"}
    svg = proj.root / "pages/generated/one/one.light.svg"
    assert "#ab63fa" in svg.read_text()  # drawn in the theme found under lib/
    assert not (proj.root / "docs").exists()
    proj.append("lib/toytheme.py")  # a module under the configured src is followed for imports
    (plan,) = status(project, ["one"], quality="draft")
    assert not plan.fresh and "lib/toytheme.py" in plan.reason
