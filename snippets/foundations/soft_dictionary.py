r"""Attention as a soft dictionary: every value is returned to the extent that its key matches the query.

The query $\mathbf{q}$ is compared with each key $\mathbf{k}_j$ by a dot product (the score $e_j$), a softmax turns the
scores into weights $a_j$ that sum to one, and the result is the weighted sum of the values, $\sum_j a_j \mathbf{v}_j$.
Unlike a Python dictionary, no key has to match exactly and no value is left out entirely. Bars show the weights; values
are the keys here ($\mathbf{v}_j = \mathbf{k}_j$).
"""

ALT = """A query q = (0.55, 0.95) on the left points at three drawers stacked on the right. Each drawer holds a
key, its score with q (+0.5475, +0.0875, -1.2350), a blue bar for its weight (0.5557, 0.3508, 0.0935, the last
outlined) and its value. Under the values, their weighted sum (0.57, -0.10)."""

from attnlab.examples.foundations import query_over_three_keys


def data():
    example = query_over_three_keys()
    return {
        "query": example.query.tolist(),  # (E,)
        "keys": example.keys.tolist(),  # (S, E)
        "values": example.values.tolist(),  # (S, E)
        "scores": example.scores.tolist(),  # (S,)
        "weights": example.weights.tolist(),  # (S,)
        "output": example.context.tolist(),  # (E,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares, number_text

    left, right, bottom, top = -0.15, 11.6, -1.15, 4.75
    fig = plt.figure(figsize=(8, 8 * (top - bottom) / (right - left)))  # one data unit as wide as tall
    ax = blank_axes(fig)
    vmax = max(abs(v) for row in data["keys"] + [data["query"]] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True)
    weight_color = to_hex(theme.sequential_cmap(0.75))  # weights are magnitudes, no role
    tops = [4.0 - i * 1.3 for i in range(len(data["keys"]))]  # top of each drawer's squares
    least = min(range(len(tops)), key=lambda j: data["weights"][j])

    # 1. the query, on the left, pointing at every key
    middle = tops[len(tops) // 2] - 0.5
    draw_squares(ax, [data["query"]], color=theme.query, x=0.0, y=middle + 0.5, **square)
    ax.text(1.0, middle + 0.65, r"query  $\mathbf{q}$", ha="center", va="bottom")

    # 2. the cabinet: one drawer per key, with its score, weight and value
    for x, label in ((3.95, r"key  $\mathbf{k}_j$"), (5.95, r"$\mathbf{q} \cdot \mathbf{k}_j$"), (7.6, "weight  $a_j$"),
                     (10.2, r"value  $\mathbf{v}_j$")):
        ax.text(x, 4.2, label, ha="center", va="bottom")
    for j, (top_, key, score, weight, value) in enumerate(zip(tops, data["keys"], data["scores"], data["weights"],
                                                              data["values"])):
        ax.add_patch(Rectangle((2.8, top_ - 1.09), 8.65, 1.18, facecolor=theme.panel, edgecolor="none", zorder=0))
        draw_squares(ax, [key], color=theme.key, x=2.95, y=top_, **square)
        ax.text(5.95, top_ - 0.5, number_text("{:+.4f}", score), ha="center", va="center")
        ax.add_patch(Rectangle((6.9, top_ - 0.8), 1.6 * weight, 0.6, facecolor=weight_color, edgecolor="none"))
        ax.text(6.9 + 1.6 * weight + 0.08, top_ - 0.5, f"{weight:.4f}", va="center",
                fontweight="bold" if j == least else "normal")
        draw_squares(ax, [value], color=theme.value, x=9.2, y=top_, **square)
        ax.add_patch(FancyArrowPatch((2.05, middle), (2.9, top_ - 0.5), arrowstyle="-|>", mutation_scale=12,
                                     color=theme.muted, linewidth=1.0))

    # the caption's point: even the worst match keeps a share
    low = tops[least]
    ax.add_patch(Rectangle((6.8, low - 0.95), 2.25, 0.9, facecolor="none", edgecolor=theme.foreground,
                           linewidth=2.0, zorder=4))
    ax.text(5.3, low - 1.75, "least, but not 0", ha="center", va="center", fontsize=theme.small, fontweight="bold")
    ax.add_patch(FancyArrowPatch((5.6, low - 1.5), (6.85, low - 0.9), arrowstyle="-|>", mutation_scale=12,
                                 color=theme.foreground, linewidth=1.4, zorder=5))

    # 3. the result: the weighted sum of the values
    ax.plot([8.75, 11.3], [tops[-1] - 1.3, tops[-1] - 1.3], color=theme.foreground, linewidth=1.0)
    draw_squares(ax, [data["output"]], color=theme.output, x=9.2, y=tops[-1] - 1.4, **square)
    ax.text(9.05, tops[-1] - 1.9, r"$\sum_j a_j \mathbf{v}_j$ =", ha="right", va="center")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    return fig
