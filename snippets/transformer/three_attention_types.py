"""The three attentions of an encoder-decoder Transformer, and the masks that shape each of them.

Encoder self-attention: queries, keys and values all from the source; only the padding key is blocked.
Decoder masked self-attention: all from the target read so far; the future is blocked (causal mask).
Cross-attention: queries from the decoder, keys and values from the encoder's output; the padding key is
blocked again. Hatched cells are blocked and have weight exactly 0; rows sum to 1. Weights of the first layer,
averaged over two heads, from one pass of a small seeded (untrained, so nearly even) attnlab Transformer.
"""

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
        ("encoder_self", "Encoder self-attention", "Q, K, V: source", src, src),
        ("decoder_self", "Decoder masked self-attention", "Q, K, V: target so far", tgt, tgt),
        ("cross", "Cross-attention", "Q: decoder · K, V: encoder", tgt, src),
    )
    fig = plt.figure(figsize=(8, 3.6))
    width, height, bottom = 0.223, 0.223 * 8 / 3.6, 0.13  # square panels (figure fractions)
    lefts = (0.115, 0.115 + width + 0.135, 0.115 + 2 * width + 0.165)  # room for the y labels of panels 1, 2
    axes = [fig.add_axes((left, bottom, width, height)) for left in lefts]
    small = theme.font_size * 0.9
    for ax, (name, title, roles, rows, cols) in zip(axes, panels):
        attention_heatmap(ax, data[name], theme=theme, row_labels=rows if name != "cross" else [],
                          allowed=data["allowed"][name], fmt=lambda w: f"{w:.2f}".removeprefix("0"))  # (L, S)
        ax.set_xticks(range(len(cols)), cols, rotation=50, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.set_xlabel(f"{title}\n{roles}", fontsize=small, labelpad=6)
    return fig
