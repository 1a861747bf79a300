r"""Scaled dot-product attention, one box at a time: MatMul, Scale, Mask, SoftMax, MatMul.

Along the top, the five boxes of the Transformer paper's diagram, read from its bottom (here: from the left); a
frame moves along them as the steps run. Below, each step's real tensor appears next to the tensor it is made
from, for three queries and three keys ($d_k = 3$). 1. MatMul: Q times $K^\top$ gives the scores $Q K^\top$,
every query against every key; row 1, column 1 is −1.07. 2. Scale: every score divided by
$\sqrt{3} \approx 1.73$ (−1.07 becomes −0.62). 3. Mask: here the keys after each query get the score
−∞. 4. SoftMax along each row: the masked entries get weight exactly 0 and every row sums to 1; the first
query sees only itself, its weights are (1, 0, 0). 5. MatMul: $Y = A V$, one output row per query, the first
equal to the first value. Scores run from grey (negative) to blue (positive), weights from pale to deep blue.
The numbers are those of the still figure above, from a seeded attnlab `Attention` module and its
`scaled_dot_product_attention`.
"""

ALT = """A row of five boxes across the top, MatMul, Scale, Mask (opt.), SoftMax, MatMul, with a frame on the
current one. Below, 3 × 3 matrices of numbered squares: Q times Kᵀ gives the scores, the scores divided by √3,
then masked with −∞ above the diagonal, then the weights with exact zeros there and rows summing to 1.00. The
last frame shows the weights times V (green) equal to Y (red-orange), row 1 outlined in all three: y1 = v1."""

import math

import torch
from manim import (
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    Rectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
)
from manim_slides import Slide
from matplotlib.colors import Normalize, to_hex

from attnlab.animate.layout import blocked_cell, tile
from attnlab.animate.squares import label
from attnlab.examples.foundations import qkv_example

CELL = 1.15  # side of one matrix cell: holds "−1.07" at the squares' number size
SLOTS = (-4.95, 0.0, 4.95)  # x of the three places for tensors
ROW_Y = -0.55  # y of the tensors
W_SHIFT = 1.0  # the weights sit this far right of the middle place, the sums beside them


