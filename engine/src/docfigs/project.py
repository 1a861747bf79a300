"""Where things are: the project root, its ``[tool.docfigs]`` settings, and the paths under it.

A project configures the engine in its own pyproject.toml (every key optional; these are the defaults)::

    [tool.docfigs]
    snippets = "snippets"   # still figures, one per file: data() and draw(data, theme)
    diagrams = "diagrams"   # scenes, one manim-slides Slide per file
    docs = "docs"           # pages; outputs go to <docs>/generated/
    src = "src"             # the project's own modules: followed for imports, first on the workers' path
    theme = ""              # a module exposing get(name) for the light, dark and talk themes; empty: docfigs.theme

    [tool.docfigs.embeds]   # ![[prefix:...]] names handled by a project function (see docfigs.markdown)
    "attnlab:talks" = "attnlab.talk_page:embed"
"""

import importlib.util
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .errors import ProjectError

ROOT_MARKERS = ("pyproject.toml", "mkdocs.yml")
DEFAULTS = {"snippets": "snippets", "diagrams": "diagrams", "docs": "docs", "src": "src", "theme": ""}
NEUTRAL_THEME = "docfigs.theme"


def find_root(start=None) -> Path:
    """The nearest folder, from ``start`` (default: cwd) upward, that holds pyproject.toml or mkdocs.yml."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).is_file() for marker in ROOT_MARKERS):
            return folder
    raise ProjectError(f"no project root (a folder with {' or '.join(ROOT_MARKERS)}) at or above {here}")


def read_config(root: Path) -> tuple[dict, str]:
    """(settings, project name) from ``root/pyproject.toml``: ``[tool.docfigs]`` over DEFAULTS, and
    ``[project].name`` (the name written into the outputs' metadata; "docfigs" when there is none)."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return dict(DEFAULTS, embeds={}), "docfigs"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(f"{path}: cannot read it as TOML: {exc}") from None
    table = data.get("tool", {}).get("docfigs", {})
    unknown = sorted(set(table) - set(DEFAULTS) - {"embeds"})
    if unknown:
        raise ProjectError(f"{path}: unknown key(s) in [tool.docfigs]: {', '.join(unknown)}; "
                           f"expected {', '.join([*DEFAULTS, 'embeds'])}")
    for key, value in table.items():
        expected = dict if key == "embeds" else str
        if not isinstance(value, expected):
            raise ProjectError(f"{path}: [tool.docfigs] {key} = {value!r}: expected a {expected.__name__}")
    embeds = table.get("embeds", {})
    bad = {k: v for k, v in embeds.items() if not (isinstance(v, str) and v.count(":") == 1)}
    if bad:
        raise ProjectError(f"{path}: [tool.docfigs.embeds] {bad}: expected \"prefix:name\" = \"module:function\"")
    name = data.get("project", {}).get("name") or "docfigs"
    return {**DEFAULTS, **{k: v for k, v in table.items() if k != "embeds"}, "embeds": dict(embeds)}, name


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    snippets_dir: Path
    diagrams_dir: Path
    src_dir: Path
    theme_module: str
    name: str = "docfigs"
    embeds: dict = field(default_factory=dict)

    @classmethod
    def at(cls, root=None, docs_dir=None) -> "Project":
        """The project at ``root`` (default: found upward from cwd), configured by its pyproject.toml;
        ``docs_dir`` overrides the configured docs folder (the MkDocs hook passes mkdocs.yml's)."""
        root = Path(root).resolve() if root is not None else find_root()
        if not root.is_dir():
            raise ProjectError(f"project root {root} is not a folder")
        config, name = read_config(root)
        docs = Path(docs_dir).resolve() if docs_dir is not None else root / config["docs"]
        return cls(root=root, docs_dir=docs, snippets_dir=root / config["snippets"],
                   diagrams_dir=root / config["diagrams"], src_dir=root / config["src"],
                   theme_module=config["theme"] or NEUTRAL_THEME, name=name, embeds=config["embeds"])

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
    def cache_dir(self) -> Path:
        """The engine's own files (lock, staging, talk renders, executed notebooks): outside docs/, so that
        writing them never wakes `mkdocs serve`."""
        return self.root / settings.CACHE_DIR

    @property
    def lock_path(self) -> Path:
        return self.cache_dir / "build.lock"

    def output_dir(self, name: str) -> Path:
        return self.generated_dir / name

    def theme_file(self) -> Path:
        """The file of the theme module: looked up under the project's src/ first (so the project's own copy is
        hashed, not an installed one), else where Python finds it."""
        own = self.src_dir.joinpath(*self.theme_module.split(".")).with_suffix(".py")
        if own.is_file():
            return own
        if self.theme_module == NEUTRAL_THEME:
            return Path(__file__).resolve().parent / "theme.py"
        try:
            spec = importlib.util.find_spec(self.theme_module)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            raise ProjectError(f"{self.root / 'pyproject.toml'}: [tool.docfigs] theme = {self.theme_module!r}: no "
                               f"such module under {self.label(self.src_dir)}/ or on the Python path")
        return Path(spec.origin)

    def label(self, path: Path) -> str:
        """A stable name for ``path`` in cache keys and messages: relative to the root when inside it."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return f"<outside>/{path.parent.name}/{path.name}"
