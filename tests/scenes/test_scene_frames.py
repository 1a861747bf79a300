"""Frame tests of the Manim scenes in ``diagrams/``: every beat compared with a stored control frame.

Like Manim's own ``frames_comparison``: each scene is rendered in the light theme at 427×240 (about half of
draft quality) by ``render_frames.py`` (two processes in parallel, animations skipped to their end states, no
movie), and the frame at each beat (each ``self.next_slide()``, plus the final frame) is compared with
``tests/scenes/frames/<name>/beat_NN.png``.

Tolerance, per frame: the mean absolute difference over all pixels and channels is at most 2/255, and at most
0.5% of the pixels differ by more than 32/255 in some channel (anti-aliasing and font hinting move a few edge
pixels; a moved label, a changed number or a new colour does not pass). A different size or a different number
of beats fails too. On failure a diff image (control | rendered | difference, amplified) is written to
``tests/scenes/_failures/<name>/beat_NN.png`` (gitignored) and named in the message.

The same renders hold the scenes' type and framing (``test_type_and_framing``), from the layout that
``render_frames.py`` measures at each beat: the smallest visible text is at least ``MIN_FONT`` (a digit "8" at
font size 22 is 31.2 px tall in a 1080p frame, at 24 it is 34 px: the design asks for digits ≥ 32 px), all
content stays ``MARGIN`` inside the frame, and the final frame, the video's poster, fills at least ``FILL`` of
the frame's width or height (no small picture floating in an empty 16:9 frame).

After a deliberate change to a scene, regenerate its control frames and look at them before committing::

    ATTNLAB_REGENERATE_FRAMES=1 .venv/bin/pytest tests/scenes

(``ATTNLAB_REGENERATE_FRAMES=name1,name2`` regenerates only those scenes.) A scene without control frames
fails with this instruction; it never passes silently.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONTROLS = HERE / "frames"
FAILURES = HERE / "_failures"
RENDERER = HERE / "render_frames.py"
MEDIA_CACHE = ROOT / ".cache" / "attnlab" / "scene-tests"  # manim's text and LaTeX caches, kept between runs
SCENES = sorted(p for p in (ROOT / "diagrams").rglob("*.py") if not p.name.startswith("_"))
WORKERS = 2
TIMEOUT = 600  # seconds for every render together

MEAN_TOLERANCE = 2 / 255  # mean absolute difference per pixel and channel, in [0, 1]
PIXEL_THRESHOLD = 32 / 255  # a pixel is "off" when some channel differs by more than this
OFF_FRACTION = 0.005  # at most this share of pixels off

MIN_FONT = 22.6  # manim font size; a digit at 22.6 is 32 px tall at 1080p
MARGIN = 0.2  # frame units (the frame is 8 units high) between the content and the frame's edge
FILL = 0.70  # the final frame's content spans at least this share of the frame's width or of its height

REGENERATE = os.environ.get("ATTNLAB_REGENERATE_FRAMES", "")
REGENERATE_HOW = "ATTNLAB_REGENERATE_FRAMES=1 .venv/bin/pytest tests/scenes"


def _regenerating(name):
    return REGENERATE == "1" or name in {n.strip() for n in REGENERATE.split(",")}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, request):
    """Render the selected scenes once (light theme), split over ``WORKERS`` processes; returns the output folder.

    Only the scenes whose frame test was collected are rendered, so ``-k qkv`` renders one scene."""
    out = tmp_path_factory.mktemp("scene-frames")
    selected = {item.callspec.params["path"] for item in request.session.items
                if getattr(item, "originalname", None) in ("test_frames_match_controls", "test_type_and_framing")}
    MEDIA_CACHE.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    # balance by size: the largest files first, dealt round-robin
    by_size = sorted((p for p in SCENES if p in selected), key=lambda p: -p.stat().st_size)
    groups = [by_size[k::WORKERS] for k in range(WORKERS)]
    procs = [subprocess.Popen([sys.executable, str(RENDERER), str(out), "light", *map(str, group)], cwd=MEDIA_CACHE,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for group in groups if group]
    logs = []
    for proc in procs:
        try:
            logs.append(proc.communicate(timeout=TIMEOUT)[0])
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            pytest.fail(f"rendering the scenes took more than {TIMEOUT} s")
    (out / "log.txt").write_text("\n".join(logs), encoding="utf-8")
    return out


def _compare(control, actual):
    """(mean absolute difference, share of pixels off) of two (H, W, 3) uint8 frames, in [0, 1]."""
    diff = np.abs(control.astype(np.int16) - actual.astype(np.int16)) / 255.0  # (H, W, 3)
    return float(diff.mean()), float((diff.max(axis=-1) > PIXEL_THRESHOLD).mean())


def _write_failure(name, beat, control, actual):
    """control | rendered | difference (amplified 4×) side by side; returns the path."""
    path = FAILURES / name / beat
    path.parent.mkdir(parents=True, exist_ok=True)
    if control.shape != actual.shape:
        Image.fromarray(actual).save(path)
        return path
    diff = np.clip(np.abs(control.astype(np.int16) - actual.astype(np.int16)) * 4, 0, 255).astype(np.uint8)
    gap = np.full((control.shape[0], 4, 3), 128, dtype=np.uint8)
    Image.fromarray(np.concatenate([control, gap, actual, gap, diff], axis=1)).save(path)
    return path


def _result(path, rendered):
    """The renderer's result.json for scene ``path``, which must have rendered."""
    result_file = rendered / path.stem / "result.json"
    assert result_file.exists(), f"{path.stem}: the renderer wrote no result (log: {rendered / 'log.txt'})"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["ok"], f"{path.relative_to(ROOT)} failed to render:\n{result['error']}"
    return result


