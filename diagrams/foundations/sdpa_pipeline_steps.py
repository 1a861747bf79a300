r"""Scaled dot-product attention, one box at a time: MatMul, Scale, Mask, SoftMax, MatMul.

On the left, the five boxes of the Transformer paper's diagram, read from the bottom; a frame climbs them as
the steps run. On the right, each step's real tensor appears next to the tensor it is made from, for three
queries and three keys ($d_k = 3$). 1. MatMul: Q times $K^\top$ (below) gives the scores $Q K^\top$ (above),
every query against every key; row 1, column 1 is −1.07. 2. Scale: every score divided by
$\sqrt{3} \approx 1.73$ (−1.07 becomes −0.62). 3. Mask: here the keys after each query get the score
−∞. 4. SoftMax along each row: the masked entries get weight exactly 0 and every row sums to 1; the first
query sees only itself, its weights are (1, 0, 0). 5. MatMul: $Y = A V$, one output row per query, the first
equal to the first value. The numbers are those of the still figure above, from a seeded attnlab `Attention`
module and its `scaled_dot_product_attention`.
"""

import math

import torch
from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, FadeTransform, GrowArrow, Line, Rectangle, SurroundingRectangle, \
    Transform, VGroup
from manim_slides import Slide

from attnlab.animate.layout import blocked_cell, tile
from attnlab.animate.squares import label
from attnlab.examples.foundations import qkv_example
from attnlab.theme import active

CELL = 0.7  # side of one matrix cell
FONT = 16  # size of the numbers in the cells


