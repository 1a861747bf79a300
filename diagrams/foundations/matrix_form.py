r"""All outputs at once: $Y = \mathrm{softmax}(QK^\top / \sqrt{d_k})\,V$.

One matrix product $Q K^\top$ scores every query against every key (row i, column j: $\mathbf{q}_i \cdot \mathbf{k}_j$).
Dividing by $\sqrt{d_k}$ and taking a softmax along each row turns the scores into weights whose rows sum to 1. One more
product with V gives every output at once: row i of Y is the weighted sum of the values with row i of the
weights. Scores are grey (negative) to blue (positive), weights white to deep blue (dark: to bright blue). The
numbers are those of the queries-keys-values example, computed by a seeded attnlab `Attention` module.
"""

ALT = """The formula Y = softmax(Q Kᵀ / √d_k) V across the top, with a frame around the part being computed.
Below it 3 × 3 matrices of numbered squares: first Q (purple) times Kᵀ (yellow) equals the scores; then the
scaled scores turn, row by row, into the weights, each row summing to 1.00; last the weights times V (green)
equal Y (red-orange), with row 1 of the weights and row 1 of Y outlined."""

import torch
from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, FadeTransform, MathTex, SurroundingRectangle, Transform, VGroup
from manim_slides import Slide

from attnlab.animate.squares import heat, label, squares
from attnlab.examples.foundations import qkv_example

SIZE = 1.15  # side of a square: holds "−1.07" at the squares' number size


class MatrixForm(Slide):
    def construct(self):
        theme = self.theme
        example = qkv_example()
        vmax = float(torch.cat([example.Q.flatten(), example.K.flatten(), example.V.flatten(),
                                example.Y.flatten()]).abs().max())
        s_max = float(example.raw_scores.abs().max())
        sums = example.weights.sum(dim=-1).tolist()  # (L,) every row of the weights sums to 1

        def block(values, color):
            return squares(values.tolist(), color=color, theme=theme, vmax=vmax, size=SIZE)

        def score_block(values):  # signed, no role: the diverging map
            return heat(values.tolist(), cmap=theme.diverging_cmap, theme=theme, vmin=-s_max, vmax=s_max, size=SIZE)

        def weight_block(values):  # in [0, 1], no role: the sequential map
            return heat(values.tolist(), cmap=theme.sequential_cmap, theme=theme, vmin=0.0, vmax=1.0, size=SIZE)

        def named(group, text):
            return label(text, theme, size=32).next_to(group, UP, buff=0.25)

        # the formula on top; a frame marks the part being computed
        parts = MathTex("Y =", r"\mathrm{softmax}\Big(", r"Q K^\top", r"/ \sqrt{d_k}", r"\Big)", "V",
                        font_size=52, color=theme.foreground).to_edge(UP, buff=0.35)
        times, equals = label("×", theme, size=48), label("=", theme, size=48)

        # 1. Q Kᵀ: every query against every key, one product
        q, kt = block(example.Q, theme.query), block(example.K.T, theme.key)
        raw = score_block(example.raw_scores)
        VGroup(q, times, kt, equals, raw).arrange(RIGHT, buff=0.45).move_to(DOWN * 0.45)
        names = VGroup(named(q, "Q"), named(kt, "K<sup>T</sup>"), named(raw, "Q K<sup>T</sup>"))
        marker = SurroundingRectangle(parts[2], color=theme.foreground, buff=0.08)
        self.play(FadeIn(parts), FadeIn(q), FadeIn(kt), FadeIn(times), FadeIn(names[:2]))
        self.play(FadeIn(marker))
        cell = SurroundingRectangle(raw[0][2], color=theme.foreground, buff=0.04)
        pair = VGroup(SurroundingRectangle(q[0], color=theme.query, buff=0.05),
                      SurroundingRectangle(VGroup(*(row[2] for row in kt)), color=theme.key, buff=0.05))
        self.play(FadeIn(equals), FadeIn(raw), FadeIn(names[2]))
        entry = label("row 1, column 3: q<sub>1</sub> · k<sub>3</sub>", theme, size=30)
        entry.next_to(VGroup(q, raw), DOWN, buff=0.45)
        self.play(FadeIn(pair), FadeIn(cell), FadeIn(entry))
        self.next_slide()

        # 2. scale by 1/√d_k, then softmax along each row: weights, rows summing to 1
        self.play(*(FadeOut(m) for m in (pair, cell, entry, q, kt, times, equals, names[0], names[1])))
        self.play(VGroup(raw, names[2]).animate.shift(RIGHT * (0 - raw.get_center()[0])))
        scores = score_block(example.scores).move_to(raw)
        scaled_name = label(f"Q K<sup>T</sup> / √{example.d_k}", theme, size=32).next_to(scores, UP, buff=0.25)
        self.play(Transform(marker, SurroundingRectangle(parts[2:4], color=theme.foreground, buff=0.08)))
        self.play(FadeTransform(raw, scores), FadeTransform(names[2], scaled_name))
        weights = weight_block(example.weights).move_to(scores)
        weights_name = label("weights A", theme, size=32).next_to(weights, UP, buff=0.25)
        sum_labels = VGroup(*(label(f"Σ = {s:.2f}", theme, size=30, color=theme.muted).next_to(row, RIGHT, buff=0.35)
                              for s, row in zip(sums, weights)))
        self.play(Transform(marker, SurroundingRectangle(parts[1:5], color=theme.foreground, buff=0.08)),
                  FadeTransform(scaled_name, weights_name))
        for i in range(len(weights)):  # one row at a time: the softmax runs along the keys
            self.play(FadeTransform(scores[i], weights[i]), FadeIn(sum_labels[i]), run_time=0.6)
        self.next_slide()

        # 3. A V: every output at once; row i of Y is the weighted sum of the values with row i of A
        v = block(example.V, theme.value)
        y = block(example.Y, theme.output)
        row = VGroup(weights.copy(), times.copy(), v, equals.copy(), y).arrange(RIGHT, buff=0.45).move_to(DOWN * 0.45)
        self.play(FadeOut(sum_labels),
                  VGroup(weights, weights_name).animate.shift(row[0].get_center() - weights.get_center()),
                  Transform(marker, SurroundingRectangle(parts, color=theme.foreground, buff=0.08)))
        self.play(FadeIn(row[1]), FadeIn(v), FadeIn(named(v, "V")), FadeIn(row[3]))
        self.play(FadeIn(y, shift=RIGHT * 0.4), FadeIn(named(y, "Y")))
        note = label("row i of Y: the values weighted by row i of A", theme, size=30)
        note.next_to(row, DOWN, buff=0.45)
        self.play(FadeIn(SurroundingRectangle(weights[0], color=theme.foreground, buff=0.05)),
                  FadeIn(SurroundingRectangle(y[0], color=theme.foreground, buff=0.05)), FadeIn(note))
        self.wait(1.0)
