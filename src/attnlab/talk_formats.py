"""The talk exports' formats: each writes one render (or a deck of several) to a file or folder ``dest``.

Videos and images go through ffmpeg (``docfigs.video``); decks through manim-slides' converters, with reveal.js
from the project's node_modules (no network).
"""

import os
import re
import shutil
from pathlib import Path

from docfigs.errors import EngineError
from docfigs.video import probe, run_ffmpeg

DECK_FORMATS = ("html", "pptx")  # the formats --deck puts several scenes into
GIF_FPS = 15
GIF_MAX_WIDTH = 960
REVEALJS_PACKAGE = Path("node_modules") / "reveal.js"  # relative to the project root
REVEALJS_DIR = "reveal.js"  # the deck's copy, beside index.html
DECK_MEDIA = "media"  # the beats' videos, beside index.html

_NO_METADATA = ["-map", "0:v:0", "-an", "-map_metadata", "-1"]


def write_mp4(project, figure, render, dest: Path):
    """H.264 yuv420p with the index first (+faststart): manim's own stream when it already is that."""
    movie = str(render.movie)
    info = probe(movie)
    if info.get("codec_name") == "h264" and info.get("pix_fmt") == "yuv420p":
        codec = ["-c:v", "copy"]
    else:
        codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-preset", "medium"]
    run_ffmpeg(["-i", movie, *_NO_METADATA, *codec, "-movflags", "+faststart", "-f", "mp4", str(dest)], "MP4")


def write_webm(project, figure, render, dest: Path):
    """VP9; yuva420p (alpha) from a transparent render, yuv420p otherwise."""
    pix_fmt = "yuva420p" if render.transparent else "yuv420p"
    run_ffmpeg(["-i", str(render.movie), *_NO_METADATA, "-c:v", "libvpx-vp9", "-pix_fmt", pix_fmt, "-b:v", "0",
                 "-crf", "30", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-f", "webm", str(dest)], "WebM")


def write_gif(project, figure, render, dest: Path):
    """One palette for the whole scene (palettegen on the frames' differences), ordered dithering, looping."""
    chain = (f"fps={min(GIF_FPS, render.fps)},scale='min({GIF_MAX_WIDTH},iw)':-2:flags=lanczos,split[a][b];"
             "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle")
    run_ffmpeg(["-i", str(render.movie), "-an", "-map_metadata", "-1", "-filter_complex", chain, "-loop", "0",
                 "-f", "gif", str(dest)], "GIF")


def write_pngs(render, staging: Path, pattern: str) -> list[Path]:
    """The last frame of each beat's movie (decode its last second, keep the last frame written)."""
    files = []
    for i, movie in enumerate(render.slide_files(), 1):
        dest = staging / (pattern % i)
        run_ffmpeg(["-sseof", "-1", "-i", str(movie), "-map", "0:v:0", "-fps_mode", "passthrough", "-update", "1",
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
