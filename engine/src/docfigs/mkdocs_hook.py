"""The MkDocs hook: render stale figures before MkDocs collects files, and embed figures by name.

In mkdocs.yml (the path is relative to mkdocs.yml)::

    hooks:
      - src/attnlab/mkdocs_hook.py

A page embeds a figure with a line holding only ``![[name]]`` (indentation is kept, fenced code is left
alone). The line becomes the figure's fragment (see ``docfigs.fragment``) with its links made
relative for the page: raw HTML ``src``/``data-poster`` relative to the page's URL (MkDocs leaves raw HTML
alone), Markdown links relative to the page's source file (MkDocs rewrites and checks those). An unknown
name is a warning naming the page, the line and the closest names, so ``mkdocs build --strict`` fails.

Events: ``on_pre_build`` renders what is stale at quality ``site`` ($ATTNLAB_QUALITY overrides, e.g.
``draft`` in CI) before files are collected, so new outputs reach ``site/``; a render failure fails
``mkdocs build`` and is logged as an error by ``mkdocs serve``. ``on_files`` keeps the manifest, the
report and the fragments out of the site. ``on_serve`` watches snippets/, diagrams/ and src/. The hook
adds nothing else: the engine works without MkDocs (``attnlab build``). With ``ATTNLAB_SKIP_FIGURES=1`` it
embeds the existing outputs and never asks the engine what is stale (the benchmarks' "bare" build).
"""

import html
import os
import posixpath
import re
import sys
from pathlib import Path

try:
    import docfigs  # noqa: F401
except ImportError:  # not installed: use the package this file belongs to
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from docfigs import EngineError, Manifest, Project, build, closest, discover, resolve_fragment, settings

log = get_plugin_logger("attnlab")

EMBED_RE = re.compile(r"^(?P<indent>[ \t]*)!\[\[(?P<name>[^\[\]\s]+)\]\][ \t]*$")
FENCE_RE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")

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


def on_startup(command, dirty):
    _state["command"] = command


def _generated_rel(project, config) -> str:
    try:
        return project.generated_dir.relative_to(Path(config.docs_dir).resolve()).as_posix()
    except ValueError:
        raise PluginError(f"attnlab: {project.generated_dir} must be inside docs_dir {config.docs_dir}") from None


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    project = Project.at(root, config.docs_dir)
    _state.update(project=project, figures={}, failed={}, fragments={})
    serving = _state["command"] == "serve"
    try:
        # serving: no report.json, so the only writes to docs/ are the outputs' moves (one extra no-op rebuild)
        report = None if os.environ.get(settings.SKIP_ENV) == "1" else build(
            project, keep_going=True, progress=_LogProgress(), write_report=False if serving else None)
    except EngineError as exc:
        if not serving:
            raise PluginError(f"attnlab: {exc}") from None
        log.error(str(exc))
        report = None
    try:
        _state["figures"] = discover(project)
    except EngineError:
        pass
    _state["manifest"] = Manifest.load(project.manifest_path)
    if report is not None:
        failed = [r for r in report.figures if r.status == "failed"]
        _state["failed"] = {r.name: r for r in failed}
        if failed:
            detail = "\n".join(r.error_line + "\n" + (r.error or {}).get("traceback", "").rstrip() for r in failed)
            if not serving:
                raise PluginError(f"attnlab: {len(failed)} figure(s) failed to render:\n{detail}")
            log.error(detail)


def on_files(files, config):
    project = _state.get("project")
    if project is None:
        return files
    gen = _generated_rel(project, config)
    private = {f"{gen}/{settings.MANIFEST_NAME}", f"{gen}/{settings.REPORT_NAME}"}
    for file in list(files):
        uri = file.src_uri
        if uri in private or (uri.startswith(gen + "/") and uri.endswith(".fragment.md")):
            files.remove(file)
    return files


def _placeholder(indent, text):
    return f'\n{indent}<p class="attn-figure-missing">{html.escape(text)}</p>\n'


def _talks_index(indent, page, config) -> str:
    """``![[attnlab:talks]]``: the Talks page's table of scenes (``attnlab.talk_page``), from the manifest."""
    from attnlab.talk_page import scene_pages, table

    project = _state["project"]
    gen = _generated_rel(project, config)
    text, problems = table(
        _state.get("figures", {}), _state["manifest"],
        html_base=posixpath.relpath(gen, posixpath.dirname(page.file.dest_uri) or "."),
        md_base=posixpath.relpath(gen, posixpath.dirname(page.file.src_uri) or "."),
        pages=scene_pages(config.docs_dir, config.nav, skip=[gen]), page_src=page.file.src_uri)
    for problem in problems:
        log.warning(f"Doc file '{page.file.src_uri}': {problem}")
    return "\n" + "\n".join((indent + line) if line else "" for line in text.splitlines()) + "\n"


def _embed(name, indent, page, config, lineno) -> str:
    if name == "attnlab:talks":  # attnlab.talk_page.MARKER
        return _talks_index(indent, page, config)
    figures, project = _state.get("figures", {}), _state["project"]
    where = f"Doc file '{page.file.src_uri}', line {lineno}"
    if name not in figures:
        hint = closest(name, figures)
        log.warning(f"{where}: unknown figure '{name}' in '![[{name}]]'"
                    + (f"; closest: {', '.join(hint)}" if hint else "; no figure has a similar name"))
        return _placeholder(indent, f"Unknown figure: {name}")
    entry = _state["manifest"].get(name)
    failed = _state.get("failed", {}).get(name)
    if failed is not None:
        log.warning(f"{where}: figure '{name}' failed to render"
                    + ("; showing its last good render" if entry else "") + f": {failed.error_line}")
    if not entry:
        if failed is None:
            log.warning(f"{where}: figure '{name}' has no rendered outputs")
        return _placeholder(indent, f"Figure {name} is not rendered")
    fragment = _state["fragments"].get(name)
    if fragment is None:
        try:
            fragment = (project.output_dir(name) / entry["fragment"]).read_text(encoding="utf-8")
        except (OSError, KeyError) as exc:
            log.warning(f"{where}: figure '{name}': cannot read its fragment: {exc}")
            return _placeholder(indent, f"Figure {name} is not rendered")
        _state["fragments"][name] = fragment
    gen = _generated_rel(project, config)
    html_base = posixpath.relpath(gen, posixpath.dirname(page.file.dest_uri) or ".")
    md_base = posixpath.relpath(gen, posixpath.dirname(page.file.src_uri) or ".")
    return "\n" + resolve_fragment(fragment, html_base, md_base, indent)


def on_page_markdown(markdown, page, config, files):
    if "![[" not in markdown or "project" not in _state:
        return markdown
    out = []
    fence = None
    for lineno, line in enumerate(markdown.split("\n"), 1):
        m = FENCE_RE.match(line)
        if fence is not None:  # inside fenced code: `![[name]]` is shown, not embedded
            if m and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence) and not m["rest"].strip():
                fence = None
            out.append(line)
            continue
        if m:
            fence = m["fence"]
            out.append(line)
            continue
        e = EMBED_RE.match(line)
        out.append(_embed(e["name"], e["indent"], page, config, lineno) if e else line)
    return "\n".join(out)


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    for folder in ("snippets", "diagrams", "src"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
