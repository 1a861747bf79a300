"""Softmax in two moves: exponentiate, then divide by the total.

Three scores $e_j$, the dot products of one vector with three others (left), can be negative and do not sum to
anything in particular.
Exponentiating makes every one positive while keeping their order (middle); dividing by the total makes them
sum to 1, the weights $a_j$ (right). The larger a score, the larger its share: differences between scores
become ratios between weights.
"""

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.worked import query_over_three_keys


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

    small = theme.font_size * 0.9
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.1))
    panels = (
        ("scores  eⱼ", data["scores"], theme.muted, "{:+.4f}"),
        ("→ exp(eⱼ)", data["exps"], theme.key, "{:.4f}"),
        ("→ divide by Σ: weights aⱼ", data["weights"], theme.output, "{:.4f}"),
    )
    positions = list(range(len(data["labels"])))
    for ax, (title, values, color, fmt) in zip(axes, panels):
        ax.bar(positions, values, color=color, width=0.6)
        ax.axhline(0, color=theme.muted, linewidth=0.8)
        pad = 0.03 * (max(values) - min(0.0, min(values)))
        for x, v in zip(positions, values):
            ax.text(x, v + (pad if v >= 0 else -pad), fmt.format(v), ha="center", va="bottom" if v >= 0 else "top",
                    fontsize=small)
        ax.set_xticks(positions)
        ax.set_xlim(-0.7, len(positions) - 0.3)
        ax.set_xticklabels(data["labels"])
        ax.set_title(title, fontsize=theme.font_size)
        low, high = min(0.0, min(values)), max(values)
        ax.set_ylim(low - 0.25 * (high - low) if low < 0 else 0, high + 0.2 * (high - low))
    axes[1].text(0.97, 0.93, f"Σ = {data['total']:.4f}", transform=axes[1].transAxes, ha="right", va="top",
                 fontsize=small, color=theme.foreground)
    axes[2].text(0.97, 0.93, f"Σ = {sum(data['weights']):.4f}", transform=axes[2].transAxes, ha="right", va="top",
                 fontsize=small, color=theme.foreground)
    fig.subplots_adjust(left=0.06, right=0.99, top=0.88, bottom=0.1, wspace=0.35)
    return fig
