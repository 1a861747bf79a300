"""Narrow heads, the right way and the wrong way.

First the right way: the input $X$ is projected by one matrix $W^Q$, and the projection's output columns are cut
into $h = 2$ heads of $d/h$ features; each head's queries depend on all of $X$'s features. Then the wrong way:
$X$'s own features are cut in two and each half is projected alone, so neither head ever sees the other half. The numbers
are those of attnlab's `MultiHeadAttention` in the still figure above.
"""

import torch
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, ReplacementTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import label, squares
from attnlab.examples.heads import head_split
from attnlab.theme import active


class MultiheadSplit(Slide):
    def construct(self):
        theme = active()
        split = head_split()
        vmax = float(torch.cat([split.x.flatten(), split.narrow_w.flatten(), split.narrow_q.flatten()]).abs().max())
        cell = 0.55

        def block(values, color):
            return squares(values.tolist(), color=color, theme=theme, vmax=vmax, size=cell, decimals=1)

        # 1. one projection: X (L, E) times W^Q (E, E) gives Q (L, E)
        title = label("Narrow heads: cut the projection", theme, size=34).to_edge(UP)
        x, w = block(split.x, theme.value), block(split.narrow_w, theme.muted)
        q = block(torch.cat(list(split.narrow_q), dim=-1), theme.query)  # (L, E)
        times, equals = label("×", theme, size=40), label("=", theme, size=40)
        row = VGroup(x, times, w, equals, q).arrange(RIGHT, buff=0.4).shift(UP * 0.9)
        names = VGroup(*(label(n, theme, size=24).next_to(m, UP, buff=0.2) for n, m in ((("X", x), ("W<sup>Q</sup>", w), ("Q", q)))))
        self.play(Write(title), FadeIn(row), FadeIn(names))
        self.next_slide()

        # 2. cut Q's columns (and so W^Q's) into heads: every head still uses every row of W^Q, all of X
        D = split.narrow_q.shape[-1]
        boxes = VGroup(*(SurroundingRectangle(VGroup(*(r[h * D:(h + 1) * D] for r in grid)), color=theme.foreground,
                                              buff=0.05) for grid in (w, q) for h in range(2)))
        heads = VGroup(*(block(split.narrow_q[h], theme.query) for h in range(2))).arrange(RIGHT, buff=0.6)
        heads.next_to(row, DOWN, buff=0.6)
        head_names = VGroup(*(label(f"head {h + 1}", theme, size=24).next_to(heads[h], DOWN, buff=0.2) for h in range(2)))
        self.play(FadeIn(boxes))
        self.play(ReplacementTransform(q.copy(), heads), FadeIn(head_names))
        verdict = label("✓ each head sees all of X", theme, size=26, color=theme.value).next_to(head_names, DOWN, buff=0.3)
        self.play(FadeIn(verdict))
        self.next_slide()

        # 3. the wrong way: cut X's features, project each half alone
        self.play(*(FadeOut(m) for m in (row, names, boxes, heads, head_names, verdict)))
        wrong_title = label("Wrong: cut the inputs", theme, size=34).to_edge(UP)
        rows = VGroup()
        for h in range(2):
            chunk, wh, qh = block(split.wrong_x[h], theme.value), block(split.wrong_w[h], theme.muted), block(split.wrong_q[h], theme.query)
            parts = VGroup(label(f"X[:, {h * D}:{(h + 1) * D}]", theme, size=24), chunk, label("×", theme, size=36), wh,
                           label("=", theme, size=36), qh, label(f"head {h + 1}", theme, size=24))
            rows.add(parts.arrange(RIGHT, buff=0.3))
        rows.arrange(DOWN, buff=0.6, aligned_edge=LEFT).shift(DOWN * 0.2)
        self.play(ReplacementTransform(title, wrong_title))
        self.play(FadeIn(rows[0]))
        self.play(FadeIn(rows[1]))
        verdict = label("✗ no head sees all of X", theme, size=26, color=theme.output).next_to(rows, DOWN, buff=0.5)
        self.play(FadeIn(verdict))
        self.wait(1.0)
