"""A square grows.

It appears, then doubles in size.
"""

from manim import Create, Square
from manim_slides import Slide


class Grow(Slide):
    def construct(self):
        square = Square(side_length=2, color=self.theme.accent)
        self.play(Create(square), run_time=0.4)
        self.next_slide()
        self.play(square.animate.scale(2), run_time=0.4)
