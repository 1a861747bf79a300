"""Padding: short sentences are filled up with a `<pad>` token, and the mask sets the scores of pad positions to −∞.

Top: a batch of two source sentences of different lengths. The shorter one is padded at the end with the `<pad>`
token, whose embedding is an ordinary vector (zero here, as `nn.Embedding`'s `padding_idx` makes it), not −∞;
the `key_padding_mask` marks those positions (`True` = padding). Bottom, for the padded sentence: the decoder's
queries (`<start>`, la, zone) against the encoder's keys. The mask turns the pad columns' scores into −∞, so
after the softmax their weights are exactly 0 and the real words share all the weight. Without the mask
(right, outlined) the pads would take about a fifth of the weight each.
"""

ALT = """Top: two rows of token boxes, "the zone <pad> <pad>" with the two pads dashed and empty, and "the European
economic zone", each followed by its four mask entries (False False True True; all False), and the pad
embedding written out as (0, 0, 0, 0). Bottom: three 3 by 4 grids for the queries <start>, la, zone: masked
scores with −∞ in both pad columns, weights with 0.00 there, and unmasked weights where the outlined pad
columns hold 0.19 to 0.22."""

from attnlab.examples.encoder_decoder import padded_cross_attention

SHOWN = 0  # the padded sentence of the batch


def data():
    example = padded_cross_attention()
    scores = example.scores[SHOWN]  # (L, S) -inf at pad columns
    return {
        "src_tokens": [list(s) for s in example.src_tokens],  # (N, S)
        "key_padding_mask": example.key_padding_mask.tolist(),  # (N, S) True = padding
        "pad_embedding": example.embeddings[example.pad_id].tolist(),  # (E,)
        "pad_token": example.vocab[example.pad_id],
        "queries": list(example.tgt_tokens[SHOWN]),  # (L,)
        "keys": list(example.src_tokens[SHOWN]),  # (S,)
        "scores": [[None if s == float("-inf") else s for s in row] for row in scores.tolist()],  # (L, S) None = -inf
        "weights": example.weights[SHOWN].tolist(),  # (L, S)
        "weights_unmasked": example.weights_unmasked[SHOWN].tolist(),  # (L, S)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import number_text
    from attnlab.theme import ink_on, shade

    small = theme.small
    fig = plt.figure(figsize=(8, 5.9))
    grid = fig.add_gridspec(2, 3, height_ratios=[0.8, 1.25], width_ratios=[1.12, 1, 1], hspace=0.3, wspace=0.07,
                            left=0.13, right=0.985, top=0.99, bottom=0.12)

    # 1. the padded batch, token by token, with its key_padding_mask
    batch = fig.add_subplot(grid[0, :])
    batch.set_axis_off()
    width, mask_width, height = 1.4, 0.78, 0.6
    mask_x = 4 * width + 0.3
    batch.text(mask_x + 2 * mask_width, 1.85, "key_padding_mask\n(True = padding)", ha="center", va="bottom",
               fontsize=small)
    token_fill = shade(theme, theme.input, 0.4)  # a plain input: no role yet
    for n, (tokens, padding) in enumerate(zip(data["src_tokens"], data["key_padding_mask"])):
        y = 1.1 - n * 0.8
        batch.text(-0.1, y + height / 2, f"sentence {n + 1}", ha="right", va="center", fontsize=small)
        for s, (token, pad) in enumerate(zip(tokens, padding)):
            batch.add_patch(Rectangle((s * width, y), width - 0.06, height,
                                      facecolor=theme.panel if pad else token_fill,
                                      edgecolor=theme.muted if pad else token_fill, linewidth=0.8,
                                      linestyle="--" if pad else "-"))
            batch.text(s * width + (width - 0.06) / 2, y + height / 2, token, ha="center", va="center", fontsize=small,
                       color=theme.muted if pad else ink_on(theme, token_fill))
            batch.text(mask_x + (s + 0.5) * mask_width, y + height / 2, str(pad), ha="center", va="center",
                       fontsize=small, color=theme.foreground if pad else theme.muted,
                       fontweight="bold" if pad else "normal")
    vector = ", ".join(f"{v:g}" for v in data["pad_embedding"])
    batch.text(0.0, -0.35, f"the embedding of {data['pad_token']} is an ordinary vector, ({vector}), not −∞",
               va="center", fontsize=small)
    batch.set_xlim(-1.2, mask_x + 4 * mask_width + 0.1)
    batch.set_ylim(-0.6, 2.85)

    # 2. the padded sentence: masked scores, weights, and the weights a missing mask would give
    cmap = plt.get_cmap(theme.sequential_cmap)
    diverging = plt.get_cmap(theme.diverging_cmap)
    finite = [abs(v) for row in data["scores"] for v in row if v is not None]
    panels = (("Scores, masked", data["scores"]), ("Weights", data["weights"]),
              ("Weights, no mask", data["weights_unmasked"]))
    for col, (title, grid_values) in enumerate(panels):
        ax = fig.add_subplot(grid[1, col])
        for t, row in enumerate(grid_values):
            for s, value in enumerate(row):
                if value is None:
                    fill, text = theme.panel, "−∞"
                elif col == 0:
                    fill, text = to_hex(diverging(0.5 + 0.5 * value / max(finite))), number_text("{:.2f}", value)
                else:
                    fill, text = to_hex(cmap(value)), f"{value:.2f}"
                ax.add_patch(Rectangle((s - 0.5, t - 0.5), 1, 1, facecolor=fill, edgecolor=theme.background,
                                       linewidth=1.5))
                ax.text(s, t, text, ha="center", va="center", fontsize=small, color=ink_on(theme, fill))
        ax.set_xlim(-0.5, len(data["keys"]) - 0.5)
        ax.set_ylim(len(data["queries"]) - 0.5, -0.5)
        ax.set_xticks(range(len(data["keys"])), [""] * len(data["keys"]))
        pads = [s for s, pad in enumerate(data["key_padding_mask"][SHOWN]) if pad]
        below = len(data["queries"]) - 0.4
        for s, key in enumerate(data["keys"]):
            if s not in pads:
                ax.text(s, below, key, ha="center", va="top", fontsize=small, clip_on=False)
        # the pad columns share one label (a <pad> is wider than its column), under a bracket spanning them
        ax.plot([pads[0] - 0.4, pads[0] - 0.4, pads[-1] + 0.4, pads[-1] + 0.4],
                [below - 0.02, below + 0.06, below + 0.06, below - 0.02], color=theme.muted, linewidth=1.0,
                clip_on=False)
        ax.text((pads[0] + pads[-1]) / 2, below + 0.12, data["pad_token"], ha="center", va="top", fontsize=small,
                clip_on=False)
        ax.set_yticks(range(len(data["queries"])), data["queries"] if col == 0 else [""] * len(data["queries"]))
        ax.set_title(title)
        ax.tick_params(labelsize=small, length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        if col == 2:  # the weight the pads take when nothing masks them
            ax.add_patch(Rectangle((pads[0] - 0.47, -0.47), len(pads) - 0.06, len(data["queries"]) - 0.06,
                                   facecolor="none", edgecolor=theme.foreground, linewidth=2.2, zorder=3))
        if col == 0:
            ax.set_ylabel("decoder query", fontsize=small)
        if col == 1:
            ax.set_xlabel("encoder key", fontsize=small, labelpad=28)
    return fig
