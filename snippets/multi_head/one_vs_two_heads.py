"""One head has one set of weights for "it"; two heads can keep "animal" and "road" apart.

Where does "it" look in "The animal didn't cross the road because it was too tired"? Each row is the attention
weights of the query "it" (highlighted) over every word. Top: a single head ($d_k = 8$) whose query looks for a
noun of either kind must split its weight between "animal" and "road", and its output blends the two. Below: two
narrow heads ($d_k = 4$ each) with the same number of parameters; head 1 looks for living things and finds "animal",
head 2 for things and finds "road". Both readings reach the next layer separately, where "tired" (or "wide") can settle
which one is meant. An illustration with hand-set query and key projections, computed by attnlab's `MultiHeadAttention`;
not a trained model.
"""

ALT = """A heatmap of three rows by eleven words, the word "it" picked out in purple above its column.
The first row, for a single head, has two mid-blue cells, 0.45 under "animal" and 0.33 under "road"; the
two rows below, one per head, each have a single deep-blue cell: 0.86 under "animal" and 0.83 under "road".
Every other cell is pale, at 0.03 or less."""

from attnlab.examples.multi_head import ambiguous_it


def data():
    example = ambiguous_it()
    return {
        "tokens": list(example.tokens),  # (L,)
        "query_index": example.query_index,
        "rows": [f"one head ($d_k$ = {example.one_head.head_dim})"]
        + [f"head {h + 1} of {example.two_heads.num_heads} ($d_k$ = {example.two_heads.head_dim})"
           for h in range(example.two_heads.num_heads)],
        "weights": example.one_weights.tolist() + example.two_weights.tolist(),  # (1 + H, L) weights of "it"
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    from attnlab.theme import ink_on

    small = theme.small
    cmap = plt.get_cmap(theme.sequential_cmap)
    weights, tokens = data["weights"], data["tokens"]
    fig, ax = plt.subplots(figsize=(8, 2.5))
    for r, row in enumerate(weights):
        y = r + (0.35 if r else 0.0)  # a gap between the single head and the pair of heads
        for s, w in enumerate(row):
            fill = to_hex(cmap(w))
            ax.add_patch(Rectangle((s - 0.5, y - 0.5), 1.0, 1.0, facecolor=fill, edgecolor=theme.background,
                                   linewidth=1.5))
            ax.text(s, y, f"{w:.2f}", ha="center", va="center", fontsize=small, color=ink_on(theme, fill))
        ax.text(-0.65, y, data["rows"][r].replace(" (", "\n("), ha="right", va="center", fontsize=small,
                linespacing=1.2)  # the name, then the head's size
    i = data["query_index"]
    ax.set_xticks(range(len(tokens)), tokens)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=small, left=False, labelleft=False)
    ax.get_xticklabels()[i].set_color(theme.query)
    ax.get_xticklabels()[i].set_fontweight("bold")
    ax.set_yticks([])
    ax.set_xlim(-0.5, len(tokens) - 0.5)
    ax.set_ylim(len(weights) - 0.5 + 0.35, -0.5)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.subplots_adjust(left=0.14, right=0.995, top=0.86, bottom=0.03)
    return fig
