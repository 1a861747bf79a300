"""Encoder self-attention learned by the corners transformer: every source corner looks at both corners.

Each small heatmap is one head of the encoder's self-attention layer on one sequence of the square-corners
task: rows are queries, columns are keys, both the two source corners (for example TR then BR). Nothing is
masked, so a corner may look back at the corner before it and ahead at the corner after it; every row sums
to 1. The weights come from attnlab's tiny Transformer trained on the task (1 layer, 2 heads), not set by hand.
"""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLES = (0, 1, 2, 3)  # sequences of the fixed figure set: two clockwise, two counter-clockwise


def data():
    model, _ = trained_corners_transformer()
    traces = [corners_attention_trace(model, i) for i in EXAMPLES]
    return {
        "examples": list(EXAMPLES),
        "source_labels": [list(t.source_labels) for t in traces],  # (X, S)
        "target_labels": [list(t.target_labels) for t in traces],  # (X, L)
        "weights": [t.encoder_self.tolist() for t in traces],  # (X, layers, H, S, S)
    }


def draw(data, theme):
    from attnlab.draw.heatmaps import head_grid

    fig, axes = head_grid(data["weights"], data["source_labels"], theme=theme)
    for ax, labels, after in zip(axes[0], data["source_labels"], data["target_labels"]):
        ax.set_title(f"{labels[0]}, {labels[1]} → {after[0]}, {after[1]}", fontsize=theme.font_size, pad=22)
        ax.text(0.5, 1.04, "keys", transform=ax.transAxes, ha="center", va="bottom", color=theme.muted,
                fontsize=theme.font_size * 0.9)
    return fig
