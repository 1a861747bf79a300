"""Helpers for the figure tests: load a snippet or scene file by its figure name."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))
DIAGRAMS = sorted((ROOT / "diagrams").rglob("*.py"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def snippet():
    """snippet(name) -> the loaded module of snippets/**/name.py"""

    def by_name(name):
        (path,) = [p for p in SNIPPETS if p.stem == name]
        return load(path)

    return by_name
