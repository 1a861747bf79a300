"""Soft attention blends every value; hard attention returns the value of the best key alone.

The query (0.55, 0.95) over the keys k1, k2, k3 of the worked example (values = keys). Left: soft weights, the
softmax of the scores (0.56, 0.35, 0.09), and hard weights, a one-hot on the highest score. Right: the same
in the plane of the two features: the soft context (0.57, -0.10) lies inside the triangle of the values,
pulled towards each one by its weight, while the hard context is the value k1 itself. The soft choice has a
gradient with respect to every score; the hard choice (argmax) has none.
"""

ALT = """Left, paired bars for keys k1, k2, k3: solid blue soft weights 0.56, 0.35, 0.09 beside hatched hard weights
1.00, 0.00, 0.00. Right, a plane with the purple query arrow, the three yellow points k1 = v1, k2 = v2,
k3 = v3 at the corners of a shaded triangle, the red-orange soft context inside it joined to each point by a
line as thick as its weight, and a ring, the hard context, around k1."""

from attnlab.examples.encoder_decoder import soft_vs_hard


def data():
    example = soft_vs_hard()
    return {
        "key_labels": list(example.key_labels),  # (S,)
        "query": example.query.tolist(),  # (E,)
        "values": example.values.tolist(),  # (S, E)
        "scores": example.scores.tolist(),  # (S,)
        "soft_weights": example.soft_weights.tolist(),  # (S,)
        "hard_weights": example.hard_weights.tolist(),  # (S,)
        "soft_context": example.soft_context.tolist(),  # (E,)
        "hard_context": example.hard_context.tolist(),  # (E,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Patch, Polygon

    from attnlab.draw.squares import number_text

    small = theme.small
    fig, (bars, plane) = plt.subplots(1, 2, figsize=(8, 3.6), gridspec_kw={"width_ratios": [1.0, 1.1], "wspace": 0.3})

    # 1. the two sets of weights, key by key
    S = len(data["key_labels"])
    for s in range(S):
        for offset, weights, color, hatch in ((-0.2, data["soft_weights"], theme.sequential_cmap(0.75), None),
                                              (0.2, data["hard_weights"], theme.foreground, "//")):
            bars.bar(s + offset, weights[s], width=0.38, color=color if hatch is None else "none",
                     edgecolor=color, hatch=hatch, linewidth=1.0)
            bars.text(s + offset, weights[s] + 0.02, f"{weights[s]:.2f}", ha="center", va="bottom", fontsize=small)
    bars.set_xticks(range(S), [f"{label}\n" + number_text("{:+.2f}", score)
                              for label, score in zip(data["key_labels"], data["scores"])])
    bars.set_xlabel("key, and its score q·k", fontsize=small)
    bars.set_ylim(0.0, 1.5)
    bars.set_yticks([0.0, 0.5, 1.0])
    bars.set_ylabel("weight")
    bars.tick_params(labelsize=small)
    bars.legend(handles=[Patch(color=theme.sequential_cmap(0.75), label="soft: softmax"),
                         Patch(facecolor="none", edgecolor=theme.foreground, hatch="//", label="hard: one-hot argmax")],
                fontsize=small, frameon=False, loc="upper left", ncol=1, borderaxespad=0.1)

    # 2. the plane: values, query, and the two contexts
    values = data["values"]
    plane.add_patch(Polygon(values, closed=True, facecolor=theme.panel, edgecolor=theme.muted, linestyle="--",
                            linewidth=0.8))
    plane.add_patch(FancyArrowPatch((0, 0), data["query"], arrowstyle="-|>", mutation_scale=12, color=theme.query,
                                    linewidth=1.6))
    plane.text(data["query"][0] + 0.06, data["query"][1], "q", color=theme.query, va="center", fontweight="bold")
    for label, (x, y), w in zip(data["key_labels"], values, data["soft_weights"]):
        plane.scatter([x], [y], s=70, color=theme.key, edgecolor=theme.foreground, linewidth=0.8, zorder=3)
        above = y > 0  # above the axis: write the label above the point, clear of the axis line
        plane.text(x + 0.1, y + (0.08 if above else -0.1), f"{label} = v{label[1:]}", ha="left",
                   va="bottom" if above else "top", fontsize=small)
        plane.plot([x, data["soft_context"][0]], [y, data["soft_context"][1]], color=theme.sequential_cmap(0.75),
                   linewidth=0.5 + 4.0 * w, zorder=2)
    plane.scatter(*data["soft_context"], s=90, color=theme.output, edgecolor=theme.foreground, zorder=4,
                  label="soft context")
    plane.scatter(*data["hard_context"], s=260, facecolor="none", edgecolor=theme.foreground, linewidth=1.6,
                  zorder=4, label="hard context")
    plane.axhline(0.0, color=theme.muted, linewidth=0.6)
    plane.axvline(0.0, color=theme.muted, linewidth=0.6)
    plane.set_aspect("equal")
    plane.set_xlim(-1.2, 1.5)
    plane.set_ylim(-1.05, 1.15)
    plane.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    plane.tick_params(labelsize=small)
    plane.legend(fontsize=small, frameon=False, loc="upper left", handletextpad=0.2)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.97, bottom=0.22)
    return fig
