"""A convolution is multi-head attention with one-hot heads.

A sequence x of 7 positions and 2 channels is padded with a zero at each end. Three heads, one per kernel tap,
each put all their attention on one position: heads 1, 2 and 3 make query i look at positions i − 1, i and i + 1
(offsets −1, 0, +1: the neighbour to the left, the position itself, the neighbour to the right; the padding
supplies the missing neighbours at the ends). With $W^V = I$ the heads copy those three inputs; concatenated
they form a row of Z, and $W^O$, the kernel rearranged, mixes them into 3 output channels. The result equals
torch's `conv1d` at every position, up to rounding. Numbers from attnlab's `scaled_dot_product_attention` with a
boolean `attn_mask` (the `conv_as_attention` example).
"""

from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, FadeTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.layout import sci
from attnlab.animate.squares import label, squares
from attnlab.examples.worked import conv_as_attention
from attnlab.theme import active


class AttentionAsConvolution(Slide):
    def construct(self):
        theme = active()
        example = conv_as_attention()
        H, L, S = example.weights.shape  # heads (= kernel taps), positions, padded positions
        C = example.x.shape[1]
        i = L // 2  # the position followed in beats 3 and 4
        vmax = float(example.x_padded.abs().max())
        out_max = float(example.conv_out.abs().max())
        gap = float((example.attention_out - example.conv_out).abs().max())

        def block(values, color, scale, size, annotate=True, decimals=2):
            return squares((values + 0.0).tolist(), color=color, theme=theme, vmax=scale, size=size, annotate=annotate,
                           decimals=decimals)

        # 1. the input, channels as rows and positions as columns, one zero of padding at each end
        title = label("A convolution, written as attention", theme, size=32).to_edge(UP, buff=0.35)
        x = block(example.x_padded.T, theme.value, vmax, 0.62).move_to([-2.6, 1.5, 0])  # (C, S)
        x_name = label(f"x: {C} channels × {L} positions, padded", theme, size=24).next_to(x, UP, buff=0.25)
        pads = VGroup(*(label("pad", theme, size=18, color=theme.muted).next_to(x[-1][c], DOWN, buff=0.12) for c in (0, S - 1)))
        self.play(Write(title), FadeIn(x), FadeIn(x_name), FadeIn(pads))
        self.next_slide()

        # 2. three heads, each one-hot: query i looks at padded position i + k only
        heads = VGroup(*(block(example.weights[k], theme.output, 1.0, 0.25, annotate=False) for k in range(H)))
        heads.arrange(RIGHT, buff=0.5).move_to([-2.6, -1.6, 0])
        offsets = [k - (H - 1) // 2 for k in range(H)]
        head_names = VGroup(*(label(f"head {k + 1}: offset {o:+d}".replace("-", "−") if o else f"head {k + 1}: offset 0", theme, size=20)
                              .next_to(heads[k], UP, buff=0.15) for k, o in enumerate(offsets)))
        axes = label(f"rows: {L} queries · columns: {S} keys", theme, size=20, color=theme.muted).next_to(heads, DOWN, buff=0.25)
        self.play(FadeIn(heads, lag_ratio=0.3), FadeIn(head_names, lag_ratio=0.3), FadeIn(axes))
        self.next_slide()

        # 3. position i: each head copies one neighbour (W^V = I); concatenated, they are row i of Z
        picks = VGroup(*(SurroundingRectangle(heads[k][i], color=theme.foreground, buff=0.03) for k in range(H)))
        columns = VGroup(*(SurroundingRectangle(VGroup(*(row[i + k] for row in x)), color=theme.foreground, buff=0.05)
                           for k in range(H)))
        z = block(example.Z[i], theme.value, vmax, 0.62).move_to([4.2, 1.0, 0])  # (H·C,)
        z_name = label(f"row {i + 1} of Z: heads side by side", theme, size=22).next_to(z, UP, buff=0.2)
        seams = VGroup(*(SurroundingRectangle(z[0][k * C:(k + 1) * C], color=theme.foreground, buff=0.03) for k in range(H)))
        self.play(FadeIn(picks), FadeIn(columns))
        self.play(FadeTransform(VGroup(*(VGroup(*(row[i + k] for row in x)).copy() for k in range(H))), z), FadeIn(z_name))
        self.play(FadeIn(seams))
        self.next_slide()

        # 4. W^O (the kernel, rearranged) mixes the 6 numbers into 3 output channels: conv1d's output at i
        att = block(example.attention_out[i], theme.output, out_max, 0.62)
        conv = block(example.conv_out[i], theme.output, out_max, 0.62)
        att_row = VGroup(label("Z W<sup>O</sup> =", theme, size=24), att).arrange(RIGHT, buff=0.3)
        conv_row = VGroup(label("conv1d =", theme, size=24), conv).arrange(RIGHT, buff=0.3)
        results = VGroup(att_row, conv_row).arrange(DOWN, buff=0.35, aligned_edge=RIGHT).next_to(z, DOWN, buff=0.6)
        results.align_to(z, RIGHT)
        self.play(FadeIn(att_row, shift=DOWN * 0.2))
        self.play(FadeIn(conv_row, shift=DOWN * 0.2))
        self.next_slide()

        # 5. every position: the whole output equals conv1d
        self.play(*(FadeOut(m) for m in (picks, columns, seams, z, z_name, results)))
        full_att = block(example.attention_out.T, theme.output, out_max, 0.6, decimals=1)  # (C_out, L)
        full_conv = block(example.conv_out.T, theme.output, out_max, 0.6, decimals=1)  # (C_out, L)
        full = VGroup(VGroup(label("attention", theme, size=22), full_att).arrange(DOWN, buff=0.15),
                      VGroup(label("conv1d", theme, size=22), full_conv).arrange(DOWN, buff=0.15))
        full.arrange(DOWN, buff=0.35).move_to([4.3, -0.3, 0])
        verdict = label(f"largest difference: {sci(gap, 1)}", theme, size=22, color=theme.muted).next_to(full, DOWN, buff=0.3)
        self.play(FadeIn(full), FadeIn(verdict))
        self.wait(1.5)
