"""One scene rendered by manim-slides (a movie per beat) at a theme, quality and transparency: the talk exports'
input (a project's talk exports, e.g. ``attnlab talk``).

    from docfigs.slides import render_slides
    render = render_slides(project, figure, theme="talk", quality="talk")
    render.slides_json  # manim-slides' presentation file: one slide per beat, paths relative to render.folder

The render runs in a worker process (``worker.py slides``) whose cwd is a fresh work folder (manim-slides writes
``./slides``), and is kept in ``.cache/docfigs/talk/<name>.<theme>.<quality>[.alpha]-<key>/``: the key is the
figure's engine key (its file, every project module it imports, the theme module, the quality, the library
versions) plus the theme and transparency, so exporting another format of the same scene renders nothing.
The folder appears by one rename when the render is complete (``staging.publish_folder``); older renders of the same
combination are removed.
"""

import contextlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .cache import sha256_bytes
from .errors import EngineError, UsageError
from .planning import plan, resolve_quality
from .processes import TaskProcess, worker_env
from .results import FigureResult
from .staging import discard, make_staging_folder, publish_folder, sweep
from .tasks import SlidesResult, SlidesTask

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
            discard(old)
    sweep(root)


def render_slides(project, figure, *, theme: str, quality: str, transparent: bool = False,
                  force: bool = False) -> SlidesRender:
    """The manim-slides render of scene ``figure`` (an animation ``Figure``); cached, see the module docstring.

    Raises RenderError when the scene fails (its file, line and traceback), EngineError for a still, UsageError
    for an unknown theme.
    """
    if figure.kind != "animation":
        raise EngineError(f"{figure.name} is a still ({figure.source}); only scenes have slides")
    if theme not in settings.THEME_NAMES:
        raise UsageError(f"unknown theme {theme!r} for the slides of {figure.name}; "
                         f"choose one of {', '.join(settings.THEME_NAMES)}")
    quality = resolve_quality(quality)
    start = time.monotonic()
    (p,) = plan(project, [figure], quality)
    if p.figure.problem:
        raise RenderError(FigureResult.unrenderable(p.figure, p.reason))
    key = sha256_bytes(json.dumps({"figure": p.key, "theme": theme, "transparent": bool(transparent),
                                   "format": RENDER_FORMAT}, sort_keys=True).encode())
    label = _label(figure.name, theme, quality, transparent)
    root = cache_root(project)
    final = root / f"{label}-{key[:16]}"
    if not force:
        hit = _from_record(final, True, time.monotonic() - start)
        if hit is not None:
            return hit
    work = make_staging_folder(root, label)
    try:
        (work / "_source.py").write_bytes(p.source_bytes)
        manim_quality, _, _, fps = settings.QUALITIES[quality]
        task = SlidesTask(name=figure.name, source_path=str(figure.path), display_path=figure.source,
                          snapshot=str(work / "_source.py"), out_dir=str(work), work_dir=str(work),
                          result=str(work / "result.json"), theme=theme, manim_quality=manim_quality,
                          transparent=bool(transparent))
        proc = TaskProcess("slides", task, SlidesResult, worker_env(project), cwd=work)
        proc.wait()
        result = proc.result()
        if not result.ok:
            error = result.error or {"message": "render failed"}
            error.setdefault("file", figure.source)
            raise RenderError(FigureResult(figure.name, "animation", figure.source, "failed", result.seconds,
                                           p.reason, error))
        record = {"name": figure.name, "theme": theme, "quality": quality, "transparent": bool(transparent),
                  "key": key, "fps": fps, "seconds": result.seconds, "scene": result.scene, "movie": result.movie,
                  "slides": result.slides, "beats": result.beats, "duration": result.duration,
                  "width": result.width, "height": result.height}
        for fname in ("task.json", "result.json", "_source.py"):
            (work / fname).unlink(missing_ok=True)
        (work / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        with contextlib.suppress(OSError):  # another process may be publishing the same render: either is whole
            publish_folder(work, final)
    finally:
        discard(work)
    _sweep(root, label, final)
    render = _from_record(final, False, time.monotonic() - start)
    if render is None:
        raise EngineError(f"the render of {figure.name} left no usable folder in {final}")
    return render
