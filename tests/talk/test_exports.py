"""``attnlab talk`` on a three-beat scene at draft quality: the offline reveal.js deck in Chromium, the PPTX,
the PNG per beat, MP4, GIF and the transparent WebM, the render cache, and the usage errors (exit 2)."""

import json
import subprocess
from pathlib import Path

import pytest

import attnlab.theme as themes

WIDTH, HEIGHT = 854, 480  # draft: 16:9 like every quality


def _probe(path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=codec_name,pix_fmt,width,height:stream_tags", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["streams"][0]


def _last_frame(video, png):
    """The last frame of a video as an RGB PIL image (written to ``png`` on the way)."""
    from PIL import Image

    subprocess.run(["ffmpeg", "-v", "error", "-y", "-sseof", "-1", "-i", str(video), "-update", "1", "-c:v", "png",
                    str(png)], capture_output=True, check=True)
    return Image.open(png).convert("RGB")


def _near(pixel, hex_color, tolerance=12):
    target = tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return max(abs(a - b) for a, b in zip(pixel[:3], target)) <= tolerance


def test_html_deck_works_offline_with_one_slide_per_beat(exported, scene_facts, browser):
    index = Path(exported["html"]["path"])
    deck = index.parent
    assert index.name == "index.html" and deck.name == "colour_square.talk.deck"
    prefix = deck.as_uri() + "/"
    outside, errors = [], []

    def only_the_deck(route):
        if route.request.url.startswith(prefix):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", only_the_deck)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(index.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15000)
        assert page.evaluate("Reveal.getTotalSlides()") == scene_facts["beats"]
        page.wait_for_function("document.querySelector('.slide-background.present video')?.readyState >= 2",
                               timeout=15000)  # the first beat's video loaded from media/
        page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == 1
    finally:
        context.close()
    assert outside == [] and errors == []
    videos = sorted(p.name for p in (deck / "media").iterdir())
    assert len(videos) == scene_facts["beats"]
    assert (deck / "reveal.js" / "dist" / "reveal.js").is_file() and (deck / "reveal.js" / "LICENSE").is_file()


def test_pptx_has_one_slide_per_beat_each_with_its_video(exported, scene_facts):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(exported["pptx"]["path"])
    assert len(deck.slides) == scene_facts["beats"] == exported["pptx"]["beats"]
    assert deck.slide_width * HEIGHT == deck.slide_height * WIDTH  # the video's 854x480, not a 4:3 default
    for slide in deck.slides:
        (shape,) = slide.shapes
        assert shape.shape_type == MSO_SHAPE_TYPE.MEDIA
        assert any(rel.reltype.endswith("/video") for rel in slide.part.rels.values())


def test_png_export_writes_the_last_frame_of_each_beat(exported, scene_facts):
    from PIL import Image

    record = exported["png"]
    files = [Path(f) for f in record["files"]]
    assert [f.name for f in files] == [f"colour_square.talk.beat-{i:02d}.png"
                                       for i in range(1, scene_facts["beats"] + 1)]
    talk = themes.get("talk")
    for file, colour in zip(files, (talk.query, talk.key, talk.value)):  # the square's colour at the end of each beat
        image = Image.open(file).convert("RGB")
        assert image.size == (WIDTH, HEIGHT)
        assert _near(image.getpixel((WIDTH // 2, HEIGHT // 2)), colour)
        assert _near(image.getpixel((5, 5)), talk.background, tolerance=4)


def test_mp4_and_gif(exported, scene_facts):
    from PIL import Image

    mp4 = _probe(exported["mp4"]["path"])
    assert (mp4["codec_name"], mp4["pix_fmt"], mp4["width"], mp4["height"]) == ("h264", "yuv420p", WIDTH, HEIGHT)
    data = Path(exported["mp4"]["path"]).read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart
    assert exported["mp4"]["duration"] == pytest.approx(scene_facts["duration"], abs=0.1)
    gif = Image.open(exported["gif"]["path"])
    assert gif.format == "GIF" and gif.size == (WIDTH, HEIGHT) and gif.n_frames > 10


def test_transparent_webm_has_an_alpha_channel(exported_transparent, tmp_path):
    from PIL import Image

    webm = exported_transparent["webm"]["path"]
    assert webm.endswith("colour_square.talk.alpha.webm")
    info = _probe(webm)
    assert info["codec_name"] == "vp9" and info["tags"].get("alpha_mode") == "1"
    frame = tmp_path / "last.png"  # decoded by libvpx, which reads the alpha plane (ffmpeg's own vp9 does not)
    subprocess.run(["ffmpeg", "-v", "error", "-c:v", "libvpx-vp9", "-sseof", "-0.3", "-i", webm, "-update", "1",
                    "-pix_fmt", "rgba", str(frame)], check=True)
    image = Image.open(frame)
    assert image.mode == "RGBA" and image.size == (WIDTH, HEIGHT)
    assert image.getpixel((5, 5))[3] == 0  # the corner: no background
    centre = image.getpixel((WIDTH // 2, HEIGHT // 2))
    assert centre[3] == 255 and _near(centre, themes.get("talk").value)


def test_transparent_pngs_are_rgba(exported_transparent, scene_facts):
    from PIL import Image

    files = exported_transparent["png"]["files"]
    assert len(files) == scene_facts["beats"] and all(".alpha.beat-" in f for f in files)
    image = Image.open(files[-1])
    assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0
    assert image.getpixel((WIDTH // 2, HEIGHT // 2))[3] == 255


def test_another_format_reuses_the_render(talk_project, exported, cli):
    proc = cli(talk_project, "talk", "colour_square", "--quality", "draft", "-f", "mp4", "--json")
    assert proc.returncode == 0, proc.stderr
    (written,) = json.loads(proc.stdout)["written"]
    assert written["cached"] and "(cached render)" in proc.stderr


@pytest.mark.parametrize("args, message", [
    (["colour_squar", "-f", "mp4"], "argument SCENE: unknown scene 'colour_squar' (closest: colour_square)"),
    (["-f", "avi"], "argument -f/--format: invalid choice: 'avi'"),
    (["-f", "mp4", "--transparent"], "argument --transparent: only with --format webm or png"),
    (["colour_square", "-f", "html", "--quality", "ultra"], "argument --quality: invalid choice: 'ultra'"),
    (["-f", "mp4", "--deck", "intro"], "argument --deck: only with --format html or pptx"),
    (["-f", "mp4", "--jobs", "0"], "argument -j/--jobs: at least 1 (not 0)"),
    (["-f", "html", "--deck", "my talk"], "argument --deck: a file name of letters, digits, '.', '_' and '-' "
                                          "(not 'my talk')"),
])
def test_usage_errors_exit_2_naming_the_argument(talk_project, cli, args, message):
    proc = cli(talk_project, "talk", *args)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_a_failing_scene_exits_1_naming_its_file_and_line(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'broken'\n\n"
                                             "[tool.docfigs]\ntheme = \"attnlab.theme\"\n")
    scene = tmp_path / "diagrams" / "shapes" / "broken_scene.py"
    scene.parent.mkdir(parents=True)
    scene.write_text('"""A broken scene.\n\nIt raises.\n"""\nfrom manim_slides import Slide\n\n\n'
                     'class Broken(Slide):\n    def construct(self):\n        raise RuntimeError("no picture today")\n')
    proc = cli(tmp_path, "talk", "--quality", "draft", "-f", "mp4")
    assert proc.returncode == 1
    assert "diagrams/shapes/broken_scene.py, line 10, in construct: RuntimeError: no picture today" in proc.stderr
    assert not (tmp_path / "build" / "talks" / "broken_scene").exists()
    assert not list((tmp_path / ".cache" / "docfigs" / "talk").iterdir())  # no render kept, no work folder left


def test_deck_puts_the_scenes_in_the_order_given_into_one_html_and_one_pptx(two_scene_project, cli, scene_facts,
                                                                            browser, tmp_path_factory):
    from PIL import Image
    from pptx import Presentation

    proc = cli(two_scene_project, "talk", "two_beats", "colour_square", "--quality", "draft",
               "-f", "html", "-f", "pptx", "-f", "png", "--deck", "my-talk", "--jobs", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    written = {(w["scene"], w["format"]): w for w in json.loads(proc.stdout)["written"]}
    assert set(written) == {("my-talk", "html"), ("my-talk", "pptx"), ("two_beats", "png"), ("colour_square", "png")}
    slides = 2 + scene_facts["beats"]
    assert written["my-talk", "html"]["beats"] == written["my-talk", "pptx"]["beats"] == slides
    talks = two_scene_project / "build" / "talks"
    assert written["my-talk", "html"]["path"] == str(talks / "my-talk.talk.deck" / "index.html")
    assert not list(talks.glob("*/*.deck")) and not list(talks.glob("*/*.pptx"))  # no deck per scene

    assert len(Presentation(written["my-talk", "pptx"]["path"]).slides) == slides
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(Path(written["my-talk", "html"]["path"]).as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15000)
        assert page.evaluate("Reveal.getTotalSlides()") == slides
        assert page.title() == "my-talk"
        videos = page.evaluate("[...document.querySelectorAll('section[data-background-video]')]"
                               ".map(s => s.getAttribute('data-background-video'))")
    finally:
        context.close()
    # in the order given: the first two slides play two_beats' beats, the next three colour_square's
    deck = talks / "my-talk.talk.deck"
    beat_pngs = [Image.open(p).convert("RGB") for p in written["two_beats", "png"]["files"]
                 + written["colour_square", "png"]["files"]]
    assert len(videos) == len(beat_pngs) == slides
    centre = (WIDTH // 2, HEIGHT // 2)
    for video, png in zip(videos, beat_pngs):
        expected = "#{:02x}{:02x}{:02x}".format(*png.getpixel(centre))
        last = _last_frame(deck / video, tmp_path_factory.mktemp("frames") / "last.png")
        assert _near(last.getpixel(centre), expected), (video, expected)
