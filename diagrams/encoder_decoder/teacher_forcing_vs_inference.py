"""Teacher forcing in training, feeding predictions back at inference.

One sequence of the square-corners task, each corner's (x, y) as two cells: the source corners BL and BR, the
target corners TR and TL. Training: the decoder's inputs are the true sequence shifted right by one, the last
source corner (0.95, −1.09) and then the true corner 3 (0.87, 1.00), copied in; both steps run in one pass
and predict (0.98, 1.02) and (−1.01, 1.00). Inference: there is no true corner 3. Step 1 reads the last
source corner alone and predicts (0.98, 1.02); that prediction is appended to the decoder's input, and step 2
reads it and predicts (−1.01, 0.99), about 0.011 from the teacher-forced answer. Numbers from the tiny corners
model trained at build time, as in the still above.
"""

ALT = """Top: the four corners of one sequence as pairs of cells, the source BL and BR in slate, the target TR and TL in
grey. Below, two panels of decoder inputs and predictions: training copies the true corner 3 (0.87, 1.00) into
the input and predicts (0.98, 1.02) and (−1.01, 1.00) at once; inference feeds its own first prediction
(0.98, 1.02) back in, with a red-orange arrow, and predicts (−1.01, 0.99). The two last predictions are
outlined: corner 4 moves by only 0.011."""

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    DashedLine,
    FadeIn,
    FadeTransform,
    GrowArrow,
    Rectangle,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)
from manim_slides import Slide

from attnlab.animate.layout import tile
from attnlab.animate.squares import label
from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, corners_model
from attnlab.examples.toy_models import corners_attention_trace, decoder_inputs


