r"""The bottleneck: one fixed context vector for every output step, or a fresh context per step from all encoder states.

Real states of the trained corners model for one sequence: the encoder turns each of the S = 2 source
corners into a state $\mathbf{h}_s$ of E = 16 numbers (a row of squares; vibrancy is magnitude, a minus mark a
negative entry). Top: a classic sequence-to-sequence decoder gets a single vector, here the last state
$\mathbf{h}_2$, and the same one at every step, however long the source. Bottom: with attention, decoder step t
weighs every encoder state anew (weights $a_{ts}$, line width) and gets its own context
$\mathbf{c}_t = \sum_s a_{ts} \mathbf{v}_s$ (red-orange), a weighted sum of the values $\mathbf{v}_s$, which the
model computes from the states with a learned projection.
"""

ALT = """Two panels, each with the encoder states h1 (BL) and h2 (BR) as rows of sixteen slate squares on the
left and one row per decoder step on the right. Top: both steps receive an identical copy of h2, joined to h2
alone. Bottom: step 1 receives c1 = 0.93 v1 + 0.07 v2 and step 2 receives c2 = 0.09 v1 + 0.91 v2, two different
red-orange rows, joined to both states by lines as thick as those weights."""

from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, corners_bottleneck, corners_model


def data():
    model, _ = corners_model()
    states = corners_bottleneck(model, CORNERS_EXAMPLE)
    return {
        "source_labels": list(states.source_labels),  # (S,)
        "target_labels": list(states.target_labels),  # (L,)
        "memory": states.memory.tolist(),  # (S, E)
        "fixed_context": states.fixed_context.tolist(),  # (E,)
        "weights": states.weights[0].tolist(),  # (L, S) the model's one head: a_ts
        "contexts": states.contexts.tolist(),  # (L, E) c_t = Σ_s a_ts v_s
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from attnlab.draw.squares import blank_axes, draw_squares

    size = 0.18  # one square, in inches: the axes' units are the figure's inches
    memory, contexts, weights = data["memory"], data["contexts"], data["weights"]
    S, E = len(memory), len(memory[0])
    small = theme.small
    state_max = max(abs(v) for row in memory for v in row)
    context_max = max(abs(v) for row in contexts for v in row)
    width, height = 8.0, 4.45
    fig = plt.figure(figsize=(width, height))
    ax = blank_axes(fig)
    enc_x, ctx_x, span = 1.0, 4.6, E * size
    weight_color = theme.sequential_cmap(0.8)

    def panel(top, bottom, title):
        """A group of rows from y = top down to y = bottom, its heading at the top left."""
        ax.add_patch(Rectangle((0.05, bottom), width - 0.1, top - bottom, facecolor=theme.panel, edgecolor="none",
                               zorder=0))
        ax.text(0.2, top - 0.25, title, fontweight="bold", fontsize=theme.font_size * 1.1, va="center")

    def states(middle):
        """The encoder states h_1..h_S as rows of squares centred on y = middle; returns each row's middle y."""
        middles = [middle + (S - 1) * 0.25 - s * 0.5 for s in range(S)]
        for s, (row, y) in enumerate(zip(memory, middles)):
            draw_squares(ax, [row], color=theme.input, theme=theme, x=enc_x, y=y + size / 2, size=size,
                         vmax=state_max)
            ax.text(enc_x - 0.1, y, f"h{s + 1} ({data['source_labels'][s]})", ha="right", va="center",
                    fontsize=small)
        return middles

    def context(values, color, vmax, y, label, outline=False):
        """One decoder step's context as a row of squares centred on y, ``label`` above it."""
        draw_squares(ax, [values], color=color, theme=theme, x=ctx_x, y=y + size / 2, size=size, vmax=vmax)
        if outline:
            ax.add_patch(Rectangle((ctx_x - 0.03, y - size / 2 - 0.03), span + 0.06, size + 0.06, facecolor="none",
                                   edgecolor=theme.foreground, linewidth=1.6, zorder=3))
        ax.text(ctx_x, y + size / 2 + 0.08, label, ha="left", va="bottom", fontsize=small)

    rows = (3.55, 2.75), (1.3, 0.5)  # the two decoder steps' rows in each panel

    # 1. without attention: the last state is the only thing passed on, the same vector at every step
    panel(4.4, 2.25, "Without attention: one fixed vector for the whole source")
    middles = states(sum(rows[0]) / 2)
    for t, y in enumerate(rows[0]):
        context(memory[-1], theme.input, state_max, y, f"step {t + 1} → {data['target_labels'][t]}:  c = h{S}",
                outline=True)
        ax.add_patch(FancyArrowPatch((enc_x + span + 0.08, middles[-1]), (ctx_x - 0.1, y), arrowstyle="-|>",
                                     mutation_scale=11, color=theme.foreground, linewidth=1.2))
    ax.text(ctx_x + span / 2, rows[0][1] - size / 2 - 0.1, "the same vector at every step", ha="center", va="top",
            fontsize=small, fontweight="bold")
    ax.text(enc_x + span / 2, middles[-1] - size / 2 - 0.1, f"h1 reaches the decoder only through h{S}",
            ha="center", va="top", fontsize=small, color=theme.muted)

    # 2. with attention: every step weighs every state anew and sums the values v_s (projected states)
    panel(2.15, 0.05, "With attention: a fresh context at every step")
    middles = states(sum(rows[1]) / 2)
    for t, y in enumerate(rows[1]):
        mix = " + ".join(f"{w:.2f} v{s + 1}" for s, w in enumerate(weights[t]))
        context(contexts[t], theme.output, context_max, y, f"step {t + 1} → {data['target_labels'][t]}:  "
                f"c{t + 1} = {mix}")
        for s in range(S):
            ax.plot([enc_x + span + 0.08, ctx_x - 0.1], [middles[s], y], color=weight_color,
                    linewidth=0.4 + 5.0 * weights[t][s], solid_capstyle="round", zorder=1)

    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    return fig
