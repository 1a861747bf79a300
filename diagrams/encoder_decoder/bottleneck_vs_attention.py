r"""The bottleneck: one fixed context for every decoder step, or a fresh context at each step.

The trained corners model's encoder turns the source corners BL and BR into two states $\mathbf{h}_1$ and
$\mathbf{h}_2$ of 16 numbers each (rows of squares; vibrancy is magnitude). First the classic encoder-decoder:
only the last state is passed on, $\mathbf{c} = \mathbf{h}_2$, and both decoder steps receive that same vector;
$\mathbf{h}_1$ reaches the decoder only through it. Then attention: each decoder step weighs both states anew
(weights $a_{ts}$, line width) and builds its own context $\mathbf{c}_t$, a weighted sum of the values
$\mathbf{v}_1$, $\mathbf{v}_2$ that the model projects from $\mathbf{h}_1$ and $\mathbf{h}_2$. Step 1 puts 0.93
on $\mathbf{h}_1$; step 2 moves to $\mathbf{h}_2$ with 0.91. Numbers from the same pass of the model as the
still above.
"""

ALT = """Two slate rows of 16 squares on the left, the encoder states h1 (BL) and h2 (BR). On the right, two red-orange
rows of 16 squares, the contexts c1 (writing TR) and c2 (writing TL), each joined to both states by blue lines
whose width is the weight: c1 draws a thick line from h1 (0.93) and a hairline from h2 (0.07), c2 the reverse
(0.09 and 0.91)."""

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    Line,
    TransformFromCopy,
    VGroup,
    Write,
)
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import plain
from attnlab.animate.squares import label, squares
from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, corners_bottleneck, corners_model


class BottleneckVsAttention(Slide):
    def construct(self):
        theme = self.theme
        model, _ = corners_model()
        example = corners_bottleneck(model, CORNERS_EXAMPLE)
        memory = example.memory.tolist()  # (S, E) the encoder's states h_1, h_2
        fixed = example.fixed_context.tolist()  # (E,) h_S, all a classic decoder gets
        weights = example.weights[0].tolist()  # (L, S) cross-attention weights a_ts (the model's one head)
        contexts = example.contexts.tolist()  # (L, E) each step's context c_t = Σ_s a_ts v_s
        S, L = len(memory), len(contexts)
        weight_color = to_hex(theme.sequential_cmap(0.85))  # the lines' width is a weight: a magnitude, no role
        state_max, context_max = float(example.memory.abs().max()), float(example.contexts.abs().max())
        size = 0.32  # side of one square
        state_x, right_x = -5.0, 1.45  # left edges of the encoder states and of the decoder side
        states_y = (0.65, -0.15)
        steps_y = (1.95, -1.1)  # top row of each decoder step's slot

        def title(text):
            return label(text, theme, size=34).to_edge(UP, buff=0.3)

        # 1. the encoder's states, one row of E numbers per source corner
        heading = title("Without attention: one fixed context")
        states = VGroup(*(squares([row], color=theme.input, theme=theme, vmax=state_max, size=size, annotate=False)
                          .move_to([state_x, y, 0], aligned_edge=LEFT) for row, y in zip(memory, states_y)))
        state_names = VGroup(*(label(f"h<sub>{s + 1}</sub> ({name})", theme, size=30)
                               .next_to(states[s], LEFT, buff=0.25)
                               for s, name in enumerate(example.source_labels)))
        encoder = label(f"encoder states, {len(fixed)} numbers", theme, size=26, color=theme.muted)
        encoder.next_to(states, DOWN, buff=0.3).align_to(states, LEFT)
        self.play(Write(heading), FadeIn(states), FadeIn(state_names), FadeIn(encoder))
        self.wait(0.5)
        self.next_slide()

        # 2. the classic decoder: the last state is the context, the same vector at both steps
        slots = VGroup(*(squares([fixed], color=theme.input, theme=theme, vmax=state_max, size=size, annotate=False)
                         .move_to([right_x, y - size / 2, 0], aligned_edge=LEFT) for y in steps_y))
        slot_names = VGroup(*(label(f"step {t + 1} (writes {name}): c = h<sub>{S}</sub>", theme, size=28)
                              .next_to(slots[t], UP, buff=0.2).align_to(slots[t], LEFT)
                              for t, name in enumerate(example.target_labels)))
        pipes = VGroup(*(Arrow(states[-1].get_right(), slot.get_left(), buff=0.15,
                               color=theme.foreground, stroke_width=3, max_tip_length_to_length_ratio=0.08)
                         for slot in slots))
        note = label(f"the same c at every step: h<sub>1</sub> reaches the decoder only through h<sub>{S}</sub>", theme,
                     size=26, color=theme.muted).move_to([0, -2.75, 0])
        self.play(*(Create(p) for p in pipes), FadeIn(slot_names), run_time=0.8)
        self.play(*(TransformFromCopy(states[-1], slot) for slot in slots), run_time=1.2)
        # h_1: no direct path
        self.play(FadeIn(note), VGroup(states[0], state_names[0]).animate.set_opacity(0.35), run_time=0.6)
        self.wait(1.0)
        self.next_slide()

        # 3-4. with attention: each step weighs every state anew and sums the values
        self.play(FadeOut(slots), FadeOut(slot_names), FadeOut(pipes), FadeOut(note),
                  VGroup(states[0], state_names[0]).animate.set_opacity(1.0),
                  FadeTransform(heading, title("With attention: a fresh context at every step")), run_time=0.8)
        how = label("c<sub>t</sub> = a<sub>t1</sub> v<sub>1</sub> + a<sub>t2</sub> v<sub>2</sub>, the values "
                    "v<sub>s</sub> projected from h<sub>1</sub>, h<sub>2</sub>", theme, size=26,
                    color=theme.muted).move_to([0, -2.75, 0])
        for t in range(L):
            context = squares([contexts[t]], color=theme.output, theme=theme,
                              vmax=context_max, size=size, annotate=False)
            context.move_to([right_x, steps_y[t] - size / 2, 0], aligned_edge=LEFT)
            name = label(f"c<sub>{t + 1}</sub>: step {t + 1}, writes {example.target_labels[t]}", theme, size=28)
            name.next_to(context, UP, buff=0.2).align_to(context, LEFT)
            shares = plain(f"a = ({', '.join(f'{w:.2f}' for w in weights[t])})", theme, size=28)
            shares.next_to(context, DOWN, buff=0.2).align_to(context, LEFT)
            lines = VGroup(*(Line(states[s].get_right() + RIGHT * 0.1,
                                  context.get_left() + LEFT * 0.1, color=weight_color,
                                  stroke_width=0.8 + 10 * weights[t][s]) for s in range(S)))
            self.play(*(Create(line) for line in lines), FadeIn(name), FadeIn(shares), run_time=1.0)
            self.play(FadeTransform(states.copy(), context), *([FadeIn(how)] if t == 0 else []), run_time=1.2)
            self.wait(1.0)
            if t < L - 1:
                self.next_slide()
        self.wait(1.5)
