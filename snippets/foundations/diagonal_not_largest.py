r"""Does each input attend most to itself? Equal norms guarantee it; a longer input can break it.

Top: two inputs of length 1 at different angles. Every score $\mathbf{x}_i \cdot \mathbf{x}_j$ is at most
$\lVert \mathbf{x}_i \rVert \lVert \mathbf{x}_j \rVert = \lVert \mathbf{x}_i \rVert^2$, so the diagonal of $X X^\top$,
and of $A = \mathrm{softmax}(X X^\top)$, is the largest entry of its row. Bottom: $\mathbf{x}_1 = (1, 0)$ and
$\mathbf{x}_2 = (3, 0)$ point the same way but $\mathbf{x}_2$ is three times longer, so $\mathbf{x}_1 \cdot \mathbf{x}_2
= 3$ beats $\mathbf{x}_1 \cdot \mathbf{x}_1 = 1$ and $\mathbf{x}_1$ gives 0.8808 of its attention to $\mathbf{x}_2$,
only 0.1192 to itself. The framed cell is the largest of each row of $A$.
"""

ALT = """Two rows. Each starts with the two inputs drawn as arrows from the origin, then the matrices X, X Xᵀ and
A side by side with one cell of every row of A outlined and a verdict beside it. In the first row the arrows
have length 1 and both outlined weights are 0.5987 on the diagonal; in the second the arrow x2 of length 3
covers x1, and x1's outlined weight is 0.8808 in x2's column, marked with a cross."""

from attnlab.examples.foundations import diagonal_counterexample, equal_norm_pair


def data():
    cases = []
    for name, example in (("Equal norms", equal_norm_pair()), ("Unequal norms", diagonal_counterexample())):
        cases.append({
            "name": name,
            "labels": list(example.labels),
            "X": example.X.tolist(),  # (L, E)
            "norms": example.X.norm(dim=-1).tolist(),  # (L,)
            "scores": example.scores.tolist(),  # (L, L)
            "A": example.W.tolist(),  # (L, L) the weights A
            "row_max": example.W.argmax(dim=-1).tolist(),  # (L,) the key each input attends to most
        })
    return {"cases": cases}


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import draw_heat, draw_squares, label_rows

    small = theme.small
    fig = plt.figure(figsize=(8, 4.6))
    limit = max(abs(v) for case in data["cases"] for row in case["X"] for v in row) + 0.4
    for i, case in enumerate(data["cases"]):
        bottom = 0.52 - i * 0.5  # figure fraction of this case's row
        # 1. the inputs as arrows in the plane, slate; where they overlap, the shorter one on top, thin and dark
        arrows = fig.add_axes((0.055, bottom + 0.06, 0.25, 0.3))
        arrows.set_aspect("equal")
        arrows.set_xlim(-0.2, limit)
        arrows.set_ylim(-0.2, 1.2)
        arrows.plot([-0.2, limit], [0, 0], color=theme.muted, linewidth=0.6)
        arrows.plot([0, 0], [0, 1.2], color=theme.muted, linewidth=0.6)  # from the origin up: clear of labels below
        arrows.spines[:].set_visible(False)
        arrows.set_xticks([])
        arrows.set_yticks([])
        order = sorted(range(len(case["X"])), key=lambda j: -case["norms"][j])
        overlap = len(order) > 1 and all(case["X"][k][1] == 0 for k in order)  # all on the x axis
        for rank, j in enumerate(order):
            (x, y), label, norm = case["X"][j], case["labels"][j], case["norms"][j]
            on_top = overlap and rank == len(order) - 1
            arrows.annotate("", (x, y), (0, 0), arrowprops=dict(
                arrowstyle="-|>", color=theme.foreground if on_top else theme.input, linewidth=2.0 if on_top else 5.0,
                mutation_scale=16 if on_top else 24, shrinkA=0, shrinkB=0), zorder=4 if on_top else 3)
            if overlap:  # both on the x axis: the short one labelled below, the long one above
                place = dict(xy=(0, -0.1), ha="left", va="top") if on_top else \
                    dict(xy=(x - 0.1, 0.14), ha="right", va="bottom")
            else:
                place = dict(xy=(x + 0.12, y + (0.02 if y else 0.12)), ha="left", va="bottom" if y == 0 else "center")
            xy = place.pop("xy")
            arrows.text(*xy, f"{label}  ‖{label}‖ = {norm:g}", fontsize=small, **place)
        fig.text(0.015, bottom + 0.44, case["name"], fontsize=theme.font_size * 1.1, fontweight="bold", va="top")

        # 2. X, its scores and its weights
        canvas = fig.add_axes((0.35, bottom, 0.64, 0.44))
        canvas.set_axis_off()
        canvas.set_aspect("equal")
        size, wide = 0.9, 1.5  # wide: the weights' squares, room for four decimals
        draw_squares(canvas, case["X"], color=theme.input, theme=theme, x=0, y=2.0, size=size, vmax=limit,
                     annotate=True, fmt="{:g}")
        canvas.text(size, 2.15, "$X$", ha="center", va="bottom")
        scale = max(abs(v) for row in case["scores"] for v in row)
        draw_heat(canvas, case["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=2.4,
                  y=2.0, size=size, fmt="{:g}")
        canvas.text(2.4 + size, 2.15, r"$X X^{\top}$", ha="center", va="bottom")
        draw_heat(canvas, case["A"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=4.8, y=2.0,
                  size=wide, fmt="{:.4f}")
        canvas.text(4.8 + wide, 2.15, "$A$", ha="center", va="bottom")
        canvas.text(8.0, 2.15, "row's largest", ha="left", va="bottom", color=theme.muted, fontsize=small)
        label_rows(canvas, case["labels"], x=0, y=2.0, theme=theme, size=size)
        for r, c in enumerate(case["row_max"]):
            canvas.add_patch(Rectangle((4.8 + wide * c, 2.0 - wide * (r + 1)), wide, wide, fill=False,
                                       edgecolor=theme.foreground, linewidth=3, zorder=5))
            verdict = "itself ✓" if c == r else f"{case['labels'][c]} ✗"
            canvas.text(8.0, 2.0 - wide * (r + 0.5), verdict, va="center", fontsize=theme.font_size,
                        fontweight="bold" if c != r else "normal")
        canvas.set_xlim(-0.7, 10.9)
        canvas.set_ylim(-1.1, 2.7)
    return fig
