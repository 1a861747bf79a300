"""Self-attention as message passing on a fully connected graph whose edge weights are the attention weights.

Each token of "the cat sat on the mat" is a node; every node sends its value to every node, along an arrow
whose width is the attention weight $a_{ij}$ of the receiving token i on the sending token j (the number under
a node is its weight on itself). All edges exist, so the graph is complete; what the layer learns is how much
each edge carries, and that is recomputed for every input. Read this way a Transformer is a graph neural
network on a complete graph. Weights: the unmasked (bidirectional) attention of the encoder-only example.
"""

from attnlab.examples.transformer import bidirectional_vs_causal


def data():
    example = bidirectional_vs_causal()
    return {
        "tokens": list(example.tokens),  # (L,)
        "weights": example.weights["bidirectional"].tolist(),  # (L, L) row i: receiver, column j: sender
    }


def draw(data, theme):
    import math

    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch

    from attnlab.theme import ink_on

    tokens, weights = data["tokens"], data["weights"]
    L = len(tokens)
    fig, ax = plt.subplots(figsize=(6.4, 5.6), gridspec_kw=dict(left=0.0, right=1.0, top=1.0, bottom=0.0))
    ax.set_axis_off()
    ax.set_aspect("equal")
    radius, node = 2.0, 0.36
    angles = [math.pi / 2 - 2 * math.pi * k / L for k in range(L)]
    pos = [(radius * math.cos(a), radius * math.sin(a)) for a in angles]
    for i in range(L):  # receiver
        for j in range(L):  # sender
            if i == j:
                continue
            w = weights[i][j]
            ax.add_patch(FancyArrowPatch(pos[j], pos[i], connectionstyle="arc3,rad=0.12", arrowstyle="-|>",
                                         mutation_scale=8 + 14 * w, linewidth=0.4 + 7.0 * w, color=theme.output,
                                         alpha=0.25 + 0.75 * w, shrinkA=node * 72 * 0.9, shrinkB=node * 72 * 0.9))
    for k, ((x, y), token) in enumerate(zip(pos, tokens)):
        ax.add_patch(Circle((x, y), node, facecolor=theme.query, edgecolor=theme.foreground, linewidth=1.0,
                            zorder=5))
        ax.text(x, y, token, ha="center", va="center", fontsize=theme.font_size * 0.9,
                color=ink_on(theme, theme.query), zorder=6)
        out = 1.0 + (node + 0.3) / radius
        ax.text(x * out, y * out, f"self {weights[k][k]:.2f}", ha="center", va="center",
                fontsize=theme.font_size * 0.9, color=theme.muted)
    ax.set_xlim(-radius - 1.1, radius + 1.1)
    ax.set_ylim(-radius - 0.9, radius + 0.9)
    return fig
