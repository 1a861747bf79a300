"""Cross-attention that a model learned: each decoder step of the corners model, over the encoder's steps.

The tiny corners model trained on the square-corners task, on two sequences (each drawn as source squares
1-2 and target circles 3-4, beside its weights $A$). Row t is decoder step t (its query comes from the
decoder), column s is source corner s (keys and values come from the encoder); every row sums to 1. Step 1,
which predicts corner 3, looks at source corner 1 in both: the alignment the task invites, since on a square
centred at the origin corner 3 is minus corner 1. Step 2 looks at corner 2 on the walk from BL (left), but
stays on corner 1 on the walk from TR (right, outlined). Weights as trained at build time, not set by hand.
"""

ALT = """Two pairs of panels. Left pair: the walk from BL, slate squares 1 and 2 at BL and BR, hollow circles 3 and
4 at TR and TL, beside a 2 by 2 grid of weights with 0.93 and 0.91 on its diagonal. Right pair: the walk from TR
(1 at TR, 2 at TL, 3 at BL, 4 at BR) beside a grid whose first column holds 0.99 and 1.00; the 1.00 cell, step 2
on corner 1, is outlined."""

from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, FIGURE_EXAMPLE, corners_model
from attnlab.examples.toy_models import corners_attention_trace

EXAMPLES = (CORNERS_EXAMPLE, FIGURE_EXAMPLE)  # the aligned walk, then the walk whose step 2 stays on corner 1


def data():
    model, _ = corners_model()
    traces = [corners_attention_trace(model, example) for example in EXAMPLES]
    return {
        "examples": list(EXAMPLES),
        "src": [trace.src.tolist() for trace in traces],  # (X, S, 2)
        "tgt": [trace.tgt.tolist() for trace in traces],  # (X, L, 2)
        "source_labels": [list(trace.source_labels) for trace in traces],  # (X, S)
        "target_labels": [list(trace.target_labels) for trace in traces],  # (X, L)
        "cross": [trace.cross[-1, 0].tolist() for trace in traces],  # (X, L, S) the only layer's only head
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.heatmaps import attention_heatmap
    from attnlab.theme import ink_on

    small = theme.small
    X, S = len(data["cross"]), len(data["src"][0])
    fig, axes = plt.subplots(1, 2 * X, figsize=(8, 2.6), gridspec_kw={"width_ratios": [0.75, 1.0] * X,
                                                                       "wspace": 0.55})

    for x in range(X):
        example, grid = axes[2 * x], axes[2 * x + 1]
        # 1. the sequence itself
        points = data["src"][x] + data["tgt"][x]
        for a, b in zip(points[:-1], points[1:]):
            example.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=9, color=theme.muted,
                                              linewidth=0.8, shrinkA=8, shrinkB=8))
        for step, (px, py) in enumerate(points):
            fill = theme.input if step < S else theme.background  # source given (filled), target to predict (hollow)
            example.scatter([px], [py], s=260, marker="s" if step < S else "o", color=fill,
                            edgecolor=theme.foreground, linewidth=1.2, zorder=3)
            example.text(px, py, str(step + 1), ha="center", va="center", fontsize=small,
                         color=ink_on(theme, fill), fontweight="bold", zorder=4)
        example.set_xlim(-1.5, 1.5)
        example.set_ylim(-1.5, 1.5)
        example.set_aspect("equal")
        example.set_axis_off()
        start = data["source_labels"][x][0]
        example.set_title(f"Walk from {start}")

        # 2. its weights: rows = decoder steps (queries), columns = source corners (keys and values)
        rows = [f"step {t + 1}\n→ {t + S + 1}: {label}" for t, label in enumerate(data["target_labels"][x])]
        cols = [f"{s + 1}: {label}" for s, label in enumerate(data["source_labels"][x])]
        attention_heatmap(grid, data["cross"][x], theme=theme, row_labels=rows, col_labels=cols)  # (L, S)
        grid.set_xlabel("source corner", fontsize=small)
        # where the two walks part: step 2 of the walk from TR stays on corner 1
        t, s = len(rows) - 1, max(range(S), key=lambda s: data["cross"][x][-1][s])
        if s != t:
            grid.add_patch(Rectangle((s - 0.5, t - 0.5), 1.0, 1.0, facecolor="none", edgecolor=theme.foreground,
                                     linewidth=2.6, zorder=3, clip_on=False))
            grid.add_patch(Rectangle((s - 0.44, t - 0.44), 0.88, 0.88, facecolor="none", edgecolor=theme.background,
                                     linewidth=1.4, zorder=3))  # an inner ring: the outline reads on a deep cell
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.2)
    return fig
