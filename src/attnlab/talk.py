"""Talk exports: any scene as a slide deck with one slide per beat, a 1080p60 video, a transparent WebM, a GIF,
or the frame at the end of each beat.

    attnlab talk [SCENE...] --format html|pptx|mp4|webm|gif|png [--format ...] [--theme light|dark|talk]
                 [--quality site|talk] [--transparent] [--deck NAME] [--out DIR] [--jobs N] [--force] [--keep-going]
                 [--json]

Defaults: every scene, theme ``talk`` (black background, white type, high contrast), quality ``talk``
(1920x1080, 60 fps), out ``build/talks/`` under the project root, as many renders at a time as cores.
``--format`` may be repeated: each scene is rendered once (by manim-slides, ``docfigs.slides``; renders
are cached in .cache/attnlab/talk/) and every format is made
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

import contextlib
import json
import os
import re
import secrets
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docfigs import settings
from docfigs.errors import EngineError, UsageError, closest
from docfigs.figures import plain

FORMATS = ("html", "pptx", "mp4", "webm", "gif", "png")
ALPHA_FORMATS = ("webm", "png")  # the formats that can carry transparency
DECK_FORMATS = ("html", "pptx")  # the formats --deck puts several scenes into
DECK_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
THEMES = ("light", "dark", "talk")  # attnlab.theme.THEME_NAMES
QUALITIES = ("site", "talk")  # shown in --help; "draft" (480p15) is accepted too, for tests
DEFAULT_THEME = "talk"
DEFAULT_QUALITY = "talk"
GIF_FPS = 15
GIF_MAX_WIDTH = 960
REVEALJS_PACKAGE = Path("node_modules") / "reveal.js"  # relative to the project root
REVEALJS_DIR = "reveal.js"  # the deck's copy, beside index.html
DECK_MEDIA = "media"  # the beats' videos, beside index.html


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


@contextlib.contextmanager
def _staging(folder: Path):
    """A hidden folder inside ``folder`` to write into before moving the result into place; removed after."""
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_staging(folder)
    staging = folder / f"{settings.STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write(project, figure, render, fmt: str, folder: Path) -> Written:
    """Write one format of ``render`` into ``folder`` (staged in a hidden folder beside it, then moved)."""
    name = output_name(figure.name, render.theme, fmt, render.transparent)
    with _staging(folder) as staging:
        if fmt == "png":
            files = write_pngs(render, staging, name)
            final = [folder / f.name for f in files]
            for f, dest in zip(files, final):
                os.replace(f, dest)
            pattern = re.compile(re.escape(name).replace("%02d", r"\d+") + "$")
            for old in folder.iterdir():  # beats of an earlier export of a longer version
                if pattern.match(old.name) and old not in final:
                    old.unlink()
            paths = final
        else:
            tmp = staging / name
            if fmt in DECK_FORMATS:
                DECK_WRITERS[fmt](project, plain(figure.title), [render], tmp)
            else:
                WRITERS[fmt](project, figure, render, tmp)
            paths = _publish(tmp, folder / name)
    return Written(figure.name, fmt, str(paths[0]), [str(p) for p in paths], render.beats, render.duration,
                   render.width, render.height, render.fps, render.transparent, render.cached)


def write_deck(project, deck: str, rendered: list, fmt: str, folder: Path) -> Written:
    """One deck (html or pptx) named ``deck`` of every scene in ``rendered`` [(figure, render), ...], in order."""
    renders = [render for _, render in rendered]
    first = renders[0]
    name = output_name(deck, first.theme, fmt)
    with _staging(folder) as staging:
        DECK_WRITERS[fmt](project, deck, renders, staging / name)
        paths = _publish(staging / name, folder / name)
    durations = [r.duration for r in renders]
    return Written(deck, fmt, str(paths[0]), [str(p) for p in paths], sum(r.beats for r in renders),
                   None if None in durations else round(sum(durations), 3), first.width, first.height, first.fps,
                   first.transparent, all(r.cached for r in renders))


def _publish(tmp: Path, dest: Path) -> list[Path]:
    """Move ``tmp`` (a file, or a deck folder) to ``dest``; the files now there (a deck's index.html first)."""
    if tmp.is_dir():
        old = None
        if dest.exists():
            old = dest.with_name(f"{settings.STAGING_PREFIX}old-{os.getpid()}-{secrets.token_hex(4)}")
            os.rename(dest, old)
        os.rename(tmp, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, dest)
        return [dest]
    files = sorted(p for p in dest.rglob("*") if p.is_file())
    index = dest / "index.html"
    return [index] + [p for p in files if p != index] if index in files else files


def _sweep_staging(folder: Path):
    """Staging folders that killed exports left behind."""
    from docfigs.builder import _pid_alive

    for tmp in folder.glob(f"{settings.STAGING_PREFIX}*"):
        parts = tmp.name[len(settings.STAGING_PREFIX):].split("-")
        pid = parts[1] if parts[0] == "old" and len(parts) > 1 else parts[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


# -- the formats -------------------------------------------------------------------------------------
def _ffmpeg(args, what):
    from docfigs.worker import _ffmpeg as run_ffmpeg

    run_ffmpeg(args, what)


_NO_METADATA = ["-map", "0:v:0", "-an", "-map_metadata", "-1"]


def write_mp4(project, figure, render, dest: Path):
    """H.264 yuv420p with the index first (+faststart): manim's own stream when it already is that."""
    from docfigs.worker import _probe

    movie = str(render.movie)
    info = _probe(movie)
    if info.get("codec_name") == "h264" and info.get("pix_fmt") == "yuv420p":
        codec = ["-c:v", "copy"]
    else:
        codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-preset", "medium"]
    _ffmpeg(["-i", movie, *_NO_METADATA, *codec, "-movflags", "+faststart", "-f", "mp4", str(dest)], "MP4")


def write_webm(project, figure, render, dest: Path):
    """VP9; yuva420p (alpha) from a transparent render, yuv420p otherwise."""
    pix_fmt = "yuva420p" if render.transparent else "yuv420p"
    _ffmpeg(["-i", str(render.movie), *_NO_METADATA, "-c:v", "libvpx-vp9", "-pix_fmt", pix_fmt, "-b:v", "0",
             "-crf", "30", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-f", "webm", str(dest)], "WebM")


def write_gif(project, figure, render, dest: Path):
    """One palette for the whole scene (palettegen on the frames' differences), ordered dithering, looping."""
    chain = (f"fps={min(GIF_FPS, render.fps)},scale='min({GIF_MAX_WIDTH},iw)':-2:flags=lanczos,split[a][b];"
             "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle")
    _ffmpeg(["-i", str(render.movie), "-an", "-map_metadata", "-1", "-filter_complex", chain, "-loop", "0",
             "-f", "gif", str(dest)], "GIF")


def write_pngs(render, staging: Path, pattern: str) -> list[Path]:
    """The last frame of each beat's movie (decode its last second, keep the last frame written)."""
    files = []
    for i, movie in enumerate(render.slide_files(), 1):
        dest = staging / (pattern % i)
        _ffmpeg(["-sseof", "-1", "-i", str(movie), "-map", "0:v:0", "-fps_mode", "passthrough", "-update", "1",
                 "-c:v", "png", str(dest)], f"PNG of beat {i}")
        files.append(dest)
    return files


def revealjs_package(project) -> Path:
    """The reveal.js package the decks copy (node_modules/reveal.js, from package.json)."""
    package = project.root / REVEALJS_PACKAGE
    if not (package / "dist" / "reveal.js").is_file():
        raise EngineError(f"reveal.js is not installed in {package}: run `npm ci` in {project.root} "
                          "(package.json pins it; the HTML decks carry their own copy and need no network)")
    return package


def _presentations(renders):
    os.environ.setdefault("TQDM_DISABLE", "1")  # manim-slides' converters draw progress bars
    from manim_slides.config import PresentationConfig

    return [PresentationConfig.from_file(render.slides_json) for render in renders]


def write_html(project, title: str, renders: list, dest: Path):
    """A reveal.js deck in folder ``dest``: index.html, the beats' videos in media/, reveal.js's files it uses."""
    package = revealjs_package(project)
    configs = _presentations(renders)
    from manim_slides.convert import RevealJS

    dest.mkdir()
    deck = RevealJS(presentation_configs=configs, assets_dir=DECK_MEDIA, cdn_url=REVEALJS_DIR, title=title,
                    reveal_theme="white" if renders[0].theme == "light" else "black", hash="true")
    deck.convert_to(dest / "index.html")
    text = (dest / "index.html").read_text(encoding="utf-8")
    # every beat muted (the scenes have no sound), so each one autoplays whatever the browser's autoplay policy
    text = re.sub(r"\s*data-background-video-muted\b", "", text)
    text = text.replace(" data-background-video=", " data-background-video-muted data-background-video=")
    (dest / "index.html").write_text(text, encoding="utf-8")
    used = sorted(set(re.findall(r'(?:href|src)="' + re.escape(REVEALJS_DIR) + r'/([^"]+)"', text)))
    remote = re.findall(r'(?:href|src)="((?:https?:)?//[^"]+)"', text)
    if remote:
        raise EngineError(f"the deck {title!r} would load {', '.join(remote)}: it must work offline")
    for rel in [*used, "LICENSE"]:
        source = package / rel
        if not source.is_file():
            raise EngineError(f"the deck {title!r} needs {rel}, which {package} does not have")
        target = dest / REVEALJS_DIR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def write_pptx(project, title: str, renders: list, dest: Path):
    """manim-slides' PowerPoint converter: one slide per beat, its video filling the slide and playing on entry."""
    configs = _presentations(renders)
    from manim_slides.convert import PowerPoint

    PowerPoint(presentation_configs=configs, width=renders[0].width, height=renders[0].height).convert_to(dest)


WRITERS = {"mp4": write_mp4, "webm": write_webm, "gif": write_gif}  # (project, figure, render, dest)
DECK_WRITERS = {"html": write_html, "pptx": write_pptx}  # (project, title, renders, dest)


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
