r"""Encoder self-attention: every token sends its value to every token at once.

The six tokens of "the cat sat on the mat" play all three roles: the top row gives the keys and the values
(green, eight numbers each), the bottom row the queries. The query of "sat" is compared with every key,
before it and after it, and the softmax of the scaled scores gives six weights that sum to 1, from 0.05 for
"mat" to 0.33 for each "the" (both share one embedding, so they get the same weight from every query). Then
all 36 weights at once, a line each, thicker where the weight is larger: nothing is masked. Finally every
value travels down every line and each output (red-orange) is the weighted sum of all six values,
$\mathbf{y}_\text{sat} = 0.33\,\mathbf{v}_\text{the} + 0.08\,\mathbf{v}_\text{cat} + \dots$. Numbers from attnlab's
`scaled_dot_product_attention` on a seeded sentence of `attnlab.examples.transformer` (seeded projections,
not trained).
"""

ALT = """Six tokens, "the cat sat on the mat", appear twice: along the top as keys, each under a row of eight green
value squares, and along the bottom as queries, each above a red-orange output row. Blue lines join every key to every
query, 36 in all, thicker and darker where the weight is larger; the query "sat" and its output are outlined,
and the formula below spells out its output as 0.33 v_the + 0.08 v_cat + … over all six values."""

import math

from manim import (
    DOWN,
    UP,
    BackgroundRectangle,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MoveAlongPath,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import token_row
from attnlab.animate.squares import label, squares
from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.transformer import bidirectional_vs_causal


class EncoderSelfAttentionFlow(Slide):
    def construct(self):
        theme = self.theme
        example = bidirectional_vs_causal()
        allowed = example.allowed["bidirectional"]  # (L, L) all True: nothing masked
        output, weights = scaled_dot_product_attention(example.query, example.key, example.value,
                                                       attn_mask=allowed)  # (L, E), (L, L)
        tokens, values = example.tokens, example.value.tolist()  # (L,), (L, E)
        weights, output = weights.tolist(), output.tolist()  # (L, L), (L, E)
        L, d_k = len(tokens), example.key.shape[-1]
        focus = tokens.index("sat")  # the query followed in beat 2
        vmax = float(example.value.abs().max())
        xs = [0.45 + 1.85 * (i - (L - 1) / 2) for i in range(L)]
        top_y, bottom_y = 2.15, -1.6  # the keys and values row, the queries row
        side = 0.2  # one entry of a value or an output vector

        def names(y):
            row = token_row(tokens, theme, size=30)
            for mob, x in zip(row, xs):
                mob.move_to([x, y, 0])
            return row

        # 1. one sentence, three roles: the top row supplies keys and values, the bottom row the queries
        title = label("Encoder self-attention: every token reads every token", theme, size=32).to_edge(UP, buff=0.25)
        sentence = names(0.15)
        keys, queries = names(top_y), names(bottom_y)
        value_rows = VGroup(*(squares([v], color=theme.value, theme=theme, vmax=vmax, size=side, annotate=False)
                              .move_to([x, top_y + 0.55, 0]) for v, x in zip(values, xs)))
        row_names = VGroup(*(label(text, theme, size=24, color=theme.muted).move_to([-6.15, y, 0])
                             for text, y in (("values", top_y + 0.55), ("keys", top_y), ("queries", bottom_y))))
        self.play(Write(title), FadeIn(sentence), run_time=1.0)
        self.play(TransformFromCopy(sentence, keys), TransformFromCopy(sentence, queries), FadeOut(sentence),
                  run_time=1.0)
        self.play(FadeIn(value_rows, lag_ratio=0.1), FadeIn(row_names), run_time=0.8)
        self.next_slide()

        # 2. the query of "sat" against every key, earlier and later: six weights that sum to 1
        def start(j):
            return [xs[j], top_y - 0.3, 0]

        def end(i):
            return [xs[i], bottom_y + 0.3, 0]

        # [query][key]; the colour and width say the weight (weights: no role)
        lines = [[Line(start(j), end(i),
                       color=to_hex(theme.sequential_cmap(0.45 + 0.55 * weights[i][j] / max(weights[i]))),
                       stroke_width=1.0 + 14.0 * weights[i][j]) for j in range(L)] for i in range(L)]
        asker = SurroundingRectangle(queries[focus], color=theme.query, buff=0.1, stroke_width=5)
        numbers = VGroup()
        for j in range(L):
            number = label(f"{weights[focus][j]:.2f}", theme, size=28).move_to([xs[j], top_y - 0.68, 0])
            numbers.add(VGroup(BackgroundRectangle(number, color=theme.background,
                                                   fill_opacity=1.0, buff=0.06), number))
        note = label(f"the query of “sat” meets all {L} keys, before and after it:\n"
                     f"softmax(q·k / √{d_k}), {L} weights summing to 1", theme, size=26, color=theme.muted)
        note.move_to([0.45, -2.78, 0])
        self.play(Create(asker), FadeIn(note), run_time=0.6)
        self.play(*(Create(line) for line in lines[focus]), run_time=1.0)
        self.play(FadeIn(numbers, lag_ratio=0.1), run_time=0.8)
        self.wait(0.8)
        self.next_slide()

        # 3. every query against every key at the same time: L × L weights, none masked, each row sums to 1
        others = [line for i in range(L) if i != focus for line in lines[i]]
        every = label(f"every query at once: {L} × {L} = {L * L} weights, none masked;\n"
                      f"each query's weights sum to 1", theme, size=26, color=theme.muted).move_to(note)
        self.play(FadeOut(numbers), FadeOut(asker), FadeOut(note), FadeIn(every), run_time=0.6)
        self.play(*(Create(line) for line in others), run_time=1.2)
        self.wait(0.8)
        self.next_slide()

        # 4. the values flow down every line at once; each output is the weighted sum of all the values
        dots = VGroup(*(Dot(start(j), radius=0.04 + 0.14 * math.sqrt(weights[i][j]), color=theme.value)
                        for i in range(L) for j in range(L)))
        paths = [lines[i][j] for i in range(L) for j in range(L)]
        outputs = VGroup(*(squares([y], color=theme.output, theme=theme, vmax=vmax, size=side, annotate=False)
                           .move_to([x, bottom_y - 0.55, 0]) for y, x in zip(output, xs)))
        outputs_name = label("outputs", theme, size=24, color=theme.muted).move_to([-6.15, bottom_y - 0.55, 0])
        terms = [f"{weights[focus][j]:.2f} v<sub>{tokens[j]}</sub>" for j in range(L)]
        half = (L + 1) // 2
        formula = label(f"y<sub>sat</sub> = {' + '.join(terms[:half])}\n + {' + '.join(terms[half:])}", theme,
                        size=26).move_to(note)
        self.play(FadeIn(dots), FadeOut(every), run_time=0.4)
        self.play(*(MoveAlongPath(dot, path) for dot, path in zip(dots, paths)), run_time=1.6)
        self.play(FadeOut(dots), FadeIn(outputs, shift=DOWN * 0.15), FadeIn(outputs_name),
                  FadeIn(formula), run_time=0.8)
        self.play(Create(SurroundingRectangle(VGroup(queries[focus], outputs[focus]),
                                              color=theme.output, buff=0.1, stroke_width=5)),
                  run_time=0.5)
        self.wait(1.5)
