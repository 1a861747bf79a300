"""The position-wise feed-forward network: one small two-layer network, applied to every token on its own.

Three tokens (rows of X, E = 4 features) go through `linear1` (4 → 8) and a ReLU, which zeroes many hidden
units (the faintest cells; a larger unit is a stronger blue), then `linear2` (8 → 4) back to the model's
width. The same weights $F_1$ and $F_2$ (below the arrows, blue positive, grey negative) serve every row, and
no row reads another: running the network on x2 alone (bottom right) gives exactly the same output row as the
whole matrix did (framed). Mixing between tokens is attention's job; this network transforms each token's
features. Values from a seeded attnlab `EncoderLayer`.
"""

ALT = """Left to right: a 3 × 4 input, an arrow to a 3 × 8 hidden layer, an arrow to a 3 × 4 output, with the
two weight matrices drawn small under the arrows (4 × 8 and 8 × 4). The second row is framed in all three
matrices; below the output, that row computed alone repeats the framed row's four numbers exactly."""

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
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    width_in, height_in = 8.0, 3.75
    fig = plt.figure(figsize=(width_in, height_in))
    ax = blank_axes(fig)  # data units are inches: y = 0 is the top of the token rows
    small = theme.small
    cell, unit, wcell, arrow_len = 0.54, 0.18, 0.085, 0.7  # a token entry, a hidden unit's width, a weight
    L, E, F = len(data["x"]), len(data["x"][0]), len(data["hidden"][0])
    row = data["row"]
    y_max = max(abs(v) for r in data["output"] for v in r)
    mid = -L * cell / 2

    def frame(x, width, y=0.0, r=row):
        ax.add_patch(Rectangle((x - 0.05, y - (r + 1) * cell - 0.05), width + 0.1, cell + 0.1, fill=False,
                               edgecolor=theme.foreground, linewidth=2.0, zorder=5))

    def heading(x, width, text):
        ax.text(x + width / 2, 0.1, text, ha="center", va="bottom", fontsize=small)

    def arrow(x0, text, weights, name):
        x1 = x0 + arrow_len
        ax.add_patch(FancyArrowPatch((x0, mid), (x1, mid), arrowstyle="-|>", mutation_scale=14, color=theme.muted,
                                     linewidth=1.4))
        ax.text((x0 + x1) / 2, mid + 0.1, text, ha="center", va="bottom", fontsize=small, linespacing=1.2)
        limit = max(abs(v) for r in weights for v in r)
        draw_heat(ax, weights, cmap=theme.diverging_cmap, vmin=-limit, vmax=limit, theme=theme,
                  x=(x0 + x1) / 2 - len(weights[0]) * wcell / 2, y=mid - 0.15, size=wcell,
                  fmt="")  # a learned matrix: only its signs and pattern matter here
        ax.text((x0 + x1) / 2, mid - 0.22 - len(weights) * wcell, f"{name}\n({len(weights)}, {len(weights[0])})",
                ha="center", va="top", fontsize=small, linespacing=1.2)
        return x1 + 0.08

    # 1. the input rows, one token each
    x_in = 0.36
    for i, token in enumerate(data["tokens"]):
        ax.text(x_in - 0.08, -(i + 0.5) * cell, token, ha="right", va="center", fontsize=small)
    in_w, _ = draw_squares(ax, data["x"], color=theme.input, theme=theme, x=x_in, y=0.0, size=cell, annotate=True,
                           fmt="{:.1f}")  # (L, E)
    heading(x_in, in_w, f"X  ({L}, {E})")
    frame(x_in, in_w)
    # 2. linear1 + ReLU: hidden units >= 0, many exactly 0, one narrow cell per unit
    x_hidden = arrow(x_in + in_w + 0.08, "linear1\n+ ReLU", data["w1"], "$F_1$")
    sequential, h_max = theme.sequential_cmap, max(v for r in data["hidden"] for v in r)
    for i, units in enumerate(data["hidden"]):
        for j, value in enumerate(units):
            ax.add_patch(Rectangle((x_hidden + j * unit, -(i + 1) * cell), unit, cell, linewidth=1.5,
                                   facecolor=to_hex(sequential(value / h_max)), edgecolor=theme.background))
    hidden_w = F * unit
    heading(x_hidden, hidden_w, f"hidden  ({L}, {F})")
    frame(x_hidden, hidden_w)
    # 3. linear2 back to E features
    x_out = arrow(x_hidden + hidden_w + 0.08, "linear2", data["w2"], "$F_2$")
    out_w, _ = draw_squares(ax, data["output"], color=theme.input, theme=theme, x=x_out, y=0.0, size=cell,
                            vmax=y_max, annotate=True, fmt="{:.2f}")  # (L, E)
    heading(x_out, out_w, f"Y  ({L}, {E})")
    frame(x_out, out_w)
    # 4. the same network on one row alone gives the same output row
    alone_y = -L * cell - 0.45
    draw_squares(ax, [data["row_alone"]], color=theme.input, theme=theme, x=x_out, y=alone_y, size=cell,
                 vmax=y_max, annotate=True, fmt="{:.2f}")  # (1, E)
    frame(x_out, out_w, y=alone_y, r=0)
    ax.text(x_out + out_w / 2, alone_y - cell - 0.12, f"network({data['tokens'][row]}) alone:\nthe same row",
            ha="center", va="top", fontsize=small, fontweight="bold", linespacing=1.2)
    ax.set_xlim(0.0, width_in)
    ax.set_ylim(0.45 - height_in, 0.45)
    return fig
