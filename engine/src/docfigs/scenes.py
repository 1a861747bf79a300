"""In a worker process: one scene rendered by manim, for the site (``AnimationTask``: its movie encoded by
``video``) or for the talk exports (``SlidesTask``: manim-slides' slide files, one movie per beat).

Manim keeps global config state, so each render runs in a fresh process; the scene gets its theme as
``self.theme``, set on its class before it is made.
"""

import os
import shutil

from .loader import ContractError, load_figure, theme_module
from .tasks import RenderResult, SlidesResult
from .video import duration, encode, probe, threads_option


def setup_manim(task, theme):
    """Manim's global config for one render of ``task`` in ``theme`` (this process renders nothing else)."""
    from manim import config

    config.quality = task.manim_quality
    config.background_color = theme.background
    config.media_dir = os.path.join(task.work_dir, "media")
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


def movie_of(scene, display) -> str:
    """The movie manim wrote for ``scene``; ContractError when it wrote none."""
    movie = str(scene.renderer.file_writer.movie_file_path)
    if not os.path.isfile(movie):
        raise ContractError(f"{display}: manim wrote no movie (does construct() play any animation?)", line=1)
    return movie


def count_beats(scene) -> int:
    """The beats of a rendered scene: the slides manim-slides makes of it (one per ``next_slide()`` segment,
    the last one included, skipped ones excluded), whether or not its slide files were saved."""
    scene._add_last_slide()  # what _save_slides does first; a no-op when the last segment is already a slide
    return sum(1 for slide in scene._slides if not slide.skip_animations)


def themed_scene(task, config_hook=None):
    """The figure's scene, made with its theme and manim's config set for ``task`` (``config_hook(config)``
    adjusts the config before the figure runs)."""
    theme = theme_module().get(task.theme)
    config = setup_manim(task, theme)
    if config_hook is not None:
        config_hook(config)
    module = load_figure(task)
    cls = scene_class(module, task.display_path)
    cls.theme = theme
    return cls()


def render_animation(task) -> RenderResult:
    """The site's render of an ``AnimationTask``: MP4, WebM and poster in ``task.out_dir``, beats and duration."""
    scene = themed_scene(task)
    scene._save_slides = lambda *args, **kwargs: None  # the site needs the movie, not the slide files
    use_intermediate_encoding(scene, task.intermediate | threads_option(task.threads))
    scene.render()
    movie = movie_of(scene, task.display_path)
    info = encode(movie, task.out_dir, task.outputs, task.encoding, task.threads)
    meta = {"beats": count_beats(scene), "duration": duration(os.path.join(task.out_dir, task.outputs["mp4"]))}
    return RenderResult(name=task.name, ok=True, outputs=list(task.outputs.values()),
                        width=info.get("width") or task.width, height=info.get("height") or task.height,
                        scene=type(scene).__name__, meta=meta)


def render_slides(task) -> SlidesResult:
    """One scene rendered by manim-slides in ``task.work_dir`` (the process's cwd): the whole movie, and
    ``slides/<Scene>.json`` with one movie per beat under ``slides/files/`` (paths relative to the work dir,
    so the folder can be moved). ``task.transparent``: no background (an ARGB QuickTime movie, qtrle).
    Used by the talk exports (``docfigs.slides``); the site's renders use ``render_animation``."""
    def transparent(config):
        config.movie_file_extension = ".mov"  # first, so that manim does not warn it changed the format
        config.transparent = True  # background opacity 0, partial movies in qtrle (ARGB)

    scene = themed_scene(task, transparent if task.transparent else None)  # manim-slides writes ./slides
    scene.skip_reversing = True  # a talk plays forward; reversed copies would double the render time
    scene.render()
    movie = movie_of(scene, task.display_path)
    kept = os.path.join(task.work_dir, "movie" + os.path.splitext(movie)[1])
    os.replace(movie, kept)
    shutil.rmtree(os.path.join(task.work_dir, "media"), ignore_errors=True)  # partial movies, now copied
    info = probe(kept)
    scene_name = type(scene).__name__
    return SlidesResult(name=task.name, ok=True, scene=scene_name, movie=os.path.basename(kept),
                        slides=os.path.join("slides", f"{scene_name}.json"), beats=count_beats(scene),
                        duration=duration(kept), width=info.get("width"), height=info.get("height"),
                        pix_fmt=info.get("pix_fmt"), codec=info.get("codec_name"))
