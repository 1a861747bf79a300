"""The square-corners task: given the first two corners of a square, predict the last two.

Four sequences from the seeded figure set. Each visits the four corners of the square [-1, 1]² from a random
starting corner, clockwise or counter-clockwise, every corner moved by a little Gaussian noise (σ = 0.1). The
source (squares, numbered 1 and 2) is what the encoder reads; the target (circles, 3 and 4) is what the
decoder must produce. The dashed square is the noise-free one.
"""

ALT = """Four small square plots side by side, each a walk around the dashed square [-1, 1]² drawn as arrows: slate
filled squares numbered 1 and 2 at the first two corners, hollow circles numbered 3 and 4 at the last two.
Under each, its corner names and direction: TR BR BL TL clockwise, BL BR TR TL counter-clockwise, TR TL BL BR
counter-clockwise, BL TL TR BR clockwise."""

from attnlab.examples.corners import CORNERS
from attnlab.examples.toy_models import corners_figure_set

SHOWN = 4  # sequences drawn, the first ones of the figure set


def data():
    src, tgt, meta = corners_figure_set()
    return {
        "src": src[:SHOWN].tolist(),  # (N, S, 2)
        "tgt": tgt[:SHOWN].tolist(),  # (N, L, 2)
        "labels": [[*meta.labels(i)[0], *meta.labels(i)[1]] for i in range(SHOWN)],  # (N, 4) corner names
        "directions": [meta.direction_name(i) for i in range(SHOWN)],
        "corners": [list(c) for c in CORNERS],  # (4, 2) the clean square, counter-clockwise
        "noise_std": meta.noise_std,
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Polygon

    from attnlab.theme import ink_on

    n = len(data["src"])
    fig, axes = plt.subplots(1, n, figsize=(8, 2.9), gridspec_kw={"wspace": 0.08})
    small = theme.small
    for ax, src, tgt, labels, direction in zip(axes, data["src"], data["tgt"], data["labels"], data["directions"]):
        # 1. the clean square, for reference
        ax.add_patch(Polygon(data["corners"], closed=True, fill=False, edgecolor=theme.muted, linestyle="--",
                             linewidth=0.8))
        points = src + tgt  # (4, 2): source corners then target corners
        # 2. the path in visiting order
        for a, b in zip(points[:-1], points[1:]):
            ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=10, color=theme.muted,
                                         linewidth=0.9, shrinkA=9, shrinkB=9))
        # 3. source (encoder input) and target (decoder output), numbered in order
        for step, (x, y) in enumerate(points):
            is_source = step < len(src)
            fill = theme.input if is_source else theme.background  # given (filled) or to be predicted (hollow)
            ax.scatter([x], [y], s=260, marker="s" if is_source else "o", zorder=3, color=fill,
                       edgecolor=theme.foreground, linewidth=1.2)
            ax.text(x, y, str(step + 1), ha="center", va="center", fontsize=small, zorder=4,
                    color=ink_on(theme, fill), fontweight="bold")
        ax.text(0.0, -1.62, f"{labels[0]} → {labels[1]} → {labels[2]} → {labels[3]}", ha="center", va="top",
                fontsize=small)
        ax.text(0.0, -1.95, direction, ha="center", va="top", fontsize=small, color=theme.muted)
        ax.set_xlim(-1.45, 1.45)
        ax.set_ylim(-2.3, 1.45)
        ax.set_aspect("equal")
        ax.set_axis_off()
    handles = [
        Line2D([], [], marker="s", linestyle="", markersize=11, color=theme.input, markeredgecolor=theme.foreground,
               label="source: corners 1, 2 (encoder reads)"),
        Line2D([], [], marker="o", linestyle="", markersize=11, color=theme.background,
               markeredgecolor=theme.foreground, label="target: corners 3, 4 (decoder predicts)"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=small, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.12)
    return fig
