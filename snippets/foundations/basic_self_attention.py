r"""Self-attention without parameters: $Y = \mathrm{softmax}(X X^\top)\,X$.

Four inputs of three features (slate squares, one row per input) are compared with each other by dot
products, the matrix $X X^\top$ (blue for positive, grey for negative). A softmax along each row turns the
scores into the weights $A$ (row i holds output i's weights over the inputs j; each row sums to 1; deeper blue
is larger), and each output row $\mathbf{y}_i$ (red squares) is the weighted sum of all the inputs with the
weights of row i of $A$: the framed row of $A$ makes the framed output $\mathbf{y}_1$.
"""

ALT = """Top row, left to right: a four by three grid of slate squares labelled x1 to x4, an arrow, a four by four
grid of dot products whose diagonal is the darkest blue (1.29 to 1.33), an arrow, and the four by four weights,
again largest on the diagonal (0.48, 0.38, 0.64, 0.66). Bottom row: the weights times the inputs equals four
red output rows y1 to y4; the first weight row and the output y1 = (0.74, 0.29, -0.25) are outlined."""

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
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows

    L, E = len(data["X"]), len(data["X"][0])
    width, height = 15.2, 12.5  # in squares; one square is 8 / 15.2 in wide
    fig = plt.figure(figsize=(8, 8 * height / width))
    ax = blank_axes(fig)
    small, heading = theme.small, theme.font_size * 1.1
    vmax = max(abs(v) for row in data["X"] + data["Y"] for v in row)
    scale = max(abs(v) for row in data["scores"] for v in row)

    def title(x, y, text):
        ax.text(x, y + 0.3, text, ha="center", va="bottom", fontsize=heading)

    def note(x, y, text):
        ax.text(x, y - L - 0.3, text, ha="center", va="top", color=theme.muted, fontsize=small)

    def symbol(x, y, text):
        ax.text(x, y - L / 2, text, ha="center", va="center", color=theme.muted, fontsize=theme.font_size * 1.6)

    def frame(x, y, w, h=1.0):
        ax.add_patch(Rectangle((x, y - h), w, h, fill=False, edgecolor=theme.foreground, linewidth=2.8, zorder=5))

    # 1. the inputs, one row each
    top, left = 10.6, 0.9
    label_rows(ax, data["labels"], x=left, y=top, theme=theme)
    draw_squares(ax, data["X"], color=theme.input, theme=theme, x=left, y=top, vmax=vmax, annotate=True, fmt="{:.1f}")
    title(left + E / 2, top, "$X$")

    # 2. every input against every input
    left2 = left + E + 1.5
    symbol(left2 - 0.75, top, "→")
    draw_heat(ax, data["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=left2, y=top)
    title(left2 + L / 2, top, r"$X X^{\top}$")
    note(left2 + L / 2, top, "dot products")

    # 3. a softmax along each row
    left3 = left2 + L + 1.5
    symbol(left3 - 0.75, top, "→")
    draw_heat(ax, data["A"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=left3, y=top)
    title(left3 + L / 2, top, "$A$ = softmax by row")
    note(left3 + L / 2, top, "each row sums to 1")

    # 4. every output is a weighted sum of all inputs: Y = A X, row i of A gives y_i
    top, left = 4.6, 1.05
    draw_heat(ax, data["A"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=left, y=top)
    title(left + L / 2, top, "$A$")
    frame(left, top, L)
    left2 = left + L + 1.2
    symbol(left2 - 0.6, top, "×")
    draw_squares(ax, data["X"], color=theme.input, theme=theme, x=left2, y=top, vmax=vmax, annotate=True, fmt="{:.1f}")
    title(left2 + E / 2, top, "$X$")
    left3 = left2 + E + 1.2
    symbol(left3 - 0.6, top, "=")
    draw_squares(ax, data["Y"], color=theme.output, theme=theme, x=left3, y=top, vmax=vmax, annotate=True)
    title(left3 + E / 2, top, "$Y = A X$")
    frame(left3, top, E)
    label_rows(ax, ["y" + label[1:] for label in data["labels"]], x=left3 + E, y=top, theme=theme, side="right")
    ax.text(left3 + E / 2, top - L - 0.3, r"$\mathbf{y}_1 = \sum_j a_{1j}\,\mathbf{x}_j$", ha="center", va="top",
            fontsize=theme.font_size)
    ax.set_xlim(0, width)
    ax.set_ylim(-0.7, height - 0.7)  # the bottom row ends at 0.6, its note below it
    return fig
