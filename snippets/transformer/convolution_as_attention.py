"""A 1-D convolution is multi-head attention with fixed one-hot heads: one head per kernel tap.

Top: the attention weights of three heads over the padded sequence (7 queries, 9 keys: the input with one
zero at each end). Each head is one-hot: head 1 makes query i read the position before it, head 2 the
position itself, head 3 the position after it. With $W^V = I$ each head copies that neighbour. Bottom: the
heads' outputs side by side (Z, 7 × 6) times $W^O$, the convolution kernel rearranged (6 × 3), equal
`conv1d(x, kernel)` with padding 1, entry for entry. Computed by attnlab's `scaled_dot_product_attention`
with a boolean `attn_mask` per head, and by `torch.nn.functional.conv1d`.
"""

from attnlab.examples.worked import conv_as_attention


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

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 5.2))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    weights = data["weights"]
    H, L, S = len(weights), len(weights[0]), len(weights[0][0])
    pad = (S - L) // 2
    offsets = [head[0].index(max(head[0])) - pad for head in weights]  # (H,) key read by query 0, unpadded

    # 1. the heads: one-hot attention weights over the padded sequence
    size, gap = 0.5, 1.3
    for h in range(H):
        x = h * (S * size + gap)
        draw_squares(ax, weights[h], color=theme.output, theme=theme, x=x, y=0.0, size=size, vmax=1.0)
        o = offsets[h]
        read = "i" if o == 0 else f"i {'+' if o > 0 else '−'} {abs(o)}"
        ax.text(x + S * size / 2, 0.2, f"head {h + 1}: query i reads {read}", ha="center", va="bottom",
                fontsize=small)
        ax.text(x + S * size / 2, -L * size - 0.15, "keys: x padded (9)", ha="center", va="top", fontsize=small,
                color=theme.muted)
    ax.text(-0.2, -L * size / 2, "queries (7)", ha="right", va="center", fontsize=small, color=theme.muted,
            rotation=90)

    # 2. Z @ W_O = conv1d(x, kernel)
    top = -L * size - 1.5
    out_size = 0.8
    z_w, _ = draw_squares(ax, data["Z"], color=theme.value, theme=theme, x=0.0, y=top, size=size)
    ax.text(z_w / 2, top + 0.15, "Z: heads side by side", ha="center", va="bottom", fontsize=small)
    per_head = z_w / H
    for h in range(H):
        ax.text((h + 0.5) * per_head, top - L * size - 0.12, f"h{h + 1}", ha="center", va="top", fontsize=small,
                color=theme.muted)
        if h:
            ax.plot([h * per_head] * 2, [top + 0.05, top - L * size - 0.05], color=theme.foreground, linewidth=2.0)
    ax.text(z_w + 0.5, top - L * size / 2, "×", ha="center", va="center", fontsize=theme.font_size * 1.3)
    w_x = z_w + 1.0
    w_w, _ = draw_squares(ax, data["W_O"], color=theme.muted, theme=theme, x=w_x, y=top, size=size)
    ax.text(w_x + w_w / 2, top + 0.15, "$W^O$ = kernel", ha="center", va="bottom", fontsize=small)
    a_x = w_x + w_w + 1.2
    ax.text(a_x - 0.6, top - L * size / 2, "=", ha="center", va="center", fontsize=theme.font_size * 1.3)
    vmax = max(abs(v) for row in data["conv_out"] for v in row)
    a_w, a_h = draw_squares(ax, data["attention_out"], color=theme.output, theme=theme, x=a_x, y=top,
                            size=out_size, vmax=vmax, annotate=True, fmt="{:.1f}", fontsize=small)
    ax.text(a_x + a_w / 2, top + 0.15, "attention", ha="center", va="bottom", fontsize=small)
    c_x = a_x + a_w + 1.2
    ax.text(c_x - 0.6, top - L * out_size / 2, "=", ha="center", va="center", fontsize=theme.font_size * 1.3)
    c_w, _ = draw_squares(ax, data["conv_out"], color=theme.output, theme=theme, x=c_x, y=top, size=out_size,
                          vmax=vmax, annotate=True, fmt="{:.1f}", fontsize=small)
    ax.text(c_x + c_w / 2, top + 0.15, "conv1d", ha="center", va="bottom", fontsize=small)
    ax.text(c_x + c_w + 0.3, top - a_h / 2, f"max |difference|\n= {data['max_difference']:.1e}", ha="left",
            va="center", fontsize=small)
    ax.set_xlim(-0.8, H * (S * size + gap) - gap + 0.2)
    ax.set_ylim(top - a_h - 0.3, 0.8)
    return fig
