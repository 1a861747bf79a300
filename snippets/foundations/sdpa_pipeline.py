r"""Scaled dot-product attention, step by step: MatMul, Scale, Mask, SoftMax, MatMul.

Each box holds the real intermediate tensor for three queries and three keys ($d_k = 3$). 1. MatMul: $Q K^\top$,
every query against every key. 2. Scale: divided by $\sqrt{d_k}$. 3. Mask (optional): here the keys after
each query are set to −∞. 4. SoftMax along each row: the masked entries get weight exactly 0 and each row
sums to 1. 5. MatMul: the weights $A$ times $V$ give one output row per query. Scores are orange when positive
and purple when negative; weights are brighter when larger.
"""

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

    fig = plt.figure(figsize=(8, 4.9))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    vmax = max(abs(v) for key in ("Q", "K", "V", "output") for row in data[key] for v in row)
    square = dict(theme=theme, vmax=vmax, annotate=True, fontsize=small)
    scale = max(abs(v) for row in data["matmul"] for v in row)  # one colour scale for all scores
    scores = dict(cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme)
    n = len(data["matmul"])

    def box(x, y, title):
        ax.add_patch(Rectangle((x - 0.3, y - n - 0.3), n + 0.6, n + 1.35, facecolor=theme.panel, edgecolor="none",
                               zorder=0))
        ax.text(x + n / 2, y + 0.2, title, ha="center", va="bottom", fontweight="bold", fontsize=small)

    def arrow(start, end):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=theme.muted))

    def named(values, color, x, y, name):
        draw_squares(ax, values, color=color, x=x, y=y, **square)
        ax.text(x + n / 2, y + 0.2, name, ha="center", va="bottom")

    # the inputs
    top = 9.2
    named(data["Q"], theme.query, 0, top, "$Q$")
    named(data["K"], theme.key, 3.6, top, "$K$")
    # 1. MatMul
    arrow((6.75, top - 1.5), (7.7, top - 1.5))
    box(8.0, top, "1. MatMul  Q Kᵀ")
    draw_heat(ax, data["matmul"], x=8.0, y=top, **scores)
    # 2. Scale
    arrow((11.45, top - 1.5), (12.4, top - 1.5))
    box(12.7, top, f"2. Scale  ÷ √{data['d_k']}")
    draw_heat(ax, data["scaled"], x=12.7, y=top, **scores)
    # 3. Mask
    top2 = 4.0
    arrow((14.2, top - 3.4), (1.5, top2 + 1.1))
    box(0.0, top2, "3. Mask  (causal)")
    draw_heat(ax, data["masked"], x=0.0, y=top2, **scores)
    # 4. SoftMax
    arrow((3.45, top2 - 1.5), (4.4, top2 - 1.5))
    box(4.7, top2, "4. SoftMax by row")
    draw_heat(ax, data["weights"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=4.7, y=top2)
    # 5. MatMul with the values
    ax.text(8.25, top2 - 1.5, "×", ha="center", va="center", fontsize=theme.font_size * 1.3, color=theme.muted)
    named(data["V"], theme.value, 8.8, top2, "$V$")
    arrow((12.05, top2 - 1.5), (12.4, top2 - 1.5))
    box(12.7, top2, "5. MatMul  W V")
    draw_squares(ax, data["output"], color=theme.output, x=12.7, y=top2, **square)
    ax.set_xlim(-0.5, 16.1)
    ax.set_ylim(top2 - n - 0.5, top + 1.0)
    return fig
