"""Which project modules a figure depends on, found by parsing imports with ``ast`` (nothing is imported).

Project modules are the ``.py`` files under the project's ``src/`` folder. For a file, its dependencies are:

* ``import a.b.c`` -> ``a``, ``a.b``, ``a.b.c`` (importing a submodule runs its parents' ``__init__``);
  if a bound name is a package with an ``_EXPORTS`` table (name -> module, for lazy PEP 562 exports), ``a.Name``
  attribute uses resolve through it, and a bare use of the name (``getattr(a, x)``) depends on all of it;
* ``from a.b import x`` -> ``a``, ``a.b`` and ``a.b.x`` when that is a module, else the module
  ``_EXPORTS["x"]`` of package ``a.b`` names (lazy PEP 562 exports);
* ``from a import *`` -> every ``_EXPORTS`` target and every submodule listed in ``__all__``;
* relative imports inside packages, ``importlib.import_module("a.b")`` and ``__import__("a.b")`` with
  literal names;

and the same again for every project module reached (transitively). Imports anywhere in the file count,
inside functions too. A dynamic import by computed name is not seen.
"""

import ast
from pathlib import Path


def _parse(path: Path):
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError):
        return None


def _relative_base(package: str | None, level: int, module: str | None) -> str | None:
    if package is None:
        return None
    parts = package.split(".") if package else []
    up = level - 1
    if up > len(parts):
        return None
    base = parts[: len(parts) - up]
    if module:
        base += module.split(".")
    return ".".join(base) or None


