"""Training sees the whole shifted target at once behind a causal mask; inference builds it one step at a time.

Left, training with teacher forcing: the decoder reads the target shifted one step right (the last source
corner, then the true first target corner) and predicts both target corners in a single pass; the causal
mask keeps step 1 from reading step 2. Right, inference: there is no true target, so the decoder reads its
own previous output: step 1 reads the last source corner only, step 2 also reads the corner step 1 predicted.
Numbers are the (x, y) points of one square-corners sequence and the trained corners transformer's outputs;
the first prediction is identical in both modes because of the mask. Slate boxes are what the decoder reads,
boxes with a bold outline what it predicts, the plain boxes at the bottom left the true target.
"""

ALT = """Two halves split by a thin line. Left, training: slate boxes BR (0.95, −1.09) and TR (0.87, 1.00) feed one
decoder bar, which predicts (1.00, 1.00) and (−1.04, 0.99), each set against a pale target box below, TR (0.87,
1.00) and TL (−1.05, 1.06). Right, inference in two steps: step 1 reads BR alone and predicts (1.00, 1.00); a
dashed arrow carries that prediction up into step 2, which reads BR and it and predicts (−1.02, 1.01)."""

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

    xlim, ylim = (-2.3, 17.8), (1.0, 10.2)
    fig = plt.figure(figsize=(8, 8 * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])))
    ax = blank_axes(fig)
    small = theme.small
    W, H = 3.2, 1.3

    def token(x, y, name, point, kind):
        """A box with a name and an (x, y) point: ``kind`` "input" (read), "prediction" or "target"."""
        fill = {"input": shade(theme, theme.input, 0.5), "prediction": theme.background, "target": theme.panel}[kind]
        edge = theme.foreground if kind == "prediction" else theme.muted
        ax.add_patch(FancyBboxPatch((x - W / 2, y - H / 2), W, H, boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor=fill, edgecolor=edge, linewidth=2.0 if kind == "prediction" else 0.8))
        ink = ink_on(theme, fill)
        ax.text(x, y + 0.25, name, ha="center", va="center", fontsize=small, color=ink,
                fontweight="bold" if kind == "prediction" else "normal")
        ax.text(x, y - 0.27, f"({point[0]:.2f}, {point[1]:.2f})".replace("-", "−"), ha="center", va="center",
                fontsize=small, color=ink)

    def decoder(x0, x1, y, text):
        ax.add_patch(FancyBboxPatch((x0, y - 0.4), x1 - x0, 0.8, boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor=theme.panel, edgecolor=theme.muted, linewidth=0.8))
        ax.text((x0 + x1) / 2, y, text, ha="center", va="center", fontsize=small)

    def arrow(x, y0, y1):
        ax.add_patch(FancyArrowPatch((x, y0), (x, y1), arrowstyle="-|>", mutation_scale=10, color=theme.muted,
                                     linewidth=1.0))

    src, tgt, dec, pred, gen = (data[k] for k in ("src", "tgt", "decoder_input", "prediction", "generated"))
    last, (t1, t2) = data["source_labels"][-1], data["target_labels"]

    # 1. training: one pass over the shifted target
    ax.text(3.3, 9.6, "Training: one pass", ha="center", va="center",
            fontsize=theme.font_size * 1.1, fontweight="bold")
    xs = (1.6, 5.0)
    for x, name, point in zip(xs, (f"{last} (source)", f"{t1} (target)"), dec):
        token(x, 7.9, name, point, "input")
    ax.text(-0.1, 7.9, "reads", ha="right", va="center", fontsize=small, color=theme.muted)
    for x in xs:
        arrow(x, 7.9 - H / 2, 6.6)
    decoder(0.05, 6.55, 6.2, "decoder, causal mask")
    for x in xs:
        arrow(x, 5.8, 4.5 + H / 2)
    for x, point in zip(xs, pred):
        token(x, 4.5, "prediction", point, "prediction")
    ax.text(-0.1, 4.5, "predicts", ha="right", va="center", fontsize=small, color=theme.muted)
    for x, name, point in zip(xs, (t1, t2), tgt):
        token(x, 2.2, f"true {name}", point, "target")
    for x in xs:
        ax.text(x, 3.35, "loss", ha="center", va="center", fontsize=small, color=theme.muted)
    ax.text(-0.1, 2.2, "target", ha="right", va="center", fontsize=small, color=theme.muted)

    # 2. inference: one step at a time, each output fed back in
    ax.plot([7.2, 7.2], [1.1, 9.9], color=theme.muted, linewidth=0.6)
    ax.text(12.45, 9.6, "Inference: step by step", ha="center", va="center",
            fontsize=theme.font_size * 1.1, fontweight="bold")
    for label, x0, reads, outputs in (
        ("step 1", 9.0, [(f"{last} (source)", dec[0])], [("prediction", gen[0])]),
        ("step 2", 12.6, [(f"{last} (source)", dec[0]), ("fed back", gen[0])], [("prediction", gen[1])]),
    ):
        cols = [x0 + 3.4 * i for i in range(len(reads))]
        ax.text((cols[0] + cols[-1]) / 2, 3.35, label, ha="center", va="center", fontsize=small,
                color=theme.muted)
        for x, (name, point) in zip(cols, reads):
            token(x, 7.9, name, point, "prediction" if name == "fed back" else "input")
            arrow(x, 7.9 - H / 2, 6.6)
        decoder(cols[0] - W / 2, cols[-1] + W / 2, 6.2, "decoder" if len(cols) == 1 else "decoder, causal mask")
        arrow(cols[-1], 5.8, 4.5 + H / 2)
        name, point = outputs[0]
        token(cols[-1], 4.5, name, point, "prediction")
    # the first prediction feeds step 2
    route = MplPath([(9.0 + W / 2, 4.5), (10.85, 4.5), (10.85, 9.1), (16.0, 9.1), (16.0, 7.9 + H / 2)])
    ax.add_patch(FancyArrowPatch(path=route, arrowstyle="-|>", mutation_scale=12, color=theme.foreground,
                                 linewidth=1.6, linestyle="--"))
    ax.text(12.45, 2.2, f"no target here: the decoder reads\nits own prediction of {t1} to predict {t2}",
            ha="center", va="center", fontsize=small, color=theme.muted)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    return fig
