r"""Mary gave roses to Susan, Susan gave roses to Mary: self-attention without and with positions.

Without positions, "gave" weighs each word the same in both sentences, whatever its place (the weight follows
the word), so its output $\mathbf{y}_{\text{gave}}$ is the same vector for both word orders: they differ by about 10⁻¹⁷,
rounding. Add the sinusoidal positional encoding to the inputs and the weights depend on where the words are:
$\mathbf{y}_{\text{gave}}$ now differs between the sentences. Parameter-free self-attention
($\mathrm{softmax}(X X^\top)\,X$) from attnlab on seeded embeddings.
"""

ALT = """Two sentences, "Mary gave roses to Susan" and "Susan gave roses to Mary", one above the other, "gave" outlined
in purple, each word with "+ PE[i]" under it and a blue bar over it for the weight "gave" gives it (0.94 on
itself in the first sentence, 0.89 in the second). On the right, each sentence's y_gave as eight red-orange
cells in two rows of four; with positions they differ (0.84 against 0.93 in the first entry), by up to 0.091."""

import math

from manim import DOWN, RIGHT, UP, FadeIn, FadeTransform, GrowFromEdge, SurroundingRectangle, Transform, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import bar, sci, tile, word
from attnlab.animate.squares import label
from attnlab.examples.transformer import mary_susan


class MarySusanPositions(Slide):
    def construct(self):
        theme = self.theme
        example = mary_susan()
        g = example.gave_index
        plain_w, pos_w = example.W_plain[:, g].tolist(), example.W_pos[:, g].tolist()  # (2, L) weights of "gave"
        plain_y, pos_y = example.y_gave_plain.tolist(), example.y_gave_pos.tolist()  # (2, E)
        vmax = float(max(example.y_gave_plain.abs().max(), example.y_gave_pos.abs().max()))
        rows_y = (0.75, -1.65)  # baseline of each sentence
        pitch, x0 = 1.6, -6.0
        weight_color = to_hex(theme.sequential_cmap(0.85))  # a weight is a magnitude, not a role
        bar_height = 0.95  # height of a bar of weight 1

        # 1. the two sentences, same words in another order
        title = label("Same words, another order", theme, size=34).to_edge(UP, buff=0.25)
        sentences = VGroup()
        for sentence, y in zip(example.sentences, rows_y):
            words = VGroup(*(word(t, theme, size=30).move_to([x0 + i * pitch, y, 0]) for i, t in enumerate(sentence)))
            sentences.add(words)
        queries = VGroup(*(SurroundingRectangle(s[g], color=theme.query, buff=0.08, stroke_width=5) for s in sentences))
        self.play(Write(title), FadeIn(sentences), FadeIn(queries))
        self.wait(0.5)
        self.next_slide()

        # 2. without positions: the weights of "gave" follow the words
        def bars(weights):
            group = VGroup()
            for s, row in enumerate(weights):
                for i, w in enumerate(row):
                    b = bar(w, theme, width=bar_height, height=0.36, color=weight_color).rotate(math.pi / 2)  # vertical
                    b.move_to(sentences[s][i].get_top() + UP * 0.15, aligned_edge=DOWN)
                    number = label(f"{w:.2f}", theme, size=24).next_to(b, UP, buff=0.08)
                    group.add(VGroup(b, number))
            return group

        mode = label("without positions", theme, size=28, color=theme.muted).next_to(title, DOWN, buff=0.12)
        weight_bars = bars(plain_w)
        self.play(FadeIn(mode), *(GrowFromEdge(b[0], DOWN) for b in weight_bars),
                  FadeIn(VGroup(*(b[1] for b in weight_bars))))
        self.wait(1.0)
        self.next_slide()

        # 3. so y_gave is the same vector in both sentences
        def outputs(ys):  # each y_gave as two rows of four cells
            half = len(ys[0]) // 2
            return VGroup(*(VGroup(*(VGroup(*(tile(v, theme, color=theme.output, vmax=vmax, width=1.1, height=0.68)
                                              for v in part)).arrange(RIGHT, buff=0) for part in (y[:half], y[half:])))
                            .arrange(DOWN, buff=0).move_to([4.55, y_row + 0.35, 0]) for y, y_row in zip(ys, rows_y)))

        names = VGroup(*(label("y<sub>gave</sub>", theme, size=28).move_to([4.55, y_row + 1.3, 0]) for y_row in rows_y))
        ys = outputs(plain_y)
        verdict = label(f"<b>identical</b>: they differ by {sci(example.gap_plain, 1)} (rounding)", theme, size=28)
        verdict.move_to([0, -2.85, 0])
        self.play(FadeIn(names), FadeIn(ys), FadeIn(verdict))
        self.wait(1.0)
        self.next_slide()

        # 4. with positions: the weights depend on the place, y_gave differs
        positions = VGroup(*(label(f"+ PE[{i}]", theme, size=24, color=theme.muted).next_to(w, DOWN, buff=0.12)
                             for s in sentences for i, w in enumerate(s)))
        new_mode = label("with positions", theme, size=28, color=theme.muted).move_to(mode)
        new_verdict = label(f"<b>different</b>: they differ by up to {example.gap_pos:.3f}",
                            theme, size=28).move_to(verdict)
        self.play(FadeIn(positions), FadeTransform(mode, new_mode))
        self.play(Transform(weight_bars, bars(pos_w)), FadeTransform(ys, outputs(pos_y)),
                  FadeTransform(verdict, new_verdict))
        self.wait(2.0)
