"""The site's pages as the tests see them: where the docs are, and the nav's pages in order."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def nav_files(config_file="mkdocs.yml"):
    """Every page in a generator's nav (Markdown and notebooks), in nav order, as paths relative to docs/."""
    config = yaml.load((ROOT / config_file).read_text(), Loader=yaml.BaseLoader)

    def walk(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from walk(value) if isinstance(value, list) else [value]

    return list(walk(config["nav"]))


def url_path(file):
    """The URL path of a page (relative to docs/) under use_directory_urls: "" for the home page."""
    stem = str(file).rsplit(".", 1)[0]  # page.md, notebook.ipynb
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


PAGES = [url_path(file) for file in nav_files()]
