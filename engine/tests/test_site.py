"""The MkDocs hook on a tiny site: figures rendered before collection, embedded with page-relative links,
kept private files out of site/, and `mkdocs build --strict` failing on an unknown or broken figure."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOOK = REPO / "src" / "attnlab" / "mkdocs_hook.py"
HEAVY = ("torch", "matplotlib", "manim", "manim_slides", "numpy")

CONFIG = f"""site_name: Fixture
use_directory_urls: {{urls}}
theme: mkdocs
hooks:
  - {HOOK}
markdown_extensions:
  - pymdownx.details
  - pymdownx.superfences
nav:
  - index.md
  - sec/deep/page.md
"""


def _mkdocs(root, *args):
    env = os.environ | {"DOCFIGS_QUALITY": "draft"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def site(make_project, still):
    proj = make_project({
        "snippets/basics/bars.py": still("Bars.", "Three bars."),
        "docs/index.md": "# Home\n\nText right above.\n![[bars]]\n\n```markdown\n![[bars]]\n```\n",
        "docs/sec/deep/page.md": "# Deep\n\n![[bars]]\n",
    })
    proj.write("mkdocs.yml", CONFIG.format(urls="true"))
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
    page_dir = out / "sec/deep/page"
    assert (page_dir / "../../../generated/bars/bars.light.svg").resolve().is_file()

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


def test_noop_site_build_imports_nothing_heavy(site):
    assert _mkdocs(site.root).returncode == 0
    probe = (
        "import json, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config('mkdocs.yml', strict=True))\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], cwd=site.root, capture_output=True, text=True,
                          env=os.environ | {"DOCFIGS_QUALITY": "draft"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_unknown_figure_fails_strict_build_naming_page_and_figure(site):
    site.write("docs/sec/deep/page.md", "# Deep\n\nSee:\n\n![[bras]]\n")
    proc = _mkdocs(site.root)
    assert proc.returncode != 0
    assert "Doc file 'sec/deep/page.md', line 5: unknown figure 'bras'" in proc.stderr
    assert "closest: bars" in proc.stderr


def test_failing_figure_fails_the_site_build(site):
    site.write("snippets/basics/bars.py", site.root.joinpath("snippets/basics/bars.py").read_text()
               .replace("return [1, 3, 2]", "return undefined_name"))
    proc = _mkdocs(site.root)
    assert proc.returncode != 0
    assert "figure 'bars' failed: snippets/basics/bars.py, line 9, in data: NameError" in proc.stderr
