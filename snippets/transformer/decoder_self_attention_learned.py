"""Decoder masked self-attention learned by the corners transformer: no step looks ahead.

Each small heatmap is one head of the decoder's self-attention on one sequence of the square-corners task.
The decoder reads the last source corner, then the first target corner (the target shifted right); rows are
queries, columns keys. The cell above the diagonal is the future and is blocked (hatched, weight exactly 0),
so the first row is one-hot; the second step may mix both. Weights from attnlab's tiny Transformer trained
on the task with a causal mask, on the same four sequences as the encoder figure.
"""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLES = (0, 1, 2, 3)  # the sequences of the encoder self-attention figure


def data():
    model, _ = trained_corners_transformer()
    traces = [corners_attention_trace(model, i) for i in EXAMPLES]
    return {
        "examples": list(EXAMPLES),
        "decoder_labels": [list(t.decoder_labels) for t in traces],  # (X, L)
        "target_labels": [list(t.target_labels) for t in traces],  # (X, L)
        "weights": [t.decoder_self.tolist() for t in traces],  # (X, layers, H, L, L)
    }


def draw(data, theme):
    from attnlab.draw.heatmaps import head_grid

    L = len(data["decoder_labels"][0])
    causal = [[j <= i for j in range(L)] for i in range(L)]  # (L, L) True = may attend: no step sees the future
    fig, axes = head_grid(data["weights"], data["decoder_labels"], theme=theme, allowed=causal, blocked_fmt="{:g}")
    for ax, labels, targets in zip(axes[0], data["decoder_labels"], data["target_labels"]):
        ax.set_title(f"reads {labels[0]}, {labels[1]}\npredicts {targets[0]}, {targets[1]}",
                     fontsize=theme.font_size * 0.9, pad=20)
        ax.text(0.5, 1.03, "keys", transform=ax.transAxes, ha="center", va="bottom", color=theme.muted,
                fontsize=theme.font_size * 0.9)
    return fig
