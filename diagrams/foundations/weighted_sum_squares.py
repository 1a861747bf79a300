r"""A weighted sum, square by square.

Three input vectors $\mathbf{x}_j$ (green, one row each) are each multiplied by a scalar weight $a_j$; the scaled vectors
are added entry by entry into the output $\mathbf{y} = \sum_j a_j \mathbf{x}_j$. Vibrancy shows magnitude, so the heavily weighted
vector stays vivid and the lightly weighted one fades. Weights and vectors are those of the worked example of
the soft-dictionary page, computed by attnlab's attention.
"""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, GrowArrow, ReplacementTransform, Transform, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import label, squares
from attnlab.examples.worked import query_over_three_keys
from attnlab.theme import active


class WeightedSumSquares(Slide):
    def construct(self):
        theme = active()
        example = query_over_three_keys()
        inputs = example.values.tolist()  # (S, E)
        a = example.weights.tolist()  # (S,) the weights a_j
        vmax = max(abs(v) for row in inputs for v in row)

        # 1. the inputs, one row each
        rows = VGroup(*(squares([x], color=theme.value, theme=theme, vmax=vmax, size=0.9) for x in inputs))
        rows.arrange(DOWN, buff=0.45).shift(LEFT * 1.0)
        names = VGroup(*(label(f"x{chr(0x2081 + i)}", theme).next_to(row, LEFT, buff=0.3) for i, row in enumerate(rows)))
        title = label("y = Σ<sub>j</sub> a<sub>j</sub> x<sub>j</sub>", theme, size=36).to_edge(UP)
        self.play(Write(title), FadeIn(rows), FadeIn(names))
        self.next_slide()

        # 2. one scalar weight per input
        scalars = VGroup(*(squares([[aj]], color=theme.output, theme=theme, vmax=1.0, size=0.9).next_to(name, LEFT, buff=0.3)
                           for aj, name in zip(a, names)))
        self.play(FadeIn(scalars, shift=RIGHT * 0.3))
        self.next_slide()

        # 3. scale each input by its weight: vibrancy follows the products
        scaled = VGroup(*(squares([[aj * v for v in x]], color=theme.value, theme=theme, vmax=vmax, size=0.9).move_to(row)
                          for aj, x, row in zip(a, inputs, rows)))
        self.play(*(Transform(row, new) for row, new in zip(rows, scaled)))
        self.next_slide()

        # 4. add them up, entry by entry
        result = squares([example.context.tolist()], color=theme.output, theme=theme, vmax=vmax, size=0.9).shift(RIGHT * 4.0)
        result_name = label("y", theme).next_to(result, UP, buff=0.25)
        plus = VGroup(*(label("+", theme).next_to(row, DOWN, buff=0.05).shift(LEFT * 1.2) for row in rows[:-1]))
        arrow = Arrow(rows.get_right(), result.get_left(), buff=0.3, color=theme.muted)
        self.play(FadeIn(plus), GrowArrow(arrow))
        self.play(ReplacementTransform(rows.copy(), result), FadeIn(result_name))
        self.wait(1.0)
