r"""Proximity is not meaning: what "he" should look at in "Tommy can be annoying but he is a good dog".

Both rows weigh every word of the sentence for the word "he" (framed); the weights of each row sum to 1.
Top: weights by distance alone, $\mathrm{softmax}(-|i - j|)$: "he" keeps the most for itself and spends the
rest on its neighbours, "but" and "is" first. Bottom: weights by the dot product of the word vectors,
$\mathrm{softmax}(\mathbf{x}_{\text{he}} \cdot \mathbf{x}_j)$: "he" looks at itself and at the words that refer to the
same thing, "Tommy" and "dog", however far away they are.
"""

ALT = """Two bar charts over the ten words of the sentence, with the bar for "he" framed in both. The upper one,
in grey, peaks at "he" (0.47) and falls off evenly on both sides (0.17 for "but" and "is", 0.06 one word
further). The lower one, in blue, has three tall bars: Tommy 0.38 at the far left, he 0.42, and dog 0.14 at the
far right, each far word marked with how many words it is from "he"."""

from attnlab.examples.foundations import tommy_sentence


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

    small = theme.small
    fig, axes = plt.subplots(2, 1, figsize=(8, 4.2), sharex=True, sharey=True)
    i = data["query_index"]
    rows = (("By distance to “he”", data["proximity"], theme.muted),
            ("By dot product with “he”", data["attention"], theme.sequential_cmap(0.75)))
    positions = list(range(len(data["tokens"])))
    high = max(data["proximity"] + data["attention"])
    for ax, (title, weights, color) in zip(axes, rows):
        ax.bar(positions, weights, color=color, width=0.7)
        for x, w in zip(positions, weights):
            if w >= 0.05:
                ax.text(x, w + 0.02, f"{w:.2f}", ha="center", va="bottom", fontsize=small)
        ax.axvspan(i - 0.45, i + 0.45, fill=False, edgecolor=theme.foreground, linewidth=2)  # the query word
        ax.set_title(title, loc="left", fontsize=theme.font_size * 1.1)
        ax.set_ylabel("weight")
        ax.set_yticks([0, 0.2, 0.4])
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(0, high + 0.14)

    # the far words the dot product finds: how far each is from "he"
    far = sorted((j for j in positions if j != i), key=lambda j: -data["attention"][j])[:2]
    for j in far:
        w = data["attention"][j]
        axes[1].annotate(f"{abs(j - i)} words away", (j + (0.4 if j < i else -0.4), w * 0.6),
                         (j + (1.0 if j < i else -1.0), w * 0.6 + 0.1), ha="left" if j < i else "right",
                         va="center", fontsize=small, fontweight="bold",
                         arrowprops=dict(arrowstyle="-|>", color=theme.foreground, linewidth=1.2, shrinkA=2, shrinkB=0))
    axes[-1].set_xticks(positions)
    axes[-1].set_xticklabels(data["tokens"], fontsize=theme.font_size)
    axes[-1].get_xticklabels()[i].set_fontweight("bold")
    fig.subplots_adjust(left=0.09, right=0.99, top=0.91, bottom=0.09, hspace=0.42)
    return fig
