"""A soft-dictionary lookup in three steps: compare, normalise, reweigh.

The query is compared with every key by a dot product, the scores become weights through a softmax, and
each value flows into the result in proportion to its weight. All numbers come from attnlab's attention on
the worked example (q = (0.55, 0.95), three keys, values equal to the keys).
"""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, GrowFromEdge, Rectangle, ReplacementTransform, VGroup, Write
from manim_slides import Slide

from attnlab.animate.squares import label, labelled, squares
from attnlab.examples.worked import query_over_three_keys
from attnlab.theme import active


class SoftDictionaryLookup(Slide):
    def construct(self):
        theme = active()
        example = query_over_three_keys()
        scores = example.scores.tolist()  # (S,)
        a = example.weights.tolist()  # (S,) the weights a_j
        vmax = float(example.keys.abs().max())

        # 1. the cabinet: keys and values side by side, the query on the left
        query = labelled(squares([example.query.tolist()], color=theme.query, theme=theme, vmax=vmax), "query", theme)
        query.to_edge(LEFT, buff=0.6)
        keys = VGroup(*(squares([k], color=theme.key, theme=theme, vmax=vmax) for k in example.keys.tolist()))
        keys.arrange(DOWN, buff=0.45).shift(LEFT * 1.8)
        values = VGroup(*(squares([v], color=theme.value, theme=theme, vmax=vmax) for v in example.values.tolist()))
        for value, key in zip(values, keys):
            value.move_to(key).shift(RIGHT * 4.2)
        header = VGroup(label("keys", theme).next_to(keys, UP, buff=0.35), label("values", theme).next_to(values, UP, buff=0.35))
        self.play(FadeIn(query), FadeIn(keys), FadeIn(values), Write(header))
        self.next_slide()

        # 2. compare: one dot product per key
        arrows = VGroup(*(Arrow(query.get_right(), key.get_left(), buff=0.15, color=theme.muted, stroke_width=3) for key in keys))
        score_labels = VGroup(*(label(f"q·k = {s:+.4f}", theme, size=22).next_to(key, RIGHT, buff=0.25) for s, key in zip(scores, keys)))
        self.play(*(GrowFromEdge(arrow, LEFT) for arrow in arrows), FadeIn(score_labels))
        self.next_slide()

        # 3. normalise: softmax turns scores into weights that sum to one
        bars = VGroup(*(Rectangle(width=1.6 * aj, height=0.3, stroke_width=0, fill_color=theme.output, fill_opacity=1)
                        .next_to(key, RIGHT, buff=0.25).align_to(key, DOWN) for aj, key in zip(a, keys)))
        weight_labels = VGroup(*(label(f"a = {aj:.4f}", theme, size=22).next_to(key, RIGHT, buff=0.25).align_to(key, UP)
                                 for aj, key in zip(a, keys)))
        self.play(ReplacementTransform(score_labels, weight_labels), *(GrowFromEdge(bar, LEFT) for bar in bars))
        self.next_slide()

        # 4. reweigh: every value flows into the result, as much as its weight says
        result = labelled(squares(example.context.tolist(), color=theme.output, theme=theme, vmax=vmax), "Σ<sub>j</sub> a<sub>j</sub> v<sub>j</sub>", theme)
        result.to_edge(RIGHT, buff=0.6)
        flows = [values[i].copy().set_opacity(0.25 + 0.75 * aj) for i, aj in enumerate(a)]
        self.play(*(ReplacementTransform(flow, result[0]) for flow in flows), FadeIn(result[1]))
        self.wait(1.0)
