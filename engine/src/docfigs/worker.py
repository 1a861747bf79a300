"""The render worker: a separate process the engine starts; the only code that imports matplotlib or manim.

Run as a script (``python .../docfigs/worker.py``) with the project's ``src/`` first on PYTHONPATH, so the
theme module ($DOCFIGS_THEME_MODULE) and the figures' own imports come from the project being built. Stills get
their theme as ``draw(data, theme)``, scenes as ``self.theme`` (set on the scene's class before it is made):

* ``still-server``: renders stills, one task per JSON line on stdin, one result per JSON line on
  stdout (a persistent process, so matplotlib and torch are imported once per worker, not per figure);
* ``animation TASK.json``: renders one (scene, theme) with manim in this fresh process (manim keeps global
  config state), then makes MP4, WebM and poster PNG (256 colours) with ffmpeg, and writes the result JSON (with the
  scene's beats and duration, which the manifest records);
* ``slides TASK.json``: renders one scene with manim-slides (its slide files, one per beat) for the talk
  exports, in the task's work folder.

Outputs go to the task's staging folder only; the engine moves them into place and records them. A
worker dies with its parent (PR_SET_PDEATHSIG), so a killed build leaves no render running.
"""

import contextlib
import io
import json
import linecache
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
import types

PARENT_ENV = "DOCFIGS_ENGINE_PARENT"  # the names of docfigs.settings (this script runs without the package)
THEME_MODULE_ENV = "DOCFIGS_THEME_MODULE"
PROJECT_NAME_ENV = "DOCFIGS_PROJECT_NAME"


class ContractError(Exception):
    """The figure file does not follow the contract (data()/draw() for stills, one Slide for scenes)."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


def _die_with_parent():
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the parent kills its workers itself
        pass
    parent = os.environ.get(PARENT_ENV)
    if parent and os.getppid() != int(parent):
        os._exit(3)  # the parent died before the line above took effect


def _set_pdeathsig():  # for ffmpeg children
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass


# -- loading a figure ----------------------------------------------------------------------------
def theme_module():
    """The project's theme module ($DOCFIGS_THEME_MODULE; the engine's neutral docfigs.theme when unset)."""
    import importlib

    return importlib.import_module(os.environ.get(THEME_MODULE_ENV) or "docfigs.theme")


def load_figure(task):
    """Execute the figure's snapshot (the exact bytes the engine hashed) as a module named after its file."""
    path = task["source_path"]
    with open(task["snapshot"], "rb") as f:
        source = f.read()
    text = source.decode("utf-8", errors="replace")
    linecache.cache[path] = (len(text), None, text.splitlines(True), path)  # tracebacks show the snapshot
    code = compile(source, path, "exec", dont_inherit=True)
    modname = "docfigs_figure_" + re.sub(r"\W", "_", task["name"])
    module = types.ModuleType(modname)
    module.__file__ = path
    sys.modules[modname] = module
    exec(code, module.__dict__)
    return module


def describe(exc, task):
    """The error as the engine reports it: the figure's file and line first, then the traceback."""
    path, display = task["source_path"], task["display_path"]
    frames = traceback.extract_tb(exc.__traceback__)
    in_figure = [i for i, fr in enumerate(frames) if fr.filename == path]
    line = function = None
    if isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    elif isinstance(exc, ContractError):
        line = exc.line
    elif in_figure:
        line, function = frames[in_figure[-1]].lineno, frames[in_figure[-1]].name
    start = in_figure[0] if in_figure else 0
    shown = frames[start:]
    text = "".join(traceback.format_list(shown)) if shown else ""
    text = ("Traceback (most recent call last):\n" + text if text else "") + "".join(
        traceback.format_exception_only(type(exc), exc))
    origin = None
    if frames and frames[-1].filename != path and not isinstance(exc, ContractError):
        origin = f"{frames[-1].filename}:{frames[-1].lineno}"
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "file": display,
        "line": line,
        "function": function,
        "origin": origin,
        "traceback": text,
    }


# -- stills --------------------------------------------------------------------------------------
_SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


