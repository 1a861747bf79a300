"""The Markdown extension (docfigs.markdown) on a tiny site: after `docfigs build`, `mkdocs build --strict` embeds
each figure with links for the page's depth, keeps the engine's files out of site/, runs the project's embeds, and
fails on an unknown name or a figure not rendered (naming the page, the line and the closest names). The same
extension in plain Python-Markdown, and with the page context Zensical gives (measured on zensical 0.0.73); the
MkDocs hook renders only while serving."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from markdown.preprocessors import Preprocessor
from mkdocs.config import load_config

from docfigs.fragment import HTML_BASE, MD_BASE, resolve
from docfigs.markdown import DocfigsExtension, EmbedError

HOOK = Path(__file__).resolve().parents[1] / "src" / "docfigs" / "mkdocs_hook.py"
HEAVY = ("torch", "matplotlib", "manim", "manim_slides", "numpy")

PYPROJECT = """[project]
name = "fixture"

[tool.docfigs.embeds]
"fixture:count" = "fixtureembeds:count"
"""

EMBEDS = '''"""The fixture's embed: how many figures, how many nav pages, and a Markdown link into docs/generated/."""


def count(context):
    if not context.nav:
        context.warn("the nav is empty")
    return (f"{len(context.figures())} figure(s), {len(context.nav)} nav page(s): "
            f"[bars PNG]({context.md_base}/bars/bars.light.png)\\n")
