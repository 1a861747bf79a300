"""The built sites, shared by the site tests: the figures rendered once per session (``attnlab build``), then one
strict build of docs/ by each generator, MkDocs (into a temporary folder) and Zensical (into site-zensical/, the
folder `make site-zensical` fills: Zensical builds only inside the project), each served on loopback. Every test
that takes ``built_site``, ``site_url`` or ``page_url`` runs once per site."""

import functools
import hashlib
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from .course import ROOT, nav_files, url_path

GENERATORS = ("mkdocs", "zensical")
ZENSICAL_FILES = ("zensical.yml", "docs/vendor/glightbox/glightbox.min.js")  # the Makefile's ZENSICAL_FILES


@dataclass(frozen=True)
class BuiltSite:
    generator: str
    folder: Path
    log: str  # what the build printed
    paths: dict  # a page's URL path under MkDocs (course.PAGES) -> its URL path on this site

    def path(self, page: str) -> str:
        return self.paths.get(page, page)


def _run(args, env=None) -> str:
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def rendered_figures():
    """What is stale rendered into docs/generated/ (at $DOCFIGS_QUALITY), as `make site` does before the site."""
    _run([sys.executable, "-m", "attnlab.cli", "build"])


def _mkdocs(tmp_path_factory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("site")
    log = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)])
    return BuiltSite("mkdocs", folder, log, {})


def _zensical() -> BuiltSite:
    _run(["make", "--no-print-directory", "--silent", *ZENSICAL_FILES])
    stamp = hashlib.sha256((ROOT / "docs/generated/manifest.json").read_bytes()).hexdigest()[:16]
    log = _run([sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.yml"], {"DOCFIGS_STAMP": stamp})
    mkdocs_pages, own_pages = nav_files("mkdocs.yml"), nav_files("zensical.yml")
    assert len(mkdocs_pages) == len(own_pages), "zensical.yml's nav must list the pages of mkdocs.yml's"
    paths = {url_path(a): url_path(b) for a, b in zip(mkdocs_pages, own_pages, strict=True) if a != b}
    return BuiltSite("zensical", ROOT / "site-zensical", log, paths)


@pytest.fixture(scope="session", params=GENERATORS)
def built_site(request, rendered_figures, tmp_path_factory) -> BuiltSite:
    """The site built by one generator with ``--strict``, once per session and generator."""
    return _mkdocs(tmp_path_factory) if request.param == "mkdocs" else _zensical()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served by a quiet HTTP server on 127.0.0.1 (a free port)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built_site.folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def page_url(built_site, site_url):
    """page_url(path) -> the URL of a page (a URL path of course.PAGES) on the site being tested."""
    return lambda page: site_url + built_site.path(page)
