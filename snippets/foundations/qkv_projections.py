r"""Queries, keys and values are three projections of the same inputs: $Q = X W^Q$, $K = X W^K$, $V = X W^V$.

Bottom left: three inputs $\mathbf{x}_1$, $\mathbf{x}_2$, $\mathbf{x}_3$ of four features, one row each (slate grey).
Top: the three learned projection matrices, each mapping four features to three (signed numbers: blue positive, grey
negative). Bottom right: each product sits below its matrix and beside the inputs, so row i of Q, K and V is input
$\mathbf{x}_i$'s query (purple), key (yellow) and value (green). The outlined row shows $\mathbf{x}_2$ playing three
different roles. Numbers from a seeded attnlab `Attention` module.
"""

ALT = """Four grids of numbers in an L shape. The inputs X, three rows of four numbers labelled x1 to x3, sit
bottom left; above the three product grids stand W^Q, W^K and W^V, four rows by three columns each. Below each
weight matrix its product with X, three by three: x2's row is outlined in X and in Q, K and V, where it reads
1.62, -0.09, -1.86 as a query, -1.35, -0.50, -1.58 as a key and -3.08, 1.80, -0.57 as a value."""

from attnlab.examples.foundations import qkv_example

HIGHLIGHT = 1  # the input whose three roles are outlined: x2


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
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows

    small, heading = theme.small, theme.font_size * 1.1
    L, E, D = len(data["X"]), len(data["X"][0]), len(data["Q"][0])
    gap = 0.35  # between the three products
    low_top, high_top = L + 0.35, L + E + 1.5  # tops of the inputs' row and of the weights' row
    left0 = E + 0.55  # left edge of the first product
    right, bottom, top = left0 + 3 * D + 2 * gap + 0.3, -0.6, high_top + 0.8
    fig = plt.figure(figsize=(8, 8 * (top - bottom) / (right + 0.75)))  # one data unit as wide as tall
    ax = blank_axes(fig)
    vmax = max(abs(v) for key in ("Q", "K", "V") for row in data[key] for v in row)
    wmax = max(abs(v) for key in ("W_Q", "W_K", "W_V") for row in data[key] for v in row)

    # 1. the inputs, one row per token: plain vectors, no role yet
    draw_squares(ax, data["X"], color=theme.input, x=0, y=low_top, theme=theme, annotate=True, fmt="{:.1f}")
    ax.text(E / 2, low_top + 0.15, "$X$  (L, E)", ha="center", va="bottom", fontsize=heading)
    label_rows(ax, data["tokens"], x=0, y=low_top, theme=theme)

    # 2. one projection per role (signed learned numbers, no role), and its product below it (the role)
    roles = (("Q", "W_Q", theme.query), ("K", "W_K", theme.key), ("V", "W_V", theme.value))
    for i, (name, weight, color) in enumerate(roles):
        left = left0 + i * (D + gap)
        draw_heat(ax, data[weight], cmap=theme.diverging_cmap, vmin=-wmax, vmax=wmax, theme=theme, x=left,
                  y=high_top, fmt="{:.1f}")
        shape = "d_v" if name == "V" else "d_k"  # queries and keys are compared, so they share a width
        ax.text(left + D / 2, high_top + 0.15, f"$W^{name}$  (E, ${shape}$)", ha="center", va="bottom",
                fontsize=heading)
        draw_squares(ax, data[name], color=color, x=left, y=low_top, theme=theme, vmax=vmax, annotate=True)
        ax.text(left + D / 2, low_top - L - 0.2, f"${name} = X W^{name}$", ha="center", va="top", fontsize=heading)
    ax.text(E / 2, high_top - E / 2, f"L = {L} inputs\nE = {E} features\n$d_k = d_v = {D}$", ha="center",
            va="center", color=theme.muted, fontsize=small, linespacing=1.6)

    # 3. the caption's point: one input's row, outlined in X and in each product
    row_bottom = low_top - HIGHLIGHT - 1
    for x0, x1 in [(0, E)] + [(left0 + i * (D + gap), left0 + i * (D + gap) + D) for i in range(3)]:
        ax.add_patch(Rectangle((x0 - 0.04, row_bottom - 0.04), x1 - x0 + 0.08, 1.08, facecolor="none",
                               edgecolor=theme.foreground, linewidth=2.2, zorder=5))
    ax.set_xlim(-0.75, right)
    ax.set_ylim(bottom, top)
    return fig
