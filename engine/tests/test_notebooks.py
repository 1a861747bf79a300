"""Notebooks in the engine: executed with nbclient, keyed by their cells and the project modules they import,
published whole, and exported to a Markdown page (a fixture project with its own package; no attnlab, no torch)."""

import contextlib
import json
import os
import subprocess
import sys

import pytest

from docfigs.notebook_run import rebase_links
from docfigs.notebooks import build_notebooks, executed_copy, notebooks_dir

# a 1x1 PNG, as an HTML output carrying both themed variants would (attnlab.notebook.show)
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def notebook(*cells) -> str:
    """The JSON of a notebook: ("md", text) and ("code", text) cells, saved without outputs."""
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": text} if kind == "md" else
                  {"cell_type": "code", "id": f"c{i}", "metadata": {}, "source": text, "outputs": [],
                   "execution_count": None} for i, (kind, text) in enumerate(cells)]})


DEMO = notebook(
    ("md", "# Demo\n\n[Download this notebook](demo.ipynb), or read [a page](../../guide/page/)."),
    ("code", "from pkg.mod import value\n\nprint('value is', value())"),
    ("md", "A plot in both themes:"),
    ("code", "from IPython.display import HTML, display\n\n"
             f"png = '{PIXEL}'\n"
             "display(HTML(f'<div class=\"attn-nb-figure\"><img class=\"attn-only-light\" src=\"data:image/png;base64,"
             "{png}\"><img class=\"attn-only-dark\" style=\"display:none\" src=\"data:image/png;base64,{png}\">"
             "</div>'))"),
)


@pytest.fixture
def project(make_project):
    return make_project({
        "src/pkg/__init__.py": "",
        "src/pkg/mod.py": "def value():\n    return 41\n",
        "src/pkg/unused.py": "X = 1\n",
        "docs/notes/demo.ipynb": DEMO,
    })


def outputs_text(path) -> str:
    document = json.loads(path.read_text())
    return "".join("".join(out.get("text", "")) for cell in document["cells"] for out in cell.get("outputs", []))


