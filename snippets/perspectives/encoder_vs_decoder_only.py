"""Encoder-only (BERT-style) attention is bidirectional; decoder-only (GPT-style) attention is causal.

The same self-attention, with the same inputs and weights, on "the cat sat on the mat", run twice. Left,
as in an encoder-only model such as BERT: no mask, every token reads the whole sentence, before and after
itself, which suits filling in a blanked-out word. Right, as in a decoder-only model such as GPT: a causal
mask, every token reads only itself and what came before (hatched cells are exactly 0), which is what
predicting the next token requires. The framed row is "sat". Weights from attnlab's
`scaled_dot_product_attention` on seeded embeddings.
"""

ALT = """Two six-by-six blue heatmaps side by side, rows and columns labelled the, cat, sat, on, the, mat,
with the "sat" row outlined in both. The left one is filled everywhere; the right one is filled only on
and below the diagonal, the cells above it hatched and empty, so its first row is a single 1.00 and the
"sat" row reads 0.61, 0.15, 0.24."""

from attnlab.examples.transformer import bidirectional_vs_causal

QUERY = 2  # the framed row: "sat"


def data():
    example = bidirectional_vs_causal()
    return {
        "tokens": list(example.tokens),  # (L,)
        "allowed": {k: v.tolist() for k, v in example.allowed.items()},  # (L, L) True = may attend
        "weights": {k: v.tolist() for k, v in example.weights.items()},  # (L, L)
        "query": QUERY,
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    from attnlab.draw.heatmaps import attention_heatmap

    tokens, q = data["tokens"], data["query"]
    L = len(tokens)
    fig, axes = plt.subplots(1, 2, figsize=(8, 4.3), gridspec_kw=dict(wspace=0.2, left=0.07, right=0.99,
                                                                       top=0.84, bottom=0.1))
    small = theme.small
    panels = (("bidirectional", "Encoder-only: no mask"), ("causal", "Decoder-only: causal mask"))
    for ax, (name, title) in zip(axes, panels):
        allowed = data["allowed"][name]  # (L, L) True = may attend
        attention_heatmap(ax, data["weights"][name], theme=theme, row_labels=tokens if ax is axes[0] else [],
                          col_labels=tokens, allowed=allowed)  # (L, L)
        ax.add_patch(plt.Rectangle((-0.5, q - 0.5), L, 1, fill=False, edgecolor=theme.foreground, linewidth=2.5))
        ax.xaxis.tick_top()
        ax.set_title(title, fontsize=theme.font_size * 1.1, pad=26)
        seen = [t for t, ok in zip(tokens, allowed[q]) if ok]
        ax.set_xlabel(f"“{tokens[q]}” reads: {' '.join(seen)}", fontsize=small, labelpad=8)
    return fig
