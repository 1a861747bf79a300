r"""Positional encoding as dials: each (sin, cos) pair is a hand turning at its own speed.

For d = 8 the encoding has four pairs of features, and pair i is a dial whose hand points at angle
$p \cdot \omega_i$ (clockwise from 12 o'clock, so the hand's x is the sine and its y the cosine). Columns are
positions p = 0 … 7; rows the four angular speeds $\omega = 1$, 0.1, 0.01, 0.001. The fast dial turns about 57°
per step, the slowest barely moves: together they tell positions apart like the hands of a clock. Right: the
eight numbers of PE(1), pair by pair. Values from attnlab's `sinusoidal_table` and `angular_speeds`.
"""

ALT = """Four rows of eight clock faces, one column per position 0 to 7. In the top row the hand jumps round
the face from column to column; in the second it creeps from 12 o'clock towards 2; in the bottom two rows it
points straight up throughout. The column for position 1 is shaded and outlined, and its four hands are read
out on the right as (0.841, 0.540), (0.100, 0.995), (0.010, 1.000) and (0.001, 1.000)."""

from attnlab.positional import angular_speeds, sinusoidal_table

POSITIONS, D_MODEL = 8, 8


def data():
    return {
        "table": sinusoidal_table(POSITIONS, D_MODEL).tolist(),  # (P, E): pairs (sin, cos) interleaved
        "speeds": angular_speeds(D_MODEL).tolist(),  # (E/2,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

    from attnlab.draw.squares import blank_axes

    table, speeds = data["table"], data["speeds"]
    P, pairs = len(table), len(speeds)
    x0, x1, y0, y1 = -2.25, P + 2.55, -pairs + 0.4, 1.15  # data limits: ω labels, dials, PE(1) list
    fig = plt.figure(figsize=(8, 8 * (y1 - y0) / (x1 - x0)))
    ax = blank_axes(fig)
    small = theme.small
    radius = 0.4
    highlight = 1  # the position whose numbers are listed on the right
    # 1. the highlighted column and its read-out share one outlined band
    ax.add_patch(FancyBboxPatch((highlight - 0.48, y0 + 0.1), 0.96, y1 - y0 - 0.2,
                                boxstyle="round,pad=0,rounding_size=0.12", facecolor=theme.panel,
                                edgecolor=theme.foreground, linewidth=1.4))
    for p in range(P):
        ax.text(p, 0.72, str(p), ha="center", va="center", fontsize=small,
                fontweight="bold" if p == highlight else "normal")
    ax.text(-0.55, 0.72, "position p", ha="right", va="center", fontsize=small, color=theme.muted)
    # 2. one row of dials per angular speed
    for i, speed in enumerate(speeds):
        y = -i
        ax.text(-0.55, y, f"ω = {speed:g}", ha="right", va="center", fontsize=small)
        for p in range(P):
            sin, cos = table[p][2 * i], table[p][2 * i + 1]
            ax.add_patch(Circle((p, y), radius, facecolor=theme.background, edgecolor=theme.muted, linewidth=0.8))
            ax.plot([p, p], [y + radius * 0.8, y + radius], color=theme.muted, linewidth=0.8)  # 12 o'clock
            ax.add_patch(FancyArrowPatch((p, y), (p + radius * sin, y + radius * cos), arrowstyle="-|>",
                                         mutation_scale=8, color=theme.foreground,
                                         linewidth=2.2 if p == highlight else 1.5, shrinkA=0, shrinkB=0))
        # 3. the read-out of PE(1) for this pair
        sin, cos = table[highlight][2 * i], table[highlight][2 * i + 1]
        ax.text(P - 0.3, y, f"({sin:.3f}, {cos:.3f})", ha="left", va="center", fontsize=small)
    ax.text(P - 0.3, 0.72, f"PE({highlight}): sin, cos", ha="left", va="center", fontsize=small,
            fontweight="bold")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return fig
