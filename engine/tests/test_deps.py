"""Import parsing: which project files a figure depends on (ast only, nothing imported)."""

from docfigs.deps import ImportGraph


def _graph(make_project, files):
    proj = make_project(files)
    return proj, ImportGraph([proj.root / "src"])


def _labels(proj, paths):
    return sorted(p.relative_to(proj.root).as_posix() for p in paths)


FAKE = {
    "src/lab/__init__.py": """\
        import importlib
        _EXPORTS = {"Attention": "lab.attention", "MultiHead": "lab.multihead", "Rel": ".relative"}
        def __getattr__(name):
            return getattr(importlib.import_module(_EXPORTS[name]), name)
        """,
    "src/lab/attention.py": "from .util import softmax\nclass Attention: pass\n",
    "src/lab/multihead.py": "from lab.attention import Attention\nclass MultiHead: pass\n",
    "src/lab/relative.py": "class Rel: pass\n",
    "src/lab/util.py": "import math\ndef softmax(x): return x\n",
    "src/lab/theme.py": "X = 1\n",
    "src/lab/examples/__init__.py": "from . import worked\n",
    "src/lab/examples/worked.py": "from ..attention import Attention\nfrom .. import theme\n",
    "src/lab/unused.py": "X = 2\n",
}


def test_from_module_import_name(make_project):
    proj, g = _graph(make_project, FAKE | {"fig.py": "from lab.theme import X\nimport numpy as np\n"})
    assert _labels(proj, g.closure(proj.root / "fig.py")) == ["src/lab/__init__.py", "src/lab/theme.py"]


def test_import_dotted_module_and_relative_imports(make_project):
    proj, g = _graph(make_project, FAKE | {"fig.py": "import lab.examples.worked\n"})
    assert _labels(proj, g.closure(proj.root / "fig.py")) == [
        "src/lab/__init__.py", "src/lab/attention.py", "src/lab/examples/__init__.py",
        "src/lab/examples/worked.py", "src/lab/theme.py", "src/lab/util.py"]


def test_from_package_import_name_resolves_through_exports(make_project):
    proj, g = _graph(make_project, FAKE | {"fig.py": "from lab import MultiHead, Rel\n"})
    assert _labels(proj, g.closure(proj.root / "fig.py")) == [
        "src/lab/__init__.py", "src/lab/attention.py", "src/lab/multihead.py", "src/lab/relative.py",
        "src/lab/util.py"]


def test_attribute_use_of_imported_package_resolves_through_exports(make_project):
    src = "import lab\n\ndef data():\n    return lab.Attention()\n"
    proj, g = _graph(make_project, FAKE | {"fig.py": src})
    assert _labels(proj, g.closure(proj.root / "fig.py")) == [
        "src/lab/__init__.py", "src/lab/attention.py", "src/lab/util.py"]


def test_bare_use_of_package_depends_on_all_exports(make_project):
    src = "import lab as L\n\ndef data(name):\n    return getattr(L, name)\n"
    proj, g = _graph(make_project, FAKE | {"fig.py": src})
    deps = _labels(proj, g.closure(proj.root / "fig.py"))
    assert "src/lab/multihead.py" in deps and "src/lab/relative.py" in deps and "src/lab/unused.py" not in deps


def test_star_import_literal_import_module_and_imports_inside_functions(make_project):
    src = ("def data():\n    from lab import *\n    import importlib\n"
           "    return importlib.import_module('lab.unused')\n")
    proj, g = _graph(make_project, FAKE | {"fig.py": src})
    deps = _labels(proj, g.closure(proj.root / "fig.py"))
    assert {"src/lab/attention.py", "src/lab/multihead.py", "src/lab/relative.py", "src/lab/unused.py"} <= set(deps)


def test_non_project_and_missing_modules_are_ignored(make_project):
    proj, g = _graph(make_project, FAKE | {"fig.py": "import os, torch\nfrom lab import Nope\nimport lab.missing\n"})
    assert _labels(proj, g.closure(proj.root / "fig.py")) == ["src/lab/__init__.py"]
