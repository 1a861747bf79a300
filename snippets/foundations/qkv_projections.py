r"""Queries, keys and values are three projections of the same inputs: $Q = X W^Q$, $K = X W^K$, $V = X W^V$.

Bottom left: three inputs $\mathbf{x}_1$, $\mathbf{x}_2$, $\mathbf{x}_3$ of four features, one row each (grey). Top: the three learned
projection matrices, each mapping four features to three. Bottom right: each product sits below its matrix
and beside the inputs, so row i of Q, K and V is input $\mathbf{x}_i$'s query (purple), key (yellow) and value (green).
The same input plays three different roles. Numbers from a seeded attnlab `Attention` module.
"""

from attnlab.examples.foundations import qkv_example


def data():
    example = qkv_example()
    return {
        "tokens": list(example.tokens),
        "X": example.X.tolist(),  # (L, E)
        "W_Q": example.W_Q.tolist(),  # (E, D)
        "W_K": example.W_K.tolist(),  # (E, D)
        "W_V": example.W_V.tolist(),  # (E, D)
        "Q": example.Q.tolist(),  # (L, D)
        "K": example.K.tolist(),  # (L, D)
        "V": example.V.tolist(),  # (L, D)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_squares, label_rows

    fig = plt.figure(figsize=(8, 4.6))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    L, E, D = len(data["X"]), len(data["X"][0]), len(data["Q"][0])
    vmax = max(abs(v) for key in data if key != "tokens" for row in data[key] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True, fontsize=small)
    low_top, high_top = L + 0.2, L + E + 1.2  # tops of the inputs' row and of the weights' row

    # 1. the inputs, one row per token
    draw_squares(ax, data["X"], color=theme.muted, x=0, y=low_top, **square)
    ax.text(E / 2, low_top + 0.15, "$X$   (L, E)", ha="center", va="bottom")
    label_rows(ax, data["tokens"], x=0, y=low_top, theme=theme)

    # 2. one projection per role, and its product below it
    roles = (("Q", "W_Q", theme.query), ("K", "W_K", theme.key), ("V", "W_V", theme.value))
    for i, (name, weight, color) in enumerate(roles):
        left = E + 1.0 + i * (D + 0.8)
        draw_squares(ax, data[weight], color=color, x=left, y=high_top, **square)
        width = "d_v" if name == "V" else "d_k"  # queries and keys are compared, so they share a width
        ax.text(left + D / 2, high_top + 0.15, f"$W^{name}$   (E, ${width}$)", ha="center", va="bottom")
        draw_squares(ax, data[name], color=color, x=left, y=low_top, **square)
        ax.text(left + D / 2, low_top - L - 0.2, f"${name} = X W^{name}$", ha="center", va="top")
    ax.text(E / 2, high_top - E / 2, f"L = {L} inputs\nE = {E} features\n$d_k = d_v = {D}$", ha="center",
            va="center", color=theme.muted, fontsize=small, linespacing=1.5)
    ax.set_xlim(-1.0, E + 1.0 + 3 * D + 1.8)
    ax.set_ylim(-0.9, high_top + 0.8)
    return fig
