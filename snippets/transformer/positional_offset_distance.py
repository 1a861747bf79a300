r"""The distance between two positional encodings depends only on how far apart the positions are.

Left: $\lVert PE(p) - PE(q) \rVert$ for every pair of positions (d = 16, 48 positions). The matrix is constant
along every diagonal: moving both positions by the same amount changes nothing (deeper blue in light, brighter
in dark, is farther; the traced diagonal q = p + 8 is the bold line on the right). Right:
$\lVert PE(p) - PE(p + k) \rVert$ as p slides along, for offsets k = 1, 2, 4, 8, 16: flat lines, one height
per offset. The dashed line is $\lVert PE(p) \rVert$ itself, $\sqrt{d/2} \approx 2.83$ at every position, since
each (sin, cos) pair has length 1. Computed from attnlab's `sinusoidal_table`.
"""

ALT = """Left, a 48 by 48 square of blue cells with a faint zero-distance line from top-left to bottom-right and
stripes running parallel to it; one stripe, eight cells right of the zero line, is traced by a line labelled
q = p + 8. Right, five horizontal lines over positions 0 to 31 at heights 1.02 (k = 1), 1.81, 2.21, 2.57
(k = 8, drawn bolder) and 2.75 (k = 16), under a dashed line at 2.83."""

from attnlab.examples.transformer import positional_distances


def data():
    example = positional_distances()
    return {
        "d_model": example.d_model,
        "distance": example.distance.tolist(),  # (P, P)
        "offsets": example.offsets.tolist(),  # (K,)
        "by_offset": example.by_offset.tolist(),  # (K, P - max k)
        "norms": example.norms.tolist(),  # (P,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    small = theme.small
    highlight = 8  # the offset traced in both panels
    height = 3.55
    side = 0.34 * 8 / height  # the heatmap's height as a figure fraction: a square
    fig = plt.figure(figsize=(8, height))
    left = fig.add_axes((0.075, 0.16, 0.34, side))
    bar_ax = fig.add_axes((0.43, 0.16, 0.014, side))
    right = fig.add_axes((0.6, 0.16, 0.28, side))

    # 1. the distance between every pair of positions, one diagonal traced
    distance = data["distance"]  # (P, P)
    P = len(distance)
    image = left.imshow(distance, cmap=theme.sequential_cmap, vmin=0.0, interpolation="nearest")
    left.plot([highlight - 0.5, P - 0.5], [-0.5, P - highlight - 0.5], color=theme.foreground, linewidth=1.6)
    left.text(highlight + 7, 2.5, f"q = p + {highlight}", ha="left", va="center", fontsize=small,
              fontweight="bold", color=theme.foreground,
              bbox=dict(boxstyle="round,pad=0.2", facecolor=theme.background, edgecolor="none"))
    ticks = [0, 16, 32, P - 1]
    left.set_xticks(ticks)
    left.set_yticks(ticks)
    left.tick_params(length=0, pad=3)
    left.set_xlabel("position q")
    left.set_ylabel("position p", labelpad=2)
    for spine in left.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, cax=bar_ax, ticks=[0, 1, 2, 3])
    bar.ax.tick_params(length=0, pad=3)
    bar.outline.set_visible(False)
    bar.set_label("‖PE(p) − PE(q)‖", labelpad=4)

    # 2. the distance at a fixed offset k as p slides along: flat
    offsets, curves = data["offsets"], data["by_offset"]  # (K,), (K, P - max k)
    label_ys = [curve[-1] for curve in curves]
    for i in range(1, len(label_ys)):  # labels of close lines apart (the lines stay where they are)
        label_ys[i] = max(label_ys[i], label_ys[i - 1] + 0.26)
    for k, curve, label_y in zip(offsets, curves, label_ys):
        bold = k == highlight
        right.plot(range(len(curve)), curve, color=theme.foreground, linewidth=2.6 if bold else 1.4)
        right.text(len(curve) - 0.2, label_y, f"k = {k}", color=theme.foreground, va="center", ha="left",
                   fontsize=small, fontweight="bold" if bold else "normal")
    norms = data["norms"][: len(curves[0])]
    right.plot(range(len(norms)), norms, color=theme.muted, linewidth=1.4, linestyle="--")
    right.text(0.5, norms[0] + 0.08, f"‖PE(p)‖ = {norms[0]:.2f}", va="bottom", ha="left", fontsize=small,
               color=theme.muted)
    right.set_ylim(0, norms[0] * 1.2)
    right.set_xlim(0, len(curves[0]) - 1)
    right.set_xticks([0, 10, 20, 30])
    right.set_yticks([0, 1, 2, 3])
    right.tick_params(length=3)
    right.set_xlabel("position p")
    right.set_ylabel("‖PE(p) − PE(p + k)‖", labelpad=4)
    return fig
