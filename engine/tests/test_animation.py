"""One real Manim render (draft, light and dark): MP4, WebM and poster, the fragment, and a failing scene.

The project configures the fixture theme (``theme = "toytheme"``); the scene reads it as ``self.theme``.
"""

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from docfigs import status

SCENE = '''"""A square fills in.

It fades in in the query colour, then turns the value colour.
"""
from manim import FadeIn, Square
from manim_slides import Slide


class FillSquare(Slide):
    def construct(self):
        theme = self.theme
        square = Square(side_length=4, color=theme.query, fill_color=theme.query, fill_opacity=1)
        self.play(FadeIn(square), run_time=0.4)
        self.next_slide()
        self.play(square.animate.set_fill(theme.value), run_time=0.4)
'''

BROKEN_SCENE = '''"""A broken scene.

It raises in construct().
"""
from manim_slides import Slide


class Broken(Slide):
    def construct(self):
        raise RuntimeError("no picture today")
'''


def _probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=codec_name,pix_fmt,width,height", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["streams"][0]


def _x264_settings(path) -> dict:
    """The settings x264 wrote into the stream of ``path`` ("... - options: cabac=0 ref=1 ... qp=0")."""
    options = re.search(rb"x264 - core .*? - options: ([^\x00]*)", path.read_bytes()).group(1).decode()
    return dict(item.split("=", 1) for item in options.split())


def _rgb(hex_color):
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from docfigs import Project, build

    root = tmp_path_factory.mktemp("anim")
    (root / "pyproject.toml").write_text('[tool.docfigs]\ntheme = "toytheme"\n')
    files = {"diagrams/basics/fill.py": SCENE, "diagrams/basics/broken_scene.py": BROKEN_SCENE,
             "src/toytheme.py": Path(__file__).with_name("toytheme.py").read_text()}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    project = Project.at(root)
    report = build(project, quality="draft", keep_going=True)
    return project, report


def test_scene_renders_mp4_webm_and_poster_per_theme(rendered):
    from PIL import Image

    project, report = rendered
    themes = runpy.run_path(str(project.root / "src/toytheme.py"))
    assert {r.name: r.status for r in report.figures} == {"broken_scene": "failed", "fill": "rendered"}
    out = project.output_dir("fill")
    for theme in ("light", "dark"):
        mp4, webm, poster = (out / f"fill.{theme}.{ext}" for ext in ("mp4", "webm", "poster.png"))
        info = _probe(mp4)
        assert (info["codec_name"], info["pix_fmt"], info["width"], info["height"]) == ("h264", "yuv420p", 854, 480)
        data = mp4.read_bytes()
        assert data.index(b"moov") < data.index(b"mdat")  # +faststart
        assert _probe(webm)["codec_name"] == "vp9"
        assert Image.open(poster).mode == "P"  # 256 colours: half the bytes of the frame as decoded
        image = Image.open(poster).convert("RGB")
        assert image.size == (854, 480)
        t = themes["get"](theme)
        corner, centre = image.getpixel((5, 5)), image.getpixel((427, 240))
        assert max(abs(a - b) for a, b in zip(corner, _rgb(t.background))) <= 6  # the theme's background
        assert max(abs(a - b) for a, b in zip(centre, _rgb(t.value))) <= 12  # the last frame: value colour
    entry = json.loads(project.manifest_path.read_text())["figures"]["fill"]
    assert entry["quality"] == "draft" and len(entry["outputs"]) == 7


def test_show_tells_an_animations_length_and_beats(rendered):
    project, _ = rendered
    show = [sys.executable, "-m", "docfigs.cli", "show", "fill", "--root", str(project.root)]
    shown = json.loads(subprocess.run([*show, "--json"], capture_output=True, text=True, check=True).stdout)
    assert shown["quality"] == "draft" and shown["meta"]["beats"] == 2  # two plays, one next_slide()
    assert 0.7 <= shown["meta"]["duration"] <= 1.0  # 0.4 s + 0.4 s of animation at 15 fps
    text = subprocess.run(show, capture_output=True, text=True, check=True).stdout
    assert f"  length:  {shown['meta']['duration']:.1f} s, 2 beats (draft quality)" in text


def test_failing_scene_names_file_and_line(rendered):
    project, report = rendered
    (failed,) = [r for r in report.figures if r.status == "failed"]
    assert failed.error["file"] == "diagrams/basics/broken_scene.py"
    assert failed.error["line"] == 10 and failed.error["function"] == "construct"
    assert "RuntimeError: no picture today" in failed.error_line
    assert not project.output_dir("broken_scene").exists() or not any(
        p for p in project.output_dir("broken_scene").iterdir() if not p.name.startswith("."))


def test_animation_fragment_and_quality_in_the_key(rendered):
    project, _ = rendered
    from docfigs.fragment import HTML_BASE

    fragment = (project.output_dir("fill") / "fill.fragment.md").read_text()
    assert f'<video class="attn-video attn-only-dark" data-poster="{HTML_BASE}/fill/fill.dark.poster.png"' in fragment
    assert 'width="854" height="480"' in fragment
    assert '??? example "Source: diagrams/basics/fill.py"' in fragment
    assert {p.figure.name: p.fresh for p in status(project, ["fill"], quality="draft")} == {"fill": True}
    (site,) = status(project, ["fill"], quality="site")
    assert not site.fresh and site.reason == "quality draft -> site"


def test_partial_movies_are_lossless_and_encoders_get_their_threads(rendered, tmp_path):
    """Manim's partial movies are re-encoded, so the worker makes them lossless (x264 qp 0); a render that runs
    beside others gives each encoder its share of the cores. x264 writes its settings into the stream."""
    from docfigs import settings
    from docfigs.processes import WORKER, worker_env

    project, _ = rendered
    source = project.root / "diagrams/basics/fill.py"
    (tmp_path / "_source.py").write_bytes(source.read_bytes())
    manim_quality, width, height, fps = settings.QUALITIES["draft"]
    task = {"name": "fill", "source_path": str(source), "display_path": "diagrams/basics/fill.py",
            "snapshot": str(tmp_path / "_source.py"), "out_dir": str(tmp_path), "theme": "light",
            "manim_quality": manim_quality, "width": width, "height": height, "fps": fps,
            "work_dir": str(tmp_path), "result": str(tmp_path / "result.json"),
            "encoding": settings.VIDEO_ENCODING["draft"], "intermediate": settings.INTERMEDIATE_ENCODING,
            "threads": 1,
            "outputs": settings.animation_outputs("fill", "light")}
    (tmp_path / "task.json").write_text(json.dumps(task))
    subprocess.run([sys.executable, str(WORKER), "animation", str(tmp_path / "task.json")], check=True,
                   cwd=project.root, env=worker_env(project), capture_output=True)
    assert json.loads((tmp_path / "result.json").read_text())["ok"]
    (joined,) = (tmp_path / "media").rglob("FillSquare.mp4")
    partials = sorted((tmp_path / "media").rglob("partial_movie_files/**/*.mp4"))
    assert len(partials) == 2  # one per play()
    for movie in [joined, *partials]:
        said = _x264_settings(movie)
        assert (said["rc"], said["qp"], said["threads"]) == ("cqp", "0", "1"), movie.name
    said = _x264_settings(tmp_path / "fill.light.mp4")
    assert (said["rc"], said["crf"], said["threads"]) == ("crf", "30.0", "1")  # the draft quality's CRF
