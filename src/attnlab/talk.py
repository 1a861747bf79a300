"""Talk exports: any scene as a slide deck with one slide per beat, a 1080p60 video, a transparent WebM, a GIF,
or the frame at the end of each beat.

    attnlab talk [SCENE...] --format html|pptx|mp4|webm|gif|png [--format ...] [--theme light|dark|talk]
                 [--quality site|talk] [--transparent] [--deck NAME] [--out DIR] [--jobs N] [--force] [--keep-going]
                 [--json]

Defaults: every scene, theme ``talk`` (black background, white type, high contrast), quality ``talk``
(1920x1080, 60 fps), out ``build/talks/`` under the project root, as many renders at a time as cores.
``--format`` may be repeated: each scene is rendered once (by manim-slides, ``docfigs.slides``; renders
are cached in .cache/docfigs/talk/) and every format is made
from that render. Outputs, in ``OUT/<scene>/``, named ``<scene>.<theme>[.alpha]``:

* ``html``: ``<scene>.<theme>.deck/index.html``, a reveal.js deck with one slide per beat, made by
  manim-slides' converter with its reveal.js and videos beside it (no network: reveal.js comes from
  ``node_modules/reveal.js``, installed from the npm registry by ``npm ci``);
* ``pptx``: a PowerPoint deck, one slide per beat, each beat's video playing when its slide opens;
* ``mp4``: H.264, yuv420p, +faststart (the render's own stream, not re-encoded);
* ``webm``: VP9; with ``--transparent`` the background is left out and the WebM keeps an alpha channel
  (yuva420p), for compositing over a slide;
* ``gif``: palette-optimised (ffmpeg palettegen/paletteuse), 15 fps, at most 960 pixels wide;
* ``png``: ``<scene>.<theme>.beat-01.png``, ...: the last frame of each beat (RGBA with ``--transparent``).

With ``--deck NAME`` the html and pptx formats make one deck of all the scenes, in the order given, in
``OUT/NAME.<theme>.deck/`` and ``OUT/NAME.<theme>.pptx`` (its beats one slide each, scene after scene), instead
of one deck per scene; it is written only when every scene rendered.

Every output is written beside its final name and moved into place (one rename; a deck folder replaces the old
one by two renames), so an interrupted export never leaves a half-written file under a final name.
Exit codes: 0 ok, 1 a scene failed to render, 2 usage (unknown scene, bad format or option).
Only the standard library is imported until something is exported.
"""

import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docfigs import settings
from docfigs.errors import UsageError, closest
from docfigs.figures import plain
from docfigs.staging import publish_files, publish_folder, staging_folder, sweep

from .talk_formats import (
    DECK_FORMATS,
    DECK_WRITERS,
    WRITERS,
    revealjs_package,
    write_pngs,
)

FORMATS = ("html", "pptx", "mp4", "webm", "gif", "png")
ALPHA_FORMATS = ("webm", "png")  # the formats that can carry transparency
DECK_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
THEMES = ("light", "dark", "talk")  # attnlab.theme.THEME_NAMES
QUALITIES = ("site", "talk")  # shown in --help; "draft" (480p15) is accepted too, for tests
DEFAULT_THEME = "talk"
DEFAULT_QUALITY = "talk"


# -- names -----------------------------------------------------------------------------------------
def output_base(name: str, theme: str, transparent: bool) -> str:
    return f"{name}.{theme}" + (".alpha" if transparent else "")


def output_name(name: str, theme: str, fmt: str, transparent: bool = False) -> str:
    """The file (or, for html, the folder) a format is written to, inside ``OUT/<name>/``."""
    base = output_base(name, theme, transparent)
    return {"html": f"{base}.deck", "pptx": f"{base}.pptx", "mp4": f"{base}.mp4", "webm": f"{base}.webm",
            "gif": f"{base}.gif", "png": f"{base}.beat-%02d.png"}[fmt]


# -- the command line --------------------------------------------------------------------------------
def add_arguments(p):
    """The ``attnlab talk`` arguments (the CLI's subparser)."""
    p.add_argument("names", nargs="*", metavar="SCENE", help="scenes to export (default: every scene)")
    p.add_argument("-f", "--format", dest="formats", action="append", choices=FORMATS, metavar="FORMAT",
                   required=True, help=f"{'|'.join(FORMATS)}; repeat it for several formats from one render")
    p.add_argument("--theme", choices=THEMES, default=DEFAULT_THEME,
                   help=f"colours: light, dark (the site's) or talk (black, high contrast; default {DEFAULT_THEME})")
    p.add_argument("--quality", choices=(*QUALITIES, "draft"), default=DEFAULT_QUALITY, metavar="site|talk",
                   help=f"site 1280x720 30 fps, talk 1920x1080 60 fps (default {DEFAULT_QUALITY})")
    p.add_argument("--transparent", action="store_true",
                   help="no background: a WebM with an alpha channel, RGBA PNGs (webm and png only)")
    p.add_argument("--deck", metavar="NAME", default=None,
                   help="one html/pptx deck NAME of all the scenes, in the order given, instead of one per scene")
    p.add_argument("-o", "--out", default=None, help="output folder (default: build/talks/ in the project root)")
    p.add_argument("--force", action="store_true", help="render again even when a cached render exists")
    p.add_argument("-k", "--keep-going", action="store_true", help="after a failure, export the other scenes")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help=f"scenes rendered at a time (default: ${settings.JOBS_ENV} or the number of cores; a 1080p60 "
                        "render needs about 1 GB of memory)")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")


