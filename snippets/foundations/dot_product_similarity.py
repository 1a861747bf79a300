"""The dot product as a match score: users' tastes against movies' contents.

Left: three users (purple) and three movies (yellow) as vectors over the same three features, each entry
between -1 (dislikes, or the movie has little of it) and 1 (loves, or has a lot of it). Middle: every user's
dot product with every movie (orange positive, purple negative). Right: two of them entry by entry. A
feature counts towards the score when both signs agree, even when both are negative (Ben dislikes action and
"Letters in May" has little of it), and counts against it when they disagree; large entries count more.
"""

from attnlab.examples.worked import user_movie_preferences

USER, MATCH, MISMATCH = 1, 1, 0  # the pairs worked out entry by entry: Ben with two movies


def data():
    example = user_movie_preferences()
    pairs = []
    for movie in (MATCH, MISMATCH):
        products = example.users[USER] * example.movies[movie]  # (3,) entry by entry
        pairs.append({"user": example.user_labels[USER], "movie": example.movie_labels[movie],
                      "products": products.tolist(), "score": example.scores[USER, movie].item()})
    return {
        "features": list(example.features),
        "user_labels": list(example.user_labels),
        "movie_labels": list(example.movie_labels),
        "users": example.users.tolist(),  # (U, 3)
        "movies": example.movies.tolist(),  # (M, 3)
        "scores": example.scores.tolist(),  # (U, M)
        "pairs": pairs,
    }


def draw(data, theme):
    import textwrap

    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows

    fig = plt.figure(figsize=(8, 3.9))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    F = len(data["features"])

    # 1. users and movies share the feature columns
    for c, feature in enumerate(data["features"]):
        ax.text(c + 0.5, 7.15, feature, ha="left", va="bottom", rotation=35, fontsize=small)
    for block, labels, color, top in ((data["users"], data["user_labels"], theme.query, 7.0),
                                      (data["movies"], data["movie_labels"], theme.key, 3.4)):
        draw_squares(ax, block, color=color, theme=theme, x=0, y=top, vmax=1.0, annotate=True, fontsize=small)
        label_rows(ax, labels, x=0, y=top, theme=theme)
    ax.text(-0.15, 7.2, "users", ha="right", va="bottom", color=theme.muted, fontsize=small)
    ax.text(-0.15, 3.6, "movies", ha="right", va="bottom", color=theme.muted, fontsize=small)

    # 2. every user against every movie
    left, scale = F + 2.9, max(abs(v) for row in data["scores"] for v in row)
    draw_heat(ax, data["scores"], cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=left, y=5.6,
              size=1.25, fmt="{:+.2f}")
    label_rows(ax, data["user_labels"], x=left, y=5.6, theme=theme, size=1.25)
    for c, label in enumerate(data["movie_labels"]):
        ax.text(left + 1.25 * (c + 0.5), 5.75, textwrap.fill(label, 8), ha="center", va="bottom", fontsize=small)
    ax.text(left + 1.875, 1.45, "user · movie", ha="center", va="top", color=theme.muted, fontsize=small)

    # 3. two scores entry by entry
    right = left + 5.0
    for i, pair in enumerate(data["pairs"]):
        top = 6.2 - 3.1 * i
        ax.text(right, top + 0.2, f"{pair['user']} · “{pair['movie']}”", ha="left", va="bottom", fontsize=small)
        draw_squares(ax, [pair["products"]], color=theme.output, theme=theme, x=right, y=top, vmax=1.0,
                     annotate=True, fontsize=small)
        for c, feature in enumerate(data["features"]):
            ax.text(right + c + 0.5, top - 1.1, feature[:3], ha="center", va="top", color=theme.muted,
                    fontsize=small)
        ax.text(right + F + 0.2, top - 0.5, f"sum = {pair['score']:+.2f}", ha="left", va="center", fontsize=small)
    ax.set_xlim(-3.2, right + F + 2.6)
    ax.set_ylim(-0.2, 8.6)
    return fig
