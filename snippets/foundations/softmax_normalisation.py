"""Softmax in two moves: exponentiate, then divide by the total.

Three scores $e_j$, the dot products of one vector with three others (left), can be negative and do not sum to
anything in particular.
Exponentiating makes every one positive while keeping their order (middle); dividing by the total makes them
sum to 1, the weights $a_j$ (right). The larger a score, the larger its share: differences between scores
become ratios between weights.
"""

ALT = """Three bar charts in a row joined by arrows. Left, bars for the scores +0.5475 and +0.0875 in blue and
-1.2350 in grey, pointing down. Middle, light blue bars for their exponentials 1.7289, 1.0914 and 0.2908
(total 3.1112). Right, deeper blue bars for the weights 0.5557, 0.3508 and 0.0935 (total 1.0000)."""

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.foundations import query_over_three_keys


def data():
    example = query_over_three_keys()
    _, weights = scaled_dot_product_attention(example.query[None], example.keys, example.values, scale=1.0)  # (1, S)
    exps = example.scores.exp()  # (S,)
    return {
        "labels": [f"j = {j + 1}" for j in range(len(example.key_labels))],
        "scores": example.scores.tolist(),  # (S,)
        "exps": exps.tolist(),  # (S,)
        "total": exps.sum().item(),
        "weights": weights[0].tolist(),  # (S,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    small = theme.small
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.3))
    signed = [to_hex(theme.diverging_cmap(0.85 if s >= 0 else 0.15)) for s in data["scores"]]  # blue +, grey -
    panels = (  # scores are signed numbers, coloured by sign; exps and weights are magnitudes, weights the darker
        ("Scores  $e_j$", data["scores"], signed, "{:+.4f}"),
        ("exp($e_j$)", data["exps"], to_hex(theme.sequential_cmap(0.45)), "{:.4f}"),
        ("÷ Σ:  weights  $a_j$", data["weights"], to_hex(theme.sequential_cmap(0.75)), "{:.4f}"),
    )
    positions = list(range(len(data["labels"])))
    for ax, (title, values, color, fmt) in zip(axes, panels):
        ax.bar(positions, values, color=color, width=0.62)
        ax.axhline(0, color=theme.muted, linewidth=0.8)
        low, high = min(0.0, min(values)), max(values)
        pad = 0.04 * (high - low)
        for x, v in zip(positions, values):
            ax.text(x, v + (pad if v >= 0 else -pad), fmt.format(v).replace("-", "−"), ha="center",
                    va="bottom" if v >= 0 else "top", fontsize=small)
        ax.set_xticks(positions, data["labels"])
        ax.tick_params(axis="x", length=0, pad=6)
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlim(-0.6, len(positions) - 0.4)
        ax.set_title(title, fontsize=theme.font_size * 1.1, loc="center")
        ax.set_ylim(low - 0.3 * (high - low) if low < 0 else 0, high + 0.42 * (high - low))
    for ax, total, weight in ((axes[1], data["total"], "normal"), (axes[2], sum(data["weights"]), "bold")):
        ax.text(0.98, 0.97, f"Σ = {total:.4f}", transform=ax.transAxes, ha="right", va="top", fontsize=small,
                fontweight=weight)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.87, bottom=0.11, wspace=0.22)
    for i in (1, 2):  # the two moves between the panels
        x = (axes[i - 1].get_position().x1 + axes[i].get_position().x0) / 2
        fig.text(x, 0.5, "→", ha="center", va="center", fontsize=theme.font_size * 1.6, color=theme.muted)
    return fig
