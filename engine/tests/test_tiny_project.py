"""The second tiny project (engine/tests/tiny/): `docfigs build` renders its still and its scene, then a plain
`mkdocs build --strict`, whose only link to docfigs is the Markdown extension, builds a page that embeds both."""

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

TINY = Path(__file__).resolve().with_name("tiny")
BUILD_OUTPUTS = ("site", "generated", ".cache", "__pycache__")  # left by a build run in the folder itself


class MediaLinks(HTMLParser):
    """The ``src`` of every <img> and <source>, and the ``data-poster`` of every <video>, in a page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "source") and attrs.get("src"):
            self.links.append((tag, attrs["src"]))
        if tag == "video" and attrs.get("data-poster"):
            self.links.append(("poster", attrs["data-poster"]))


def test_tiny_project_builds_its_figures_then_a_strict_mkdocs_site_that_embeds_them(tmp_path):
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root, ignore=shutil.ignore_patterns(*BUILD_OUTPUTS))
    env = os.environ | {"DOCFIGS_QUALITY": "draft"}
    built = subprocess.run([sys.executable, "-m", "docfigs.cli", "build", "--json", "-j1"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["totals"] == {"rendered": 2, "cached": 0, "failed": 0, "skipped": 0}

    site = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert site.returncode == 0, site.stderr
    assert "WARNING" not in site.stderr, site.stderr
    page = root / "site" / "index.html"
    html = page.read_text()
    assert "![[" not in html
    parser = MediaLinks()
    parser.feed(html)
    targets = {(tag, in_site(root / "site", page, src)) for tag, src in parser.links}
    for theme in ("light", "dark"):
        assert ("img", f"generated/bars/bars.{theme}.svg") in targets
        assert ("source", f"generated/grow/grow.{theme}.webm") in targets
        assert ("source", f"generated/grow/grow.{theme}.mp4") in targets
        assert ("poster", f"generated/grow/grow.{theme}.poster.png") in targets
    missing = [path for _, path in targets if not (root / "site" / path).is_file()]
    assert not missing, f"the page links to files the site does not have: {missing}"


def in_site(site: Path, page: Path, url: str) -> str:
    """The file under ``site`` that ``url`` (relative to ``page``, or from the site's root) points at, posix."""
    path = urlsplit(url).path
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    return target.resolve().relative_to(site.resolve()).as_posix()
