"""Alignment scores and the context vector, on "the zone".

The decoder's first query (the state for `<start>`) is compared with the encoder's two states, "the" and "zone",
by a scaled dot product: the scores are ln 4 ≈ 1.386 and 0 (the key of "zone" is perpendicular to the query).
A softmax turns them into the weights 0.8 and 0.2, and the context vector is 0.8 times the state of "the" plus
0.2 times the state of "zone": on the plane it lies on the segment between the two, four fifths of the way
towards "the". Numbers from attnlab's scaled dot-product attention.
"""

ALT = """A plane on the left with two yellow arrows from the origin, "the" pointing right and slightly up and "zone"
up and to the left, and a long purple query arrow between them; a short red-orange context arrow ends on the
dashed segment joining the two states, near "the". On the right a table: the states (0.90, 0.30) and (−0.30, 0.40),
the query (1.74, 1.31), the scores 1.386 and 0.000 with blue weight bars 0.8 and 0.2, and the context (0.66, 0.32)
outlined, written as 0.8 · the + 0.2 · zone."""

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    DashedLine,
    FadeIn,
    FadeTransform,
    GrowArrow,
    GrowFromEdge,
    Line,
    SurroundingRectangle,
    VGroup,
    Write,
)
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import bar, plain, tile
from attnlab.animate.squares import label
from attnlab.examples.encoder_decoder import the_zone


class AlignmentContext(Slide):
    def construct(self):
        theme = self.theme
        example = the_zone()
        keys = example.keys.tolist()  # (S, E) = (2, 2) the encoder's states, also the values
        query = example.query.tolist()  # (E,)
        # (S,), (S,), (E,)
        scores, weights, context = example.scores.tolist(), example.weights.tolist(), example.context.tolist()
        vmax = float(example.query.abs().max())
        unit = 2.5  # screen units per unit of the plane
        origin = [-6.0, -1.6, 0]
        cw, ch = 1.1, 0.72  # one entry of a state, the query or the context
        weight_color = to_hex(theme.sequential_cmap(0.85))  # a weight is a magnitude, not a role

        def point(v):
            return [origin[0] + unit * v[0], origin[1] + unit * v[1], 0]

        def arrow(v, color):
            return Arrow(origin, point(v), buff=0, color=color, stroke_width=6, max_tip_length_to_length_ratio=0.12)

        def cells(vector, color, y):
            row = VGroup(*(tile(v, theme, color=color, vmax=vmax, width=cw, height=ch, font_size=24) for v in vector))
            return row.arrange(RIGHT, buff=0).move_to([x0, y, 0], aligned_edge=LEFT)

        # 1. the plane: the encoder's states (keys, also the values) and the decoder's query
        title = label('Translating "the zone": the first query', theme, size=34).to_edge(UP, buff=0.3)
        axes = VGroup(Line(point([-0.3, 0]), point([1.75, 0]), color=theme.muted, stroke_width=2),
                      Line(point([0, -0.2]), point([0, 1.6]), color=theme.muted, stroke_width=2))
        key_arrows = VGroup(*(arrow(k, theme.key) for k in keys))
        key_names = VGroup(*(plain(t, theme, size=30).next_to(a.get_end(), direction, buff=0.15, aligned_edge=LEFT)
                             for t, a, direction in zip(example.source_tokens, key_arrows, (RIGHT, UP))))
        query_arrow = arrow(query, theme.query)
        query_name = plain(example.query_token, theme, size=30).next_to(query_arrow.get_end(), LEFT, buff=0.2)

        x0 = 0.1  # left edge of the table on the right
        rows_y = (1.8, 0.5)
        key_cells = VGroup(*(cells(k, theme.key, y) for k, y in zip(keys, rows_y)))
        row_names = VGroup(*(plain(t, theme, size=30).next_to(c, LEFT, buff=0.25)
                             for t, c in zip(example.source_tokens, key_cells)))
        q_cells = cells(query, theme.query, -0.8)
        q_name = label("query", theme, size=28, color=theme.muted).next_to(q_cells, LEFT, buff=0.25)
        header = label("encoder states (keys = values)", theme, size=26,
                       color=theme.muted).next_to(key_cells, UP, buff=0.3)
        header.align_to(key_cells, LEFT)
        self.play(Write(title), FadeIn(axes), *(GrowArrow(a) for a in key_arrows), FadeIn(key_names), FadeIn(key_cells),
                  FadeIn(row_names), FadeIn(header))
        self.play(GrowArrow(query_arrow), FadeIn(query_name), FadeIn(q_cells), FadeIn(q_name))
        self.wait(0.5)
        self.next_slide()

        # 2. alignment scores: scaled dot products q·k / √2
        score_labels = VGroup(*(label(f"q·k / √{len(query)} = {s:.3f}", theme, size=28).next_to(c, RIGHT, buff=0.35)
                                .shift(UP * 0.2) for s, c in zip(scores, key_cells)))
        right_angle = label(f"{example.source_tokens[1]} ⟂ query: score 0", theme, size=26, color=theme.muted)
        right_angle.next_to(axes, DOWN, buff=0.25).align_to(axes, LEFT)
        self.play(FadeIn(score_labels), FadeIn(right_angle))
        self.wait(1.0)
        self.next_slide()

        # 3. softmax: the weights 0.8 and 0.2
        bars = VGroup(*(bar(w, theme, width=2.0, height=0.3, color=weight_color)
                        .move_to(s.get_left(), aligned_edge=LEFT)
                        .shift(DOWN * 0.48) for w, s in zip(weights, score_labels)))
        weight_labels = VGroup(*(label(f"a = {w:.1f}", theme, size=28)
                                 .move_to([s.get_left()[0] + 2.15, b.get_y(), 0], aligned_edge=LEFT)
                                 for w, b, s in zip(weights, bars, score_labels)))
        self.play(*(GrowFromEdge(b, LEFT) for b in bars), FadeIn(weight_labels))
        self.wait(1.0)
        self.next_slide()

        # 4. the context vector: 0.8 · state("the") + 0.2 · state("zone")
        segment = DashedLine(point(keys[0]), point(keys[1]), color=theme.muted, stroke_width=2)
        context_arrow = arrow(context, theme.output)
        context_cells = cells(context, theme.output, -2.1)
        context_row_name = label("context", theme, size=28, color=theme.muted).next_to(context_cells, LEFT, buff=0.25)
        formula = plain(f"= {weights[0]:.1f} · {example.source_tokens[0]} + "
                        f"{weights[1]:.1f} · {example.source_tokens[1]}", theme, size=26)
        formula.next_to(context_cells, RIGHT, buff=0.2)
        focus = SurroundingRectangle(VGroup(context_cells, formula), color=theme.foreground, buff=0.08, stroke_width=4)
        self.play(FadeIn(segment))
        self.play(GrowArrow(context_arrow),
                  FadeTransform(VGroup(key_cells.copy()), context_cells), FadeIn(formula), FadeIn(context_row_name))
        self.play(FadeIn(focus))
        self.wait(2.0)
