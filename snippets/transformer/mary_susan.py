r"""Without positions, "Mary gave roses to Susan" and "Susan gave roses to Mary" give "gave" the same output.

Top, plain self-attention on the word embeddings: the weights of the query "gave" (left, over each sentence's
own words) are the same numbers, just carried along with the swapped names, so its output
$\mathbf{y}_{\text{gave}}$ (right) is identical in both sentences; their difference is zero up to rounding.
Bottom, a preview of the next page: the same after adding to every word a vector that depends on its position
(PE, the sinusoidal table): the weights and $\mathbf{y}_{\text{gave}}$ now differ, so the model can tell the
giver from the receiver. Parameter-free attention, $A = \mathrm{softmax}(X X^\top)$ and $Y = AX$, on seeded
embeddings ($d = 8$), from attnlab. A larger weight is a stronger blue; the difference row is blue where
sentence 1 is larger and grey where it is smaller.
"""

ALT = """Two blocks, one above the other. In each, two rows stand for the two sentences: on the left the five
words with the weight of "gave" under each word (0.89 on "gave" itself), on the right the eight numbers of its
output; a third row below gives the difference of the outputs. In the upper block that row is all zeros (largest
gap 2.8e-17), marked identical; in the lower block it runs from −0.09 to 0.08, marked different."""

from attnlab.examples.transformer import mary_susan


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
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_heat, draw_squares

    fig = plt.figure(figsize=(8, 6.4))
    ax = blank_axes(fig)
    small = theme.small
    size = 1.0  # wide enough for a word over a weight and for "−1.2" in an output entry
    E, L = len(data["y_plain"][0]), len(data["sentences"][0])
    vmax = max(abs(v) for key in ("y_plain", "y_pos") for row in data[key] for v in row)
    dmax = max(abs(v) for key in ("diff_plain", "diff_pos") for v in data[key])
    y_left = L * size + 0.5  # left edge of the y_gave squares
    top = 0.0
    blocks = (("Without positions: attention on X", "w_plain", "y_plain", "diff_plain", "gap_plain", "identical"),
              ("With positions: attention on X + PE", "w_pos", "y_pos", "diff_pos", "gap_pos", "different"))
    for title, w_key, y_key, d_key, gap_key, verdict in blocks:
        # 1. the heading and the column headings
        ax.text(0.0, top, title, ha="left", va="center", fontsize=theme.font_size * 1.1, fontweight="bold")
        ax.text(L * size / 2, top - 0.7, "weight of each word for “gave”", ha="center", va="center",
                fontsize=small, color=theme.muted)
        ax.text(y_left + E * size / 2, top - 0.7, r"output $\mathbf{y}_\mathrm{gave}$", ha="center",
                va="center", fontsize=small, color=theme.muted)
        row_top = top - 1.45
        for sentence, weights, y in zip(data["sentences"], data[w_key], data[y_key]):
            # 2. one sentence: its words over the weights of "gave", then the output of "gave"
            for j, token in enumerate(sentence):
                ax.text((j + 0.5) * size, row_top + 0.08, token, ha="center", va="bottom", fontsize=small,
                        fontweight="bold" if j == data["gave_index"] else "normal")
            draw_heat(ax, [weights], cmap=theme.sequential_cmap, vmin=0.0, vmax=1.0, theme=theme, x=0.0,
                      y=row_top, size=size)
            draw_squares(ax, [y], color=theme.output, theme=theme, x=y_left, y=row_top, size=size, vmax=vmax,
                         annotate=True, fmt="{:.1f}", fontsize=small)  # one decimal: "−1.2" fits its square
            row_top -= size + 0.6
        # 3. the difference of the two outputs, with its verdict
        diff_top = row_top + 0.35
        draw_heat(ax, [data[d_key]], cmap=theme.diverging_cmap, vmin=-dmax, vmax=dmax, theme=theme, x=y_left,
                  y=diff_top, size=size, fmt=_hundredths)
        ax.add_patch(Rectangle((y_left - 0.06, diff_top - size - 0.06), E * size + 0.12, size + 0.12,
                               fill=False, edgecolor=theme.foreground, linewidth=2.0, zorder=5))
        ax.text(y_left - 0.25, diff_top - size / 2 + 0.05, f"difference: {verdict}", ha="right", va="bottom",
                fontsize=small, fontweight="bold")
        ax.text(y_left - 0.25, diff_top - size / 2 - 0.05, f"largest |Δ| = {_number(data[gap_key])}", ha="right",
                va="top", fontsize=small)
        top = diff_top - size - 1.0
    ax.set_xlim(-0.1, y_left + E * size + 0.1)
    ax.set_ylim(top + 0.6, 0.45)
    return fig


def _hundredths(value):
    """A small difference to two decimals without the leading zero: −.09, .00 (as wide as a square allows)."""
    return f"{round(value, 2) + 0.0:.2f}".replace("0.", ".", 1)


def _number(value):
    """``value`` to two significant digits, a tiny one as $m \\times 10^{e}$."""
    if abs(value) >= 1e-3:
        return f"{value:.2g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"${mantissa} \times 10^{{{int(exponent)}}}$"
