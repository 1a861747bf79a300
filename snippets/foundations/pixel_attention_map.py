r"""Inputs are sets, not only words: self-attention over the pixels of an image.

Top left: an 8 × 8 RGB image (sky, sun, a red square, grass); the framed pixel is the query. Bottom: the same
image as a set of 64 inputs of three features, the matrix X of shape (pixels × 3), drawn transposed, one column
per pixel, its red, green and blue values centred to [-1, 1] (blue positive, grey negative). Top middle: the
query pixel's 64 attention weights, $\mathrm{softmax}(\mathbf{x}_p \cdot \mathbf{x}_j)$ over all pixels j, put
back in image layout (stronger blue is larger). Top right: the same weights drawn over the image as discs: the red
pixel attends mostly to the red square, a little to the warm sun, and hardly to the sky or the grass, near or
far.
"""

ALT = """Three 8 by 8 squares side by side with the same pixel outlined in each: the picture (blue sky, a red square
at the left, a yellow sun at the top right, green grass along the bottom); the weights, dark everywhere except
the red square and, faintly, the sun, read on a thin bar from 0 to 0.06; and the picture again, faded, with
large discs on the red square, small ones on the sun and dots elsewhere. Below, a long strip of three rows R, G,
B with one column per pixel, numbered 0 to 56 in steps of 8."""

from attnlab.examples.foundations import rgb_image_attention


def data():
    example = rgb_image_attention()
    return {
        "image": example.image.tolist(),  # (Hpx, Wpx, 3)
        "X": example.X.tolist(),  # (P, 3)
        "pixel": list(example.pixel),  # (row, col)
        "pixel_index": example.pixel_index,
        "attention_map": example.attention_map.tolist(),  # (Hpx, Wpx)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    small = theme.small
    image = np.asarray(data["image"])  # (Hpx, Wpx, 3)
    weights = np.asarray(data["attention_map"])  # (Hpx, Wpx)
    X = np.asarray(data["X"])  # (P, 3)
    row, col = data["pixel"]
    size = image.shape[0]

    fig = plt.figure(figsize=(8, 4.7))
    panels = [fig.add_axes((0.015 + 0.335 * i, 0.42, 0.3, 0.5)) for i in range(3)]

    def frame(ax):
        ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor=theme.foreground, linewidth=2.5))

    # 1. the image and its query pixel
    panels[0].imshow(image, interpolation="nearest")
    frame(panels[0])
    panels[0].set_title("Image", fontsize=theme.font_size * 1.1, loc="center")

    # 2. the query pixel's weights in image layout, read on a thin bar below the panel
    shown = panels[1].imshow(weights, cmap=theme.sequential_cmap, vmin=0, interpolation="nearest")
    frame(panels[1])
    panels[1].set_title("Its weights", fontsize=theme.font_size * 1.1, loc="center")
    box = panels[1].get_position()
    bar = fig.colorbar(shown, cax=fig.add_axes((box.x0 + 0.07, 0.365, box.width - 0.09, 0.022)),
                       orientation="horizontal")
    bar.ax.xaxis.set_major_locator(MaxNLocator(3))  # a few round ticks inside [0, max]
    bar.ax.tick_params(labelsize=small, length=2, pad=2)
    bar.outline.set_visible(False)
    fig.text(box.x0 + 0.06, 0.376, "weight", ha="right", va="center", fontsize=small, color=theme.muted)

    # 3. the weights drawn over the image: disc area proportional to weight
    panels[2].imshow(image, interpolation="nearest", alpha=0.55)
    ys, xs = np.mgrid[0:size, 0:size]
    panels[2].scatter(xs.ravel(), ys.ravel(), s=weights.ravel() / weights.max() * 300, color=theme.foreground,
                      edgecolors=theme.background, linewidths=0.6)
    frame(panels[2])
    panels[2].set_title("Weights as discs", fontsize=theme.font_size * 1.1, loc="center")
    for ax in panels:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(False)

    # 4. the image as a set: X of shape (pixels × 3), drawn one column per pixel
    strip = fig.add_axes((0.055, 0.07, 0.935, 0.13))
    strip.imshow(X.T, cmap=theme.diverging_cmap, vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    strip.add_patch(Rectangle((data["pixel_index"] - 0.5, -0.5), 1, 3, fill=False, edgecolor=theme.foreground,
                              linewidth=2))
    strip.set_yticks(range(3))
    strip.set_yticklabels(["R", "G", "B"], fontsize=small)
    strip.set_xticks(range(0, X.shape[0], size))
    strip.tick_params(labelsize=small, length=0)
    strip.spines[:].set_visible(False)
    strip.set_title(f"X: {X.shape[0]} pixels × 3 features, one column per pixel (p = row · {size} + column)",
                    fontsize=small, loc="left", fontweight="normal")
    return fig
