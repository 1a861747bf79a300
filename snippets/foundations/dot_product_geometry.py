r"""The dot product measures angle and length: $\mathbf{q} \cdot \mathbf{k} = \cos\theta \, \lVert \mathbf{q} \rVert \, \lVert \mathbf{k} \rVert$.

Left: a query q (purple) and five keys (yellow) at angles from 0° to 180° and of different lengths. Right:
their dot products with q. Keys pointing the same way as q score positive, a key at a right angle scores 0,
keys pointing away score negative. Length counts too: the long key k2 at 45° outscores the short key k1
that points exactly along q.
"""

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

    small = theme.font_size * 0.9
    fig = plt.figure(figsize=(8, 3.6))

    # 1. the vectors
    plane = fig.add_axes((0.02, 0.1, 0.42, 0.85))
    plane.set_aspect("equal")
    plane.set_axis_off()
    reach = max(data["lengths"] + [data["query_norm"]]) + 0.55
    plane.set_xlim(-reach + 0.3, reach)
    plane.set_ylim(-0.35, reach)
    plane.axhline(0, color=theme.muted, linewidth=0.6)
    qx, qy = data["query"]  # drawn first and wider, so a key along it stays visible on top
    plane.annotate("", (qx, qy), (0, 0), arrowprops=dict(arrowstyle="-|>", color=theme.query, linewidth=5,
                                                          mutation_scale=22, shrinkA=0, shrinkB=0))
    plane.text(qx, qy - 0.12, "q", ha="right", va="top", color=theme.query, fontsize=theme.font_size * 1.2,
               fontweight="bold")
    for (x, y), label, angle in zip(data["keys"], data["labels"], data["angles"]):
        plane.annotate("", (x, y), (0, 0), arrowprops=dict(arrowstyle="-|>", color=theme.key, linewidth=2.2,
                                                            shrinkA=0, shrinkB=0))
        norm = (x * x + y * y) ** 0.5
        ux, uy = x / norm, y / norm
        tip = (x + 0.32 * ux, y + 0.32 * uy + (0.12 if abs(uy) < 0.1 else 0.0))
        plane.text(*tip, f"{label} {angle:.0f}°", ha="center", va="bottom" if abs(uy) < 0.1 else "center",
                   fontsize=small)
    # 2. the dot products
    bars = fig.add_axes((0.56, 0.3, 0.42, 0.62))
    positions = range(len(data["scores"]))
    colors = [theme.output if s >= 0 else theme.query for s in data["scores"]]
    bars.bar(positions, data["scores"], color=colors, width=0.6)
    bars.axhline(0, color=theme.muted, linewidth=0.8)
    for i, score in enumerate(data["scores"]):
        text = f"{score:+.2f}" if abs(score) >= 0.005 else "0"  # the right angle's score is 0 up to rounding
        bars.text(i, score + (0.08 if score >= 0 else -0.08), text, ha="center", va="bottom" if score >= 0 else "top",
                  fontsize=small)
    bars.set_xticks(list(positions))
    bars.set_xticklabels([f"{label}\n{angle:.0f}°\n‖k‖ {length:g}" for label, angle, length in
                          zip(data["labels"], data["angles"], data["lengths"])])
    bars.set_ylabel(f"q · k   (‖q‖ = {data['query_norm']:g})")
    low, high = min(data["scores"]), max(data["scores"])
    bars.set_ylim(low - 0.5, high + 0.5)
    return fig