def _svg_css_size(path):
    with open(path, "rb") as f:
        head = f.read(4096)
    m = _SVG_SIZE.search(head)
    if not m:
        return None, None
    return round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)  # pt -> CSS px


def render_still(task):
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    themes = theme_module()
    rc = getattr(themes, "matplotlib_rc", lambda theme: {})
    module = load_figure(task)
    display = task["display_path"]
    data_fn, draw_fn = getattr(module, "data", None), getattr(module, "draw", None)
    for fn_name, fn in (("data", data_fn), ("draw", draw_fn)):
        if not callable(fn):
            raise ContractError(f"{display} defines no {fn_name}() function "
                                "(a still defines data() and draw(data, theme) -> matplotlib Figure)", line=1)
    data = data_fn()
    out_dir = task["out_dir"]
    written, width, height = [], None, None
    for name in task["themes"]:
        theme = themes.get(name)
        # fixed SVG ids and text as paths (no fonts to fetch): two builds write the same bytes; a theme may override
        with matplotlib.rc_context({"svg.hashsalt": os.environ.get(PROJECT_NAME_ENV, "docfigs"), "svg.fonttype": "path"}
                                   | rc(theme)):
            fig = draw_fn(data, theme)
            if not isinstance(fig, Figure):
                raise ContractError(f"draw() in {display} returned {type(fig).__name__}, not a matplotlib Figure",
                                    line=draw_fn.__code__.co_firstlineno)
            out = task["outputs"][name]
            fig.savefig(os.path.join(out_dir, out["svg"]), format="svg",
                        metadata={"Date": None, "Creator": f"{os.environ.get(PROJECT_NAME_ENV, 'docfigs')} (matplotlib)"})
            fig.savefig(os.path.join(out_dir, out["png"]), format="png", dpi=task["png_dpi"])
        if "matplotlib.pyplot" in sys.modules:  # figures made with pyplot stay registered until closed
            sys.modules["matplotlib.pyplot"].close(fig)
        written += [out["svg"], out["png"]]
        if width is None:
            width, height = _svg_css_size(os.path.join(out_dir, out["svg"]))
    return {"outputs": written, "width": width, "height": height}


def reset_global_state():
    """Start every still from the same global state, whichever figures this worker drew before.

    A still worker draws many figures; without this, a figure that relies on global state (an unseeded
    RNG, rcParams set at import time) would come out differently depending on the order of the build.
    Figures should still seed what they use (attnlab.examples.seeds): torch is only reseeded here when
    some earlier figure imported it.
    """
    import random

    random.seed(0)
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(0)


def run_still(task):
    start = time.perf_counter()
    captured = io.StringIO()
    try:
        reset_global_state()
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            result = render_still(task)
        result.update(ok=True)
    except BaseException as exc:  # noqa: BLE001 - a figure may raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = {"ok": False, "error": describe(exc, task)}
        result["error"]["output"] = captured.getvalue()[-4000:]
    finally:
        sys.modules.pop("docfigs_figure_" + re.sub(r"\W", "_", task["name"]), None)
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["name"] = task["name"]
    return result


def still_server():
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever else writes to stdout (C code, stray prints) cannot corrupt the protocol
    try:  # import while the engine is still sending the first task
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.figure  # noqa: F401

        theme_module()
    except Exception:  # reported per task instead
        pass
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        task = json.loads(line)
        proto.write(json.dumps(run_still(task)) + "\n")
        proto.flush()


