"""Global attention weighs every source position; local attention only a window around an aligned position.

One decoder query over nine encoder states, scored by the scaled dot product. Top: global attention, a softmax
over all nine positions. Bottom: local attention, the same scores but only the positions p − D … p + D (shaded)
may be attended to; the others are masked to −∞ and get weight exactly 0, and the window's weights grow to sum
to 1 on their own. Here the window is centred on p = 5 with D = 2 (Luong's local-m takes p = t, the decoder's
own step). Numbers from attnlab's attention with a boolean window mask.
"""

ALT = """Two bar charts over source positions 0 to 8, each position's score printed under it. Top, global: all nine
bars between 0.05 and 0.16. Bottom, local: positions 3 to 7 shaded, with bars 0.30, 0.18, 0.25, 0.12 and 0.14,
and the word "masked" at positions 0, 1, 2 and 8, which have no bar."""

from attnlab.examples.encoder_decoder import local_attention


def data():
    example = local_attention()
    return {
        "scores": example.scores.tolist(),  # (S,)
        "window": example.window.tolist(),  # (S,) True = may attend
        "position": example.position,
        "half_width": example.half_width,
        "global_weights": example.global_weights.tolist(),  # (S,)
        "local_weights": example.local_weights.tolist(),  # (S,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import number_text

    small = theme.small
    S = len(data["scores"])
    fig, axes = plt.subplots(2, 1, figsize=(8, 4.1), sharex=True, gridspec_kw={"hspace": 0.45})
    rows = ((axes[0], data["global_weights"], "Global: every position"),
            (axes[1], data["local_weights"], f"Local: window p ± D, p = {data['position']}, D = {data['half_width']}"))
    inside = [s for s in range(S) if data["window"][s]]
    for ax, weights, title in rows:
        if ax is axes[1]:
            ax.axvspan(inside[0] - 0.5, inside[-1] + 0.5, color=theme.panel, zorder=0)
            for s in range(S):
                if not data["window"][s]:
                    ax.text(s, 0.02, "masked", ha="center", va="bottom", fontsize=small, color=theme.muted)
        ax.bar(range(S), weights, color=theme.sequential_cmap(0.75), width=0.65, zorder=2)
        for s, w in enumerate(weights):
            if w > 0:
                ax.text(s, w + 0.015, f"{w:.2f}", ha="center", va="bottom", fontsize=small)
        ax.set_ylim(0.0, 0.42)
        ax.set_ylabel("weight")
        ax.set_title(title, loc="left")
        ax.set_yticks([0.0, 0.2, 0.4])
        ax.tick_params(labelsize=small, length=0)
    axes[1].set_xticks(range(S), [f"{s}\n" + number_text("{:+.2f}", score) for s, score in enumerate(data["scores"])])
    axes[1].set_xlabel("source position s, and its score q·kₛ/√d", fontsize=small)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.92, bottom=0.19)
    return fig
