r"""Every input, projected three ways: queries, keys and values.

Three inputs $\mathbf{x}_1$, $\mathbf{x}_2$, $\mathbf{x}_3$ of four features (the rows of X) are multiplied by three
learned 4×3 matrices: $X W^Q$ gives the queries Q, $X W^K$ the keys K and $X W^V$ the values V, one row per input. Row i
of each result depends on row i of X only: the same matrices serve every position. The inputs are slate, the learned
matrices grey (negative) to blue (positive), the results in their roles' colours; numbers are rounded to one decimal.
The numbers are those of a seeded attnlab `Attention` module (the queries-keys-values example).
"""

ALT = """Across the top, X (three rows of four slate squares, labelled x1 to x3) times a 4 × 3 matrix of grey and
blue squares equals a 3 × 3 result; the matrix changes from W^Q to W^K to W^V and each result moves down to a
shelf. The last frame shows X above the purple Q, yellow K and green V side by side, with row 1 outlined in
all four."""

import torch
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    FadeTransform,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)
from manim_slides import Slide

from attnlab.animate.squares import heat, label, squares
from attnlab.examples.foundations import qkv_example

SIZE = 0.9  # side of a square: holds "−1.2" at the squares' number size


class QkvProjection(Slide):
    def construct(self):
        theme = self.theme
        example = qkv_example()
        vmax = float(torch.cat([example.X.flatten(), example.Q.flatten(), example.K.flatten(),
                                example.V.flatten()]).abs().max())
        w_max = float(torch.cat([example.W_Q.flatten(), example.W_K.flatten(), example.W_V.flatten()]).abs().max())
        roles = (("Q", example.W_Q, example.Q, theme.query), ("K", example.W_K, example.K, theme.key),
                 ("V", example.W_V, example.V, theme.value))

        def block(values, color):
            return squares(values.tolist(), color=color, theme=theme, vmax=vmax, size=SIZE, decimals=1)

        def weights(values):  # learned, signed, no role: the diverging map
            return heat(values.tolist(), cmap=theme.diverging_cmap, theme=theme, vmin=-w_max,
                        vmax=w_max, size=SIZE, decimals=1)

        # 1. the inputs: one row per token, E = 4 features; the product X W = result laid out (and centred) in advance
        x = block(example.X, theme.input)
        tokens = VGroup(*(label(t, theme, size=30).next_to(row, LEFT, buff=0.25) for t, row in zip(example.tokens, x)))
        x_group = VGroup(x, tokens)
        times, equals = label("×", theme, size=44), label("=", theme, size=44)
        slot_w, slot_out = weights(example.W_Q), block(example.Q, theme.query)  # placeholders for the layout
        VGroup(x_group, times, slot_w, equals, slot_out).arrange(RIGHT, buff=0.4).move_to([0, 1.35, 0])
        x.align_to(slot_w, UP)
        tokens.align_to(slot_w, UP).shift(DOWN * (SIZE - tokens[0].height) / 2)
        x_name = label("X", theme, size=32).next_to(x, UP, buff=0.2)
        self.play(FadeIn(x_group), FadeIn(x_name))
        self.next_slide()

        # 2-4. X W^Q = Q, X W^K = K, X W^V = V; each result moves down to the shelf when the next one starts
        shelf = []  # the finished Q, K, V with their names
        w_shown = w_name = None
        leftovers = []  # the previous result (to shelve) and any note on screen

        def shelve(j, result, result_name):
            done = VGroup(result.copy(), label(roles[j][0], theme, size=32))
            done[1].next_to(done[0], LEFT, buff=0.3)
            done.move_to([(j - 1) * 4.3, -2.3, 0])
            shelf.append(done)
            return ReplacementTransform(VGroup(result, result_name), done)

        for i, (name, W, out, color) in enumerate(roles):
            w = weights(W).move_to(slot_w)
            new_w_name = label(f"W<sup>{name}</sup>", theme, size=32).next_to(w, UP, buff=0.15)
            result = block(out, color).move_to(slot_out).align_to(x, UP)
            result_name = label(name, theme, size=32).next_to(result, UP, buff=0.2)
            if w_shown is None:
                self.play(FadeIn(times), FadeIn(w), FadeIn(new_w_name), FadeIn(equals))
            else:
                self.play(FadeTransform(w_shown, w), FadeTransform(w_name, new_w_name), *leftovers)
            w_shown, w_name = w, new_w_name
            self.play(FadeIn(result, shift=RIGHT * 0.4), FadeIn(result_name))
            leftovers = [shelve(i, result, result_name)]
            if i == 0:  # row i of Q comes from row i of X alone
                boxes = VGroup(SurroundingRectangle(x[0], color=theme.foreground, buff=0.06),
                               SurroundingRectangle(result[0], color=theme.foreground, buff=0.06))
                note = label("row 1 of Q comes from row 1 of X alone", theme, size=30)
                note.move_to([0, slot_w.get_bottom()[1] - 0.35, 0])  # the shelf is still empty
                self.play(FadeIn(boxes), FadeIn(note))
                leftovers += [FadeOut(boxes), FadeOut(note)]
            self.wait(0.5)
            self.next_slide()

        # 5. one input, one query, one key, one value
        self.play(*(FadeOut(m) for m in (times, w_shown, w_name, equals)), *leftovers)
        self.play(VGroup(x_group, x_name).animate.move_to([0, 2.1, 0]), VGroup(*shelf).animate.shift(UP * 0.45))
        boxes = VGroup(SurroundingRectangle(x[0], color=theme.foreground, buff=0.06, stroke_width=5),
                       *(SurroundingRectangle(item[0][0], color=theme.foreground, buff=0.05, stroke_width=5)
                         for item in shelf))
        note = label(f"{example.tokens[0]} gives one query, one key and one value", theme, size=30)
        note.move_to([0, (x.get_bottom()[1] + shelf[0].get_top()[1]) / 2, 0])
        self.play(FadeIn(boxes), FadeIn(note))
        self.wait(1.0)
