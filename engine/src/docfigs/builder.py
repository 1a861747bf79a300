"""Build figures: plan (what is stale), render in parallel worker processes, commit outputs atomically.

``build()`` is the whole engine in one call; the CLI and the MkDocs hook are thin layers over it. The
no-op path (nothing stale) reads files and the manifest and imports only the standard library.
"""

import contextlib
import json
import os
import re
import secrets
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import settings
from .cache import Manifest, atomic_write, figure_inputs, figure_key, library_versions, sha256_bytes, sha256_file
from .deps import ImportGraph
from .errors import UnknownFigureError, UsageError
from .figures import Figure, discover, read_figure
from .fragment import animation_fragment, still_fragment

WORKER = Path(__file__).resolve().with_name("worker.py")


# -- results -------------------------------------------------------------------------------------
@dataclass
class FigureResult:
    name: str
    kind: str
    source: str
    status: str  # rendered | cached | failed | skipped
    seconds: float = 0.0
    reason: str = ""  # why it was rendered (or why it is stale)
    error: dict | None = None

    def as_dict(self):
        return asdict(self)

    @property
    def error_line(self) -> str:
        """One line naming the figure, its file and line, and the exception."""
        if not self.error:
            return ""
        e = self.error
        where = e.get("file") or self.source
        if e.get("line"):
            where += f", line {e['line']}"
        if e.get("function"):
            where += f", in {e['function']}"
        what = f"{e.get('type')}: {e.get('message')}" if e.get("type") else e.get("message", "")
        return f"figure {self.name!r} failed: {where}: {what}"


@dataclass
class Report:
    quality: str
    jobs: int
    force: bool
    seconds: float
    figures: list[FigureResult] = field(default_factory=list)

    @property
    def totals(self) -> dict:
        counts = {"rendered": 0, "cached": 0, "failed": 0, "skipped": 0}
        for r in self.figures:
            counts[r.status] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "skipped") for r in self.figures)

    def summary(self) -> str:
        t = self.totals
        text = f"{t['rendered']} rendered, {t['cached']} cached, {t['failed']} failed"
        if t["skipped"]:
            text += f", {t['skipped']} skipped"
        return text + f" in {self.seconds:.2f} s"

    def as_dict(self):
        return {
            "quality": self.quality,
            "jobs": self.jobs,
            "force": self.force,
            "seconds": round(self.seconds, 3),
            "totals": self.totals,
            "figures": [r.as_dict() for r in self.figures],
        }


# -- planning ------------------------------------------------------------------------------------
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


# -- the lock ------------------------------------------------------------------------------------
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


# -- running -------------------------------------------------------------------------------------
class _Job:
    def __init__(self, plan, staging, ntasks):
        self.plan = plan
        self.staging = staging
        self.tasks_left = ntasks
        self.error = None
        self.cancelled = False
        self.started = None
        self.outputs = []
        self.width = self.height = None
        self.meta = {}  # what the render reports about the figure (animations: beats, duration)


@dataclass
class _Task:
    job: _Job
    theme: str | None = None  # animations: one task per theme; stills: one task for all themes
    started: float = 0.0  # time.monotonic() when its process got it