class SdpaPipelineSteps(Slide):
    def construct(self):
        theme = active()
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

        def matrix(values, color, scale, zeros_blocked=False):
            """Cells as tiles; −∞ scores (and exact zeros when ``zeros_blocked``) as blocked cells."""
            rows = VGroup()
            for r, row in enumerate((values + 0.0).tolist()):
                cells = VGroup()
                for c, v in enumerate(row):
                    if math.isinf(v):
                        cell = blocked_cell(theme, width=CELL, height=CELL, text="−∞", font_size=FONT + 4)
                    elif zeros_blocked and v == 0.0:
                        cell = blocked_cell(theme, width=CELL, height=CELL, text="0", font_size=FONT)
                    else:
                        cell = tile(v, theme, color=color, vmax=scale, width=CELL, height=CELL, font_size=FONT)
                    cells.add(cell.move_to([c * CELL, -r * CELL, 0]))
                rows.add(cells)
            return rows.center()

        def named(group, text):
            return label(text, theme, size=24).next_to(group, UP, buff=0.2)

        # the paper's diagram, bottom to top
        names = ("MatMul", "Scale", "Mask (opt.)", "SoftMax", "MatMul")
        boxes = VGroup()
        for i, name in enumerate(names):
            rect = Rectangle(width=2.2, height=0.52, stroke_color=theme.muted, stroke_width=1.5, fill_color=theme.panel,
                             fill_opacity=1.0)
            boxes.add(VGroup(rect, label(name, theme, size=20).move_to(rect)).move_to([-5.6, -2.5 + 0.95 * i, 0]))
        links = VGroup(*(Arrow(a.get_top(), b.get_bottom(), buff=0.04, color=theme.muted, stroke_width=3,
                               max_tip_length_to_length_ratio=0.4) for a, b in zip(boxes[:-1], boxes[1:])))
        inputs = VGroup(*(label(t, theme, size=22).move_to([x, -3.55, 0]) for t, x in (("Q", -6.2), ("K", -5.0), ("V", -4.05))))
        feeds = VGroup(*(Arrow(inputs[i].get_top(), [inputs[i].get_x(), boxes[0].get_bottom()[1], 0], buff=0.05,
                               color=theme.muted, stroke_width=3, max_tip_length_to_length_ratio=0.4) for i in range(2)))
        v_line = Line(inputs[2].get_top() + UP * 0.05, [inputs[2].get_x(), boxes[4].get_y(), 0], color=theme.muted, stroke_width=3)
        v_feed = Arrow(v_line.get_end(), boxes[4].get_right(), buff=0.0, color=theme.muted, stroke_width=3,
                       max_tip_length_to_length_ratio=0.3)
        diagram = VGroup(boxes, links, inputs, feeds, v_line, v_feed)
        marker = SurroundingRectangle(boxes[0], color=theme.foreground, buff=0.07, stroke_width=4)

        title = label("Scaled dot-product attention, step by step", theme, size=30).to_edge(UP, buff=0.3)
        slots = (-2.6, 0.95, 4.5)  # x of the three columns of tensors
        top_y, bottom_y = 0.95, -2.0  # y of the two rows: the scores above, the products below

        def at(group, slot, y):
            return group.move_to([slots[slot], y, 0])

        def heading(text):
            return label(text, theme, size=24).move_to([slots[0] - 3 * CELL / 2, 2.85, 0], aligned_edge=LEFT)

        def note(text):
            return label(text, theme, size=22, color=theme.muted).move_to([slots[0] - 3 * CELL / 2, -3.5, 0], aligned_edge=LEFT)

        def flow(start, end, text, side=UP):
            """An arrow between two tensors, with the step's operation written beside it."""
            arrow = Arrow(start, end, buff=0.12, color=theme.muted, stroke_width=4, max_tip_length_to_length_ratio=0.15)
            return VGroup(arrow, label(text, theme, size=22).next_to(arrow, side, buff=0.1))

        def mark(box):
            return Transform(marker, SurroundingRectangle(boxes[box], color=theme.foreground, buff=0.07, stroke_width=4))

        # 1. MatMul: Q Kᵀ, every query against every key (the inputs below, as in the paper's diagram)
        q, kt = at(matrix(Q, theme.query, vmax), 0, bottom_y), at(matrix(K.T, theme.key, vmax), 1, bottom_y)
        times = label("×", theme, size=36).move_to([(slots[0] + slots[1]) / 2, bottom_y, 0])
        s = at(matrix(raw, theme.muted, s_max), 0, top_y)
        q_name, kt_name, s_name = named(q, "Q"), named(kt, "K<sup>T</sup>"), named(s, "Q K<sup>T</sup>")
        up = Arrow(times.get_top(), s.get_corner(DOWN + RIGHT), buff=0.15, color=theme.muted, stroke_width=4,
                   max_tip_length_to_length_ratio=0.2)
        step = heading("1. MatMul: every query against every key")
        self.play(FadeIn(title), FadeIn(diagram), FadeIn(marker), FadeIn(step), FadeIn(q), FadeIn(q_name), FadeIn(kt),
                  FadeIn(kt_name), FadeIn(times), run_time=0.7)
        first = VGroup(SurroundingRectangle(q[0], color=theme.query, buff=0.05),
                       SurroundingRectangle(VGroup(*(row[0] for row in kt)), color=theme.key, buff=0.05),
                       SurroundingRectangle(s[0][0], color=theme.foreground, buff=0.03))
        first_note = note(f"row 1, column 1: q<sub>1</sub> · k<sub>1</sub> = {raw[0, 0]:.2f}")
        self.play(GrowArrow(up), FadeIn(s), FadeIn(s_name), FadeIn(first), FadeIn(first_note), run_time=0.7)
        self.wait(1.0)
        self.next_slide()

        # 2. Scale: every score divided by √d_k
        sc = at(matrix(scaled, theme.muted, s_max), 1, top_y)
        sc_name = named(sc, f"Q K<sup>T</sup> / √{example.d_k}")
        scale_step = flow(s.get_right(), sc.get_left(), f"÷ √{example.d_k}")
        step2 = heading(f"2. Scale: divide by √d<sub>k</sub> = √{example.d_k}")
        note2 = note(f"row 1, column 1: {raw[0, 0]:.2f} / {root:.2f} = {scaled[0, 0]:.2f}")
        cell_marks = VGroup(SurroundingRectangle(s[0][0], color=theme.foreground, buff=0.03),
                            SurroundingRectangle(sc[0][0], color=theme.foreground, buff=0.03))
        self.play(*(FadeOut(m) for m in (q, q_name, kt, kt_name, times, up, first)), mark(1), FadeTransform(step, step2),
                  FadeTransform(first_note, note2), run_time=0.5)
        self.play(GrowArrow(scale_step[0]), FadeIn(scale_step[1]), FadeIn(sc), FadeIn(sc_name), FadeIn(cell_marks), run_time=0.7)
        self.wait(1.0)
        self.next_slide()

        # 3. Mask (causal): the keys after each query get the score −∞
        mk = at(matrix(masked, theme.muted, s_max), 2, top_y)
        mk_name = named(mk, "masked scores")
        mask_step = flow(sc.get_right(), mk.get_left(), "mask")
        step3 = heading("3. Mask (causal): no query sees a later key")
        note3 = note("above the diagonal: −∞, not a large negative number")
        self.play(FadeOut(cell_marks), mark(2), FadeTransform(step2, step3), FadeTransform(note2, note3), run_time=0.5)
        self.play(GrowArrow(mask_step[0]), FadeIn(mask_step[1]), FadeIn(mk), FadeIn(mk_name), run_time=0.7)
        self.wait(1.0)
        self.next_slide()

        # 4. SoftMax along each row: exact zeros where −∞, every row sums to 1
        w = at(matrix(weights, theme.output, 1.0, zeros_blocked=True), 1, bottom_y)
        w_name = named(w, "weights A")
        soft_step = flow(mk.get_corner(DOWN + LEFT) + RIGHT * 0.3, w_name.get_right() + RIGHT * 0.1, "softmax", side=RIGHT)
        soft_step[1].next_to(soft_step[0].get_center(), DOWN + RIGHT, buff=0.05)
        sum_labels = VGroup(*(label(f"Σ = {total:.2f}", theme, size=20, color=theme.muted).next_to(row, RIGHT, buff=0.2)
                              for total, row in zip(sums, w)))
        step4 = heading("4. SoftMax along each row")
        note4 = note(f"e<sup>−∞</sup> = 0: the masked weights are exactly 0; row 1 is "
                     f"({', '.join(f'{v:g}' for v in weights[0].tolist())})")
        self.play(mark(3), FadeTransform(step3, step4), FadeTransform(note3, note4), GrowArrow(soft_step[0]), FadeIn(soft_step[1]),
                  FadeIn(w_name), run_time=0.6)
        for i in range(len(w)):  # one row at a time: the softmax runs along the keys
            self.play(FadeIn(w[i]), FadeIn(sum_labels[i]), run_time=0.35)
        self.wait(1.0)
        self.next_slide()

        # 5. MatMul: Y = A V, one output row per query
        v, y = at(matrix(V, theme.value, vmax), 2, bottom_y), at(matrix(output, theme.output, vmax), 0, bottom_y)
        times2 = label("×", theme, size=36).move_to([(slots[1] + slots[2]) / 2, bottom_y, 0])
        equals = label("=", theme, size=36).move_to([(slots[0] + slots[1]) / 2, bottom_y, 0])
        step5 = heading("5. MatMul: the weights times V")
        note5 = note("the first query sees only itself: y<sub>1</sub> = v<sub>1</sub>")
        self.play(FadeOut(sum_labels), mark(4), FadeTransform(step4, step5), FadeTransform(note4, note5), FadeIn(times2),
                  FadeIn(v), FadeIn(label("V", theme, size=24).next_to(v, RIGHT, buff=0.2)), run_time=0.6)
        pair = VGroup(*(SurroundingRectangle(m[0], color=theme.foreground, buff=0.05) for m in (w, v, y)))
        self.play(FadeIn(equals), FadeIn(y), FadeIn(named(y, "Y = A V")), FadeIn(pair), run_time=0.7)
        self.wait(1.5)
