r"""Self-attention without parameters, one output row at a time: $Y = \mathrm{softmax}(X X^\top)\,X$.

The four inputs of the figure above, three features each (slate squares, one row per input), are compared
with each other in one product, the scores $X X^\top$ (grey when negative, blue when positive; row i, column j is
$\mathbf{x}_i \cdot \mathbf{x}_j$). A softmax along each row turns the scores, row by row, into the weights $A$
(deeper blue for a larger weight): row 1, the scores (1.29, 1.05, −0.62,
−0.49), becomes (0.48, 0.37, 0.07, 0.08). Then the outputs $Y = A X$ are built one row at a time: the weights of
row i move beside the inputs, a copy of each input appears faded by its weight, and the faded copies slide into
row i of Y, where they add up: $\mathbf{y}_1 = 0.48\,\mathbf{x}_1 + 0.37\,\mathbf{x}_2 + 0.07\,\mathbf{x}_3 +
0.08\,\mathbf{x}_4 = (0.74, 0.29, -0.25)$. The squares show one decimal, the notes two. Numbers from attnlab's
`basic_attention`.
"""

ALT = """Three blocks side by side: the inputs X (four rows of three slate squares, x1 to x4), the 4 × 4 scores,
which turn row by row into blue weights, and the outputs Y (outlines that fill with red-orange rows). For each
output row the weights of that row move beside the inputs, the faded inputs slide into the row of Y, and a line
below spells out the sum; the last is y4."""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, FadeTransform, GrowArrow, SurroundingRectangle, VGroup
from manim_slides import Slide

from attnlab.animate.layout import number, outline
from attnlab.animate.squares import heat, label, squares
from attnlab.examples.foundations import basic_self_attention


