r"""Self-attention for one input in four steps: project, score, softmax, weighted sum.

The output $\mathbf{y}_1$ for input $\mathbf{x}_1$. 1. Project: $\mathbf{x}_1$ gives its query $\mathbf{q}_1$ (purple);
every input $\mathbf{x}_j$ gives a key $\mathbf{k}_j$ (yellow) and a value $\mathbf{v}_j$ (green, drawn in step 4). 2.
Score: $\mathbf{q}_1 \cdot \mathbf{k}_j$ divided by $\sqrt{d_k}$, here $\sqrt{3}$. 3. Softmax: the scores become weights
$a_{1j}$ that sum to 1. 4. Weighted sum: each value is scaled by its weight and the results are added into
$\mathbf{y}_1$ (red-orange). Here $\mathbf{x}_1$ attends mostly to $\mathbf{x}_3$, not to itself. Numbers from a seeded
attnlab `Attention` module.
"""

ALT = """Four shaded columns side by side. The first holds q1 (0.29, 0.26, 1.15) over the keys k1 to k3; arrows
lead to the scores -0.62, -1.35 and +0.57, then to three blue bars of 0.21, 0.10 and 0.69, the last outlined.
The fourth column multiplies the values v1 to v3 by these weights and adds them into y1 = (-0.85, 0.48, 0.35)."""

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
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares, number_text

    left, right, bottom, top = -1.05, 13.8, -2.2, 5.3
    fig = plt.figure(figsize=(8, 8 * (top - bottom) / (right - left)))  # one data unit as wide as tall
    ax = blank_axes(fig)
    small = theme.small
    D = len(data["q"])
    vmax = max(abs(v) for key in ("q", "K", "V", "output") for v in _flat(data[key]))
    square = dict(theme=theme, vmax=vmax, annotate=True)
    weight_color = to_hex(theme.sequential_cmap(0.75))  # weights are magnitudes, no role
    rows = [2.6 - 1.2 * r for r in range(len(data["K"]))]  # top of each input's row
    me = data["tokens"][data["index"]]
    favourite = max(range(len(rows)), key=lambda j: data["weights"][j])

    def stage(x0, x1, title):
        ax.add_patch(Rectangle((x0, -2.1), x1 - x0, 7.25, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text((x0 + x1) / 2, 5.0, title, ha="center", va="top", fontweight="bold")

    def arrow(x0, x1, y):
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=12, color=theme.muted))

    def note(x, y, text, **style):
        ax.text(x, y, text, ha="center", va="center", color=theme.muted, fontsize=small, **style)

    # 1. project: the query of this input, the key of every input
    stage(-1.0, 3.2, "1. project")
    ax.text(-0.15, 3.7, "q" + me[1:], ha="right", va="center", color=theme.foreground, fontweight="bold")
    draw_squares(ax, [data["q"]], color=theme.query, x=0, y=4.2, **square)
    for top_, token, key in zip(rows, data["tokens"], data["K"]):
        ax.text(-0.15, top_ - 0.5, "k" + token[1:], ha="right", va="center")
        draw_squares(ax, [key], color=theme.key, x=0, y=top_, **square)
    note(D / 2, 2.9, f"from {', '.join(data['tokens'])}")

    # 2. score: dot product with each key, divided by √d_k
    stage(3.45, 5.65, "2. score")
    note(4.55, 3.7, rf"$q \cdot k_j \,/ \sqrt{{{data['d_k']}}}$")
    for top_, score in zip(rows, data["scores"]):
        arrow(3.05, 3.85, top_ - 0.5)
        ax.text(4.6, top_ - 0.5, number_text("{:+.2f}", score), ha="center", va="center")

    # 3. softmax: one bar per weight, the largest outlined
    stage(5.9, 8.75, "3. softmax")
    note(7.3, 3.7, "weights $a_{1j}$")
    for j, (top_, weight) in enumerate(zip(rows, data["weights"])):
        arrow(5.3, 6.1, top_ - 0.5)
        ax.add_patch(Rectangle((6.2, top_ - 0.8), 1.6 * weight, 0.6, facecolor=weight_color, edgecolor="none"))
        ax.text(6.2 + 1.6 * weight + 0.1, top_ - 0.5, f"{weight:.2f}", va="center",
                fontweight="bold" if j == favourite else "normal")
    best = rows[favourite]
    ax.add_patch(Rectangle((6.08, best - 0.95), 2.55, 0.9, facecolor="none", edgecolor=theme.foreground,
                           linewidth=2.0, zorder=4))
    ax.text(7.33, best - 1.45, f"most to {data['tokens'][favourite]}", ha="center", va="center", fontsize=small,
            fontweight="bold")

    # 4. weighted sum of the values
    stage(9.0, 13.75, "4. weighted sum")
    note(9.85 + D / 2 + 0.2, 3.7, "values $v_j$")
    for top_, value in zip(rows, data["V"]):
        ax.text(9.55, top_ - 0.5, "×", ha="center", va="center", color=theme.muted)
        draw_squares(ax, [value], color=theme.value, x=9.85, y=top_, **square)
    ax.plot([9.25, 9.95 + D], [-0.95, -0.95], color=theme.foreground, linewidth=1.0)
    ax.text(9.7, -1.45, "Σ", ha="right", va="center", fontsize=theme.font_size * 1.2)
    draw_squares(ax, [data["output"]], color=theme.output, x=9.85, y=-0.95, **square)
    ax.text(9.85 + D + 0.1, -1.45, "y" + me[1:], ha="left", va="center", fontweight="bold")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    return fig


def _flat(values):
    """The numbers of a vector or a matrix, in one list."""
    return [v for row in values for v in (row if isinstance(row, list) else [row])]
