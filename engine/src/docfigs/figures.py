"""Find the figures: ``snippets/<section>/<name>.py`` (stills) and ``diagrams/<section>/<name>.py`` (animations).

The file name is the figure name, unique across both trees. The module docstring's first line is the title,
the rest the caption, both inline Markdown (```code```, ``*emphasis*``, ``$math$`` in TeX). A module-level
string ``ALT`` is the alt text: what the picture shows, for a reader who cannot see it (the caption, which says
what it means, is read out anyway, so the alt text does not repeat it); without one the alt text is the title.
Everything is read with ``ast``: nothing is imported.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
INLINE_MARKUP_RE = re.compile(r"\$([^$]+)\$|`([^`]+)`|\*([^*]+)\*")  # $math$, `code`, *emphasis*


@dataclass(frozen=True)
class Figure:
    name: str
    kind: str  # "still" | "animation"
    section: str  # the folder under snippets/ or diagrams/, posix ("attention" or "basics/softmax")
    path: Path  # absolute
    source: str  # relative to the project root, posix: "snippets/attention/weights.py"
    title: str
    caption: str
    alt: str = ""
    problem: str | None = None  # set when the file cannot be a figure (no docstring, syntax error)
    problem_line: int | None = None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "section": self.section,
            "source": self.source,
            "title": self.title,
            "caption": self.caption,
            "problem": self.problem,
        }


def plain(text: str) -> str:
    """Inline Markdown without its marks: ``$W^Q$`` -> ``W^Q``, ```attn_mask``` -> ``attn_mask``."""
    return INLINE_MARKUP_RE.sub(lambda m: next(group for group in m.groups() if group is not None), text)


def split_docstring(doc: str) -> tuple[str, str]:
    """(title, caption): the first line, and the rest with whitespace collapsed."""
    lines = doc.strip().splitlines()
    title = lines[0].strip()
    caption = " ".join(" ".join(lines[1:]).split())
    return title, caption


def read_figure(path: Path, kind: str, section: str, source: str, text: str | None = None) -> Figure:
    name = path.stem
    if text is None:
        text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        return Figure(name, kind, section, path, source, name, "",
                      problem=f"{source}, line {exc.lineno}: SyntaxError: {exc.msg}", problem_line=exc.lineno)
    doc = ast.get_docstring(tree, clean=True)
    if not doc or not doc.strip():
        return Figure(name, kind, section, path, source, name, "",
                      problem=f"{source} has no module docstring: its first line is the figure's title, "
                              "the rest its caption", problem_line=1)
    title, caption = split_docstring(doc)
    alt = " ".join(module_string(tree, "ALT").split()) or title
    return Figure(name, kind, section, path, source, title, caption, plain(alt))


def module_string(tree: ast.Module, name: str) -> str:
    """The string assigned to ``name`` at module level ("" when there is none)."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            return node.value.value
    return ""


def _figure_files(project):
    """(path, kind, tree label, path relative to the tree) of every figure file under the project's snippets and
    diagrams folders ([tool.docfigs] snippets, diagrams)."""
    for top, kind in ((project.snippets_dir, "still"), (project.diagrams_dir, "animation")):
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*.py")):
            rel = path.relative_to(top)
            if any(part.startswith(("_", ".")) for part in rel.parts) or "__pycache__" in rel.parts:
                continue  # helpers (_common.py), __init__.py, hidden files
            yield path, kind, project.label(top), rel


def discover(project) -> dict[str, Figure]:
    """Every figure of the project by name (sorted by name). Raises ProjectError for duplicate or bad names."""
    found: dict[str, Figure] = {}
    errors = []
    for path, kind, tree_name, rel in _figure_files(project):
        source = f"{tree_name}/{rel.as_posix()}"
        name = path.stem
        if len(rel.parts) < 2:
            errors.append(f"{source}: a figure lives in a section folder: {tree_name}/<section>/{path.name}")
            continue
        if not NAME_RE.match(name):
            errors.append(f"{source}: a figure name uses letters, digits, '-' and '_' only: {name!r}")
            continue
        if name in found:
            errors.append(f"duplicate figure name {name!r}: {found[name].source} and {source} "
                          "(figure names are unique across snippets/ and diagrams/)")
            continue
        section = rel.parent.as_posix()
        found[name] = read_figure(path.resolve(), kind, section, source)
    if errors:
        raise ProjectError("\n".join(errors))
    return dict(sorted(found.items()))
