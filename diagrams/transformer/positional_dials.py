r"""Positional encoding as four dials turning at different speeds.

With d = 8 features the sinusoidal encoding is four (sin, cos) pairs, one dial each. From one position to the
next, dial i turns by its angular speed $\omega_i = 1$, 0.1, 0.01 or 0.001 radians; the hand's coordinates are
the two features, so the encoding of position p is where the four hands point. At position 1 the features are
(0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0000, 0.0010, 1.0000). The fast dial tells neighbours apart, the
slow ones far-apart positions: at position 1000 the slowest hand has turned one radian. Angles and features
come from `attnlab.positional` (`angular_speeds`, `sinusoidal_table`).
"""

ALT = """Four dials in a row, labelled ω0 = 1, ω1 = 0.1, ω2 = 0.01 and ω3 = 0.001, each with one hand; under each dial
its two features, sin pω and cos pω, as cells shaded grey (negative) to blue (positive) with four decimals.
The last frame shows the last, far position: the fast dial's hand points somewhere unrelated to its neighbours',
while the slowest hand has turned about one radian from 12 o'clock."""

import math

from manim import DOWN, RIGHT, UP, Circle, Dot, FadeIn, FadeTransform, Line, Rotate, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import tile
from attnlab.animate.squares import label
from attnlab.examples.transformer import positional_dials


class PositionalDials(Slide):
    def construct(self):
        theme = self.theme
        example = positional_dials()
        speeds = example.speeds.tolist()  # (d/2,)
        positions = example.positions.tolist()  # (P,)
        angles = example.angles.tolist()  # (P, d/2) p·ω_i
        table = example.table.tolist()  # (P, d)
        pairs = len(speeds)
        radius, spacing = 1.15, 3.35
        centres = [[(i - (pairs - 1) / 2) * spacing, 0.75, 0] for i in range(pairs)]

        def tip(i, angle):  # clockwise from 12 o'clock: x = sin, y = cos, as (PE[p, 2i], PE[p, 2i + 1])
            cx, cy, _ = centres[i]
            return [cx + radius * math.sin(angle), cy + radius * math.cos(angle), 0]

        def features(k):
            cells = VGroup()
            for i in range(pairs):
                pair = VGroup(*(tile(v, theme, color=theme.foreground,
                                     fill=to_hex(theme.diverging_cmap((v + 1) / 2)), width=1.55,
                                     height=0.8, decimals=4, font_size=24)  # a PE value is signed, in [−1, 1]
                                for v in table[k][2 * i: 2 * i + 2])).arrange(RIGHT, buff=0)
                cells.add(pair.move_to([centres[i][0], -1.4, 0]))
            return cells

        def position_label(k):
            return label(f"position p = {positions[k]}", theme, size=36).to_edge(UP, buff=0.3)

        # 1. four dials at position 0: every hand at 12 o'clock, features (0, 1) in every pair
        dials = VGroup(*(Circle(radius=radius, color=theme.muted, stroke_width=3).move_to(c) for c in centres))
        hubs = VGroup(*(Dot(c, radius=0.06, color=theme.foreground) for c in centres))
        hands = VGroup(*(Line(centres[i], tip(i, angles[0][i]), color=theme.foreground, stroke_width=6)
                         for i in range(pairs)))
        names = VGroup(*(label(f"ω<sub>{i}</sub> = {w:g}", theme, size=28).next_to(d, UP, buff=0.15)
                         for i, (w, d) in enumerate(zip(speeds, dials))))
        cells = features(0)
        header = VGroup()
        for i, pair in enumerate(cells):  # feature 2i is sin(p·ω_i), feature 2i + 1 cos(p·ω_i)
            for func, cell in zip(("sin", "cos"), pair):
                header.add(label(f"{func} pω<sub>{i}</sub>", theme, size=24, color=theme.muted)
                           .next_to(cell, DOWN, buff=0.12))
        title = position_label(0)
        self.play(Write(title), FadeIn(dials), FadeIn(hubs), FadeIn(names), FadeIn(hands),
                  FadeIn(cells), FadeIn(header))
        self.next_slide()

        # 2. one step at a time: dial i turns by ω_i, clockwise
        def go_to(k, run_time):
            nonlocal cells, title
            turns = []
            for i in range(pairs):
                delta = angles[k][i] - angles[k - 1][i]
                if k >= example.steps:  # a jump: show the hand's net turn, the short way round
                    delta = (delta + math.pi) % (2 * math.pi) - math.pi
                turns.append(Rotate(hands[i], angle=-delta, about_point=centres[i]))
            new_cells, new_title = features(k), position_label(k)
            self.play(*turns, FadeTransform(cells, new_cells), FadeTransform(title, new_title), run_time=run_time)
            cells, title = new_cells, new_title

        go_to(1, 1.5)
        self.next_slide()
        for k in range(2, example.steps):
            go_to(k, 1.0)
        note = label("the fast dial tells neighbours apart; the slow ones have hardly moved", theme,
                     size=28).move_to([0, -2.75, 0])
        self.play(FadeIn(note))
        self.next_slide()

        # 3. jumps: far positions differ on the slow dials
        for k in range(example.steps, len(positions)):
            go_to(k, 1.5)
            self.wait(0.5)
        far = label("far apart, the slow dials differ too", theme, size=28).move_to([0, -2.75, 0])
        self.play(FadeTransform(note, far))
        self.wait(1.0)
