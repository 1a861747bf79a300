"""Attention weights as annotated heatmaps: rows are queries, columns keys, every cell shows its number.

:func:`attention_heatmap` draws one grid of weights on an axes; :func:`head_grid` draws a figure of them, one
per head of every layer (rows) for several examples (columns), with one shared colour bar. Masks follow
attnlab's convention, ``allowed`` True = may attend; a blocked cell (weight exactly 0) is hatched in grey on
the theme's panel colour, so that "0 because the mask forbids it" never looks like "small because the scores say so".
"""

import matplotlib as mpl
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from attnlab.draw.squares import number_text
from attnlab.theme import Theme, ink_on, shade


def attention_heatmap(ax, grid, *, theme: Theme, row_labels=None, col_labels=None, cmap=None,
                      vmin: float = 0.0, vmax: float = 1.0, allowed=None, fmt="{:.2f}", blocked_fmt=None,
                      labelsize: float | None = None):
    """Draw ``grid`` (R, C), e.g. the (L, S) weights of one head, on ``ax``; returns the image (for a colour bar).

    ``cmap`` is the colour map (a Colormap or a name; default ``theme.sequential_cmap``), spread over
    [vmin, vmax]. ``allowed`` (R, C), True = may attend (None: every cell); a blocked cell is hatched, its
    value written with ``blocked_fmt`` on a small panel box, or left blank when ``blocked_fmt`` is None.
    ``fmt`` and ``blocked_fmt`` are format strings ("{:.2f}") or functions of the value. ``row_labels`` / ``col_labels``
    become the tick labels (None leaves that axis's ticks to the caller); ``labelsize`` defaults to
    0.9 × ``theme.font_size``, the size of the cell text.
    """
    small = theme.small
    colormap = mpl.colormaps.get_cmap(cmap or theme.sequential_cmap)
    image = ax.imshow(grid, cmap=colormap, vmin=vmin, vmax=vmax)
    hatch = shade(theme, theme.muted, 0.5)  # halfway between background and muted: seen, but quieter than a weight
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if allowed is not None and not allowed[i][j]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=theme.panel, edgecolor=theme.background,
                                       hatch="///", hatchcolor=hatch, hatch_linewidth=1.0))
                if blocked_fmt is not None:
                    ax.text(j, i, number_text(blocked_fmt, value), ha="center", va="center", color=theme.foreground,
                            fontsize=small, bbox=dict(facecolor=theme.panel, edgecolor="none", pad=1))
            else:
                fill = to_hex(colormap((value - vmin) / (vmax - vmin)))
                ax.text(j, i, number_text(fmt, value), ha="center", va="center", color=ink_on(theme, fill),
                        fontsize=small)
    if col_labels is not None:
        ax.set_xticks(range(len(grid[0])), col_labels)
    if row_labels is not None:
        ax.set_yticks(range(len(grid)), row_labels)
    ax.tick_params(length=0, labelsize=labelsize or small)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def head_grid(weights, labels, *, theme: Theme, allowed=None, blocked_fmt=None, titles=None):
    """A figure of self-attention heatmaps: one column per example, one row per head of every layer.

    ``weights`` (X, layers, H, L, L): the weights of X examples; ``labels`` (X, L): each example's tokens,
    which label both the queries (rows) and the keys (columns). ``allowed`` (L, L), the same for every head
    (e.g. a causal mask), and ``blocked_fmt`` as in :func:`attention_heatmap`. ``titles`` (X,), optional: a
    heading above each column (it may have two lines), with "keys" under it. The first column names its rows
    ("head h" or "layer l, head h"); a thin colour bar on the right reads the weights. Returns
    ``(fig, axes)``, axes (layers·H, X).
    """
    import matplotlib.pyplot as plt

    small = theme.small
    layers, heads = len(weights[0]), len(weights[0][0])
    rows, cols = layers * heads, len(weights)
    lines = max((str(t).count("\n") + 1 for t in titles), default=0) if titles else 0
    left, right, wspace, hspace = 0.11, 0.87, 0.5, 0.45
    side = 8 * (right - left) / (cols + (cols - 1) * wspace)  # one heatmap's width and height, in inches
    head_in = 0.45 + 0.22 * lines if titles else 0.3  # room above the first row
    foot_in = 0.4  # room for the last row's key labels
    height = rows * side + (rows - 1) * hspace * side + head_in + foot_in
    fig, axes = plt.subplots(rows, cols, figsize=(8, height), squeeze=False,
                             gridspec_kw=dict(wspace=wspace, hspace=hspace, left=left, right=right,
                                              top=1 - head_in / height, bottom=foot_in / height))
    for c, (example, tokens) in enumerate(zip(weights, labels)):
        for layer in range(layers):
            for h in range(heads):
                ax = axes[layer * heads + h, c]
                image = attention_heatmap(ax, example[layer][h], theme=theme, row_labels=tokens, col_labels=tokens,
                                          allowed=allowed, blocked_fmt=blocked_fmt)  # (L, L)
                if c == 0:
                    name = f"head {h + 1}" if layers == 1 else f"layer {layer + 1}, head {h + 1}"
                    ax.set_ylabel(f"{name}\nquery", fontsize=small)
        if titles:
            top = axes[0, c]
            top.text(0.5, 1.04, "keys", transform=top.transAxes, ha="center", va="bottom", color=theme.muted,
                     fontsize=small)
            top.set_title(titles[c], loc="center", fontsize=small, pad=small * 1.9, linespacing=1.25)
    bar = fig.colorbar(image, ax=axes, fraction=0.025, pad=0.04, shrink=min(1.0, 2.2 / height),
                       ticks=[0.0, 0.5, 1.0])
    bar.set_label("weight", fontsize=small)
    bar.ax.tick_params(length=0, labelsize=small)
    bar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}")
    bar.outline.set_visible(False)
    return fig, axes
