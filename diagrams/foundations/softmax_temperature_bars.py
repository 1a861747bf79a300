r"""Why the scores are divided by $\sqrt{d_k}$: softmax temperature.

Two keys of dimension $d_k = 64$ score 112 and 96 against one query. The softmax of the raw scores gives the
first key 0.99999988746 and the second 1.1253516 × 10⁻⁷: all the weight on one key. Divided by $\sqrt{64} = 8$
the scores become 14 and 12 and the weights 0.880797 and 0.119203, so both keys count. Multiplying scores by a
factor works the other way: (4, 1) gives (0.952574, 0.047426), a hundred times (4, 1) gives (1, 5.1 × 10⁻¹³¹).
The bars are the weights, one per key (blue). Numbers from attnlab's scaled dot-product attention.
"""

ALT = """Two rows, one per key (k1 and k2): on the left the key's score, in the middle a blue bar as long as
its softmax weight, on the right the weight's value. The scores change from (112, 96) to (14, 12) and then to
multiples of (4, 1); the last frame shows a hundred times (4, 1), all the weight on k1 and 5.1 × 10⁻¹³¹ on k2."""

import math

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, FadeTransform, GrowFromEdge, Transform, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import bar, sci
from attnlab.animate.squares import label, squares
from attnlab.examples.foundations import softmax_112_96, softmax_temperature


class SoftmaxTemperature(Slide):
    def construct(self):
        theme = self.theme
        example = softmax_112_96()
        raw, scaled = example.scores.tolist(), example.scaled_scores.tolist()  # (S,), (S,)
        w, w_scaled = example.weights.tolist(), example.scaled_weights.tolist()  # (S,), (S,)
        root = math.sqrt(example.d_k)
        rows_y = (0.75, -0.85)  # one row per key
        x_score, x_bar, x_weight = -5.4, -1.1, 3.0  # left edges of the columns
        blue = to_hex(theme.sequential_cmap(0.75))  # the bars are weights
        width = x_weight - x_bar - 0.4  # length of a bar of weight 1

        def at(mobject, x, y):
            return mobject.move_to([x, y, 0], aligned_edge=LEFT)

        def score_labels(values, prefix):
            return VGroup(*(at(label(f"{prefix}{v:g}", theme, size=32), x_score, y) for v, y in zip(values, rows_y)))

        def weight_labels(texts):
            return VGroup(*(at(label(t, theme, size=30), x_weight, y) for t, y in zip(texts, rows_y)))

        def bars(values):
            return VGroup(*(at(bar(v, theme, width=width, height=0.5, color=blue), x_bar, y)
                            for v, y in zip(values, rows_y)))

        # 1. two keys of d_k = 64 features; their raw dot products with the query
        title = label(f"Two keys, d<sub>k</sub> = {example.d_k}", theme, size=40).to_edge(UP, buff=0.45)
        names = VGroup(*(VGroup(squares([[1.0]], color=theme.key, theme=theme, vmax=1.0, size=0.5, annotate=False),
                                label(f"k{chr(0x2081 + i)}", theme, size=34)).arrange(RIGHT, buff=0.15)
                         for i in range(len(raw))))
        for name, y in zip(names, rows_y):
            name.move_to([x_score - 0.4, y, 0], aligned_edge=RIGHT)
        headers = VGroup(at(label("score", theme, size=28, color=theme.muted), x_score, rows_y[0] + 1.0),
                         at(label("softmax weight", theme, size=28, color=theme.muted), x_bar, rows_y[0] + 1.0))
        scores = score_labels(raw, "q·k = ")
        self.play(Write(title), FadeIn(names), FadeIn(scores), FadeIn(headers))
        self.next_slide()

        # 2. softmax of the raw scores: one key takes (almost) everything
        weight_bars = bars(w)
        weights = weight_labels((f"{w[0]:.11f}", sci(w[1], 7)))
        verdict = label("all the weight on k₁: the softmax is saturated", theme, size=30)
        verdict.move_to([0, -2.4, 0])
        self.play(*(GrowFromEdge(b, LEFT) for b in weight_bars), FadeIn(weights))
        self.play(FadeIn(verdict))
        self.next_slide()

        # 3. divide by √d_k: scores 14 and 12, and both keys count again
        divide = label(f"÷ √{example.d_k} = {root:g}", theme, size=32).next_to(title, DOWN, buff=0.25)
        scaled_scores = score_labels(scaled, f"q·k / {root:g} = ")
        scaled_weights = weight_labels(tuple(f"{v:.6f}" for v in w_scaled))
        verdict_scaled = label("scaled: both keys count", theme, size=30).move_to(verdict)
        self.play(FadeIn(divide, shift=DOWN * 0.2))
        self.play(FadeTransform(scores, scaled_scores), Transform(weight_bars, bars(w_scaled)),
                  FadeTransform(weights, scaled_weights), FadeTransform(verdict, verdict_scaled))
        self.next_slide()

        # 4. the other way round: multiplying the scores by a factor (1 / temperature) sharpens the softmax
        temp = softmax_temperature()
        # (F,), (F, S), (F, S)
        factors, products, t_weights = temp.factors.tolist(), temp.scaled.tolist(), temp.weights.tolist()
        new_title = label("Temperature: multiply the scores", theme, size=40).to_edge(UP, buff=0.45)
        self.play(FadeOut(divide), FadeOut(verdict_scaled), FadeTransform(title, new_title))
        shown_scores, shown_weights = scaled_scores, scaled_weights
        for k, (f, s, ws) in enumerate(zip(factors, products, t_weights)):
            new_scores = score_labels(s, f"{f:g} × q·k = ")
            new_weights = weight_labels(tuple("1" if v == 1 else f"{v:.6f}" if v >= 1e-3 else sci(v, 1) for v in ws))
            self.play(FadeTransform(shown_scores, new_scores), Transform(weight_bars, bars(ws)),
                      FadeTransform(shown_weights, new_weights))
            self.wait(0.5)
            if k < len(factors) - 1:
                self.next_slide()
            shown_scores, shown_weights = new_scores, new_weights
        sharper = label("a larger factor (a lower temperature): a sharper softmax", theme, size=30)
        self.play(FadeIn(sharper.move_to(verdict)))
        self.wait(1.0)
