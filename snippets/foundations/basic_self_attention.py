r"""Self-attention without parameters: $Y = \mathrm{softmax}(X X^\top)\,X$.

Four inputs of three features (green squares, one row per input) are compared with each other by dot
products, the matrix $X X^\top$ (orange for positive, purple for negative). A softmax along each row turns the
scores into the weights $A$ (row i holds output i's weights over the inputs j; each row sums to 1; brighter is
larger), and each output row $\mathbf{y}_i$ (red squares) is the weighted sum of all the inputs with the weights of row i
of $A$.
"""

from attnlab.examples.foundations import basic_self_attention


def data():
    example = basic_self_attention()
    return {
        "labels": list(example.labels),
        "X": example.X.tolist(),  # (L, E)
        "scores": example.scores.tolist(),  # (L, L)
        "A": example.W.tolist(),  # (L, L) the weights A
        "Y": example.Y.tolist(),  # (L, E)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows

    fig = plt.figure(figsize=(8, 3.0))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    L, E = len(data["X"]), len(data["X"][0])
    vmax = max(abs(v) for row in data["X"] + data["Y"] for v in row)
    top = 4.0

    def title(x, text):
        ax.text(x, top + 0.25, text, ha="center", va="bottom")

    def step(x, text):
        ax.text(x, top - L / 2, text, ha="center", va="center", color=theme.muted, fontsize=theme.font_size * 1.3)

    # 1. the inputs, one row each
    label_rows(ax, data["labels"], x=0, y=top, theme=theme)
    draw_squares(ax, data["X"], color=theme.value, theme=theme, x=0, y=top, vmax=vmax, annotate=True, fontsize=small)
    title(E / 2, "$X$")

    # 2. every input against every input
    left = E + 1.0
    step(left - 0.5, "→")
    scale = max(abs(v) for row in data["scores"] for v in row)
    draw_heat(ax, data["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=left, y=top)
    title(left + L / 2, r"$X X^{\top}$")

    # 3. a softmax along each row
    left2 = left + L + 1.4
    step(left2 - 0.7, "→")
    draw_heat(ax, data["A"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=left2, y=top)
    title(left2 + L / 2, "$A$ = softmax by row")

    # 4. every output is a weighted sum of all inputs
    left3 = left2 + L + 1.4
    step(left3 - 0.7, "→")
    draw_squares(ax, data["Y"], color=theme.output, theme=theme, x=left3, y=top, vmax=vmax, annotate=True,
                 fontsize=small)
    title(left3 + E / 2, "$Y = A X$")
    label_rows(ax, ["y" + label[1:] for label in data["labels"]], x=left3 + E, y=top, theme=theme, side="right")

    ax.text(left + L / 2, top - L - 0.35, "column j: input xⱼ", ha="center", va="top", color=theme.muted,
            fontsize=small)
    ax.text(left2 + L / 2, top - L - 0.35, "each row sums to 1", ha="center", va="top", color=theme.muted,
            fontsize=small)
    ax.set_xlim(-1.0, left3 + E + 1.0)
    ax.set_ylim(-0.9, top + 0.9)
    return fig
