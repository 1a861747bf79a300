r"""The distance between two positional encodings depends only on how far apart the positions are.

Left: $\lVert PE(p) - PE(q) \rVert$ for every pair of positions (d = 16, 48 positions). The matrix is constant
along every diagonal: moving both positions by the same amount changes nothing. Right:
$\lVert PE(p) - PE(p + k) \rVert$ as p slides along, for offsets k = 1, 2, 4, 8, 16: flat lines, one height
per offset. The dashed line is $\lVert PE(p) \rVert$ itself, $\sqrt{d/2} \approx 2.83$ at every position, since
each (sin, cos) pair has length 1. Computed from attnlab's `sinusoidal_table`.
"""

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

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.7), gridspec_kw=dict(width_ratios=[1, 1.25], wspace=0.6,
                                                                               left=0.08, right=0.89, top=0.95,
                                                                               bottom=0.14))
    cmap = plt.get_cmap(theme.sequential_cmap)
    image = left.imshow(data["distance"], cmap=cmap, vmin=0.0, interpolation="nearest")
    left.set_xlabel("position q")
    left.set_ylabel("position p")
    bar = fig.colorbar(image, ax=left, fraction=0.046, pad=0.03)
    bar.set_label("‖PE(p) − PE(q)‖")
    bar.outline.set_visible(False)
    for spine in left.spines.values():
        spine.set_visible(False)

    offsets, curves = data["offsets"], data["by_offset"]
    for k, curve in zip(offsets, curves):
        right.plot(range(len(curve)), curve, color=theme.value, linewidth=2.0)
        right.text(len(curve) - 0.5, curve[-1], f" k = {k}", color=theme.foreground, va="center", ha="left",
                   fontsize=theme.font_size * 0.9)
    norms = data["norms"][: len(curves[0])]
    right.plot(range(len(norms)), norms, color=theme.output, linewidth=1.4, linestyle="--")
    right.text(0.5, norms[0] + 0.08, f"‖PE(p)‖ = √(d/2) = {norms[0]:.2f}", va="bottom",
               ha="left", fontsize=theme.font_size * 0.9, color=theme.output)
    right.set_ylim(0, norms[0] * 1.18)
    right.set_xlim(0, len(curves[0]) - 1)
    right.set_xlabel("position p")
    right.set_ylabel("‖PE(p) − PE(p + k)‖")
    return fig