class BasicSelfAttentionRows(Slide):
    def construct(self):
        theme = self.theme
        example = basic_self_attention()
        # (L, E), (L, L), (L, L), (L, E)
        X, S, A, Y = (m.tolist() for m in (example.X, example.scores, example.W, example.Y))
        L, E = len(X), len(X[0])
        vmax = float(max(abs(v) for row in X + Y for v in row))  # inputs and outputs share one scale, as in the still
        s_max = float(max(abs(v) for row in S for v in row))
        size = 0.9  # a square holds "−0.6" at the squares' number size
        names = [f"{t[0]}<sub>{t[1:]}</sub>" for t in example.labels]  # x<sub>1</sub>, ...
        out_names = [f"y<sub>{t[1:]}</sub>" for t in example.labels]

        def block(values, color, scale):
            return squares(values, color=color, theme=theme, vmax=scale, size=size, decimals=1)

        def heat_block(values, cmap, low, high):  # scores and weights have no role: a colour map
            return heat(values, cmap=cmap, theme=theme, vmin=low, vmax=high, size=size, decimals=1)

        def header(group, text):
            return label(text, theme, size=32).next_to(group, UP, buff=0.3)

        # three places, laid out in advance: X | X Xᵀ, then A in its place | Y (outlines until computed)
        x = block(X, theme.input, vmax)
        scores = heat_block(S, theme.diverging_cmap, -s_max, s_max)
        slots = VGroup(*(VGroup(*(outline(theme, width=size, height=size) for _ in range(E))).arrange(RIGHT, buff=0)
                         for _ in range(L)))
        slots.arrange(DOWN, buff=0)
        VGroup(x, scores, slots).arrange(RIGHT, buff=1.05)
        x_names = VGroup(*(label(n, theme, size=30).next_to(row, LEFT, buff=0.2) for n, row in zip(names, x)))
        y_names = VGroup(*(label(n, theme, size=30).next_to(row, RIGHT, buff=0.2) for n, row in zip(out_names, slots)))
        column_width = size + 0.25  # room on the left for a column of weights, next to the names
        layout = VGroup(x, scores, slots, x_names, y_names)
        layout.move_to([column_width / 2, 0.05, 0])
        weights = heat_block(A, theme.sequential_cmap, 0.0, 1.0).move_to(scores)
        arrows = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=0.2, color=theme.muted, stroke_width=3,
                                max_tip_length_to_length_ratio=0.3) for a, b in ((x, scores), (scores, slots))))

        def note(text):
            return label(text, theme, size=26).move_to([0, -2.85, 0])

        # 1. the inputs X, and every input against every input: the scores X Xᵀ
        title = label("Y = softmax(X X<sup>T</sup>) X", theme, size=40).to_edge(UP, buff=0.35)
        x_header = header(x, "X")
        self.play(FadeIn(title), FadeIn(x), FadeIn(x_names), FadeIn(x_header), run_time=0.7)
        s_header = header(scores, "X X<sup>T</sup>")
        pair = VGroup(SurroundingRectangle(x[0], color=theme.foreground, buff=0.04),
                      SurroundingRectangle(x[1], color=theme.foreground, buff=0.04),
                      SurroundingRectangle(scores[0][1], color=theme.foreground, buff=0.04))
        caption = note(f"row 1, column 2: {names[0]} · {names[1]} = {number(S[0][1])}")
        self.play(GrowArrow(arrows[0]), FadeIn(scores, lag_ratio=0.05), FadeIn(s_header), run_time=0.8)
        self.play(FadeIn(pair), FadeIn(caption), run_time=0.4)
        self.wait(0.4)
        self.next_slide()

        # 2. a softmax along each row turns the scores into the weights A; every row sums to 1
        # (captions change in a short cross-fade: a fade redraws every pixel of the line, the costliest frames to
        # encode)
        w_header = header(weights, "A = softmax by row")
        self.play(FadeOut(pair), FadeTransform(s_header, w_header), run_time=0.3)
        for i in range(L):
            row_caption = note(f"row {i + 1}: softmax({', '.join(number(v) for v in S[i])}) = "
                               f"({', '.join(number(v) for v in A[i])})")
            self.play(FadeTransform(caption, row_caption), run_time=0.15)
            self.play(FadeTransform(scores[i], weights[i]), run_time=0.4)
            caption = row_caption
        self.wait(0.3)
        self.next_slide()

        # 3-6. Y = A X one row at a time: row i of A weights the rows of X, and the weighted rows add up to y_i
        y_header = header(slots, "Y = A X")
        self.play(GrowArrow(arrows[1]), FadeIn(slots), FadeIn(y_header), FadeIn(y_names),
                  FadeOut(caption), run_time=0.4)
        caption = None
        column_x = x_names.get_left()[0] - 0.25 - size / 2
        for i in range(L):
            slow = 1.0 if i == 0 else 0.6  # the first row slower, the others faster
            frame = SurroundingRectangle(weights[i], color=theme.foreground, buff=0.05)
            # the weights of row i, moved next to the rows they weight
            column = VGroup(*(weights[i][j].copy() for j in range(L)))
            weighted = VGroup(*(squares([[A[i][j] * v for v in X[j]]], color=theme.input,
                                        theme=theme, vmax=vmax, size=size,
                                        annotate=False).move_to(x[j]) for j in range(L)))  # vibrancy only: a_ij x_j
            y_row = block([Y[i]], theme.output, vmax).move_to(slots[i])
            formula = note(f"{out_names[i]} = " + " + ".join(f"{number(A[i][j])} {names[j]}" for j in range(L))
                           + f" = ({', '.join(number(v) for v in Y[i])})")
            self.play(FadeTransform(caption, formula) if caption else FadeIn(formula), FadeIn(frame), run_time=0.15)
            self.play(*(cell.animate.move_to([column_x, x[j].get_y(), 0])
                        for j, cell in enumerate(column)), run_time=0.6 * slow)
            # x_j weighted by a_ij: the faint rows count little
            self.play(FadeIn(weighted), run_time=0.25 if i == 0 else 0.12)
            # the weighted rows slide into row i of Y and add up there
            self.play(*(r.animate.move_to(y_row) for r in weighted), run_time=0.6 * slow)
            self.remove(weighted)
            self.add(y_row)
            self.play(FadeOut(frame), FadeOut(column), run_time=0.15)
            caption = formula
            if i < L - 1:
                self.wait(0.2)
                self.next_slide()
        self.wait(1.0)
