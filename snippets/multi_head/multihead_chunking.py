"""Three ways to give two heads their queries: wide, narrow (the right split), and split inputs (the wrong one).

Top: wide heads, each with its own full-size projection $W^Q_i$, so each head's queries have all $d$ features.
Middle: narrow heads, the Transformer's way: one projection $X W^Q$ whose output columns are cut into two chunks
of $d/h$, one per head; every head's queries still depend on every input feature. Bottom: the wrong way: the
input features are cut in two and each head projects only its half, so no head can relate features across the
cut. Values from attnlab's `MultiHeadAttention` with seeded weights.
"""

from attnlab.examples.heads import head_split


def data():
    split = head_split()
    return {name: getattr(split, name).tolist() for name in
            ("x", "wide_w", "wide_q", "narrow_w", "narrow_q", "wrong_x", "wrong_w", "wrong_q")}


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    size = 0.5
    fig = plt.figure(figsize=(8, 4.9))
    ax = blank_axes(fig)
    vmax = max(abs(v) for key in data for row in _rows(data[key]) for v in row)

    def block(values, color, x, y, text=None):
        """Squares with their top-left at (x, y) and an optional label above; returns the right edge."""
        width, height = draw_squares(ax, values, color=color, theme=theme, x=x, y=y, size=size, vmax=vmax)
        if text:
            ax.text(x + width / 2, y + 0.12, text, ha="center", va="bottom", fontsize=theme.font_size * 0.9)
        return x + width

    def head_box(x, y, width, height, head):
        ax.add_patch(Rectangle((x - 0.06, y - height - 0.06), width + 0.12, height + 0.12, fill=False,
                               edgecolor=theme.foreground, linewidth=1.6, linestyle="-" if head == 0 else "--"))

    def symbol(x, y, text):
        ax.text(x, y, text, ha="center", va="center", fontsize=theme.font_size * 1.2)

    def title(y, text, verdict=None, color=None):
        ax.text(0.0, y, text, fontsize=theme.font_size * 1.1, fontweight="bold", va="bottom")
        if verdict:
            ax.text(17.0, y, verdict, fontsize=theme.font_size, color=color, va="bottom", ha="right", fontweight="bold")

    # 1. wide: one full-size projection per head
    title(8.2, "Wide heads: each head projects to all $d$ features")
    left = 0.0
    for h, (w, q) in enumerate(zip(data["wide_w"], data["wide_q"])):
        after_x = block(data["x"], theme.value, left, 7.4, "X")
        symbol(after_x + 0.45, 6.9, "×")
        after_w = block(w, theme.muted, after_x + 0.9, 7.4, f"$W^Q_{h + 1}$")
        symbol(after_w + 0.4, 6.9, "=")
        end = block(q, theme.query, after_w + 0.8, 7.4, f"head {h + 1}")
        head_box(after_w + 0.8, 7.4, end - after_w - 0.8, 2 * size, h)
        left = end + 1.4

    # 2. narrow, the right way: one projection, its output columns cut into heads
    title(4.7, "Narrow heads (right): cut the output columns", "✓ every head sees every feature", theme.value)
    right = block(data["x"], theme.value, 0.0, 3.9, "X")
    symbol(right + 0.45, 3.4, "×")
    after_w = block(data["narrow_w"], theme.muted, right + 0.9, 3.9, "$W^Q$")
    head_width = len(data["narrow_q"][0][0]) * size
    for h in range(len(data["narrow_q"])):
        head_box(right + 0.9 + h * head_width, 3.9, head_width, len(data["narrow_w"]) * size, h)
    symbol(after_w + 0.4, 3.4, "=")
    left = after_w + 0.8
    for h, q in enumerate(data["narrow_q"]):
        end = block(q, theme.query, left, 3.9, f"head {h + 1}")
        head_box(left, 3.9, end - left, 2 * size, h)
        left = end + 0.3

    # 3. narrow, the wrong way: cut the input features, project each chunk alone
    title(1.2, "Split inputs (wrong): cut X's features before projecting", "✗ no head sees all features", theme.output)
    left, D = 0.0, len(data["wrong_x"][0][0])
    for h, (chunk, w, q) in enumerate(zip(data["wrong_x"], data["wrong_w"], data["wrong_q"])):
        after_x = block(chunk, theme.value, left, 0.4, f"X[:, {h * D}:{(h + 1) * D}]")
        head_box(left, 0.4, after_x - left, 2 * size, h)
        symbol(after_x + 0.4, -0.1, "×")
        after_w = block(w, theme.muted, after_x + 0.8, 0.4, f"$W^Q_{h + 1}$")
        symbol(after_w + 0.4, -0.1, "=")
        end = block(q, theme.query, after_w + 0.8, 0.4, f"head {h + 1}")
        left = end + 1.4

    ax.set_xlim(-0.2, 17.2)
    ax.set_ylim(-0.8, 8.7)
    return fig


def _rows(values):
    """The rows of a vector, a matrix or a stack of matrices, as lists of numbers."""
    if not isinstance(values[0], list):
        return [values]
    return [row for item in values for row in _rows(item)]
