"""The bottleneck: one fixed context for every decoder step, or a fresh context at each step.

The trained corners transformer's encoder turns the source corners TR and TL into two states $h_1$ and $h_2$ of
16 numbers each (rows of squares; vibrancy is magnitude). First the classic encoder-decoder: only the last state
is passed on, $c = h_2$, and both decoder steps receive that same vector; $h_1$ reaches the decoder only through
it. Then attention: each decoder step weighs both states anew (line width) and builds its own context $c_t$,
each of the two heads filling its half with a weighted sum of its own projections of $h_1$ and $h_2$. At step 1
both heads put 0.98 on $h_1$; at step 2 head 1 puts 1.00 on $h_1$ while head 2 moves to $h_2$ with 0.93.
Numbers from the same pass of the model as the still above.
"""

from manim import DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, FadeTransform, Line, TransformFromCopy, VGroup, Write
from manim_slides import Slide

from attnlab.animate.layout import plain
from attnlab.animate.squares import label, squares
from attnlab.examples.encoder_decoder import FIGURE_EXAMPLE, corners_bottleneck
from attnlab.examples.toy_models import trained_corners_transformer
from attnlab.theme import active


class BottleneckVsAttention(Slide):
    def construct(self):
        theme = active()
        model, _ = trained_corners_transformer()
        example = corners_bottleneck(model, FIGURE_EXAMPLE)
        memory = example.memory.tolist()  # (S, E) the encoder's states h_1, h_2
        fixed = example.fixed_context.tolist()  # (E,) h_S, all a classic decoder gets
        weights = example.weights.tolist()  # (H, L, S) cross-attention weights of each head
        contexts = example.contexts.tolist()  # (L, H·D) each step's context, head by head
        S, H, L = len(memory), len(weights), len(contexts)
        D = len(contexts[0]) // H
        state_max, context_max = float(example.memory.abs().max()), float(example.contexts.abs().max())
        size = 0.28  # side of one square
        state_x, right_x = -5.4, 0.7  # left edges of the encoder states and of the decoder side
        states_y = (0.45, -0.35)
        steps_y = (2.0, -1.6)  # top row of each decoder step's slot

        def title(text):
            return label(text, theme, size=30).to_edge(UP, buff=0.35)

        # 1. the encoder's states, one row of E numbers per source corner
        heading = title("Without attention: one fixed context")
        states = VGroup(*(squares([row], color=theme.key, theme=theme, vmax=state_max, size=size, annotate=False)
                          .move_to([state_x, y, 0], aligned_edge=LEFT) for row, y in zip(memory, states_y)))
        state_names = VGroup(*(label(f"h<sub>{s + 1}</sub> ({name})", theme, size=24).next_to(states[s], LEFT, buff=0.25)
                               for s, name in enumerate(example.source_labels)))
        encoder = label(f"encoder states, {len(fixed)} numbers each", theme, size=20, color=theme.muted)
        encoder.next_to(states, UP, buff=0.3).align_to(states, LEFT)
        self.play(Write(heading), FadeIn(states), FadeIn(state_names), FadeIn(encoder))
        self.wait(0.5)
        self.next_slide()

        # 2. the classic decoder: the last state is the context, the same vector at both steps
        slots = VGroup(*(squares([fixed], color=theme.key, theme=theme, vmax=state_max, size=size, annotate=False)
                         .move_to([right_x, y - size / 2, 0], aligned_edge=LEFT) for y in steps_y))
        slot_names = VGroup(*(label(f"decoder step {t + 1} (writes {name}): c = h<sub>{S}</sub>", theme, size=22)
                              .next_to(slots[t], UP, buff=0.2).align_to(slots[t], LEFT)
                              for t, name in enumerate(example.target_labels)))
        pipes = VGroup(*(Arrow(states[-1].get_right(), slot.get_left(), buff=0.15, color=theme.foreground, stroke_width=3,
                               max_tip_length_to_length_ratio=0.08) for slot in slots))
        note = label(f"the same c at every step: h<sub>1</sub> reaches the decoder only through h<sub>{S}</sub>", theme,
                     size=22, color=theme.muted).to_edge(DOWN, buff=0.45)
        self.play(*(Create(p) for p in pipes), FadeIn(slot_names), run_time=0.8)
        self.play(*(TransformFromCopy(states[-1], slot) for slot in slots), run_time=1.2)
        self.play(FadeIn(note), VGroup(states[0], state_names[0]).animate.set_opacity(0.35), run_time=0.6)  # h_1: no direct path
        self.wait(1.0)
        self.next_slide()

        # 3-4. with attention: each step weighs every state anew; each head fills its half of c_t
        self.play(FadeOut(slots), FadeOut(slot_names), FadeOut(pipes), FadeOut(note), VGroup(states[0], state_names[0]).animate.set_opacity(1.0),
                  FadeTransform(heading, title("With attention: a fresh context at every step")), run_time=0.8)
        how = label("each head: its weights times its own projections of h<sub>1</sub>, h<sub>2</sub>, "
                    f"{D} numbers per head", theme, size=20, color=theme.muted).to_edge(DOWN, buff=0.45)
        for t in range(L):
            halves = VGroup(*(squares([contexts[t][h * D:(h + 1) * D]], color=theme.output, theme=theme, vmax=context_max,
                                      size=size, annotate=False)
                              .move_to([right_x, steps_y[t] - size / 2 - h * (size + 0.12), 0], aligned_edge=LEFT)
                              for h in range(H)))
            name = label(f"c<sub>{t + 1}</sub>: step {t + 1}, writes {example.target_labels[t]}", theme, size=22)
            name.next_to(halves, UP, buff=0.2).align_to(halves, LEFT)
            shares = VGroup(*(plain(f"head {h + 1}: w = ({', '.join(f'{w:.2f}' for w in weights[h][t])})", theme, size=20)
                              .next_to(halves[h], RIGHT, buff=0.25) for h in range(H)))
            lines = VGroup(*(Line(states[s].get_right() + RIGHT * 0.1, halves[h].get_left() + LEFT * 0.1, color=theme.output,
                                  stroke_width=0.6 + 9 * weights[h][t][s]) for h in range(H) for s in range(S)))
            self.play(*(Create(line) for line in lines), FadeIn(name), FadeIn(shares), run_time=1.0)
            self.play(FadeTransform(states.copy(), halves), *([FadeIn(how)] if t == 0 else []), run_time=1.2)
            self.wait(1.0)
            if t < L - 1:
                self.next_slide()
        self.wait(1.5)
