"""The causal mask, filling in as the decoder generates.

A decoder produces "`<start>` the cat sat down" one token at a time. When a token arrives, its query can look at
itself and at the tokens before it, and nothing else exists yet: one new row of attention weights, over the
keys so far. Row after row, the weights fill the lower triangle. Training computes every row at once, so the
scores above the diagonal are set to −∞ (weight exactly 0) and each row comes out as it would have step by
step. The weights are attnlab's `scaled_dot_product_attention` with `is_causal=True` on the seeded causal
example.
"""

ALT = """A 5 × 5 grid with the tokens <start>, the, cat, sat, down along the top (keys) and down the left (queries).
The lower triangle holds the weights, deeper blue where larger: row <start> is 1.00, row the is 0.09 and 0.91,
and each later row spreads over the tokens up to itself. Every cell above the diagonal is a grey blocked cell
marked 0, and a note below explains that the mask sets those scores to −∞ when all rows are computed at once."""

from manim import DOWN, LEFT, UP, FadeIn, FadeTransform, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import blocked_cell, outline, tile, word
from attnlab.animate.squares import label
from attnlab.examples.transformer import causal_example


class CausalMaskFilling(Slide):
    def construct(self):
        theme = self.theme
        example = causal_example()
        weights = example.weights.tolist()  # (L, L) zero above the diagonal
        tokens = example.tokens
        L = len(tokens)
        cw, ch = 1.6, 0.75

        # 1. an empty grid: rows are queries, columns keys
        title = label("Masked self-attention, one token at a time", theme, size=34).to_edge(UP, buff=0.3)
        grid = VGroup(*(VGroup(*(outline(theme, width=cw, height=ch).move_to([c * cw, -r * ch, 0]) for c in range(L)))
                        for r in range(L)))
        grid.move_to([1.5, -0.3, 0])
        keys_header = label("keys", theme, size=26, color=theme.muted).next_to(grid, UP, buff=0.65)
        queries_header = label("queries", theme, size=26, color=theme.muted).next_to(grid, LEFT, buff=1.95)
        self.play(Write(title), FadeIn(grid), FadeIn(keys_header), FadeIn(queries_header))
        self.next_slide()

        # 2. each new token adds a key (column) and a query (row); its row of weights covers the tokens so far
        note = None
        for t in range(L):
            column = word(tokens[t], theme, size=28).next_to(grid[0][t], UP, buff=0.15)
            row_name = word(tokens[t], theme, size=28).next_to(grid[t], LEFT, buff=0.3)
            cells = VGroup(*(tile(weights[t][j], theme, color=theme.foreground,
                                  fill=to_hex(theme.sequential_cmap(weights[t][j])),
                                  width=cw, height=ch, font_size=28).move_to(grid[t][j])
                             for j in range(t + 1)))
            seen = ", ".join(tokens[: t + 1])
            new_note = word(f"the query of {tokens[t]} sees {seen}", theme, size=26, color=theme.muted)
            new_note.next_to(grid, DOWN, buff=0.25)
            self.play(FadeIn(column, shift=DOWN * 0.2), FadeIn(row_name, shift=DOWN * 0.2), run_time=0.5)
            self.play(FadeIn(cells, lag_ratio=0.2),
                      FadeTransform(note, new_note) if note else FadeIn(new_note), run_time=0.9)
            note = new_note
            self.next_slide()

        # 3. training: all rows at once, the mask blocks the upper triangle (score −∞, weight exactly 0)
        blocked = VGroup(*(blocked_cell(theme, width=cw, height=ch, font_size=28).move_to(grid[r][c])
                           for r in range(L) for c in range(r + 1, L)))
        training = label("training computes all rows at once: scores above the diagonal are −∞,\n"
                         "their weights exactly 0, every row as it was step by step", theme, size=24,
                         color=theme.foreground).next_to(grid, DOWN, buff=0.2).set_x(0)
        self.play(FadeTransform(note, training), FadeIn(blocked, lag_ratio=0.05), run_time=1.2)
        self.wait(1.5)
