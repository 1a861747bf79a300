"""An alignment heatmap: "the European economic zone" translated as "la zone économique européenne".

Each row is one French word being produced (a decoder query), each column an English source word (an encoder
key); a cell is the attention weight, darker for less and brighter for more, and every row sums to 1. The
bright cells run along the diagonal for "la" → "the" but cross over for the rest: French puts the noun first and
the adjectives after it in the opposite order, so "zone" looks at the last English word and "européenne" at the
second. Hand-set alignment scores, turned into weights by attnlab's attention (a softmax per row).
"""

from attnlab.examples.worked import translation_heatmap


def data():
    example = translation_heatmap()
    return {
        "source_tokens": list(example.source_tokens),  # (S,)
        "target_tokens": list(example.target_tokens),  # (L,)
        "weights": example.weights.tolist(),  # (L, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.heatmaps import attention_heatmap

    small = theme.font_size * 0.9
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    image = attention_heatmap(ax, data["weights"], theme=theme, row_labels=data["target_tokens"],
                              col_labels=data["source_tokens"], labelsize=theme.font_size)  # (L, S)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("English source (keys)")
    ax.set_ylabel("French target (queries)")
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    bar.set_label("weight", fontsize=small)
    bar.ax.tick_params(labelsize=small)
    bar.outline.set_visible(False)
    fig.subplots_adjust(left=0.2, right=0.88, top=0.85, bottom=0.03)
    return fig