def _load(path):
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENES, ids=[p.stem for p in SCENES])
def test_frames_match_controls(path, rendered):
    name = path.stem
    _result(path, rendered)  # fails here when the scene did not render
    frames = sorted((rendered / name).glob("beat_*.png"))
    controls_dir = CONTROLS / name

    if _regenerating(name):
        shutil.rmtree(controls_dir, ignore_errors=True)
        controls_dir.mkdir(parents=True)
        for frame in frames:
            shutil.copyfile(frame, controls_dir / frame.name)
        pytest.skip(f"regenerated {len(frames)} control frames in {controls_dir.relative_to(ROOT)}: look at them")

    controls = sorted(controls_dir.glob("beat_*.png"))
    assert controls, (f"{name} has no control frames in {controls_dir.relative_to(ROOT)}. Render them with\n"
                      f"    ATTNLAB_REGENERATE_FRAMES={name} .venv/bin/pytest tests/scenes\n"
                      "then look at them and commit them.")
    assert [c.name for c in controls] == [f.name for f in frames], (
        f"{name} has {len(frames)} beats, its control frames {len(controls)}: a next_slide() was added or removed. "
        f"If on purpose: {REGENERATE_HOW.replace('=1', '=' + name)}")
    problems = []
    for control_path, frame_path in zip(controls, frames):
        control, actual = _load(control_path), _load(frame_path)
        if control.shape != actual.shape:
            failure = _write_failure(name, frame_path.name, control, actual)
            problems.append(f"{frame_path.name}: size {actual.shape[1]}×{actual.shape[0]}, control "
                            f"{control.shape[1]}×{control.shape[0]} (rendered frame: {failure})")
            continue
        mean, off = _compare(control, actual)
        if mean > MEAN_TOLERANCE or off > OFF_FRACTION:
            failure = _write_failure(name, frame_path.name, control, actual)
            problems.append(f"{frame_path.name}: mean difference {mean * 255:.2f}/255 "
                            f"(max {MEAN_TOLERANCE * 255:.0f}/255), {off:.2%} of pixels off "
                            f"(max {OFF_FRACTION:.1%}); diff image: {failure}")
    assert not problems, (f"{name} drifted from its control frames:\n  " + "\n  ".join(problems) +
                          f"\nIf the change is intended: ATTNLAB_REGENERATE_FRAMES={name} "
                          ".venv/bin/pytest tests/scenes")


def _outside(box, frame):
    """How far ``box`` [x0, y0, x1, y1] reaches into the ``MARGIN`` band or beyond, per side (empty if it does not)."""
    half_w, half_h = frame[0] / 2 - MARGIN, frame[1] / 2 - MARGIN
    reach = {"left": -half_w - box[0], "bottom": -half_h - box[1], "right": box[2] - half_w, "top": box[3] - half_h}
    return {side: round(d, 2) for side, d in reach.items() if d > 1e-3}


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENES, ids=[p.stem for p in SCENES])
def test_type_and_framing(path, rendered):
    """Large type, content inside the frame at every beat, and a final frame that fills the frame."""
    result = _result(path, rendered)
    problems = []
    for k, beat in enumerate(result["layout"], start=1):
        where = f"beat_{k:02d}"
        small = sorted((size, text) for size, text, _ in beat["texts"] if size < MIN_FONT)
        if small:
            problems.append(f"{where}: {len(small)} text(s) below font size {MIN_FONT}: "
                            + ", ".join(f"{text!r} at {size:.1f}" for size, text in small[:4])
                            + (", ..." if len(small) > 4 else ""))
        if beat["content"] is None:
            continue
        for _size, text, box in beat["texts"]:
            if out := _outside(box, beat["frame"]):
                problems.append(f"{where}: text {text!r} within {MARGIN} of the frame's edge or beyond: {out}")
        if out := _outside(beat["content"], beat["frame"]):
            problems.append(f"{where}: content within {MARGIN} of the frame's edge or beyond: {out} (frame units)")
    final = result["layout"][-1]
    if final["content"] is None:
        problems.append("final frame: empty")
    else:
        x0, y0, x1, y1 = final["content"]
        width, height = (x1 - x0) / final["frame"][0], (y1 - y0) / final["frame"][1]
        if max(width, height) < FILL:
            problems.append(f"final frame: content spans {width:.0%} of the width and {height:.0%} of the height "
                            f"(at least {FILL:.0%} of one of them)")
    assert not problems, f"{path.relative_to(ROOT)} breaks the scene design:\n  " + "\n  ".join(problems)
