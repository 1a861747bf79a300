"""Cross-attention while decoding "la zone économique européenne", one word at a time.

The encoder has read "the European economic zone": its states are the keys and values (columns). At every step
the decoder's state, built from the words produced so far, is the query; its weights over the four English
words fill one row of the alignment matrix, and the next French word appears. The adjectives swap order:
"économique" looks at "economic", "européenne" at "European". The weights are attnlab's softmax of the hand-set
alignment scores of the translation example.
"""

ALT = """A 4 × 4 grid fills row by row: columns are the English words the, European, economic, zone, each under a
yellow key square; rows are the French words la, zone, économique, européenne, each first shown as a purple
query square. Each row's largest weight is its deepest blue cell: la 0.81 on the, zone 0.89 on zone, économique
0.84 on economic and européenne 0.82 on European, the last two outlined; the sentence produced so far is
written below the grid."""

from html import escape

from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, FadeTransform, SurroundingRectangle, VGroup, Write
from manim_slides import Slide
from matplotlib.colors import to_hex

from attnlab.animate.layout import outline, plain, tile, word
from attnlab.animate.squares import label, squares
from attnlab.examples.encoder_decoder import translation_heatmap


class CrossAttentionDecoding(Slide):
    def construct(self):
        theme = self.theme
        example = translation_heatmap()
        weights = example.weights.tolist()  # (L, S) one row per French word, one column per English word
        L, S = len(example.target_tokens), len(example.source_tokens)
        decoder_inputs = ("<start>",) + example.target_tokens[:-1]  # the decoder reads its own output, shifted
        cw, ch = 2.0, 0.95  # cell width and height

        # 1. the encoder's states: keys and values, one column per source word
        title = label("Cross-attention, one word at a time", theme, size=34).to_edge(UP, buff=0.3)
        grid = VGroup(*(VGroup(*(outline(theme, width=cw, height=ch).move_to([c * cw, -r * ch, 0]) for c in range(S)))
                        for r in range(L)))
        grid.move_to([2.6, -0.5, 0])
        keys = VGroup(*(squares([[1.0]], color=theme.key, theme=theme, vmax=1.0, size=0.36, annotate=False)
                        .next_to(grid[0][c], UP, buff=0.15) for c in range(S)))
        sources = VGroup(*(word(t, theme, size=26).next_to(keys[c], UP, buff=0.1)
                           for c, t in enumerate(example.source_tokens)))
        encoder = label("encoder: keys and values", theme, size=26, color=theme.muted).next_to(sources, UP, buff=0.15)
        self.play(Write(title), FadeIn(grid), FadeIn(keys), FadeIn(sources), FadeIn(encoder))
        self.next_slide()

        # 2-5. each step: the decoder's query -> one row of weights -> the next word
        decoder = label("decoder: queries", theme, size=26, color=theme.muted)
        decoder.move_to([grid.get_left()[0] - 2.6, encoder.get_y(), 0])

        def sentence(words):
            text = label(f'<span foreground="{theme.muted}">output:</span> ' + escape(" ".join(words)), theme, size=28)
            return text.move_to([-6.6, -2.85, 0], aligned_edge=LEFT)

        so_far = sentence(())
        self.play(FadeIn(decoder), FadeIn(so_far))
        for r in range(L):
            row = grid[r]
            query = VGroup(squares([[1.0]], color=theme.query, theme=theme, vmax=1.0, size=0.36, annotate=False),
                           plain(f"after {decoder_inputs[r]}", theme, size=26)).arrange(RIGHT, buff=0.2)
            query.next_to(row, LEFT, buff=0.8)
            pointer = Arrow(query.get_right(), row.get_left(), buff=0.1, color=theme.query, stroke_width=3)
            filled = VGroup(*(tile(w, theme, color=theme.foreground,
                                   fill=to_hex(theme.sequential_cmap(w)), width=cw, height=ch,
                                   font_size=28).move_to(row[c])
                              for c, w in enumerate(weights[r])))
            best = max(range(S), key=lambda c: weights[r][c])
            focus = SurroundingRectangle(sources[best], color=theme.foreground, buff=0.08, stroke_width=4)
            new_so_far = sentence(example.target_tokens[:r + 1])
            self.play(FadeIn(query), FadeIn(pointer), run_time=0.6)
            self.play(FadeIn(filled, lag_ratio=0.15), FadeIn(focus), run_time=1.0)
            self.play(FadeTransform(so_far, new_so_far), FadeOut(focus), FadeOut(pointer), run_time=0.6)
            self.play(FadeTransform(query, word(example.target_tokens[r], theme, size=28).next_to(row, LEFT, buff=0.3)),
                      run_time=0.5)
            so_far = new_so_far
            self.next_slide()

        # 6. the adjectives swap order: each looks at its English adjective, not at the word in its place
        adjectives = (L - 2, L - 1)  # "économique", "européenne"
        swapped = VGroup(*(SurroundingRectangle(grid[r][max(range(S), key=lambda c: weights[r][c])],
                                                color=theme.foreground, buff=0.0, stroke_width=6) for r in adjectives))
        swap_note = label("the adjectives swap order", theme,
                          size=26).next_to(grid, DOWN, buff=0.3).align_to(grid, RIGHT)
        self.play(FadeIn(swapped), FadeIn(swap_note), run_time=0.8)
        self.wait(1.5)
