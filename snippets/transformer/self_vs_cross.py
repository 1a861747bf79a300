"""Self-attention takes queries, keys and values from one sequence; encoder-decoder attention from two.

Left: the encoder's self-attention: the source corners are at once the queries (bottom) and the keys and
values (top), and every corner reads every corner, earlier or later (bidirectional). Right: the classic
encoder-decoder attention (cross-attention): the queries are the decoder's inputs, the keys and values the
encoder's outputs for the source corners. Arrow width, blue and label give each weight (a heavier weight is a
wider, deeper blue arrow in light, a brighter one in dark), averaged over the two heads of the corners
transformer trained on the square-corners task; the arrows into each query sum to 1.
"""

ALT = """Two panels, each with two yellow key boxes on top and two purple query boxes below, joined by four
blue arrows of varying width. Left, both rows are the source corners BL and BR; query BL takes 0.87 from key BL
and 0.13 from BR, query BR 0.75 from BL and 0.25 from BR. Right, the top row is the encoder's BL and BR and the
bottom row the decoder's BR and TR; query BR takes 0.92 from BL and 0.08 from BR, query TR 0.53 and 0.47."""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLE = 1  # BL, BR -> TR, TL (counter-clockwise)


def data():
    model, _ = trained_corners_transformer()
    trace = corners_attention_trace(model, EXAMPLE)
    return {
        "source_labels": list(trace.source_labels),  # (S,)
        "decoder_labels": list(trace.decoder_labels),  # (L,)
        "self_weights": trace.encoder_self[0].mean(dim=0).tolist(),  # (S, S) layer 1, mean over heads
        "cross_weights": trace.cross[0].mean(dim=0).tolist(),  # (L, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from attnlab.theme import ink_on

    arrow_color = theme.sequential_cmap  # weights are magnitudes: never a role colour
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.9), gridspec_kw=dict(wspace=0.08, left=0.02, right=0.98,
                                                                       top=0.98, bottom=0.02))
    panels = (
        ("Self-attention (encoder)", "Q, K and V: one sequence",
         data["source_labels"], data["source_labels"], data["self_weights"], "source", "source"),
        ("Encoder-decoder attention", "Q: decoder · K, V: encoder",
         data["source_labels"], data["decoder_labels"], data["cross_weights"], "encoder output", "decoder input"),
    )
    for ax, (title, subtitle, key_labels, query_labels, weights, top_name, bottom_name) in zip(axes, panels):
        ax.set_axis_off()
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.add_patch(FancyBboxPatch((0.2, 0.2), 9.6, 9.6, boxstyle="round,pad=0,rounding_size=0.3",
                                    facecolor=theme.panel, edgecolor="none"))
        ax.text(5, 9.55, title, ha="center", va="top", fontsize=theme.font_size * 1.1, fontweight="bold")
        ax.text(5, 8.8, subtitle, ha="center", va="top", color=theme.muted, fontsize=theme.small)
        xs_top = [3.0 + 4.0 * j for j in range(len(key_labels))]
        xs_bottom = [3.0 + 4.0 * i for i in range(len(query_labels))]

        def node(x, y, label, color, ax=ax):
            ax.add_patch(FancyBboxPatch((x - 0.7, y - 0.45), 1.4, 0.9, boxstyle="round,pad=0,rounding_size=0.2",
                                        facecolor=color, edgecolor=theme.foreground, linewidth=0.8))
            ax.text(x, y, label, ha="center", va="center", color=ink_on(theme, color), fontsize=theme.font_size)

        for j, label in enumerate(key_labels):
            node(xs_top[j], 6.9, label, theme.key)
        for i, label in enumerate(query_labels):
            node(xs_bottom[i], 1.6, label, theme.query)
        ax.text(5, 7.5, f"keys and values: {top_name}", ha="center", va="bottom", fontsize=theme.small)
        ax.text(5, 0.75, f"queries: {bottom_name}", ha="center", va="top", fontsize=theme.small)
        for i, row in enumerate(weights):
            for j, w in enumerate(row):
                start, end = (xs_top[j], 6.4), (xs_bottom[i], 2.1)
                ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12,
                                             color=arrow_color(0.45 + 0.55 * w), linewidth=0.8 + 6.0 * w,
                                             shrinkA=0, shrinkB=2))
                # each label sits on its own arrow; a crossing arrow's label above the crossing, clear of the rest
                t = 0.5 if start[0] == end[0] else 0.25
                lx, ly = start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
                ax.text(lx, ly, f"{w:.2f}", ha="center", va="center", fontsize=theme.small, zorder=3,
                        bbox=dict(boxstyle="round,pad=0.2", facecolor=theme.panel, edgecolor="none"))
    return fig
