r"""Attention is a fully connected layer across positions whose weights are computed from the input.

Both layers make each output a weighted sum of the inputs. Middle: a fully connected (dense) layer mixing four
positions, $\mathbf{y}_i = \sum_j \theta_{ij} \mathbf{x}_j$, uses a learned matrix $\Theta$, fixed after
training: the same numbers for input A (top row) and input B (bottom row). Right: attention,
$\mathbf{y}_i = \sum_j a_{ij} \mathbf{x}_j$, computes its weights from the input itself,
$A = \mathrm{softmax}(X X^\top / \sqrt{d})$ row by row, so they change with the input, and every row is a
distribution that sums to 1. Inputs and $\Theta$ are seeded; the attention weights come from attnlab's
`scaled_dot_product_attention`.
"""

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
    fig, axes = plt.subplots(2, 3, figsize=(8, 5.0), gridspec_kw=dict(width_ratios=[3, 4, 4], wspace=0.35,
                                                                       hspace=0.25, left=0.1, right=0.99,
                                                                       top=0.86, bottom=0.02))
    small = theme.font_size * 0.9
    x_lim = float(np.abs(np.array(data["inputs"])).max())
    w_lim = float(np.abs(np.array(data["fc_weights"])).max())

    def heat(ax, grid, cmap, vmin, vmax, columns):
        attention_heatmap(ax, grid, theme=theme, cmap=cmap, vmin=vmin, vmax=vmax, row_labels=tokens,
                          col_labels=columns)  # (L, columns)
        ax.xaxis.tick_top()

    features = [f"f{k + 1}" for k in range(len(data["inputs"][0][0]))]
    for r, (name, x, attn) in enumerate(zip("AB", data["inputs"], data["attn_weights"])):
        heat(axes[r, 0], x, theme.diverging_cmap, -x_lim, x_lim, features)
        axes[r, 0].set_ylabel(f"input {name}", fontsize=theme.font_size)
        heat(axes[r, 1], data["fc_weights"], theme.diverging_cmap, -w_lim, w_lim, tokens)
        heat(axes[r, 2], attn, theme.sequential_cmap, 0.0, 1.0, tokens)
    titles = ("$X$", "fully connected: learned $\\Theta$\n(the same for A and B)",
              "attention: $A$, computed\nfrom $X$: softmax($XX^\\top/\\sqrt{d}$)")
    for ax, title in zip(axes[0], titles):
        ax.set_title(title, fontsize=small, pad=24)
    return fig
