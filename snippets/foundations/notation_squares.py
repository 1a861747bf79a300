r"""Scalars, vectors and matrices as coloured squares.

A scalar is one square, a vector a row of squares, a matrix a grid. The colour names the role (here a query
vector $\mathbf{q}$, a matrix $K$ of three keys, one per row, and the scalar weight $a_1$ the first key
receives); the vibrancy of a square is the magnitude of its number, from a faint tint near zero to the full
colour for the largest magnitude. A minus sign marks negative entries. The numbers are those of the worked
example of the soft-dictionary page.
"""

from attnlab.examples.worked import query_over_three_keys


def data():
    example = query_over_three_keys()
    return {
        "w1": example.weights[0].item(),  # a_1
        "q": example.query.tolist(),  # (E,)
        "K": example.keys.tolist(),  # (S, E)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 3.2))
    ax = blank_axes(fig)
    vmax = max(abs(v) for row in data["K"] for v in row)  # one scale for every object: vibrancy is comparable
    groups = [
        ("scalar  $a_1$", [[data["w1"]]], theme.output, 0.0),
        (r"vector  $\mathbf{q} \in \mathbb{R}^{2}$", [data["q"]], theme.query, 2.6),
        (r"matrix  $K \in \mathbb{R}^{3 \times 2}$", data["K"], theme.key, 6.6),
    ]
    for label, values, color, left in groups:
        width, height = draw_squares(ax, values, color=color, theme=theme, x=left, y=3.0, vmax=vmax, annotate=True)
        ax.text(left + width / 2, 3.35, label, ha="center", va="bottom", fontsize=theme.font_size * 1.1)
    ax.text(0.0, -0.55, "vibrancy = magnitude (the same scale for all three)", color=theme.muted,
            fontsize=theme.font_size * 0.9, va="center")
    for i, strength in enumerate(x / 6 for x in range(7)):
        draw_squares(ax, [[strength * vmax]], color=theme.key, theme=theme,
                     x=i * 0.5, y=-0.9, size=0.5, vmax=vmax)
    ax.text(0.0, -1.65, "0", ha="center", color=theme.muted, fontsize=theme.font_size * 0.9)
    ax.text(3.5, -1.65, f"{vmax:.2f}", ha="center", color=theme.muted, fontsize=theme.font_size * 0.9)
    ax.set_xlim(-0.3, 9.2)
    ax.set_ylim(-1.9, 4.1)
    return fig
