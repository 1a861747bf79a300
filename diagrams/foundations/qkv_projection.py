r"""Every input, projected three ways: queries, keys and values.

Three inputs $\mathbf{x}_1$, $\mathbf{x}_2$, $\mathbf{x}_3$ of four features (the rows of X) are multiplied by three learned 4×3 matrices:
$X W^Q$ gives the queries Q, $X W^K$ the keys K and $X W^V$ the values V, one row per input. Row i of each result
depends on row i of X only: the same matrices serve every position. The numbers are those of a seeded attnlab
`Attention` module (the queries-keys-values example).
"""

import torch
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, FadeTransform, ReplacementTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import label, squares
from attnlab.examples.foundations import qkv_example
from attnlab.theme import active


class QkvProjection(Slide):
    def construct(self):
        theme = active()
        example = qkv_example()
        vmax = float(torch.cat([example.X.flatten(), example.Q.flatten(), example.K.flatten(), example.V.flatten()]).abs().max())
        w_max = float(torch.cat([example.W_Q.flatten(), example.W_K.flatten(), example.W_V.flatten()]).abs().max())
        roles = (("Q", example.W_Q, example.Q, theme.query), ("K", example.W_K, example.K, theme.key),
                 ("V", example.W_V, example.V, theme.value))

        def block(values, color, scale=vmax, size=0.55):
            return squares((values + 0.0).tolist(), color=color, theme=theme, vmax=scale, size=size, decimals=2)  # + 0.0: no "-0.00"

        # 1. the inputs: one row per token, E = 4 features; the product X W = result laid out (and centred) in advance
        title = label("Project every input three ways", theme, size=34).to_edge(UP, buff=0.4)
        x = block(example.X, theme.foreground)
        tokens = VGroup(*(label(t, theme, size=24).next_to(row, LEFT, buff=0.25) for t, row in zip(example.tokens, x)))
        x_group = VGroup(x, tokens)
        times, equals = label("×", theme, size=40), label("=", theme, size=40)
        slot_w, slot_out = block(example.W_Q, theme.query), block(example.Q, theme.query)  # placeholders for the layout
        VGroup(x_group, times, slot_w, equals, slot_out).arrange(RIGHT, buff=0.4).move_to([0, 1.2, 0])
        x_name = label("X", theme, size=28).next_to(x, UP, buff=0.25)
        self.play(Write(title), FadeIn(x_group), FadeIn(x_name))
        self.next_slide()

        # 2-4. X W^Q = Q, X W^K = K, X W^V = V; each result moves down to the shelf when the next one starts
        shelf = []  # the finished Q, K, V with their names
        w_shown = w_name = None
        leftovers = []  # the previous result (to shelve) and any note on screen

        def shelve(j, result, result_name):
            done = VGroup(result.copy(), label(roles[j][0], theme, size=28))
            done[1].next_to(done[0], UP, buff=0.2)
            done.move_to([(j - 1) * 3.6, -2.2, 0])
            shelf.append(done)
            return ReplacementTransform(VGroup(result, result_name), done)

        for i, (name, W, out, color) in enumerate(roles):
            w = block(W, color, scale=w_max).move_to(slot_w)
            new_w_name = label(f"W<sup>{name}</sup>", theme, size=28).next_to(w, UP, buff=0.25)
            result = block(out, color).move_to(slot_out)
            result_name = label(name, theme, size=28).next_to(result, UP, buff=0.25)
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
                note = label(f"row 1 of Q, the query of {example.tokens[0]}, comes from row 1 of X alone", theme,
                             size=24, color=theme.muted).next_to(VGroup(x, w), DOWN, buff=0.5)
                self.play(FadeIn(boxes), FadeIn(note))
                leftovers += [FadeOut(boxes), FadeOut(note)]
            self.wait(0.5)
            self.next_slide()

        # 5. one input, one query, one key, one value
        self.play(*(FadeOut(m) for m in (times, w_shown, w_name, equals)), *leftovers)
        self.play(VGroup(x_group, x_name).animate.move_to([0, 1.4, 0]))
        boxes = VGroup(SurroundingRectangle(x[0], color=theme.foreground, buff=0.06),
                       *(SurroundingRectangle(item[0][0], color=theme.foreground, buff=0.05) for item in shelf))
        note = label(f"{example.tokens[0]} gives one query, one key and one value", theme, size=24, color=theme.muted)
        note.next_to(VGroup(*shelf), UP, buff=0.35)
        self.play(FadeIn(boxes), FadeIn(note))
        self.wait(1.0)
