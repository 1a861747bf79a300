"""Decoder masked self-attention learned by the corners transformer: no step looks ahead.

Each small heatmap is one head of the decoder's self-attention on one sequence of the square-corners task.
The decoder reads the last source corner, then the first target corner (the target shifted right); rows are
queries, columns keys. The cell above the diagonal is the future and is blocked (hatched, weight exactly 0),
so the first row is one-hot; the second step may mix both. Weights from attnlab's tiny Transformer trained
on the task with a causal mask, on the same four sequences as the encoder figure.
"""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLES = (0, 1, 2, 3)  # the sequences of the encoder self-attention figure


def data():
    model, _ = trained_corners_transformer()
    traces = [corners_attention_trace(model, i) for i in EXAMPLES]
    return {
        "examples": list(EXAMPLES),
        "decoder_labels": [list(t.decoder_labels) for t in traces],  # (X, L)
        "target_labels": [list(t.target_labels) for t in traces],  # (X, L)
        "weights": [t.decoder_self.tolist() for t in traces],  # (X, layers, H, L, L)
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
    for c, (w, labels, targets) in enumerate(zip(weights, data["decoder_labels"], data["target_labels"])):
        for layer in range(layers):
            for h in range(heads):
                ax = axes[layer * heads + h, c]
                grid = w[layer][h]  # (L, L)
                image = ax.imshow(grid, cmap=cmap, vmin=0.0, vmax=1.0)
                for i, row in enumerate(grid):
                    for j, value in enumerate(row):
                        if j > i:  # the future: blocked by the causal mask
                            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=theme.panel,
                                                       edgecolor=theme.background, hatch="///"))
                            ink = theme.foreground
                        else:
                            ink = ink_on(theme, to_hex(cmap(value)))
                        ax.text(j, i, f"{value:.2f}" if j <= i else f"{value:g}", ha="center", va="center",
                                color=ink, fontsize=theme.font_size * 0.9,
                                bbox=dict(facecolor=theme.panel, edgecolor="none", pad=1) if j > i else None)
                ax.set_xticks(range(len(labels)), labels)
                ax.set_yticks(range(len(labels)), labels)
                ax.tick_params(length=0, labelsize=theme.font_size * 0.9)
                for spine in ax.spines.values():
                    spine.set_visible(False)
                if c == 0:
                    name = f"head {h + 1}" if layers == 1 else f"layer {layer + 1}, head {h + 1}"
                    ax.set_ylabel(f"{name}\nquery", fontsize=theme.font_size * 0.9)
        axes[0, c].set_title(f"reads {labels[0]}, {labels[1]}\npredicts {targets[0]}, {targets[1]}",
                             fontsize=theme.font_size * 0.9, pad=20)
        axes[0, c].text(0.5, 1.03, "keys", transform=axes[0, c].transAxes, ha="center", va="bottom",
                        color=theme.muted, fontsize=theme.font_size * 0.9)
    bar = fig.colorbar(image, ax=axes, fraction=0.03, pad=0.03)
    bar.set_label("weight")
    bar.outline.set_visible(False)
    return fig
