r"""Without positions, "Mary gave roses to Susan" and "Susan gave roses to Mary" give "gave" the same output.

Top, plain self-attention on the word embeddings: the weights of the query "gave" (left, over each sentence's
own words) are the same numbers, just carried along with the swapped names, so its output
$\mathbf{y}_{\text{gave}}$ (right) is identical in both sentences; their difference is zero up to rounding.
Bottom, a preview of the next page: the same after adding to every word a vector that depends on its position
(PE, the sinusoidal table): the weights and $\mathbf{y}_{\text{gave}}$ now differ, so the model can tell the
giver from the receiver. Parameter-free attention, $A = \mathrm{softmax}(X X^\top)$ and $Y = AX$, on seeded
embeddings ($d = 8$), from attnlab.
"""

from attnlab.examples.worked import mary_susan


def data():
    example = mary_susan()
    g = example.gave_index
    return {
        "sentences": [list(s) for s in example.sentences],  # (2, L)
        "gave_index": g,
        "w_plain": example.W_plain[:, g].tolist(),  # (2, L) the weights of "gave" in each sentence
        "w_pos": example.W_pos[:, g].tolist(),  # (2, L)
        "y_plain": example.y_gave_plain.tolist(),  # (2, E)
        "y_pos": example.y_gave_pos.tolist(),  # (2, E)
        "diff_plain": (example.y_gave_plain[0] - example.y_gave_plain[1]).tolist(),  # (E,)
        "diff_pos": (example.y_gave_pos[0] - example.y_gave_pos[1]).tolist(),  # (E,)
        "gap_plain": example.gap_plain,
        "gap_pos": example.gap_pos,
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.squares import blank_axes, draw_squares

    fig = plt.figure(figsize=(8, 5.6))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    size = 0.95
    E = len(data["y_plain"][0])
    vmax = max(abs(v) for key in ("y_plain", "y_pos") for row in data[key] for v in row)
    dmax = max(abs(v) for key in ("diff_plain", "diff_pos") for v in data[key])
    y_left = 6.9  # left edge of the y_gave squares
    top = 0.0
    blocks = (("Without positions: attention on X", "w_plain", "y_plain", "diff_plain", "gap_plain"),
              ("With positions: attention on X + PE", "w_pos", "y_pos", "diff_pos", "gap_pos"))
    for title, w_key, y_key, d_key, gap_key in blocks:
        ax.text(-1.2, top, title, ha="left", va="center", fontsize=theme.font_size * 1.1, fontweight="bold")
        ax.text(0.0 + 2.5 * size, top - 0.55, "weights of the query “gave”", ha="center", va="center",
                fontsize=small, color=theme.muted)
        ax.text(y_left + E * size / 2, top - 0.55, r"output $\mathbf{y}_\mathrm{gave}$", ha="center", va="center",
                fontsize=small, color=theme.muted)
        row_top = top - 1.2
        for s, (sentence, weights, y) in enumerate(zip(data["sentences"], data[w_key], data[y_key])):
            for j, token in enumerate(sentence):
                ax.text((j + 0.5) * size, row_top + 0.05, token, ha="center", va="bottom", fontsize=small,
                        fontweight="bold" if j == data["gave_index"] else "normal")
            draw_squares(ax, [weights], color=theme.output, theme=theme, x=0.0, y=row_top, size=size, vmax=1.0,
                         annotate=True, fmt="{:.2f}", fontsize=small)
            draw_squares(ax, [y], color=theme.value, theme=theme, x=y_left, y=row_top, size=size, vmax=vmax,
                         annotate=True, fmt="{:.2f}", fontsize=small)
            ax.text(y_left - 0.15, row_top - size / 2, f"sentence {s + 1}", ha="right", va="center",
                    fontsize=small)
            row_top -= size + 0.55
        diff_top = row_top + 0.3
        draw_squares(ax, [data[d_key]], color=theme.output, theme=theme, x=y_left, y=diff_top, size=size,
                     vmax=dmax, annotate=True, fmt="{:.2f}", fontsize=small)
        ax.text(y_left - 0.15, diff_top - size / 2, "difference", ha="right", va="center", fontsize=small)
        ax.text(y_left + E * size + 0.2, diff_top - size / 2, f"max |Δ|\n{data[gap_key]:.2g}", ha="left",
                va="center", fontsize=small)
        top = diff_top - size - 0.8
    ax.set_xlim(-1.3, y_left + E * size + 1.9)
    ax.set_ylim(top + 0.5, 0.5)
    return fig
