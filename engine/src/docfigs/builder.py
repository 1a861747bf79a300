"""The build entry points: ``build`` (plan, render what is stale, report), ``merge`` (take other builds' outputs),
and ``build_lock``, which lets one of them at a time change a project's docs/generated/.

``build()`` is the whole engine in one call; the CLI and the MkDocs hook are thin layers over it. The
no-op path (nothing stale) reads files and the manifest and imports only the standard library.
"""

import contextlib
import json
import os
import time

from . import settings
from .cache import Manifest
from .figures import discover
from .notebooks import build_notebooks
from .planning import Plan, plan, resolve_quality, resolve_timeout, select, shard_of
from .publishing import merge_folders, prune, sweep_leftovers
from .results import FigureResult, Report
from .runner import Runner
from .staging import atomic_write


@contextlib.contextmanager
def build_lock(project, on_wait=None):
    """One build at a time per project (the CLI and `mkdocs serve` may run together)."""
    import fcntl

    project.lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(project.lock_path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def build(project, names=None, *, quality=None, jobs=None, force=False, keep_going=False, verify=False,
          progress=None, write_report=True, shard=None, timeout=None) -> Report:
    """Render what is stale among ``names`` (default: every figure, then every notebook) and return the report.

    ``timeout``: seconds one render may take before its process is stopped and its figure fails (default
    $DOCFIGS_TIMEOUT or ``settings.DEFAULT_TIMEOUT``; 0: no limit).

    ``shard=(K, N)`` keeps only the figures of shard K of N (``shard_of``); ``merge`` gathers the shards.

    ``write_report``: True writes docs/generated/report.json always, None only when something was
    rendered or failed (so a no-op build writes nothing, as `mkdocs serve` wants), False never.
    """
    start = time.monotonic()
    quality = resolve_quality(quality)
    timeout = resolve_timeout(timeout)
    jobs = jobs or int(os.environ.get(settings.JOBS_ENV) or 0) or os.cpu_count() or 1
    figures = discover(project)
    selected = select(figures, names)
    if shard:
        selected = [f for f in selected if shard_of(f.name, shard[1]) == shard[0]]
    manifest = Manifest.load(project.manifest_path)
    plans = plan(project, selected, quality, manifest, force, verify)
    prunable = not names and any(name not in figures for name in manifest.figures)
    results: dict[str, FigureResult] = {}
    if any(not p.fresh and not p.figure.problem for p in plans) or prunable:
        with build_lock(project, on_wait=getattr(progress, "waiting", None)):
            manifest = Manifest.load(project.manifest_path)  # another build may have finished meanwhile
            plans = plan(project, selected, quality, manifest, force, verify)
            sweep_leftovers(project)
            if not names and prune(project, manifest, figures):
                manifest.save()
            todo = [p for p in plans if not p.fresh]
            if progress:
                progress.start(len(todo), len(plans) - len(todo))
            results = Runner(project, manifest, quality, jobs, keep_going, progress, timeout).run(todo)
    else:
        todo = [p for p in plans if not p.fresh]
        if progress:
            progress.start(len(todo), len(plans) - len(todo))
        if todo:  # only figures that cannot be rendered (no docstring, syntax error)
            results = Runner(project, manifest, quality, jobs, keep_going, progress, timeout).run(todo)
    ordered = []
    for p in plans:
        if p.figure.name in results:
            ordered.append(results[p.figure.name])
        else:
            ordered.append(FigureResult(p.figure.name, p.figure.kind, p.figure.source, "cached", 0.0, p.reason))
    if not names and not shard:  # notebooks: the third thing the engine executes, each keyed like a figure
        ordered += build_notebooks(project, force=force, progress=progress, timeout=timeout,
                                   lock=lambda: build_lock(project, on_wait=getattr(progress, "waiting", None)))
    report = Report(quality, jobs, force, time.monotonic() - start, ordered)
    if write_report or (write_report is None and (report.totals["rendered"] or report.totals["failed"])):
        atomic_write(project.report_path, (json.dumps(report.as_dict(), indent=1) + "\n").encode())
    if progress:
        progress.finish(report)
    return report


def merge(project, folders, quality=None) -> tuple[list[str], list[Plan]]:
    """Take into this project the outputs other builds left in ``folders`` (each a docs/generated/ of the same
    sources), e.g. the shards of a CI matrix; see ``publishing.merge_folders``. Nothing is rendered.
    Returns (names taken, plans of the figures still stale after the merge).
    """
    quality = resolve_quality(quality)
    figures = list(discover(project).values())
    with build_lock(project):
        sweep_leftovers(project)
        manifest = Manifest.load(project.manifest_path)
        taken = merge_folders(project, manifest, plan(project, figures, quality, manifest), folders, quality)
        stale = [p for p in plan(project, figures, quality, manifest) if not p.fresh]
    return taken, stale
