"""An alignment heatmap: "the European economic zone" translated as "la zone économique européenne".

Each row is one French word being produced (a decoder query), each column an English source word (an encoder
key); a cell is the attention weight, a deeper blue for more (a brighter blue on the dark page), and every row
sums to 1. The outlined cells run along the diagonal for "la" → "the" but cross over for the rest: French puts
the noun first and the adjectives after it in the opposite order, so "zone" looks at the last English word and
"européenne" at the second. Hand-set alignment scores, turned into weights by attnlab's attention (a softmax
per row).
"""

ALT = """A four by four grid of numbers: French words la, zone, économique, européenne down the left, English
words the, European, economic, zone across the top. Each row has one outlined cell above 0.8 (la-the 0.81,
zone-zone 0.89, économique-economic 0.84, européenne-European 0.82); every other cell is 0.12 or less."""

from attnlab.examples.encoder_decoder import translation_heatmap


def data():
    example = translation_heatmap()
    return {
        "source_tokens": list(example.source_tokens),  # (S,)
        "target_tokens": list(example.target_tokens),  # (L,)
        "weights": example.weights.tolist(),  # (L, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.heatmaps import attention_heatmap

    small = theme.small
    weights = data["weights"]
    fig, ax = plt.subplots(figsize=(7.6, 4.6))
    image = attention_heatmap(ax, weights, theme=theme, row_labels=data["target_tokens"],
                              col_labels=data["source_tokens"], labelsize=theme.font_size)  # (L, S)
    ax.set_aspect("auto")  # wide cells, so the English words have room side by side
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", pad=6)
    ax.set_xlabel("English source (keys)", labelpad=12)
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("French target (queries)", labelpad=10)

    # the word each French word looks at most: the diagonal, then the crossing
    for t, row in enumerate(weights):
        s = max(range(len(row)), key=row.__getitem__)
        ax.add_patch(Rectangle((s - 0.47, t - 0.47), 0.94, 0.94, facecolor="none", edgecolor=theme.foreground,
                               linewidth=2.2, zorder=3, clip_on=False))

    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.03, ticks=[0.0, 0.5, 1.0])
    bar.set_label("weight", fontsize=small)
    bar.ax.tick_params(labelsize=small, length=0)
    bar.outline.set_visible(False)
    fig.subplots_adjust(left=0.23, right=0.9, top=0.8, bottom=0.03)
    return fig
