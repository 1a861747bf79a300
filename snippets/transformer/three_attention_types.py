"""The three attentions of an encoder-decoder Transformer, and the masks that shape each of them.

Encoder self-attention: queries, keys and values all from the source; only the padding key is blocked.
Decoder masked self-attention: all from the target read so far; the future is blocked (causal mask).
Cross-attention: queries from the decoder, keys and values from the encoder's output; the padding key is
blocked again. Hatched cells are blocked and have weight exactly 0; rows sum to 1. Weights of the first layer,
averaged over two heads, from one pass of a small seeded (untrained, so nearly even) attnlab Transformer; a
larger weight is a deeper blue in light, a brighter one in dark.
"""

ALT = """Three five by five grids of numbers side by side, queries down the left, keys across the top. Left,
the English source against itself, its last column (the pad key) hatched. Middle, the French target against
itself, every cell above the diagonal hatched, the first row a single 1 and the rest between .08 and .72.
Right, the French rows against the English columns, the pad column hatched; the other weights lie between .19
and .35."""

from attnlab.examples.transformer import tiny_translation


def data():
    run = tiny_translation()
    return {
        "source_tokens": list(run.source_tokens),  # (S,)
        "target_tokens": list(run.target_tokens),  # (T,)
        "encoder_self": run.encoder_self[0].mean(dim=0).tolist(),  # (S, S) layer 1, mean over heads
        "decoder_self": run.decoder_self[0].mean(dim=0).tolist(),  # (T, T)
        "cross": run.cross[0].mean(dim=0).tolist(),  # (T, S)
        "allowed": {name: mask.tolist() for name, mask in run.allowed.items()},  # True = may attend
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.heatmaps import attention_heatmap

    src, tgt = data["source_tokens"], data["target_tokens"]
    panels = (
        ("encoder_self", "Self-attention", "encoder · Q, K, V: source", src, src),
        ("decoder_self", "Masked self-attention", "decoder · Q, K, V: target so far", tgt, tgt),
        ("cross", "Cross-attention", "Q: target · K, V: source", tgt, src),
    )
    fig = plt.figure(figsize=(8, 3.8))
    side, bottom = 0.215, 0.03  # square panels: side as a fraction of the width
    lefts = (0.135, 0.135 + side + 0.145, 0.135 + 2 * side + 0.175)  # room for the row labels of panels 1, 2
    headings = (0.01, 0.375, 0.74)  # where each panel's heading starts, over its row labels
    axes = [fig.add_axes((left, bottom, side, side * 8 / 3.8)) for left in lefts]
    small = theme.small
    weight_text = lambda w: "1" if w > 0.995 else f"{w:.2f}".removeprefix("0")  # noqa: E731  .42, 1
    for ax, x, (name, title, roles, rows, cols) in zip(axes, headings, panels):
        attention_heatmap(ax, data[name], theme=theme, row_labels=rows if name != "cross" else [],
                          allowed=data["allowed"][name], fmt=weight_text)  # (L, S)
        ax.set_xticks(range(len(cols)), cols, rotation=90, ha="center", va="bottom")
        ax.xaxis.tick_top()
        # the panel's heading and where its queries, keys and values come from, above the key labels
        fig.text(x, 0.965, title, ha="left", va="top", fontsize=theme.font_size * 1.1, fontweight="bold")
        fig.text(x, 0.875, roles, ha="left", va="top", fontsize=small, color=theme.muted)
    return fig
