r"""Scaled dot-product attention, step by step: MatMul, Scale, Mask, SoftMax, MatMul.

Each box holds the real intermediate tensor for three queries and three keys ($d_k = 3$). 1. MatMul: $Q K^\top$,
every query against every key. 2. Scale: divided by $\sqrt{d_k}$. 3. Mask (optional): here the keys after
each query are set to −∞. 4. SoftMax along each row: the masked entries get weight exactly 0 and each row
sums to 1. 5. MatMul: the weights $A$ times $V$ give one output row per query. Scores are blue when positive
and grey when negative; a larger weight is a deeper blue (a brighter one in dark).
"""

ALT = """Two rows of three-by-three grids joined by arrows. Top row: Q (purple) and K (yellow), then the scores
Q times K transposed (top-left −1.1) and the same scores divided by the square root of 3 (−0.6). Bottom row:
the masked scores with minus infinity above the diagonal, the softmax weights with rows (1, 0, 0),
(0.70, 0.30, 0) and (0.32, 0.47, 0.21), times V (green), giving the red-orange output whose first row equals
V's first row."""

from attnlab.examples.foundations import qkv_example


def data():
    example = qkv_example()
    return {
        "d_k": example.d_k,
        "Q": example.Q.tolist(),  # (L, D)
        "K": example.K.tolist(),  # (S, D)
        "V": example.V.tolist(),  # (S, D)
        "matmul": example.raw_scores.tolist(),  # (L, S) Q Kᵀ
        "scaled": example.scores.tolist(),  # (L, S) Q Kᵀ / √d_k
        "masked": example.causal_scores.tolist(),  # (L, S) -inf after each query's position
        "weights": example.causal_weights.tolist(),  # (L, S)
        "output": example.causal_Y.tolist(),  # (L, D)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    n = len(data["matmul"])
    cols = (0.0, 3.55, 7.95, 12.2)  # left edges of the four matrices in each row
    top, top2 = 9.6, 4.2  # tops of the two rows of matrices
    left, right, bottom, ceiling = -0.35, cols[-1] + n + 0.35, top2 - n - 1.05, top + 1.45
    fig = plt.figure(figsize=(8, 8 * (ceiling - bottom) / (right - left)))  # one data unit as wide as tall
    ax = blank_axes(fig)
    vmax = max(abs(v) for key in ("Q", "K", "V", "output") for row in data[key] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True, fmt="{:.1f}")  # one decimal: a 3-wide row fits its box
    scale = max(abs(v) for row in data["matmul"] for v in row)  # one colour scale for all scores
    scores = dict(cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, fmt="{:.1f}")
    soft = cols[1] + 0.5  # the weights' left edge, clear of the mask's box

    def box(x, y, step, formula):
        ax.add_patch(Rectangle((x - 0.2, y - n - 0.2), n + 0.4, n + 1.55, facecolor=theme.panel, edgecolor="none",
                               zorder=0))
        ax.text(x + n / 2, y + 0.78, step, ha="center", va="bottom", fontweight="bold")
        ax.text(x + n / 2, y + 0.12, formula, ha="center", va="bottom", color=theme.muted)

    def arrow(start, end, **style):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=theme.muted,
                                     linewidth=1.2, **style))

    def named(values, color, x, y, name):
        draw_squares(ax, values, color=color, x=x, y=y, **square)
        ax.text(x + n / 2, y + 0.12, name, ha="center", va="bottom")

    # the inputs
    named(data["Q"], theme.query, cols[0], top, "$Q$")
    named(data["K"], theme.key, cols[1], top, "$K$")
    # 1. MatMul
    arrow((cols[1] + n + 0.1, top - n / 2), (cols[2] - 0.3, top - n / 2))
    box(cols[2], top, "1. MatMul", "$Q K^\\top$")
    draw_heat(ax, data["matmul"], x=cols[2], y=top, **scores)
    # 2. Scale
    arrow((cols[2] + n + 0.25, top - n / 2), (cols[3] - 0.3, top - n / 2))
    box(cols[3], top, "2. Scale", f"$\\div \\sqrt{{{data['d_k']}}}$")
    draw_heat(ax, data["scaled"], x=cols[3], y=top, **scores)
    # 3. Mask
    arrow((cols[3] + n / 2, top - n - 0.25), (cols[0] + n / 2, top2 + 1.4),
          connectionstyle="bar,angle=180,fraction=-0.04")
    box(cols[0], top2, "3. Mask", "causal")
    draw_heat(ax, data["masked"], x=cols[0], y=top2, **scores)
    # 4. SoftMax
    arrow((cols[0] + n + 0.25, top2 - n / 2), (soft - 0.25, top2 - n / 2))
    box(soft, top2, "4. SoftMax", "by row: $A$")
    draw_heat(ax, data["weights"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=soft,
              y=top2)
    # 5. MatMul with the values
    ax.text((soft + n + 0.2 + cols[2]) / 2, top2 - n / 2, "×", ha="center", va="center",
            fontsize=theme.font_size * 1.4, color=theme.muted)
    named(data["V"], theme.value, cols[2], top2, "$V$")
    arrow((cols[2] + n + 0.1, top2 - n / 2), (cols[3] - 0.3, top2 - n / 2))
    box(cols[3], top2, "5. MatMul", "$A V$")
    draw_squares(ax, data["output"], color=theme.output, x=cols[3], y=top2, **square)

    # the caption's point: a masked score is −∞, its weight exactly 0, and every row of weights sums to 1
    for r in range(n):
        for c in range(r + 1, n):
            for x in (cols[0], soft):
                ax.add_patch(Rectangle((x + c + 0.06, top2 - r - 0.94), 0.88, 0.88, facecolor="none",
                                       edgecolor=theme.foreground, linewidth=1.6, zorder=4))
    ax.text(cols[0] + n / 2, top2 - n - 0.35, "later keys: −∞", ha="center", va="top", fontsize=theme.small,
            fontweight="bold")
    ax.text(soft + n / 2, top2 - n - 0.35, "weight 0; rows sum to 1", ha="center", va="top",
            fontsize=theme.small, fontweight="bold")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, ceiling)
    return fig
