"""The MkDocs hook, for what only MkDocs offers: ``mkdocs serve`` renders the stale figures before each build and
watches the snippets, diagrams and project modules, so that an edit re-renders what it affects; and mkdocs-jupyter
(``execute: false``) renders each notebook page from the engine's executed copy, not the source.

In mkdocs.yml (the path is relative to mkdocs.yml)::

    hooks:
      - engine/src/docfigs/mkdocs_hook.py

Embedding is not the hook's: the Markdown extension ``docfigs.markdown`` does it, under MkDocs and Zensical alike.
``mkdocs build`` renders nothing: run ``docfigs build`` first (``make site`` does), and the build embeds what is
in docs/generated/. While serving, a figure that fails to render is logged as an error and its page keeps the last
good render; the report (docs/generated/report.json) is not written, so the outputs' moves are the only writes
to docs/ (one extra rebuild, with nothing stale).
"""

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from docfigs import EngineError, Project, build
from docfigs.notebooks import executed_copy

log = get_plugin_logger("docfigs")

# kept across rebuilds of `mkdocs serve` (MkDocs loads a hook file once per process)
_state: dict = {"command": "build"}


class _LogProgress:
    def waiting(self):
        log.info("waiting for another build of the figures to finish")

    def start(self, total, cached):
        if total:
            log.info(f"rendering {total} figure{'s' * (total != 1)} ({cached} cached)")

    def figure_started(self, figure):
        pass

    def figure_done(self, result):
        if result.status == "rendered":
            log.info(f"rendered {result.name} ({result.seconds:.2f} s)")

    def finish(self, report):
        log.info(f"figures: {report.summary()}")


def _project(config) -> Project:
    return Project.at(Path(config.config_file_path).resolve().parent, config.docs_dir)


def on_startup(command, dirty):
    _state["command"] = command


def on_pre_build(config):
    if _state["command"] != "serve":
        return
    try:
        report = build(_project(config), keep_going=True, progress=_LogProgress(), write_report=False)
    except EngineError as exc:
        log.error(str(exc))
        return
    failed = [r for r in report.figures if r.status == "failed"]
    if failed:
        log.error("\n".join(r.error_line + "\n" + (r.error or {}).get("traceback", "").rstrip() for r in failed))


def on_serve(server, config, builder):
    project = _project(config)
    for folder in (project.snippets_dir, project.diagrams_dir, project.src_dir):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_page_markdown(markdown, page, config, files):
    """A notebook page is rendered from the engine's executed copy (the source has no outputs)."""
    if not page.file.src_uri.endswith(".ipynb"):
        return markdown
    try:
        page.file.abs_src_path = str(executed_copy(_project(config), page.file.abs_src_path))
    except EngineError as exc:
        if _state["command"] != "serve":
            raise PluginError(str(exc)) from None
        log.error(f"{exc}; showing the notebook without outputs")
    return markdown


def on_page_content(html, page, config, files):
    """... and its download link (mkdocs-jupyter's include_source) offers the source again."""
    if page.file.src_uri.endswith(".ipynb"):
        page.file.abs_src_path = os.path.normpath(os.path.join(page.file.src_dir, page.file.src_uri))
    return html
