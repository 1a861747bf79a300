r"""Multi-head attention as matrix products, step by step: stack, attend per head, concatenate, mix with $W^O$.

Two heads on two tokens with $d = 4$ features, small integers so every product can be checked by hand; head 1's
part of a matrix has a solid outline, head 2's a dashed one. 1. The heads' query projections $W^Q_1$ and
$W^Q_2$ (4×3 each) slide together into one 4×6 matrix, and one product (2×4 times 4×6) gives both
heads' queries: columns 1-3 are head 1's, columns 4-6 head 2's. Keys and values are made the same way. 2. Each
head takes its own three columns of $Q$ and $K$: $A_i = \mathrm{softmax}(Q_i K_i^\top / \sqrt{3})$, 2×2, rows
summing to 1. 3. Each head weighs its own values, $Z_i = A_i V_i$ (2×3). 4. The two head outputs slide side by
side into $Z$ (2×6). 5. $W^O$ (6×4) mixes them into $Y$ (2×4): rows 1-3 of $W^O$ read head 1, rows 4-6 head 2,
and $Y$ has the 4 features of $X$, so that it can be added back to $X$.
The numbers are those of the still figure above, computed by attnlab's `scaled_dot_product_attention`.
"""

ALT = """The last frame is one matrix product, Z (2×6, red-orange, head 1's three columns in a solid outline, head 2's
in a dashed one) times W^O (6×4, signed integers shaded grey to blue, rows 1-3 solid and 4-6 dashed) equals Y (2×4,
red-orange: 1.6, 6.3, −10.2, 0.2 and 2.0, 6.0, −10.0, 0.0). Earlier frames show X times the stacked query
projections giving both heads' queries at once, each head's 2×2 weights in blue, and Z_i = A_i V_i per head."""

import torch
from manim import DOWN, LEFT, RIGHT, UP, DashedVMobject, FadeIn, FadeOut, FadeTransform, SurroundingRectangle, VGroup
from manim_slides import Slide

from attnlab.animate.squares import heat, label, squares
from attnlab.examples.multi_head import multihead_products

CELL = 0.64  # side of one matrix cell


