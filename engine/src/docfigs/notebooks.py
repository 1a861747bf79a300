"""Notebooks, the third thing the engine executes: every ``<docs>/**/*.ipynb`` run with nbclient, cached like a figure.

A notebook's key covers its cells (type and source of each, never their outputs) and kernel name, every project
module its code cells import (transitively, ``deps.ImportGraph``), and the versions in ``LIBRARIES``: so editing a
module a notebook imports re-executes it, and a build with nothing changed executes nothing. Files the code opens
by name (data files) are not followed.

Each notebook ``<docs>/<folder>/<name>.ipynb`` (names unique across docs/) gets a folder of its own,
``<docs>/generated/notebooks/<name>/``, published whole (staged, then renamed into place) after a run in which no
cell raised:

* ``<name>.ipynb``: the executed copy. Under MkDocs, mkdocs-jupyter renders it (``execute: false``) at the
  source's own URL: the MkDocs hook points the page at it while the page renders (``executed_copy``);
* ``index.md`` and its images: the same notebook exported to Markdown by nbconvert, a page for site generators
  without mkdocs-jupyter (Zensical), at ``generated/notebooks/<name>/``; see ``notebook_run``.

What was published with which key is recorded in ``<docs>/generated/notebooks/manifest.json`` (the format of
``cache.Manifest``); a notebook whose file is gone loses its folder and entry. ``build_notebooks`` is the entry
point; it imports nbclient, nbformat and nbconvert (through ``notebook_run``) only when a notebook must run.
"""

import ast
import contextlib
import json
import platform
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .cache import Manifest, library_version, sha256_bytes, sha256_file
from .deps import ImportGraph
from .errors import ProjectError
from .figures import NAME_RE
from .planning import resolve_timeout
from .publishing import staging_root
from .results import FigureResult
from .staging import publish_folder, staging_folder, sweep

KIND = "notebook"
FOLDER = "notebooks"  # under <docs>/generated/
MARKDOWN_PAGE = "index.md"
DEFAULT_KERNEL = "python3"  # for a notebook whose metadata names no kernel
# distributions whose versions are part of a notebook's key: what runs and writes it, and what its cells draw with
LIBRARIES = ("ipykernel", "nbclient", "nbconvert", "nbformat", *settings.LIBRARIES["still"])
# bump when what a notebook's folder holds changes (the executed copy, the Markdown export): every notebook re-runs
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Notebook:
    name: str  # the file's stem: its folder under <docs>/generated/notebooks/
    path: Path  # absolute
    source: str  # relative to the project root, posix: "docs/notebooks/attention-from-scratch.ipynb"
    page: str  # relative to the docs folder, posix: "notebooks/attention-from-scratch.ipynb"


@dataclass
class NotebookPlan:
    notebook: Notebook
    text: str  # the file as read: what runs is exactly what was hashed
    inputs: dict  # label -> sha256 of the cells and of each project module they import
    key: str
    fresh: bool
    reason: str
    problem: str = ""  # set when the file cannot be read as a notebook


# -- where things are ------------------------------------------------------------------------------
def notebooks_dir(project) -> Path:
    return project.generated_dir / FOLDER


def manifest_path(project) -> Path:
    return notebooks_dir(project) / settings.MANIFEST_NAME


def executed_copy(project, source) -> Path:
    """The executed copy of notebook ``source`` (a path under the docs folder): what mkdocs-jupyter renders, with
    ``execute: false``, at the source's URL. ProjectError when the engine has not published one."""
    source = Path(source).resolve()
    path = notebooks_dir(project) / source.stem / source.name
    if not path.is_file():
        raise ProjectError(f"{project.label(source)}: no executed copy at {project.label(path)}; the engine executes "
                           f"notebooks before the site build (docfigs build), and it has not, or the notebook failed")
    return path


