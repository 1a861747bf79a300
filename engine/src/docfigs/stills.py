"""In a worker process: one still (``StillTask``) drawn by matplotlib in every site theme, SVG and PNG."""

import contextlib
import io
import os
import re
import sys
import time

from . import settings
from .loader import ContractError, describe, load_figure, module_name, theme_module
from .tasks import RenderResult

SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


def svg_css_size(path):
    """(width, height) in CSS pixels of the SVG at ``path`` (its size in points * 4/3); (None, None) if unknown."""
    with open(path, "rb") as f:
        head = f.read(4096)
    m = SVG_SIZE.search(head)
    if not m:
        return None, None
    return round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)  # pt -> CSS px


def import_matplotlib():
    """matplotlib with the Agg backend (no display), and its Figure class."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    return matplotlib, Figure


def render_still(task) -> RenderResult:
    matplotlib, Figure = import_matplotlib()
    themes = theme_module()
    rc = getattr(themes, "matplotlib_rc", lambda theme: {})
    module = load_figure(task)
    display = task.display_path
    data_fn, draw_fn = getattr(module, "data", None), getattr(module, "draw", None)
    for fn_name, fn in (("data", data_fn), ("draw", draw_fn)):
        if not callable(fn):
            raise ContractError(f"{display} defines no {fn_name}() function "
                                "(a still defines data() and draw(data, theme) -> matplotlib Figure)", line=1)
    data = data_fn()
    project_name = os.environ.get(settings.PROJECT_NAME_ENV, "docfigs")
    written, width, height = [], None, None
    for name in task.themes:
        theme = themes.get(name)
        # fixed SVG ids and text as paths (no fonts to fetch): two builds write the same bytes; a theme may override
        with matplotlib.rc_context({"svg.hashsalt": project_name, "svg.fonttype": "path"} | rc(theme)):
            fig = draw_fn(data, theme)
            if not isinstance(fig, Figure):
                raise ContractError(f"draw() in {display} returned {type(fig).__name__}, not a matplotlib Figure",
                                    line=draw_fn.__code__.co_firstlineno)
            out = task.outputs[name]
            fig.savefig(os.path.join(task.out_dir, out["svg"]), format="svg",
                        metadata={"Date": None, "Creator": f"{project_name} (matplotlib)"})
            fig.savefig(os.path.join(task.out_dir, out["png"]), format="png", dpi=task.png_dpi)
        if "matplotlib.pyplot" in sys.modules:  # figures made with pyplot stay registered until closed
            sys.modules["matplotlib.pyplot"].close(fig)
        written += [out["svg"], out["png"]]
        if width is None:
            width, height = svg_css_size(os.path.join(task.out_dir, out["svg"]))
    return RenderResult(name=task.name, ok=True, outputs=written, width=width, height=height)


def reset_global_state():
    """Start every still from the same global state, whichever figures this worker drew before.

    A still worker draws many figures; without this, a figure that relies on global state (an unseeded
    RNG, rcParams set at import time) would come out differently depending on the order of the build.
    Figures should still seed what they use: torch is only reseeded here when some earlier figure imported it.
    """
    import random

    random.seed(0)
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(0)


def run_still(task) -> RenderResult:
    """``render_still`` from a clean global state, its output captured, any exception turned into a failure."""
    start = time.perf_counter()
    captured = io.StringIO()
    try:
        reset_global_state()
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            result = render_still(task)
    except BaseException as exc:  # noqa: BLE001 - a figure may raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        result = RenderResult.failure(task.name, describe(exc, task) | {"output": captured.getvalue()[-4000:]})
    finally:
        sys.modules.pop(module_name(task), None)
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    result.seconds = round(time.perf_counter() - start, 3)
    return result
