"""The Python-Markdown extension ``docfigs.markdown``: a line holding only ``![[name]]`` becomes the figure's fragment.

In mkdocs.yml (MkDocs and Zensical read the same list; any Python-Markdown consumer can load it)::

    markdown_extensions:
      - docfigs.markdown

    exclude_docs: |                # the engine's own files stay out of the site (both generators honour this)
      generated/manifest.json
      generated/report.json
      generated/*/*.fragment.md

The extension renders nothing: ``docfigs build`` renders before the site is built, and the extension reads what it
wrote to docs/generated/ (manifest.json and each figure's fragment, see ``docfigs.fragment``). The line's
indentation is kept and fenced code is left alone. The fragment's links are made relative to the page, so the
site works from file:// and under any sub-path: Markdown links from the page's source file (the generator rewrites
and checks those), raw HTML from the page's URL under MkDocs (which leaves raw HTML alone) and from the source file
under Zensical (which rewrites raw HTML's ``src`` and ``href`` too; not ``data-poster``, which keeps the URL's).
The page comes from the generator: MkDocs' "relpath" treeprocessor holds its File, Zensical's "rendering_context"
preprocessor its Page; another consumer passes ``page_src`` and ``page_url``. ``![[prefix:name]]`` is written by
the function the project names for it in pyproject.toml (``[tool.docfigs.embeds]``, "prefix:name" =
"module:function"), called with an ``EmbedContext``.

An unknown name is reported with the page, the line and the closest names. Under MkDocs it is a warning of the
"mkdocs" logger, which ``mkdocs build --strict`` counts; Zensical counts no Python warning, so with its config's
``strict: true`` (or ``strict`` given here) the page fails with ``EmbedError``, naming every problem of the page.

Zensical keeps a rendered page in its cache while the page's text and the extensions' settings are unchanged; the
``stamp`` setting (ignored otherwise) carries the manifest's digest, so that a page renders again when the figures
change (mkdocs.yml: ``stamp: !ENV [DOCFIGS_STAMP, ""]``, set by ``make site-zensical``).
"""

import html
import importlib
import logging
import posixpath
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .cache import Manifest
from .errors import EngineError, closest
from .figures import discover
from .fragment import indented, resolve
from .project import Project, find_root

EMBED_RE = re.compile(r"^(?P<indent>[ \t]*)!\[\[(?P<name>[^\[\]\s]+)\]\][ \t]*$")
FENCE_RE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")
MKDOCS_LOGGER = "mkdocs.plugins.docfigs"  # under "mkdocs": counted by `mkdocs build --strict`
PRIORITY = 28  # after normalize_whitespace (30), before fenced code (superfences: 25) and raw HTML (20)


class EmbedError(EngineError):
    """A page embeds what cannot be embedded (an unknown name, a figure not rendered), in a strict build."""


def embed_lines(lines):
    """(line number from 1, indentation, name) of every ``![[name]]`` line outside fenced code."""
    fence = None
    for lineno, line in enumerate(lines, 1):
        m = FENCE_RE.match(line)
        if fence is not None:  # inside fenced code: `![[name]]` is shown, not embedded
            if m and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence) and not m["rest"].strip():
                fence = None
            continue
        if m:
            fence = m["fence"]
            continue
        e = EMBED_RE.match(line)
        if e:
            yield lineno, e["indent"], e["name"]


@dataclass(frozen=True)
class Page:
    """Where a page is: its source file under docs/ and the folder of its URL, both posix and relative."""

    src: str  # "sec/deep/page.md"
    url_dir: str  # "sec/deep/page" (directory URLs) or "sec/deep" (page.html); "" at the site's root

    @classmethod
    def at(cls, src: str, url: str) -> "Page":
        """The page from its source path and its URL relative to the site ("sec/page/", "sec/page.html", "")."""
        return cls(src, url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url))

    def bases(self, generated: str) -> tuple[str, str]:
        """(from the page's URL, from its source file) to the ``generated`` folder (relative to docs/)."""
        return (posixpath.relpath(generated, self.url_dir or "."),
                posixpath.relpath(generated, posixpath.dirname(self.src) or "."))


