r"""Self-attention for one input in four steps: project, score, softmax, weighted sum.

The output $\mathbf{y}_1$ for input $\mathbf{x}_1$. 1. Project: $\mathbf{x}_1$ gives its query $\mathbf{q}_1$ (purple); every input $\mathbf{x}_j$ gives a
key $\mathbf{k}_j$ (yellow) and a value $\mathbf{v}_j$ (green, drawn in step 4). 2. Score: $\mathbf{q}_1 \cdot \mathbf{k}_j$ divided by
$\sqrt{d_k}$, here $\sqrt{3}$. 3. Softmax: the scores become weights $a_{1j}$ that sum to 1. 4. Weighted sum: each value
is scaled by its weight and the results are added into $\mathbf{y}_1$ (red). Here $\mathbf{x}_1$ attends mostly to $\mathbf{x}_3$, not to
itself. Numbers from a seeded attnlab `Attention` module.
"""

from attnlab.examples.foundations import qkv_example

TOKEN = 0  # the input whose output is built: x1


def data():
    example = qkv_example()
    return {
        "tokens": list(example.tokens),
        "index": TOKEN,
        "d_k": example.d_k,
        "q": example.Q[TOKEN].tolist(),  # (D,)
        "K": example.K.tolist(),  # (S, D)
        "V": example.V.tolist(),  # (S, D)
        "scores": example.scores[TOKEN].tolist(),  # (S,) q·kⱼ / √d_k
        "weights": example.weights[TOKEN].tolist(),  # (S,)
        "output": example.Y[TOKEN].tolist(),  # (D,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 3.6))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    D = len(data["q"])
    vmax = max(abs(v) for key in ("q", "K", "V", "output") for v in _flat(data[key]))
    square = dict(theme=theme, vmax=vmax, annotate=True, fontsize=small)
    rows = [2.6 - 1.2 * r for r in range(len(data["K"]))]  # top of each input's row
    me = data["tokens"][data["index"]]

    def stage(x0, x1, title):
        ax.add_patch(Rectangle((x0, -2.1), x1 - x0, 7.25, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text((x0 + x1) / 2, 5.0, title, ha="center", va="top", fontweight="bold")

    def arrow(x0, x1, y):
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=12, color=theme.muted))

    def note(x, y, text):
        ax.text(x, y, text, ha="center", va="center", color=theme.muted, fontsize=small)

    # 1. project: the query of this input, the key of every input
    stage(-1.3, 3.3, "1. project")
    ax.text(-0.15, 3.7, "q" + me[1:], ha="right", va="center", color=theme.query, fontweight="bold")
    draw_squares(ax, [data["q"]], color=theme.query, x=0, y=4.2, **square)
    for top, token, key in zip(rows, data["tokens"], data["K"]):
        ax.text(-0.15, top - 0.5, "k" + token[1:], ha="right", va="center", color=theme.foreground)
        draw_squares(ax, [key], color=theme.key, x=0, y=top, **square)
    note(D / 2, 2.95, f"from {', '.join(data['tokens'])}")

    # 2. score: dot product with each key, divided by √d_k
    stage(3.7, 6.1, "2. score")
    note(4.9, 3.7, f"q·kⱼ / √{data['d_k']}")
    for top, score in zip(rows, data["scores"]):
        arrow(3.15, 4.05, top - 0.5)
        ax.text(4.9, top - 0.5, f"{score:+.2f}", ha="center", va="center")

    # 3. softmax
    stage(6.5, 9.3, "3. softmax")
    for top, weight in zip(rows, data["weights"]):
        arrow(5.65, 6.75, top - 0.5)
        ax.add_patch(Rectangle((6.85, top - 0.8), 1.6 * weight, 0.6, facecolor=theme.output, edgecolor="none"))
        ax.text(6.85 + 1.6 * weight + 0.1, top - 0.5, f"{weight:.2f}", va="center", fontsize=small)
    note(7.9, 3.7, "weights a₁ⱼ")

    # 4. weighted sum of the values
    stage(9.7, 15.2, "4. weighted sum")
    note(11.2 + D / 2, 3.7, "values vⱼ")
    for top, weight, value in zip(rows, data["weights"], data["V"]):
        ax.text(11.05, top - 0.5, f"{weight:.2f} ×", ha="right", va="center", fontsize=small)
        draw_squares(ax, [value], color=theme.value, x=11.2, y=top, **square)
    ax.plot([10.0, 11.3 + D], [-0.95, -0.95], color=theme.foreground, linewidth=1.0)
    ax.text(11.05, -1.45, "Σ =", ha="right", va="center")
    draw_squares(ax, [data["output"]], color=theme.output, x=11.2, y=-0.95, **square)
    ax.text(11.3 + D, -1.45, "y" + me[1:], ha="left", va="center", color=theme.output, fontweight="bold")
    ax.set_xlim(-1.4, 15.3)
    ax.set_ylim(-2.2, 5.3)
    return fig


def _flat(values):
    """The numbers of a vector or a matrix, in one list."""
    return [v for row in values for v in (row if isinstance(row, list) else [row])]
