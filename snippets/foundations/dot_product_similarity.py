"""The dot product as a match score: users' tastes against movies' contents.

Left: three users and three movies as vectors over the same three features, each entry between -1
(dislikes, or the movie has little of it) and 1 (loves, or has a lot of it). Bottom right: every user's dot
product with every movie (blue positive, grey negative). Top right: the two framed scores entry by entry. A feature
counts towards the score when both signs agree, even when both are negative (Ben dislikes action and "Letters
in May" has little of it), and counts against it when they disagree; large entries count more.
"""

ALT = """Two stacked grids of numbered slate squares on the left, users Ada, Ben and Cleo above the movies Night
Heist, Letters in May and The Wrong Hat, with columns action, romance and comedy. Bottom right, the three by
three scores level with the movies, one column per user, Ben's column holding -1.14, +1.25 and +0.56. Top right,
Ben's products with two movies feature by feature: 0.56, 0.63, 0.06 summing to +1.25, and -0.76, -0.35, -0.03
summing to -1.14; the 0.56 from two negatives is outlined."""

from attnlab.examples.foundations import user_movie_preferences

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
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares, label_rows, number_text

    width, height = 14.0, 8.7  # in squares
    fig = plt.figure(figsize=(8, 8 * height / width))
    ax = blank_axes(fig)
    small = theme.small
    F = len(data["features"])
    users, movies = data["user_labels"], data["movie_labels"]
    top, left, right = 6.8, 2.7, 7.3  # users' top edge, the vectors' and the right-hand column's left edges
    bottom = top - 3.6  # the movies' top edge

    def frame(x, y, w=1.0, h=1.0):
        ax.add_patch(Rectangle((x, y - h), w, h, fill=False, edgecolor=theme.foreground, linewidth=2.6, zorder=5))

    # 1. users and movies share the feature columns
    for c, feature in enumerate(data["features"]):
        ax.text(left + c + 0.3, top + 0.12, feature, ha="left", va="bottom", rotation=55, fontsize=small)
    for block, labels, name, y in ((data["users"], users, "users", top), (data["movies"], movies, "movies", bottom)):
        draw_squares(ax, block, color=theme.input, theme=theme, x=left, y=y, vmax=1.0, annotate=True)
        label_rows(ax, labels, x=left, y=y, theme=theme)
        ax.text(left - 0.15, y + 0.15, name, ha="right", va="bottom", color=theme.muted, fontsize=small)

    # 2. every user against every movie: one row per movie, level with the movies, one column per user
    scale = max(abs(v) for row in data["scores"] for v in row)
    by_movie = [list(column) for column in zip(*data["scores"])]  # (M, U)
    draw_heat(ax, by_movie, cmap=theme.diverging_cmap, vmin=-scale, vmax=scale, theme=theme, x=right, y=bottom,
              fmt="{:+.2f}")
    for c, label in enumerate(users):
        ax.text(right + c + 0.5, bottom + 0.12, label, ha="center", va="bottom", fontsize=small)
    ax.text(right - 0.25, bottom - 1.5, "user ·\nmovie", ha="right", va="center", color=theme.muted, fontsize=small)
    user = users.index(data["pairs"][0]["user"])
    for pair in data["pairs"]:
        frame(right + user, bottom - movies.index(pair["movie"]))

    # 3. the framed scores entry by entry
    for i, pair in enumerate(data["pairs"]):
        y = top + 1.55 - 2.25 * i
        ax.text(right, y, f"{pair['user']} · “{pair['movie']}”", ha="left", va="top", fontsize=small)
        y -= 0.5
        draw_heat(ax, [pair["products"]], cmap=theme.diverging_cmap, vmin=-1.0, vmax=1.0, theme=theme, x=right, y=y)
        for c, feature in enumerate(data["features"]):
            ax.text(right + c + 0.5, y - 1.08, feature[:3], ha="center", va="top", color=theme.muted, fontsize=small)
        ax.text(right + F + 0.2, y - 0.3, "= " + number_text("{:+.2f}", pair["score"]), ha="left", va="center",
                fontsize=theme.font_size, fontweight="bold")
        for c in range(F):
            if data["users"][user][c] < 0 and pair["products"][c] > 0:  # both negative, yet it counts for the match
                frame(right + c, y)
                ax.text(right + F + 0.2, y - 0.78, f"{data['features'][c]}: − × − = +", ha="left", va="center",
                        fontsize=small, fontweight="bold")
    ax.set_xlim(0, width)
    ax.set_ylim(bottom - 3.3, bottom - 3.3 + height)
    return fig
