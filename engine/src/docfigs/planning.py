"""Planning a build: which figures (names, shards), each one's key, and whether its recorded outputs are fresh.

Reads the figure files, the project modules they import and the manifest; writes nothing, imports only the
standard library (the no-op build ends here).
"""

import os
from dataclasses import dataclass

from . import settings
from .cache import Manifest, figure_inputs, figure_key, library_versions, sha256_bytes
from .deps import ImportGraph
from .errors import UnknownFigureError, UsageError
from .figures import Figure, discover, read_figure


@dataclass
class Plan:
    figure: Figure
    source_bytes: bytes
    inputs: dict
    key: str
    fresh: bool
    reason: str


def resolve_timeout(timeout=None) -> float:
    """Seconds one render may take (0 or less: no limit): ``timeout``, else $DOCFIGS_TIMEOUT, else the default."""
    if timeout is None:
        text = os.environ.get(settings.TIMEOUT_ENV, "")
        try:
            timeout = float(text) if text else settings.DEFAULT_TIMEOUT
        except ValueError:
            raise UsageError(f"${settings.TIMEOUT_ENV} must be a number of seconds, not {text!r}") from None
    return float(timeout) if timeout > 0 else float("inf")


def resolve_quality(quality=None) -> str:
    quality = quality or os.environ.get(settings.QUALITY_ENV) or settings.DEFAULT_QUALITY
    if quality not in settings.QUALITIES:
        raise UsageError(f"unknown quality {quality!r}; choose one of {', '.join(settings.QUALITIES)}")
    return quality


def select(figures: dict, names=None) -> list[Figure]:
    if not names:
        return list(figures.values())
    unknown = [n for n in names if n not in figures]
    if unknown:
        raise UnknownFigureError(unknown, figures)
    return [figures[n] for n in dict.fromkeys(names)]


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N), 1 <= K <= N."""
    k, sep, n = str(text).partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f"--shard takes K/N with 1 <= K <= N (e.g. 2/4), not {text!r}")
    return int(k), int(n)


def shard_of(name: str, count: int) -> int:
    """The shard (1..count) of figure ``name``: from a hash of the name alone, so adding or removing a
    figure never moves another (a CI shard keeps its cache)."""
    return int(sha256_bytes(name.encode())[:16], 16) % count + 1


def plan(project, figures, quality, manifest=None, force=False, verify=False) -> list[Plan]:
    """For each figure: its key and whether its recorded outputs can be used (reads, never writes)."""
    manifest = manifest or Manifest.load(project.manifest_path)
    graph = ImportGraph([project.src_dir])
    digests: dict = {}
    plans = []
    for fig in figures:
        try:
            source = fig.path.read_bytes()
        except OSError as exc:
            source = b""
            fig = Figure(fig.name, fig.kind, fig.section, fig.path, fig.source, fig.name, "",
                         problem=f"{fig.source}: cannot read: {exc}")
        else:  # title and caption from the very bytes that will be rendered
            fig = read_figure(fig.path, fig.kind, fig.section, fig.source, source.decode("utf-8", errors="replace"))
        inputs = figure_inputs(project, fig, graph, source, digests)
        key = figure_key(fig, quality, inputs, library_versions(fig.kind))
        if fig.problem:
            fresh, reason = False, fig.problem
        else:
            fresh, reason = manifest.check(fig.name, key, inputs, quality, project.output_dir(fig.name), verify)
            if force and fresh:
                fresh, reason = False, "forced"
        plans.append(Plan(fig, source, inputs, key, fresh, reason))
    return plans


def status(project, names=None, quality=None, verify=False) -> list[Plan]:
    """Fresh or stale, and why, for each figure (reads only)."""
    figures = discover(project)
    return plan(project, select(figures, names), resolve_quality(quality), verify=verify)
