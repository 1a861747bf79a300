r"""Multi-head attention as three matrix products: project with all heads at once, attend per head, mix with $W^O$.

Two heads on two tokens with $d = 4$ features, small integers so every product can be checked by hand. Top: the
heads' query projections $W^Q_1$ and $W^Q_2$ ($4 \times 3$ each, solid and dashed outlines) stacked side by side
into one $4 \times 6$ matrix, so one product gives both heads' queries; keys and values are made the same way.
Middle: each head attends on its own ($A_i = \mathrm{softmax}(Q_i K_i^\top / \sqrt{3})$, $2 \times 2$) and weighs
its values, $Z_i = A_i V_i$. Bottom: the heads' outputs sit side by side in $Z$ ($2 \times 6$), and $W^O$
($6 \times 4$) mixes them into $Y$; rows 1-3 of $W^O$ read head 1, rows 4-6 head 2. $Y$ has the 4 features of
$X$, not the 3 of one head.
"""

ALT = """Three rows of numbered grids. Top: a 2 × 4 slate input of 0s, 1s and 2s times a 4 × 6 grid of
+1, 0 and −1 weights (blue positive, grey negative) equals a 2 × 6 purple grid, the last two split into a solid
left and dashed right half. Middle: two 2 × 2 blue weight grids, nearly all weight in the first column
(0.97 and 0.99; 0.85 and 0.98). Bottom: a red-orange 2 × 6 grid times a 6 × 4 weight grid, split into
upper and lower halves, equals a red-orange 2 × 4 grid whose largest entry in size is −10.2."""

from attnlab.examples.multi_head import multihead_products


def data():
    example = multihead_products()
    H = example.W_Q.shape[0]
    D = example.W_Q.shape[2]

    def per_head(M):  # (L, H·D) -> H × (L, D)
        return [M[:, h * D:(h + 1) * D].tolist() for h in range(H)]

    return {
        "X": example.X.tolist(),  # (L, E)
        "W_Q_stacked": example.W_Q_stacked.tolist(),  # (E, H·D)
        "Q": example.Q.tolist(),  # (L, H·D)
        "weights": example.weights.tolist(),  # (H, L, L)
        "V_heads": per_head(example.V),  # (H, L, D)
        "Z_heads": per_head(example.Z),  # (H, L, D)
        "Z": example.Z.tolist(),  # (L, H·D)
        "W_O": example.W_O.tolist(),  # (H·D, E)
        "Y": example.Y.tolist(),  # (L, E)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    size = 1.0
    small = theme.small
    H = len(data["weights"])
    D = len(data["V_heads"][0][0])
    fig = plt.figure(figsize=(8, 6.9))
    ax = blank_axes(fig)

    def block(values, color, x, y, label, fmt, width=size):
        """A matrix with its top-left at (x, y), its name and shape above; returns its right edge.

        ``color`` is a role or input colour (squares, vibrancy = magnitude) or a colour map (coloured cells);
        ``width`` widens a role matrix's cells for numbers such as −10.2."""
        rows, cols = len(values), len(values[0])
        if isinstance(color, str):
            draw_squares(ax, values, color=color, theme=theme, x=x, y=y, size=size, annotate=True, fmt=fmt,
                         fontsize=small, width=width)
        elif color is theme.diverging_cmap:  # learned weights: signed, no role, zero in the middle
            limit = 1.8 * max(abs(v) for row in values for v in row)  # mid-tones: the products stay in front
            draw_heat(ax, values, cmap=color, vmin=-limit, vmax=limit, theme=theme, x=x, y=y, size=size, fmt=fmt)
        else:  # attention weights in [0, 1]
            draw_heat(ax, values, cmap=color, vmin=0.0, vmax=1.0, theme=theme, x=x, y=y, size=size, fmt=fmt)
        ax.text(x + cols * width / 2, y + 0.15, f"{label} ({rows}×{cols})", ha="center", va="bottom", fontsize=small)
        return x + cols * width

    def symbol(x, y, text):
        ax.text(x, y, text, ha="center", va="center", fontsize=theme.font_size * 1.3)
        return x + 0.9

    def heads(x, y, rows, cols_per_head, along="columns", width=size):
        """Outline each head's part of a matrix (cells ``width`` wide): column blocks (or row blocks), head 1
        solid, head 2 dashed."""
        for h in range(H):
            if along == "columns":
                corner = (x + h * cols_per_head * width, y - rows * size)
            else:
                corner = (x, y - (h + 1) * rows * size)
            ax.add_patch(Rectangle(corner, cols_per_head * width, rows * size, fill=False, edgecolor=theme.foreground,
                                   linewidth=2.2, linestyle="-" if h == 0 else "--", zorder=5))

    # 1. all heads' queries in one product: X @ [W^Q_1 | W^Q_2] = [Q_1 | Q_2]
    top = 15.0
    x = block(data["X"], theme.input, 0.0, top, r"$X$", "{:.0f}")
    x = symbol(x + 0.45, top - size, "×")
    heads(x, top, len(data["W_Q_stacked"]), D)
    x = block(data["W_Q_stacked"], theme.diverging_cmap, x, top, r"$[W^Q_1\,|\,W^Q_2]$", "{:.0f}")
    x = symbol(x + 0.45, top - size, "=")
    heads(x, top, len(data["Q"]), D)
    block(data["Q"], theme.query, x, top, r"$[Q_1\,|\,Q_2]$", "{:.0f}")

    # 2. each head attends on its own: weights A_i, then Z_i = A_i V_i
    middle = 9.4
    x = 0.0
    for h in range(H):
        x = block(data["weights"][h], theme.sequential_cmap, x, middle, f"$A_{h + 1}$", "{:.2f}") + 1.0
    ax.text(x, middle - size, rf"$A_i = \mathrm{{softmax}}(Q_i K_i^\top/\sqrt{{{D}}})$" + "\n"
            + r"$Z_i = A_i V_i$   (K and V are made like Q)", va="center", fontsize=small, linespacing=1.8)

    # 3. concatenate and mix: [Z_1 | Z_2] @ W^O = Y
    bottom = 5.6
    z_width, y_width = 1.15 * size, 1.35 * size  # −3.1 and −10.2 need more than a square
    heads(0.0, bottom, len(data["Z"]), D, width=z_width)
    x = block(data["Z"], theme.output, 0.0, bottom, r"$Z = [Z_1\,|\,Z_2]$", "{:.1f}", width=z_width)
    x = symbol(x + 0.45, bottom - size, "×")
    heads(x, bottom, D, len(data["W_O"][0]), along="rows")
    x = block(data["W_O"], theme.diverging_cmap, x, bottom, r"$W^O$", "{:.0f}")
    x = symbol(x + 0.45, bottom - size, "=")
    block(data["Y"], theme.output, x, bottom, r"$Y$", "{:.1f}", width=y_width)

    ax.set_xlim(-0.2, 19.2)
    ax.set_ylim(-0.6, 15.9)
    return fig
