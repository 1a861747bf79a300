r"""The matrix form: all outputs at once, $Y = \mathrm{softmax}(Q K^\top / \sqrt{d_k})\,V$.

Top: the inputs stacked as the rows of X (L = 3 inputs, E = 4 features) are projected in three matrix
products into Q, K and V, one row per input. Bottom: $Q K^\top / \sqrt{d_k}$ holds every query's score against
every key (blue positive, grey negative), a softmax along each row turns them into the weights $A$ (row i: query i,
column j: key j; rows sum to 1, deeper blue is larger), and $A V$ gives every output row at once. Shapes in PyTorch's
letters: L queries, S keys, E input features, and $d_k = d_v = 3$ features per query, key and value (in self-attention
S = L). Numbers from a seeded
attnlab `Attention` module.
"""

ALT = """Top row: a three by four grid of slate squares for the inputs x1 to x3, an arrow, then three three by three
grids in purple, yellow and green for Q, K and V, each with its shape written below it. Bottom row: the three by
three scores, an arrow, the weights (largest 0.69, 0.66 and 0.47, one per row), a times sign, V again, an equals
sign and the red outputs Y, all three by three."""

from attnlab.examples.foundations import qkv_example


def data():
    example = qkv_example()
    return {
        "tokens": list(example.tokens),
        "d_k": example.d_k,
        "X": example.X.tolist(),  # (L, E)
        "Q": example.Q.tolist(),  # (L, D)
        "K": example.K.tolist(),  # (S, D)
        "V": example.V.tolist(),  # (S, D)
        "scores": example.scores.tolist(),  # (L, S) Q Kᵀ / √d_k
        "weights": example.weights.tolist(),  # (L, S)
        "Y": example.Y.tolist(),  # (L, D)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows

    width, height = 17.0, 9.9  # in squares; one square is 8 / 17 in wide
    fig = plt.figure(figsize=(8, 8 * height / width))
    ax = blank_axes(fig)
    small = theme.small
    L, E, D = len(data["X"]), len(data["X"][0]), len(data["Q"][0])
    S = len(data["K"])
    vmax = max(abs(v) for key in ("X", "Q", "K", "V", "Y") for row in data[key] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True, fmt="{:.1f}")

    def label(x, y, name, shape):
        ax.text(x, y + 0.2, name, ha="center", va="bottom", fontsize=theme.font_size * 1.1)
        ax.text(x, y - L - 0.2, shape, ha="center", va="top", color=theme.muted, fontsize=small)

    def symbol(x, y, text):
        ax.text(x, y - L / 2, text, ha="center", va="center", fontsize=theme.font_size * 1.6, color=theme.muted)

    # 1. project all inputs at once
    top, left = 9.4, 0.9
    draw_squares(ax, data["X"], color=theme.input, x=left, y=top, **square)
    label(left + E / 2, top, "$X$", f"(L, E) = ({L}, {E})")
    label_rows(ax, data["tokens"], x=left, y=top, theme=theme)
    symbol(left + E + 0.65, top, "→")
    roles = (("Q", "L", "d_k", theme.query), ("K", "S", "d_k", theme.key), ("V", "S", "d_v", theme.value))
    for i, (name, rows, cols, color) in enumerate(roles):
        x = left + E + 1.3 + i * (D + 0.6)
        draw_squares(ax, data[name], color=color, x=x, y=top, **square)
        label(x + D / 2, top, f"${name} = X W^{name}$", f"({rows}, ${cols}$) = ({len(data[name])}, {D})")

    # 2. scores, weights and outputs of every query at once
    top, left = 4.3, 0.4
    scale = max(abs(v) for row in data["scores"] for v in row)
    draw_heat(ax, data["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=left, y=top,
              fmt="{:.1f}")
    label(left + S / 2, top, rf"$Q K^{{\top}} / \sqrt{{{data['d_k']}}}$", f"(L, S) = ({L}, {S})")
    symbol(left + S + 0.65, top, "→")
    left += S + 1.3
    draw_heat(ax, data["weights"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=left, y=top)
    label(left + S / 2, top, "$A$ = softmax by row", f"(L, S) = ({L}, {S})")
    symbol(left + S + 0.6, top, "×")
    left += S + 1.2
    draw_squares(ax, data["V"], color=theme.value, x=left, y=top, **square)
    label(left + D / 2, top, "$V$", f"(S, $d_v$) = ({S}, {D})")
    symbol(left + D + 0.6, top, "=")
    left += D + 1.2
    draw_squares(ax, data["Y"], color=theme.output, x=left, y=top, **square)
    label(left + D / 2, top, "$Y = A V$", f"(L, $d_v$) = ({L}, {D})")
    ax.set_xlim(0, width)
    ax.set_ylim(0.5, 0.5 + height)
    return fig
