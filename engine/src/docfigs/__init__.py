"""The figure engine: turns snippets/ (matplotlib stills) and diagrams/ (Manim scenes) into files pages embed.

    from docfigs import Project, build
    report = build(Project.at("."), quality="draft")

Only the standard library is imported here; matplotlib, manim and torch are imported by the worker
processes (``worker.py``) when something is actually rendered. See ``builder.build`` for the flow,
``cache`` for what a figure's key covers, ``fragment`` for the embed HTML.
"""

from . import settings
from .builder import build
from .cache import Manifest
from .errors import EngineError, ProjectError, UnknownFigureError, UsageError, closest
from .figures import Figure, discover
from .fragment import resolve as resolve_fragment
from .planning import Plan, status
from .project import Project, find_root
from .results import FigureResult, Report

__all__ = [
    "EngineError",
    "Figure",
    "FigureResult",
    "Manifest",
    "Plan",
    "Project",
    "ProjectError",
    "Report",
    "UnknownFigureError",
    "UsageError",
    "build",
    "closest",
    "discover",
    "find_root",
    "resolve_fragment",
    "settings",
    "status",
]
