"""Alignment scores, weights and the context vector: one decoder query over the encoder's states for "the zone".

The decoder's query for its first step (`<start>`) is compared with the key of each source word by a scaled dot
product, the alignment score. A softmax turns the scores (ln 4 and 0) into weights 0.8 and 0.2. The context
vector is the weighted sum of the values (here the values equal the keys): 0.8 of "the" plus 0.2 of "zone".
Numbers from attnlab's scaled dot-product attention.
"""

ALT = """A table with one shaded row per source word under the decoder's purple query (1.74, 1.31). For "the":
yellow key (0.90, 0.30), score 1.39, a weight bar of 0.80, green value (0.90, 0.30) and weighted value
(0.72, 0.24); for "zone": key (-0.30, 0.40), score 0.00, weight 0.20, weighted value (-0.06, 0.08). Below,
the two weighted values add up to the outlined red-orange context (0.66, 0.32)."""

from attnlab.examples.encoder_decoder import the_zone


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
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    width, height = 8.0, 4.0
    fig = plt.figure(figsize=(width, height))
    ax = blank_axes(fig)  # units are the figure's inches
    small = theme.small
    size = 0.6  # one square: room for "-0.30" at the smallest type
    vmax = max(abs(v) for row in data["keys"] + [data["query"]] for v in row)
    columns = {"key": 0.95, "score": 2.85, "weight": 3.5, "value": 4.75, "weighted": 6.6}  # left edges
    weight_color = theme.sequential_cmap(0.75)

    def squares(values, color, x, middle):
        draw_squares(ax, [values], color=color, theme=theme, x=x, y=middle + size / 2, size=size, vmax=vmax,
                     annotate=True, fontsize=small)

    # 1. the decoder's query, compared with every key
    top = 3.55
    squares(data["query"], theme.query, columns["key"], top)
    ax.text(columns["key"] + 2 * size + 0.15, top, f"decoder query q for {data['query_token']}, "
            "compared with each key", va="center")

    # 2. one row per source word: key, alignment score, weight, value, weighted value
    headers = {"key": "key kₛ", "score": "score\nq·kₛ/√2", "weight": "weight a₁ₛ", "value": "value vₛ",
               "weighted": "a₁ₛ vₛ"}
    centres = {"key": columns["key"] + size, "score": columns["score"], "weight": columns["weight"] + 0.55,
               "value": columns["value"] + size, "weighted": columns["weighted"] + size}
    for name, x in centres.items():
        ax.text(x, 2.6, headers[name], ha="center", va="bottom", fontsize=small)
    for s, token in enumerate(data["source_tokens"]):
        middle = 2.1 - s * 0.8
        ax.add_patch(Rectangle((0.05, middle - 0.37), width - 0.1, 0.74, facecolor=theme.panel, edgecolor="none",
                               zorder=0))
        ax.text(columns["key"] - 0.1, middle, f'"{token}"', ha="right", va="center")
        squares(data["keys"][s], theme.key, columns["key"], middle)
        ax.text(columns["score"], middle, f"{data['scores'][s]:.2f}", ha="center", va="center", fontsize=small)
        weight = data["weights"][s]
        ax.add_patch(Rectangle((columns["weight"], middle - 0.15), 0.9 * weight, 0.3, facecolor=weight_color,
                               edgecolor="none"))
        ax.text(columns["weight"] + 0.9 * weight + 0.06, middle, f"{weight:.2f}", va="center", fontsize=small,
                fontweight="bold")
        squares(data["values"][s], theme.value, columns["value"], middle)
        ax.text(columns["value"] + 2 * size + 0.3, middle, "→", ha="center", va="center")
        squares(data["weighted"][s], theme.value, columns["weighted"], middle)

    # 3. the context vector: the sum of the weighted values, outlined
    middle = 0.5
    ax.text(columns["weighted"] - 0.15, middle, "sum of the rows: context c =", ha="right", va="center",
            fontweight="bold")
    squares(data["context"], theme.output, columns["weighted"], middle)
    ax.add_patch(Rectangle((columns["weighted"] - 0.04, middle - size / 2 - 0.04), 2 * size + 0.08, size + 0.08,
                           facecolor="none", edgecolor=theme.foreground, linewidth=1.6))
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    return fig
