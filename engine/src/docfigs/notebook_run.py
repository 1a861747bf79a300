"""Running one notebook: executed with nbclient in a kernel that sees the project's src/ first, then written out as
the executed copy and as a Markdown page (nbconvert), into a staging folder that ``notebooks.publish`` puts in place.

Imported only when a notebook must run: it imports nbclient, nbformat and nbconvert.

The Markdown page (``index.md``) is for site generators without mkdocs-jupyter. It lives at
``<docs>/generated/notebooks/<name>/index.md``, so its URL folder is its file's folder, and:

* images are files beside it: image outputs (nbconvert's ``output_<cell>_<n>.png``) and every
  ``src="data:image/...;base64,..."`` of an HTML output (``image-<sha256 prefix>.<ext>``), the light and dark
  variants of a themed plot included: the HTML, with its ``attn-only-light``/``attn-only-dark`` classes, is kept
  as it is, so the site's stylesheet shows the variant of the page's scheme as on the mkdocs-jupyter page;
* relative links in the Markdown cells, written for the notebook's page at ``<folder>/<name>/`` (directory URLs,
  as mkdocs-jupyter serves it), are rebased to the new folder; the link to ``<name>.ipynb`` (the download
  mkdocs-jupyter's ``include_source`` puts beside its page) points at the source notebook, which a site copies
  as a file.
"""

import base64
import copy
import posixpath
import re
from pathlib import Path

from .cache import sha256_bytes
from .notebooks import FOLDER, MARKDOWN_PAGE, kernel_name
from .processes import worker_env

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LINK = re.compile(r"""(\]\(\s*<?|\b(?:href|src)\s*=\s*["'])([^)\s"'<>]+)""")  # Markdown ](target) and href=/src=
NOT_RELATIVE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|/|#|\?")  # a scheme (https:, data:, mailto:), absolute, anchor
DATA_IMAGE = re.compile(r"""(\bsrc\s*=\s*["'])data:image/(png|jpeg|gif|svg\+xml);base64,([A-Za-z0-9+/=\s]+)(["'])""")
EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "svg+xml": "svg"}


class NotebookFailure(Exception):
    """A notebook did not run or could not be written out; ``error`` is the result's error dict."""

    def __init__(self, error: dict):
        super().__init__(error.get("message", ""))
        self.error = error


def kernel_env(project) -> dict:
    """The workers' environment (the project's src/ first on PYTHONPATH, one thread per library), but matplotlib's
    backend left to the kernel: Jupyter's inline one, as a reader running the notebook gets."""
    env = worker_env(project)
    env.pop("MPLBACKEND", None)
    return env


