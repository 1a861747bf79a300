"""An encoder-decoder Transformer as a stack, with the shape of every tensor on its way through.

Left, the encoder: source token ids are embedded, positions are added (how, two pages on), and two encoder
layers (self-attention, then a feed-forward network) keep the shape (N, S, E). Its output, the memory $M$, feeds
the cross-attention of every decoder layer. Right, the decoder: the target shifted right is embedded the same
way and goes through two decoder layers (masked self-attention, cross-attention, feed-forward), shape (N, L, E);
then a final linear layer turns each position into one score per output word and a softmax into probabilities.
Shapes were recorded by hooks on a small attnlab Transformer (batch N = 1, S = L = 5 tokens, E = 8 features, 5
output words). The bold line is the memory on its way to the decoder.
"""

ALT = """Two columns of boxes joined by upward arrows. Left: source token ids (1, 5), source embedding plus
positions (1, 5, 8), then encoder layers 1 and 2, each (1, 5, 8). Right: target token ids (1, 5), target
embedding plus positions and decoder layers 1 and 2, each (1, 5, 8), then final linear and softmax, each
(1, 5, 5). A bold line leaves the top of encoder layer 2 and enters both decoder layers from the side."""

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

    small = theme.small
    encoder = [s for s in data["stages"] if s[0].startswith(("source", "encoder"))]
    decoder = [s for s in data["stages"] if s not in encoder]
    inside = {"encoder": ("self-attention, feed-forward",),
              "decoder": ("masked self-attention,", "cross-attention, feed-forward")}
    # units are inches: the figure is 8 wide
    box_w, plain_h, layer_h, gap, line = 3.5, 0.56, 1.04, 0.26, 0.215
    enc_x, dec_x, rail = 1.95, 6.05, 4.0

    def height(name):
        return layer_h if " layer " in name else plain_h

    top = 0.12 + sum(height(name) for name, _, _ in decoder) + gap * (len(decoder) - 1)
    fig_h = top + 0.55
    fig = plt.figure(figsize=(8, fig_h))
    ax = blank_axes(fig)

    def column(stages, x, title):
        """The stages bottom to top, with arrows between; returns each box's (bottom, top)."""
        spans, y = [], 0.12
        for name, letters, shape in stages:
            h = height(name)
            layer = " layer " in name
            ax.add_patch(FancyBboxPatch((x - box_w / 2, y), box_w, h, boxstyle="round,pad=0,rounding_size=0.07",
                                        facecolor=theme.panel if layer else theme.background,
                                        edgecolor=theme.foreground if layer else theme.muted, linewidth=1.0))
            shape_text = f"{letters} = ({', '.join(str(n) for n in shape)})"
            lines = [name, *inside[name.split()[0]], shape_text] if layer else [name, shape_text]
            first = y + h / 2 + line * (len(lines) - 1) / 2
            for k, text in enumerate(lines):
                ax.text(x, first - k * line, text, ha="center", va="center", fontsize=small,
                        fontweight="bold" if layer and k == 0 else "normal",
                        color=theme.muted if text == shape_text else theme.foreground)
            if spans:
                ax.add_patch(FancyArrowPatch((x, spans[-1][1]), (x, y), arrowstyle="-|>", mutation_scale=10,
                                             color=theme.muted, linewidth=1.0, shrinkA=0, shrinkB=0))
            spans.append((y, y + h))
            y += h + gap
        ax.text(x, top + 0.3, title, ha="center", va="center", fontsize=theme.font_size * 1.1, fontweight="bold")
        return spans

    enc_spans = column(encoder, enc_x, "Encoder")
    dec_spans = column(decoder, dec_x, "Decoder")
    # the memory: the last encoder layer's output goes to the cross-attention of every decoder layer
    out = enc_spans[-1][1]
    layer_ys = [(b + t) / 2 for (name, _, _), (b, t) in zip(decoder, dec_spans) if " layer " in name]
    ax.plot([enc_x, enc_x, rail, rail], [out, out + 0.22, out + 0.22, min(layer_ys)], color=theme.foreground,
            linewidth=2.2, solid_joinstyle="round", solid_capstyle="butt")
    for y in layer_ys:
        ax.add_patch(FancyArrowPatch((rail, y), (dec_x - box_w / 2, y), arrowstyle="-|>", mutation_scale=14,
                                     color=theme.foreground, linewidth=2.2, shrinkA=0, shrinkB=0))
    ax.text(enc_x - box_w / 2, out + 0.78, "memory M", ha="left", va="center", fontsize=theme.font_size,
            fontweight="bold")
    ax.text(enc_x - box_w / 2, out + 0.5, "K and V of every cross-attention", ha="left", va="center",
            fontsize=small)
    ax.set_xlim(0, 8)
    ax.set_ylim(0, fig_h)
    return fig
