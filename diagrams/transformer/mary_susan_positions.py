r"""Mary gave roses to Susan, Susan gave roses to Mary: self-attention without and with positions.

Without positions, "gave" weighs each word the same in both sentences, whatever its place (the weight follows
the word), so its output $\mathbf{y}_{\text{gave}}$ is the same vector for both word orders: they differ by about 10⁻¹⁷,
rounding. Add the sinusoidal positional encoding to the inputs and the weights depend on where the words are:
$\mathbf{y}_{\text{gave}}$ now differs between the sentences. Parameter-free self-attention
($\mathrm{softmax}(X X^\top)\,X$) from attnlab on seeded embeddings.
"""

import math

from manim import DOWN, UP, FadeIn, FadeTransform, GrowFromEdge, SurroundingRectangle, Transform, VGroup, Write
from manim_slides import Slide

from attnlab.animate.layout import bar, sci, word
from attnlab.animate.squares import label, squares
from attnlab.examples.worked import mary_susan
from attnlab.theme import active


class MarySusanPositions(Slide):
    def construct(self):
        theme = active()
        example = mary_susan()
        g = example.gave_index
        plain_w, pos_w = example.W_plain[:, g].tolist(), example.W_pos[:, g].tolist()  # (2, L) weights of "gave"
        plain_y, pos_y = example.y_gave_plain.tolist(), example.y_gave_pos.tolist()  # (2, E)
        vmax = float(max(example.y_gave_plain.abs().max(), example.y_gave_pos.abs().max()))
        rows_y = (0.8, -1.7)  # baseline of each sentence
        pitch, x0 = 1.55, -6.0
        bar_height = 1.1  # height of a bar of weight 1

        # 1. the two sentences, same words in another order
        title = label("Same words, another order", theme, size=32).to_edge(UP, buff=0.35)
        sentences = VGroup()
        for sentence, y in zip(example.sentences, rows_y):
            words = VGroup(*(word(t, theme, size=26).move_to([x0 + i * pitch, y, 0]) for i, t in enumerate(sentence)))
            sentences.add(words)
        queries = VGroup(*(SurroundingRectangle(s[g], color=theme.query, buff=0.08) for s in sentences))
        self.play(Write(title), FadeIn(sentences), FadeIn(queries))
        self.wait(0.5)
        self.next_slide()

        # 2. without positions: the weights of "gave" follow the words
        def bars(weights):
            group = VGroup()
            for s, row in enumerate(weights):
                for i, w in enumerate(row):
                    b = bar(w, theme, width=bar_height, height=0.32).rotate(math.pi / 2)  # vertical
                    b.move_to(sentences[s][i].get_top() + UP * 0.15, aligned_edge=DOWN)
                    number = label(f"{w:.2f}", theme, size=20).next_to(b, UP, buff=0.08)
                    group.add(VGroup(b, number))
            return group

        mode = label("without positions", theme, size=26, color=theme.muted).next_to(title, DOWN, buff=0.2)
        weight_bars = bars(plain_w)
        self.play(FadeIn(mode), *(GrowFromEdge(b[0], DOWN) for b in weight_bars), FadeIn(VGroup(*(b[1] for b in weight_bars))))
        self.wait(1.0)
        self.next_slide()

        # 3. so y_gave is the same vector in both sentences
        def outputs(ys):
            return VGroup(*(squares([y], color=theme.output, theme=theme, vmax=vmax, size=0.6, decimals=2)
                            .move_to([3.9, y_row - 0.3, 0]) for y, y_row in zip(ys, rows_y)))

        names = VGroup(*(label("y<sub>gave</sub>", theme, size=24).move_to([3.9, y_row + 0.35, 0]) for y_row in rows_y))
        ys = outputs(plain_y)
        verdict = label(f"identical: they differ by {sci(example.gap_plain, 1)} (rounding)", theme, size=24)
        verdict.to_edge(DOWN, buff=0.4)
        self.play(FadeIn(names), FadeIn(ys), FadeIn(verdict))
        self.wait(1.0)
        self.next_slide()

        # 4. with positions: the weights depend on the place, y_gave differs
        positions = VGroup(*(label(f"+ PE[{i}]", theme, size=18, color=theme.muted).next_to(w, DOWN, buff=0.15)
                             for s in sentences for i, w in enumerate(s)))
        new_mode = label("with positions", theme, size=26, color=theme.muted).move_to(mode)
        new_verdict = label(f"different: they differ by up to {example.gap_pos:.3f}", theme, size=24).move_to(verdict)
        self.play(FadeIn(positions), FadeTransform(mode, new_mode))
        self.play(Transform(weight_bars, bars(pos_w)), FadeTransform(ys, outputs(pos_y)), FadeTransform(verdict, new_verdict))
        self.wait(2.0)
