"""Where things are: the project root (the folder holding mkdocs.yml or pyproject.toml) and the paths under it."""

import os
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .errors import ProjectError

ROOT_MARKERS = ("mkdocs.yml", "pyproject.toml")


def find_root(start=None) -> Path:
    """The nearest folder, from ``start`` (default: cwd) upward, that holds mkdocs.yml or pyproject.toml."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).is_file() for marker in ROOT_MARKERS):
            return folder
    raise ProjectError(f"no project root (a folder with {' or '.join(ROOT_MARKERS)}) at or above {here}")


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path

    @classmethod
    def at(cls, root=None, docs_dir=None) -> "Project":
        """The project at ``root`` (default: found upward from cwd); docs in ``docs_dir`` (default root/docs)."""
        root = Path(root).resolve() if root is not None else find_root()
        if not root.is_dir():
            raise ProjectError(f"project root {root} is not a folder")
        docs = Path(docs_dir).resolve() if docs_dir is not None else root / "docs"
        return cls(root=root, docs_dir=docs)

    @property
    def snippets_dir(self) -> Path:
        return self.root / "snippets"

    @property
    def diagrams_dir(self) -> Path:
        return self.root / "diagrams"

    @property
    def src_dir(self) -> Path:
        return self.root / "src"

    @property
    def generated_dir(self) -> Path:
        return self.docs_dir / "generated"

    @property
    def manifest_path(self) -> Path:
        return self.generated_dir / settings.MANIFEST_NAME

    @property
    def report_path(self) -> Path:
        return self.generated_dir / settings.REPORT_NAME

    @property
    def lock_path(self) -> Path:
        # outside docs/ so that taking the lock never wakes `mkdocs serve`
        return self.root / ".cache" / "attnlab" / "build.lock"

    def output_dir(self, name: str) -> Path:
        return self.generated_dir / name

    def theme_file(self) -> Path:
        """The theme module figures are drawn with: the project's own src/attnlab/theme.py, else the installed one."""
        own = self.src_dir / "attnlab" / "theme.py"
        if own.is_file():
            return own
        return Path(__file__).resolve().parents[1] / "theme.py"

    def label(self, path: Path) -> str:
        """A stable name for ``path`` in cache keys and messages: relative to the root when inside it."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return f"<outside>/{path.parent.name}/{path.name}"