class MultiheadMatmulSteps(Slide):
    def construct(self):
        theme = self.theme
        example = multihead_products()
        H, E, D = example.W_Q.shape  # heads, input features, features per head
        L = example.X.shape[0]
        X, W_Q, Q, K, V = example.X, example.W_Q, example.Q, example.K, example.V  # (L, E), (H, E, D), (L, H·D) ×3
        A, Z, W_O, Y = example.weights, example.Z, example.W_O, example.Y  # (H, L, L), (L, H·D), (H·D, E), (L, E)
        cols = [slice(h * D, (h + 1) * D) for h in range(H)]  # head h's columns of Q, K, V and Z
        z_max = float(torch.cat([Z.flatten(), Y.flatten()]).abs().max())

        def block(values, color, decimals=0, vmax=None, size=CELL):
            return squares((values + 0.0).tolist(), color=color, theme=theme, vmax=vmax, size=size, decimals=decimals)

        def weights_of(values, decimals=0):
            """A learned matrix: signed numbers without a role, in the diverging map (0 in the middle)."""
            scale = float(values.abs().max())
            return heat((values + 0.0).tolist(), cmap=theme.diverging_cmap, theme=theme,
                        vmin=-scale, vmax=scale, size=CELL, decimals=decimals)

        def named(group, text, size=26):
            return label(text, theme, size=size).next_to(group, UP, buff=0.12)

        def head_box(cells, h):
            """Head 1's part of a matrix in a solid outline, head 2's in a dashed one."""
            box = SurroundingRectangle(cells, color=theme.foreground, buff=0.04, stroke_width=5)
            return box if h == 0 else DashedVMobject(box, num_dashes=28, color=theme.foreground)

        def columns(grid, h, width=D):
            return VGroup(*(row[h * width:(h + 1) * width] for row in grid))

        def note(text, y=-2.6):
            return label(text, theme, size=26, color=theme.muted).move_to([0, y, 0])

        times, equals = label("×", theme, size=36), label("=", theme, size=36)
        title = label("Multi-head attention as matrix products", theme, size=34).to_edge(UP, buff=0.25)

        # 1. stack the heads' projections side by side: one product X [W^Q_1 | W^Q_2] gives both heads' queries
        # (L, E), (E, H·D), (L, H·D)
        x, w, q = block(X, theme.input), weights_of(torch.cat(list(W_Q), dim=1)), block(Q, theme.query)
        VGroup(x, times, w, equals, q).arrange(RIGHT, buff=0.3).move_to([0.55, 1.35, 0])
        x_name = named(x, f"X ({L}×{E})")
        parts = [columns(w, h).copy() for h in range(H)]  # each head's W^Q_h, shown apart first
        for h, part in enumerate(parts):
            part.shift(LEFT * 0.3 if h == 0 else RIGHT * 0.3)
        part_names = [named(p, f"W<sup>Q</sup><sub>{h + 1}</sub> ({E}×{D})", size=24) for h, p in enumerate(parts)]
        w_name = named(w, f"[W<sup>Q</sup><sub>1</sub> | W<sup>Q</sup><sub>2</sub>] ({E}×{H * D})")
        q_name = named(q, f"[Q<sub>1</sub> | Q<sub>2</sub>] ({L}×{H * D})")
        self.play(FadeIn(title), FadeIn(x), FadeIn(x_name), FadeIn(times), *(FadeIn(p) for p in parts),
                  *(FadeIn(n) for n in part_names), run_time=0.6)
        w_boxes = VGroup(*(head_box(columns(w, h), h) for h in range(H)))
        q_boxes = VGroup(*(head_box(columns(q, h), h) for h in range(H)))
        self.play(*(p.animate.move_to(columns(w, h)) for h, p in enumerate(parts)),
                  FadeTransform(VGroup(*part_names), w_name),
                  FadeIn(w_boxes), run_time=0.6)
        self.remove(*parts)
        self.add(w)
        self.play(FadeIn(equals), FadeIn(q), FadeIn(q_name), FadeIn(q_boxes), run_time=0.5)
        note1 = note(f"one product, both heads' queries: columns 1-{D} are head 1's, {D + 1}-{H * D} head 2's;\n"
                     f"K = X [W<sup>K</sup><sub>1</sub> | W<sup>K</sup><sub>2</sub>] and "
                     f"V = X [W<sup>V</sup><sub>1</sub> | W<sup>V</sup><sub>2</sub>] the same way", y=-1.0)
        self.play(FadeIn(note1), run_time=0.3)
        self.wait(1.0)
        self.next_slide()

        # 2. each head attends on its own columns: A_i = softmax(Q_i K_iᵀ / √D)
        k, v = block(K, theme.key), block(V, theme.value)  # (L, H·D) each
        k.move_to(q).shift(DOWN * 1.8)
        v.move_to(k).shift(DOWN * 1.8)
        k_name, v_name = named(k, "K"), named(v, "V")
        k_boxes = VGroup(*(head_box(columns(m, h), h) for m in (k, v) for h in range(H)))
        rows_y = (1.3, -1.0)  # head 1's row, head 2's row
        a = [heat(A[h].tolist(), cmap=theme.sequential_cmap, theme=theme, vmin=0.0, vmax=1.0, size=0.8)
             for h in range(H)]  # (L, L)
        heads = VGroup()
        for h in range(H):
            a[h].move_to([-4.4, rows_y[h], 0])
            heads.add(label(f"head {h + 1}", theme, size=26).next_to(a[h], LEFT, buff=0.2))
        a_names = [named(a[h], f"A<sub>{h + 1}</sub>") for h in range(H)]
        a_boxes = [head_box(a[h], h) for h in range(H)]
        formula = label(f"A<sub>i</sub> = softmax(Q<sub>i</sub> K<sub>i</sub><sup>T</sup> / √{D}): head i's own\n"
                        f"columns of Q and K; each row sums to 1", theme, size=26, color=theme.muted)
        formula.move_to([-6.6, -2.55, 0], aligned_edge=LEFT)
        self.play(*(FadeOut(m) for m in (x, x_name, times, w, w_name, w_boxes, equals, note1)), FadeIn(k),
                  FadeIn(k_name), FadeIn(v), FadeIn(v_name), FadeIn(k_boxes), run_time=0.6)
        for h in range(H):
            self.play(FadeIn(heads[h]), FadeIn(a[h]), FadeIn(a_names[h]), FadeIn(a_boxes[h]),
                      *([FadeIn(formula)] if h == 0 else []), run_time=0.5)
        self.wait(1.0)
        self.next_slide()

        # 3. each head weighs its own values: Z_i = A_i V_i
        v_heads = [block(V[:, cols[h]], theme.value) for h in range(H)]  # (L, D) each
        # (L, D) each
        z_heads = [block(Z[:, cols[h]], theme.output, decimals=1, vmax=z_max, size=0.9) for h in range(H)]
        products = VGroup()
        for h in range(H):
            t, e = times.copy(), equals.copy()
            VGroup(a[h].copy(), t, v_heads[h], e, z_heads[h]).arrange(RIGHT, buff=0.2).move_to(a[h], aligned_edge=LEFT)
            products.add(VGroup(t, e, head_box(v_heads[h], h), head_box(z_heads[h], h)))
        v_names = [named(v_heads[h], f"V<sub>{h + 1}</sub>") for h in range(H)]
        z_names = [named(z_heads[h], f"Z<sub>{h + 1}</sub> = A<sub>{h + 1}</sub> V<sub>{h + 1}</sub>")
                   for h in range(H)]
        for h in range(H):
            self.play(FadeIn(products[h]), FadeIn(v_heads[h]), FadeIn(v_names[h]),
                      FadeIn(z_heads[h]), FadeIn(z_names[h]),
                      run_time=0.5)
        self.wait(1.0)
        self.next_slide()

        # 4. concatenate: the heads' outputs side by side, Z = [Z_1 | Z_2] (L, H·D)
        z = block(Z, theme.output, decimals=1, vmax=z_max, size=0.9)  # (L, H·D)
        w_o = weights_of(W_O)  # (H·D, E)
        y = block(Y, theme.output, decimals=1, vmax=z_max, size=1.1)  # (L, E)
        times2, equals2 = times.copy(), equals.copy()
        VGroup(z, times2, w_o, equals2, y).arrange(RIGHT, buff=0.15).move_to([0, 0.35, 0])
        for m in (z, y):  # the two-row matrices level with the top of W^O
            m.align_to(w_o, UP)
        times2.set_y(z.get_y())
        equals2.set_y(z.get_y())
        z_name = named(z, f"Z = [Z<sub>1</sub> | Z<sub>2</sub>] ({L}×{H * D})")
        z_boxes = VGroup(*(head_box(columns(z, h), h) for h in range(H)))
        self.play(*(FadeOut(m) for m in (q, q_name, q_boxes, k, k_name, v, v_name, k_boxes, *a, *a_names, *a_boxes,
                                         *heads, products, *v_heads, *v_names, *z_names, formula)), run_time=0.4)
        self.play(*(z_heads[h].animate.move_to(columns(z, h)) for h in range(H)), FadeIn(z_name),
                  FadeIn(z_boxes), run_time=0.6)
        self.remove(*z_heads)
        self.add(z)
        self.wait(1.0)
        self.next_slide()

        # 5. mix with W^O: rows 1-D read head 1, rows D+1..H·D head 2
        w_o_rows = [VGroup(*w_o[h * D:(h + 1) * D]) for h in range(H)]
        w_o_boxes = VGroup(*(head_box(w_o_rows[h], h) for h in range(H)))
        w_o_name = named(w_o, f"W<sup>O</sup> ({H * D}×{W_O.shape[1]})")
        y_name = named(y, f"Y ({L}×{Y.shape[1]})")
        self.play(FadeIn(times2), FadeIn(w_o), FadeIn(w_o_name), FadeIn(w_o_boxes), run_time=0.5)
        self.play(FadeIn(equals2), FadeIn(y), FadeIn(y_name), run_time=0.5)
        note5 = note(f"rows 1-{D} of W<sup>O</sup> read head 1, rows {D + 1}-{H * D} head 2;\n"
                     f"W<sup>O</sup> is {H * D}×{W_O.shape[1]}, so Y has the {Y.shape[1]} features of X, "
                     f"not the {D} of one head", y=-2.4)
        self.play(FadeIn(note5), run_time=0.3)
        self.wait(1.5)
