"""Decoder masked self-attention learned by the corners transformer: no step looks ahead.

Each small heatmap is one head of the decoder's self-attention on one sequence of the square-corners task.
The decoder reads the last source corner, then the first target corner (the target shifted right); rows are
queries, columns keys. The cell above the diagonal is the future and is blocked (hatched, weight exactly 0),
so the first row is one-hot; the second step may mix both. Weights from attnlab's tiny Transformer trained
on the task with a causal mask, on the same four sequences as the encoder figure.
"""

ALT = """Eight 2 × 2 heatmaps in two rows, head 1 above head 2, one column per sequence, each column headed by
the two corners it reads and the two it predicts. In every map the top-right cell is hatched and reads 0 and
the top row starts with 1.00; in the second row head 2 puts 0.83 to 1.00 on the first key, while head 1
varies from 0.11 to 0.93. A thin colour bar on the right runs from 0 to 1."""

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
    titles = [f"reads {r[0]}, {r[1]}\npredicts {t[0]}, {t[1]}"
              for r, t in zip(data["decoder_labels"], data["target_labels"])]
    fig, _ = head_grid(data["weights"], data["decoder_labels"], theme=theme, allowed=causal, blocked_fmt="{:g}",
                       titles=titles)
    return fig