def run(args, project) -> int:
    """``attnlab talk``: validate, export, report. UsageError (exit 2) before anything is rendered."""
    formats = list(dict.fromkeys(args.formats))
    report = export(project, args.names, formats, theme=args.theme, quality=args.quality,
                    transparent=args.transparent, out=Path(args.out).resolve() if args.out else None,
                    force=args.force, keep_going=args.keep_going, deck=args.deck,
                    jobs=args.jobs if args.jobs is not None else
                    int(os.environ.get(settings.JOBS_ENV) or 0) or os.cpu_count() or 1,
                    log=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), indent=1))
    for failure in report.failures:
        print(f"\nerror: {failure.error_line}", file=sys.stderr)
        tb = (failure.error or {}).get("traceback")
        if tb:
            print(tb.rstrip(), file=sys.stderr)
    return 1 if report.failures else 0


# -- the export --------------------------------------------------------------------------------------
@dataclass
class Written:
    scene: str  # the scene, or the deck's NAME for a --deck deck
    format: str
    path: str  # a file; for html the deck's index.html; for png the first beat's PNG
    files: list[str]  # every file written (png: one per beat)
    beats: int
    duration: float | None
    width: int
    height: int
    fps: int
    transparent: bool
    cached: bool  # made from a cached render (nothing rendered)


@dataclass
class TalkReport:
    theme: str
    quality: str
    out: str
    seconds: float = 0.0
    written: list[Written] = field(default_factory=list)
    failures: list = field(default_factory=list)  # engine FigureResult of scenes that failed

    def as_dict(self) -> dict:
        return {"theme": self.theme, "quality": self.quality, "out": self.out, "seconds": round(self.seconds, 3),
                "written": [asdict(w) for w in self.written],
                "failed": [{"scene": f.name, "error": f.error_line} for f in self.failures]}


def select_scenes(figures: dict, names) -> list:
    """The scenes (animation figures) named, or all; UsageError naming the argument for unknown names or stills."""
    scenes = {n: f for n, f in figures.items() if f.kind == "animation"}
    if not names:
        return list(scenes.values())
    problems = []
    for n in dict.fromkeys(names):
        if n in scenes:
            continue
        hint = closest(n, scenes)
        hint_text = f" (closest: {', '.join(hint)})" if hint else f" (scenes: {', '.join(scenes) or 'none'})"
        if n in figures:
            problems.append(f"{n!r} is a still ({figures[n].source}), not a scene" + (
                f"; closest scenes: {', '.join(hint)}" if hint else ""))
        else:
            problems.append(f"unknown scene {n!r}{hint_text}")
    if problems:
        raise UsageError("argument SCENE: " + "; ".join(problems))
    return [scenes[n] for n in dict.fromkeys(names)]


def check_options(formats, theme, quality, transparent, deck=None):
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"argument --format: choose from {', '.join(FORMATS)}"
                         + (f" (not {', '.join(bad)})" if bad else ""))
    if theme not in THEMES:
        raise UsageError(f"argument --theme: choose from {', '.join(THEMES)} (not {theme!r})")
    if quality not in settings.QUALITIES:
        raise UsageError(f"argument --quality: choose from {', '.join(QUALITIES)} (not {quality!r})")
    opaque = [f for f in formats if f not in ALPHA_FORMATS]
    if transparent and opaque:
        raise UsageError(f"argument --transparent: only with --format {' or '.join(ALPHA_FORMATS)}; "
                         f"{', '.join(opaque)} cannot carry transparency")
    if deck is not None:
        if not DECK_NAME_RE.fullmatch(deck):
            raise UsageError(f"argument --deck: a file name of letters, digits, '.', '_' and '-' (not {deck!r})")
        if not set(formats) & set(DECK_FORMATS):
            raise UsageError(f"argument --deck: only with --format {' or '.join(DECK_FORMATS)}")


