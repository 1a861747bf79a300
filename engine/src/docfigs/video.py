"""ffmpeg and ffprobe: a scene's site videos (MP4, WebM) and poster made from manim's movie, and facts of a video.

``run_ffmpeg`` and ``probe`` are also what a project's talk exports use. Every ffmpeg dies with the process
that started it (``processes.die_with_parent``).
"""

import json
import os
import shutil
import subprocess

from .processes import die_with_parent


def run_ffmpeg(args, what: str):
    """Run ffmpeg with ``args`` (quiet, overwriting); RuntimeError naming ``what`` it was making on failure."""
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise RuntimeError("ffmpeg not found on PATH (needed to encode animations)")
    proc = subprocess.run([exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True, preexec_fn=die_with_parent)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed making the {what}: {proc.stderr.strip()[-2000:]}")


def probe(movie) -> dict:
    """codec_name, pix_fmt, width and height of the first video stream of ``movie`` ({} when unknown)."""
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


def threads_option(threads) -> dict:
    """Encoder options for ``threads`` threads; none (the encoder's own choice, about one per core) when None."""
    return {} if threads is None else {"threads": str(threads)}


def encode(movie, out_dir, outputs, encoding, threads=None) -> dict:
    """MP4 (H.264, yuv420p, +faststart), WebM (VP9) and the poster (last frame) from manim's movie, with the
    quality's ``settings.VIDEO_ENCODING``; each encoder with ``threads`` threads (None: ffmpeg's default).
    Returns ``probe(movie)``."""
    info = probe(movie)
    common = ["-map", "0:v:0", "-an", "-map_metadata", "-1"]
    common += [arg for key, value in threads_option(threads).items() for arg in (f"-{key}", value)]
    run_ffmpeg(["-i", movie, *common, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", str(encoding["x264_crf"]),
                "-preset", encoding["x264_preset"], "-tune", "animation", "-movflags", "+faststart",
                os.path.join(out_dir, outputs["mp4"])], "MP4")
    run_ffmpeg(["-i", movie, *common, "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0",
                "-crf", str(encoding["vp9_crf"]), "-deadline", encoding["vp9_deadline"],
                "-cpu-used", str(encoding["vp9_cpu_used"]), "-row-mt", "1",
                os.path.join(out_dir, outputs["webm"])], "WebM")
    # decode the last second, overwriting one PNG per frame: what stays is the last frame
    poster = os.path.join(out_dir, outputs["poster"])
    run_ffmpeg(["-sseof", "-1", "-i", movie, "-map", "0:v:0", "-fps_mode", "passthrough", "-update", "1", poster],
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
