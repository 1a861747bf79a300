"""Encoder self-attention learned by the corners transformer: every source corner looks at both corners.

Each small heatmap is one head of the encoder's self-attention layer on one sequence of the square-corners
task: rows are queries, columns are keys, both the two source corners (for example TR then BR). Nothing is
masked, so a corner may look back at the corner before it and ahead at the corner after it; every row sums
to 1. The weights come from attnlab's tiny Transformer trained on the task (1 layer, 2 heads), not set by hand.
"""

ALT = """Eight 2 × 2 heatmaps in two rows, head 1 above head 2, one column per sequence, each column headed by
its source and target corners. Head 1 puts nearly all of a row on one key in most maps (0.91, 1.00, 0.95,
0.99), while head 2 splits its rows more evenly (0.42 against 0.58 in the first map). A thin colour bar on
the right runs from 0 to 1."""

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

    titles = [f"source {s[0]}, {s[1]}\ntarget {t[0]}, {t[1]}"
              for s, t in zip(data["source_labels"], data["target_labels"])]
    fig, _ = head_grid(data["weights"], data["source_labels"], theme=theme, titles=titles)
    return fig
