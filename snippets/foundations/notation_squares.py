r"""Scalars, vectors and matrices as coloured squares.

A scalar is one square, a vector a row of squares, a matrix a grid. The colour names the role (here a query
vector $\mathbf{q}$ and a matrix $K$ of three keys, one per row); the vibrancy of a square is the magnitude of
its number, from a faint tint near zero to the full colour for the largest magnitude. The scalar is the weight
$a_1$ the first key receives: a weight has no role, so it is drawn, like every weight on this site, in blue,
deeper for larger. Each square shows its number, sign included. The numbers are those of the worked example of
the soft-dictionary page.
"""

ALT = """Three labelled groups in a row: one blue square reading 0.56, two purple squares reading 0.55 and 0.95,
and a yellow grid of three rows and two columns reading 0.65, 0.20 / 0.85, -0.40 / -0.95, -0.75. Underneath, a
strip of seven yellow squares runs from a faint tint at 0 to full yellow at 0.95."""

from attnlab.examples.foundations import query_over_three_keys


def data():
    example = query_over_three_keys()
    return {
        "w1": example.weights[0].item(),  # a_1
        "q": example.query.tolist(),  # (E,)
        "K": example.keys.tolist(),  # (S, E)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    fig = plt.figure(figsize=(8, 3.5))
    ax = blank_axes(fig)
    heading, small = theme.font_size * 1.1, theme.small
    vmax = max(abs(v) for row in data["K"] for v in row)  # one scale for every role: vibrancy is comparable

    # 1. the scalar weight: no role, so the weights' blue map
    draw_heat(ax, [[data["w1"]]], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=0.2, y=3.0)
    ax.text(0.7, 3.35, "Scalar  $a_1$", ha="center", va="bottom", fontsize=heading)
    ax.text(0.7, 1.85, "a weight:\nno role", ha="center", va="top", color=theme.muted, fontsize=small)

    # 2. a vector and a matrix in their roles' colours
    groups = [(r"Vector  $\mathbf{q} \in \mathbb{R}^{2}$", [data["q"]], theme.query, 2.7),
              (r"Matrix  $K \in \mathbb{R}^{3 \times 2}$", data["K"], theme.key, 6.6)]
    for label, values, color, left in groups:
        width, _ = draw_squares(ax, values, color=color, theme=theme, x=left, y=3.0, vmax=vmax, annotate=True)
        ax.text(left + width / 2, 3.35, label, ha="center", va="bottom", fontsize=heading)

    # 3. how vibrancy reads: one role colour from zero to the largest magnitude
    ax.text(2.7, -0.5, "vibrancy = magnitude, one scale for q and K", color=theme.muted, fontsize=small,
            va="center")
    for i in range(7):
        draw_squares(ax, [[i / 6 * vmax]], color=theme.key, theme=theme, x=2.7 + i * 0.5, y=-0.8, size=0.5,
                     vmax=vmax)
    ax.text(2.95, -1.45, "0", ha="center", va="top", color=theme.muted, fontsize=small)
    ax.text(5.95, -1.45, f"{vmax:.2f}", ha="center", va="top", color=theme.muted, fontsize=small)
    ax.set_xlim(-0.3, 9.2)
    ax.set_ylim(-1.95, 4.15)
    return fig
