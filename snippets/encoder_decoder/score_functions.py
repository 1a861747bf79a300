r"""Four score functions on the same query and keys: dot, scaled dot, general (Luong) and additive (Bahdanau).

One query (4 numbers) is scored against five keys by each of attnlab's score functions; top row the scores,
bottom row the softmax weights, on shared axes. The plain dot product gives the widest spread of scores and so
the sharpest weights; dividing by $\sqrt{d_k}$ softens them; the general score puts a learnable matrix $B$
between query and key; the additive score runs every query-key pair through a small tanh layer ($U_q$, $U_k$,
$\mathbf{u}$). Their parameters are seeded, not trained, so only the shapes of the results compare, not which
function is better.
"""

from attnlab.examples.worked import score_functions

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
    small = theme.font_size * 0.9
    fig, axes = plt.subplots(2, len(names), figsize=(8, 4.1), sharex=True, sharey="row",
                             gridspec_kw={"hspace": 0.12, "wspace": 0.1})
    positions = range(len(data["key_labels"]))
    for col, (name, title) in enumerate(zip(names, data["titles"])):
        top, bottom = axes[0, col], axes[1, col]
        # 1. the raw scores, signed
        top.bar(positions, data["scores"][name], color=theme.muted, width=0.7)
        top.axhline(0.0, color=theme.foreground, linewidth=0.8)
        top.set_title(title, fontsize=small, pad=6)
        # 2. their softmax over the keys
        bottom.bar(positions, data["weights"][name], color=theme.output, width=0.7)
        best = max(positions, key=lambda s: data["weights"][name][s])
        bottom.text(best, data["weights"][name][best] + 0.03, f"{data['weights'][name][best]:.2f}", ha="center",
                    va="bottom", fontsize=small)
        bottom.set_xticks(list(positions), data["key_labels"])
        bottom.set_ylim(0.0, 1.12)
        for ax in (top, bottom):
            ax.tick_params(labelsize=small)
    axes[0, 0].set_ylabel("score")
    axes[1, 0].set_ylabel("weight")
    fig.subplots_adjust(left=0.08, right=0.975, top=0.91, bottom=0.08)
    return fig
