r"""The causal mask: scores above the diagonal are set to −∞, so their weights are exactly 0.

Left: the scaled scores $e_{ij} = \mathbf{q}_i \cdot \mathbf{k}_j / \sqrt{d_k}$ of five decoder tokens, with
every key that lies in a query's future replaced by −∞ (the strict upper triangle). Right: the weights
$a_{ij}$, the softmax of each row. The blocked cells are exactly 0, not merely small; the first token can only
look at itself (its row is one-hot); every row still sums to 1 (last column). Computed by attnlab's
`scaled_dot_product_attention` with `is_causal=True`. The outlined, hatched triangle is the future; blue
scores are positive and grey ones negative, and a larger weight is a stronger blue.
"""

ALT = """Two 5 × 5 grids side by side, rows and columns labelled <start>, the, cat, sat, down. In both, the
cells above the diagonal are hatched inside a bold staircase outline: on the left they read −∞ beside
scores such as 3.0 and −2.2, on the right they read 0 beside weights such as 1.000 in the first row and
0.688 on the diagonal of the last. A column on the far right shows 1 for every row."""

from attnlab.examples.transformer import causal_example


def data():
    example = causal_example()
    return {
        "tokens": list(example.tokens),  # (L,)
        "scores": example.scores.tolist(),  # (L, L) with -inf above the diagonal
        "weights": example.weights.tolist(),  # (L, L)
        "row_sums": example.weights.sum(dim=-1).tolist(),  # (L,)
    }


def draw(data, theme):
    import math

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import to_hex

    from attnlab.theme import ink_on, shade

    tokens = data["tokens"]
    scores = np.array(data["scores"])  # (L, L)
    weights = np.array(data["weights"])  # (L, L)
    L = len(tokens)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(8, 4.2), gridspec_kw=dict(width_ratios=[L, L + 1], wspace=0.06,
                                                 left=0.155, right=0.99, top=0.84, bottom=0.09))
    small = theme.small
    finite = scores[np.isfinite(scores)]
    limit = float(np.abs(finite).max())
    diverging, sequential = plt.get_cmap(theme.diverging_cmap), plt.get_cmap(theme.sequential_cmap)
    hatch = shade(theme, theme.muted, 0.5)  # as attention_heatmap hatches a blocked cell

    def cells(ax, grid, cmap, vmin, vmax, fmt, blocked_text):
        shown = np.where(np.isfinite(grid), grid, np.nan)
        ax.imshow(shown, cmap=cmap, vmin=vmin, vmax=vmax)
        for i in range(L):
            for j in range(L):
                if j > i:  # the future: drawn as a blocked cell
                    ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=theme.panel,
                                               edgecolor=theme.background, linewidth=1.5, hatch="///",
                                               hatchcolor=hatch, hatch_linewidth=1.0))
                    ax.text(j, i, blocked_text(grid[i, j]), ha="center", va="center", fontsize=small,
                            color=theme.foreground, bbox=dict(facecolor=theme.panel, edgecolor="none", pad=1))
                else:
                    fill = to_hex(cmap((grid[i, j] - vmin) / (vmax - vmin)))
                    ax.text(j, i, fmt(grid[i, j]), ha="center", va="center", fontsize=small,
                            color=ink_on(theme, fill))
        future = [(0.5, -0.5)] + [p for i in range(L - 1) for p in ((i + 0.5, i + 0.5), (i + 1.5, i + 0.5))]
        ax.add_patch(plt.Polygon(future + [(L - 0.5, -0.5)], closed=True, fill=False, edgecolor=theme.foreground,
                                 linewidth=2.0, zorder=5, clip_on=False))  # the strict upper triangle
        ax.set_xticks(range(L), tokens, rotation=60, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.tick_params(length=0, labelsize=small)
        for spine in ax.spines.values():
            spine.set_visible(False)

    signed = lambda v: f"{v + 0.0:.1f}".replace("-", "−")  # noqa: E731  one decimal, a true minus: 3.0, −2.2
    cells(left, scores, diverging, -limit, limit, signed, lambda v: "−∞" if math.isinf(v) else signed(v))
    left.set_yticks(range(L), tokens)
    left.set_ylabel("query", labelpad=4)
    score_label = r"scores  $e_{ij} = \mathbf{q}_i\cdot \mathbf{k}_j\,/\sqrt{d_k}$  (future: −∞)"
    left.set_xlabel(score_label, labelpad=6)
    cells(right, weights, sequential, 0.0, 1.0, "{:.3f}".format, lambda v: f"{v:g}")  # 3 decimals: rows add to 1
    right.set_yticks([])
    right.set_xlabel(r"weights  $a_{ij}$: softmax of each row", labelpad=6)
    right.set_xlim(-0.5, L + 0.5)
    right.text(L + 0.1, -0.62, "Σ row", ha="center", va="bottom", fontsize=small, fontweight="bold")
    for i, total in enumerate(data["row_sums"]):
        right.text(L + 0.1, i, f"{total:g}", ha="center", va="center", fontsize=small)
    return fig
