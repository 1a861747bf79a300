"""Narrow heads, the right way and the wrong way.

First the right way: the input $X$ is projected by one matrix $W^Q$, and the projection's output columns are cut
into $h = 2$ heads of $d/h$ features; each head's queries depend on all of $X$'s features. Then the wrong way:
$X$'s own features are cut in two and each half is projected alone, so neither head ever sees the other half. The
numbers are those of attnlab's `MultiHeadAttention` in the still figure above.
"""

ALT = """First X (2×4, slate) times W^Q (4×4, signed entries shaded grey to blue) equals Q (2×4, purple); the columns of
W^Q and Q are outlined in two halves, Q's halves drop below as head 1 and head 2, and a bold ✓ says each head
sees all of X. The last frame shows the wrong way: two rows, X[:, 0:2] × its own 2×2 matrix = head 1 and
X[:, 2:4] × another = head 2, under a bold ✗: no head sees all of X."""

import torch
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, ReplacementTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import heat, label, squares
from attnlab.examples.multi_head import head_split


class MultiheadSplit(Slide):
    def construct(self):
        theme = self.theme
        split = head_split()
        vmax = float(torch.cat([split.x.flatten(), split.narrow_w.flatten(), split.narrow_q.flatten()]).abs().max())
        cell = 0.82

        def block(values, color, size=cell):
            return squares(values.tolist(), color=color, theme=theme, vmax=vmax, size=size, decimals=1)

        def weights_of(values, size=cell):
            """A learned matrix: signed numbers without a role, in the diverging map (0 in the middle)."""
            return heat(values.tolist(), cmap=theme.diverging_cmap, theme=theme, vmin=-vmax,
                        vmax=vmax, size=size, decimals=1)

        # 1. one projection: X (L, E) times W^Q (E, E) gives Q (L, E)
        title = label("Narrow heads: cut the projection", theme, size=34).to_edge(UP, buff=0.3)
        x, w = block(split.x, theme.input), weights_of(split.narrow_w)
        q = block(torch.cat(list(split.narrow_q), dim=-1), theme.query)  # (L, E)
        times, equals = label("×", theme, size=40), label("=", theme, size=40)
        row = VGroup(x, times, w, equals, q).arrange(RIGHT, buff=0.25).shift(UP * 0.75)
        names = VGroup(*(label(n, theme, size=28).next_to(m, UP, buff=0.15)
                         for n, m in ((("X", x), ("W<sup>Q</sup>", w), ("Q", q)))))
        self.play(Write(title), FadeIn(row), FadeIn(names))
        self.next_slide()

        # 2. cut Q's columns (and so W^Q's) into heads: every head still uses every row of W^Q, all of X
        D = split.narrow_q.shape[-1]
        boxes = VGroup(*(SurroundingRectangle(VGroup(*(r[h * D:(h + 1) * D] for r in grid)), color=theme.foreground,
                                              buff=0.04, stroke_width=5) for grid in (w, q) for h in range(2)))
        heads = VGroup(*(block(split.narrow_q[h], theme.query) for h in range(2))).arrange(RIGHT, buff=0.6)
        heads.next_to(q, DOWN, buff=0.35)
        head_names = VGroup(*(label(f"head {h + 1}", theme, size=28).next_to(heads[h], DOWN, buff=0.15)
                              for h in range(2)))
        self.play(FadeIn(boxes))
        self.play(ReplacementTransform(q.copy(), heads), FadeIn(head_names))
        verdict = label("<b>✓ each head sees all of X</b>", theme,
                        size=30).next_to(head_names, DOWN, buff=0.2).align_to(q, RIGHT)
        self.play(FadeIn(verdict))
        self.next_slide()

        # 3. the wrong way: cut X's features, project each half alone
        self.play(*(FadeOut(m) for m in (row, names, boxes, heads, head_names, verdict)))
        wrong_title = label("Wrong: cut the inputs", theme, size=34).to_edge(UP, buff=0.3)
        rows = VGroup()
        for h in range(2):
            chunk, wh, qh = (block(split.wrong_x[h], theme.input, 1.0), weights_of(split.wrong_w[h], 1.0),
                              block(split.wrong_q[h], theme.query, 1.0))
            parts = VGroup(label(f"X[:, {h * D}:{(h + 1) * D}]", theme, size=30), chunk, label("×", theme, size=40), wh,
                           label("=", theme, size=40), qh, label(f"head {h + 1}", theme, size=30))
            rows.add(parts.arrange(RIGHT, buff=0.3))
        rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT).shift(UP * 0.3)
        self.play(ReplacementTransform(title, wrong_title))
        self.play(FadeIn(rows[0]))
        self.play(FadeIn(rows[1]))
        verdict = label("<b>✗ no head sees all of X</b>", theme, size=34).next_to(rows, DOWN, buff=0.5)
        self.play(FadeIn(verdict))
        self.wait(1.0)
