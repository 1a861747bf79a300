"""Teacher forcing: in training the decoder reads the true target shifted by one step; at inference, its own output.

One sequence of the square-corners task, (x, y) of every corner as two squares. Top row: the whole sequence,
source corners 1-2 and target corners 3-4. Training (teacher forcing): the decoder's inputs are the sequence
shifted right by one, the last source corner then the true corner 3, and at each step it predicts the next
corner; both steps run at once, each reading only the inputs up to its own. Inference: the true corner 3 is
unknown, so the decoder's own prediction of it is fed back in as the second input. Numbers from the tiny
corners model trained at build time. Slate squares are true corners, red-orange ones the decoder's predictions;
the outlined input is the one the two modes disagree on.
"""

ALT = """Three rows of corners, each corner two numbered squares. The sequence: BL (-0.83, -0.81), BR (0.95, -1.09),
TR (0.87, 1.00), TL (-1.05, 1.06). Training: inputs BR and the copied true TR, predictions (0.98, 1.02) and
(-1.01, 1.00). Inference: inputs BR and the fed-back prediction (0.98, 1.02), predictions (0.98, 1.02) and
(-1.01, 0.99)."""

from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, corners_model
from attnlab.examples.toy_models import corners_attention_trace, decoder_inputs


def data():
    model, _ = corners_model()
    trace = corners_attention_trace(model, CORNERS_EXAMPLE)
    inference_input = decoder_inputs(trace.src[None], trace.generated[None])[0]  # (L, 2) last source, then ŷ_1
    return {
        "src": trace.src.tolist(),  # (S, 2)
        "tgt": trace.tgt.tolist(),  # (L, 2)
        "labels": [*trace.source_labels, *trace.target_labels],  # (S + L,)
        "training_input": trace.decoder_input.tolist(),  # (L, 2) = decoder_inputs(src, tgt)
        "training_output": trace.prediction.tolist(),  # (L, 2) teacher-forced pass
        "inference_input": inference_input.tolist(),  # (L, 2)
        "inference_output": trace.generated.tolist(),  # (L, 2) step by step
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    width, height = 8.0, 5.8
    fig = plt.figure(figsize=(width, height))
    ax = blank_axes(fig)  # units are the figure's inches
    size, pitch, left = 0.55, 1.6, 1.65  # square size, column pitch, x of column 1
    small = theme.small
    vmax = max(abs(v) for key in ("src", "tgt", "training_output", "inference_output") for row in data[key]
               for v in row)
    rows = {"sequence": 4.55, "training_input": 3.25, "training_output": 2.35, "inference_input": 1.1,
            "inference_output": 0.2}
    S = len(data["src"])

    def vector(values, color, col, row, outline=False):
        """A corner (x, y) as two squares in column ``col`` (0-based time step) of row ``row``."""
        x, y = left + col * pitch, rows[row]
        draw_squares(ax, [values], color=color, theme=theme, x=x, y=y + size / 2, size=size, vmax=vmax,
                     annotate=True, fontsize=small)
        if outline:  # the input the two modes disagree on
            ax.add_patch(Rectangle((x - 0.04, y - size / 2 - 0.04), 2 * size + 0.08, size + 0.08, facecolor="none",
                                   edgecolor=theme.foreground, linewidth=1.8, zorder=3))

    def middle(col):
        return left + col * pitch + size

    def arrow(start, end, color, linewidth=1.0):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=color,
                                     linewidth=linewidth, shrinkA=3, shrinkB=3))

    def step_arrows(col, row_in, row_out):
        """Input at column ``col`` predicts the corner one column to the right."""
        arrow((middle(col) + size, rows[row_in] - size / 2), (middle(col + 1) - size, rows[row_out] + size / 2),
              theme.muted)

    def panel(top_row, bottom_row, title):
        top = rows[top_row] + size / 2 + 0.48
        ax.add_patch(Rectangle((0.05, rows[bottom_row] - size / 2 - 0.12), width - 0.1,
                               top - rows[bottom_row] + size / 2 + 0.12, facecolor=theme.panel, edgecolor="none",
                               zorder=0))
        ax.text(0.2, top - 0.22, title, fontweight="bold", fontsize=theme.font_size * 1.1, va="center")
        ax.text(left - 0.15, rows[top_row], "decoder input", ha="right", va="center", fontsize=small)
        ax.text(left - 0.15, rows[bottom_row], "prediction", ha="right", va="center", fontsize=small)

    # 1. the whole sequence: source corners (encoder) and target corners (what the decoder must produce)
    for t, corner in enumerate(data["src"] + data["tgt"]):
        vector(corner, theme.input, t, "sequence")
        ax.text(middle(t), rows["sequence"] + size / 2 + 0.08, f"{t + 1}: {data['labels'][t]}", ha="center",
                va="bottom", fontsize=small)
    ax.text(left - 0.15, rows["sequence"], "the sequence", ha="right", va="center", fontsize=small)
    label_y = rows["sequence"] + size / 2 + 0.45
    ax.text((middle(0) + middle(S - 1)) / 2, label_y, "source", ha="center", va="bottom", fontsize=small,
            color=theme.muted)
    ax.text((middle(S) + middle(S + 1)) / 2, label_y, "target", ha="center", va="bottom", fontsize=small,
            color=theme.muted)
    ax.plot([(middle(S - 1) + middle(S)) / 2] * 2, [rows["sequence"] - size / 2, label_y + 0.25],
            color=theme.muted, linewidth=0.8, linestyle="--")

    # 2. training: inputs are the sequence shifted right by one (teacher forcing), outputs the next corners
    panel("training_input", "training_output", "Teacher forcing: input 2 = true corner 3")
    for step, (given, predicted) in enumerate(zip(data["training_input"], data["training_output"])):
        col = S - 1 + step  # the input at step t is corner S - 1 + t (0-based), its prediction the next corner
        vector(given, theme.input, col, "training_input", outline=step == 1)
        vector(predicted, theme.output, col + 1, "training_output")
        step_arrows(col, "training_input", "training_output")
    arrow((middle(S), rows["sequence"] - size / 2), (middle(S), rows["training_input"] + size / 2 + 0.04),
          theme.foreground, 1.4)

    # 3. inference: the second input is the decoder's own first prediction
    panel("inference_input", "inference_output", "Inference: input 2 = its own prediction")
    for step, (given, predicted) in enumerate(zip(data["inference_input"], data["inference_output"])):
        col = S - 1 + step
        vector(given, theme.input if step == 0 else theme.output, col, "inference_input", outline=step == 1)
        vector(predicted, theme.output, col + 1, "inference_output")
        step_arrows(col, "inference_input", "inference_output")
    arrow((middle(S), rows["inference_output"] + size / 2), (middle(S), rows["inference_input"] - size / 2 - 0.04),
          theme.foreground, 1.4)

    ax.set_xlim(0.0, width)
    ax.set_ylim(rows["inference_output"] - size / 2 - 0.15, rows["inference_output"] - size / 2 - 0.15 + height)
    return fig
