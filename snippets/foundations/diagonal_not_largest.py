r"""Does each input attend most to itself? Equal norms guarantee it; a longer input can break it.

Top: two inputs of length 1 at different angles. Every score $\mathbf{x}_i \cdot \mathbf{x}_j$ is at most
$\lVert \mathbf{x}_i \rVert \lVert \mathbf{x}_j \rVert = \lVert \mathbf{x}_i \rVert^2$, so the diagonal of $X X^\top$, and of
$A = \mathrm{softmax}(X X^\top)$, is the largest entry of its row. Bottom: $\mathbf{x}_1 = (1, 0)$ and $\mathbf{x}_2 = (3, 0)$
point the same way but $\mathbf{x}_2$ is three times longer, so $\mathbf{x}_1 \cdot \mathbf{x}_2 = 3$ beats $\mathbf{x}_1 \cdot \mathbf{x}_1 = 1$ and $\mathbf{x}_1$
gives 0.8808 of its attention to $\mathbf{x}_2$, only 0.1192 to itself. The framed cell is the largest of each row of $A$.
"""

from attnlab.examples.foundations import equal_norm_pair
from attnlab.examples.worked import diagonal_counterexample


def data():
    cases = []
    for name, example in (("equal norms", equal_norm_pair()), ("unequal norms", diagonal_counterexample())):
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

    small = theme.font_size * 0.9
    fig = plt.figure(figsize=(8, 4.0))
    limit = max(abs(v) for case in data["cases"] for row in case["X"] for v in row) + 0.4
    colors = (theme.query, theme.key)
    for i, case in enumerate(data["cases"]):
        bottom = 0.52 - i * 0.5  # figure fraction of this case's row
        # 1. the inputs as arrows in the plane (the longer one drawn first, so both stay visible)
        arrows = fig.add_axes((0.04, bottom + 0.04, 0.26, 0.36))
        arrows.set_aspect("equal")
        arrows.set_xlim(-0.3, limit)
        arrows.set_ylim(-0.5, 1.3)
        arrows.axhline(0, color=theme.muted, linewidth=0.6)
        arrows.axvline(0, color=theme.muted, linewidth=0.6)
        arrows.set_xticks(range(int(limit) + 1))
        arrows.set_yticks([0, 1])
        order = sorted(range(len(case["X"])), key=lambda j: -case["norms"][j])
        for j in order:
            (x, y), label, norm = case["X"][j], case["labels"][j], case["norms"][j]
            arrows.annotate("", (x, y), (0, 0), arrowprops=dict(arrowstyle="-|>", color=colors[j],
                                                                 linewidth=2.6 if j == order[-1] else 2.0,
                                                                 shrinkA=0, shrinkB=0))
            hidden = j == order[-1] and len(order) > 1 and case["X"][order[0]][1] == y == 0  # under the long one
            if hidden:
                place = dict(xy=(0.1, y - 0.15), ha="left", va="top")
            elif x > limit - 1.5:
                place = dict(xy=(x, y + 0.12), ha="right", va="bottom")
            else:
                place = dict(xy=(x + 0.12, y), ha="left", va="center")
            xy = place.pop("xy")
            arrows.text(*xy, f"{label}: ‖{label}‖ = {norm:g}", fontsize=small, **place)
        arrows.set_title(case["name"], loc="left", fontsize=theme.font_size)

        # 2. X, its scores and its weights
        canvas = fig.add_axes((0.32, bottom, 0.67, 0.44))
        canvas.set_axis_off()
        canvas.set_aspect("equal")
        size = 1.5
        draw_squares(canvas, case["X"], color=theme.value, theme=theme, x=0, y=2.0, size=size, vmax=limit,
                     annotate=True, fmt="{:g}", fontsize=small)
        canvas.text(size, 2.15, "$X$", ha="center", va="bottom")
        scale = max(abs(v) for row in case["scores"] for v in row)
        draw_heat(canvas, case["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=3.45,
                  y=2.0, size=size, fmt="{:g}")
        canvas.text(3.45 + size, 2.15, r"$X X^{\top}$", ha="center", va="bottom")
        draw_heat(canvas, case["A"], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=6.9, y=2.0,
                  size=size, fmt="{:.4f}")
        canvas.text(6.9 + size, 2.15, "$A$", ha="center", va="bottom")
        label_rows(canvas, case["labels"], x=0, y=2.0, theme=theme, size=size)
        for r, (c, label) in enumerate(zip(case["row_max"], case["labels"])):
            canvas.add_patch(Rectangle((6.9 + size * c, 2.0 - size * (r + 1)), size, size, fill=False,
                                       edgecolor=theme.output, linewidth=3))
            verdict = "itself" if c == r else case["labels"][c]
            canvas.text(10.15, 2.0 - size * (r + 0.5), f"{label} → {verdict}", va="center", fontsize=small,
                        color=theme.foreground if c == r else theme.output)
        canvas.set_xlim(-0.8, 12.9)
        canvas.set_ylim(-1.1, 2.7)
    return fig
