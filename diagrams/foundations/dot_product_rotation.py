r"""The dot product as a projection: $\mathbf{q} \cdot \mathbf{k} = \cos\theta \, \lVert \mathbf{q} \rVert \, \lVert \mathbf{k} \rVert$ as k turns and grows.

A query q of length 1.5 (purple) and a key k of length 0.8 (yellow) that starts along it, the key k1 of the
figure above: its projection on q's line (blue, grey when it points backwards) is all of k, and $\mathbf{q} \cdot
\mathbf{k} = 1.5 \times 0.8 = 1.20$. As k turns away, the projection $\lVert \mathbf{k} \rVert \cos\theta$ shrinks and
the score falls with it, through exactly 0 at 90°, to $-1.20$ at 180°, where the projection points backwards. Turned
back to 45°, the key scores 0.85; stretched there to length 2 it becomes k2 and scores 2.12, more than k1 straight
ahead: length competes with direction. Every angle, length and score comes from attnlab's `attention_scores` on the
dot-product geometry example.
"""  # noqa: E501  the title is the docstring's first line, whole

ALT = """On the left a horizontal line through q's arrow, k's arrow from the same origin, the angle θ between
them and a dashed drop from k's tip to the line, its foot ending a thick band along the line: the projection.
On the right the live values θ, cos θ, ‖k‖, ‖q‖ = 1.50, the projection and, large, the score. The last frame
shows k stretched to length 2 at 45° beside a faded k1 along q: score 2.12 against k1's 1.20."""

import math

from manim import (
    DOWN,
    LEFT,
    UP,
    Arc,
    Arrow,
    DashedLine,
    Dot,
    FadeIn,
    FadeTransform,
    GrowArrow,
    Line,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
    smooth,
)
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import number
from attnlab.animate.squares import label
from attnlab.examples.foundations import dot_product_sweep


class Digits:
    """Live numbers set from glyphs rendered once: text rendered on every frame would take most of the render.

    One label holds every character between zeros ("00" + "0".join(chars) + "0"); from it each character's
    advance, its ink's offset in its cell and its height above the baseline are measured, relative to a "0".
    """

    CHARS = "123456789.−°"

    def __init__(self, theme, size, color=None):
        template = label("00" + "".join(c + "0" for c in self.CHARS), theme, size=size, color=color)
        zero = template[0]
        advance0 = template[1].get_left()[0] - zero.get_left()[0]
        self.cells = {"0": (zero, advance0, 0.0, 0.0)}
        for k, c in enumerate(self.CHARS):
            before, glyph, after = template[2 * k + 1], template[2 * k + 2], template[2 * k + 3]
            start = before.get_left()[0] + advance0
            self.cells[c] = (glyph, after.get_left()[0] - start, glyph.get_left()[0] - start,
                             glyph.get_bottom()[1] - zero.get_bottom()[1])

    def text(self, string, x, baseline):
        """``string`` set from the left edge ``x`` on ``baseline`` (where a "0" would have its bottom)."""
        group = VGroup()
        for c in string:
            glyph, advance, offset, rise = self.cells[c]
            piece = glyph.copy()
            piece.shift([x + offset - piece.get_left()[0], baseline + rise - piece.get_bottom()[1], 0])
            group.add(piece)
            x += advance
        return group


