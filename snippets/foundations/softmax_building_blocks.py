"""The three building blocks of attention: dot product, normalise, reweigh.

Ben's taste (purple) against the three movies (yellow) of the dot-product page. 1. Dot product: one score
per movie, how well it matches Ben. 2. Normalise: a softmax turns the scores into weights that sum to 1.
3. Reweigh: each movie is scaled by its weight (green) and the scaled movies are added up, into Ben's "ideal
movie" (red-orange, outlined): romance, some comedy, and little action.
"""

ALT = """Three shaded stages from left to right. Ben's taste (-0.80, 0.70, 0.30 for action, romance, comedy) sits
above the three movies Night Heist, Letters in May and The Wrong Hat, whose scores are -1.14, +1.25 and +0.56;
blue bars turn them into the weights 0.06, 0.63 and 0.32. On the right the movies scaled by these weights add
up to the outlined ideal movie (-0.48, 0.57, 0.39)."""

from attnlab.examples.foundations import user_movie_preferences

USER = 1  # Ben


def data():
    example = user_movie_preferences()
    weights = example.weights[USER]  # (M,)
    return {
        "user": example.user_labels[USER],
        "features": list(example.features),
        "movie_labels": list(example.movie_labels),
        "query": example.users[USER].tolist(),  # (3,)
        "movies": example.movies.tolist(),  # (M, 3)
        "scores": example.scores[USER].tolist(),  # (M,)
        "weights": weights.tolist(),  # (M,)
        "weighted": (weights[:, None] * example.movies).tolist(),  # (M, 3) aⱼ mⱼ
        "output": example.ideal[USER].tolist(),  # (3,) Σ aⱼ mⱼ
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares, number_text

    left, right, bottom, top = -2.0, 12.55, -2.5, 5.7
    fig = plt.figure(figsize=(8, 8 * (top - bottom) / (right - left)))  # one data unit as wide as tall
    ax = blank_axes(fig)
    small = theme.small
    F = len(data["features"])
    rows = [2.8 - 1.2 * r for r in range(len(data["movies"]))]  # top of each movie's row
    square = dict(theme=theme, vmax=1.0, annotate=True)
    weight_color = to_hex(theme.sequential_cmap(0.75))  # weights are magnitudes, no role
    value_left = 9.15

    def stage(x0, x1, title):
        ax.add_patch(Rectangle((x0, -2.45), x1 - x0, 8.05, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text((x0 + x1) / 2, 5.35, title, ha="center", va="top", fontweight="bold")

    def arrow(x0, x1, y):
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=12, color=theme.muted))

    # 1. dot product of the query with every key
    stage(-1.95, 5.35, "1. dot product")
    ax.text(-0.15, 3.7, data["user"], ha="right", va="center", fontweight="bold")
    draw_squares(ax, [data["query"]], color=theme.query, x=0, y=4.2, **square)
    for top_, label, movie, score in zip(rows, data["movie_labels"], data["movies"], data["scores"]):
        ax.text(-0.15, top_ - 0.5, _two_lines(label), ha="right", va="center", fontsize=small, linespacing=1.1)
        draw_squares(ax, [movie], color=theme.key, x=0, y=top_, **square)
        arrow(F + 0.05, F + 0.7, top_ - 0.5)
        ax.text(F + 1.35, top_ - 0.5, number_text("{:+.2f}", score), ha="center", va="center")
    ax.text(F + 1.2, 3.7, f"{data['user']} · movie", ha="center", va="center", color=theme.muted, fontsize=small)

    # 2. normalise the scores into weights
    stage(5.6, 8.6, "2. normalise")
    for top_, weight in zip(rows, data["weights"]):
        arrow(5.0, 5.85, top_ - 0.5)
        ax.add_patch(Rectangle((5.95, top_ - 0.8), 1.6 * weight, 0.6, facecolor=weight_color, edgecolor="none"))
        ax.text(5.95 + 1.6 * weight + 0.1, top_ - 0.5, f"{weight:.2f}", va="center")
    ax.text(7.1, 3.7, "softmax", ha="center", va="center", color=theme.muted, fontsize=small)

    # 3. reweigh the values and add them up
    stage(8.85, 12.5, "3. reweigh")
    for top_, weighted in zip(rows, data["weighted"]):
        arrow(8.2, 9.05, top_ - 0.5)
        draw_squares(ax, [weighted], color=theme.value, x=value_left, y=top_, **square)
    for c, feature in enumerate(data["features"]):
        for x0, y in ((0.0, 4.55), (value_left, 3.55)):
            ax.text(x0 + c + 0.5, y, feature[:3], ha="center", va="center", color=theme.muted, fontsize=small)
    ax.plot([value_left - 0.1, value_left + F + 0.1], [-0.68, -0.68], color=theme.foreground, linewidth=1.0)
    ax.text(value_left - 0.2, -1.35, "Σ", ha="right", va="center", fontsize=theme.font_size * 1.2)
    draw_squares(ax, [data["output"]], color=theme.output, x=value_left, y=-0.85, **square)

    # the caption's point: the ideal movie, outlined
    ax.add_patch(Rectangle((value_left - 0.05, -1.9), F + 0.1, 1.1, facecolor="none", edgecolor=theme.foreground,
                           linewidth=2.0, zorder=4))
    ax.text(value_left + F / 2, -2.2, f"{data['user']}'s ideal movie", ha="center", va="center", fontsize=small,
            fontweight="bold")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    return fig


def _two_lines(label):
    """A title on two lines, split where the longer line is shortest ("Letters in May" -> "Letters\\nin May")."""
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if not spaces:
        return label
    cut = min(spaces, key=lambda i: max(i, len(label) - i - 1))
    return label[:cut] + "\n" + label[cut + 1:]
