r"""A weighted sum, square by square.

Three input vectors $\mathbf{x}_j$ (slate, one row each) are each multiplied by a scalar weight $a_j$ (blue, deeper
for a larger weight); the scaled vectors are added entry by entry into the output $\mathbf{y} = \sum_j a_j \mathbf{x}_j$
(red-orange). Vibrancy shows magnitude, so the heavily weighted vector stays vivid and the lightly weighted one
fades. Weights and vectors are those of the worked example of the soft-dictionary page, computed by attnlab's
attention.
"""

ALT = """Three rows of two slate squares, the inputs x1 to x3, each with a blue weight square on its left
(0.56, 0.35 and 0.09) and plus signs between the rows. After scaling, the rows fade by their weights and an arrow
leads to the output y on the right, two red-orange squares holding the sums of the scaled entries."""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, GrowArrow, ReplacementTransform, Transform, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import heat, label, squares
from attnlab.examples.foundations import query_over_three_keys

SIZE = 1.25  # side of a square


class WeightedSumSquares(Slide):
    def construct(self):
        theme = self.theme
        example = query_over_three_keys()
        inputs = example.values.tolist()  # (S, E)
        a = example.weights.tolist()  # (S,) the weights a_j
        vmax = max(abs(v) for row in inputs for v in row)

        # 1. the inputs, one row each
        rows = VGroup(*(squares([x], color=theme.input, theme=theme, vmax=vmax, size=SIZE) for x in inputs))
        rows.arrange(DOWN, buff=0.7).move_to([-1.6, -0.45, 0])
        names = VGroup(*(label(f"x{chr(0x2081 + i)}", theme, size=36).next_to(row, LEFT, buff=0.35)
                         for i, row in enumerate(rows)))
        title = label("y = Σ<sub>j</sub> a<sub>j</sub> x<sub>j</sub>", theme, size=44).to_edge(UP, buff=0.45)
        self.play(Write(title), FadeIn(rows), FadeIn(names))
        self.next_slide()

        # 2. one scalar weight per input
        scalars = VGroup(*(heat([[aj]], cmap=theme.sequential_cmap, theme=theme, vmin=0.0, vmax=1.0, size=SIZE)
                           .next_to(name, LEFT, buff=0.35) for aj, name in zip(a, names)))
        a_name = label("a<sub>j</sub>", theme, size=32, color=theme.muted).next_to(scalars, UP, buff=0.25)
        x_name = label("x<sub>j</sub>", theme, size=32, color=theme.muted).next_to(rows, UP, buff=0.25)
        self.play(FadeIn(scalars, shift=RIGHT * 0.3), FadeIn(a_name), FadeIn(x_name))
        self.next_slide()

        # 3. scale each input by its weight: vibrancy follows the products
        scaled = VGroup(*(squares([[aj * v for v in x]], color=theme.input, theme=theme,
                                  vmax=vmax, size=SIZE).move_to(row)
                          for aj, x, row in zip(a, inputs, rows)))
        scaled_name = label("a<sub>j</sub> x<sub>j</sub>", theme, size=32, color=theme.muted).move_to(x_name)
        self.play(*(Transform(row, new) for row, new in zip(rows, scaled)), Transform(x_name, scaled_name))
        self.next_slide()

        # 4. add them up, entry by entry
        result = squares([example.context.tolist()], color=theme.output, theme=theme, vmax=vmax, size=SIZE)
        result.move_to([4.7, rows[1].get_y(), 0])
        result_name = label("y", theme, size=36).next_to(result, UP, buff=0.3)
        plus = VGroup(*(label("+", theme, size=40).move_to((a.get_center() + b.get_center()) / 2)
                        for a, b in zip(rows[:-1], rows[1:])))
        arrow = Arrow(rows.get_right(), result.get_left(), buff=0.35, color=theme.muted, stroke_width=5)
        self.play(FadeIn(plus), GrowArrow(arrow))
        self.play(ReplacementTransform(rows.copy(), result), FadeIn(result_name))
        self.wait(1.0)
