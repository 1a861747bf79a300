"""The embed fragment of a figure: a Markdown file the Markdown extension (``docfigs.markdown``) pastes in place
of a ``![[name]]`` line.

It holds raw HTML for the picture (``<figure>`` with light and dark ``<img>`` or ``<video>``; a video's poster
is in ``data-poster``, which the site's ``docs/javascripts/posters.js`` makes its ``poster`` once the video is
near the screen and shown in the current colour scheme), a Markdown paragraph of download links, and a
collapsed pymdownx.details block with the figure's source. The title and caption are inline Markdown
(```code```, ``*emphasis*``, ``$math$``), turned into HTML here (``markup``); the site's KaTeX typesets the math.
Links use two placeholders the extension replaces for the page (``resolve``):

* ``HTML_BASE`` in raw HTML (``src``, ``data-poster``): under MkDocs, which does not rewrite raw HTML, the path
  from the page's URL to ``docs/generated/``; under Zensical, which rewrites ``src`` as it does Markdown links, the
  path from the page's source file (``data-poster`` keeps the path from the URL: no generator rewrites it);
* ``MD_BASE`` in Markdown links: the path from the page's source file to ``docs/generated/`` (the generator
  rewrites those to URLs and checks they exist).
"""

import html
from functools import cache

from . import settings

HTML_BASE = "@@DOCFIGS_HTML_BASE@@"
MD_BASE = "@@DOCFIGS_MD_BASE@@"

# CSS classes the site styles (docs/stylesheets/attnlab.css)
CLASS_FIGURE = "attn-figure"
CLASS_ONLY_LIGHT = "attn-only-light"  # video shown in the light scheme only
CLASS_ONLY_DARK = "attn-only-dark"  # video shown in the dark scheme only


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


@cache
def _inline_markdown():
    import markdown  # only when a figure is rendered: the no-op build never needs it

    md = markdown.Markdown(extensions=["pymdownx.arithmatex"],
                           extension_configs={"pymdownx.arithmatex": {"generic": True}})
    for raw_html_or_image in ("html_block", "html", "image_link", "image_reference", "short_image_ref"):
        (md.preprocessors if raw_html_or_image == "html_block" else md.inlinePatterns).deregister(raw_html_or_image)
    return md


def markup(text: str) -> str:
    """Inline Markdown (a title or caption) as HTML: ```code```, ``*emphasis*``, ``$math$`` (as
    pymdownx.arithmatex writes it for the site's KaTeX). Raw HTML in the text is shown as text."""
    converted = _inline_markdown().reset().convert(text)
    return converted.removeprefix("<p>").removesuffix("</p>")


def _caption(figure) -> str:
    title = f'<span class="attn-figure-title">{markup(figure.title)}</span>'
    return f"<figcaption>{title} {markup(figure.caption)}</figcaption>" if figure.caption else \
        f"<figcaption>{title}</figcaption>"


def _downloads(links) -> str:
    items = " · ".join(f"[{label}]({MD_BASE}/{path})" for label, path in links)
    return f'<span class="attn-downloads">Download:</span> {items}'


def source_block(figure, source_text: str) -> str:
    """A collapsed pymdownx.details block with the figure's file, exactly, in a fenced python block."""
    longest = 0
    for line in source_text.splitlines():
        stripped = line.lstrip()
        run = len(stripped) - len(stripped.lstrip("`"))
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    body = "\n".join(("    " + line) if line else "" for line in source_text.splitlines())
    return f'??? example "Source: {figure.source}"\n\n    {fence}python\n{body}\n    {fence}\n'


def still_fragment(figure, source_text: str, width: int | None, height: int | None) -> str:
    n = figure.name
    size = f' width="{width}" height="{height}"' if width and height else ""
    alt = _esc(figure.alt)
    imgs = [
        f'<img class="attn-figure-img" src="{HTML_BASE}/{n}/{settings.still_outputs(n, theme)["svg"]}#only-{theme}" '
        f'alt="{alt}"{size} loading="lazy" decoding="async">'
        for theme in settings.SITE_THEMES
    ]
    links = [(f"{fmt.upper()} {theme}", f"{n}/{settings.still_outputs(n, theme)[fmt]}")
             for fmt in ("svg", "png") for theme in settings.SITE_THEMES]
    return _figure("still", figure, imgs, links, source_text)


def animation_fragment(figure, source_text: str, width: int, height: int) -> str:
    n = figure.name
    alt = _esc(figure.alt)
    videos = []
    for theme in settings.SITE_THEMES:
        out = settings.animation_outputs(n, theme)
        cls = CLASS_ONLY_LIGHT if theme == "light" else CLASS_ONLY_DARK
        videos += [
            f'<video class="attn-video {cls}" data-poster="{HTML_BASE}/{n}/{out["poster"]}" width="{width}" '
            f'height="{height}" preload="none" muted loop controls playsinline aria-label="{alt}">',
            f'<source src="{HTML_BASE}/{n}/{out["webm"]}" type="video/webm; codecs=vp9">',
            f'<source src="{HTML_BASE}/{n}/{out["mp4"]}" type="video/mp4">',
            f'<img class="attn-poster" src="{HTML_BASE}/{n}/{out["poster"]}" alt="{alt}" loading="lazy">',
            "</video>",
        ]
    links = [(f"{label} {theme}", f"{n}/{settings.animation_outputs(n, theme)[key]}")
             for key, label in (("mp4", "MP4"), ("webm", "WebM"), ("poster", "PNG")) for theme in settings.SITE_THEMES]
    return _figure("animation", figure, videos, links, source_text)


def _figure(kind: str, figure, media: list, links, source_text: str) -> str:
    """The <figure> holding ``media`` and the caption, then the download links and the source block."""
    return "\n".join([
        f'<figure class="{CLASS_FIGURE} attn-figure-{kind}" id="figure-{figure.name}">',
        *media,
        _caption(figure),
        "</figure>",
        "",
        _downloads(links),
        "",
        source_block(figure, source_text),
    ])


def resolve(fragment: str, html_base: str, md_base: str, url_base: str | None = None) -> str:
    """The fragment with its links made relative for one page: ``html_base`` in raw HTML, ``md_base`` in Markdown
    links, ``url_base`` (default ``html_base``) in ``data-poster``, which no generator rewrites (Zensical rewrites
    raw HTML's ``src`` as it does Markdown links, so there ``html_base`` is ``md_base``; MkDocs leaves raw HTML alone).
    """
    poster = f'data-poster="{HTML_BASE}'
    text = fragment.replace(poster, f'data-poster="{_base(url_base if url_base is not None else html_base)}')
    return text.replace(HTML_BASE, _base(html_base)).replace(MD_BASE, _base(md_base))


def _base(base: str) -> str:
    return base.rstrip("/") or "."


def indented(text: str, indent: str) -> str:
    """``text`` indented like the ``![[name]]`` line it replaces (blank lines stay empty), ending in one newline."""
    if indent:
        text = "\n".join((indent + line) if line else "" for line in text.splitlines())
    return text.rstrip("\n") + "\n"
