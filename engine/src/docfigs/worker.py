"""The render worker: the program of the processes the engine starts; only what it runs imports matplotlib or manim.

Run as a script (``python .../docfigs/worker.py MODE``, see ``processes``) with the project's ``src/`` first on
PYTHONPATH, so the theme module ($DOCFIGS_THEME_MODULE) and the figures' own imports come from the project being
built (docfigs itself is imported as the installed package). Modes:

* ``still-server``: renders stills (``stills``), one ``StillTask`` per JSON line on stdin, one ``RenderResult``
  per JSON line on stdout (a persistent process, so matplotlib and torch are imported once per worker, not per
  figure);
* ``animation TASK.json``: renders one ``AnimationTask`` (``scenes.render_animation``) in this fresh process
  (manim keeps global config state) and writes its ``RenderResult`` to the task's result file;
* ``slides TASK.json``: renders one ``SlidesTask`` with manim-slides (``scenes.render_slides``) for the talk
  exports, in the task's work folder.

Outputs go to the task's staging folder only; the engine moves them into place and records them. A worker dies
with its parent, so a killed build leaves no render running.
"""

import os
import sys
import time

USAGE = "usage: worker.py still-server | animation TASK.json | slides TASK.json"


def still_server():
    from docfigs.stills import import_matplotlib, run_still
    from docfigs.tasks import READY, StillTask

    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever else writes to stdout (C code, stray prints) cannot corrupt the protocol
    try:  # import while the engine is still sending the first task
        from docfigs.loader import theme_module

        import_matplotlib()
        theme_module()
    except Exception:  # noqa: BLE001 - reported per task instead
        pass
    proto.write(READY + "\n")  # the engine's clock for a render starts here, not while Python starts
    proto.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        proto.write(run_still(StillTask.from_json(line)).to_json() + "\n")
        proto.flush()


def run_scene(task_file, task_type, result_type, render):
    """Render the ``task_type`` in ``task_file`` with ``render`` and write its ``result_type`` (atomically) to the
    task's result file; 0 when it rendered, 1 when it failed."""
    from docfigs.loader import describe
    from docfigs.staging import atomic_write

    task = task_type.read(task_file)
    start = time.perf_counter()
    try:
        result = render(task)
    except BaseException as exc:  # noqa: BLE001 - a figure may raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = result_type.failure(task.name, describe(exc, task))
    result.seconds = round(time.perf_counter() - start, 3)
    atomic_write(task.result, result.to_json().encode())
    return 0 if result.ok else 1


def main(argv=None):
    from docfigs import settings
    from docfigs.processes import die_with_parent

    argv = sys.argv[1:] if argv is None else argv
    die_with_parent()
    parent = os.environ.get(settings.PARENT_ENV)
    if parent and os.getppid() != int(parent):
        os._exit(3)  # the parent died before die_with_parent() took effect
    if argv[:1] == ["still-server"]:
        return still_server()
    if argv[:1] in (["animation"], ["slides"]) and len(argv) == 2:
        from docfigs.scenes import render_animation, render_slides
        from docfigs.tasks import AnimationTask, RenderResult, SlidesResult, SlidesTask

        if argv[0] == "animation":
            return run_scene(argv[1], AnimationTask, RenderResult, render_animation)
        return run_scene(argv[1], SlidesTask, SlidesResult, render_slides)
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        sys.path.pop(0)  # run as a script: this folder would shadow top-level modules
    sys.exit(main())