class TeacherForcingVsInference(Slide):
    def construct(self):
        theme = self.theme
        model, _ = corners_model()
        trace = corners_attention_trace(model, CORNERS_EXAMPLE)
        src, tgt = trace.src.tolist(), trace.tgt.tolist()  # (S, 2), (L, 2) the true corners
        training_input = trace.decoder_input.tolist()  # (L, 2) last source corner, then the true corner 3
        training_output = trace.prediction.tolist()  # (L, 2) the teacher-forced pass, all steps at once
        generated = trace.generated.tolist()  # (L, 2) step by step, each prediction fed back in
        # (L, 2) last source, then ŷ_1
        inference_input = decoder_inputs(trace.src[None], trace.generated[None])[0].tolist()
        gap = float((trace.prediction[-1] - trace.generated[-1]).abs().max())  # how far the last predictions differ
        labels = (*trace.source_labels, *trace.target_labels)
        S, L = len(src), len(tgt)
        vmax = float(max(trace.src.abs().max(), trace.tgt.abs().max(),
                         trace.prediction.abs().max(), trace.generated.abs().max()))
        cw, ch, pitch, x0 = 1.12, 0.58, 2.54, -4.75  # cell size, column pitch, centre of column 1
        rows = {"sequence": 1.9, "training_input": 0.55, "training_output": -0.35, "inference_input": -1.65,
                "inference_output": -2.55}
        note_x = x0 + (S + L - 1) * pitch + cw + 0.22  # notes to the right of the last column

        def corner(values, color, col, row):
            """A corner (x, y) as two cells, in column ``col`` (0-based position in the sequence) of ``row``."""
            cells = VGroup(*(tile(v, theme, color=color, vmax=vmax, width=cw, height=ch, font_size=24) for v in values))
            return cells.arrange(RIGHT, buff=0).move_to([x0 + col * pitch, rows[row], 0])

        def step(given, predicted, color):
            """The arrow from an input to the prediction of the next corner, one column to the right."""
            return Arrow(given.get_corner(DOWN + RIGHT), predicted.get_corner(UP + LEFT), buff=0.05, color=color,
                         stroke_width=3, max_tip_length_to_length_ratio=0.2)

        def row_name(text, row):
            return label(text, theme, size=26).move_to([x0 + pitch - cw - 0.25, rows[row], 0], aligned_edge=RIGHT)

        def note(text, row):
            return label(text, theme, size=24, color=theme.muted).move_to([note_x, rows[row], 0], aligned_edge=LEFT)

        def panel(top_row, bottom_row, text):
            top, bottom = rows[top_row] + ch / 2 + 0.5, rows[bottom_row] - ch / 2 - 0.15
            box = Rectangle(width=13.6, height=top - bottom, stroke_width=0, fill_color=theme.panel, fill_opacity=1.0)
            box.move_to([0, (top + bottom) / 2, 0])
            heading = label(f"<b>{text}</b>", theme, size=26).move_to([-6.6, top - 0.25, 0], aligned_edge=LEFT)
            return VGroup(box, heading, row_name("decoder input", top_row), row_name("prediction", bottom_row))

        # 1. the sequence: two source corners (the encoder's input), two target corners (to be produced)
        title = label("Teacher forcing vs. inference", theme, size=34).to_edge(UP, buff=0.25)
        sequence = VGroup(*(corner(c, theme.input if t < S else theme.muted, t, "sequence")
                            for t, c in enumerate(src + tgt)))
        names = VGroup(*(label(f"{t + 1}: {name}", theme, size=26).next_to(sequence[t], UP, buff=0.12)
                         for t, name in enumerate(labels)))
        split = (sequence[S - 1].get_right()[0] + sequence[S].get_left()[0]) / 2
        top = names.get_top()[1] + 0.22
        divider = DashedLine([split, sequence.get_bottom()[1], 0], [split, top + 0.1, 0],
                             color=theme.muted, stroke_width=2)
        halves = VGroup(*(label(text, theme, size=24, color=theme.muted)
                          .move_to([(part.get_left()[0] + part.get_right()[0]) / 2, top, 0])
                          for text, part in (("source", sequence[:S]), ("target", sequence[S:]))))
        self.play(Write(title), FadeIn(sequence), FadeIn(names), FadeIn(divider), FadeIn(halves))
        self.next_slide()

        # 2. training: the true sequence shifted right by one is the input; both steps predicted in one pass
        training = panel("training_input", "training_output", "training: teacher forcing")
        given = VGroup(*(corner(c, theme.input if t == 0 else theme.muted, S - 1 + t, "training_input")
                         for t, c in enumerate(training_input)))
        predicted = VGroup(*(corner(c, theme.output, S + t, "training_output") for t, c in enumerate(training_output)))
        arrows = VGroup(*(step(g, p, theme.foreground) for g, p in zip(given, predicted)))
        copied = Arrow(sequence[S].get_bottom(), given[1].get_top(), buff=0.08, color=theme.muted, stroke_width=3,
                       max_tip_length_to_length_ratio=0.15)
        self.play(FadeIn(training), run_time=0.5)
        self.play(*(TransformFromCopy(sequence[S - 1 + t], given[t]) for t in range(L)), GrowArrow(copied),
                  FadeIn(note("true corner 3\ncopied in", "training_input")), run_time=1.0)
        self.play(*(GrowArrow(a) for a in arrows), FadeIn(predicted),
                  FadeIn(note("both steps\nin one pass", "training_output")),
                  run_time=1.0)
        self.wait(0.5)
        self.next_slide()

        # 3. inference, step 1: no target to copy; the decoder reads the last source corner alone
        inference = panel("inference_input", "inference_output", "inference: its own predictions")
        fed = VGroup(*(corner(c, theme.input if t == 0 else theme.output, S - 1 + t, "inference_input")
                       for t, c in enumerate(inference_input)))
        out = VGroup(*(corner(c, theme.output, S + t, "inference_output") for t, c in enumerate(generated)))
        self.play(FadeIn(inference), run_time=0.5)
        status = note("step 1: last\nsource corner", "inference_input")
        self.play(TransformFromCopy(sequence[S - 1], fed[0]), FadeIn(status), run_time=0.8)
        first = step(fed[0], out[0], theme.foreground)
        self.play(GrowArrow(first), FadeIn(out[0]), run_time=0.8)
        self.next_slide()

        # 4. inference, step 2: the prediction is appended to the input, and the next corner predicted from it
        back = Arrow(out[0].get_top(), fed[1].get_bottom(), buff=0.05, color=theme.output, stroke_width=3,
                     max_tip_length_to_length_ratio=0.25)
        new_status = note("step 2: its own\nprediction", "inference_input")
        self.play(GrowArrow(back), TransformFromCopy(out[0], fed[1]), FadeTransform(status, new_status), run_time=1.0)
        second = step(fed[1], out[1], theme.foreground)
        self.play(GrowArrow(second), FadeIn(out[1]), run_time=0.8)
        self.next_slide()

        # 5. the last corner: from the true corner 3 or from its own prediction, nearly the same answer
        boxes = VGroup(*(SurroundingRectangle(p, color=theme.foreground, buff=0.06, stroke_width=5)
                         for p in (predicted[-1], out[-1])))
        self.play(FadeIn(boxes), FadeIn(note(f"corner 4 moves\nby only {gap:.3f}", "inference_output")), run_time=0.8)
        self.wait(2.0)
