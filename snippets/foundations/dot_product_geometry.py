r"""The dot product measures angle and length: $\mathbf{q} \cdot \mathbf{k} = \cos\theta \, \lVert \mathbf{q} \rVert \, \lVert \mathbf{k} \rVert$.

Left: a query q (purple) and five keys (yellow) at angles from 0° to 180° and of different lengths. Right:
their dot products with q (blue bars positive, grey negative). Keys pointing the same way as q score positive,
a key at a right angle scores 0, keys pointing away score negative. Length counts too: the long key k2 at 45°
outscores the short key k1 that points exactly along q.
"""  # noqa: E501  the title is the docstring's first line, whole

ALT = """Left, arrows from one origin: a dashed purple q of length 1.5 pointing right, drawn over the yellow k1 of
length 0.8 along the same line, and yellow keys k2 to k5 fanning up and round to the left. Right, one bar per
key: k1 +1.20, k2 +2.12 (the tallest, outlined), k3 0, k4 -1.27 and k5 -1.20 hanging below the zero line."""

from attnlab.examples.foundations import dot_product_geometry


def data():
    example = dot_product_geometry()
    return {
        "query": example.query.tolist(),  # (E,)
        "query_norm": example.query.norm().item(),
        "keys": example.keys.tolist(),  # (S, E)
        "labels": list(example.key_labels),
        "angles": example.angles.tolist(),  # (S,) degrees
        "lengths": example.lengths.tolist(),  # (S,)
        "cosines": example.cosines.tolist(),  # (S,)
        "scores": example.scores.tolist(),  # (S,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    small = theme.small
    fig = plt.figure(figsize=(8, 3.5))

    # 1. the vectors: the keys as solid yellow arrows, q on top of them as a dashed purple one
    plane = fig.add_axes((0.0, 0.02, 0.46, 0.96))
    plane.set_aspect("equal")
    plane.set_axis_off()
    reach = max(data["lengths"] + [data["query_norm"]]) + 0.45
    plane.set_xlim(-reach + 0.45, reach + 0.1)
    plane.set_ylim(-0.55, reach)
    plane.axhline(0, color=theme.muted, linewidth=0.6, zorder=1)
    for (x, y), label, angle in zip(data["keys"], data["labels"], data["angles"]):
        plane.annotate("", (x, y), (0, 0), arrowprops=dict(arrowstyle="-|>", color=theme.key, linewidth=4.5,
                                                            mutation_scale=20, shrinkA=0, shrinkB=0), zorder=2)
        norm = (x * x + y * y) ** 0.5
        ux, uy = x / norm, y / norm
        if abs(uy) < 0.1:  # along the axis: label under the tip, clear of q and the axis
            plane.text(x, y - 0.14, f"{label} {angle:.0f}°", ha="center", va="top", fontsize=small)
        else:
            plane.text(x + 0.3 * ux, y + 0.3 * uy, f"{label} {angle:.0f}°", ha="center", va="center", fontsize=small)
    qx, qy = data["query"]
    plane.annotate("", (qx, qy), (0, 0), arrowprops=dict(arrowstyle="-|>", color=theme.query, linewidth=2.4,
                                                          linestyle=(0, (3, 1.5)), mutation_scale=20, shrinkA=0,
                                                          shrinkB=0), zorder=3)
    plane.text(qx + 0.1, qy + 0.12, "q", ha="left", va="bottom", color=theme.foreground,
               fontsize=theme.font_size * 1.2, fontweight="bold")

    # 2. the dot products, coloured as signed numbers
    bars = fig.add_axes((0.58, 0.3, 0.41, 0.66))
    positions = range(len(data["scores"]))
    scale = max(abs(s) for s in data["scores"])
    norm = Normalize(-scale, scale)
    colors = [theme.diverging_cmap(norm(s)) for s in data["scores"]]
    best = max(positions, key=lambda i: data["scores"][i])
    bars.bar(positions, data["scores"], color=colors, width=0.62,
             edgecolor=[theme.foreground if i == best else "none" for i in positions], linewidth=2.2)
    bars.axhline(0, color=theme.muted, linewidth=0.8)
    for i, score in enumerate(data["scores"]):
        text = f"{score:+.2f}".replace("-", "−") if abs(score) >= 0.005 else "0"  # 90°: 0 up to rounding
        bars.text(i, score + (0.08 if score >= 0 else -0.08), text, ha="center", va="bottom" if score >= 0 else "top",
                  fontsize=small, fontweight="bold" if i == best else "normal")
    bars.text(best + 0.45, data["scores"][best] + 0.12, "longer\nbeats aligned", ha="left", va="top",
              fontsize=small, color=theme.foreground, fontweight="bold")
    # under each bar its key, angle and length; the lengths' row is named once, on the left
    below = dict(xycoords=("data", "axes fraction"), textcoords="offset points", xytext=(0, -6), va="top",
                 fontsize=small, linespacing=1.3)
    for i, (label, angle, length) in enumerate(zip(data["labels"], data["angles"], data["lengths"])):
        bars.annotate(f"{label}\n{angle:.0f}°\n{length:g}", (i, 0), ha="center", **below)
    bars.annotate("\n\n‖k‖", (-0.45, 0), ha="right", color=theme.muted, **below)
    bars.set_xticks([])
    bars.spines["bottom"].set_visible(False)
    bars.set_ylabel(f"q · k   (‖q‖ = {data['query_norm']:g})")
    low, high = min(data["scores"]), max(data["scores"])
    bars.set_ylim(low - 0.5, high + 0.5)
    return fig
