"""A soft-dictionary lookup in three steps: compare, normalise, reweigh.

The query is compared with every key by a dot product, the scores become weights through a softmax (the blue
bars), and each value flows into the result in proportion to its weight. All numbers come from attnlab's
attention on the worked example (q = (0.55, 0.95), three keys, values equal to the keys).
"""

ALT = """A purple query of two squares on the left, three yellow keys in a column in the middle with their
green values on the right, like drawers of a cabinet. Beside each key its score and weight (0.55 and 0.56,
0.09 and 0.35, −1.24 and 0.09) with a blue bar as long as the weight; on the far right the red-orange result
(0.57, −0.10)."""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, GrowFromEdge, Rectangle, ReplacementTransform, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import number
from attnlab.animate.squares import label, squares
from attnlab.examples.foundations import query_over_three_keys

SIZE = 1.15  # side of a square
ROWS_Y = (1.5, -0.15, -1.8)  # one row per key


class SoftDictionaryLookup(Slide):
    def construct(self):
        theme = self.theme
        example = query_over_three_keys()
        scores = example.scores.tolist()  # (S,)
        a = example.weights.tolist()  # (S,) the weights a_j
        vmax = float(example.keys.abs().max())

        def vector(v, color):
            return squares([v], color=color, theme=theme, vmax=vmax, size=SIZE)

        def header(group, text):
            return label(text, theme, size=32).next_to(group, UP, buff=0.35)

        # 1. the cabinet: keys and values side by side, the query on the left
        query = vector(example.query.tolist(), theme.query).move_to([-5.5, ROWS_Y[1], 0])
        keys = VGroup(*(vector(k, theme.key).move_to([-2.3, y, 0]) for k, y in zip(example.keys.tolist(), ROWS_Y)))
        values = VGroup(*(vector(v, theme.value).move_to([2.55, y, 0])
                          for v, y in zip(example.values.tolist(), ROWS_Y)))
        headers = VGroup(header(query, "query"), header(keys, "keys"), header(values, "values"))
        self.play(FadeIn(query), FadeIn(keys), FadeIn(values), Write(headers))
        self.next_slide()

        # 2. compare: one dot product per key
        arrows = VGroup(*(Arrow(query.get_right(), key.get_left(), buff=0.15, color=theme.muted, stroke_width=4)
                          for key in keys))
        score_labels = VGroup(*(label(f"q·k = {number(s)}", theme, size=28).next_to(key, RIGHT, buff=0.3)
                                for s, key in zip(scores, keys)))
        self.play(*(GrowFromEdge(arrow, LEFT) for arrow in arrows), FadeIn(score_labels))
        self.next_slide()

        # 3. normalise: softmax turns scores into weights that sum to one
        blue = to_hex(theme.sequential_cmap(0.75))
        bars = VGroup(*(Rectangle(width=max(2.0 * aj, 0.02), height=0.28, stroke_width=0,
                                  fill_color=blue, fill_opacity=1)
                        .next_to(key, RIGHT, buff=0.3).align_to(key, DOWN) for aj, key in zip(a, keys)))
        weight_labels = VGroup(*(label(f"a = {number(aj)}", theme, size=28)
                                 .next_to(key, RIGHT, buff=0.3).align_to(key, UP)
                                 for aj, key in zip(a, keys)))
        self.play(ReplacementTransform(score_labels, weight_labels), *(GrowFromEdge(bar, LEFT) for bar in bars))
        self.next_slide()

        # 4. reweigh: every value flows into the result, as much as its weight says
        result = vector(example.context.tolist(), theme.output).move_to([5.55, ROWS_Y[1], 0])
        result_name = label("Σ<sub>j</sub> a<sub>j</sub> v<sub>j</sub>", theme, size=32).next_to(result, UP, buff=0.35)
        into = Arrow(values.get_right(), result.get_left(), buff=0.15, color=theme.muted, stroke_width=4)
        flows = [values[i].copy().set_opacity(0.25 + 0.75 * aj) for i, aj in enumerate(a)]
        self.play(GrowFromEdge(into, LEFT),
                  *(ReplacementTransform(flow, result) for flow in flows), FadeIn(result_name))
        self.wait(1.0)
