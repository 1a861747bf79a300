r"""The sinusoidal positional encoding table: one row per position, one column per feature.

Row p is the vector PE(p) added to the input at position p (here 64 positions, d = 64 features). Even
columns hold sines, odd columns cosines, interleaved in pairs; each pair turns at its own angular speed
$\omega_i = 1/10000^{2i/d}$. The first pairs (left) oscillate fast down the rows, the last (right) barely move,
so every position gets a distinct pattern. Purple is −1, orange +1. Values from attnlab's `sinusoidal_table`.
"""

from attnlab.positional import sinusoidal_table

MAX_LEN, D_MODEL = 64, 64


def data():
    return {"table": sinusoidal_table(MAX_LEN, D_MODEL).tolist()}  # (P, E)


def draw(data, theme):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.4), gridspec_kw=dict(left=0.09, right=0.97, top=0.97, bottom=0.13))
    image = ax.imshow(data["table"], cmap=theme.diverging_cmap, vmin=-1.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set_xlabel("feature (even: sin, odd: cos) → slower dials")
    ax.set_ylabel("position p")
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, ticks=[-1, 0, 1])
    bar.set_label("PE[p, feature]")
    bar.outline.set_visible(False)
    return fig