@dataclass
class Host:
    """What the generator tells about the page being rendered, and how a problem is reported."""

    page: Page
    root: Path  # the project root (the folder of the generator's config)
    docs_dir: Path
    nav: list  # (title or None, source path) of the pages in the nav, in order
    strict: bool  # raise EmbedError after the page, else only warn
    logger: str  # where warnings go
    rewrites_raw_html: bool = False  # the generator rewrites raw HTML's src/href as links from the source file


def _nav_pages(nav) -> list[tuple[str | None, str]]:
    """(title or None, src) of every Markdown page of a nav: MkDocs' config (str or {title: str|list}) or
    Zensical's ({"title", "url", "children"})."""
    out = []
    for item in nav or []:
        if isinstance(item, str):
            out.append((None, item))
        elif isinstance(item, dict) and "children" in item:  # Zensical's converted nav
            if item.get("url"):
                out.append((item.get("title"), item["url"]))
            out += _nav_pages(item["children"])
        elif isinstance(item, dict):
            for title, value in item.items():
                out += [(title, value)] if isinstance(value, str) else _nav_pages(value)
    return [(t, p) for t, p in out if p.endswith(".md") and "://" not in p]


def _host(md, options: dict) -> Host:
    """The page and project as MkDocs, Zensical or this extension's settings give them."""
    strict = options["strict"]
    if "relpath" in md.treeprocessors:  # MkDocs registers it for every page, before converting
        relpath = md.treeprocessors["relpath"]
        config, file = relpath.config, relpath.file
        page = Page(file.src_uri, posixpath.dirname(file.dest_uri))
        return Host(page, Path(config.config_file_path).resolve().parent, Path(config.docs_dir).resolve(),
                    _nav_pages(config.nav), bool(strict), MKDOCS_LOGGER)
    if "rendering_context" in md.preprocessors:  # Zensical's context of the page
        context = md.preprocessors["rendering_context"]
        root = Path(context.config["root_dir"]).resolve()
        strict = context.config.get("strict", False) if strict is None else strict
        return Host(Page.at(context.page.path, context.page.url), root, root / context.config["docs_dir"],
                    _nav_pages(context.config.get("nav")), bool(strict), "docfigs", rewrites_raw_html=True)
    root = Path(options["root"]).resolve() if options["root"] else find_root()
    project = Project.at(root)
    return Host(Page.at(options["page_src"], options["page_url"]), root, project.docs_dir, [], bool(strict),
                "docfigs")


_manifests: dict[Path, tuple[tuple, Manifest]] = {}  # kept across pages: read again when the file changes


def _manifest(project: Project) -> Manifest:
    path = project.manifest_path
    try:
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        signature = None
    cached = _manifests.get(path)
    if cached is None or cached[0] != signature:
        cached = _manifests[path] = (signature, Manifest.load(path))
    return cached[1]


@dataclass
class EmbedContext:
    """What a project's embed function (``[tool.docfigs.embeds]``) gets; it returns the Markdown to embed."""

    name: str  # "attnlab:talks"
    project: Project
    manifest: Manifest
    page: Page
    generated: str  # docs/generated/ relative to docs/, posix
    html_base: str  # to docs/generated/ in raw HTML src/href (from the page's URL, or its source under Zensical)
    md_base: str  # from the page's source file to docs/generated/ (for Markdown links)
    url_base: str  # from the page's URL to docs/generated/ (for attributes no generator rewrites: data-poster)
    nav: list  # (title or None, source path) of the nav's pages, in order
    warn: Callable[[str], None]  # report a problem (the page and line are added)
    _figures: dict | None = field(default=None, repr=False)

    def figures(self) -> dict:
        """The project's figures by name (``docfigs.figures.discover``)."""
        if self._figures is None:
            self._figures = discover(self.project)
        return self._figures


