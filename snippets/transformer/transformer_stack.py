"""An encoder-decoder Transformer as a stack, with the shape of every tensor on its way through.

Left, the encoder: source token ids are embedded, positions are added (how, two pages on), and two encoder
layers (self-attention, then a feed-forward network) keep the shape (N, S, E). Its output, the memory $M$, feeds
the cross-attention of every decoder layer. Right, the decoder: the target shifted right is embedded the same
way and goes through two decoder layers (masked self-attention, cross-attention, feed-forward), shape (N, L, E);
then a final linear layer turns each position into one score per output word and a softmax into probabilities.
Shapes were recorded by hooks on a small attnlab Transformer (batch N = 1, S = L = 5 tokens, E = 8 features, 5
output words).
"""

from attnlab.examples.transformer import tiny_translation


def data():
    run = tiny_translation()
    return {
        "stages": [[name, letters, list(shape)] for name, letters, shape in run.stages],  # in call order
        "settings": run.settings,
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from attnlab.draw.squares import blank_axes

    small = theme.font_size * 0.9
    encoder = [s for s in data["stages"] if s[0].startswith(("source", "encoder"))]
    decoder = [s for s in data["stages"] if s not in encoder]
    inside = {"encoder": "self-attention, feed-forward", "decoder": "masked self-attn, cross-attn, feed-forward"}
    box_w, box_h, step = 6.4, 1.25, 1.6
    rows = max(len(encoder), len(decoder))
    fig = plt.figure(figsize=(8, 0.8 * rows + 0.8))
    ax = blank_axes(fig)

    def column(stages, x, title):
        ys = []
        for i, (name, letters, shape) in enumerate(stages):
            y = 0.8 + i * step
            layer = name.startswith(("encoder layer", "decoder layer"))
            ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h,
                                        boxstyle="round,pad=0,rounding_size=0.15",
                                        facecolor=theme.panel if layer else theme.background,
                                        edgecolor=theme.foreground if layer else theme.muted, linewidth=1.0))
            shape_text = f"{letters} = ({', '.join(str(n) for n in shape)})"
            lines = [name, inside[name.split()[0]], shape_text] if layer else [name, shape_text]
            offsets = (0.36, 0.0, -0.36) if layer else (0.2, -0.2)
            for text, dy, k in zip(lines, offsets, range(3)):
                ax.text(x, y + dy, text, ha="center", va="center", fontsize=small,
                        fontweight="bold" if layer and k == 0 else "normal",
                        color=theme.muted if text == shape_text else theme.foreground)
            if i:
                ax.add_patch(FancyArrowPatch((x, ys[-1] + box_h / 2), (x, y - box_h / 2), arrowstyle="-|>",
                                             mutation_scale=10, color=theme.muted, linewidth=1.0, shrinkA=0,
                                             shrinkB=0))
            ys.append(y)
        ax.text(x, 0.8 + (rows - 1) * step + 1.1, title, ha="center", va="center",
                fontsize=theme.font_size * 1.1, fontweight="bold")
        return ys

    enc_x, dec_x = 3.4, 12.4
    enc_y = column(encoder, enc_x, "Encoder")
    dec_y = column(decoder, dec_x, "Decoder")
    # the memory: the last encoder layer's output goes to the cross-attention of every decoder layer
    top = enc_y[-1] + box_h / 2
    rail = (enc_x + dec_x) / 2
    layer_ys = [y for (name, _, _), y in zip(decoder, dec_y) if name.startswith("decoder layer")]
    ax.plot([enc_x, enc_x, rail, rail], [top, top + 0.45, top + 0.45, min(layer_ys)], color=theme.key,
            linewidth=2.0, solid_joinstyle="round")
    ax.text(enc_x, top + 0.75, "memory M: K and V of every cross-attention", ha="left", va="center",
            fontsize=small, color=theme.foreground)
    for y in layer_ys:
        ax.add_patch(FancyArrowPatch((rail, y), (dec_x - box_w / 2, y), arrowstyle="-|>", mutation_scale=12,
                                     color=theme.key, linewidth=2.0, shrinkA=0, shrinkB=0))
    ax.set_xlim(0.0, 15.8)
    ax.set_ylim(-0.1, 0.8 + (rows - 1) * step + 1.5)
    return fig
