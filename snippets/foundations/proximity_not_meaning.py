r"""Proximity is not meaning: what "he" should look at in "Tommy can be annoying but he is a good dog".

Both rows weigh every word of the sentence for the word "he" (framed); the weights of each row sum to 1.
Top: weights by distance alone, $\mathrm{softmax}(-|i - j|)$: "he" keeps the most for itself and spends the
rest on its neighbours, "but" and "is" first. Bottom: weights by the dot product of the word vectors,
$\mathrm{softmax}(\mathbf{x}_{\text{he}} \cdot \mathbf{x}_j)$: "he" looks at itself and at the words that refer to the same
thing, "Tommy" and "dog", however far away they are.
"""

from attnlab.examples.worked import tommy_sentence


def data():
    example = tommy_sentence()
    i = example.query_index
    return {
        "tokens": list(example.tokens),
        "query_index": i,
        "proximity": example.proximity_weights[i].tolist(),  # (L,)
        "attention": example.attention_weights[i].tolist(),  # (L,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    small = theme.font_size * 0.9
    fig, axes = plt.subplots(2, 1, figsize=(8, 3.9), sharex=True, sharey=True)
    rows = (("by distance to “he”", data["proximity"], theme.muted),
            ("by dot product with “he”", data["attention"], theme.output))
    positions = list(range(len(data["tokens"])))
    for ax, (title, weights, color) in zip(axes, rows):
        ax.bar(positions, weights, color=color, width=0.7)
        for x, w in zip(positions, weights):
            if w >= 0.05:
                ax.text(x, w + 0.02, f"{w:.2f}", ha="center", va="bottom", fontsize=small)
        ax.axvspan(data["query_index"] - 0.45, data["query_index"] + 0.45, fill=False, edgecolor=theme.query,
                   linewidth=1.6)
        ax.set_title(title, loc="left", fontsize=theme.font_size)
        ax.set_ylabel("weight")
        ax.set_ylim(0, max(data["proximity"] + data["attention"]) + 0.12)
    axes[-1].set_xticks(positions)
    axes[-1].set_xticklabels(data["tokens"], fontsize=theme.font_size)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.92, bottom=0.1, hspace=0.35)
    return fig
