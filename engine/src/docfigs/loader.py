"""In a worker process: the project's theme module, a figure's snapshot executed as a module, and its errors
described by the figure's own file and line."""

import importlib
import linecache
import os
import re
import sys
import traceback
import types

from . import settings
from .project import NEUTRAL_THEME


class ContractError(Exception):
    """The figure file does not follow the contract (data()/draw() for stills, one Slide for scenes)."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


def theme_module():
    """The project's theme module ($DOCFIGS_THEME_MODULE; the engine's neutral docfigs.theme when unset)."""
    return importlib.import_module(os.environ.get(settings.THEME_MODULE_ENV) or NEUTRAL_THEME)


def module_name(task) -> str:
    """The name the figure's module is registered under in ``sys.modules`` while it renders."""
    return "docfigs_figure_" + re.sub(r"\W", "_", task.name)


def load_figure(task):
    """Execute the figure's snapshot (the exact bytes the engine hashed) as a module named after its file."""
    path = task.source_path
    with open(task.snapshot, "rb") as f:
        source = f.read()
    text = source.decode("utf-8", errors="replace")
    linecache.cache[path] = (len(text), None, text.splitlines(True), path)  # tracebacks show the snapshot
    code = compile(source, path, "exec", dont_inherit=True)
    modname = module_name(task)
    module = types.ModuleType(modname)
    module.__file__ = path
    sys.modules[modname] = module
    exec(code, module.__dict__)
    return module


def describe(exc, task) -> dict:
    """The error as the engine reports it: the figure's file and line first, then the traceback."""
    path, display = task.source_path, task.display_path
    frames = traceback.extract_tb(exc.__traceback__)
    in_figure = [i for i, fr in enumerate(frames) if fr.filename == path]
    line = function = None
    if isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    elif isinstance(exc, ContractError):
        line = exc.line
    elif in_figure:
        line, function = frames[in_figure[-1]].lineno, frames[in_figure[-1]].name
    start = in_figure[0] if in_figure else 0
    shown = frames[start:]
    text = "".join(traceback.format_list(shown)) if shown else ""
    text = ("Traceback (most recent call last):\n" + text if text else "") + "".join(
        traceback.format_exception_only(type(exc), exc))
    origin = None
    if frames and frames[-1].filename != path and not isinstance(exc, ContractError):
        origin = f"{frames[-1].filename}:{frames[-1].lineno}"
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "file": display,
        "line": line,
        "function": function,
        "origin": origin,
        "traceback": text,
    }
