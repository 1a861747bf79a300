"""Render tasks and their results, as the engine and its worker processes exchange them (JSON, both sides typed).

* ``StillTask``: one still in every site theme (a line on a still server's stdin);
* ``AnimationTask``: one scene in one theme, encoded for the site (a task file);
* ``SlidesTask``: one scene rendered by manim-slides for the talk exports (a task file);
* ``RenderResult`` (stills, animations) and ``SlidesResult``: what came back (a line on stdout, a result file).

Standard library only: the worker imports it before anything else, the engine on its planning path.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


class Message:
    """JSON in and out for the dataclasses below; a field missing or unknown is a ValueError naming it."""

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__}: expected a JSON object, received {type(data).__name__}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown field(s) {', '.join(unknown)}; expected {', '.join(known)}")
        try:
            return cls(**data)
        except TypeError as exc:  # a required field is missing
            raise ValueError(f"{cls.__name__}: {exc}; expected {', '.join(known)}") from None

    def write(self, path: Path):
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path):
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


@dataclass(kw_only=True)
class RenderTask(Message):
    name: str  # the figure's name
    source_path: str  # the figure's file (absolute): tracebacks name it
    display_path: str  # the same, relative to the project root: messages name it
    snapshot: str  # a copy of the exact bytes the engine hashed: what runs
    out_dir: str  # where the outputs go (a staging folder)


@dataclass(kw_only=True)
class StillTask(RenderTask):
    themes: list[str]
    png_dpi: int
    outputs: dict[str, dict[str, str]]  # theme -> settings.still_outputs(name, theme)


@dataclass(kw_only=True)
class SceneTask(RenderTask):
    theme: str
    manim_quality: str  # manim's config.quality
    work_dir: str  # manim's media folder goes here; the slides render's cwd
    result: str  # the result file the worker writes


@dataclass(kw_only=True)
class AnimationTask(SceneTask):
    width: int
    height: int
    fps: int
    encoding: dict  # settings.VIDEO_ENCODING[quality]
    intermediate: dict  # settings.INTERMEDIATE_ENCODING
    threads: int | None = None  # per encoder; None: the encoder's own choice
    outputs: dict[str, str]  # settings.animation_outputs(name, theme)


@dataclass(kw_only=True)
class SlidesTask(SceneTask):
    transparent: bool = False  # no background: an ARGB QuickTime movie


READY = "ready"  # the still server's first line: imports done, the clock of its first render may start


@dataclass(kw_only=True)
class RenderResult(Message):
    name: str
    ok: bool
    seconds: float = 0.0
    error: dict | None = None  # type, message, file, line, function, origin, traceback (and output)
    outputs: list[str] = field(default_factory=list)  # file names written into the task's out_dir
    width: int | None = None
    height: int | None = None
    scene: str | None = None  # the Slide subclass (scenes)
    meta: dict = field(default_factory=dict)  # animations: settings.ANIMATION_META

    @classmethod
    def failure(cls, name: str, error: dict, seconds: float = 0.0):
        return cls(name=name, ok=False, error=error, seconds=seconds)

    @classmethod
    def worker_died(cls, name: str, returncode, output_tail: str):
        """The result of a render whose process ended without giving one."""
        return cls.failure(name, {"type": "WorkerDied", "message": f"render process exited with code {returncode}",
                                  "traceback": output_tail})


@dataclass(kw_only=True)
class SlidesResult(RenderResult):
    movie: str | None = None  # relative to the work folder
    slides: str | None = None  # manim-slides' presentation file, relative to the work folder
    beats: int | None = None
    duration: float | None = None
    pix_fmt: str | None = None
    codec: str | None = None