# -- animations ----------------------------------------------------------------------------------
def _ffmpeg(args, what):
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise RuntimeError("ffmpeg not found on PATH (needed to encode animations)")
    proc = subprocess.run([exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True, preexec_fn=_set_pdeathsig)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed making the {what}: {proc.stderr.strip()[-2000:]}")


def _probe(movie):
    exe = shutil.which("ffprobe")
    if exe is None:
        return {}
    proc = subprocess.run([exe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "stream=codec_name,pix_fmt,width,height", "-of", "json", movie],
                          capture_output=True, text=True)
    try:
        return json.loads(proc.stdout)["streams"][0]
    except (ValueError, KeyError, IndexError):
        return {}


def _threads_option(threads) -> dict:
    """Encoder options for ``threads`` threads; none (the encoder's own choice, about one per core) when None."""
    return {} if threads is None else {"threads": str(threads)}


def encode(movie, out_dir, outputs, encoding, threads=None):
    """MP4 (H.264, yuv420p, +faststart), WebM (VP9) and the poster (last frame) from manim's movie, with the
    quality's ``settings.VIDEO_ENCODING``; each encoder with ``threads`` threads (None: ffmpeg's default)."""
    info = _probe(movie)
    common = ["-map", "0:v:0", "-an", "-map_metadata", "-1"]
    common += [arg for key, value in _threads_option(threads).items() for arg in (f"-{key}", value)]
    _ffmpeg(["-i", movie, *common, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", str(encoding["x264_crf"]),
             "-preset", encoding["x264_preset"], "-tune", "animation", "-movflags", "+faststart",
             os.path.join(out_dir, outputs["mp4"])], "MP4")
    _ffmpeg(["-i", movie, *common, "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0",
             "-crf", str(encoding["vp9_crf"]), "-deadline", encoding["vp9_deadline"],
             "-cpu-used", str(encoding["vp9_cpu_used"]), "-row-mt", "1",
             os.path.join(out_dir, outputs["webm"])], "WebM")
    # decode the last second, overwriting one PNG per frame: what stays is the last frame
    poster = os.path.join(out_dir, outputs["poster"])
    _ffmpeg(["-sseof", "-1", "-i", movie, "-map", "0:v:0", "-fps_mode", "passthrough", "-update", "1", poster],
            "poster")
    palette_png(poster)
    return info


def palette_png(path):
    """Rewrite a PNG with 256 colours, no dithering: a poster loads with its page (both themes' posters do), and
    a flat frame of a lossy video loses nothing visible (mean change 0.1/255) while the file halves."""
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def _setup_manim(task, theme):
    """Manim's global config for one render of ``task`` in ``theme`` (this process renders nothing else)."""
    from manim import config

    config.quality = task["manim_quality"]
    config.background_color = theme.background
    config.media_dir = os.path.join(task["work_dir"], "media")
    config.disable_caching = True
    config.verbosity = "WARNING"
    config.progress_bar = "none"
    config.preview = False
    config.write_to_movie = True
    config.save_last_frame = False
    return config


def scene_class(module, display):
    """The figure's one ``manim_slides.Slide`` subclass."""
    from manim_slides.slide import Slide

    scenes = [v for v in vars(module).values()
              if isinstance(v, type) and issubclass(v, Slide) and v.__module__ == module.__name__]
    if len(scenes) != 1:
        found = ", ".join(s.__name__ for s in scenes) or "none"
        raise ContractError(f"{display} must define exactly one subclass of manim_slides.Slide (found: {found})",
                            line=1)
    return scenes[0]


def use_intermediate_encoding(scene, options: dict):
    """Make ``scene`` write its partial movies (one per animation, joined into Manim's movie) with x264
    ``options`` instead of Manim's CRF 23: the site's render re-encodes that movie, so lossless and fast is best.

    Manim 0.21 fixes the partial movies' encoder options inside ``open_partial_movie_stream``; they take effect
    when the first frame is encoded, so they are replaced right after the stream is opened."""
    writer = scene.renderer.file_writer

    class IntermediateEncoding(type(writer)):
        def open_partial_movie_stream(self, file_path=None):
            super().open_partial_movie_stream(file_path)
            codec = self._current_encode_job.stream.codec_context
            codec.options = {k: v for k, v in codec.options.items() if k != "crf"} | options

    writer.__class__ = IntermediateEncoding  # adds a method, no state: the writer Manim built stays as it is


def _movie(scene, display):
    movie = str(scene.renderer.file_writer.movie_file_path)
    if not os.path.isfile(movie):
        raise ContractError(f"{display}: manim wrote no movie (does construct() play any animation?)", line=1)
    return movie


def count_beats(scene) -> int:
    """The beats of a rendered scene: the slides manim-slides makes of it (one per ``next_slide()`` segment,
    the last one included, skipped ones excluded), whether or not its slide files were saved."""
    scene._add_last_slide()  # what _save_slides does first; a no-op when the last segment is already a slide
    return sum(1 for slide in scene._slides if not slide.skip_animations)


def duration(path) -> float | None:
    """The duration of a video file in seconds (ffprobe), None when unknown."""
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    proc = subprocess.run([exe, "-v", "error", "-show_entries", "format=duration", "-of", "json", path],
                          capture_output=True, text=True)
    try:
        return round(float(json.loads(proc.stdout)["format"]["duration"]), 3)
    except (ValueError, KeyError, TypeError):
        return None


def render_animation(task):
    theme = theme_module().get(task["theme"])
    _setup_manim(task, theme)
    module = load_figure(task)
    display = task["display_path"]
    cls = scene_class(module, display)
    cls.theme = theme
    scene = cls()
    scene._save_slides = lambda *args, **kwargs: None  # the site needs the movie, not the slide files
    threads = task.get("threads")
    use_intermediate_encoding(scene, task["intermediate"] | _threads_option(threads))
    scene.render()
    movie = _movie(scene, display)
    info = encode(movie, task["out_dir"], task["outputs"], task["encoding"], threads)
    meta = {"beats": count_beats(scene), "duration": duration(os.path.join(task["out_dir"], task["outputs"]["mp4"]))}
    return {"outputs": list(task["outputs"].values()), "width": info.get("width") or task["width"],
            "height": info.get("height") or task["height"], "scene": cls.__name__, "meta": meta}


def render_slides(task):
    """One scene rendered by manim-slides in ``task["work_dir"]`` (the process's cwd): the whole movie, and
    ``slides/<Scene>.json`` with one movie per beat under ``slides/files/`` (paths relative to the work dir,
    so the folder can be moved). ``task["transparent"]``: no background (an ARGB QuickTime movie, qtrle).
    Used by the talk exports (e.g. ``attnlab talk``); the site's renders use ``render_animation``."""
    theme = theme_module().get(task["theme"])
    config = _setup_manim(task, theme)
    if task.get("transparent"):
        config.movie_file_extension = ".mov"  # first, so that manim does not warn it changed the format
        config.transparent = True  # background opacity 0, partial movies in qtrle (ARGB)
    module = load_figure(task)
    display = task["display_path"]
    cls = scene_class(module, display)
    cls.theme = theme
    scene = cls()  # manim-slides writes ./slides (relative: cwd is the work dir)
    scene.skip_reversing = True  # a talk plays forward; reversed copies would double the render time
    scene.render()
    movie = _movie(scene, display)
    kept = os.path.join(task["work_dir"], "movie" + os.path.splitext(movie)[1])
    os.replace(movie, kept)
    shutil.rmtree(os.path.join(task["work_dir"], "media"), ignore_errors=True)  # partial movies, now copied
    info = _probe(kept)
    return {"scene": cls.__name__, "movie": os.path.basename(kept),
            "slides": os.path.join("slides", f"{cls.__name__}.json"), "beats": count_beats(scene),
            "duration": duration(kept), "width": info.get("width"), "height": info.get("height"),
            "pix_fmt": info.get("pix_fmt"), "codec": info.get("codec_name")}


def run_animation(task_file, render=render_animation):
    with open(task_file, encoding="utf-8") as f:
        task = json.load(f)
    start = time.perf_counter()
    code = 0
    try:
        result = render(task)
        result["ok"] = True
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = {"ok": False, "error": describe(exc, task)}
        code = 1
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["name"] = task["name"]
    tmp = task["result"] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f)
    os.replace(tmp, task["result"])
    return code


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    _die_with_parent()
    if argv[:1] == ["still-server"]:
        return still_server()
    if argv[:1] == ["animation"] and len(argv) == 2:
        return run_animation(argv[1])
    if argv[:1] == ["slides"] and len(argv) == 2:
        return run_animation(argv[1], render_slides)
    print("usage: worker.py still-server | animation TASK.json | slides TASK.json", file=sys.stderr)
    return 2


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        sys.path.pop(0)  # run as a script: this folder would shadow top-level modules
    sys.exit(main())