def export(project, names, formats, *, theme=DEFAULT_THEME, quality=DEFAULT_QUALITY, transparent=False, out=None,
           force=False, keep_going=False, deck=None, jobs=1, log=None) -> TalkReport:
    """Render each scene once (cached; ``jobs`` at a time) and write every format; see the module docstring."""
    from concurrent.futures import ThreadPoolExecutor

    from docfigs.figures import discover

    start = time.monotonic()
    check_options(formats, theme, quality, transparent, deck)
    if jobs < 1:
        raise UsageError(f"argument -j/--jobs: at least 1 (not {jobs})")
    scenes = select_scenes(discover(project), names)
    out = Path(out) if out is not None else project.root / "build" / "talks"
    report = TalkReport(theme, quality, str(out))
    if "html" in formats:
        revealjs_package(project)  # fail before rendering anything
    if not scenes:
        _say(log, f"no scenes in {project.diagrams_dir}")
        return report
    from docfigs.slides import RenderError, render_slides

    scene_formats = [f for f in formats if not (deck and f in DECK_FORMATS)]
    rendered = []  # (figure, render) of every scene, in order: the --deck deck
    _say(log, f"rendering {len(scenes)} scene{'s' * (len(scenes) != 1)} ({theme} theme, {_quality_text(quality)}"
              + (", transparent" if transparent else "") + f", {jobs} at a time)")
    # each render runs in its own worker process; the threads only wait for them. Formats are written in the
    # order of the scenes, while the next renders go on.
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        renders = [pool.submit(render_slides, project, figure, theme=theme, quality=quality, transparent=transparent,
                               force=force) for figure in scenes]
        for figure, future in zip(scenes, renders):
            try:
                render = future.result()
            except RenderError as exc:
                report.failures.append(exc.result)
                _say(log, f"{figure.name}: failed: {exc}")
                if not keep_going:
                    break  # the renders not started are cancelled; a running one finishes and stays cached
                continue
            _say(log, f"{figure.name}: {render.beats} beat{'s' * (render.beats != 1)}, {render.duration or 0:.1f} s"
                      + (" (cached render)" if render.cached else f" (rendered in {render.seconds:.1f} s)"))
            rendered.append((figure, render))
            for fmt in scene_formats:
                written = write(project, figure, render, fmt, out / figure.name)
                report.written.append(written)
                _say(log, f"  {fmt:<5} {_shown(written.path)}")
    finally:
        pool.shutdown(cancel_futures=True)  # after a failure or an interrupt: no new render starts
    if deck and report.failures:
        _say(log, f"deck {deck}: not written, {len(report.failures)} scene(s) failed")
    elif deck:
        _say(log, f"deck {deck}: {sum(render.beats for _, render in rendered)} slides from {len(rendered)} scenes")
        for fmt in formats:
            if fmt in DECK_FORMATS:
                written = write_deck(project, deck, rendered, fmt, out)
                report.written.append(written)
                _say(log, f"  {fmt:<5} {_shown(written.path)}")
    report.seconds = time.monotonic() - start
    return report


def write(project, figure, render, fmt: str, folder: Path) -> Written:
    """Write one format of ``render`` into ``folder`` (staged in a hidden folder beside it, then moved)."""
    name = output_name(figure.name, render.theme, fmt, render.transparent)
    sweep(folder)  # staging folders that killed exports left behind
    with staging_folder(folder) as staging:
        if fmt == "png":
            files = write_pngs(render, staging, name)
            pattern = re.compile(re.escape(name).replace("%02d", r"\d+") + "$")
            # beats of an earlier export of a longer version go
            paths = publish_files(staging, folder, [f.name for f in files], obsolete=pattern.match)
        else:
            if fmt in DECK_FORMATS:
                DECK_WRITERS[fmt](project, plain(figure.title), [render], staging / name)
            else:
                WRITERS[fmt](project, figure, render, staging / name)
            paths = _publish(staging, folder, name)
    return Written(figure.name, fmt, str(paths[0]), [str(p) for p in paths], render.beats, render.duration,
                   render.width, render.height, render.fps, render.transparent, render.cached)


def write_deck(project, deck: str, rendered: list, fmt: str, folder: Path) -> Written:
    """One deck (html or pptx) named ``deck`` of every scene in ``rendered`` [(figure, render), ...], in order."""
    renders = [render for _, render in rendered]
    first = renders[0]
    name = output_name(deck, first.theme, fmt)
    sweep(folder)
    with staging_folder(folder) as staging:
        DECK_WRITERS[fmt](project, deck, renders, staging / name)
        paths = _publish(staging, folder, name)
    durations = [r.duration for r in renders]
    return Written(deck, fmt, str(paths[0]), [str(p) for p in paths], sum(r.beats for r in renders),
                   None if None in durations else round(sum(durations), 3), first.width, first.height, first.fps,
                   first.transparent, all(r.cached for r in renders))


def _publish(staging: Path, folder: Path, name: str) -> list[Path]:
    """Move ``staging/name`` (a file, or a deck folder) to ``folder/name``; the files now there (a deck's
    index.html first)."""
    if not (staging / name).is_dir():
        return publish_files(staging, folder, [name])
    dest = folder / name
    publish_folder(staging / name, dest)
    files = sorted(p for p in dest.rglob("*") if p.is_file())
    index = dest / "index.html"
    return [index] + [p for p in files if p != index] if index in files else files


# -- output ------------------------------------------------------------------------------------------
def _quality_text(quality):
    _, width, height, fps = settings.QUALITIES[quality]
    return f"{width}x{height} {fps} fps"


def _shown(path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _say(stream, text):
    if stream is not None:
        print(text, file=stream, flush=True)
