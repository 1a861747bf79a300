"""Where the LayerNorm goes: norm-last (the original Transformer) and norm-first (the order of GPT-2 and many later models).

Both diagrams are one encoder layer, read bottom to top. The vertical line is the residual stream; each
sublayer branches off it and is added back at ⊕ (the residual connection). Norm-last (left) puts a LayerNorm
on the stream after each addition, so every layer's output is normalised. Norm-first (right) normalises
only what enters each sublayer and leaves the stream itself untouched, which is why a norm-first stack ends
with one more LayerNorm. The numbers beside the stream are the tokens' mean RMS there, from one run of a
seeded attnlab `EncoderLayer` with the same weights both ways on an input of RMS ≈ 3.2. The LayerNorms are the
boxes with a bold outline.
"""  # noqa: E501  the title is the docstring's first line, whole

ALT = """Two flow charts side by side, each a vertical line from "input x" at the bottom to "output" at the top,
with a self-attention branch and then a feed-forward branch leaving it to the right and rejoining at a plus sign.
Left, a bold LayerNorm box sits on the line after each plus sign, and the RMS beside the line reads 1.00 just
above each (3.19 and 1.03 below them). Right, a bold LayerNorm box sits at the foot of each branch instead,
and the RMS on the line stays between 3.13 and 3.21 all the way up."""

from attnlab.examples.transformer import block_order

TITLES = {"norm_last": ("Norm-last: the original paper", "norm_first=False"),
          "norm_first": ("Norm-first (pre-LN)", "norm_first=True")}


def data():
    example = block_order()
    return {
        "orders": list(example.segments),  # ["norm_last", "norm_first"]
        "segments": {k: [[kind, list(n) if kind == "branch" else n] for kind, n in v]
                     for k, v in example.segments.items()},
        "rms": {k: v.tolist() for k, v in example.rms.items()},  # (1 + segments,) each
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

    small = theme.small
    fig, axes = plt.subplots(1, 2, figsize=(8, 6.2), gridspec_kw=dict(wspace=0.04, left=0.01, right=0.99,
                                                                       top=0.99, bottom=0.01))
    box_w, box_h = 2.6, 0.62
    main_x, branch_x = 2.4, 5.4

    def box(ax, x, y, name):
        norm = name == "LayerNorm"  # the subject of the figure: bold, on a panel; the sublayers quiet
        ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h,
                                    boxstyle="round,pad=0,rounding_size=0.12",
                                    facecolor=theme.panel if norm else theme.background,
                                    edgecolor=theme.foreground if norm else theme.muted,
                                    linewidth=2.2 if norm else 0.9, zorder=3))
        ax.text(x, y, name, ha="center", va="center", fontsize=small, fontweight="bold" if norm else "normal",
                zorder=4)

    def line(ax, points, arrow=False):
        xs, ys = zip(*points)
        if arrow:
            ax.plot(xs[:-1], ys[:-1], color=theme.muted, linewidth=1.2, zorder=1)
            ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=10,
                                         color=theme.muted, linewidth=1.2, shrinkA=0, shrinkB=0, zorder=2))
        else:
            ax.plot(xs, ys, color=theme.muted, linewidth=1.2, zorder=1)

    def rms_label(ax, y, value):
        ax.text(main_x - 0.25, y, f"RMS {value:.2f}", ha="right", va="center", fontsize=small)

    room, plus = 0.6, 0.22  # stream length between elements (holds an RMS label); radius of the ⊕
    tops = []
    for ax, order in zip(axes, data["orders"]):
        ax.set_axis_off()
        segments, rms = data["segments"][order], data["rms"][order]
        ax.text(main_x, 0.4, "input x", ha="center", va="top", fontsize=small)
        stream = 0.45  # where the residual stream currently is
        for (kind, names), before in zip(segments, rms):
            rms_label(ax, stream + room / 2, before)
            start, stream = stream, stream + room
            if kind == "branch":
                # x + sublayer(x): leave the stream, run the branch's steps, add the result back at ⊕
                box_y = [stream + 0.9 + i * 1.0 for i in range(len(names))]
                line(ax, [(main_x, stream), (branch_x, stream), (branch_x, box_y[0] - box_h / 2)], arrow=True)
                for lower, upper in zip(box_y, box_y[1:]):
                    line(ax, [(branch_x, lower + box_h / 2), (branch_x, upper - box_h / 2)], arrow=True)
                for by, name in zip(box_y, names):
                    box(ax, branch_x, by, name)
                add_y = box_y[-1] + 0.75
                line(ax, [(branch_x, box_y[-1] + box_h / 2), (branch_x, add_y), (main_x + plus, add_y)], arrow=True)
                line(ax, [(main_x, start), (main_x, add_y - plus)], arrow=True)
                ax.add_patch(Circle((main_x, add_y), plus, facecolor=theme.background, edgecolor=theme.foreground,
                                    linewidth=1.1, zorder=3))
                ax.text(main_x, add_y, "+", ha="center", va="center", fontsize=theme.font_size, zorder=4)
                stream = add_y + plus
            else:
                # a step on the stream itself
                by = stream + box_h / 2
                line(ax, [(main_x, start), (main_x, by - box_h / 2)], arrow=True)
                box(ax, main_x, by, names)
                stream = by + box_h / 2
        rms_label(ax, stream + room / 2, rms[-1])
        line(ax, [(main_x, stream), (main_x, stream + room)], arrow=True)
        ax.text(main_x, stream + room + 0.1, "output", ha="center", va="bottom", fontsize=small)
        tops.append(stream + room + 0.5)
    top = max(tops)
    for ax, order in zip(axes, data["orders"]):
        title, flag = TITLES[order]
        ax.text(0.2, top + 0.95, title, ha="left", va="center", fontsize=theme.font_size * 1.1, fontweight="bold")
        ax.text(0.2, top + 0.45, f"EncoderLayer({flag})", ha="left", va="center", fontsize=small,
                color=theme.muted, family="monospace")
        ax.set_xlim(0, 7.2)
        ax.set_ylim(-0.1, top + 1.3)
    return fig
