r"""All outputs at once: $Y = \mathrm{softmax}(QK^\top / \sqrt{d_k})\,V$.

One matrix product $Q K^\top$ scores every query against every key (row i, column j: $\mathbf{q}_i \cdot \mathbf{k}_j$). Dividing by
$\sqrt{d_k}$ and taking a softmax along each row turns the scores into weights whose rows sum to 1. One more
product with V gives every output at once: row i of Y is the weighted sum of the values with row i of the
weights. The numbers are those of the queries-keys-values example, computed by a seeded attnlab `Attention` module.
"""

import torch
from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, FadeTransform, MathTex, SurroundingRectangle, Transform, VGroup
from manim_slides import Slide

from attnlab.animate.squares import label, squares
from attnlab.examples.foundations import qkv_example
from attnlab.theme import active


class MatrixForm(Slide):
    def construct(self):
        theme = active()
        example = qkv_example()
        vmax = float(torch.cat([example.Q.flatten(), example.K.flatten(), example.V.flatten(), example.Y.flatten()]).abs().max())
        s_max = float(example.raw_scores.abs().max())
        sums = example.weights.sum(dim=-1).tolist()  # (L,) every row of the weights sums to 1

        def block(values, color, scale=vmax):
            return squares((values + 0.0).tolist(), color=color, theme=theme, vmax=scale, size=0.62, decimals=2)

        def named(group, text):
            return label(text, theme, size=28).next_to(group, UP, buff=0.25)

        # the formula on top; a frame marks the part being computed
        parts = MathTex("Y =", r"\mathrm{softmax}\Big(", r"Q K^\top", r"/ \sqrt{d_k}", r"\Big)", "V",
                        font_size=44, color=theme.foreground).to_edge(UP, buff=0.45)
        times, equals = label("×", theme, size=40), label("=", theme, size=40)

        # 1. Q Kᵀ: every query against every key, one product
        q, kt = block(example.Q, theme.query), block(example.K.T, theme.key)
        raw = block(example.raw_scores, theme.muted, scale=s_max)
        VGroup(q, times, kt, equals, raw).arrange(RIGHT, buff=0.45).move_to(DOWN * 0.3)
        names = VGroup(named(q, "Q"), named(kt, "K<sup>T</sup>"), named(raw, "Q K<sup>T</sup>"))
        marker = SurroundingRectangle(parts[2], color=theme.foreground, buff=0.08)
        self.play(FadeIn(parts), FadeIn(q), FadeIn(kt), FadeIn(times), FadeIn(names[:2]))
        self.play(FadeIn(marker))
        cell = SurroundingRectangle(raw[0][2], color=theme.foreground, buff=0.04)
        pair = VGroup(SurroundingRectangle(q[0], color=theme.query, buff=0.05),
                      SurroundingRectangle(VGroup(*(row[2] for row in kt)), color=theme.key, buff=0.05))
        self.play(FadeIn(equals), FadeIn(raw), FadeIn(names[2]))
        entry = label("row 1, column 3: q<sub>1</sub> · k<sub>3</sub>", theme, size=24, color=theme.muted)
        entry.next_to(VGroup(q, raw), DOWN, buff=0.6)
        self.play(FadeIn(pair), FadeIn(cell), FadeIn(entry))
        self.next_slide()

        # 2. scale by 1/√d_k, then softmax along each row: weights, rows summing to 1
        self.play(*(FadeOut(m) for m in (pair, cell, entry, q, kt, times, equals, names[0], names[1])))
        self.play(VGroup(raw, names[2]).animate.shift(RIGHT * (0 - raw.get_center()[0])))
        scores = block(example.scores, theme.muted, scale=s_max).move_to(raw)
        scaled_name = label(f"Q K<sup>T</sup> / √{example.d_k}", theme, size=28).next_to(scores, UP, buff=0.25)
        self.play(Transform(marker, SurroundingRectangle(parts[2:4], color=theme.foreground, buff=0.08)))
        self.play(FadeTransform(raw, scores), FadeTransform(names[2], scaled_name))
        weights = block(example.weights, theme.output, scale=1.0).move_to(scores)
        weights_name = label("weights A", theme, size=28).next_to(weights, UP, buff=0.25)
        sum_labels = VGroup(*(label(f"Σ = {s:.2f}", theme, size=22, color=theme.muted).next_to(row, RIGHT, buff=0.3)
                              for s, row in zip(sums, weights)))
        self.play(Transform(marker, SurroundingRectangle(parts[1:5], color=theme.foreground, buff=0.08)),
                  FadeTransform(scaled_name, weights_name))
        for i in range(len(weights)):  # one row at a time: the softmax runs along the keys
            self.play(FadeTransform(scores[i], weights[i]), FadeIn(sum_labels[i]), run_time=0.6)
        self.next_slide()

        # 3. A V: every output at once; row i of Y is the weighted sum of the values with row i of A
        v = block(example.V, theme.value)
        y = block(example.Y, theme.output)
        row = VGroup(weights.copy(), times.copy(), v, equals.copy(), y).arrange(RIGHT, buff=0.45).move_to(DOWN * 0.3)
        self.play(FadeOut(sum_labels), VGroup(weights, weights_name).animate.shift(row[0].get_center() - weights.get_center()),
                  Transform(marker, SurroundingRectangle(parts, color=theme.foreground, buff=0.08)))
        self.play(FadeIn(row[1]), FadeIn(v), FadeIn(named(v, "V")), FadeIn(row[3]))
        self.play(FadeIn(y, shift=RIGHT * 0.4), FadeIn(named(y, "Y")))
        note = label("row i of Y: the values weighted by row i of A", theme, size=24, color=theme.muted)
        note.next_to(row, DOWN, buff=0.6)
        self.play(FadeIn(SurroundingRectangle(weights[0], color=theme.foreground, buff=0.05)),
                  FadeIn(SurroundingRectangle(y[0], color=theme.foreground, buff=0.05)), FadeIn(note))
        self.wait(1.0)
