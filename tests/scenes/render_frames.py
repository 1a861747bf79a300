"""Render the frame at every beat of Manim scenes, fast: the helper process of ``test_scene_frames.py``.

Usage::

    python tests/scenes/render_frames.py OUT_DIR THEME SCENE.py [SCENE.py ...]

For each scene file this writes ``OUT_DIR/<name>/beat_01.png`` ... ``beat_NN.png`` and ``OUT_DIR/<name>/result.json``
(``{"ok": true, "beats": NN, "layout": [...], "seconds": ...}`` or ``{"ok": false, "error": traceback}``). Beat k is
the frame the viewer sees when the scene reaches its k-th ``self.next_slide()`` (where a talk pauses); the last
beat is the final frame.

``layout`` has one entry per beat, measured on the scene's mobjects (in frame units, the frame centred on the
origin): ``frame`` (width, height), ``content`` (the box [x0, y0, x1, y1] around every visible point, or null)
and ``texts``, every visible Text, MarkupText, MathTex or Tex as ``[font_size, text, box]``. Manim's
``font_size`` follows later scaling, so it is the size the viewer sees; the design test checks both.

Speed: the scene runs with Manim's ``skip_animations`` (every animation jumps to its end state, as when
rendering from a later animation number) and no movie is written, so only one frame per beat is drawn. A
scene whose picture depends on the time between frames (a ``dt`` updater) would differ from its movie; the
scenes in ``diagrams/`` draw from their data only.

This runs in a separate process, one per worker: manim keeps global configuration, and importing it (with
torch) is paid once per process, not once per scene.
"""

import importlib.util
import json
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

WIDTH, HEIGHT = 427, 240  # 16:9 at about half of draft quality (480p): enough to see layout drift, small to store


def load(path: Path):
    """The scene file ``path`` imported as a module (registered in ``sys.modules`` under a name of its own)."""
    name = "attnlab_scene_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def slide_classes(module):
    """The ``manim_slides.Slide`` subclasses that ``module`` defines (not the ones it imports)."""
    from manim_slides.slide import Slide

    return [v for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Slide) and v.__module__ == module.__name__]


def scene_class(module):
    """The module's one ``manim_slides.Slide`` subclass (the contract; the contract test checks it too)."""
    found = slide_classes(module)
    if len(found) != 1:
        raise RuntimeError(f"expected exactly one Slide subclass, found {[c.__name__ for c in found]}")
    return found[0]


def _visible(mobject) -> bool:
    """Whether ``mobject`` itself (not its family) draws anything: a VMobject with points and some fill or stroke
    opacity, or an image (a ValueTracker keeps its value in its points: it draws nothing)."""
    from manim import ImageMobject, VMobject

    if isinstance(mobject, ImageMobject):
        return True
    if not isinstance(mobject, VMobject) or not len(mobject.points):
        return False
    return mobject.get_fill_opacity() > 0.01 or (mobject.get_stroke_opacity() > 0.01 and mobject.get_stroke_width() > 0)


def _box(points):
    return [round(float(v), 4) for v in (*points[:, :2].min(axis=0), *points[:, :2].max(axis=0))]


def measure(scene):
    """The layout of what ``scene`` shows now: see the module docstring."""
    import numpy as np
    from manim import MathTex, SingleStringMathTex, Tex, Text, config
    from manim.mobject.text.text_mobject import MarkupText

    text_types = (Text, MarkupText, MathTex, Tex, SingleStringMathTex)
    texts, points = [], []

    def walk(mobject):
        if isinstance(mobject, text_types):  # the outermost text only (a MathTex holds SingleStringMathTex parts)
            seen = [m.points for m in mobject.family_members_with_points() if _visible(m)]
            if seen:
                points.extend(seen)
                string = getattr(mobject, "original_text", None) or getattr(mobject, "text", None) \
                    or getattr(mobject, "tex_string", "")
                texts.append([round(float(mobject.font_size), 2), str(string), _box(np.concatenate(seen))])
            return
        if _visible(mobject):
            points.append(mobject.points)
        for sub in mobject.submobjects:
            walk(sub)

    for mobject in scene.mobjects:
        walk(mobject)
    content = _box(np.concatenate(points)) if points else None
    return {"frame": [round(config.frame_width, 4), round(config.frame_height, 4)], "content": content, "texts": texts}


def render_beats(path: Path, theme_name: str, media_dir: str, layout: list | None = None):
    """The frames (H, W, 3) uint8 at every beat of the scene in ``path``, in order; ``layout``, when given, gets
    :func:`measure` at every beat."""
    import numpy as np
    from manim import config, tempconfig

    from attnlab import theme as themes

    theme = themes.get(theme_name)
    cls = scene_class(load(path))
    cls.theme = theme  # as the engine's worker gives a scene its theme
    settings = {
        "pixel_width": WIDTH, "pixel_height": HEIGHT, "frame_rate": 5, "background_color": theme.background,
        "media_dir": media_dir, "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none",
        "preview": False, "save_last_frame": False, "write_to_movie": False,
    }
    frames = []
    with tempconfig(settings):
        scene = cls(skip_animations=True)
        config.write_to_movie = False  # Slide.__init__ switches it on; the frames come from the renderer

        def snapshot():
            # Draw every mobject on a clean background. The renderer keeps the last animation's static
            # mobjects as a background image (after a wait, that is everything); drawing on top of it would
            # draw them twice, and anti-aliased edges would come out darker than in the movie.
            scene.renderer.static_image = None
            scene.renderer.update_frame(scene, ignore_skipping=True)
            frames.append(np.array(scene.renderer.get_frame())[..., :3].copy())
            if layout is not None:
                layout.append(measure(scene))

        next_slide = scene.next_slide

        def grab_then_next_slide(*args, **kwargs):
            snapshot()
            return next_slide(*args, **kwargs)

        scene.next_slide = grab_then_next_slide
        scene._save_slides = lambda *args, **kwargs: None  # no slides/ folder: only the frames are wanted
        scene.render()
        snapshot()
    return frames


def main(argv):
    out_dir, theme_name, *paths = argv
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="attnlab-scene-media-") as media:
        for path in map(Path, paths):
            target = Path(out_dir) / path.stem
            target.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            try:
                layout = []
                frames = render_beats(path, theme_name, media, layout)
                for k, frame in enumerate(frames, start=1):
                    Image.fromarray(frame).save(target / f"beat_{k:02d}.png", optimize=True)
                result = {"ok": True, "beats": len(frames), "layout": layout}
            except Exception:  # noqa: BLE001 - reported to the test, which fails with it
                result = {"ok": False, "error": traceback.format_exc()}
            result["seconds"] = round(time.perf_counter() - start, 2)
            (target / "result.json").write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
