"""Softmax weights look like probabilities, but their confidence is set by the scale of the scores.

The same two scores, 4 and 1, multiplied by four factors before the softmax. The ranking never changes, yet
the weights go from a mild preference (factor 0.25) to 0.9526 against 0.0474 (factor 1) to a hard choice
(factor 100: the second weight is 5.1 × 10⁻¹³¹). Nothing in the scores says which of these is the right
confidence: softmax weights are a distribution, not a calibrated one.
"""

ALT = """Four small bar charts in a row, two bars each, for the scores (4, 1) multiplied by 0.25, 1, 4 and 100.
The first bar grows from 0.6792 to 0.9526 to about 1 while the second shrinks from 0.3208 to 0.0474 to
6.1 × 10⁻⁶ and 5.1 × 10⁻¹³¹, too small to see."""

from attnlab.examples.foundations import softmax_temperature

FACTORS = (0.25, 1.0, 4.0, 100.0)


def data():
    example = softmax_temperature(FACTORS)
    return {
        "scores": example.scores.tolist(),  # (S,)
        "factors": example.factors.tolist(),  # (F,)
        "scaled": example.scaled.tolist(),  # (F, S)
        "weights": example.weights.tolist(),  # (F, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    small = theme.small
    fig, axes = plt.subplots(1, len(data["factors"]), figsize=(8, 3.1), sharey=True)
    weight_color = to_hex(theme.sequential_cmap(0.75))  # weights are magnitudes, no role
    for ax, factor, scaled, weights in zip(axes, data["factors"], data["scaled"], data["weights"]):
        ax.bar([0, 1], weights, color=weight_color, width=0.6)
        for x, w in enumerate(weights):
            tiny = w < 1e-4  # a long number: it starts just right of the first bar, clear of it
            ax.text(0.42 if tiny else x, w + 0.03, _number(w), ha="left" if tiny else "center", va="bottom",
                    fontsize=small)
        ax.set_xticks([0, 1], [f"{s:g}" for s in scaled])
        ax.tick_params(axis="x", length=0, pad=5)
        ax.set_xlim(-0.55, 2.0)
        ax.set_title(f"Scores × {factor:g}", fontsize=theme.font_size * 1.1, loc="center")
        if ax is not axes[0]:
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", length=0)
    axes[0].set_ylabel("softmax weight")
    axes[0].set_ylim(0, 1.15)
    axes[0].set_yticks([0, 0.5, 1], ["0", "0.5", "1"])
    fig.supxlabel("scaled scores", fontsize=theme.font_size, color=theme.foreground)
    fig.subplots_adjust(left=0.1, right=0.995, top=0.88, bottom=0.22, wspace=0.12)
    return fig


def _number(w):
    """A weight as text: four decimals, "≈ 1" when it rounds to 1, or m × 10⁻ᵉ when it is tiny."""
    if w < 1e-4:
        mantissa, exponent = f"{w:.1e}".split("e")
        return f"{mantissa} × 10" + f"{int(exponent)}".translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return "≈ 1" if w > 0.99995 else f"{w:.4f}"