def discover_notebooks(project) -> dict:
    """name -> Notebook for every ``*.ipynb`` under the docs folder, outside ``generated/`` and dot folders
    (``.ipynb_checkpoints``). ProjectError when two share a name or a name cannot be a folder of outputs."""
    found: dict[str, Notebook] = {}
    docs = project.docs_dir
    for path in sorted(docs.rglob("*.ipynb")) if docs.is_dir() else ():
        page = path.relative_to(docs)
        if page.parts[0] == project.generated_dir.name or any(part.startswith(".") for part in page.parts):
            continue
        notebook = Notebook(path.stem, path.resolve(), project.label(path), page.as_posix())
        if not NAME_RE.match(notebook.name):
            raise ProjectError(f"{notebook.source}: a notebook's file name is the name of its outputs' folder: "
                               f"letters, digits, '_' and '-', starting with a letter or digit, not {path.name!r}")
        if notebook.name in found:
            raise ProjectError(f"two notebooks named {notebook.name!r}: {found[notebook.name].source} and "
                               f"{notebook.source}; their outputs would share docs/generated/{FOLDER}/"
                               f"{notebook.name}/: rename one")
        found[notebook.name] = notebook
    return found


# -- planning (standard library only) -----------------------------------------------------------------
def cell_sources(document: dict) -> list:
    """[[cell type, source]] of every cell of a notebook read as JSON (outputs left out)."""
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise ValueError("no list of cells")
    return [[cell.get("cell_type"), "".join(cell.get("source", ""))] for cell in cells]


def kernel_name(document: dict) -> str:
    return ((document.get("metadata") or {}).get("kernelspec") or {}).get("name") or DEFAULT_KERNEL


def python_code(cells: list) -> str:
    """The code cells as one Python file, for the import graph: IPython magics and shell lines (``%``, ``!``) become
    ``pass``; a cell magic cell (``%%``) and a cell that is not Python are left out (running it reports it)."""
    parts = []
    for kind, source in cells:
        if kind != "code" or source.lstrip().startswith("%%"):
            continue
        code = re.sub(r"^([ \t]*)[%!].*$", r"\1pass", source, flags=re.M)
        try:
            ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        parts.append(code)
    return "\n\n".join(parts)


def imported_modules(graph: ImportGraph, code: str) -> list:
    """The project files ``code`` may import. The graph reads files, so the code is given to it as a temporary one
    (outside the project: relative imports resolve to nothing, as in a notebook)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.py"
        path.write_text(code, encoding="utf-8")
        return graph.closure(path)


def notebook_versions() -> dict:
    versions = {dist: library_version(dist) for dist in LIBRARIES}
    versions["python"] = ".".join(platform.python_version_tuple()[:2])
    return versions


def plan_notebook(project, notebook: Notebook, graph: ImportGraph, manifest: Manifest, force=False) -> NotebookPlan:
    """The notebook's key and whether its published folder can be used (reads, never writes)."""
    try:
        text = notebook.path.read_text(encoding="utf-8")
        document = json.loads(text)
        cells = cell_sources(document)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        problem = f"{notebook.source}: cannot read it as a notebook (JSON with a list of cells): {exc}"
        return NotebookPlan(notebook, "", {}, "", False, problem, problem)
    inputs = {notebook.source: sha256_bytes(json.dumps(cells).encode())}
    for dep in imported_modules(graph, python_code(cells)):
        inputs[project.label(dep)] = sha256_file(dep)
    inputs = dict(sorted(inputs.items()))
    payload = {"format": FORMAT_VERSION, "name": notebook.name, "source": notebook.source,
               "kernel": kernel_name(document), "inputs": inputs, "versions": notebook_versions()}
    key = sha256_bytes(json.dumps(payload, sort_keys=True).encode())
    fresh, reason = manifest.check(notebook.name, key, inputs, None, notebooks_dir(project) / notebook.name)
    if force and fresh:
        fresh, reason = False, "forced"
    return NotebookPlan(notebook, text, inputs, key, fresh, reason)


def plan_notebooks(project, notebooks: dict, manifest: Manifest, force=False) -> list:
    graph = ImportGraph([project.src_dir])
    return [plan_notebook(project, notebook, graph, manifest, force) for notebook in notebooks.values()]


