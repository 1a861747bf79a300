"""Multi-head attention, the Transformer paper's diagram, with the shape of every tensor from a real call.

From the bottom: the inputs go through one linear projection per head for each role ($W^V_i$, $W^K_i$,
$W^Q_i$: the stacked boxes, $h$ of them), then every head runs scaled dot-product attention on its own queries,
keys and values. The $h$ head outputs are concatenated into $Z$ and a final linear layer, $W^O$, mixes them.
The shapes on the right were recorded from attnlab's `MultiHeadAttention` with $d = 8$ and $h = 2$ narrow heads
of $d_k = d_v = 4$ on the 11 tokens of "The animal didn't cross the road because it was too tired", in PyTorch's
letters (N batch, H heads, L queries, S keys, E features). This is self-attention: queries, keys and values are
all projected from the same input $X$, so S = L (in cross-attention the keys and values would come from the
memory $M$). The output $Y$ has $d$ features, as many as the input, not the $d_v$ of one head.
"""

ALT = """A bottom-up flow chart: three copies of X feed three stacked pairs of projection boxes, whose
coloured arrows (green V, yellow K, purple Q) enter a stacked attention box marked h = 2; above it a Concat
box, a Linear W^O box and a red-orange output arrow. A column of labels on the right gives each tensor's
shape, ending in (1, 11, 8) for the output."""

from attnlab.examples.multi_head import ambiguous_it


def data():
    example = ambiguous_it()
    trace = example.two_trace
    attention = example.two_heads
    return {
        "E": attention.embed_dim,
        "H": attention.num_heads,
        "D": attention.head_dim,
        "shapes": {  # tensor name -> shape of the recorded call
            "input": list(example.X[None].shape),  # (N, L, E)
            "q": list(trace.q.shape),  # (N, H, L, D)
            "k": list(trace.k.shape),  # (N, H, S, D)
            "v": list(trace.v.shape),  # (N, H, S, D)
            "weights": list(trace.weights.shape),  # (N, H, L, S)
            "heads": list(trace.heads.shape),  # (N, H, L, D)
            "z": list(trace.z.shape),  # (N, L, H·D)
            "output": list(trace.output.shape),  # (N, L, E)
        },
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from attnlab.draw.squares import blank_axes

    small = theme.small
    shapes, H = data["shapes"], data["H"]
    fig = plt.figure(figsize=(8, 6.2))
    ax = blank_axes(fig)

    def box(x, y, width, height, text, edge, copies=1):
        """A rounded box centred at (x, y); ``copies`` > 1 draws the stack of per-head boxes behind it."""
        for c in reversed(range(copies)):
            shift = 0.13 * c
            ax.add_patch(FancyBboxPatch((x - width / 2 + shift, y - height / 2 + shift), width, height,
                                        boxstyle="round,pad=0.05", facecolor=theme.panel, edgecolor=edge,
                                        linewidth=1.6, zorder=3 - c * 0.1))
        ax.text(x, y, text, ha="center", va="center", zorder=4)

    def arrow(start, end, color=theme.foreground):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=color, linewidth=1.3,
                                     zorder=2))

    def shape(start, y, name, letters):
        """The recorded shape of ``name``, at height y, with a dotted leader from x = start: the letters, then
        the numbers of the call, in muted type."""
        numbers = ", ".join(str(n) for n in shapes[name])
        ax.plot([start + 0.12, 6.5], [y, y], color=theme.muted, linestyle=":", linewidth=0.9, zorder=1)
        ax.text(6.6, y + 0.17, letters, va="center", fontsize=small, color=theme.foreground)
        ax.text(6.6, y - 0.17, f"= ({numbers})", va="center", fontsize=small, color=theme.muted)

    columns = {"V": (1.4, theme.value), "K": (3.4, theme.key), "Q": (5.4, theme.query)}
    # 1. the input (self-attention: X for every role), and one linear projection per head for each role
    for role, (x, color) in columns.items():  # the input is no role yet; each projection makes one role
        ax.text(x, 0.2, "$X$", ha="center", va="center", fontsize=theme.font_size * 1.2)
        arrow((x, 0.5), (x, 1.35), theme.input)
        box(x, 1.75, 1.5, 0.7, f"$W^{role}_i$", theme.input, copies=H)
        arrow((x, 2.2), (x, 3.1), color)
        ax.text(x + 0.12, 2.65, f"${role}_i$", ha="left", va="center", fontsize=small, color=theme.foreground)
    shape(5.6, 0.2, "input", "$X$: (N, L, E)")
    shape(5.95, 2.65, "q", "$Q_i, K_i, V_i$: (N, H, L, $d_k$)")

    # 2. scaled dot-product attention, once per head
    box(3.4, 3.55, 5.0, 0.75, "Scaled dot-product attention", theme.foreground, copies=H)
    ax.text(0.5, 3.55, f"$h$ = {H}", ha="right", va="center", fontweight="bold")
    ax.text(0.5, 1.75, f"$h$ = {H}", ha="right", va="center", fontweight="bold")
    shape(6.05, 3.55, "weights", "$A_i$: (N, H, L, S)")
    arrow((3.4, 4.05), (3.4, 4.95))
    shape(3.4, 4.5, "heads", "$Z_i = A_i V_i$: (N, H, L, $d_v$)")

    # 3. concatenate the heads, then the output projection W^O
    box(3.4, 5.3, 2.2, 0.6, "Concat", theme.foreground)
    arrow((3.4, 5.65), (3.4, 6.35))
    shape(3.4, 6.0, "z", "$Z$: (N, L, $h d_v$)")
    box(3.4, 6.7, 2.2, 0.6, r"Linear  $W^O$", theme.foreground)
    arrow((3.4, 7.05), (3.4, 7.75), theme.output)
    shape(3.4, 7.5, "output", "$Y = Z W^O$: (N, L, E)")

    ax.set_xlim(-0.5, 11.3)
    ax.set_ylim(-0.2, 8.0)
    return fig