class _StillWorker:
    """A persistent still-rendering process: one JSON task per line in, one JSON result per line out."""

    def __init__(self, cmd, env, cwd):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     env=env, cwd=cwd)
        self.buffer = b""
        self.task = None

    def send(self, message: dict):
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def read(self):
        """Complete result messages now available; None at end of stream (the process died)."""
        data = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not data:
            return None
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def stderr_tail(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read()[-3000:].decode("utf-8", errors="replace")

    def close(self):
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        self.proc.stdout.close()
        self.stderr.close()


class _AnimationProcess:
    def __init__(self, cmd, env, cwd, task_file, result_file, log_file):
        self.result_file = result_file
        self.log_file = log_file
        with open(log_file, "wb") as log:
            self.proc = subprocess.Popen(cmd + [str(task_file)], stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, env=env, cwd=cwd)

    def result(self) -> dict:
        try:
            with open(self.result_file, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            try:
                tail = Path(self.log_file).read_bytes()[-3000:].decode("utf-8", errors="replace")
            except OSError:
                tail = ""
            return {"ok": False, "error": {"type": "WorkerDied", "message":
                    f"render process exited with code {self.proc.returncode}", "traceback": tail}}

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def worker_env(project) -> dict:
    env = dict(os.environ)
    paths = [str(project.src_dir)] if project.src_dir.is_dir() else []
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    env[settings.PARENT_ENV] = str(os.getpid())
    env[settings.THEME_MODULE_ENV] = project.theme_module
    env[settings.PROJECT_NAME_ENV] = project.name
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env.setdefault(var, "1")  # jobs run side by side: one thread each
    return env


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
    def _stage(self, job: _Job):
        """The job's staging folder, with a snapshot of the exact source bytes that were hashed (and are shown)."""
        name = job.plan.figure.name
        out_dir = self.project.output_dir(name)
        out_dir.mkdir(parents=True, exist_ok=True)
        token = f"{settings.STAGING_PREFIX}{name}-{os.getpid()}-{secrets.token_hex(4)}"
        job.staging = _staging_root(self.project, out_dir) / token
        job.staging.mkdir(parents=True)
        (job.staging / "_source.py").write_bytes(job.plan.source_bytes)

    def _base_task(self, job) -> dict:
        fig = job.plan.figure
        return {"name": fig.name, "source_path": str(fig.path), "display_path": fig.source,
                "snapshot": str(job.staging / "_source.py"), "out_dir": str(job.staging)}

    def _task_done(self, task: _Task, result: dict | None):
        job = task.job
        job.tasks_left -= 1
        if result is not None:
            if result.get("ok"):
                job.outputs += result.get("outputs", [])
                job.width = job.width or result.get("width")
                job.height = job.height or result.get("height")
                job.meta.update(result.get("meta") or {})
            elif job.error is None:
                job.error = result.get("error") or {"message": "render failed"}
        if job.tasks_left == 0:
            self._finish(job)

    def _finish(self, job: _Job):
        fig = job.plan.figure
        seconds = round(time.monotonic() - job.started, 3) if job.started else 0.0
        if job.error is None and not job.cancelled:
            try:
                self._commit(job)
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
            shutil.rmtree(job.staging, ignore_errors=True)
        result = FigureResult(fig.name, fig.kind, fig.source, status, seconds, job.plan.reason, job.error)
        self.results[fig.name] = result
        if status == "failed" and not self.keep_going:
            self.stopping = True
        if self.progress:
            self.progress.figure_done(result)

    def _commit(self, job: _Job):
        """Move the outputs into docs/generated/<name>/ and record them: distrust, replace, record."""
        plan, fig = job.plan, job.plan.figure
        text = plan.source_bytes.decode("utf-8", errors="replace")
        if fig.kind == "still":
            fragment = still_fragment(fig, text, job.width, job.height)
        else:
            w, h = job.width or settings.QUALITIES[self.quality][1], job.height or settings.QUALITIES[self.quality][2]
            fragment = animation_fragment(fig, text, w, h)
        frag_name = settings.fragment_name(fig.name)
        (job.staging / frag_name).write_text(fragment, encoding="utf-8")
        records = {}
        for fname in [*job.outputs, frag_name]:
            path = job.staging / fname
            if not path.is_file() or path.stat().st_size == 0:
                raise RuntimeError(f"the render did not write {fname}")
            with open(path, "rb") as f:
                os.fsync(f.fileno())
            records[fname] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
        out_dir = self.project.output_dir(fig.name)
        if self.manifest.figures.pop(fig.name, None) is not None:
            self.manifest.save()  # from here until the entry is written back, nothing of it is trusted
        for fname in records:
            os.replace(job.staging / fname, out_dir / fname)
        for old in out_dir.iterdir():
            if old.is_file() and not old.name.startswith(".") and old.name not in records:
                old.unlink()
        self.manifest.figures[fig.name] = {
            "key": plan.key,
            "kind": fig.kind,
            "source": fig.source,
            "section": fig.section,
            "title": fig.title,
            "quality": self.quality if fig.kind == "animation" else None,
            "inputs": plan.inputs,
            "versions": library_versions(fig.kind),
            "fragment": frag_name,
            "outputs": records,
            "width": job.width,
            "height": job.height,
            "seconds": round(time.monotonic() - job.started, 3) if job.started else None,
            **({"meta": job.meta} if job.meta else {}),
        }
        self.manifest.save()

    # the scheduler -------------------------------------------------------------------------
    def run(self, plans: list[Plan]) -> dict[str, FigureResult]:
        queue: deque[_Task] = deque()
        jobs = []
        # animations first: they take longest, stills fill the gaps
        for plan in sorted(plans, key=lambda p: (p.figure.kind != "animation", p.figure.name)):
            if plan.figure.problem:  # cannot be rendered: fails without a process
                error = {"type": "FigureError", "message": plan.figure.problem, "file": plan.figure.source,
                         "line": plan.figure.problem_line}
                self.results[plan.figure.name] = FigureResult(plan.figure.name, plan.figure.kind, plan.figure.source,
                                                              "failed", 0.0, plan.reason, error)
                if self.progress:
                    self.progress.figure_done(self.results[plan.figure.name])
                if not self.keep_going:
                    self.stopping = True
                continue
            jobs.append(plan)
        prepared = []
        for plan in jobs:
            if self.stopping:
                self.results[plan.figure.name] = FigureResult(plan.figure.name, plan.figure.kind,
                                                              plan.figure.source, "skipped", 0.0, plan.reason)
                continue
            job = _Job(plan, None, 1 if plan.figure.kind == "still" else len(settings.SITE_THEMES))
            prepared.append(job)
            if plan.figure.kind == "still":
                queue.append(_Task(job))
            else:
                queue.extend(_Task(job, theme) for theme in settings.SITE_THEMES)

        still_cmd = [sys.executable, "-u", str(WORKER), "still-server"]
        anim_cmd = [sys.executable, "-u", str(WORKER), "animation"]
        cwd = str(self.project.root)
        idle: list[_StillWorker] = []
        busy_still: dict[_StillWorker, _Task] = {}
        busy_anim: dict[_AnimationProcess, _Task] = {}
        selector = selectors.DefaultSelector()
        try:
            while queue or busy_still or busy_anim:
                if self.stopping:
                    while queue:
                        task = queue.popleft()
                        task.job.cancelled = True
                        self._task_done(task, None)
                while queue and len(busy_still) + len(busy_anim) < self.jobs:
                    task = queue.popleft()
                    job = task.job
                    if job.error is not None:  # a sibling theme already failed
                        self._task_done(task, None)
                        continue
                    task.started = time.monotonic()
                    if job.started is None:
                        self._stage(job)
                        job.started = time.monotonic()
                        if self.progress:
                            self.progress.figure_started(job.plan.figure)
                    if task.theme is None:
                        worker = idle.pop() if idle else None
                        if worker is None:
                            worker = _StillWorker(still_cmd, self.env, cwd)
                            selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
                        message = self._base_task(job) | {
                            "themes": list(settings.SITE_THEMES), "png_dpi": settings.PNG_DPI,
                            "outputs": {t: settings.still_outputs(job.plan.figure.name, t)
                                        for t in settings.SITE_THEMES}}
                        worker.task = task
                        busy_still[worker] = task
                        try:
                            worker.send(message)
                        except OSError:  # died before it could read; reported below through EOF
                            pass
                    else:
                        work = job.staging / f"work-{task.theme}"
                        work.mkdir()
                        manim_quality, width, height, fps = settings.QUALITIES[self.quality]
                        message = self._base_task(job) | {
                            "theme": task.theme, "manim_quality": manim_quality, "width": width, "height": height,
                            "fps": fps, "work_dir": str(work), "result": str(work / "result.json"),
                            "encoding": settings.VIDEO_ENCODING[self.quality],
                            "intermediate": settings.INTERMEDIATE_ENCODING, "threads": self.encoder_threads,
                            "outputs": settings.animation_outputs(job.plan.figure.name, task.theme)}
                        task_file = work / "task.json"
                        task_file.write_text(json.dumps(message), encoding="utf-8")
                        proc = _AnimationProcess(anim_cmd, self.env, cwd, task_file, work / "result.json", work / "log.txt")
                        busy_anim[proc] = task
                if not (busy_still or busy_anim):
                    continue
                timeout = 0.05 if busy_anim else 0.5  # animation processes are polled
                if busy_still:
                    ready = selector.select(timeout=timeout)
                else:
                    time.sleep(timeout)
                    ready = []
                for key, _ in ready:
                    worker = key.data
                    messages = worker.read()
                    if messages is None:  # the process died mid-task
                        selector.unregister(worker.proc.stdout)
                        task = busy_still.pop(worker, None)
                        if worker in idle:
                            idle.remove(worker)
                        code = worker.proc.wait()
                        tail = worker.stderr_tail()
                        worker.kill()
                        if task is not None:
                            self._task_done(task, {"ok": False, "error": {
                                "type": "WorkerDied", "message": f"render process exited with code {code}",
                                "traceback": tail}})
                        continue
                    for message in messages:
                        task = busy_still.pop(worker)
                        worker.task = None
                        idle.append(worker)
                        self._task_done(task, message)
                for proc, task in list(busy_anim.items()):
                    if proc.proc.poll() is not None:
                        del busy_anim[proc]
                        self._task_done(task, proc.result())
                now = time.monotonic()
                for worker, task in list(busy_still.items()):
                    if now - task.started > self.timeout:
                        selector.unregister(worker.proc.stdout)
                        del busy_still[worker]
                        worker.kill()
                        self._task_done(task, self._timed_out(task))
                for proc, task in list(busy_anim.items()):
                    if now - task.started > self.timeout:
                        del busy_anim[proc]
                        proc.kill()
                        self._task_done(task, self._timed_out(task))
        finally:
            for worker in [*idle, *busy_still]:
                with contextlib.suppress(Exception):
                    selector.unregister(worker.proc.stdout)
                if worker in busy_still:
                    worker.kill()
                else:
                    worker.close()
            for proc in busy_anim:
                proc.kill()
            selector.close()
            for job in prepared:  # unfinished (interrupted) figures leave nothing behind
                if job.staging is not None and job.staging.exists() and job.plan.figure.name not in self.results:
                    shutil.rmtree(job.staging, ignore_errors=True)
        return self.results

    def _timed_out(self, task: _Task) -> dict:
        what = f"the {task.theme} render" if task.theme else "the render"
        return {"ok": False, "error": {
            "type": "Timeout", "message": f"{what} was still running after {self.timeout:g} s and was stopped "
            f"(the limit per render: --timeout or ${settings.TIMEOUT_ENV}, default {settings.DEFAULT_TIMEOUT} s)"}}


def _staging_root(project, out_dir) -> Path:
    """Where renders write before their outputs are moved into ``out_dir`` with os.replace.

    Outside docs/ (``.cache/docfigs/staging``) so a render does not wake `mkdocs serve` file by file, when
    that is on the same file system as ``out_dir`` (os.replace is atomic only there); else a hidden folder
    inside ``out_dir`` (MkDocs skips dot folders).
    """
    root = project.cache_dir / "staging"
    root.mkdir(parents=True, exist_ok=True)
    if os.stat(root).st_dev == os.stat(out_dir).st_dev:
        return root
    return out_dir


def _cleanup_staging(project):
    """Remove what interrupted builds left (called under the build lock)."""
    places = [project.cache_dir / "staging"]
    if project.generated_dir.is_dir():
        places += [d for d in project.generated_dir.iterdir() if d.is_dir()]
    for place in places:
        for staging in place.glob(f"{settings.STAGING_PREFIX}*"):
            shutil.rmtree(staging, ignore_errors=True)
    for tmp in project.generated_dir.glob(".*.tmp") if project.generated_dir.is_dir() else ():
        # an atomic_write (manifest, report) that was interrupted; a live process may be writing one now
        m = re.search(r"\.(\d+)-[0-9a-f]+\.tmp$", tmp.name)
        if m and not _pid_alive(int(m.group(1))):
            tmp.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune(project, manifest, figures) -> bool:
    """Forget figures whose file is gone (their outputs too). True when the manifest changed."""
    gone = [name for name in manifest.figures if name not in figures]
    for name in gone:
        del manifest.figures[name]
        shutil.rmtree(project.output_dir(name), ignore_errors=True)
    return bool(gone)


# -- the entry point -----------------------------------------------------------------------------
def build(project, names=None, *, quality=None, jobs=None, force=False, keep_going=False, verify=False,
          progress=None, write_report=True, shard=None, timeout=None) -> Report:
    """Render what is stale among ``names`` (default: every figure) and return the report.

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
            _cleanup_staging(project)
            if not names and _prune(project, manifest, figures):
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
    report = Report(quality, jobs, force, time.monotonic() - start, ordered)
    if write_report or (write_report is None and (report.totals["rendered"] or report.totals["failed"])):
        atomic_write(project.report_path, (json.dumps(report.as_dict(), indent=1) + "\n").encode())
    if progress:
        progress.finish(report)
    return report


def status(project, names=None, quality=None, verify=False) -> list[Plan]:
    """Fresh or stale, and why, for each figure (reads only)."""
    figures = discover(project)
    return plan(project, select(figures, names), resolve_quality(quality), verify=verify)


def merge(project, folders, quality=None) -> tuple[list[str], list[Plan]]:
    """Take into this project the outputs other builds left in ``folders`` (each a docs/generated/ of the same
    sources: a manifest and a folder per figure), e.g. the shards of a CI matrix.

    A figure that is stale here is taken from the first folder whose manifest entry has the figure's current
    key (same sources, imports, theme, quality, library versions) and whose outputs match that entry by size
    and hash; its files are copied in and its entry recorded as ``Runner._commit`` does. Nothing is rendered.
    Returns (names taken, plans of the figures still stale after the merge).
    """
    quality = resolve_quality(quality)
    figures = list(discover(project).values())
    others = [(Path(f), Manifest.load(Path(f) / settings.MANIFEST_NAME)) for f in folders]
    taken = []
    with build_lock(project):
        _cleanup_staging(project)
        manifest = Manifest.load(project.manifest_path)
        for p in plan(project, figures, quality, manifest):
            if p.fresh or p.figure.problem:
                continue
            name = p.figure.name
            for folder, other in others:
                if folder.resolve() == project.generated_dir:
                    continue
                if other.check(name, p.key, p.inputs, quality, folder / name, verify=True)[0] and all(
                        Path(f).name == f and not f.startswith(".") for f in other.figures[name]["outputs"]):
                    _take(project, manifest, name, folder / name, other.figures[name])
                    taken.append(name)
                    break
        stale = [p for p in plan(project, figures, quality, manifest) if not p.fresh]
    return taken, stale


def _take(project, manifest, name, folder: Path, entry: dict):
    out_dir = project.output_dir(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = _staging_root(project, out_dir) / f"{settings.STAGING_PREFIX}{name}-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir(parents=True)
    try:
        for fname in entry["outputs"]:
            shutil.copyfile(folder / fname, staging / fname)
        if manifest.figures.pop(name, None) is not None:
            manifest.save()  # distrust, replace, record
        for fname in entry["outputs"]:
            os.replace(staging / fname, out_dir / fname)
        for old in out_dir.iterdir():
            if old.is_file() and not old.name.startswith(".") and old.name not in entry["outputs"]:
                old.unlink()
        manifest.figures[name] = entry
        manifest.save()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
