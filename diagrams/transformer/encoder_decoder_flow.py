"""The encoder runs once; its memory feeds the decoder's cross-attention at every step.

The corners transformer trained on the square-corners task reads the source corners TR, TL. Its encoder (one
layer: self-attention, feed-forward) runs once and leaves a memory of two vectors of 16 numbers. The decoder
starts from the last source corner, TL. At each step it runs its layer on everything it has so far: masked
self-attention over its own inputs, then cross-attention, whose query is the decoder's and whose keys and
values come from the memory, then the feed-forward network and a final linear layer that writes the next
corner, which is appended to its inputs. The tables show the newest position's weights for each of the two
heads: to write BL (step 1) both heads read TR, the opposite corner (0.98); to write BR (step 2) head 2 reads
TL (0.94). Two decoder passes, one encoder pass: the memory is computed once and read at every step (in a
deeper stack, by every decoder layer). Numbers from attnlab's `Transformer`, decoded step by step
(`corners_decoding`).
"""

ALT = """Left, the encoder: the source corners TR, TL feed one encoder layer whose output, the memory (two slate rows
of 16 squares), is outlined. Centre, the decoder layer as stacked boxes (masked self-attention, cross-attention,
feed-forward, final linear) over its inputs TL and BL; a line from the memory enters cross-attention as K, V,
and a line from the final linear back to the inputs is marked appended. Right, the counters (encoder passes:
1, decoder passes: 2, written: BL, BR) and two small blue tables of the newest query's weights per head."""

from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeTransform,
    GrowFromCenter,
    MoveAlongPath,
    Rectangle,
    ShowPassingFlash,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
)
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import number, plain, tile, word
from attnlab.animate.squares import label, squares
from attnlab.examples.encoder_decoder import FIGURE_EXAMPLE
from attnlab.examples.toy_models import trained_corners_transformer
from attnlab.examples.transformer import corners_decoding


