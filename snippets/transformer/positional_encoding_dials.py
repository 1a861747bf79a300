r"""Positional encoding as dials: each (sin, cos) pair is a hand turning at its own speed.

For d = 8 the encoding has four pairs of features, and pair i is a dial whose hand points at angle
$p \cdot \omega_i$ (clockwise from 12 o'clock, so the hand's x is the sine and its y the cosine). Columns are
positions p = 0 … 7; rows the four angular speeds $\omega = 1$, 0.1, 0.01, 0.001. The fast dial turns about 57°
per step, the slowest barely moves: together they tell positions apart like the hands of a clock. Right: the
eight numbers of PE(1), pair by pair. Values from attnlab's `sinusoidal_table` and `angular_speeds`.
"""

from attnlab.positional import angular_speeds, sinusoidal_table

POSITIONS, D_MODEL = 8, 8


def data():
    return {
        "table": sinusoidal_table(POSITIONS, D_MODEL).tolist(),  # (P, E): pairs (sin, cos) interleaved
        "speeds": angular_speeds(D_MODEL).tolist(),  # (E/2,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes

    table, speeds = data["table"], data["speeds"]
    P, pairs = len(table), len(speeds)
    fig = plt.figure(figsize=(8, 2.9))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    radius = 0.4
    highlight = 1  # the position whose numbers are listed on the right
    ax.add_patch(Rectangle((highlight - 0.5, -pairs + 0.45), 1.0, pairs + 0.55, facecolor=theme.panel,
                           edgecolor="none"))
    for p in range(P):
        ax.text(p, 0.72, f"p = {p}", ha="center", va="center", fontsize=small)
    for i, speed in enumerate(speeds):
        y = -i
        ax.text(-0.65, y, f"ω = {speed:g}", ha="right", va="center", fontsize=small)
        for p in range(P):
            sin, cos = table[p][2 * i], table[p][2 * i + 1]
            ax.add_patch(Circle((p, y), radius, facecolor=theme.background, edgecolor=theme.muted, linewidth=0.8))
            ax.plot([p, p], [y + radius * 0.8, y + radius], color=theme.muted, linewidth=0.8)  # 12 o'clock
            ax.add_patch(FancyArrowPatch((p, y), (p + radius * sin, y + radius * cos), arrowstyle="-|>",
                                         mutation_scale=7, color=theme.foreground, linewidth=1.6, shrinkA=0,
                                         shrinkB=0))
        sin, cos = table[highlight][2 * i], table[highlight][2 * i + 1]
        ax.text(P + 0.05, y, f"PE(1)[{2 * i}, {2 * i + 1}] = ({sin:.4f}, {cos:.4f})", ha="left", va="center",
                fontsize=small)
    ax.text(P + 0.05, 0.72, "sin, cos", ha="left", va="center", fontsize=small, color=theme.muted)
    ax.set_xlim(-2.0, P + 4.1)
    ax.set_ylim(-pairs + 0.45, 1.0)
    return fig
