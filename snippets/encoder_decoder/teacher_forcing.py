"""Teacher forcing: in training the decoder reads the true target shifted by one step; at inference, its own output.

One sequence of the square-corners task, (x, y) of every corner as two squares. Top row: the whole sequence,
source corners 1-2 and target corners 3-4. Training (teacher forcing): the decoder's inputs are the sequence
shifted right by one, the last source corner then the true corner 3, and at each step it predicts the next
corner; both steps run at once, each reading only the inputs up to its own. Inference: the true corner 3 is
unknown, so the decoder's own prediction of it is fed back in as the second input. Numbers from the tiny
corners model trained at build time.
"""

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

    fig = plt.figure(figsize=(8, 5.0))
    ax = blank_axes(fig)
    size, pitch, left, right = 0.62, 1.6, 2.8, 11.0  # square size, column pitch, x of column 1, right edge
    small = theme.font_size * 0.9
    vmax = max(abs(v) for key in ("src", "tgt", "training_output", "inference_output") for row in data[key]
               for v in row)
    rows = {"sequence": 5.45, "training_input": 3.85, "training_output": 2.7, "inference_input": 1.25,
            "inference_output": 0.1}
    S = len(data["src"])
    note_x = left + 3 * pitch + 2 * size + 0.3  # notes to the right of the last column

    def vector(values, color, col, row):
        """A corner (x, y) as two squares in column ``col`` (0-based time step) of row ``row``."""
        draw_squares(ax, [values], color=color, theme=theme, x=left + col * pitch, y=rows[row] + size / 2, size=size,
                     vmax=vmax, annotate=True, fontsize=small)

    def middle(col):
        return left + col * pitch + size

    def arrow(start, end, color):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=color, linewidth=1.0,
                                     shrinkA=2, shrinkB=2))

    def step_arrows(col, row_in, row_out):
        """Input at column ``col`` predicts the corner one column to the right."""
        arrow((middle(col) + size, rows[row_in] - size / 2), (middle(col + 1) - size, rows[row_out] + size / 2),
              theme.foreground)

    def panel(top_row, bottom_row, title):
        ax.add_patch(Rectangle((0.0, rows[bottom_row] - 0.5), right, rows[top_row] - rows[bottom_row] + 1.3,
                               facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text(0.15, rows[top_row] + 0.55, title, fontweight="bold", va="center", fontsize=small)
        ax.text(left - 0.3, rows[top_row], "decoder input", ha="right", va="center")
        ax.text(left - 0.3, rows[bottom_row], "prediction", ha="right", va="center")

    # 1. the whole sequence: source corners (encoder) and target corners (what the decoder must produce)
    for t, corner in enumerate(data["src"] + data["tgt"]):
        vector(corner, theme.key if t < S else theme.muted, t, "sequence")
        ax.text(middle(t), rows["sequence"] + size / 2 + 0.1, f"{t + 1}: {data['labels'][t]}", ha="center",
                va="bottom", fontsize=small)
    ax.text(left - 0.3, rows["sequence"], "the sequence", ha="right", va="center")
    ax.text((middle(0) + middle(S - 1)) / 2, rows["sequence"] + size / 2 + 0.5, "source", ha="center", va="bottom",
            fontsize=small, color=theme.muted)
    ax.text((middle(S) + middle(S + 1)) / 2, rows["sequence"] + size / 2 + 0.5, "target", ha="center", va="bottom",
            fontsize=small, color=theme.muted)
    ax.plot([(middle(S - 1) + middle(S)) / 2] * 2, [rows["sequence"] - size / 2, rows["sequence"] + size / 2 + 0.85],
            color=theme.muted, linewidth=0.8, linestyle="--")

    # 2. training: inputs are the sequence shifted right by one (teacher forcing), outputs the next corners
    panel("training_input", "training_output", "training (teacher forcing)")
    for step, (given, predicted) in enumerate(zip(data["training_input"], data["training_output"])):
        col = S - 1 + step  # the input at step t is corner S - 1 + t (0-based), its prediction the next corner
        vector(given, theme.key if step == 0 else theme.muted, col, "training_input")
        vector(predicted, theme.output, col + 1, "training_output")
        step_arrows(col, "training_input", "training_output")
    arrow((middle(S), rows["sequence"] - size / 2), (middle(S), rows["training_input"] + size / 2), theme.muted)
    ax.text(note_x, rows["training_input"], "input 2: the true\ncorner 3, copied", va="center", fontsize=small)

    # 3. inference: the second input is the decoder's own first prediction
    panel("inference_input", "inference_output", "inference (step by step)")
    for step, (given, predicted) in enumerate(zip(data["inference_input"], data["inference_output"])):
        col = S - 1 + step
        vector(given, theme.key if step == 0 else theme.output, col, "inference_input")
        vector(predicted, theme.output, col + 1, "inference_output")
        step_arrows(col, "inference_input", "inference_output")
    arrow((middle(S), rows["inference_output"] + size / 2), (middle(S), rows["inference_input"] - size / 2),
          theme.output)
    ax.text(note_x, rows["inference_input"], "input 2: its own\nprediction", va="center",
            fontsize=small)

    ax.set_xlim(-0.05, right + 0.05)
    ax.set_ylim(rows["inference_output"] - 0.6, rows["sequence"] + size / 2 + 0.95)
    return fig
