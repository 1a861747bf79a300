"""A 1-D convolution is multi-head attention with fixed one-hot heads: one head per kernel tap.

Top: the attention weights of three heads over the padded sequence (7 queries, 9 keys: the input with one
zero at each end). Each head is one-hot: head 1 makes query i read the position before it, head 2 the
position itself, head 3 the position after it. With $W^V = I$ each head copies that neighbour. Bottom: the
heads' outputs side by side (Z, 7 × 6) times $W^O$, the convolution kernel rearranged (6 × 3), equal
`conv1d(x, kernel)` with padding 1, entry for entry. Computed by attnlab's `scaled_dot_product_attention`
with a boolean `attn_mask` per head, and by `torch.nn.functional.conv1d`.
"""

ALT = """Top row: three 7 × 9 grids, almost all empty, each with one filled cell per row on a diagonal that sits
one column further right from head to head. Bottom row, as an equation: a 7 × 6 matrix split into three
two-column blocks h1, h2, h3, times a 6 × 3 matrix of signed numbers, equals a 7 × 3 matrix, equals a second
7 × 3 matrix with the same entries (−7.5 the largest in size)."""

from attnlab.examples.transformer import conv_as_attention


def data():
    example = conv_as_attention()
    return {
        "weights": example.weights.tolist(),  # (H, L, S) one-hot rows
        "Z": example.Z.tolist(),  # (L, H·C_in)
        "W_O": example.W_O.tolist(),  # (H·C_in, C_out)
        "attention_out": example.attention_out.tolist(),  # (L, C_out)
        "conv_out": example.conv_out.tolist(),  # (L, C_out)
        "max_difference": (example.attention_out - example.conv_out).abs().max().item(),
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    fig = plt.figure(figsize=(8, 6.3))
    ax = blank_axes(fig)
    small, big = theme.small, theme.font_size * 1.4
    weights = data["weights"]
    H, L, S = len(weights), len(weights[0]), len(weights[0][0])
    pad = (S - L) // 2
    offsets = [head[0].index(max(head[0])) - pad for head in weights]  # (H,) key read by query 0, unpadded

    # 1. the heads: one-hot attention weights over the padded sequence
    size, gap = 0.56, 1.1
    for h in range(H):
        x = h * (S * size + gap)
        draw_heat(ax, weights[h], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=x, y=0.0,
                  size=size, fmt="")  # (L, S), no numbers: the pattern is the point
        o = offsets[h]
        read = "i" if o == 0 else f"i {'+' if o > 0 else '−'} {abs(o)}"
        ax.text(x + S * size / 2, 0.2, f"head {h + 1}: reads {read}", ha="center", va="bottom",
                fontsize=theme.font_size, fontweight="bold")
        ax.text(x + S * size / 2, -L * size - 0.15, "keys: x padded (9)", ha="center", va="top", fontsize=small,
                color=theme.muted)
    ax.text(-0.25, -L * size / 2, "queries (7)", ha="right", va="center", fontsize=small, color=theme.muted,
            rotation=90)

    # 2. Z @ W_O = conv1d(x, kernel), entry for entry
    top, cell = -L * size - 1.75, 1.0
    fmt = "{:.1f}"

    def heading(x, width, text):
        ax.text(x + width / 2, top + 0.15, text, ha="center", va="bottom", fontsize=small)

    def operator(x, symbol):
        ax.text(x, top - L * cell / 2, symbol, ha="center", va="center", fontsize=big)

    z_w, _ = draw_squares(ax, data["Z"], color=theme.output, theme=theme, x=0.0, y=top, size=cell,
                          annotate=True, fmt=fmt)  # (L, H·C_in)
    heading(0.0, z_w, "Z: the heads side by side")
    per_head = z_w / H
    for h in range(H):
        ax.text((h + 0.5) * per_head, top - L * cell - 0.12, f"h{h + 1}", ha="center", va="top", fontsize=small,
                color=theme.muted)
        if h:
            ax.plot([h * per_head] * 2, [top + 0.08, top - L * cell - 0.08], color=theme.foreground, linewidth=2.0)
    operator(z_w + 0.45, "×")
    w_x = z_w + 0.9
    w_lim = max(abs(v) for row in data["W_O"] for v in row)
    draw_heat(ax, data["W_O"], cmap=theme.diverging_cmap, vmin=-w_lim, vmax=w_lim, theme=theme, x=w_x, y=top,
              size=cell, fmt=fmt)  # (H·C_in, C_out)
    w_w = len(data["W_O"][0]) * cell
    heading(w_x, w_w, "$W^O$ = kernel")
    a_x = w_x + w_w + 0.9
    operator(a_x - 0.45, "=")
    vmax = max(abs(v) for row in data["conv_out"] for v in row)
    a_w, a_h = draw_squares(ax, data["attention_out"], color=theme.output, theme=theme, x=a_x, y=top, size=cell,
                            vmax=vmax, annotate=True, fmt=fmt)  # (L, C_out)
    heading(a_x, a_w, "attention")
    c_x = a_x + a_w + 0.9
    operator(c_x - 0.45, "=")
    c_w, _ = draw_squares(ax, data["conv_out"], color=theme.output, theme=theme, x=c_x, y=top, size=cell,
                          vmax=vmax, annotate=True, fmt=fmt)  # (L, C_out)
    heading(c_x, c_w, "conv1d")
    difference = data["max_difference"]
    ax.text(c_x + c_w, top - a_h - 0.15, "largest |difference| = " + _number(difference), ha="right", va="top",
            fontsize=small, fontweight="bold")
    ax.set_xlim(-0.75, max(H * (S * size + gap) - gap, c_x + c_w) + 0.1)
    ax.set_ylim(top - a_h - 0.8, 0.75)
    return fig


def _number(value):
    """``value`` as $m \\times 10^{e}$ (one decimal), or 0."""
    if not value:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"${mantissa} \times 10^{{{int(exponent)}}}$"
