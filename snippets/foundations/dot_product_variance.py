r"""The dot product of random vectors spreads out as $\sqrt{d_k}$; dividing by $\sqrt{d_k}$ undoes it.

Left: the measured variance of $\mathbf{q} \cdot \mathbf{k}$ for query and key entries drawn independently from
N(0, 1), for $d_k$ from 1 to 256 (both axes logarithmic). It follows the line $\mathrm{Var} = d_k$ (red); after
dividing by $\sqrt{d_k}$ it stays at 1 (purple). Right: 10 000 such dot products for $d_k = 64$ as histograms of
equal area: raw, they spread over roughly ±25 (standard deviation 8); scaled, over roughly ±3 (standard
deviation 1), the range where a softmax still has slope.
"""

from attnlab.examples.worked import scaling_variance, scaling_variance_sweep

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

    small = theme.font_size * 0.9
    fig, (sweep, hist) = plt.subplots(1, 2, figsize=(8, 3.3), gridspec_kw={"width_ratios": (1, 1.15)})

    # 1. variance against dimension
    sweep.plot(data["dims"], data["dims"], color=theme.output, linewidth=1.2, label="$d_k$")
    sweep.plot(data["dims"], data["var"], "o", color=theme.output, markersize=6, label=r"Var$(q\cdot k)$")
    sweep.plot(data["dims"], data["scaled_var"], "s", color=theme.query, markersize=6,
               label=r"Var$(q\cdot k / \sqrt{d_k})$")
    sweep.set_xscale("log", base=2)
    sweep.set_yscale("log", base=2)
    sweep.set_xticks(data["dims"][::2], [f"{d:g}" for d in data["dims"][::2]])  # plain numbers, no superscripts
    sweep.set_yticks(data["dims"][::2], [f"{d:g}" for d in data["dims"][::2]])
    sweep.minorticks_off()
    sweep.set_xlabel("$d_k$")
    sweep.set_ylabel("variance")
    sweep.legend(fontsize=small, frameon=False, loc="upper left")

    # 2. the two distributions for one dimension, as densities (area 1 each)
    for name, color, label in (("raw", theme.output, f"q·k  (variance {data['sample_var']:.1f})"),
                               ("scaled", theme.query,
                                f"q·k / √{data['d']}  (variance {data['sample_scaled_var']:.2f})")):
        edges, density = data[f"{name}_edges"], data[f"{name}_density"]
        widths = [b - a for a, b in zip(edges[:-1], edges[1:])]
        hist.bar(edges[:-1], density, width=widths, align="edge", color=color, alpha=0.85, label=label)
    hist.set_xlabel(f"score  ($d_k$ = {data['d']})")
    hist.set_ylabel("density")
    hist.legend(fontsize=small, frameon=False, loc="upper left")
    fig.subplots_adjust(left=0.08, right=0.99, top=0.95, bottom=0.16, wspace=0.28)
    return fig
