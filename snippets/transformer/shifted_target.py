"""Training sees the whole shifted target at once behind a causal mask; inference builds it one step at a time.

Left, training with teacher forcing: the decoder reads the target shifted one step right (the last source
corner, then the true first target corner) and predicts both target corners in a single pass; the causal
mask keeps step 1 from reading step 2. Right, inference: there is no true target, so the decoder reads its
own previous output: step 1 reads the last source corner only, step 2 also reads the corner step 1 predicted.
Numbers are the (x, y) points of one square-corners sequence and the trained corners transformer's outputs;
the first prediction is identical in both modes because of the mask.
"""

from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

EXAMPLE = 1  # BL, BR -> TR, TL


def data():
    model, _ = trained_corners_transformer()
    trace = corners_attention_trace(model, EXAMPLE)
    return {
        "source_labels": list(trace.source_labels),  # (S,)
        "target_labels": list(trace.target_labels),  # (L,)
        "src": trace.src.tolist(),  # (S, 2)
        "tgt": trace.tgt.tolist(),  # (L, 2)
        "decoder_input": trace.decoder_input.tolist(),  # (L, 2) last source corner, first target corner
        "prediction": trace.prediction.tolist(),  # (L, 2) teacher-forced pass
        "generated": trace.generated.tolist(),  # (L, 2) step by step, each output fed back in
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    from attnlab.draw.squares import blank_axes
    from attnlab.theme import ink_on, shade

    fig = plt.figure(figsize=(8, 4.3))
    ax = blank_axes(fig)
    small = theme.font_size * 0.9
    W, H = 3.1, 1.15

    def token(x, y, name, point, color, strength=0.55):
        fill = shade(theme, color, strength)
        ax.add_patch(FancyBboxPatch((x - W / 2, y - H / 2), W, H, boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor=fill, edgecolor=theme.foreground, linewidth=0.8))
        ax.text(x, y + 0.2, name, ha="center", va="center", fontsize=small, color=ink_on(theme, fill))
        ax.text(x, y - 0.23, f"({point[0]:.2f}, {point[1]:.2f})", ha="center", va="center", fontsize=small,
                color=ink_on(theme, fill))

    def decoder(x0, x1, y, text):
        ax.add_patch(FancyBboxPatch((x0, y - 0.4), x1 - x0, 0.8, boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor=theme.panel, edgecolor=theme.muted, linewidth=0.8))
        ax.text((x0 + x1) / 2, y, text, ha="center", va="center", fontsize=small)

    def arrow(x, y0, y1, color=None):
        ax.add_patch(FancyArrowPatch((x, y0), (x, y1), arrowstyle="-|>", mutation_scale=10,
                                     color=color or theme.muted, linewidth=1.0))

    src, tgt, dec, pred, gen = (data[k] for k in ("src", "tgt", "decoder_input", "prediction", "generated"))
    last, (t1, t2) = data["source_labels"][-1], data["target_labels"]

    # 1. training: one pass over the shifted target
    ax.text(3.3, 9.55, "Training: one pass, causal mask", ha="center", va="center",
            fontsize=theme.font_size * 1.1, fontweight="bold")
    xs = (1.6, 5.0)
    for x, name, point in zip(xs, (f"{last} (source)", f"{t1} (true target)"), dec):
        token(x, 7.9, name, point, theme.query)
    ax.text(-0.1, 7.9, "reads", ha="right", va="center", fontsize=small, color=theme.muted)
    for x in xs:
        arrow(x, 7.3, 6.6)
    decoder(0.05, 6.55, 6.2, "decoder, causal mask")
    for x in xs:
        arrow(x, 5.8, 5.1)
    for x, name, point in zip(xs, ("predicts", "predicts"), pred):
        token(x, 4.5, name, point, theme.output)
    ax.text(-0.1, 4.5, "outputs", ha="right", va="center", fontsize=small, color=theme.muted)
    for x, name, point in zip(xs, (t1, t2), tgt):
        token(x, 2.2, f"target {name}", point, theme.muted, 0.25)
    for x in xs:
        ax.text(x, 3.35, "loss", ha="center", va="center", fontsize=small, color=theme.muted)
    ax.text(-0.1, 2.2, "compared\nwith", ha="right", va="center", fontsize=small, color=theme.muted)

    # 2. inference: one step at a time, each output fed back in
    ax.plot([7.2, 7.2], [0.8, 9.9], color=theme.muted, linewidth=0.6)
    ax.text(12.45, 9.55, "Inference: one step at a time", ha="center", va="center",
            fontsize=theme.font_size * 1.1, fontweight="bold")
    for label, x0, reads, outputs in (
        ("step 1", 9.0, [(f"{last} (source)", dec[0])], [("predicts", gen[0])]),
        ("step 2", 12.6, [(f"{last} (source)", dec[0]), ("fed back", gen[0])], [("predicts", gen[1])]),
    ):
        cols = [x0 + 3.4 * i for i in range(len(reads))]
        ax.text((cols[0] + cols[-1]) / 2, 3.5, label, ha="center", va="center", fontsize=small,
                color=theme.muted)
        for x, (name, point) in zip(cols, reads):
            token(x, 7.9, name, point, theme.query if name != "fed back" else theme.output)
            arrow(x, 7.3, 6.6)
        decoder(cols[0] - W / 2, cols[-1] + W / 2, 6.2, "decoder" if len(cols) == 1 else "decoder, causal mask")
        arrow(cols[-1], 5.8, 5.1)
        name, point = outputs[0]
        token(cols[-1], 4.5, name, point, theme.output)
    # the first prediction feeds step 2
    route = MplPath([(9.0 + W / 2, 4.5), (10.85, 4.5), (10.85, 9.1), (16.0, 9.1), (16.0, 7.9 + H / 2)])
    ax.add_patch(FancyArrowPatch(path=route, arrowstyle="-|>", mutation_scale=10, color=theme.output,
                                 linewidth=1.0, linestyle="--"))
    ax.text(12.45, 2.2, f"no target here: the decoder reads\nits own prediction of {t1} to predict {t2}",
            ha="center", va="center", fontsize=small, color=theme.muted)
    ax.set_xlim(-2.0, 17.8)
    ax.set_ylim(0.8, 10.1)
    return fig
