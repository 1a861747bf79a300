"""Cross-attention that a model learned: each decoder step of the corners transformer, over the encoder's steps.

The tiny transformer trained on the square-corners task, on one sequence (left: source squares 1-2, target
circles 3-4). Right: its cross-attention weights, one grid per head; row t is decoder step t (its query comes
from the decoder), column s is source corner s (keys and values come from the encoder), every row sums to 1.
Head 2 learned the alignment the task invites: step 1, which predicts corner 3, looks at corner 1, and step 2
looks at corner 2, because on a square centred at the origin each target corner is minus the source corner
two steps earlier. Head 1 mostly reads corner 1. Weights as trained at build time, not set by hand.
"""

from attnlab.examples.encoder_decoder import FIGURE_EXAMPLE
from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer


def data():
    model, _ = trained_corners_transformer()
    trace = corners_attention_trace(model, FIGURE_EXAMPLE)
    return {
        "src": trace.src.tolist(),  # (S, 2)
        "tgt": trace.tgt.tolist(),  # (L, 2)
        "source_labels": list(trace.source_labels),  # (S,)
        "target_labels": list(trace.target_labels),  # (L,)
        "cross": trace.cross[-1].tolist(),  # (H, L, S) last (only) decoder layer
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    from attnlab.draw.heatmaps import attention_heatmap
    from attnlab.theme import ink_on

    small = theme.font_size * 0.9
    H, S = len(data["cross"]), len(data["src"])
    fig, axes = plt.subplots(1, H + 1, figsize=(8, 2.9), gridspec_kw={"width_ratios": [0.8] + [1.0] * H,
                                                                       "wspace": 0.6})
    example, heads = axes[0], axes[1:]

    # 1. the sequence itself
    points = data["src"] + data["tgt"]
    for a, b in zip(points[:-1], points[1:]):
        example.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=9, color=theme.muted, linewidth=0.8,
                                          shrinkA=8, shrinkB=8))
    for step, (x, y) in enumerate(points):
        fill = theme.key if step < S else theme.output
        example.scatter([x], [y], s=200, marker="s" if step < S else "o", color=fill, edgecolor=theme.foreground,
                        linewidth=0.8, zorder=3)
        example.text(x, y, str(step + 1), ha="center", va="center", fontsize=small, color=ink_on(theme, fill),
                     fontweight="bold", zorder=4)
    example.set_xlim(-1.5, 1.5)
    example.set_ylim(-1.5, 1.5)
    example.set_aspect("equal")
    example.set_axis_off()

    # 2. one grid of weights per head: rows = decoder steps (queries), columns = source corners (keys)
    rows = [f"step {t + 1}, predicts\n{t + S + 1}: {label}" for t, label in enumerate(data["target_labels"])]
    cols = [f"{s + 1}: {label}" for s, label in enumerate(data["source_labels"])]
    for h, (ax, weights) in enumerate(zip(heads, data["cross"])):
        attention_heatmap(ax, weights, theme=theme, row_labels=rows if h == 0 else [""] * len(rows),
                          col_labels=cols)  # (L, S)
        ax.set_title(f"head {h + 1}", fontsize=small)
        ax.set_xlabel("encoder: source corner", fontsize=small)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.16)
    return fig
