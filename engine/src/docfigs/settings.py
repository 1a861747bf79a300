"""Fixed settings of the figure engine: qualities, themes, output names, environment variables.

Everything here is plain data: importing it costs nothing (the no-op build imports only the standard library).
"""

ENV_PREFIX = "DOCFIGS_"  # every environment variable the engine reads or sets starts with this
QUALITY_ENV = ENV_PREFIX + "QUALITY"  # draft | site | talk: overrides the default quality (CI and tests use draft)
JOBS_ENV = ENV_PREFIX + "JOBS"  # number of render processes; default os.cpu_count()
TIMEOUT_ENV = ENV_PREFIX + "TIMEOUT"  # seconds a render may take before it is stopped and its figure fails; 0: no limit
PARENT_ENV = ENV_PREFIX + "ENGINE_PARENT"  # set for the workers: the engine's pid, so they die with it
THEME_MODULE_ENV = ENV_PREFIX + "THEME_MODULE"  # set for the workers: the module whose get(name) gives a theme
PROJECT_NAME_ENV = ENV_PREFIX + "PROJECT_NAME"  # set for the workers: written into the SVGs' metadata

CACHE_DIR = ".cache/docfigs"  # under the project root: lock, staging, talk renders (never inside docs/)
THEME_NAMES = ("light", "dark", "talk")  # a theme module's get(name) answers these

# name -> (manim quality, pixel width, pixel height, frames per second)
QUALITIES = {
    "draft": ("low_quality", 854, 480, 15),
    "site": ("medium_quality", 1280, 720, 30),
    "talk": ("high_quality", 1920, 1080, 60),
}
DEFAULT_QUALITY = "site"

# A render (one still in both themes, or one animation in one theme) still running after this many seconds is
# taken to hang: its process is stopped and its figure fails, naming the limit. The slowest figure takes about
# 100 s at site quality on two busy cores (benchmarks/results.md); a talk-quality scene about 5x that.
DEFAULT_TIMEOUT = 1200
# A still worker's start (Python, matplotlib, the theme, the project's imports) is not part of a render's time; it
# gets this long on top of the timeout before the engine takes it to hang (a fresh worker takes 2-4 s on a busy
# machine, 20 s when torch is imported cold).
WORKER_STARTUP_SECONDS = 120

# How the worker encodes an animation's videos, per quality. Manim first writes one partial movie per animation and
# joins them; the worker makes those lossless (x264 qp 0 at the ultrafast preset: INTERMEDIATE_ENCODING, the same
# at every quality), because they
# are re-encoded anyway: Manim's own CRF 23 at the medium preset cost 2.6 more CPU s per theme for qkv_projection at
# site quality (14.8 against 12.2 s), and its artefacts made the final files 4 % larger. From that movie it makes
# the MP4 with x264 (CRF, preset, tuned for flat animation) and the WebM with VP9 in constant-quality mode (CRF,
# libvpx's deadline and cpu-used speed); a higher CRF makes a smaller, softer file. At site quality Manim's movie
# made a 12.5 s scene 700 KB, and the Benchmarks issue wants every site video <= 500 KB. VP9's "good" deadline took
# 18 CPU s per theme for that scene, more than Manim's drawing of it; "realtime" at cpu-used 5 takes 3.5 s for a
# file 15 % larger at the same CRF (SSIM 0.9952 against 0.9959), so the site uses it and only talk quality pays for
# "good" (benchmarks/results.md). Part of every animation's cache key: changing a value here re-renders the
# animations of that quality.
INTERMEDIATE_ENCODING = {"preset": "ultrafast", "qp": "0"}
VIDEO_ENCODING = {
    "draft": {"x264_crf": 30, "x264_preset": "medium", "vp9_crf": 44, "vp9_deadline": "realtime", "vp9_cpu_used": 8},
    "site": {"x264_crf": 27, "x264_preset": "slow", "vp9_crf": 41, "vp9_deadline": "realtime", "vp9_cpu_used": 5},
    "talk": {"x264_crf": 20, "x264_preset": "slow", "vp9_crf": 32, "vp9_deadline": "good", "vp9_cpu_used": 4},
}

SITE_THEMES = ("light", "dark")  # the site shows both; ``talk`` is for the talk exports, not the site build

# Stills are sized in inches at matplotlib's default 100 dpi (figsize=(6.4, 3.6) means 640x360 "1x");
# the PNG is written at 2x, 200 dpi (1280x720 for that figure), for slides and social cards.
# The SVG is resolution independent; the page shows it at its own size (points * 4/3 CSS pixels).
PNG_DPI = 200

# Bump when the engine changes what it writes (file formats, fragment HTML): every figure is re-rendered.
FORMAT_VERSION = 3

# distributions whose versions are part of a figure's cache key, per kind (read with importlib.metadata)
LIBRARIES = {
    "still": ("matplotlib", "numpy", "pillow", "torch"),
    "animation": ("av", "manim", "manim-slides", "manimpango", "numpy", "pillow", "pycairo", "torch"),
}
# programs whose version (the first line of ``NAME -version``) is part of an animation's key: ffmpeg encodes
# the MP4, WebM and poster
TOOLS = {"still": (), "animation": ("ffmpeg",)}

# facts an animation's manifest entry records under "meta" (from its render; the Talks page lists them);
# an entry without them is stale
ANIMATION_META = ("beats", "duration")

MANIFEST_NAME = "manifest.json"
REPORT_NAME = "report.json"
STAGING_PREFIX = ".tmp-"  # every staging file and folder: .tmp-<pid>-<random>[-<label>] (staging.py; MkDocs skips it)


def still_outputs(name: str, theme: str) -> dict:
    return {"svg": f"{name}.{theme}.svg", "png": f"{name}.{theme}.png"}


def animation_outputs(name: str, theme: str) -> dict:
    return {"mp4": f"{name}.{theme}.mp4", "webm": f"{name}.{theme}.webm", "poster": f"{name}.{theme}.poster.png"}


def fragment_name(name: str) -> str:
    return f"{name}.fragment.md"