'''

CONFIG = """site_name: Fixture
use_directory_urls: {urls}
theme: mkdocs
markdown_extensions:
  - pymdownx.details
  - pymdownx.superfences
  - docfigs.markdown
nav:
  - index.md
  - sec/deep/page.md
exclude_docs: |
  generated/manifest.json
  generated/report.json
  generated/*/*.fragment.md
"""


def _mkdocs(root):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          env=os.environ | {"DOCFIGS_QUALITY": "draft"}, capture_output=True, text=True, timeout=300)


@pytest.fixture
def site(make_project, still):
    proj = make_project({
        "snippets/basics/bars.py": still("Bars.", "Three bars."),
        "src/fixtureembeds.py": EMBEDS,
        "docs/index.md": "# Home\n\nText right above.\n![[bars]]\n\n```markdown\n![[bars]]\n```\n",
        "docs/sec/deep/page.md": "# Deep\n\n![[bars]]\n\n  ![[fixture:count]]\n",
    })
    proj.write("pyproject.toml", PYPROJECT)
    proj.write("mkdocs.yml", CONFIG.format(urls="true"))
    assert proj.statuses(proj.build()) == {"bars": "rendered"}
    return proj


def test_site_embeds_figures_with_links_for_each_page_depth(site):
    proc = _mkdocs(site.root)
    assert proc.returncode == 0, proc.stderr
    out = site.root / "site"
    page = (out / "sec/deep/page/index.html").read_text()
    assert '<figure class="attn-figure attn-figure-still" id="figure-bars">' in page
    assert 'src="../../../generated/bars/bars.light.svg#only-light"' in page  # raw HTML: from the page URL
    assert 'src="../../../generated/bars/bars.dark.svg#only-dark"' in page
    assert 'alt="Bars."' in page  # no ALT string: the title, not title + caption (read out again)
    assert '<a href="../../../generated/bars/bars.dark.png">PNG dark</a>' in page  # Markdown link, rewritten
    assert "<details" in page and "Source: snippets/basics/bars.py" in page
    assert (out / "sec/deep/page" / "../../../generated/bars/bars.light.svg").resolve().is_file()
    # the project's embed, indented like its line: its Markdown link checked and rewritten by MkDocs
    assert '1 figure(s), 2 nav page(s): <a href="../../../generated/bars/bars.light.png">bars PNG</a>' in page

    home = (out / "index.html").read_text()
    assert 'src="generated/bars/bars.light.svg#only-light"' in home
    assert "<p>Text right above.</p>" in home
    assert "![[bars]]" in home  # inside fenced code: shown, not embedded
    shipped = sorted(p.relative_to(out / "generated").as_posix() for p in (out / "generated").rglob("*") if p.is_file())
    assert shipped == ["bars/bars.dark.png", "bars/bars.dark.svg", "bars/bars.light.png", "bars/bars.light.svg"]

    # the same site without directory URLs: the page lives at sec/deep/page.html
    site.write("mkdocs.yml", CONFIG.format(urls="false"))
    proc = _mkdocs(site.root)
    assert proc.returncode == 0, proc.stderr
    page = (out / "sec/deep/page.html").read_text()
    assert 'src="../../generated/bars/bars.light.svg#only-light"' in page
    assert '<a href="../../generated/bars/bars.dark.png">PNG dark</a>' in page


def test_site_build_renders_nothing_and_imports_nothing_heavy(site):
    site.append("snippets/basics/bars.py")  # stale now: the site build embeds the last render anyway
    before = site.manifest()
    probe = (
        "import json, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config('mkdocs.yml', strict=True))\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], cwd=site.root, capture_output=True, text=True,
                          env=os.environ | {"DOCFIGS_QUALITY": "draft"}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
    assert site.manifest() == before
    assert 'src="generated/bars/bars.light.svg#only-light"' in (site.root / "site/index.html").read_text()


def test_unknown_names_fail_strict_build_naming_page_line_and_closest(site):
    site.write("docs/sec/deep/page.md", "# Deep\n\nSee:\n\n![[bras]]\n\n![[fixture:cuont]]\n")
    proc = _mkdocs(site.root)
    assert proc.returncode != 0
    assert "Doc file 'sec/deep/page.md', line 5: unknown figure 'bras' in '![[bras]]'; closest: bars" in proc.stderr
    assert "line 7: unknown embed 'fixture:cuont' in '![[fixture:cuont]]'; closest: fixture:count" in proc.stderr


def test_a_figure_not_rendered_fails_strict_build(site, still):
    site.write("snippets/basics/cols.py", still("Columns."))
    site.write("docs/index.md", "# Home\n\n![[cols]]\n")
    proc = _mkdocs(site.root)
    assert proc.returncode != 0
    assert ("Doc file 'index.md', line 3: figure 'cols' has no rendered outputs (run `docfigs build cols`)"
            in proc.stderr)


def test_plain_python_markdown_embeds_for_the_page_it_is_told(site):
    md = markdown.Markdown(extensions=[DocfigsExtension(root=str(site.root), page_src="sec/deep/page.md",
                                                        page_url="sec/deep/page/")])
    html = md.convert("Before.\n\n![[bars]]\n")
    assert 'src="../../../generated/bars/bars.light.svg#only-light"' in html
    assert 'href="../../generated/bars/bars.dark.png"' in html  # a Markdown link: from the source, as written
    strict = markdown.Markdown(extensions=[DocfigsExtension(root=str(site.root), strict=True)])
    with pytest.raises(EmbedError, match=r"Doc file '', line 1: unknown figure 'bras'.*closest: bars"):
        strict.convert("![[bras]]\n")


class _ZensicalContext(Preprocessor):
    """What Zensical 0.0.73 registers for each page (zensical.extensions.context): ``page`` and ``config``."""

    def __init__(self, md, page_path, page_url, config):
        super().__init__(md)
        self.page = type("Page", (), {"path": page_path, "url": page_url})()
        self.config = config

    def run(self, lines):
        return lines


def _zensical_markdown(root, config):
    md = markdown.Markdown(extensions=[DocfigsExtension()])
    md.preprocessors.register(_ZensicalContext(md, "sec/deep/page.md", "sec/deep/page/", config),
                              "rendering_context", 0)
    return md


def test_under_zensical_raw_html_is_given_from_the_source_and_strict_raises(site):
    nav = [{"title": "Home", "url": "index.md", "children": []},  # Zensical's converted nav
           {"title": "Sec", "url": None, "children": [{"title": "Deep", "url": "sec/deep/page.md", "children": []}]}]
    config = {"root_dir": str(site.root), "docs_dir": "docs", "strict": True, "nav": nav}
    html = _zensical_markdown(site.root, config).convert("![[bars]]\n\n![[fixture:count]]\n")
    assert 'src="../../generated/bars/bars.light.svg#only-light"' in html  # Zensical rewrites it from the source
    assert "1 figure(s), 2 nav page(s)" in html
    with pytest.raises(EmbedError, match=r"Doc file 'sec/deep/page.md', line 3: unknown figure 'bras'"):
        _zensical_markdown(site.root, config).convert("Text.\n\n![[bras]]\n")


def test_resolve_gives_data_poster_the_path_from_the_url():
    fragment = (f'<video data-poster="{HTML_BASE}/a/a.poster.png"><source src="{HTML_BASE}/a/a.webm"></video>\n'
                f"[MP4]({MD_BASE}/a/a.mp4)\n")
    assert resolve(fragment, "../src", "../md", "../../url") == (
        '<video data-poster="../../url/a/a.poster.png"><source src="../src/a/a.webm"></video>\n[MP4](../md/a/a.mp4)\n')
    assert resolve(fragment, "up/", "", None).startswith('<video data-poster="up/a/a.poster.png"><source src="up/a')


def test_the_hook_renders_what_is_stale_only_while_serving(site):
    spec = importlib.util.spec_from_file_location("docfigs_hook_under_test", HOOK)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(site.root / "mkdocs.yml"))
    site.append("snippets/basics/bars.py")
    before = site.manifest()["bars"]["key"]
    hook.on_startup("build", dirty=False)
    hook.on_pre_build(config)
    assert site.manifest()["bars"]["key"] == before  # `mkdocs build`: nothing rendered
    hook.on_startup("serve", dirty=False)
    hook.on_pre_build(config)
    assert site.manifest()["bars"]["key"] != before  # `mkdocs serve`: the edit re-rendered
    watched = []
    hook.on_serve(type("Server", (), {"watch": lambda self, path: watched.append(path)})(), config, None)
    assert watched == [str(site.root / "snippets"), str(site.root / "src")]  # no diagrams/ in this project
