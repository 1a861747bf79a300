"""Three ways to give two heads their queries: wide, narrow (the right split), and split inputs (the wrong one).

Top: wide heads, each with its own full-size projection $W^Q_i$, so each head's queries have all $d$ features.
Middle: narrow heads, the Transformer's way: one projection $X W^Q$ whose output columns are cut into two chunks
of $d/h$, one per head; every head's queries still depend on every input feature. Bottom: the wrong way: the
input features are cut in two and each head projects only its half, so no head can relate features across the
cut. Values from attnlab's `MultiHeadAttention` with seeded weights.
"""

ALT = """Three rows of small square matrices, each a product written as X × W = head: slate input squares,
grey weight squares, purple query squares, with a solid outline for head 1 and a dashed one for head 2.
The top row repeats the whole 2 × 4 input for each head with its own 4 × 4 weights; the middle row outlines
two column halves of a single 4 × 4 weight matrix, marked with a check; the bottom row outlines two column
halves of the input, each multiplied by its own 2 × 2 weights, marked with a cross."""

from attnlab.examples.multi_head import head_split


def data():
    split = head_split()
    return {name: getattr(split, name).tolist() for name in
            ("x", "wide_w", "wide_q", "narrow_w", "narrow_q", "wrong_x", "wrong_w", "wrong_q")}


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    size = 0.5
    fig = plt.figure(figsize=(8, 5.4))
    ax = blank_axes(fig)
    vmax = max(abs(v) for key in data for row in _rows(data[key]) for v in row)

    def block(values, color, x, y, text=None):
        """Squares with their top-left at (x, y) and an optional label above; returns the right edge."""
        width, height = draw_squares(ax, values, color=color, theme=theme, x=x, y=y, size=size, vmax=vmax)
        if text:
            ax.text(x + width / 2, y + 0.12, text, ha="center", va="bottom", fontsize=theme.small)
        return x + width

    def head_box(x, y, width, height, head, pad=0.06):
        """Outline head ``head``'s block (solid for head 1, dashed for head 2); a negative ``pad`` draws it inside."""
        ax.add_patch(Rectangle((x - pad, y - height - pad), width + 2 * pad, height + 2 * pad, fill=False,
                               edgecolor=theme.foreground, linewidth=1.6, linestyle="-" if head == 0 else "--"))

    def symbol(x, y, text):
        ax.text(x, y, text, ha="center", va="center", fontsize=theme.font_size * 1.2)

    def heading(y, text):
        ax.text(0.0, y, text, fontsize=theme.font_size * 1.1, fontweight="bold", va="bottom")

    def verdict(x, y, mark, text):
        """The row's verdict, a bold ✓ or ✗ and a two-line note, left-aligned at x, centred on y."""
        ax.text(x, y, mark, fontsize=theme.font_size * 1.6, fontweight="bold", va="center", ha="left")
        ax.text(x + 0.75, y, text, fontsize=theme.font_size, va="center", ha="left", linespacing=1.3)

    # 1. wide: one full-size projection per head
    heading(8.9, "Wide heads: one full-size projection per head")
    left = 0.0
    for h, (w, q) in enumerate(zip(data["wide_w"], data["wide_q"])):
        after_x = block(data["x"], theme.input, left, 8.1, "X")
        symbol(after_x + 0.45, 7.6, "×")
        after_w = block(w, theme.muted, after_x + 0.9, 8.1, f"$W^Q_{h + 1}$")
        symbol(after_w + 0.4, 7.6, "=")
        end = block(q, theme.query, after_w + 0.8, 8.1, f"head {h + 1}")
        head_box(after_w + 0.8, 8.1, end - after_w - 0.8, 2 * size, h)
        left = end + 1.4

    # 2. narrow, the right way: one projection, its output columns cut into heads
    heading(5.2, "Narrow heads: cut the projection's output columns")
    right = block(data["x"], theme.input, 0.0, 4.4, "X")
    symbol(right + 0.45, 3.9, "×")
    after_w = block(data["narrow_w"], theme.muted, right + 0.9, 4.4, "$W^Q$")
    head_width = len(data["narrow_q"][0][0]) * size
    for h in range(len(data["narrow_q"])):
        head_box(right + 0.9 + h * head_width, 4.4, head_width, len(data["narrow_w"]) * size, h,
                 pad=-0.05)  # inside its columns: the two heads' blocks of one matrix do not overlap
    symbol(after_w + 0.4, 3.9, "=")
    left = after_w + 0.8
    for h, q in enumerate(data["narrow_q"]):
        end = block(q, theme.query, left, 4.4, f"head {h + 1}")
        head_box(left, 4.4, end - left, 2 * size, h)
        left = end + 0.5
    verdict(12.0, 3.6, "✓", "every head sees\nevery feature")

    # 3. narrow, the wrong way: cut the input features, project each chunk alone
    heading(1.5, "Split inputs: cut X's features before projecting")
    left, D = 0.25, len(data["wrong_x"][0][0])
    for h, (chunk, w, q) in enumerate(zip(data["wrong_x"], data["wrong_w"], data["wrong_q"])):
        after_x = block(chunk, theme.input, left, 0.7, f"X[:, {h * D}:{(h + 1) * D}]")
        head_box(left, 0.7, after_x - left, 2 * size, h)
        symbol(after_x + 0.4, 0.2, "×")
        after_w = block(w, theme.muted, after_x + 0.8, 0.7, f"$W^Q_{h + 1}$")
        symbol(after_w + 0.4, 0.2, "=")
        end = block(q, theme.query, after_w + 0.8, 0.7, f"head {h + 1}")
        left = end + 1.4
    verdict(12.0, 0.2, "✗", "no head sees\nall features")

    ax.set_xlim(-0.2, 17.2)
    ax.set_ylim(-0.5, 9.4)
    return fig


def _rows(values):
    """The rows of a vector, a matrix or a stack of matrices, as lists of numbers."""
    if not isinstance(values[0], list):
        return [values]
    return [row for item in values for row in _rows(item)]
