"""The Talks page's table of scenes: a line holding only ``![[attnlab:talks]]`` in a page (docs/talks.md)
becomes a table of every scene with its poster, length, number of beats and links to its site renders, and the
one-line command that exports each scene for a talk. pyproject.toml names ``embed`` for it
(``[tool.docfigs.embeds]``), and the Markdown extension ``docfigs.markdown`` calls it for the page.

Nothing in it is typed in: length and beats are what the engine's render of the scene reported (the worker
counts the slides manim-slides makes of the scene and probes the MP4 it wrote; the manifest records them under
``meta``), titles come from the scenes' docstrings, and the page each scene appears on from the pages'
``![[name]]`` lines. Standard library only, besides the engine.
"""

import html
import posixpath
import re
from pathlib import Path

from docfigs import settings
from docfigs.markdown import embed_lines
from docfigs.progress import length

EXPORT_FORMAT = "html"  # the command shown for each scene (the text names the other formats)
_POSTER_WIDTH = 200  # CSS pixels

_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$")


def embed(context) -> str:
    """``![[attnlab:talks]]``: the table for the page ``context`` (a ``docfigs.markdown.EmbedContext``) names,
    from the manifest; a scene without its render's facts is reported through ``context.warn``."""
    text, problems = table(context.figures(), context.manifest, html_base=context.html_base,
                           md_base=context.md_base, page_src=context.page.src,
                           pages=scene_pages(context.project.docs_dir, context.nav, skip=[context.generated]))
    for problem in problems:
        context.warn(problem)
    return text


def embedded_names(markdown: str) -> list[str]:
    """The names a page embeds with ``![[name]]`` lines, in order (lines inside fenced code do not count)."""
    return [name for _, _, name in embed_lines(markdown.splitlines())]


def scene_pages(docs_dir, nav_pages, skip=()) -> dict[str, tuple[str, str]]:
    """name -> (page title, page src path) of the first page, in nav order, that embeds the figure.

    ``nav_pages``: (title or None, src path) of the nav's pages, in order. Pages not in the nav come after, in
    path order; folders in ``skip`` (relative to docs_dir) are not read.
    """
    docs = Path(docs_dir)
    titles = {p: t for t, p in nav_pages}
    in_nav = [p for _, p in nav_pages]
    others = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                    if not any(p.relative_to(docs).as_posix().startswith(s.rstrip("/") + "/") for s in skip))
    found: dict[str, tuple[str, str]] = {}
    for src in dict.fromkeys(in_nav + others):
        try:
            text = (docs / src).read_text(encoding="utf-8")
        except OSError:
            continue
        title = titles.get(src)
        if title is None:
            h1 = next((m["title"] for m in map(_H1.match, text.splitlines()) if m), None)
            title = h1 or posixpath.splitext(posixpath.basename(src))[0]
        for name in embedded_names(text):
            found.setdefault(name, (title, src))
    return found


def _md(text: str) -> str:
    """Plain text made safe inside a Markdown table cell."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _markdown_in_cell(markdown: str) -> str:
    """Inline Markdown (a figure's title: `code`, $math$) made safe inside a table cell."""
    return markdown.replace("|", r"\|")


def table(figures: dict, manifest, *, html_base: str, md_base: str, pages: dict,
          page_src: str) -> tuple[str, list[str]]:
    """The Markdown table of every scene, and the problems to report (a scene not rendered, no beat count).

    ``figures``: the engine's figures by name (stills are skipped); ``manifest``: the engine's Manifest;
    ``html_base``/``md_base``: docs/generated/ for raw HTML ``src`` and for Markdown links (``EmbedContext``);
    ``pages``: ``scene_pages``; ``page_src``: the Talks page's source path.
    """
    scenes = [f for f in figures.values() if f.kind == "animation"]
    rank = {name: i for i, name in enumerate(pages)}  # reading order: pages in nav order, embeds in page order
    scenes.sort(key=lambda f: (f.name not in rank, rank.get(f.name, 0), f.section, f.name))
    problems = []
    rows = ["| Poster | Scene | Length | Beats | Site renders |", "| :-: | :-- | --: | --: | :-- |"]
    total = 0.0
    for fig in scenes:
        n = fig.name
        entry = manifest.get(n) or {}
        meta = entry.get("meta") or {}
        where = ""
        if n in pages:
            title, src = pages[n]
            rel = posixpath.relpath(src, posixpath.dirname(page_src) or ".")
            where = f"<br>on [{_md(title)}]({rel}#figure-{n})"
        scene = f"**{_markdown_in_cell(fig.title)}**<br>`{n}`{where}"
        if not entry.get("outputs"):
            problems.append(f"scene '{n}' is not rendered, so the Talks table has no poster, length or beats for it")
            rows.append(f"| | {scene} | not rendered | | |")
            continue
        if "beats" not in meta or meta.get("duration") is None:
            problems.append(f"scene '{n}': its render recorded no beat count or duration "
                            f"(run `attnlab build --force {n}`)")
        alt = html.escape(fig.alt, quote=True)
        posters = "".join(
            f'<img src="{html_base}/{n}/{settings.animation_outputs(n, theme)["poster"]}#only-{theme}" alt="{alt}" '
            f'width="{_POSTER_WIDTH}" style="min-width: {_POSTER_WIDTH * 2 // 3}px" loading="lazy" decoding="async">'
            for theme in settings.SITE_THEMES)
        downloads = "<br>".join(  # one line per format, never broken inside
            f"{label}:&nbsp;" + "&nbsp;·&nbsp;".join(
                f"[{theme}]({md_base}/{n}/{settings.animation_outputs(n, theme)[key]})"
                for theme in settings.SITE_THEMES)
            for key, label in (("mp4", "MP4"), ("webm", "WebM"), ("poster", "PNG")))
        total += meta.get("duration") or 0.0
        beats = meta.get("beats", "?")
        rows.append(f"| {posters} | {scene} | {length(meta.get('duration'))} | {beats} | {downloads} |")
    if not scenes:
        return "*No scenes yet: add one in `diagrams/<section>/<name>.py`.*\n", problems
    summary = (f"{len(scenes)} scene{'s' * (len(scenes) != 1)}, {length(total)} in all "
               f"(at the site's quality; a talk export has the same length).")
    commands = "\n".join(f"attnlab talk {f.name} --format {EXPORT_FORMAT}" for f in scenes)
    export = (f"To export a scene as an {EXPORT_FORMAT.upper()} deck (or put `pptx`, `mp4`, `webm`, `gif` "
              f"or `png` in place of `{EXPORT_FORMAT}`):")
    rows += ["", summary, "", export, "", "```bash", commands, "```"]
    return "\n".join(rows) + "\n", problems

