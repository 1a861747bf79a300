"""Alignment scores, weights and the context vector: one decoder query over the encoder's states for "the zone".

The decoder's query for its first step (`<start>`) is compared with the key of each source word by a scaled dot
product, the alignment score. A softmax turns the scores (ln 4 and 0) into weights 0.8 and 0.2. The context
vector is the weighted sum of the values (here the values equal the keys): 0.8 of "the" plus 0.2 of "zone".
Numbers from attnlab's scaled dot-product attention.
"""

from attnlab.examples.worked import the_zone


def data():
    example = the_zone()
    return {
        "query_token": example.query_token,
        "source_tokens": list(example.source_tokens),  # (S,)
        "query": example.query.tolist(),  # (E,)
        "keys": example.keys.tolist(),  # (S, E)
        "values": example.values.tolist(),  # (S, E)
        "scores": example.scores.tolist(),  # (S,)
        "weights": example.weights.tolist(),  # (S,)
        "weighted": (example.weights[:, None] * example.values).tolist(),  # (S, E) a_1s · v_s
        "context": example.context.tolist(),  # (E,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 3.5))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    size = 0.68
    vmax = max(abs(v) for row in data["keys"] + [data["query"]] for v in row)
    columns = {"key": 2.9, "score": 5.35, "weight": 6.6, "value": 8.9, "weighted": 11.3}

    def squares(values, color, x, y):
        draw_squares(ax, [values], color=color, theme=theme, x=x, y=y, size=size, vmax=vmax, annotate=True,
                     fontsize=small)

    # 1. the decoder's query
    squares(data["query"], theme.query, 0.0, 2.1)
    ax.text(size, 2.25, f"query\n{data['query_token']}", ha="center", va="bottom")

    # 2. one row per source word: key, alignment score, weight, value, weighted value
    headers = {"key": "key  kₛ", "score": "score\nq·kₛ/√2", "weight": "weight a₁ₛ", "value": "value  vₛ",
               "weighted": "a₁ₛ vₛ"}
    for name, x in columns.items():
        centre = x + (size if name in ("key", "value", "weighted") else 0.6 if name == "weight" else 0.0)
        ax.text(centre, 3.55, headers[name], ha="center", va="bottom", fontsize=small)
    for s, token in enumerate(data["source_tokens"]):
        middle = 2.75 - s * 1.3
        ax.add_patch(Rectangle((1.75, middle - 0.55), 11.85, 1.1, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text(1.85, middle, f'"{token}"', va="center", fontsize=small)
        squares(data["keys"][s], theme.key, columns["key"], middle + size / 2)
        ax.text(columns["score"], middle, f"{data['scores'][s]:.4f}", ha="center", va="center", fontsize=small)
        weight = data["weights"][s]
        ax.add_patch(Rectangle((columns["weight"], middle - 0.22), 1.2 * weight, 0.44, facecolor=theme.output,
                               edgecolor="none"))
        ax.text(columns["weight"] + 1.2 * weight + 0.08, middle, f"{weight:.2f}", va="center", fontsize=small)
        squares(data["values"][s], theme.value, columns["value"], middle + size / 2)
        ax.text(columns["value"] + 2 * size + 0.35, middle, "→", ha="center", va="center")
        squares(data["weighted"][s], theme.value, columns["weighted"], middle + size / 2)
        ax.add_patch(FancyArrowPatch((2 * size + 0.05, 2.1 - size / 2), (1.8, middle),
                                     arrowstyle="-|>", mutation_scale=10, color=theme.muted, linewidth=0.8))

    # 3. the context vector: the sum of the weighted values
    ax.plot([columns["weighted"] - 0.1, columns["weighted"] + 2 * size + 0.1], [0.0, 0.0], color=theme.foreground,
            linewidth=1.0)
    ax.text(columns["weighted"] - 0.25, -0.4, "Σ =", ha="right", va="center")
    squares(data["context"], theme.output, columns["weighted"], -0.4 + size / 2)
    ax.text(columns["weighted"] - 1.0, -0.4, "context c", ha="right", va="center", fontsize=small)
    ax.set_xlim(-0.1, 13.7)
    ax.set_ylim(-0.85, 4.25)
    return fig
