r"""The dot product of random vectors spreads out as $\sqrt{d_k}$; dividing by $\sqrt{d_k}$ undoes it.

Left: the measured variance of $\mathbf{q} \cdot \mathbf{k}$ for query and key entries drawn independently from
N(0, 1), for $d_k$ from 1 to 256 (both axes logarithmic). It follows the line $\mathrm{Var} = d_k$ (grey); after
dividing by $\sqrt{d_k}$ it stays at 1 (blue). Right: 10 000 such dot products for $d_k = 64$ as histograms of
equal area: raw, they spread over roughly ±25 (standard deviation 8); scaled, over roughly ±3 (standard
deviation 1), the range where a softmax still has slope.
"""

ALT = """Left, a log-log plot: grey dots climb a straight grey line from 1 at d_k = 1 to 256 at d_k = 256, while
blue squares stay flat at 1 across the whole range. Right, two histograms on one score axis from about -30 to
30: a low, wide grey one and a tall, narrow blue one peaking near 0.4 at zero."""

from attnlab.examples.foundations import scaling_variance, scaling_variance_sweep

BINS = 60


def data():
    import torch

    sweep = scaling_variance_sweep()
    sample = scaling_variance()
    raw = torch.histogram(sample.scores, bins=BINS, density=True)  # (B,) densities, (B + 1,) edges
    scaled = torch.histogram(sample.scaled_scores, bins=BINS, density=True)  # (B,), (B + 1,)
    return {
        "dims": sweep.dims.tolist(),  # (D,)
        "var": sweep.var.tolist(),  # (D,)
        "scaled_var": sweep.scaled_var.tolist(),  # (D,)
        "d": sample.d,
        "sample_var": sample.var,
        "sample_scaled_var": sample.scaled_var,
        "raw_edges": raw.bin_edges.tolist(),  # (B + 1,)
        "raw_density": raw.hist.tolist(),  # (B,)
        "scaled_edges": scaled.bin_edges.tolist(),  # (B + 1,)
        "scaled_density": scaled.hist.tolist(),  # (B,)
    }


def draw(data, theme):
    import matplotlib.pyplot as plt

    small = theme.small
    raw, scaled = theme.muted, theme.sequential_cmap(0.75)  # the problem in grey, the fix in blue
    fig, (sweep, hist) = plt.subplots(1, 2, figsize=(8, 3.5), gridspec_kw={"width_ratios": (1, 1.15)})

    # 1. variance against dimension, each series labelled where it ends
    dims = data["dims"]
    sweep.plot(dims, dims, color=raw, linewidth=1.4)
    sweep.plot(dims, data["var"], "o", color=raw, markersize=7)
    sweep.plot(dims, data["scaled_var"], "s", color=scaled, markersize=7)
    sweep.set_xscale("log", base=2)
    sweep.set_yscale("log", base=2)
    sweep.set_xticks(dims[::2], [f"{d:g}" for d in dims[::2]])  # plain numbers, no superscripts
    sweep.set_yticks(dims[::2], [f"{d:g}" for d in dims[::2]])
    sweep.minorticks_off()
    sweep.set_ylim(0.6, 600)
    sweep.set_xlabel("$d_k$")
    sweep.set_ylabel("variance", labelpad=2)
    sweep.text(dims[5], data["var"][5] * 2.2, r"$q \cdot k$", ha="right", va="bottom", color=theme.foreground,
               fontsize=theme.font_size)
    sweep.text(dims[-1], 1.5, r"$q \cdot k \,/ \sqrt{d_k}$" + "\nstays at 1", ha="right", va="bottom",
               color=theme.foreground, fontsize=theme.font_size, fontweight="bold", linespacing=1.4)

    # 2. the two distributions for one dimension, as densities (area 1 each), labelled beside their shapes
    for name, color in (("raw", raw), ("scaled", scaled)):
        edges, density = data[f"{name}_edges"], data[f"{name}_density"]
        widths = [b - a for a, b in zip(edges[:-1], edges[1:])]
        hist.bar(edges[:-1], density, width=widths, align="edge", color=color, linewidth=0)
    hist.text(9, 0.06, f"$q \\cdot k$\nvariance {data['sample_var']:.1f}", ha="left", va="bottom", fontsize=small)
    hist.text(2.5, 0.3, rf"$q \cdot k \,/ \sqrt{{{data['d']}}}$" + f"\nvariance {data['sample_scaled_var']:.2f}",
              ha="left", va="center", fontsize=small, fontweight="bold")
    hist.set_xlabel(f"score  ($d_k$ = {data['d']})")
    hist.set_ylabel("density", labelpad=2)
    hist.set_yticks([0, 0.2, 0.4])
    fig.subplots_adjust(left=0.1, right=0.99, top=0.96, bottom=0.17, wspace=0.3)
    return fig
