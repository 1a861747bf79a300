"""The scheduler: renders the stale figures of a plan in parallel worker processes, ``jobs`` at a time.

A still is one task (both themes, on a persistent still server); an animation is one task per site theme, each
in a fresh process. Each figure renders into a staging folder of its own; when its last task succeeded its
outputs are committed (``publishing.commit``). A render running past the timeout is stopped and its figure
fails; after a failure the figures not started are skipped unless ``keep_going``.
"""

import contextlib
import os
import selectors
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .planning import Plan
from .processes import StillServer, TaskProcess, worker_env
from .publishing import commit, staging_root
from .results import FigureResult
from .staging import discard, make_staging_folder
from .tasks import AnimationTask, RenderResult, StillTask


@dataclass
class Job:
    """One figure being rendered: its plan, its staging folder and what its tasks reported so far."""

    plan: Plan
    tasks_left: int
    staging: Path | None = None  # the staging folder, made when its first task starts
    error: dict | None = None
    cancelled: bool = False
    started: float | None = None  # time.monotonic() when its first task started
    outputs: list = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    meta: dict = field(default_factory=dict)  # what the render reports about the figure (animations: beats, duration)


@dataclass
class Slot:
    """One task of a job as the scheduler queues it."""

    job: Job
    theme: str | None = None  # animations: one task per theme; stills: one task for all themes
    started: float = 0.0  # time.monotonic() when its process got it


