"""Greedy decoding against a beam of two.

A toy model chooses a first token, A (0.6) or B (0.4), then a second one: after A, x 0.4, y 0.3, z 0.3; after B,
x 0.9, y 0.05, z 0.05. Greedy decoding takes the best token at each step, A then x, and ends with
0.6 × 0.4 = 0.24. A beam of width 2 keeps A and B alive, scores all six two-token sequences and keeps the two
best: B x with 0.4 × 0.9 = 0.36 beats A x. The searches are attnlab's `greedy_search` and `beam_search`.
"""

ALT = """A tree grows left to right from a root dot: two first tokens, A (0.6) and B (0.4), each with three second
tokens x, y, z and their probabilities on the edges. Both branches are outlined in bold, the six sequences are
listed beside the leaves with their probabilities (A x 0.24, A y 0.18, A z 0.18, B x 0.36, B y 0.02, B z
0.02), the four dropped ones greyed out and B x: 0.36 boxed; below, greedy: 0.24 and beam of 2: 0.36."""

from manim import LEFT, RIGHT, UP, Dot, FadeIn, FadeOut, Line, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.layout import word
from attnlab.animate.squares import label
from attnlab.examples.encoder_decoder import greedy_vs_beam


class GreedyVsBeamSearch(Slide):
    def construct(self):
        theme = self.theme
        example = greedy_vs_beam()
        tree = example.tree  # prefix tuple -> {token: probability}
        firsts = list(tree[()])
        x_root, x1, x2 = -6.3, -2.4, 2.3

        # the tree: root, first tokens, second tokens (positions from the tree's shape only)
        nodes, edges, probs = {(): Dot([x_root, 0.05, 0], radius=0.09, color=theme.foreground)}, {}, {}
        leaves = [(a, b) for a in firsts for b in tree[(a,)]]
        leaf_y = {leaf: 2.3 - k * (4.5 / (len(leaves) - 1)) for k, leaf in enumerate(leaves)}
        for a in firsts:
            ys = [leaf_y[(a, b)] for b in tree[(a,)]]
            nodes[(a,)] = word(a, theme, size=36).move_to([x1, sum(ys) / len(ys), 0])
        for leaf, y in leaf_y.items():
            nodes[leaf] = word(leaf[1], theme, size=32).move_to([x2, y, 0])
        for prefix, node in nodes.items():
            if not prefix:
                continue
            parent = nodes[prefix[:-1]]
            start = parent.get_center() if not prefix[:-1] else parent.get_right() + RIGHT * 0.1
            edge = Line(start, node.get_left() + LEFT * 0.1, color=theme.muted, stroke_width=3)
            edges[prefix] = edge
            p = tree[prefix[:-1]][prefix[-1]]
            probs[prefix] = label(f"{p:g}", theme, size=26,
                                  color=theme.muted).move_to(edge.point_from_proportion(0.72) + UP * 0.22)

        # 1. the model's probabilities
        title = label("Greedy decoding against a beam of 2", theme, size=34).to_edge(UP, buff=0.3)
        self.play(Write(title), FadeIn(VGroup(*nodes.values())), FadeIn(VGroup(*edges.values())),
                  FadeIn(VGroup(*probs.values())))
        self.next_slide()

        def total(h):  # the sequence's probability next to its leaf
            return label(f"{' '.join(h.tokens)}: {h.prob:.2f}", theme,
                         size=30).next_to(nodes[h.tokens], RIGHT, buff=0.5)

        def mark(prefix, color):
            return VGroup(edges[prefix].copy().set_color(color).set_stroke(width=7),
                          SurroundingRectangle(nodes[prefix], color=color, buff=0.08, stroke_width=5))

        # 2. greedy: the best token at every step, never looking back
        greedy_marks = VGroup()
        for step in example.greedy.steps:
            (kept,) = step.kept
            greedy_marks.add(mark(kept.tokens, theme.foreground))
            self.play(FadeIn(greedy_marks[-1]), run_time=0.8)
        greedy_total = total(example.greedy.steps[-1].kept[0])
        greedy_name = label(f"greedy: {example.greedy.prob:.2f}", theme, size=32).move_to([x1, -2.85, 0])
        self.play(FadeIn(greedy_total), FadeIn(greedy_name))
        self.next_slide()

        # 3. beam of 2: keep both first tokens, score all six sequences, keep the two best
        self.play(FadeOut(greedy_marks), FadeOut(greedy_total))
        first, second = example.beam.steps
        beam_marks = VGroup(*(mark(h.tokens, theme.foreground) for h in first.kept))
        self.play(FadeIn(beam_marks), run_time=0.8)
        totals = VGroup(*(total(h) for h in second.candidates))
        self.play(FadeIn(totals, lag_ratio=0.15))
        kept_marks = VGroup(*(mark(h.tokens, theme.foreground) for h in second.kept))
        dropped = [t for t, h in zip(totals, second.candidates) if h not in second.kept]
        self.play(FadeIn(kept_marks), *(t.animate.set_opacity(0.35) for t in dropped))
        self.next_slide()

        # 4. the beam's best sequence beats greedy's
        best = example.beam
        beam_name = label(f"<b>beam of {best.beam_width}: {best.prob:.2f}</b>", theme,
                          size=32).move_to([x2 + 1.6, -2.85, 0])
        winner = SurroundingRectangle(totals[list(second.candidates).index(second.kept[0])],
                                      color=theme.foreground, buff=0.1, stroke_width=5)
        self.play(FadeIn(beam_name), FadeIn(winner))
        self.wait(1.5)
