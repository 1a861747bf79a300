"""A convolution is multi-head attention with one-hot heads.

A sequence x of 7 positions and 2 channels is padded with a zero at each end. Three heads, one per kernel tap,
each put all their attention on one position: heads 1, 2 and 3 make query i look at positions i − 1, i and i + 1
(offsets −1, 0, +1: the neighbour to the left, the position itself, the neighbour to the right; the padding
supplies the missing neighbours at the ends). With $W^V = I$ the heads copy those three inputs; concatenated
they form a row of Z, and $W^O$, the kernel rearranged, mixes them into 3 output channels. The result equals
torch's `conv1d` at every position, up to rounding. Numbers from attnlab's `scaled_dot_product_attention` with a
boolean `attn_mask` (the `conv_as_attention` example).
"""

ALT = """Top left, the padded input: 2 rows (channels) by 9 columns (positions), slate squares with one decimal, zeros
at both ends marked pad. Below it three 7 × 9 grids of squares, one per head, each with a single blue diagonal
shifted one column from the next (offsets −1, 0, +1). On the right, the attention output and conv1d's output,
two identical 3 × 7 red-orange grids with one decimal, and below the heads the largest difference between
them, at the level of rounding."""

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, FadeTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide

from attnlab.animate.layout import sci
from attnlab.animate.squares import heat, label, squares
from attnlab.examples.transformer import conv_as_attention


class AttentionAsConvolution(Slide):
    def construct(self):
        theme = self.theme
        example = conv_as_attention()
        H, L, S = example.weights.shape  # heads (= kernel taps), positions, padded positions
        C = example.x.shape[1]
        i = L // 2  # the position followed in beats 3 and 4
        vmax = float(example.x_padded.abs().max())
        out_max = float(example.conv_out.abs().max())
        gap = float((example.attention_out - example.conv_out).abs().max())

        def block(values, color, scale, size, annotate=True, decimals=1):
            return squares((values + 0.0).tolist(), color=color, theme=theme, vmax=scale, size=size, annotate=annotate,
                           decimals=decimals)

        cell, left_x = 0.8, -3.2  # one entry of x, Z or an output; centre of the left column (x and the heads)

        # 1. the input, channels as rows and positions as columns, one zero of padding at each end
        title = label("A convolution, written as attention", theme, size=32).to_edge(UP, buff=0.25)
        x = block(example.x_padded.T, theme.input, vmax, cell).move_to([left_x, 1.85, 0])  # (C, S)
        x_name = label(f"x: {C} channels × {L} positions, padded", theme, size=26).next_to(x, UP, buff=0.12)
        pads = VGroup(*(label("pad", theme, size=24, color=theme.muted).next_to(x[-1][c], DOWN, buff=0.08)
                        for c in (0, S - 1)))
        self.play(Write(title), FadeIn(x), FadeIn(x_name), FadeIn(pads))
        self.next_slide()

        # 2. three heads, each one-hot: query i looks at padded position i + k only
        heads = VGroup(*(heat(example.weights[k].tolist(), cmap=theme.sequential_cmap, theme=theme, vmin=0.0, vmax=1.0,
                              size=0.25, annotate=False) for k in range(H)))
        heads.arrange(RIGHT, buff=0.25).move_to([left_x, -1.35, 0])
        offsets = [k - (H - 1) // 2 for k in range(H)]
        head_names = VGroup(*(label(f"head {k + 1}: {o:+d}".replace("-", "−") if o else f"head {k + 1}: 0", theme,
                                    size=26).next_to(heads[k], UP, buff=0.12) for k, o in enumerate(offsets)))
        axes = label(f"rows: {L} queries · columns: {S} keys", theme, size=24,
                     color=theme.muted).next_to(heads, DOWN, buff=0.2)
        self.play(FadeIn(heads, lag_ratio=0.3), FadeIn(head_names, lag_ratio=0.3), FadeIn(axes))
        self.next_slide()

        # 3. position i: each head copies one neighbour (W^V = I); concatenated, they are row i of Z
        picks = VGroup(*(SurroundingRectangle(heads[k][i], color=theme.foreground, buff=0.03, stroke_width=4)
                         for k in range(H)))
        columns = VGroup(*(SurroundingRectangle(VGroup(*(row[i + k] for row in x)), color=theme.foreground, buff=0.03,
                                                stroke_width=4) for k in range(H)))
        z = block(example.Z[i], theme.output, vmax, 0.82).move_to([4.1, 1.75, 0])  # (H·C,)
        z_name = label(f"row {i + 1} of Z: heads side by side", theme, size=26).next_to(z, UP, buff=0.15)
        seams = VGroup(*(SurroundingRectangle(z[0][k * C:(k + 1) * C],
                                              color=theme.foreground, buff=0.03, stroke_width=4)
                          for k in range(H)))
        self.play(FadeIn(picks), FadeIn(columns))
        self.play(FadeTransform(VGroup(*(VGroup(*(row[i + k] for row in x)).copy()
                                         for k in range(H))), z), FadeIn(z_name))
        self.play(FadeIn(seams))
        self.next_slide()

        # 4. W^O (the kernel, rearranged) mixes the 6 numbers into 3 output channels: conv1d's output at i
        att = block(example.attention_out[i], theme.output, out_max, 0.82)
        conv = block(example.conv_out[i], theme.output, out_max, 0.82)
        att_row = VGroup(label("Z W<sup>O</sup> =", theme, size=28), att).arrange(RIGHT, buff=0.3)
        conv_row = VGroup(label("conv1d =", theme, size=28), conv).arrange(RIGHT, buff=0.3)
        results = VGroup(att_row, conv_row).arrange(DOWN, buff=0.35, aligned_edge=RIGHT).next_to(z, DOWN, buff=0.6)
        results.align_to(z, RIGHT)
        self.play(FadeIn(att_row, shift=DOWN * 0.2))
        self.play(FadeIn(conv_row, shift=DOWN * 0.2))
        self.next_slide()

        # 5. every position: the whole output equals conv1d
        self.play(*(FadeOut(m) for m in (picks, columns, seams, z, z_name, results)))
        full_att = block(example.attention_out.T, theme.output, out_max, 0.86)  # (C_out, L)
        full_conv = block(example.conv_out.T, theme.output, out_max, 0.86)  # (C_out, L)
        full = VGroup(VGroup(label("attention", theme, size=26), full_att).arrange(DOWN, buff=0.1),
                      VGroup(label("conv1d", theme, size=26), full_conv).arrange(DOWN, buff=0.1))
        full.arrange(DOWN, buff=0.15).move_to([3.8, -0.05, 0])
        verdict = label(f"<b>equal</b> at every position, up to {sci(gap, 1)}", theme, size=26).move_to(axes)
        verdict.align_to(heads, LEFT)
        self.play(FadeIn(full), FadeTransform(axes, verdict))
        self.wait(1.5)