def tree(folder) -> dict:
    """Every file under ``folder``: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_executed_then_cached_then_rerun_when_an_imported_module_changes(project):
    p = project.project()
    locked = []
    [first] = build_notebooks(p, lock=lambda: contextlib.nullcontext(locked.append("taken")))
    assert locked == ["taken"]  # what writes holds the caller's lock
    assert (first.name, first.kind, first.status, first.source) == ("demo", "notebook", "rendered",
                                                                     "docs/notes/demo.ipynb")
    copy = executed_copy(p, project.root / "docs/notes/demo.ipynb")
    assert copy == notebooks_dir(p) / "demo" / "demo.ipynb"
    assert "value is 41" in outputs_text(copy)
    published = tree(notebooks_dir(p))

    [second] = build_notebooks(p, lock=lambda: contextlib.nullcontext(locked.append("taken")))
    assert second.status == "cached" and locked == ["taken"]  # a no-op takes no lock
    assert tree(notebooks_dir(p)) == published  # nothing executed, nothing written

    project.append("src/pkg/unused.py")  # a module the notebook does not import
    assert build_notebooks(p)[0].status == "cached"

    project.write("src/pkg/mod.py", "def value():\n    return 99\n")
    [third] = build_notebooks(p)
    assert third.status == "rendered" and "src/pkg/mod.py" in third.reason
    assert "value is 99" in outputs_text(copy)

    project.write("docs/notes/demo.ipynb", DEMO.replace("# Demo", "# Demo, retitled"))  # a cell's source
    assert build_notebooks(p)[0].status == "rendered"


def test_the_no_op_build_imports_no_notebook_library(project):
    build_notebooks(project.project())
    code = ("import sys\nfrom docfigs import Project\nfrom docfigs.notebooks import build_notebooks\n"
            f"[r] = build_notebooks(Project.at({str(project.root)!r}))\nassert r.status == 'cached', r\n"
            "heavy = sorted(m for m in ('nbclient', 'nbformat', 'nbconvert', 'jupyter_client') if m in sys.modules)\n"
            "assert heavy == [], heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_markdown_page_has_the_outputs_images_and_rebased_links(project):
    p = project.project()
    build_notebooks(p)
    folder = notebooks_dir(p) / "demo"
    page = (folder / "index.md").read_text()
    assert "# Demo" in page and "value is 41" in page and "```python" in page
    # the page sits at generated/notebooks/demo/; the notebook's links were written for notes/demo/
    assert "[Download this notebook](../../../notes/demo.ipynb)" in page
    assert "[a page](../../../guide/page/)" in page
    plot = page.rsplit("```", 1)[1]  # the last cell's output, after its code
    assert "data:" not in plot
    images = sorted(f.name for f in folder.glob("image-*.png"))
    assert len(images) == 1  # the light and the dark variant are the same pixel here: one file
    assert (folder / images[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f'class="attn-only-light" src="{images[0]}"' in plot
    assert f'class="attn-only-dark" style="display:none" src="{images[0]}"' in plot


def test_a_failing_cell_names_the_notebook_and_the_cell_and_publishes_nothing(project):
    p = project.project()
    build_notebooks(p)
    before = tree(notebooks_dir(p))
    project.write("docs/notes/demo.ipynb", notebook(
        ("md", "# Demo"), ("code", "x = 1"), ("md", "Then:"), ("code", "y = 2\nprint(x / 0)")))
    project.write("docs/other/broken.ipynb", notebook(("code", "raise RuntimeError('no data')")))

    results = {r.name: r for r in build_notebooks(p)}
    demo, broken = results["demo"], results["broken"]
    assert demo.status == broken.status == "failed"
    assert demo.error["file"] == "docs/notes/demo.ipynb"
    assert (demo.error["cell"], demo.error["execution_count"], demo.error["cell_line"]) == (4, 2, 2)
    assert demo.error["type"] == "ZeroDivisionError" and "division by zero" in demo.error["message"]
    assert demo.error_line == ("notebook 'demo' failed: docs/notes/demo.ipynb, cell 4 (In [2]), line 2: "
                               "ZeroDivisionError: division by zero")
    assert "print(x / 0)" in demo.error["traceback"]
    assert broken.error_line.startswith("notebook 'broken' failed: docs/other/broken.ipynb, cell 1 (In [1]), line 1")

    # the last good folder of demo is untouched, broken has none, and no staging folder is left anywhere
    assert tree(notebooks_dir(p)) == before
    leftovers = [path for root in (p.root / ".cache", p.generated_dir) for path in root.rglob(".tmp-*")]
    assert leftovers == []
    assert build_notebooks(p)[0].status == "failed"  # still stale: the next build runs it again


def test_an_interrupted_build_leaves_the_published_folder_whole(project, monkeypatch):
    p = project.project()
    build_notebooks(p)
    before = tree(notebooks_dir(p))
    project.write("src/pkg/mod.py", "def value():\n    return 7\n")

    import docfigs.notebook_run as notebook_run

    def interrupted(*args):  # the executed copy is in the staging folder, the Markdown page not yet
        raise KeyboardInterrupt

    monkeypatch.setattr(notebook_run, "markdown_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_notebooks(p)
    monkeypatch.undo()
    assert tree(notebooks_dir(p)) == before
    assert [path for path in p.root.rglob(".tmp-*")] == []
    [again] = build_notebooks(p)
    assert again.status == "rendered" and "value is 7" in outputs_text(notebooks_dir(p) / "demo" / "demo.ipynb")


def test_a_deleted_notebook_loses_its_folder(project):
    p = project.project()
    build_notebooks(p)
    os.remove(project.root / "docs/notes/demo.ipynb")
    assert build_notebooks(p) == []
    assert not (notebooks_dir(p) / "demo").exists()
    assert json.loads((notebooks_dir(p) / "manifest.json").read_text())["figures"] == {}


def test_notebook_names_must_be_unique(project):
    from docfigs import ProjectError

    project.write("docs/elsewhere/demo.ipynb", DEMO)
    with pytest.raises(ProjectError, match=r"two notebooks named 'demo': docs/elsewhere/demo.ipynb and "
                                           r"docs/notes/demo.ipynb"):
        build_notebooks(project.project())


def test_rebase_links_keeps_absolute_links_and_anchors():
    text = "[a](https://x.org/a) [b](#top) [c](/abs/) [d](../sib/#part) <img src=\"pic.png\"> [e](n.ipynb)"
    assert rebase_links(text, "nb/n", "generated/notebooks/n", "nb/n.ipynb") == (
        "[a](https://x.org/a) [b](#top) [c](/abs/) [d](../../../nb/sib/#part) <img src=\"../../../nb/n/pic.png\"> "
        "[e](../../../nb/n.ipynb)")


def test_the_engine_build_executes_notebooks_beside_the_figures(project):
    """``docfigs build`` (the whole project) runs the notebooks too: an edit to the module a notebook imports
    re-executes it on the next build, and the report lists it with the figures."""
    import docfigs

    p = project.project()
    first = {r.name: r.status for r in docfigs.build(p, quality="draft", jobs=1).figures}
    assert first == {"demo": "rendered"}
    assert {r.name: r.status for r in docfigs.build(p, quality="draft", jobs=1).figures} == {"demo": "cached"}
    project.write("src/pkg/mod.py", "def value():\n    return 42\n")
    again = docfigs.build(p, quality="draft", jobs=1)
    assert {r.name: r.status for r in again.figures} == {"demo": "rendered"}
    assert "value is 42" in outputs_text(executed_copy(p, project.root / "docs/notes/demo.ipynb"))