class EmbedPreprocessor(Preprocessor):
    """Replaces each ``![[name]]`` line by what it names; reports what it cannot embed."""

    def __init__(self, md, options: dict):
        super().__init__(md)
        self.options = options

    def run(self, lines: list[str]) -> list[str]:
        embeds = {lineno: (indent, name) for lineno, indent, name in embed_lines(lines)}
        if not embeds:
            return lines
        host = _host(self.md, self.options)
        project = Project.at(host.root, host.docs_dir)
        try:
            generated = project.generated_dir.relative_to(project.docs_dir).as_posix()
        except ValueError:
            raise EmbedError(f"{project.generated_dir} must be inside the docs folder {project.docs_dir}") from None
        url_base, md_base = host.page.bases(generated)
        html_base = md_base if host.rewrites_raw_html else url_base
        manifest = _manifest(project)
        problems, out = [], []
        for lineno, line in enumerate(lines, 1):
            if lineno not in embeds:
                out.append(line)
                continue
            indent, name = embeds[lineno]
            where = f"Doc file '{host.page.src}', line {lineno}"
            context = EmbedContext(name, project, manifest, host.page, generated, html_base, md_base, url_base,
                                   host.nav, lambda message, where=where: problems.append(f"{where}: {message}"))
            text = _embed_project(context) if name in project.embeds else _embed_figure(context)
            out += ("\n" + indented(text, indent)).split("\n")
        if problems and host.strict:
            raise EmbedError("\n".join(problems))
        for problem in problems:
            logging.getLogger(host.logger).warning(problem)
        return out


def _placeholder(text: str) -> str:
    return f'<p class="attn-figure-missing">{html.escape(text)}</p>\n'


def _embed_figure(context: EmbedContext) -> str:
    name, entry = context.name, context.manifest.get(context.name)
    if not entry:
        figures = context.figures()
        if name in figures:
            context.warn(f"figure '{name}' has no rendered outputs (run `docfigs build {name}`)")
            return _placeholder(f"Figure {name} is not rendered")
        hint = closest(name, [*figures, *context.project.embeds])
        context.warn(f"unknown {'embed' if ':' in name else 'figure'} '{name}' in '![[{name}]]'"
                     + (f"; closest: {', '.join(hint)}" if hint else "; no figure or embed has a similar name"))
        return _placeholder(f"Unknown figure: {name}")
    try:
        fragment = (context.project.output_dir(name) / entry["fragment"]).read_text(encoding="utf-8")
    except (OSError, KeyError) as exc:
        context.warn(f"figure '{name}': cannot read its fragment: {exc}")
        return _placeholder(f"Figure {name} is not rendered")
    return resolve(fragment, context.html_base, context.md_base, context.url_base)


def _embed_project(context: EmbedContext) -> str:
    spec = context.project.embeds[context.name]
    module_name, function_name = spec.split(":")
    where = (f"{context.project.root / 'pyproject.toml'}: [tool.docfigs.embeds] \"{context.name}\" = \"{spec}\"")
    src = str(context.project.src_dir)
    if context.project.src_dir.is_dir() and src not in sys.path:  # the project's modules, as the workers see them
        sys.path.insert(0, src)
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise EmbedError(f"{where}: cannot load {function_name} from {module_name}: {exc}") from None
    text = function(context)
    if not isinstance(text, str):
        raise EmbedError(f"{where}: returned {type(text).__name__}, expected the Markdown text (str)")
    return text


class DocfigsExtension(Extension):
    """``![[name]]`` lines become figures (see the module's docstring for the settings)."""

    def __init__(self, **kwargs):
        self.config = {
            "stamp": ["", "changes when the figures change, so a generator that caches pages renders them again"],
            "strict": [None, "raise after a page with problems (default: Zensical's strict; MkDocs counts warnings)"],
            "root": ["", "the project root, for a consumer other than MkDocs or Zensical (default: found from cwd)"],
            "page_src": ["", "the page's source path under docs/, for a consumer other than MkDocs or Zensical"],
            "page_url": ["", "the page's URL relative to the site, for a consumer other than MkDocs or Zensical"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(EmbedPreprocessor(md, self.getConfigs()), "docfigs_embed", PRIORITY)


def makeExtension(**kwargs):
    return DocfigsExtension(**kwargs)


__all__ = ["DocfigsExtension", "EmbedContext", "EmbedError", "Page", "embed_lines", "makeExtension"]