class Runner:
    def __init__(self, project, manifest, quality, jobs, keep_going, progress, timeout=float("inf")):
        self.project = project
        self.manifest = manifest
        self.quality = quality
        self.jobs = max(1, jobs)
        # one render alone may use every core (Manim draws while x264 and VP9 encode in threads of their own);
        # side by side, each encoder gets its share, so the renders do not fight over the cores
        self.encoder_threads = None if self.jobs == 1 else max(1, (os.cpu_count() or 1) // self.jobs)
        self.timeout = timeout
        self.keep_going = keep_going
        self.progress = progress
        self.env = worker_env(project)
        self.results: dict[str, FigureResult] = {}
        self.stopping = False

    # one figure's lifecycle ----------------------------------------------------------------
    def _stage(self, job: Job):
        """The job's staging folder, with a snapshot of the exact source bytes that were hashed (and are shown)."""
        name = job.plan.figure.name
        out_dir = self.project.output_dir(name)
        out_dir.mkdir(parents=True, exist_ok=True)
        job.staging = make_staging_folder(staging_root(self.project, out_dir), name)
        (job.staging / "_source.py").write_bytes(job.plan.source_bytes)

    def _common(self, job: Job) -> dict:
        fig = job.plan.figure
        return {"name": fig.name, "source_path": str(fig.path), "display_path": fig.source,
                "snapshot": str(job.staging / "_source.py"), "out_dir": str(job.staging)}

    def still_task(self, job: Job) -> StillTask:
        name = job.plan.figure.name
        return StillTask(**self._common(job), themes=list(settings.SITE_THEMES), png_dpi=settings.PNG_DPI,
                         outputs={t: settings.still_outputs(name, t) for t in settings.SITE_THEMES})

    def animation_task(self, job: Job, theme: str) -> AnimationTask:
        work = job.staging / f"work-{theme}"
        work.mkdir()
        manim_quality, width, height, fps = settings.QUALITIES[self.quality]
        return AnimationTask(**self._common(job), theme=theme, manim_quality=manim_quality, width=width,
                             height=height, fps=fps, work_dir=str(work), result=str(work / "result.json"),
                             encoding=settings.VIDEO_ENCODING[self.quality],
                             intermediate=settings.INTERMEDIATE_ENCODING, threads=self.encoder_threads,
                             outputs=settings.animation_outputs(job.plan.figure.name, theme))

    def _task_done(self, slot: Slot, result: RenderResult | None):
        job = slot.job
        job.tasks_left -= 1
        if result is not None:
            if result.ok:
                job.outputs += result.outputs
                job.width = job.width or result.width
                job.height = job.height or result.height
                job.meta.update(result.meta)
            elif job.error is None:
                job.error = result.error or {"message": "render failed"}
        if job.tasks_left == 0:
            self._finish(job)

    def _finish(self, job: Job):
        fig = job.plan.figure
        seconds = round(time.monotonic() - job.started, 3) if job.started else 0.0
        if job.error is None and not job.cancelled:
            try:
                commit(self.project, self.manifest, self.quality, job)
            except Exception as exc:  # noqa: BLE001 - e.g. an output the worker did not write
                job.error = {"type": type(exc).__name__, "message": str(exc), "file": fig.source}
        if job.error is not None:
            job.error.setdefault("file", fig.source)
            status = "failed"
        elif job.cancelled:
            status = "skipped"
        else:
            status = "rendered"
        if job.staging is not None:
            discard(job.staging)
        self._report(FigureResult(fig.name, fig.kind, fig.source, status, seconds, job.plan.reason, job.error))

    def _report(self, result: FigureResult):
        self.results[result.name] = result
        if result.status == "failed" and not self.keep_going:
            self.stopping = True
        if self.progress:
            self.progress.figure_done(result)

    def _timed_out(self, slot: Slot) -> RenderResult:
        what = f"the {slot.theme} render" if slot.theme else "the render"
        return RenderResult.failure(slot.job.plan.figure.name, {
            "type": "Timeout", "message": f"{what} was still running after {self.timeout:g} s and was stopped "
            f"(the limit per render: --timeout or ${settings.TIMEOUT_ENV}, default {settings.DEFAULT_TIMEOUT} s)"})

    def _queue(self, plans: list[Plan]) -> tuple[deque, list[Job]]:
        """The tasks to run, animations first (they take longest, stills fill the gaps), and their jobs.
        Figures that cannot be rendered fail here, without a process."""
        ordered = sorted(plans, key=lambda p: (p.figure.kind != "animation", p.figure.name))
        for plan in ordered:
            if plan.figure.problem:
                self._report(FigureResult.unrenderable(plan.figure, plan.reason))
        queue: deque[Slot] = deque()
        prepared = []
        for plan in ordered:
            if plan.figure.problem:
                continue
            if self.stopping:
                self.results[plan.figure.name] = FigureResult(plan.figure.name, plan.figure.kind,
                                                              plan.figure.source, "skipped", 0.0, plan.reason)
                continue
            still = plan.figure.kind == "still"
            job = Job(plan, 1 if still else len(settings.SITE_THEMES))
            prepared.append(job)
            queue.extend([Slot(job)] if still else [Slot(job, theme) for theme in settings.SITE_THEMES])
        return queue, prepared

    # the scheduler -------------------------------------------------------------------------
    def run(self, plans: list[Plan]) -> dict[str, FigureResult]:
        queue, prepared = self._queue(plans)
        cwd = str(self.project.root)
        idle: list[StillServer] = []
        busy_still: dict[StillServer, Slot] = {}
        busy_anim: dict[TaskProcess, Slot] = {}
        selector = selectors.DefaultSelector()
        try:
            while queue or busy_still or busy_anim:
                if self.stopping:
                    while queue:
                        slot = queue.popleft()
                        slot.job.cancelled = True
                        self._task_done(slot, None)
                while queue and len(busy_still) + len(busy_anim) < self.jobs:
                    slot = queue.popleft()
                    job = slot.job
                    if job.error is not None:  # a sibling theme already failed
                        self._task_done(slot, None)
                        continue
                    slot.started = time.monotonic()
                    if job.started is None:
                        self._stage(job)
                        job.started = time.monotonic()
                        if self.progress:
                            self.progress.figure_started(job.plan.figure)
                    if slot.theme is None:
                        server = idle.pop() if idle else None
                        if server is None:
                            server = StillServer(self.env, cwd)
                            selector.register(server.proc.stdout, selectors.EVENT_READ, server)
                        busy_still[server] = slot
                        try:
                            server.send(self.still_task(job))
                        except OSError:  # died before it could read; reported below through EOF
                            pass
                    else:
                        task = self.animation_task(job, slot.theme)
                        busy_anim[TaskProcess("animation", task, RenderResult, self.env, cwd)] = slot
                if not (busy_still or busy_anim):
                    continue
                timeout = 0.05 if busy_anim else 0.5  # animation processes are polled
                if busy_still:
                    ready = selector.select(timeout=timeout)
                else:
                    time.sleep(timeout)
                    ready = []
                for key, _ in ready:
                    server = key.data
                    results = server.read()
                    if results is None:  # the process died mid-task
                        selector.unregister(server.proc.stdout)
                        slot = busy_still.pop(server, None)
                        if server in idle:
                            idle.remove(server)
                        died = server.died(slot.job.plan.figure.name if slot else "")
                        if slot is not None:
                            self._task_done(slot, died)
                        continue
                    for result in results:
                        slot = busy_still.pop(server)
                        idle.append(server)
                        self._task_done(slot, result)
                for proc, slot in list(busy_anim.items()):
                    if proc.done():
                        del busy_anim[proc]
                        self._task_done(slot, proc.result())
                now = time.monotonic()
                for server, slot in list(busy_still.items()):
                    began = server.render_began(slot.started)  # a process still starting up gets a grace period
                    if now - (slot.started if began is None else began) > self.timeout + (
                            settings.WORKER_STARTUP_SECONDS if began is None else 0):
                        selector.unregister(server.proc.stdout)
                        del busy_still[server]
                        server.kill()
                        self._task_done(slot, self._timed_out(slot))
                for proc, slot in list(busy_anim.items()):
                    if now - slot.started > self.timeout:
                        del busy_anim[proc]
                        proc.kill()
                        self._task_done(slot, self._timed_out(slot))
        finally:
            for server in [*idle, *busy_still]:
                with contextlib.suppress(Exception):
                    selector.unregister(server.proc.stdout)
                if server in busy_still:
                    server.kill()
                else:
                    server.close()
            for proc in busy_anim:
                proc.kill()
            selector.close()
            for job in prepared:  # unfinished (interrupted) figures leave nothing behind
                if job.staging is not None and job.plan.figure.name not in self.results:
                    discard(job.staging)
        return self.results
