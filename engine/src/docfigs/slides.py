"""One scene rendered by manim-slides (a movie per beat) at a theme, quality and transparency: the talk exports'
input (a project's talk exports, e.g. ``attnlab talk``).

    from docfigs.slides import render_slides
    render = render_slides(project, figure, theme="talk", quality="talk")
    render.slides_json  # manim-slides' presentation file: one slide per beat, paths relative to render.folder

The render runs in a worker process (``worker.py slides``) whose cwd is a fresh work folder (manim-slides writes
``./slides``), and is kept in ``.cache/docfigs/talk/<name>.<theme>.<quality>[.alpha]-<key>/``: the key is the
figure's engine key (its file, every project module it imports, the theme module, the quality, the library
versions) plus the theme and transparency, so exporting another format of the same scene renders nothing.
The folder appears by one rename when the render is complete; older renders of the same combination are removed.
"""

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .builder import WORKER, FigureResult, _pid_alive, plan, resolve_quality, worker_env
from .cache import sha256_bytes
from .errors import EngineError

RENDER_FORMAT = 1  # bump when what a talk render folder holds changes
RECORD = "render.json"


class RenderError(EngineError):
    """The scene failed to render; ``error`` is the worker's error (file, line, traceback)."""

    def __init__(self, result: FigureResult):
        self.result = result
        self.error = result.error or {}
        super().__init__(result.error_line)


@dataclass(frozen=True)
class SlidesRender:
    name: str
    theme: str
    quality: str
    transparent: bool
    folder: Path
    scene: str  # the Slide subclass
    movie: Path  # the whole scene: H.264 MP4, or ARGB QuickTime (qtrle) when transparent
    slides_json: Path  # manim-slides' PresentationConfig file
    beats: int
    duration: float | None
    width: int
    height: int
    fps: int
    cached: bool
    seconds: float

    def slide_files(self) -> list[Path]:
        """The movie of each beat, in order."""
        data = json.loads(self.slides_json.read_text(encoding="utf-8"))
        return [self.folder / slide["file"] for slide in data["slides"]]


def cache_root(project) -> Path:
    return project.cache_dir / "talk"


def _label(name, theme, quality, transparent) -> str:
    return f"{name}.{theme}.{quality}{'.alpha' if transparent else ''}"


def _from_record(folder: Path, cached: bool, seconds: float) -> SlidesRender | None:
    try:
        rec = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    render = SlidesRender(
        name=rec["name"], theme=rec["theme"], quality=rec["quality"], transparent=rec["transparent"], folder=folder,
        scene=rec["scene"], movie=folder / rec["movie"], slides_json=folder / rec["slides"], beats=rec["beats"],
        duration=rec.get("duration"), width=rec["width"], height=rec["height"], fps=rec["fps"], cached=cached,
        seconds=seconds)
    if not render.movie.is_file() or not render.slides_json.is_file():
        return None
    if not all(f.is_file() for f in render.slide_files()):
        return None
    return render


def _sweep(root: Path, label: str, keep: Path):
    """Remove older renders of ``label`` and work folders that dead processes left."""
    for old in root.glob(f"{label}-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(f"{settings.STAGING_PREFIX}*"):
        pid = tmp.name[len(settings.STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def render_slides(project, figure, *, theme: str, quality: str, transparent: bool = False,
                  force: bool = False) -> SlidesRender:
    """The manim-slides render of scene ``figure`` (an animation ``Figure``); cached, see the module docstring.

    Raises RenderError when the scene fails (its file, line and traceback), EngineError for a still.
    """
    from .. import theme as themes

    if figure.kind != "animation":
        raise EngineError(f"{figure.name} is a still ({figure.source}); only scenes have slides")
    themes.get(theme)  # ValueError for an unknown theme
    quality = resolve_quality(quality)
    start = time.monotonic()
    (p,) = plan(project, [figure], quality)
    if p.figure.problem:
        raise RenderError(FigureResult(p.figure.name, "animation", p.figure.source, "failed", 0.0, p.reason,
                                       {"type": "FigureError", "message": p.figure.problem, "file": p.figure.source,
                                        "line": p.figure.problem_line}))
    key = sha256_bytes(json.dumps({"figure": p.key, "theme": theme, "transparent": bool(transparent),
                                   "format": RENDER_FORMAT}, sort_keys=True).encode())
    label = _label(figure.name, theme, quality, transparent)
    root = cache_root(project)
    final = root / f"{label}-{key[:16]}"
    if not force:
        hit = _from_record(final, True, time.monotonic() - start)
        if hit is not None:
            return hit
    root.mkdir(parents=True, exist_ok=True)
    work = root / f"{settings.STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    work.mkdir()
    try:
        (work / "_source.py").write_bytes(p.source_bytes)
        manim_quality, _, _, fps = settings.QUALITIES[quality]
        task = {"name": figure.name, "source_path": str(figure.path), "display_path": figure.source,
                "snapshot": str(work / "_source.py"), "out_dir": str(work), "work_dir": str(work),
                "result": str(work / "result.json"), "theme": theme, "manim_quality": manim_quality,
                "transparent": bool(transparent)}
        (work / "task.json").write_text(json.dumps(task), encoding="utf-8")
        env = worker_env(project)
        with open(work / "log.txt", "wb") as log:
            proc = subprocess.run([sys.executable, "-u", str(WORKER), "slides", str(work / "task.json")],
                                  stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
        try:
            result = json.loads((work / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = (work / "log.txt").read_bytes()[-3000:].decode("utf-8", errors="replace")
            result = {"ok": False, "error": {"type": "WorkerDied", "message":
                      f"render process exited with code {proc.returncode}", "traceback": tail}}
        if not result.get("ok"):
            error = result.get("error") or {"message": "render failed"}
            error.setdefault("file", figure.source)
            raise RenderError(FigureResult(figure.name, "animation", figure.source, "failed",
                                           result.get("seconds", 0.0), p.reason, error))
        record = {"name": figure.name, "theme": theme, "quality": quality, "transparent": bool(transparent),
                  "key": key, "fps": fps, "seconds": result.get("seconds")} | {
            k: result[k] for k in ("scene", "movie", "slides", "beats", "duration", "width", "height")}
        for fname in ("task.json", "result.json", "_source.py"):
            (work / fname).unlink(missing_ok=True)
        (work / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        if final.exists():  # a forced render, or another process finished the same render first
            shutil.rmtree(final, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.rename(work, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _sweep(root, label, final)
    render = _from_record(final, False, time.monotonic() - start)
    if render is None:
        raise EngineError(f"the render of {figure.name} left no usable folder in {final}")
    return render
