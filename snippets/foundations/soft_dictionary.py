r"""Attention as a soft dictionary: every value is returned to the extent that its key matches the query.

The query $\mathbf{q}$ is compared with each key $\mathbf{k}_j$ by a dot product (the score $e_j$), a softmax turns the scores
into weights $a_j$ that sum to one, and the result is the weighted sum of the values, $\sum_j a_j \mathbf{v}_j$. Unlike a Python dictionary, no key has to
match exactly and no value is left out entirely. Bars show the weights; values are the keys here ($\mathbf{v}_j = \mathbf{k}_j$).
"""

from attnlab.examples.worked import query_over_three_keys


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
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 3.75))
    ax = blank_axes(fig)
    vmax = max(abs(v) for row in data["keys"] + [data["query"]] for v in row)
    small = theme.font_size * 0.9

    # 1. the query, on the left
    draw_squares(ax, [data["query"]], color=theme.query, theme=theme, x=0.0, y=2.5, vmax=vmax, annotate=True)
    ax.text(1.0, 2.85, "query  q", ha="center", va="bottom")

    # 2. the cabinet: one drawer per key, with its score, weight and value
    ax.text(4.0, 4.35, "key  kⱼ", ha="center")
    ax.text(6.35, 4.35, "q · kⱼ", ha="center")
    ax.text(8.45, 4.35, "weight  aⱼ", ha="center")
    ax.text(11.0, 4.35, "value  vⱼ", ha="center")
    for i, (key, score, weight, value) in enumerate(zip(data["keys"], data["scores"], data["weights"], data["values"])):
        top = 4.0 - i * 1.45
        ax.add_patch(Rectangle((2.75, top - 1.2), 9.55, 1.4, facecolor=theme.panel, edgecolor="none", zorder=0))
        draw_squares(ax, [key], color=theme.key, theme=theme, x=3.0, y=top - 0.1, vmax=vmax, annotate=True)
        ax.text(6.35, top - 0.6, f"{score:+.4f}", ha="center", va="center", fontsize=small)
        ax.add_patch(Rectangle((7.45, top - 0.9), 2.0 * weight, 0.6, facecolor=theme.output, edgecolor="none"))
        ax.text(7.45 + 2.0 * weight + 0.08, top - 0.6, f"{weight:.4f}", va="center", fontsize=small)
        draw_squares(ax, [value], color=theme.value, theme=theme, x=10.0, y=top - 0.1, vmax=vmax, annotate=True)
        ax.add_patch(FancyArrowPatch((2.05, 2.0), (2.95, top - 0.6), arrowstyle="-|>", mutation_scale=10,
                                     color=theme.muted, linewidth=0.8))
        ax.add_patch(FancyArrowPatch((12.05, top - 0.6), (13.25, 1.0), arrowstyle="-|>", mutation_scale=10,
                                     color=theme.output, linewidth=0.6 + 5.0 * weight))

    # 3. the result: the weighted sum of the values
    draw_squares(ax, [data["output"]], color=theme.output, theme=theme, x=13.3, y=1.5, vmax=vmax, annotate=True)
    ax.text(14.3, 1.85, "Σ aⱼ vⱼ", ha="center", va="bottom")
    ax.set_xlim(-0.2, 15.5)
    ax.set_ylim(-0.4, 4.8)
    return fig