class DotProductRotation(Slide):
    def construct(self):
        theme = self.theme
        sweep = dot_product_sweep()
        query = sweep.query.tolist()  # (E,)
        keys = sweep.keys.tolist()  # (T, E) the key along its path
        angles, lengths = sweep.angles.tolist(), sweep.lengths.tolist()  # (T,), (T,)
        # (T,) each
        cosines, projections, scores = sweep.cosines.tolist(), sweep.projections.tolist(), sweep.scores.tolist()
        start, right_angle, opposite, back, stretched = sweep.stops
        first, last = sweep.key_labels
        unit = 2.4  # screen units per unit of the plane
        origin = [-4.2, -1.6, 0]
        below = 0.16  # the projection is drawn just under q's line, so that q stays visible
        forwards, backwards = (to_hex(theme.diverging_cmap(x)) for x in (0.85, 0.2))  # a signed length: blue or grey

        def point(v):
            return [origin[0] + unit * v[0], origin[1] + unit * v[1], 0]

        def arrow(v, color, width=5, opacity=1.0):
            return Arrow(origin, point(v), buff=0, color=color, stroke_width=width, stroke_opacity=opacity,
                         max_tip_length_to_length_ratio=0.16, max_stroke_width_to_length_ratio=10)

        t = ValueTracker(start)  # position along the path

        def now():
            return int(round(t.get_value()))

        # 1. q along its line, k along q: the projection of k on q is the whole of k
        title = label("q·k = cos θ ‖q‖ ‖k‖: turn k, then stretch it", theme, size=36).to_edge(UP, buff=0.35)
        reach = max(lengths)
        axis = Line(point([-reach * 0.5, 0]), point([max(query[0], reach) * 1.05, 0]),
                    color=theme.muted, stroke_width=2)
        query_arrow = arrow(query, theme.query, width=7)
        query_name = label("q", theme, size=36, color=theme.query).next_to(query_arrow.get_end(), DOWN, buff=0.3)

        def projection():
            foot = point([projections[now()], 0])
            color = forwards if projections[now()] >= 0 else backwards
            band = Line([origin[0], origin[1] - below, 0], [foot[0], foot[1] - below, 0], color=color, stroke_width=11)
            drop = DashedLine(point(keys[now()]), foot, color=theme.muted, stroke_width=2.5, dash_length=0.08)
            return VGroup(drop, band, Dot(foot, radius=0.07, color=color))

        def key():
            return arrow(keys[now()], theme.key)

        def angle_arc():
            theta = math.radians(angles[now()])
            if theta < math.radians(1.0):
                return VMobject()
            return Arc(radius=0.55, start_angle=0, angle=theta, arc_center=origin,
                       color=theme.foreground, stroke_width=2)

        key_name = label("k", theme, size=36, color=theme.key)
        theta_name = label("θ", theme, size=30)

        def place_key_name(m):
            x, y = keys[now()]
            norm = math.hypot(x, y)
            m.move_to(point([x + 0.2 * x / norm, y + 0.2 * y / norm + (0.15 if abs(y) < 0.1 * norm else 0.0)]))

        def place_theta(m):
            theta = math.radians(angles[now()])
            m.move_to([origin[0] + 0.9 * math.cos(theta / 2), origin[1] + 0.9 * math.sin(theta / 2), 0])
            m.set_opacity(1.0 if theta >= math.radians(1.0) else 0.0)

        place_key_name(key_name), place_theta(theta_name)
        key_name.add_updater(place_key_name)
        theta_name.add_updater(place_theta)

        # the numbers: static words, live values set from glyphs after each "= " (where a hidden 0 marks the spot)
        digits, digits_output, digits_large = (Digits(theme, 30), Digits(theme, 30, forwards), Digits(theme, 60))

        def words(text, x, y, size=30, color=None):
            group = label(text + "0", theme, size=size, color=color).move_to([x, y, 0], aligned_edge=LEFT)
            group[-1].set_opacity(0)
            return group

        def live(words_group, glyphs, value):
            slot = words_group[-1]
            return always_redraw(lambda: glyphs.text(value(now()), slot.get_left()[0], slot.get_bottom()[1]))

        x_panel, x_second = 1.15, 3.75
        static = VGroup(
            words("θ = ", x_panel, 2.05), words("cos θ = ", x_second, 2.05),
            words("‖k‖ = ", x_panel, 1.25), label(f"‖q‖ = {number(sweep.query_norm)}", theme, size=30),
            words("projection = ", x_panel, 0.45, color=forwards),
            label("q·k = ‖q‖ × ‖k‖ cos θ", theme, size=30).move_to([x_panel, -0.35, 0], aligned_edge=LEFT),
            words("= ", x_panel, -1.3, size=60),
        )
        static[3].move_to([x_second, 1.25, 0], aligned_edge=LEFT)
        static[3].align_to(static[2], DOWN)
        values = VGroup(
            live(static[0], digits, lambda i: f"{angles[i]:.0f}°"),
            live(static[1], digits, lambda i: number(cosines[i])),
            live(static[2], digits, lambda i: number(lengths[i])),
            live(static[4], digits_output, lambda i: number(projections[i])),
            live(static[6], digits_large, lambda i: number(scores[i])),
        )
        band, arrow_k, arc = (always_redraw(f) for f in (projection, key, angle_arc))

        def note(text):
            return label(text, theme, size=28).move_to([0, -2.95, 0])

        caption = note(f"k along q: all of k projects onto q, q·k = {number(scores[start])}")
        self.play(Write(title), FadeIn(axis), GrowArrow(query_arrow), FadeIn(query_name))
        self.add(band)
        self.play(GrowArrow(arrow_k), FadeIn(key_name), FadeIn(static), FadeIn(values), FadeIn(caption))
        self.add(arc, theta_name)
        self.wait(0.5)
        self.next_slide()

        def move(stop, text, run_time):
            nonlocal caption
            self.play(t.animate.set_value(stop), run_time=run_time, rate_func=smooth)
            new_caption = note(text)
            self.play(FadeTransform(caption, new_caption), run_time=0.5)
            caption = new_caption

        # 2. k turns away: the projection shrinks, the score falls to exactly 0 at a right angle
        move(right_angle,
             f"at {angles[right_angle]:.0f}° the projection vanishes: q·k = {number(scores[right_angle])}", 2.0)
        self.wait(0.3)
        self.next_slide()

        # 3. beyond 90° the projection points backwards along q's line: the score turns negative
        move(opposite,
             f"beyond 90° it points backwards: q·k = {number(scores[opposite])} at {angles[opposite]:.0f}°", 2.0)
        self.wait(0.3)
        self.next_slide()

        # 4. back to 45°, with k1 left behind as a ghost: only cos 45° of k's length counts
        ghost = arrow(keys[start], theme.key, width=4, opacity=0.45)
        ghost_name = label(f"{first}: {number(scores[start])}", theme, size=26, color=theme.muted)
        ghost_name.move_to(ghost.get_end() + UP * 0.3 + LEFT * 0.1, aligned_edge=LEFT)
        self.add(ghost)
        self.bring_to_front(arrow_k, key_name)
        move(back, f"back at {angles[back]:.0f}°: q·k = {number(scores[back])}, less than {first} along q "
                   f"({number(scores[start])})", 1.4)
        self.play(FadeIn(ghost_name), run_time=0.4)
        self.next_slide()

        # 5. stretch k at 45°: the score grows with the length and overtakes k1
        move(stretched, f"longer at {angles[stretched]:.0f}°: {last} scores {number(scores[stretched])}, "
                        f"more than {first} along q ({number(scores[start])})", 2.2)
        self.wait(1.2)
