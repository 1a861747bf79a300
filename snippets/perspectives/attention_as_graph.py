"""Self-attention as message passing on a fully connected graph whose edge weights are the attention weights.

Each token of "the cat sat on the mat" is a node, and every pair of nodes is joined (the faint lines): the
graph is complete. Every node sends its value to every node, along an edge that carries the attention weight
$a_{ij}$ of the receiving token i on the sending token j. Drawn bold are the edges into one receiver, "sat",
each as wide as its weight; they are row "sat" of the weight matrix on the right, and with its weight on itself
they sum to 1. What the layer learns is how much each edge carries, and that is recomputed for every input.
Read this way a Transformer is a graph neural network on a complete graph. Weights: the unmasked
(bidirectional) attention of the encoder-only example.
"""

ALT = """Left, six token nodes on a ring, joined by thin grey lines between every pair; five arrows point into the
node "sat", the two from the two "the" nodes thick and labelled 0.33, those from "cat", "on" and "mat" thin
(0.08, 0.08, 0.05), with "self 0.13" beside "sat". Right, a six-by-six blue heatmap of all the weights with
the "sat" row outlined; its numbers are the arrows' labels."""

from attnlab.examples.transformer import bidirectional_vs_causal

RECEIVER = 2  # the node whose incoming edges are drawn: "sat"


def data():
    example = bidirectional_vs_causal()
    return {
        "tokens": list(example.tokens),  # (L,)
        "weights": example.weights["bidirectional"].tolist(),  # (L, L) row i: receiver, column j: sender
        "receiver": RECEIVER,
    }


def draw(data, theme):
    import math

    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

    from attnlab.draw.heatmaps import attention_heatmap

    tokens, weights, i = data["tokens"], data["weights"], data["receiver"]
    L = len(tokens)
    fig = plt.figure(figsize=(8, 4.4))
    graph = fig.add_axes((0.0, 0.0, 0.52, 0.9))
    graph.set_axis_off()
    graph.set_aspect("equal")
    radius, node = 2.0, 0.4
    angles = [math.pi / 2 - 2 * math.pi * k / L for k in range(L)]
    pos = [(radius * math.cos(a), radius * math.sin(a)) for a in angles]

    # 1. the complete graph: every pair of tokens joined, faint
    for a in range(L):
        for b in range(a + 1, L):
            graph.plot(*zip(pos[a], pos[b]), color=theme.muted, linewidth=0.8, alpha=0.45, zorder=1)

    # 2. the edges into the receiver, as wide as their weights, each labelled with its weight
    for j in range(L):
        if j == i:
            continue
        w = weights[i][j]
        graph.add_patch(FancyArrowPatch(pos[j], pos[i], arrowstyle="-|>", mutation_scale=10 + 16 * w,
                                        linewidth=1.0 + 11.0 * w, color=theme.foreground, shrinkA=node * 72 * 0.75,
                                        shrinkB=node * 72 * 0.8, zorder=3))
        mid_x, mid_y = (pos[j][0] + pos[i][0]) / 2, (pos[j][1] + pos[i][1]) / 2
        graph.text(mid_x, mid_y, f"{w:.2f}", ha="center", va="center", fontsize=theme.small, zorder=4,
                   bbox=dict(boxstyle="round,pad=0.2", facecolor=theme.background, edgecolor="none"))

    # 3. the tokens as nodes; the receiver, the query, in the query's colour
    for k, ((x, y), token) in enumerate(zip(pos, tokens)):
        edge, width = (theme.query, 2.6) if k == i else (theme.input, 1.4)
        graph.add_patch(Circle((x, y), node, facecolor=theme.panel, edgecolor=edge, linewidth=width, zorder=5))
        graph.text(x, y, token, ha="center", va="center", fontsize=theme.font_size, zorder=6,
                   fontweight="bold" if k == i else "normal")
    out = 1.0 + (node + 0.55) / radius
    graph.text(pos[i][0] * out, pos[i][1] * out, f"self\n{weights[i][i]:.2f}", ha="center", va="center",
               fontsize=theme.small, linespacing=1.1)
    graph.set_xlim(-radius - 0.6, radius + 1.25)
    graph.set_ylim(-radius - 0.55, radius + 0.55)
    fig.text(0.02, 0.95, f"Edges into “{tokens[i]}”", fontsize=theme.font_size * 1.1, fontweight="bold",
             va="center")

    # 4. the same weights as a matrix: row i is what node i receives
    matrix = fig.add_axes((0.64, 0.04, 0.34, 0.74))
    attention_heatmap(matrix, weights, theme=theme, row_labels=tokens, col_labels=tokens)  # (L, L)
    matrix.add_patch(Rectangle((-0.5, i - 0.5), L, 1, fill=False, edgecolor=theme.foreground, linewidth=2.5,
                               zorder=5))
    matrix.xaxis.tick_top()
    matrix.set_xlabel("sender j", fontsize=theme.small, labelpad=6)
    matrix.xaxis.set_label_position("top")
    matrix.set_ylabel("receiver i", fontsize=theme.small)
    matrix.get_yticklabels()[i].set_fontweight("bold")
    fig.text(0.55, 0.95, "The same weights, $a_{ij}$", fontsize=theme.font_size * 1.1, fontweight="bold",
             va="center")
    return fig