class SdpaPipelineSteps(Slide):
    def construct(self):
        theme = self.theme
        example = qkv_example()
        Q, K, V = example.Q, example.K, example.V  # (L, D), (S, D), (S, D)
        raw = example.raw_scores  # (L, S) Q Kᵀ
        scaled = example.scores  # (L, S) Q Kᵀ / √d_k
        masked = example.causal_scores  # (L, S) -inf after each query's position
        weights = example.causal_weights  # (L, S) rows sum to 1
        output = example.causal_Y  # (L, D) weights V
        root = math.sqrt(example.d_k)
        vmax = float(torch.cat([Q.flatten(), K.flatten(), V.flatten(), output.flatten()]).abs().max())
        s_max = float(raw.abs().max())  # one colour scale for every score matrix
        sums = weights.sum(dim=-1).tolist()  # (L,)
        signed, unsigned = Normalize(-s_max, s_max), Normalize(0.0, 1.0)

        def matrix(values, color=None, zeros_blocked=False):
            """Cells as tiles (role ``color``, or a colour map when None: scores diverging, weights sequential);
            −∞ scores (and exact zeros when ``zeros_blocked``) as blocked cells."""
            rows = VGroup()
            for r, row in enumerate((values + 0.0).tolist()):
                cells = VGroup()
                for c, v in enumerate(row):
                    if math.isinf(v):
                        cell = blocked_cell(theme, width=CELL, height=CELL, text="−∞", font_size=30)
                    elif zeros_blocked and v == 0.0:
                        cell = blocked_cell(theme, width=CELL, height=CELL, text="0")
                    elif color is None:
                        fill = to_hex(theme.sequential_cmap(unsigned(v)) if zeros_blocked
                                      else theme.diverging_cmap(signed(v)))
                        cell = tile(v, theme, color=theme.muted, width=CELL, height=CELL, fill=fill)
                    else:
                        cell = tile(v, theme, color=color, vmax=vmax, width=CELL, height=CELL)
                    cells.add(cell.move_to([c * CELL, -r * CELL, 0]))
                rows.add(cells)
            return rows.center()

        def at(group, slot):
            return group.move_to([SLOTS[slot], ROW_Y, 0])

        def named(group, text):
            return label(text, theme, size=32).next_to(group, UP, buff=0.25)

        # the paper's diagram, its bottom on the left
        names = ("MatMul", "Scale", "Mask (opt.)", "SoftMax", "MatMul")
        boxes = VGroup()
        for name in names:
            rect = Rectangle(width=2.3, height=0.62, stroke_color=theme.muted, stroke_width=1.5, fill_color=theme.panel,
                             fill_opacity=1.0)
            boxes.add(VGroup(rect, label(name, theme, size=26).move_to(rect)))
        boxes.arrange(RIGHT, buff=0.42).move_to([0, 3.3, 0])
        links = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=0.04, color=theme.muted, stroke_width=3,
                               max_tip_length_to_length_ratio=0.35) for a, b in zip(boxes[:-1], boxes[1:])))
        diagram = VGroup(boxes, links)
        marker = SurroundingRectangle(boxes[0], color=theme.foreground, buff=0.07, stroke_width=5)

        def heading(text):
            return label(text, theme, size=30).move_to([0, 2.4, 0])

        def note(text):
            return label(text, theme, size=28, color=theme.muted).move_to([0, -2.9, 0])

        def flow(start, end, text):
            """An arrow between two tensors, with the step's operation written above it."""
            arrow = Arrow(start, end, buff=0.15, color=theme.muted, stroke_width=5, max_tip_length_to_length_ratio=0.25)
            return VGroup(arrow, label(text, theme, size=26).next_to(arrow, UP, buff=0.1))

        def mark(box):
            return Transform(marker,
                             SurroundingRectangle(boxes[box], color=theme.foreground, buff=0.07, stroke_width=5))

        def sign(text, a, b):  # × or = between two slots
            return label(text, theme, size=48).move_to([(SLOTS[a] + SLOTS[b]) / 2, ROW_Y, 0])

        # 1. MatMul: Q Kᵀ, every query against every key
        q, kt, s = at(matrix(Q, theme.query), 0), at(matrix(K.T, theme.key), 1), at(matrix(raw), 2)
        q_name, kt_name, s_name = named(q, "Q"), named(kt, "K<sup>T</sup>"), named(s, "Q K<sup>T</sup>")
        times, equals = sign("×", 0, 1), sign("=", 1, 2)
        step = heading("1. MatMul: every query against every key")
        self.play(FadeIn(diagram), FadeIn(marker), FadeIn(step), FadeIn(q), FadeIn(q_name), FadeIn(kt), FadeIn(kt_name),
                  FadeIn(times), run_time=0.7)
        first = VGroup(SurroundingRectangle(q[0], color=theme.foreground, buff=0.05),
                       SurroundingRectangle(VGroup(*(row[0] for row in kt)), color=theme.foreground, buff=0.05),
                       SurroundingRectangle(s[0][0], color=theme.foreground, buff=0.04, stroke_width=5))
        first_note = note(f"row 1, column 1: q<sub>1</sub> · k<sub>1</sub> = {raw[0, 0]:.2f}".replace("-", "−"))
        self.play(FadeIn(equals), FadeIn(s), FadeIn(s_name), FadeIn(first), FadeIn(first_note), run_time=0.7)
        self.wait(1.0)
        self.next_slide()

        # 2. Scale: every score divided by √d_k (the scores move to the left)
        sc = at(matrix(scaled), 1)
        sc_name = named(sc, f"Q K<sup>T</sup> / √{example.d_k}")
        scale_step = flow([SLOTS[0] + 1.5 * CELL, ROW_Y, 0], sc.get_left(), f"÷ √{example.d_k}")
        step2 = heading(f"2. Scale: divide by √d<sub>k</sub> = √{example.d_k}")
        note2 = note(f"row 1, column 1: {raw[0, 0]:.2f} / {root:.2f} = {scaled[0, 0]:.2f}".replace("-", "−"))
        self.play(*(FadeOut(m) for m in (q, q_name, kt, kt_name, times, equals, first)),
                  mark(1), FadeTransform(step, step2),
                  FadeTransform(first_note, note2), VGroup(s, s_name).animate.shift([SLOTS[0] - SLOTS[2], 0, 0]),
                  run_time=0.6)
        self.play(GrowArrow(scale_step[0]), FadeIn(scale_step[1]), FadeIn(sc), FadeIn(sc_name), run_time=0.7)
        cell_marks = VGroup(*(SurroundingRectangle(m[0][0], color=theme.foreground, buff=0.04, stroke_width=5)
                              for m in (s, sc)))
        self.play(FadeIn(cell_marks), run_time=0.3)
        self.wait(1.0)
        self.next_slide()

        # 3. Mask (causal): the keys after each query get the score −∞
        mk = at(matrix(masked), 2)
        mk_name = named(mk, "masked scores")
        mask_step = flow(sc.get_right(), mk.get_left(), "mask")
        step3 = heading("3. Mask (causal): no query sees a later key")
        note3 = note("above the diagonal: −∞, not a large negative number")
        self.play(FadeOut(cell_marks), mark(2), FadeTransform(step2, step3), FadeTransform(note2, note3), run_time=0.5)
        self.play(GrowArrow(mask_step[0]), FadeIn(mask_step[1]), FadeIn(mk), FadeIn(mk_name), run_time=0.7)
        self.wait(1.0)
        self.next_slide()

        # 4. SoftMax along each row: exact zeros where −∞, every row sums to 1 (the masked scores move to the left)
        w = at(matrix(weights, zeros_blocked=True), 1).shift(RIGHT * W_SHIFT)  # room for the word "softmax"
        w_name = named(w, "weights A")
        soft_step = flow([SLOTS[0] + 1.5 * CELL, ROW_Y, 0], w.get_left(), "softmax")
        sum_labels = VGroup(*(label(f"Σ = {total:.2f}", theme, size=28, color=theme.muted).next_to(row, RIGHT, buff=0.3)
                              for total, row in zip(sums, w)))
        step4 = heading("4. SoftMax along each row")
        note4 = note(f"e<sup>−∞</sup> = 0: the masked weights are exactly 0; row 1 is "
                     f"({', '.join(f'{v:g}' for v in weights[0].tolist())})")
        self.play(*(FadeOut(m) for m in (s, s_name, scale_step, sc, sc_name, mask_step)),
                  mark(3), FadeTransform(step3, step4),
                  FadeTransform(note3, note4),
                  VGroup(mk, mk_name).animate.shift([SLOTS[0] - SLOTS[2], 0, 0]), run_time=0.6)
        self.play(GrowArrow(soft_step[0]), FadeIn(soft_step[1]), FadeIn(w_name), run_time=0.4)
        for i in range(len(w)):  # one row at a time: the softmax runs along the keys
            self.play(FadeIn(w[i]), FadeIn(sum_labels[i]), run_time=0.35)
        self.wait(1.0)
        self.next_slide()

        # 5. MatMul: Y = A V, one output row per query (the weights move to the left)
        v, y = at(matrix(V, theme.value), 1), at(matrix(output, theme.output), 2)
        times2, equals2 = sign("×", 0, 1), sign("=", 1, 2)
        step5 = heading("5. MatMul: the weights times V")
        note5 = label("the first query sees only itself: y<sub>1</sub> = v<sub>1</sub>", theme, size=30).move_to(note4)
        self.play(*(FadeOut(m) for m in (sum_labels, mk, mk_name, soft_step)), mark(4), FadeTransform(step4, step5),
                  FadeTransform(note4, note5),
                  VGroup(w, w_name).animate.shift([SLOTS[0] - SLOTS[1] - W_SHIFT, 0, 0]), run_time=0.6)
        self.play(FadeIn(times2), FadeIn(v), FadeIn(named(v, "V")), run_time=0.5)
        pair = VGroup(*(SurroundingRectangle(m[0], color=theme.foreground, buff=0.05, stroke_width=5)
                        for m in (w, v, y)))
        self.play(FadeIn(equals2), FadeIn(y), FadeIn(named(y, "Y = A V")), FadeIn(pair), run_time=0.7)
        self.wait(1.5)
