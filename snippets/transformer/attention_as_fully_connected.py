r"""Attention is a fully connected layer across positions whose weights are computed from the input.

Both layers make each output a weighted sum of the inputs. Middle: a fully connected (dense) layer mixing four
positions, $\mathbf{y}_i = \sum_j \theta_{ij} \mathbf{x}_j$, uses a learned matrix $\Theta$, fixed after
training: the same numbers for input A (top row) and input B (bottom row). Right: attention,
$\mathbf{y}_i = \sum_j a_{ij} \mathbf{x}_j$, computes its weights from the input itself,
$A = \mathrm{softmax}(X X^\top / \sqrt{d})$ row by row, so they change with the input, and every row is a
distribution that sums to 1. Inputs and $\Theta$ are seeded; the attention weights come from attnlab's
`scaled_dot_product_attention`. Signed numbers ($X$, $\Theta$) are blue when positive and grey when negative;
a larger weight is a stronger blue.
"""

ALT = """Three columns of heatmaps in two rows, one row per input. Left, the 4 × 3 input with signed entries;
middle, the same 4 × 4 matrix of parameters twice, joined by an equals sign; right, two different 4 × 4 weight
matrices, joined by a not-equal sign: input A's is spread out (no weight above 0.49), input B's is almost diagonal
(0.84, 0.71, 0.98)."""

from attnlab.examples.transformer import fully_connected_vs_attention


def data():
    example = fully_connected_vs_attention()
    return {
        "tokens": list(example.tokens),  # (L,)
        "inputs": example.inputs.tolist(),  # (2, L, E)
        "fc_weights": example.fc_weights.tolist(),  # (L, L)
        "attn_weights": example.attn_weights.tolist(),  # (2, L, L)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    import numpy as np

    from attnlab.draw.heatmaps import attention_heatmap

    tokens = data["tokens"]
    fig, axes = plt.subplots(2, 3, figsize=(8, 6.0), gridspec_kw=dict(width_ratios=[3, 4, 4], wspace=0.28,
                                                                       hspace=0.32, left=0.09, right=0.995,
                                                                       top=0.83, bottom=0.01))
    small = theme.small
    x_lim = float(np.abs(np.array(data["inputs"])).max())
    w_lim = float(np.abs(np.array(data["fc_weights"])).max())

    def heat(ax, grid, cmap, vmin, vmax, columns, fmt):
        attention_heatmap(ax, grid, theme=theme, cmap=cmap, vmin=vmin, vmax=vmax, row_labels=tokens,
                          col_labels=columns, fmt=fmt)  # (L, columns)
        ax.xaxis.tick_top()

    def signed(value):  # one decimal, a true minus sign; the colour carries the rest
        return f"{value + 0.0:.1f}".replace("-", "−") if round(value, 1) else "0.0"

    features = [f"f{k + 1}" for k in range(len(data["inputs"][0][0]))]
    for r, (name, x, attn) in enumerate(zip("AB", data["inputs"], data["attn_weights"])):
        heat(axes[r, 0], x, theme.diverging_cmap, -x_lim, x_lim, features, signed)
        axes[r, 0].set_ylabel(f"input {name}", fontsize=theme.font_size, fontweight="bold")
        heat(axes[r, 1], data["fc_weights"], theme.diverging_cmap, -w_lim, w_lim, tokens, signed)
        heat(axes[r, 2], attn, theme.sequential_cmap, 0.0, 1.0, tokens, "{:.2f}")
    # 1. panel headings
    headings = (("Input $X$", "tokens × features"), ("Dense layer: $\\Theta$", "learned, then fixed"),
                ("Attention: $A$", "softmax($XX^\\top/\\sqrt{d}$)"))
    for ax, (heading, note) in zip(axes[0], headings):
        ax.text(0.5, 1.33, heading, transform=ax.transAxes, ha="center", va="bottom",
                fontsize=theme.font_size * 1.1, fontweight="bold")
        ax.text(0.5, 1.17, note, transform=ax.transAxes, ha="center", va="bottom", fontsize=small,
                color=theme.muted)
    # 2. between the rows: the same Θ for A and B, a different A
    for ax, mark, note in ((axes[0, 1], "=", "the same"), (axes[0, 2], "≠", "computed anew")):
        ax.text(0.5, -0.13, f"{mark}  {note}", transform=ax.transAxes, ha="center", va="center",
                fontsize=small, fontweight="bold")
    return fig
