r"""How many steps separate the first and the last position: recurrence, convolution, dilated convolution, attention.

For sequences of n = 2 … 512 positions, the number of sequential steps a signal needs to travel from the
first input to the last output, counted by following each architecture's connections: a recurrent network
passes it along one time step at a time (n steps, $O(n)$); stacked convolutions with kernel k = 3 need
$\lceil (n - 1)/(k - 1) \rceil$ layers ($O(n/k)$); dilated convolutions, whose dilation grows k-fold per layer,
need $\lceil \log_k n \rceil$ ($O(\log_k n)$); self-attention connects every pair in one step ($O(1)$). Both
axes are logarithmic.
"""

ALT = """A line chart on log-log axes, sequence length 2 to 512 across, steps 1 to 512 up. Two grey lines
climb straight to 512 (recurrent) and 256 (convolution); a dotted grey staircase rises slowly to 6 (dilated
convolution); a thick bold line lies flat along the bottom at 1 (self-attention)."""

from attnlab.examples.perspectives import path_lengths

ORDERS = {"recurrent": "$O(n)$", "convolution": "$O(n/k)$", "dilated convolution": r"$O(\log_k n)$",
          "self-attention": "$O(1)$"}


def data():
    example = path_lengths()
    return {
        "lengths": example.lengths.tolist(),  # (M,)
        "kernel_size": example.kernel_size,
        "architectures": list(example.architectures),  # (A,)
        "steps": example.steps.tolist(),  # (A, M)
        "orders": [ORDERS[a] for a in example.architectures],  # (A,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    fig, ax = plt.subplots(figsize=(8, 4.2), gridspec_kw=dict(left=0.09, right=0.67, top=0.96, bottom=0.13))
    # no role colours: the three older architectures in muted lines told apart by dash and marker, self-attention
    # (the one the caption is about) bold in the foreground colour
    styles = {"recurrent": (theme.muted, "-", "o", 1.8), "convolution": (theme.muted, "--", "s", 1.8),
              "dilated convolution": (theme.muted, ":", "D", 2.0), "self-attention": (theme.foreground, "-", "^", 3.0)}
    n = data["lengths"]
    for name, order, steps in zip(data["architectures"], data["orders"], data["steps"]):
        color, dash, marker, width = styles[name]
        ax.plot(n, steps, color=color, linestyle=dash, linewidth=width, marker=marker, markersize=4.5)
        label = f"{name}: {order}"
        if name.endswith("convolution"):
            label = f"{name}, k = {data['kernel_size']}:\n{order}"
        ax.text(n[-1] * 1.15, steps[-1], label, color=theme.foreground, va="center", ha="left",
                fontsize=theme.small, fontweight="bold" if name == "self-attention" else "normal")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xlim(n[0] * 0.9, n[-1] * 1.1)
    ticks = [2 ** i for i in range(0, 10)]
    ax.set_yticks([t for t in ticks if t <= max(map(max, data["steps"]))], minor=False)
    ax.set_xticks([t for t in ticks if n[0] <= t <= n[-1]])
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("sequence length n")
    ax.set_ylabel("maximum path length (steps)")
    ax.grid(True, which="major", axis="y", alpha=0.2)
    ax.tick_params(length=0)
    return fig
