r"""The bottleneck: one fixed context vector for every output step, or a fresh context per step from all encoder states.

Real states of the trained corners model for one sequence: the encoder turns each of the S = 2 source
corners into a state $\mathbf{h}_s$ of E = 16 numbers (a row of squares; vibrancy is magnitude, a corner mark
a minus sign). Top: a classic sequence-to-sequence decoder gets a single vector, here the last state
$\mathbf{h}_2$, and the same one at every step, however long the source. Bottom: with attention, decoder step t
weighs every encoder state anew (weights $a_{ts}$, line width) and gets its own context
$\mathbf{c}_t = \sum_s a_{ts} \mathbf{v}_s$, a weighted sum of the values $\mathbf{v}_s$, which the model
computes from the states with a learned projection.
"""

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

    size = 0.22
    memory, contexts, weights = data["memory"], data["contexts"], data["weights"]
    S, E = len(memory), len(memory[0])
    small = theme.font_size * 0.9
    state_max = max(abs(v) for row in memory for v in row)
    context_max = max(abs(v) for row in contexts for v in row)
    fig = plt.figure(figsize=(8, 4.2))
    ax = blank_axes(fig)
    enc_x, ctx_x, width = 0.9, 6.0, E * size

    def states(top):
        """The encoder states h_1..h_S as rows of squares from y = top; returns each row's middle y."""
        middles = []
        for s, row in enumerate(memory):
            y = top - s * 0.5
            draw_squares(ax, [row], color=theme.key, theme=theme, x=enc_x, y=y, size=size, vmax=state_max)
            ax.text(enc_x - 0.12, y - size / 2, f"h{s + 1} ({data['source_labels'][s]})", ha="right", va="center",
                    fontsize=small)
            middles.append(y - size / 2)
        return middles

    def panel(bottom, height, title):
        ax.add_patch(Rectangle((-0.6, bottom), 11.2, height, facecolor=theme.panel, edgecolor="none", zorder=0))
        ax.text(-0.45, bottom + height - 0.28, title, fontweight="bold", fontsize=small, va="center")

    # 1. without attention: the last state is the only thing passed on, the same at every step
    panel(3.75, 2.2, "without attention: one fixed vector")
    middles = states(5.15)
    draw_squares(ax, [memory[-1]], color=theme.key, theme=theme, x=ctx_x, y=5.0, size=size, vmax=state_max)
    ax.text(ctx_x + width / 2, 5.1, f"c = h{S}, the last state", ha="center", va="bottom", fontsize=small)
    ax.add_patch(FancyArrowPatch((enc_x + width + 0.1, middles[-1]), (ctx_x - 0.1, 5.0 - size / 2),
                                 arrowstyle="-|>", mutation_scale=10, color=theme.foreground, linewidth=1.0))
    ax.text(ctx_x + width / 2, 4.6, "the same c at every decoder step", ha="center", va="top", fontsize=small,
            color=theme.muted)
    ax.text(enc_x + width / 2, middles[-1] - 0.3, "h1 reaches the decoder only through h2", ha="center", va="top",
            fontsize=small, color=theme.muted)

    # 2. with attention: every step weighs every state and sums the values v_s (projected states)
    panel(0.4, 3.15, r"with attention: a context per step, $c_t = \Sigma_s\, a_{ts} v_s$")
    middles = states(2.3)
    for t, context in enumerate(contexts):
        y = 2.55 - t * 1.35
        draw_squares(ax, [context], color=theme.output, theme=theme, x=ctx_x, y=y, size=size, vmax=context_max)
        ax.text(ctx_x - 0.12, y - size / 2, f"c{t + 1}", ha="right", va="center")
        shares = ", ".join(f"{w:.2f}" for w in weights[t])
        ax.text(ctx_x, y + 0.08, f"step {t + 1}, predicts {data['target_labels'][t]}: $a_{{{t + 1}s}}$ = ({shares})",
                ha="left", va="bottom", fontsize=small)
        for s in range(S):
            ax.plot([enc_x + width + 0.08, ctx_x - 0.55], [middles[s], y - size / 2], color=theme.output,
                    linewidth=0.3 + 4.0 * weights[t][s], solid_capstyle="round", zorder=1)

    ax.set_xlim(-0.6, 10.75)
    ax.set_ylim(0.35, 5.95)
    return fig
