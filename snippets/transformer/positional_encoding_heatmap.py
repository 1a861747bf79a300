r"""The sinusoidal positional encoding table: one row per position, one column per feature.

Row p is the vector PE(p) added to the input at position p (here 64 positions, d = 64 features). Even
columns hold sines, odd columns cosines, interleaved in pairs; each pair turns at its own angular speed
$\omega_i = 1/10000^{2i/d}$. The first pairs (left) oscillate fast down the rows, the last (right) barely move,
so every position gets a distinct pattern. Blue is +1, grey −1, and 0 is the shade of the page.
Values from attnlab's `sinusoidal_table`.
"""

ALT = """A 64 by 64 grid of cells, positions 0 to 63 from top to bottom, features 0 to 63 from left to right.
The left third is a fine checkerboard of blue and grey that changes from row to row; towards the right it turns
into plain vertical stripes, alternating columns near 0 and near +1 that stay the same all the way down. A thin
colour bar on the right reads −1, 0, +1."""

from attnlab.positional import sinusoidal_table

MAX_LEN, D_MODEL = 64, 64


def data():
    return {"table": sinusoidal_table(MAX_LEN, D_MODEL).tolist()}  # (P, E)


def draw(data, theme):
    import matplotlib.pyplot as plt

    small = theme.small
    table = data["table"]  # (P, E)
    P, E = len(table), len(table[0])
    fig, ax = plt.subplots(figsize=(8, 4.6), gridspec_kw=dict(left=0.085, right=0.86, top=0.9, bottom=0.12))
    image = ax.imshow(table, cmap=theme.diverging_cmap, vmin=-1.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks([0, 16, 32, 48, E - 1])
    ax.set_yticks([0, 16, 32, 48, P - 1])
    ax.tick_params(length=0, pad=4)
    ax.set_xlabel("feature (even: sin, odd: cos)", labelpad=6)
    ax.set_ylabel("position p", labelpad=4)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # 1. lead the eye: fast dials on the left, slow ones on the right
    ax.annotate("", xy=(E - 6.5, -2.6), xytext=(5.5, -2.6), annotation_clip=False,
                arrowprops=dict(arrowstyle="-|>", color=theme.foreground, linewidth=1.2, shrinkA=0, shrinkB=0))
    ax.text(-0.5, -2.6, "fast", ha="left", va="center", fontsize=small, fontweight="bold")
    ax.text(E - 0.5, -2.6, "slow", ha="right", va="center", fontsize=small, fontweight="bold")
    # 2. a thin colour bar with three ticks
    bar_ax = fig.add_axes((0.885, 0.12, 0.018, 0.78))
    bar = fig.colorbar(image, cax=bar_ax, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["−1", "0", "+1"])
    bar.ax.tick_params(length=0, pad=4)
    bar.outline.set_visible(False)
    bar.set_label("PE value", labelpad=2)
    return fig
