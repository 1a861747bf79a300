r"""Four score functions on the same query and keys: dot, scaled dot, general (Luong) and additive (Bahdanau).

One query (4 numbers) is scored against five keys by each of attnlab's score functions; top row the scores,
bottom row the softmax weights, on shared axes. The plain dot product gives the widest spread of scores and so
the sharpest weights; dividing by $\sqrt{d_k}$ softens them; the general score puts a learnable matrix $B$
between query and key; the additive score runs every query-key pair through a small tanh layer ($U_q$, $U_k$,
$\mathbf{u}$). Their parameters are seeded, not trained, so only the shapes of the results compare, not which
function is better. Scores are blue above zero and grey below.
"""

ALT = """Four columns of bar charts for the keys k1 to k5, scores on top and weights below. All four score k4
highest; its weight is 0.99 for the plain dot product, 0.83 scaled, 0.72 general and 0.34 additive, where the
five weights are nearly level and the scores all lie close to zero."""

from attnlab.examples.encoder_decoder import score_functions

FORMULAS = {  # how each of attnlab's score names is written
    "dot": r"dot: $\mathbf{q}^\top\mathbf{k}$",
    "scaled_dot": r"scaled dot: $\mathbf{q}^\top\mathbf{k}/\sqrt{d_k}$",
    "general": r"general: $\mathbf{q}^\top B\mathbf{k}$",
    "additive": r"additive: $\mathbf{u}^\top\tanh(U_q\mathbf{q}+U_k\mathbf{k})$",
}


def data():
    example = score_functions()
    return {
        "names": list(example.names),
        "titles": [FORMULAS[name] for name in example.names],
        "key_labels": list(example.key_labels),  # (S,)
        "query": example.query.tolist(),  # (E,)
        "keys": example.keys.tolist(),  # (S, E)
        "scores": {name: example.scores[name].tolist() for name in example.names},  # name -> (S,)
        "weights": {name: example.weights[name].tolist() for name in example.names},  # name -> (S,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    names = data["names"]
    small = theme.small
    fig, axes = plt.subplots(2, len(names), figsize=(8, 4.4), sharex=True, sharey="row",
                             gridspec_kw={"hspace": 0.14, "wspace": 0.12})
    positions = range(len(data["key_labels"]))
    positive, negative = theme.diverging_cmap(0.85), theme.diverging_cmap(0.15)  # signed scores
    weight_color = theme.sequential_cmap(0.75)  # weights, >= 0
    for col, (name, title) in enumerate(zip(names, data["titles"])):
        top, bottom = axes[0, col], axes[1, col]
        # 1. the raw scores, signed: blue above zero, grey below
        scores = data["scores"][name]
        top.bar(positions, scores, color=[positive if v >= 0 else negative for v in scores], width=0.7)
        top.axhline(0.0, color=theme.foreground, linewidth=0.8)
        label, formula = title.split(": ", 1)
        top.text(0.0, 1.2, label[:1].upper() + label[1:], transform=top.transAxes, fontsize=theme.font_size * 1.1,
                 fontweight="bold", va="bottom")  # a panel heading, sentence case
        top.text(0.0, 1.04, formula, transform=top.transAxes, fontsize=small, va="bottom")
        # 2. their softmax over the keys, the largest weight written out
        bottom.bar(positions, data["weights"][name], color=weight_color, width=0.7)
        best = max(positions, key=lambda s: data["weights"][name][s])
        bottom.text(best, data["weights"][name][best] + 0.03, f"{data['weights'][name][best]:.2f}", ha="center",
                    va="bottom", fontsize=small, fontweight="bold")
        bottom.set_xticks(list(positions), data["key_labels"])
        bottom.set_ylim(0.0, 1.12)
        for ax in (top, bottom):
            ax.tick_params(labelsize=small, length=0)
            ax.spines["bottom"].set_visible(ax is bottom)
            ax.spines["left"].set_visible(col == 0)
    axes[0, 0].set_ylabel("score")
    axes[1, 0].set_ylabel("weight")
    axes[1, 0].set_yticks([0.0, 0.5, 1.0])
    fig.subplots_adjust(left=0.1, right=0.99, top=0.85, bottom=0.08)
    return fig
