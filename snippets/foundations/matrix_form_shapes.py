r"""The matrix form: all outputs at once, $Y = \mathrm{softmax}(Q K^\top / \sqrt{d_k})\,V$.

Top: the inputs stacked as the rows of X (L = 3 inputs, E = 4 features) are projected in three matrix
products into Q, K and V, one row per input. Bottom: $Q K^\top / \sqrt{d_k}$ holds every query's score against
every key (orange positive, purple negative), a softmax along each row turns them into the weights $A$ (row i: query i, column j: key j;
rows sum to 1, brighter is larger), and $A V$ gives every output row at once. Shapes in PyTorch's letters: L
queries, S keys, E input features, and $d_k = d_v = 3$ features per query, key and value (in self-attention
S = L). Numbers from a seeded
attnlab `Attention` module.
"""

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

    fig = plt.figure(figsize=(8, 4.5))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    L, E, D = len(data["X"]), len(data["X"][0]), len(data["Q"][0])
    S = len(data["K"])
    vmax = max(abs(v) for key in ("X", "Q", "K", "V", "Y") for row in data[key] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True, fontsize=small)

    def label(x, y, name, shape):
        ax.text(x, y + 0.15, name, ha="center", va="bottom")
        ax.text(x, y - 3.25, shape, ha="center", va="top", color=theme.muted, fontsize=small)

    def symbol(x, y, text):
        ax.text(x, y, text, ha="center", va="center", fontsize=theme.font_size * 1.3, color=theme.muted)

    # 1. project all inputs at once
    top = 8.2
    draw_squares(ax, data["X"], color=theme.muted, x=0, y=top, **square)
    label(E / 2, top, "$X$", f"(L, E) = ({L}, {E})")
    label_rows(ax, data["tokens"], x=0, y=top, theme=theme)
    symbol(E + 0.8, top - L / 2, "→")
    roles = (("Q", "L", "d_k", theme.query), ("K", "S", "d_k", theme.key), ("V", "S", "d_v", theme.value))
    for i, (name, rows, width, color) in enumerate(roles):
        left = E + 1.6 + i * (D + 1.0)
        draw_squares(ax, data[name], color=color, x=left, y=top, **square)
        label(left + D / 2, top, f"${name} = X W^{name}$", f"({rows}, ${width}$) = ({len(data[name])}, {D})")

    # 2. scores, weights and outputs of every query at once
    top = 3.4
    scale = max(abs(v) for row in data["scores"] for v in row)
    draw_heat(ax, data["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=0, y=top)
    label(S / 2, top, rf"$Q K^{{\top}} / \sqrt{{{data['d_k']}}}$", f"(L, S) = ({L}, {S})")
    symbol(S + 0.8, top - L / 2, "→")
    left = S + 1.6
    draw_heat(ax, data["weights"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=left, y=top)
    label(left + S / 2, top, "$A$ = softmax by row", f"(L, S) = ({L}, {S})")
    symbol(left + S + 0.5, top - L / 2, "×")
    left += S + 1.0
    draw_squares(ax, data["V"], color=theme.value, x=left, y=top, **square)
    label(left + D / 2, top, "$V$", f"(S, $d_v$) = ({S}, {D})")
    symbol(left + D + 0.5, top - L / 2, "=")
    left += D + 1.0
    draw_squares(ax, data["Y"], color=theme.output, x=left, y=top, **square)
    label(left + D / 2, top, "$Y = A V$", f"(L, $d_v$) = ({L}, {D})")
    ax.set_xlim(-1.0, E + 1.6 + 3 * D + 2.2)
    ax.set_ylim(-0.5, 9.0)
    return fig
