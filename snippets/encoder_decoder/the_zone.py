"""Translating "the zone" into "la zone": the decoder's first query matches "the" 0.8 and "zone" 0.2.

Left: the encoder has turned "the" and "zone" into states (keys, and values too); the decoder starts from
`<start>`, whose query is compared with both keys. The weights, 0.8 for "the" and 0.2 for "zone" (line width),
mix the values into the context vector from which the decoder produces its first word, "la". Right: the same
vectors in their plane. The query points far more along "the" than along "zone" (to which it is
perpendicular), and the context lies on the segment between the two values, four fifths of the way towards
"the". Hand-set vectors; weights from attnlab's scaled dot-product attention.
"""

ALT = """Left, a diagram: the words "the" and "zone" with yellow keys (0.90, 0.30) and (-0.30, 0.40), joined to
the decoder's <start> box and its purple query (1.74, 1.31) by a thick line marked 0.80 and a thin one marked 0.20;
below <start>, the outlined red-orange context (0.66, 0.32) and the word "la". Right, a plane with the two yellow
key arrows, a long purple query arrow, and the red-orange context dot on the dashed segment between the keys,
close to "the"."""

from attnlab.examples.encoder_decoder import the_zone


def data():
    example = the_zone()
    return {
        "source_tokens": list(example.source_tokens),  # (S,)
        "target_tokens": list(example.target_tokens),  # (L,)
        "query_token": example.query_token,
        "query": example.query.tolist(),  # (E,)
        "keys": example.keys.tolist(),  # (S, E)
        "values": example.values.tolist(),  # (S, E)
        "scores": example.scores.tolist(),  # (S,)
        "weights": example.weights.tolist(),  # (S,)
        "context": example.context.tolist(),  # (E,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

    from attnlab.draw.squares import draw_squares

    small = theme.small
    fig, (diagram, plane) = plt.subplots(1, 2, figsize=(8, 3.5), gridspec_kw={"width_ratios": [1.35, 1.0],
                                                                              "wspace": 0.12})
    size = 0.92  # one square: room for "-0.30" at the smallest type
    vmax = max(abs(v) for row in data["keys"] + [data["query"], data["context"]] for v in row)

    weight_color = theme.sequential_cmap(0.8)

    def word(x, y, text):
        diagram.add_patch(FancyBboxPatch((x - 0.6, y - 0.25), 1.2, 0.5, boxstyle="round,pad=0.04",
                                         facecolor=theme.panel, edgecolor=theme.muted, linewidth=1.0))
        diagram.text(x, y, text, ha="center", va="center", fontsize=small)

    def vector(values, color, x, y):
        draw_squares(diagram, [values], color=color, theme=theme, x=x, y=y, size=size, vmax=vmax, annotate=True,
                     fontsize=small)

    # 1. encoder words with their keys (= values), left; the decoder's first step, right
    decoder_x, decoder_y = 5.9, 3.3
    for s, (token, key, weight) in enumerate(zip(data["source_tokens"], data["keys"], data["weights"])):
        y = 3.9 - s * 1.7
        word(0.7, y, token)
        vector(key, theme.key, 1.45, y + size / 2)
        start = 1.45 + 2 * size + 0.1
        diagram.add_patch(FancyArrowPatch((start, y), (decoder_x - 0.7, decoder_y),
                                          arrowstyle="-", color=weight_color, linewidth=1.0 + 9.0 * weight))
        diagram.text((start + decoder_x - 0.7) / 2, (y + decoder_y) / 2 + (0.32 if s == 0 else -0.32), f"{weight:.2f}",
                     ha="center", va="center", fontsize=small, fontweight="bold")
    diagram.text(0.7, 4.4, "encoder", ha="center", va="bottom", fontsize=small, color=theme.muted)
    word(decoder_x, decoder_y, data["query_token"])
    vector(data["query"], theme.query, decoder_x - size, decoder_y - 0.4)
    diagram.text(decoder_x, 4.4, "decoder", ha="center", va="bottom", fontsize=small, color=theme.muted)

    # 2. the context vector, the weighted sum of the values, and the first word produced from it
    vector(data["context"], theme.output, decoder_x - size, 1.1)
    diagram.add_patch(Rectangle((decoder_x - size - 0.05, 1.1 - size - 0.05), 2 * size + 0.1, size + 0.1,
                                facecolor="none", edgecolor=theme.foreground, linewidth=1.6))
    diagram.text(decoder_x, 1.1 + 0.12, "context", ha="center", va="bottom", fontsize=small, fontweight="bold")
    diagram.text(decoder_x, 1.1 - size - 0.15, f'→ "{data["target_tokens"][0]}"', ha="center", va="top",
                 fontweight="bold")
    diagram.set_xlim(0.0, 7.0)
    diagram.set_ylim(-0.5, 4.85)
    diagram.set_aspect("equal")
    diagram.set_axis_off()

    # 3. the plane: keys (= values), query, context on the segment between the values
    for token, key in zip(data["source_tokens"], data["keys"]):
        plane.add_patch(FancyArrowPatch((0, 0), key, arrowstyle="-|>", mutation_scale=12, color=theme.key,
                                        linewidth=1.8))
        plane.text(key[0] + 0.06, key[1] + 0.06, f'"{token}"', ha="left", va="bottom", fontsize=small)
    plane.add_patch(FancyArrowPatch((0, 0), data["query"], arrowstyle="-|>", mutation_scale=12, color=theme.query,
                                    linewidth=1.8))
    plane.text(data["query"][0] - 0.08, data["query"][1], f"q: {data['query_token']}", ha="right",
               va="bottom", fontsize=small, color=theme.query)
    xs, ys = zip(*data["values"])  # the segment between the values: where every context of them lies
    plane.plot(xs, ys, color=theme.muted, linestyle="--", linewidth=0.8)
    plane.scatter(*data["context"], s=80, color=theme.output, edgecolor=theme.foreground, zorder=4)
    plane.annotate("context", data["context"], xytext=(data["context"][0] + 0.2, data["context"][1] - 0.16),
                   ha="left", va="top", fontsize=small, fontweight="bold",
                   arrowprops=dict(arrowstyle="-", color=theme.foreground, linewidth=0.8, shrinkB=5))
    plane.axhline(0.0, color=theme.muted, linewidth=0.6)
    plane.axvline(0.0, color=theme.muted, linewidth=0.6)
    plane.set_aspect("equal")
    plane.set_xlim(-0.6, 2.1)
    plane.set_ylim(-0.35, 1.75)
    plane.tick_params(labelsize=small)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.97, bottom=0.1)
    return fig