class EncoderDecoderFlow(Slide):
    def construct(self):
        theme = self.theme
        model, _ = trained_corners_transformer()
        run = corners_decoding(model, FIGURE_EXAMPLE)
        memory = run.memory.tolist()  # (S, E)
        outputs = run.outputs.tolist()  # (L, 2)
        self_rows = [w[-1, :, -1].tolist() for w in run.decoder_self]  # step t: (H, t) the newest query, last layer
        cross_rows = [w[-1, :, -1].tolist() for w in run.cross]  # step t: (H, S)
        steps = len(outputs)
        enc_x, dec_x, table_x = -4.45, 0.7, 5.3
        rail_x = -1.75  # where the memory's line turns down to cross-attention

        def box(text, y, x=dec_x, width=3.8, height=0.62, sub=None):
            rect = Rectangle(width=width, height=height, stroke_color=theme.foreground, stroke_width=1.5,
                             fill_color=theme.background, fill_opacity=1.0).move_to([x, y, 0])
            name = label(text, theme, size=24)
            if sub is None:
                return VGroup(rect, name.move_to(rect))
            detail = label(sub, theme, size=24, color=theme.muted)
            return VGroup(rect, VGroup(name, detail).arrange(DOWN, buff=0.1).move_to(rect))

        def up_arrow(lower, upper):
            return Arrow(lower.get_top(), upper.get_bottom(), buff=0.05, color=theme.muted, stroke_width=2.5,
                         max_tip_length_to_length_ratio=0.25)

        # 1. the encoder runs once: the source corners become the memory
        title = label("Encode once, decode step by step", theme, size=32).to_edge(UP, buff=0.25)
        source = VGroup(*(word(t, theme, size=28) for t in run.source_labels)).arrange(RIGHT, buff=0.9)
        source.move_to([enc_x, -2.4, 0])
        source_name = label("source", theme, size=24, color=theme.muted).next_to(source, DOWN, buff=0.12)
        encoder = box("encoder layer", -1.25, x=enc_x, width=4.7, height=1.0, sub="self-attention, feed-forward")
        vmax = float(run.memory.abs().max())
        bank = VGroup(*(squares([row], color=theme.input, theme=theme, vmax=vmax, size=0.22, annotate=False)
                        for row in memory))
        bank.arrange(DOWN, buff=0.08).move_to([enc_x + 0.15, 0.5, 0])
        bank_names = VGroup(*(word(t, theme, size=24).next_to(bank[s], LEFT, buff=0.15)
                              for s, t in enumerate(run.source_labels)))
        bank_name = label(f"memory: {len(memory)} × {len(memory[0])}", theme, size=24, color=theme.muted)
        bank_name.next_to(bank, UP, buff=0.15)
        encoder_arrows = VGroup(up_arrow(source, encoder), up_arrow(encoder, VGroup(bank, bank_names)))
        block = VGroup(*(label(text, theme, size=24)
                         for text in ("encoder passes: 0", "decoder passes: 0", "written:")))
        block.arrange(DOWN, buff=0.12, aligned_edge=LEFT).move_to([3.75, 2.4, 0], aligned_edge=LEFT)
        status = list(block)  # the lines, replaced as they change

        def set_status(k, text):
            new = label(text, theme, size=24).move_to(status[k], aligned_edge=LEFT)
            return FadeTransform(status[k], new), new

        self.play(Write(title), FadeIn(source), FadeIn(source_name), run_time=0.8)
        self.play(Create(encoder_arrows[0]), FadeIn(encoder), run_time=0.6)
        change, status[0] = set_status(0, f"encoder passes: {run.encoder_passes}")
        self.play(Create(encoder_arrows[1]), GrowFromCenter(bank), FadeIn(bank_names), FadeIn(bank_name), change,
                  FadeIn(VGroup(*status[1:])), run_time=1.0)
        self.next_slide()

        # 2. the decoder starts from the last source corner; masked self-attention over its inputs so far
        panel = Rectangle(width=4.1, height=3.5, stroke_width=0, fill_color=theme.panel, fill_opacity=1.0)
        panel.move_to([dec_x, -0.25, 0])
        panel_name = label("decoder", theme, size=24, color=theme.muted)
        panel_name.move_to(panel.get_corner(UP + LEFT) + [0.12, -0.08, 0], aligned_edge=UP + LEFT)
        masked = box("masked self-attention", -1.45)
        cross = box("cross-attention", -0.3)
        feed = box("feed-forward", 0.75, height=0.52)
        linear = box("final linear", 1.95, height=0.52)
        decoder = VGroup(panel, panel_name, masked, cross, feed, linear, up_arrow(masked, cross), up_arrow(cross, feed),
                         up_arrow(feed, linear))
        inputs_y = -2.4
        input_xs = [dec_x - 0.55 + 1.1 * k for k in range(steps)]
        inputs = [word(t, theme, size=28).move_to([x, inputs_y, 0]) for t, x in zip(run.decoder_labels, input_xs)]
        inputs_name = label("decoder inputs", theme, size=24, color=theme.muted).move_to([dec_x, -2.9, 0])
        into_decoder = Arrow([dec_x, inputs_y + 0.25, 0], masked.get_bottom(), buff=0.05, color=theme.muted,
                             stroke_width=2.5, max_tip_length_to_length_ratio=0.3)
        rail = VMobject(stroke_color=theme.input, stroke_width=4).set_points_as_corners(
            [bank.get_right() + RIGHT * 0.15, [rail_x, bank.get_y(), 0], [rail_x, cross.get_y(), 0], cross.get_left()])
        rail_tip = Arrow([rail_x, cross.get_y(), 0], cross.get_left(), buff=0, color=theme.input, stroke_width=4,
                         max_tip_length_to_length_ratio=0.3)
        rail_name = label("K, V", theme, size=24,
                          color=theme.muted).next_to([rail_x, cross.get_y(), 0], LEFT, buff=0.12)
        weights_name = label("newest query's\nweights", theme, size=24,
                             color=theme.muted).move_to([table_x + 0.1, 1.2, 0])

        def table(rows, columns, y):
            """One row per head, one column per key: tiles of weights, key names above."""
            cw, ch = 0.85, 0.5
            cells = VGroup(*(VGroup(*(tile(w, theme, color=theme.foreground,
                                           fill=to_hex(theme.sequential_cmap(w)), width=cw,
                                           height=ch, font_size=24)
                                      .move_to([table_x + cw * c, y + ch / 2 - ch * h, 0]) for c, w in enumerate(row)))
                             for h, row in enumerate(rows)))
            keys = VGroup(*(word(t, theme, size=24).next_to(cells[0][c], UP, buff=0.06) for c, t in enumerate(columns)))
            names = VGroup(*(label(f"head {h + 1}", theme, size=24).next_to(cells[h], LEFT, buff=0.15)
                             for h in range(len(rows))))
            names.align_to([table_x - 0.55, 0, 0], RIGHT)
            return VGroup(cells, keys, names)

        def output_text(t):
            x, y = outputs[t]
            return plain(f"({number(x)}, {number(y)}) ≈ {run.output_labels[t]}", theme,
                         size=26).next_to(linear, UP, buff=0.2)

        feedback = VMobject(stroke_color=theme.muted, stroke_width=2).set_points_as_corners(
            [linear.get_right() + RIGHT * 0.1, [3.05, linear.get_y(), 0], [3.05, inputs_y, 0],
             [input_xs[-1] + 0.45, inputs_y, 0]])
        feedback_name = label("appended", theme, size=24,
                              color=theme.muted).rotate(-PI / 2).next_to(feedback, RIGHT, buff=0.08)

        self_table = table([r for r in self_rows[0]], run.decoder_labels[:1], -1.65)
        change, status[1] = set_status(1, "decoder passes: 1")
        self.play(FadeIn(decoder), Create(into_decoder), FadeIn(inputs_name), run_time=0.8)
        self.play(TransformFromCopy(source[-1], inputs[0]), change, run_time=0.8)
        self.play(FadeIn(self_table), FadeIn(weights_name), run_time=0.6)
        self.next_slide()

        # 3. cross-attention: the decoder's query against the memory's keys; the first corner is written
        cross_table = table(cross_rows[0], run.source_labels, -0.15)
        out = output_text(0)
        change, status[2] = set_status(2, f"written: {run.output_labels[0]}")
        self.play(Create(rail), FadeIn(rail_tip), FadeIn(rail_name), run_time=0.7)
        self.play(ShowPassingFlash(rail.copy().set_stroke(width=9), time_width=0.6), FadeIn(cross_table), run_time=0.9)
        self.play(FadeIn(out, shift=UP * 0.2), change, run_time=0.7)
        self.next_slide()

        # 4. step 2: the output joins the decoder's inputs; the same memory is read again (no new encoder pass)
        traveller = word(run.output_labels[0], theme, size=28).move_to(linear.get_right() + RIGHT * 0.1)
        self.play(Create(feedback), FadeIn(feedback_name), FadeIn(traveller), run_time=0.6)
        self.play(MoveAlongPath(traveller, feedback.copy()), run_time=0.9)
        self.play(FadeTransform(traveller, inputs[1]), run_time=0.3)
        new_self = table(self_rows[1], run.decoder_labels[:2], -1.65)
        new_cross = table(cross_rows[1], run.source_labels, -0.15)
        new_out = output_text(1)
        pass_change, status[1] = set_status(1, f"decoder passes: {run.decoder_passes}")
        self.play(FadeTransform(self_table, new_self), pass_change, run_time=0.6)
        self.play(ShowPassingFlash(rail.copy().set_stroke(width=9), time_width=0.6),
                  FadeTransform(cross_table, new_cross),
                  run_time=0.9)
        change, status[2] = set_status(2, "written: " + ", ".join(run.output_labels))
        self.play(FadeTransform(out, new_out), change, run_time=0.7)
        self.next_slide()

        # 5. one encoder pass, one decoder pass per step: the memory was computed once and read at every step
        once = label("computed once,\nread at every step", theme,
                     size=24).next_to(bank_name, UP, buff=0.25).set_x(-6.75, direction=LEFT)
        self.play(Create(SurroundingRectangle(VGroup(bank, bank_names),
                                              color=theme.foreground, buff=0.1, stroke_width=4)),
                  Create(SurroundingRectangle(VGroup(*status[:2]), color=theme.foreground, buff=0.1,
                                              stroke_width=4)), FadeIn(once), run_time=0.8)
        self.wait(1.5)
