"""The three building blocks of attention: dot product, normalise, reweigh.

Ben's taste (purple) against the three movies (yellow) of the dot-product page. 1. Dot product: one score
per movie, how well it matches Ben. 2. Normalise: a softmax turns the scores into weights that sum to 1.
3. Reweigh: each movie is scaled by its weight (green) and the scaled movies are added up, into Ben's "ideal
movie" (red): romance, some comedy, and little action.
"""

from attnlab.examples.worked import user_movie_preferences

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
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 4.1))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    F = len(data["features"])
    rows = [2.8 - 1.2 * r for r in range(len(data["movies"]))]  # top of each movie's row
    square = dict(theme=theme, vmax=1.0, annotate=True, fontsize=small)

    def stage(x0, x1, title):
        ax.add_patch(Rectangle((x0, -1.75), x1 - x0, 7.35, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text((x0 + x1) / 2, 5.35, title, ha="center", va="top", fontweight="bold")

    def arrow(x0, x1, y):
        ax.add_patch(FancyArrowPatch((x0, y), (x1, y), arrowstyle="-|>", mutation_scale=12, color=theme.muted))

    # 1. dot product of the query with every key
    stage(-0.2, 5.6, "1. dot product")
    ax.text(-0.35, 3.7, data["user"], ha="right", va="center", color=theme.query, fontweight="bold")
    draw_squares(ax, [data["query"]], color=theme.query, x=0, y=4.2, **square)
    for r, (top, label, movie, score) in enumerate(zip(rows, data["movie_labels"], data["movies"], data["scores"])):
        ax.text(-0.35, top - 0.5, label, ha="right", va="center", fontsize=small)
        draw_squares(ax, [movie], color=theme.key, x=0, y=top, **square)
        ax.text(F + 0.35, top - 0.5, "→", ha="center", va="center", color=theme.muted)
        ax.text(F + 1.6, top - 0.5, f"{score:+.2f}", ha="center", va="center")
    ax.text(F + 1.6, 3.7, f"{data['user']} · movie", ha="center", va="center", color=theme.muted, fontsize=small)

    # 2. normalise the scores into weights
    stage(6.0, 9.6, "2. normalise")
    for top, weight in zip(rows, data["weights"]):
        arrow(5.2, 6.3, top - 0.5)
        ax.add_patch(Rectangle((6.45, top - 0.8), 2.2 * weight, 0.6, facecolor=theme.output, edgecolor="none"))
        ax.text(6.45 + 2.2 * weight + 0.1, top - 0.5, f"{weight:.2f}", va="center", fontsize=small)
    ax.text(7.8, 3.7, "softmax", ha="center", va="center", color=theme.muted, fontsize=small)

    # 3. reweigh the values and add them up
    stage(10.0, 14.6, "3. reweigh")
    for top, weighted in zip(rows, data["weighted"]):
        arrow(9.25, 10.3, top - 0.5)
        draw_squares(ax, [weighted], color=theme.value, x=10.8, y=top, **square)
    for c, feature in enumerate(data["features"]):
        for left, y in ((0.0, 4.5), (10.8, 3.75)):
            ax.text(left + c + 0.5, y, feature[:3], ha="center", va="center", color=theme.muted, fontsize=small)
    ax.plot([10.7, 10.8 + F + 0.1], [-0.75, -0.75], color=theme.foreground, linewidth=1.0)
    ax.text(10.6, -1.25, "Σ", ha="right", va="center", fontsize=theme.font_size * 1.2)
    draw_squares(ax, [data["output"]], color=theme.output, x=10.8, y=-0.85, **square)
    ax.text(12.3, -2.1, f"{data['user']}'s ideal movie", ha="center", va="center", color=theme.output,
            fontsize=small)
    ax.set_xlim(-3.3, 14.8)
    ax.set_ylim(-2.4, 5.7)
    return fig
