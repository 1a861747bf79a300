"""The position-wise feed-forward network: one small two-layer network, applied to every token on its own.

Three tokens (rows of X, E = 4 features) go through `linear1` (4 → 8) and a ReLU, which zeroes many hidden
units (the faint squares), then `linear2` (8 → 4) back to the model's width. The same weights $F_1$ and $F_2$
(below the arrows) serve every row, and no row reads another: running the network on x2 alone (bottom right)
gives exactly the same output row as the whole matrix did (framed). Mixing between tokens is attention's
job; this network transforms each token's features. Values from a seeded attnlab `EncoderLayer`.
"""

from attnlab.examples.transformer import feed_forward_example


def data():
    example = feed_forward_example()
    return {
        "tokens": list(example.tokens),  # (L,)
        "x": example.x.tolist(),  # (L, E)
        "w1": example.w1.tolist(),  # (E, F)
        "hidden": example.hidden.tolist(),  # (L, F)
        "w2": example.w2.tolist(),  # (F, E)
        "output": example.output.tolist(),  # (L, E)
        "row": example.row,
        "row_alone": example.row_alone.tolist(),  # (E,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 3.0))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    size, wsize = 0.5, 0.25
    L, E, F = len(data["x"]), len(data["x"][0]), len(data["hidden"][0])
    row = data["row"]
    top = 0.0

    def frame(x, width):
        ax.add_patch(Rectangle((x - 0.06, top - (row + 1) * size - 0.06), width + 0.12, size + 0.12, fill=False,
                               edgecolor=theme.foreground, linewidth=2.0, zorder=5))

    def arrow(x0, x1, text):
        y = top - L * size / 2
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=12, color=theme.muted,
                                     linewidth=1.2))
        ax.text((x0 + x1) / 2, y + 0.15, text, ha="center", va="bottom", fontsize=small)

    # 1. the input rows
    for i, token in enumerate(data["tokens"]):
        ax.text(-0.15, top - (i + 0.5) * size, token, ha="right", va="center", fontsize=small)
    width, _ = draw_squares(ax, data["x"], color=theme.value, theme=theme, x=0.0, y=top, size=size)
    ax.text(width / 2, top + 0.15, f"X  ({L}, {E})", ha="center", va="bottom", fontsize=small)
    frame(0.0, width)
    # 2. linear1 + ReLU, with F1 below the arrow
    x_hidden = width + 3.0
    arrow(width + 0.2, x_hidden - 0.2, "linear1, ReLU")
    w1_x = width + 1.5 - F * wsize / 2
    draw_squares(ax, data["w1"], color=theme.muted, theme=theme, x=w1_x, y=top - L * size / 2 - 0.35, size=wsize)
    ax.text(width + 1.5, top - L * size / 2 - 0.45 - E * wsize, f"F₁  ({E}, {F})", ha="center", va="top",
            fontsize=small)
    hidden_w, _ = draw_squares(ax, data["hidden"], color=theme.muted, theme=theme, x=x_hidden, y=top, size=size)
    ax.text(x_hidden + hidden_w / 2, top + 0.15, f"hidden  ({L}, {F})", ha="center", va="bottom", fontsize=small)
    frame(x_hidden, hidden_w)
    # 3. linear2 back to E features, with F2 below the arrow
    x_out = x_hidden + hidden_w + 3.0
    arrow(x_hidden + hidden_w + 0.2, x_out - 0.2, "linear2")
    w2_x = x_hidden + hidden_w + 1.5 - E * wsize / 2
    draw_squares(ax, data["w2"], color=theme.muted, theme=theme, x=w2_x, y=top - L * size / 2 - 0.35, size=wsize)
    ax.text(w2_x - 0.15, top - L * size / 2 - 0.35 - F * wsize / 2, f"F₂\n({F}, {E})", ha="right", va="center",
            fontsize=small)
    out_w, _ = draw_squares(ax, data["output"], color=theme.output, theme=theme, x=x_out, y=top, size=size)
    ax.text(x_out + out_w / 2, top + 0.15, f"Y  ({L}, {E})", ha="center", va="bottom", fontsize=small)
    frame(x_out, out_w)
    # 4. one row on its own gives the same output row
    alone_y = top - L * size - 1.3
    draw_squares(ax, [data["row_alone"]], color=theme.output, theme=theme, x=x_out, y=alone_y, size=size,
                 vmax=max(abs(v) for r in data["output"] for v in r))
    ax.text(x_out + out_w / 2, alone_y + 0.15, f"network({data['tokens'][row]}) alone", ha="center", va="bottom",
            fontsize=small)
    ax.set_xlim(-1.0, x_out + out_w + 0.3)
    ax.set_ylim(alone_y - size - 0.25, top + 0.55)
    return fig
