"""Self-attention without parameters: Y = softmax(X Xᵀ) X.

Four inputs of three features (green squares, one row per input) are compared with each other by dot
products, the matrix X Xᵀ (orange for positive, purple for negative). A softmax along each row turns the
scores into the weights W (each row sums to 1; brighter is larger), and each output row yᵢ (red squares) is
the weighted sum of all the inputs with the weights of row i of W.
"""

from attnlab.examples.foundations import basic_self_attention


def data():
    example = basic_self_attention()
    return {
        "labels": list(example.labels),
        "X": example.X.tolist(),  # (L, E)
        "scores": example.scores.tolist(),  # (L, L)
        "W": example.W.tolist(),  # (L, L)
        "Y": example.Y.tolist(),  # (L, E)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_squares

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
    for r, label in enumerate(data["labels"]):
        ax.text(-0.15, top - r - 0.5, label, ha="right", va="center", fontsize=small)
    draw_squares(ax, data["X"], color=theme.value, theme=theme, x=0, y=top, vmax=vmax, annotate=True, fontsize=small)
    title(E / 2, "$X$")

    # 2. every input against every input
    left = E + 1.0
    step(left - 0.5, "→")
    scale = max(abs(v) for row in data["scores"] for v in row)
    _heat(ax, data["scores"], theme, left, top, theme.diverging_cmap, -scale, scale)
    title(left + L / 2, r"$X X^{\top}$")

    # 3. a softmax along each row
    left2 = left + L + 1.4
    step(left2 - 0.7, "→")
    _heat(ax, data["W"], theme, left2, top, theme.sequential_cmap, 0.0, 1.0)
    title(left2 + L / 2, "$W$ = softmax by row")

    # 4. every output is a weighted sum of all inputs
    left3 = left2 + L + 1.4
    step(left3 - 0.7, "→")
    draw_squares(ax, data["Y"], color=theme.output, theme=theme, x=left3, y=top, vmax=vmax, annotate=True,
                 fontsize=small)
    title(left3 + E / 2, "$Y = W X$")
    for r, label in enumerate(data["labels"]):
        ax.text(left3 + E + 0.15, top - r - 0.5, "y" + label[1:], ha="left", va="center", fontsize=small)

    ax.text(left + L / 2, top - L - 0.35, "column j: input xⱼ", ha="center", va="top", color=theme.muted,
            fontsize=small)
    ax.text(left2 + L / 2, top - L - 0.35, "each row sums to 1", ha="center", va="top", color=theme.muted,
            fontsize=small)
    ax.set_xlim(-1.0, left3 + E + 1.0)
    ax.set_ylim(-0.9, top + 0.9)
    return fig


def _heat(ax, values, theme, x, y, cmap, vmin, vmax):
    """A matrix as annotated cells coloured by ``cmap`` on [vmin, vmax], top-left corner at (x, y)."""
    import matplotlib as mpl
    from matplotlib.colors import Normalize, to_hex
    from matplotlib.patches import Rectangle

    from attnlab.theme import ink_on

    colormap, norm = mpl.colormaps[cmap], Normalize(vmin, vmax)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            fill = to_hex(colormap(norm(value)))
            ax.add_patch(Rectangle((x + c, y - r - 1), 1, 1, facecolor=fill, edgecolor=theme.foreground, linewidth=0.8))
            ax.text(x + c + 0.5, y - r - 0.5, f"{value:.2f}", ha="center", va="center", color=ink_on(theme, fill),
                    fontsize=theme.font_size * 0.9)