def run_notebook(project, plan, staging: Path, cell_timeout: float):
    """Execute ``plan``'s notebook (its text as hashed) and write ``<name>.ipynb`` (executed), ``index.md`` and its
    images into ``staging``. NotebookFailure names the file, the cell, its line, and the error."""
    import nbformat
    from nbclient import NotebookClient

    notebook = plan.notebook
    try:
        document = nbformat.reads(plan.text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several kinds for a malformed file
        raise NotebookFailure({"type": type(exc).__name__, "message": f"not a valid notebook: {exc}",
                               "file": notebook.source}) from None
    running = {}
    client = NotebookClient(
        document, timeout=None if cell_timeout == float("inf") else cell_timeout, allow_errors=False,
        kernel_name=kernel_name(document), record_timing=False,
        resources={"metadata": {"path": str(notebook.path.parent)}},
        on_cell_start=lambda cell, cell_index: running.update(index=cell_index))
    try:
        client.execute(env=kernel_env(project))  # in the notebook's folder: resources["metadata"]["path"]
    except Exception as exc:  # noqa: BLE001 - a cell's error, a timeout, a kernel that died or never started
        raise NotebookFailure(cell_error(notebook, document, running.get("index"), exc)) from None
    try:
        (staging / f"{notebook.name}.ipynb").write_text(nbformat.writes(document), encoding="utf-8")
        page, files = markdown_page(project, notebook, document)
        (staging / MARKDOWN_PAGE).write_text(page, encoding="utf-8")
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
    except Exception as exc:  # noqa: BLE001 - e.g. nbconvert's templates not found
        raise NotebookFailure({"type": type(exc).__name__, "message": f"executed, but cannot be written out: {exc}",
                               "file": notebook.source}) from None


def cell_error(notebook, document, index, exc) -> dict:
    """The error dict of a failed run: the cell that was running (1-based among all cells), its ``In [n]``, the
    line in it (from IPython's traceback), the exception's type and message, and the traceback as plain text."""
    if getattr(exc, "ename", None):  # a cell raised: nbclient's CellExecutionError
        kind, message = exc.ename, exc.evalue
    else:  # a timeout, a kernel that died or never started
        lines = str(exc).strip().splitlines()
        kind, message = type(exc).__name__, lines[0] if lines else ""
    error = {"file": notebook.source, "type": kind, "message": message}
    if index is None:
        error["message"] = f"the kernel did not run the notebook: {error['message']}"
        return error
    cell = document.cells[index]
    error["cell"] = index + 1
    error["execution_count"] = cell.get("execution_count")
    tracebacks = [out.get("traceback", []) for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    text = ANSI.sub("", "\n".join(tracebacks[-1])) if tracebacks else ANSI.sub("", str(exc))
    error["traceback"] = text
    line = re.search(rf"Cell In\[{error['execution_count']}\], line (\d+)", text) if error["execution_count"] else None
    if line:
        error["cell_line"] = int(line.group(1))
    return error


def markdown_page(project, notebook, document) -> tuple[str, dict]:
    """(Markdown, {file name: bytes}) of the executed ``document``: nbconvert's Markdown export with relative links
    rebased to the page's folder and inline images written out as files."""
    from nbconvert import MarkdownExporter

    docs_url = posixpath.splitext(notebook.page)[0]  # where the notebook's page is: <folder>/<name>/
    new_url = posixpath.join(project.generated_dir.name, FOLDER, notebook.name)
    exported = copy.deepcopy(document)
    files = {}

    def write_out(match):
        data = base64.b64decode(re.sub(r"\s", "", match.group(3)))
        name = f"image-{sha256_bytes(data)[:16]}.{EXTENSIONS[match.group(2)]}"
        files[name] = data
        return f"{match.group(1)}{name}{match.group(4)}"

    for cell in exported.cells:
        if cell.cell_type == "markdown":
            cell.source = rebase_links(cell.source, docs_url, new_url, notebook.page)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                data["text/html"] = DATA_IMAGE.sub(write_out, "".join(data["text/html"]))
    body, resources = MarkdownExporter().from_notebook_node(exported)
    files |= {name: data for name, data in (resources.get("outputs") or {}).items() if name in body}
    return body, files


def rebase_links(markdown: str, old_url: str, new_url: str, source_page: str) -> str:
    """``markdown``'s relative link targets, written for a page at URL folder ``old_url`` (relative to the site),
    rewritten for one at ``new_url``; the link to the notebook's own file (``<old_url>/<name>.ipynb``) goes to
    ``source_page``, the notebook itself."""
    own_download = posixpath.join(old_url, posixpath.basename(source_page))

    def move(match):
        target = match.group(2)
        if NOT_RELATIVE.match(target):
            return match.group(0)
        path, mark, rest = re.match(r"([^#?]*)([#?]?)(.*)", target, flags=re.S).groups()
        resolved = posixpath.normpath(posixpath.join(old_url, path))
        if resolved == own_download:
            resolved = source_page
        moved = posixpath.relpath(resolved, new_url) + ("/" if path.endswith("/") else "")
        return match.group(1) + moved + mark + rest

    return LINK.sub(move, markdown)

