r"""Why divide by $\sqrt{d_k}$: the scores 112 and 96 before and after scaling.

A query and two keys of $d_k = 64$ dimensions give the dot products 112 and 96. Left: their softmax is
(0.99999988746, 1.1253516 × 10⁻⁷), so the second key is ignored and the gradient through the softmax almost
vanishes. Right: divided by $\sqrt{64} = 8$ the scores are 14 and 12 and the softmax is (0.880797, 0.119203):
the same ranking, but both keys still count.
"""

ALT = """Two bar charts side by side, one bar per key. Left, for the raw scores 112 and 96: a full bar of
0.99999988746 and an invisible one of 1.1253516 × 10⁻⁷, marked "all but ignored". Right, for the scaled scores
14 and 12: bars of 0.880797 and 0.119203, the second marked "still counts"."""

from attnlab.examples.foundations import softmax_112_96


def data():
    example = softmax_112_96()
    return {
        "d_k": example.d_k,
        "scores": example.scores.tolist(),  # (S,)
        "weights": example.weights.tolist(),  # (S,)
        "scaled_scores": example.scaled_scores.tolist(),  # (S,)
        "scaled_weights": example.scaled_weights.tolist(),  # (S,)
    }


def draw(data, theme):
    import math

    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    small = theme.small
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.5), sharey=True)
    root = math.sqrt(data["d_k"])
    weight_color = to_hex(theme.sequential_cmap(0.75))  # weights are magnitudes, no role
    panels = (
        (axes[0], data["scores"], data["weights"], ("{:.11f}", "{:.7e}"), "Raw scores  q·k",
         "all but ignored"),
        (axes[1], data["scaled_scores"], data["scaled_weights"], ("{:.6f}", "{:.6f}"),
         f"Scaled:  q·k / √{data['d_k']} = q·k / {root:g}", "still counts"),
    )
    for ax, scores, weights, formats, title, verdict in panels:
        ax.bar([0, 1], weights, color=weight_color, width=0.55)
        for x, (w, fmt) in enumerate(zip(weights, formats)):
            ax.text(x, w + 0.03, _pretty(fmt.format(w)), ha="center", va="bottom", fontsize=small)
        ax.annotate(verdict, xy=(1, weights[1] + 0.13), xytext=(1, 0.62), ha="center", va="center",
                    fontsize=small, fontweight="bold", color=theme.foreground,
                    arrowprops=dict(arrowstyle="-|>", color=theme.foreground, linewidth=1.4, shrinkA=8, shrinkB=2))
        ax.set_xticks([0, 1], [f"key {i + 1}\nscore {s:g}" for i, s in enumerate(scores)])
        ax.tick_params(axis="x", length=0, pad=6)
        ax.set_xlim(-0.6, 1.6)
        ax.set_title(title, fontsize=theme.font_size * 1.1)
        ax.spines["bottom"].set_color(theme.muted)
    axes[0].set_ylabel("softmax weight")
    axes[0].set_ylim(0, 1.15)
    axes[0].set_yticks([0, 0.5, 1], ["0", "0.5", "1"])
    axes[1].tick_params(axis="y", length=0)
    axes[1].spines["left"].set_visible(False)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.88, bottom=0.2, wspace=0.12)
    return fig


def _pretty(text):
    """'1.1253516e-07' -> '1.1253516 × 10⁻⁷'; other numbers unchanged."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} × 10" + str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