# -- building ----------------------------------------------------------------------------------------
def build_notebooks(project, *, force=False, progress=None, timeout=None, lock=None) -> list:
    """Execute every stale notebook of ``project`` and publish its folder; one ``FigureResult`` of kind "notebook"
    per notebook (rendered, cached or failed), in file order.

    ``force`` runs every notebook; ``progress`` (a ``progress.Progress``) hears ``figure_started(notebook)`` and
    ``figure_done(result)`` for each one run; ``timeout`` is the seconds one cell may run (default: as a figure's
    render, ``planning.resolve_timeout``); ``lock`` is a function returning the context manager held while anything
    is written (``docfigs.build`` passes its build lock; the plan is made again inside it). A failing notebook
    changes nothing on disk: its last good folder stays, and it stays stale. With nothing stale it reads files only:
    it imports only the standard library, writes nothing and takes no lock.
    """
    plans, gone, manifest = plan_build(project, force)
    if not gone and all(p.fresh for p in plans):
        return [cached_result(p) for p in plans]
    with (lock or contextlib.nullcontext)():
        plans, gone, manifest = plan_build(project, force)  # another build may have run them meanwhile
        return run_stale(project, plans, gone, manifest, progress, resolve_timeout(timeout))


def plan_build(project, force=False) -> tuple:
    """(a plan per notebook, names in the manifest whose notebook is gone, the manifest)."""
    notebooks = discover_notebooks(project)
    manifest = Manifest.load(manifest_path(project))
    gone = [name for name in manifest.figures if name not in notebooks]
    return plan_notebooks(project, notebooks, manifest, force), gone, manifest


def run_stale(project, plans, gone, manifest, progress, cell_timeout) -> list:
    from .notebook_run import NotebookFailure, run_notebook

    if gone:
        prune(project, manifest, gone)
    folder = notebooks_dir(project)
    folder.mkdir(parents=True, exist_ok=True)
    staging_parent = staging_root(project, folder)
    sweep(staging_parent)
    sweep(folder)
    results = []
    for p in plans:
        if p.fresh:
            results.append(cached_result(p))
            continue
        if progress:
            progress.figure_started(p.notebook)
        started = time.monotonic()
        error = {"type": "NotebookError", "message": p.problem, "file": p.notebook.source} if p.problem else None
        if error is None:
            try:
                with staging_folder(staging_parent, p.notebook.name) as staging:
                    run_notebook(project, p, staging, cell_timeout)
                    publish(project, manifest, p, staging, round(time.monotonic() - started, 3))
            except NotebookFailure as failure:
                error = failure.error
        seconds = round(time.monotonic() - started, 3)
        result = FigureResult(p.notebook.name, KIND, p.notebook.source, "failed" if error else "rendered", seconds,
                                p.reason, error)
        if progress:
            progress.figure_done(result)
        results.append(result)
    return results


def cached_result(plan: NotebookPlan) -> FigureResult:
    return FigureResult(plan.notebook.name, KIND, plan.notebook.source, "cached", 0.0, plan.reason)


def publish(project, manifest: Manifest, plan: NotebookPlan, staging: Path, seconds: float):
    """Put the staged folder in place and record it: distrust (entry removed), replace (the folder renamed into
    place whole), record (the new entry)."""
    name = plan.notebook.name
    outputs = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        outputs[path.relative_to(staging).as_posix()] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    if manifest.figures.pop(name, None) is not None:
        manifest.save()
    publish_folder(staging, notebooks_dir(project) / name)
    manifest.figures[name] = {"key": plan.key, "kind": KIND, "source": plan.notebook.source,
                              "page": plan.notebook.page, "inputs": plan.inputs, "versions": notebook_versions(),
                              "outputs": outputs, "seconds": seconds}
    manifest.save()


def prune(project, manifest: Manifest, names):
    """Forget notebooks whose file is gone, and remove their folders."""
    for name in names:
        del manifest.figures[name]
        shutil.rmtree(notebooks_dir(project) / name, ignore_errors=True)
    manifest.save()