class ImportGraph:
    """Resolve module names to files under ``roots`` and compute a file's transitive project dependencies."""

    def __init__(self, roots):
        self.roots = [Path(r).resolve() for r in roots if Path(r).is_dir()]
        self._find: dict[str, Path | None] = {}
        self._direct: dict[Path, frozenset[Path]] = {}
        self._exports: dict[str, dict[str, str] | None] = {}
        self._all: dict[str, list[str]] = {}

    # -- modules ---------------------------------------------------------------------------------
    def find(self, modname: str) -> Path | None:
        """The file of project module ``modname`` (a package's ``__init__.py``), or None."""
        if modname in self._find:
            return self._find[modname]
        result = None
        parts = modname.split(".")
        if all(p.isidentifier() for p in parts):
            for root in self.roots:
                base = root.joinpath(*parts)
                if (base / "__init__.py").is_file():
                    result = base / "__init__.py"
                    break
                if base.with_name(parts[-1] + ".py").is_file():
                    result = base.with_name(parts[-1] + ".py")
                    break
        self._find[modname] = result
        return result

    def module_of(self, path: Path) -> tuple[str, bool] | None:
        """(module name, is package) of a file under a root, or None for files elsewhere (figures)."""
        path = Path(path).resolve()
        for root in self.roots:
            try:
                rel = path.relative_to(root)
            except ValueError:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts and parts[-1] == "__init__":
                return ".".join(parts[:-1]), True
            return ".".join(parts), False
        return None

    def _package_tables(self, package: str):
        """(``_EXPORTS`` as absolute module names or None, ``__all__`` names) of a package's ``__init__``."""
        if package in self._exports:
            return self._exports[package], self._all[package]
        exports, all_names = None, []
        init = self.find(package)
        tree = _parse(init) if init is not None and init.name == "__init__.py" else None
        for node in tree.body if tree is not None else ():
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                target, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                target, value = node.target.id, node.value
            else:
                continue
            if target == "_EXPORTS" and isinstance(value, ast.Dict):
                exports = {}
                for k, v in zip(value.keys, value.values, strict=True):
                    if isinstance(k, ast.Constant) and isinstance(v, ast.Constant) and isinstance(v.value, str):
                        mod = v.value
                        if mod.startswith("."):
                            level = len(mod) - len(mod.lstrip("."))
                            mod = _relative_base(package, level, mod.lstrip(".")) or ""
                        exports[str(k.value)] = mod
            elif target == "__all__" and isinstance(value, (ast.List, ast.Tuple)):
                all_names = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        self._exports[package], self._all[package] = exports, all_names
        return exports, all_names

    # -- dependencies ----------------------------------------------------------------------------
    def direct(self, path: Path) -> frozenset[Path]:
        """Project files that importing ``path`` imports directly (its own imports, resolved)."""
        path = Path(path).resolve()
        if path in self._direct:
            return self._direct[path]
        found: set[Path] = set()
        tree = _parse(path)
        if tree is not None:
            self._scan(path, tree, found)
        found.discard(path)
        self._direct[path] = frozenset(found)
        return self._direct[path]

    def _add(self, modname: str | None, found: set):
        """Add ``modname`` and its parent packages, those that are project modules."""
        if not modname:
            return
        parts = modname.split(".")
        for i in range(1, len(parts) + 1):
            f = self.find(".".join(parts[:i]))
            if f is not None:
                found.add(f)

    def _add_all_exports(self, package: str, found: set):
        exports, _ = self._package_tables(package)
        for target in (exports or {}).values():
            self._add(target, found)

    def _scan(self, path: Path, tree: ast.AST, found: set):
        info = self.module_of(path)
        package = None
        if info is not None:
            modname, is_pkg = info
            package = modname if is_pkg else modname.rpartition(".")[0]
        bindings: dict[str, str] = {}  # local name -> module it is bound to by `import x` / `import x as y`
        attr_values: set[int] = set()

        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._add(alias.name, found)
                    if alias.asname:
                        bindings[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        bindings[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = _relative_base(package, node.level, node.module) if node.level else node.module
                if not base:
                    continue
                self._add(base, found)
                exports, all_names = self._package_tables(base)
                for alias in node.names:
                    if alias.name == "*":
                        self._add_all_exports(base, found)
                        for sub in all_names:
                            if self.find(f"{base}.{sub}") is not None:
                                self._add(f"{base}.{sub}", found)
                    elif self.find(f"{base}.{alias.name}") is not None:
                        self._add(f"{base}.{alias.name}", found)
                    elif exports and alias.name in exports:
                        self._add(exports[alias.name], found)
            elif isinstance(node, ast.Call) and node.args:
                func, arg = node.func, node.args[0]
                is_import_call = (
                    (isinstance(func, ast.Attribute) and func.attr == "import_module")
                    or (isinstance(func, ast.Name) and func.id in ("import_module", "__import__"))
                )
                if is_import_call and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    self._add(arg.value, found)
            elif isinstance(node, ast.Attribute):
                attr_values.add(id(node.value))

        if not bindings:
            return
        # attribute chains on imported modules: `pkg.Name` (through _EXPORTS), `pkg.sub.module`
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                chain = []
                cur = node
                while isinstance(cur, ast.Attribute):
                    chain.append(cur.attr)
                    cur = cur.value
                if not (isinstance(cur, ast.Name) and cur.id in bindings):
                    continue
                mod = bindings[cur.id]
                for attr in reversed(chain):
                    sub = f"{mod}.{attr}"
                    if self.find(sub) is not None:
                        self._add(sub, found)
                        mod = sub
                        continue
                    exports, _ = self._package_tables(mod)
                    if exports and attr in exports:
                        self._add(exports[attr], found)
                    break
            elif isinstance(node, ast.Name) and node.id in bindings and id(node) not in attr_values:
                # the module object itself is used (getattr(m, x), passed around): depend on all it exports
                self._add_all_exports(bindings[node.id], found)

    def closure(self, path: Path) -> list[Path]:
        """Every project file that importing ``path`` may import, transitively (sorted; ``path`` excluded)."""
        start = Path(path).resolve()
        seen: set[Path] = set()
        stack = [start]
        while stack:
            for dep in self.direct(stack.pop()):
                if dep not in seen and dep != start:
                    seen.add(dep)
                    stack.append(dep)
        return sorted(seen)
