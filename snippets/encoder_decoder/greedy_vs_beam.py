"""Greedy decoding takes the likeliest word at each step and misses the likeliest sentence; a beam of two finds it.

A toy decoder chooses two words. First word: A with probability 0.6, B with 0.4. After A the second word is
x, y or z with 0.4, 0.3, 0.3; after B it is x with 0.9. Left: greedy decoding keeps only A, then takes x, a
sentence of probability 0.6 · 0.4 = 0.24. Right: beam search with width 2 keeps both A and B, extends both,
and of the six sentences keeps the best two; the best, B x, has probability 0.4 · 0.9 = 0.36. Thick lines:
the sentence returned; solid: hypotheses kept; dashed: never kept; ✓ marks the search that finds the likeliest
sentence.
"""

ALT = """Two copies of the same two-level tree, from a root through A (0.6) and B (0.4) to the sentences A x 0.24,
A y 0.18, A z 0.18, B x 0.36, B y 0.02 and B z 0.02. Left, greedy: only the path through A to x is drawn solid
and thick, everything under B dashed and grey. Right, beam of two: both A and B are solid, and the thick path runs
through B to x, the sentence with 0.36."""

from attnlab.examples.encoder_decoder import greedy_vs_beam


def _search(result):
    """A search result as plain data: its answer and the prefixes it kept at any step."""
    return {
        "tokens": list(result.tokens),
        "prob": result.prob,
        "width": result.beam_width,
        "kept": [list(p) for p in sorted({h.tokens for step in result.steps for h in step.kept})],  # ever kept
    }


def data():
    example = greedy_vs_beam()
    return {
        "tree": [[list(prefix), dict(probs)] for prefix, probs in example.tree.items()],  # prefix -> {token: p}
        "sequences": [[list(h.tokens), h.prob] for h in example.sequences],  # every complete sentence, best first
        "greedy": _search(example.greedy),
        "beam": _search(example.beam),
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    small = theme.small
    tree = {tuple(prefix): probs for prefix, probs in data["tree"]}
    leaf_prob = {tuple(tokens): prob for tokens, prob in data["sequences"]}

    # 1. node positions: depth along x, leaves spread evenly along y in the tree's order
    leaves = []

    def collect(prefix):
        children = tree.get(prefix, {})
        if not children:
            leaves.append(prefix)
        for token in children:
            collect(prefix + (token,))

    collect(())
    position = {leaf: (2.2 * len(leaf), -i) for i, leaf in enumerate(leaves)}

    def place(prefix):
        if prefix not in position:
            ys = [place(prefix + (token,))[1] for token in tree[prefix]]
            position[prefix] = (2.2 * len(prefix), sum(ys) / len(ys))
        return position[prefix]

    place(())

    fig, axes = plt.subplots(1, 2, figsize=(8, 3.9), gridspec_kw={"wspace": 0.05})
    for ax, name in zip(axes, ("greedy", "beam")):
        search = data[name]
        kept = {tuple(p) for p in search["kept"]}
        answer = tuple(search["tokens"])
        best = {answer[:k] for k in range(1, len(answer) + 1)}
        # 2. edges: the answer thick, kept hypotheses solid, the rest dashed
        for prefix, probs in tree.items():
            x0, y0 = position[prefix]
            for token, p in probs.items():
                child = prefix + (token,)
                x1, y1 = position[child]
                if child in best:
                    style = dict(color=theme.foreground, linewidth=3.6, linestyle="-")
                elif child in kept:
                    style = dict(color=theme.foreground, linewidth=1.2, linestyle="-")
                else:
                    style = dict(color=theme.muted, linewidth=0.9, linestyle="--")
                ax.plot([x0, x1], [y0, y1], zorder=1, **style)
                ax.text(x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0), f"{p:g}", ha="center", va="center",
                        fontsize=small, zorder=2, bbox=dict(facecolor=theme.background, edgecolor="none", pad=1.0),
                        color=theme.foreground if child in kept else theme.muted)
        # 3. nodes, and the probability of every complete sentence
        for prefix, (x, y) in position.items():
            on = prefix in kept or not prefix
            ax.scatter([x], [y], s=380, color=theme.panel, edgecolor=theme.foreground if on else theme.muted,
                       linewidth=1.2, zorder=2)
            ax.text(x, y, prefix[-1] if prefix else "·", ha="center", va="center", zorder=3,
                    color=theme.foreground if on else theme.muted, fontweight="bold" if prefix in best else "normal")
            if prefix in leaf_prob:
                ax.text(x + 0.35, y, f"{' '.join(prefix)}: {leaf_prob[prefix]:.2f}", va="center", fontsize=small,
                        color=theme.foreground if on else theme.muted,
                        fontweight="bold" if prefix == answer else "normal")
        title = "Greedy" if search["width"] == 1 else f"Beam of {search['width']}"
        verdict = "✓" if search["prob"] >= max(leaf_prob.values()) else "✗"  # did it find the likeliest sentence?
        ax.set_title(f"{title}: {' '.join(answer)}, p = {search['prob']:.2f}  {verdict}")
        ax.set_xlim(-0.4, 2.2 * 2 + 2.0)
        ax.set_ylim(-len(leaves) + 0.4, 0.6)
        ax.set_axis_off()
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.02)
    return fig
