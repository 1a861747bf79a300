"""Encoder self-attention learned by the corners transformer: every source corner looks at both corners.

Each small heatmap is one head of the encoder's self-attention layer on one sequence of the square-corners
task: rows are queries, columns are keys, both the two source corners (for example TR then BR). Nothing is
masked, so a corner may look back at the corner before it and ahead at the corner after it; every row sums
to 1. The weights come from attnlab's tiny Transformer trained on the task (1 layer, 2 heads), not set by hand.
"""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLES = (0, 1, 2, 3)  # sequences of the fixed figure set: two clockwise, two counter-clockwise


def data():
    model, _ = trained_corners_transformer()
    traces = [corners_attention_trace(model, i) for i in EXAMPLES]
    return {
        "examples": list(EXAMPLES),
        "source_labels": [list(t.source_labels) for t in traces],  # (X, S)
        "target_labels": [list(t.target_labels) for t in traces],  # (X, L)
        "weights": [t.encoder_self.tolist() for t in traces],  # (X, layers, H, S, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from attnlab.theme import ink_on

    weights = data["weights"]
    layers, heads = len(weights[0]), len(weights[0][0])
    rows, cols = layers * heads, len(weights)
    fig, axes = plt.subplots(rows, cols, figsize=(8, 1.6 * rows + 0.7), squeeze=False,
                             gridspec_kw=dict(wspace=0.55, hspace=0.3, left=0.1, right=0.88, top=0.84, bottom=0.07))
    cmap = plt.get_cmap(theme.sequential_cmap)
    for c, (w, labels, after) in enumerate(zip(weights, data["source_labels"], data["target_labels"])):
        for layer in range(layers):
            for h in range(heads):
                ax = axes[layer * heads + h, c]
                grid = w[layer][h]  # (S, S)
                image = ax.imshow(grid, cmap=cmap, vmin=0.0, vmax=1.0)
                for i, row in enumerate(grid):
                    for j, value in enumerate(row):
                        ax.text(j, i, f"{value:.2f}", ha="center", va="center",
                                color=ink_on(theme, to_hex(cmap(value))), fontsize=theme.font_size * 0.9)
                ax.set_xticks(range(len(labels)), labels)
                ax.set_yticks(range(len(labels)), labels)
                ax.tick_params(length=0, labelsize=theme.font_size * 0.9)
                for spine in ax.spines.values():
                    spine.set_visible(False)
                if c == 0:
                    name = f"head {h + 1}" if layers == 1 else f"layer {layer + 1}, head {h + 1}"
                    ax.set_ylabel(f"{name}\nquery", fontsize=theme.font_size * 0.9)
            axes[0, c].set_title(f"{labels[0]}, {labels[1]} → {after[0]}, {after[1]}",
                                 fontsize=theme.font_size, pad=22)
            axes[0, c].text(0.5, 1.04, "keys", transform=axes[0, c].transAxes, ha="center", va="bottom",
                            color=theme.muted, fontsize=theme.font_size * 0.9)
    bar = fig.colorbar(image, ax=axes, fraction=0.03, pad=0.03)
    bar.set_label("weight")
    bar.outline.set_visible(False)
    return fig
