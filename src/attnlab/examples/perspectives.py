"""Examples of the perspectives page (topic 23): the maximum path length of RNNs, convolutions and self-attention.

The path lengths are computed, not looked up (:func:`path_length`). The page's encoder-only vs decoder-only
figures use :func:`attnlab.examples.transformer.bidirectional_vs_causal`, introduced in the transformer section.
"""

from dataclasses import dataclass

import torch

# ---------------------------------------------------------------------------------------------------------
# Topic 23: path lengths
# ---------------------------------------------------------------------------------------------------------

ARCHITECTURES = ("recurrent", "convolution", "dilated convolution", "self-attention")


def _offsets(architecture, step, n, kernel_size):
    """The position offsets one step of ``architecture`` connects (causal: output i reads inputs i - offset)."""
    if architecture == "self-attention":
        return range(n)  # every position reads every position, in one step
    if architecture == "recurrent":
        return (0,) if step == 0 else (1,)  # x_i -> h_i first, then h_{i-1} -> h_i, one time step each
    if architecture == "convolution":
        return range(kernel_size)  # kernel_size neighbours per layer
    if architecture == "dilated convolution":
        return range(0, kernel_size ** (step + 1), kernel_size ** step)  # dilation kernel_size ** step
    raise ValueError(f"architecture must be one of {ARCHITECTURES}; got {architecture!r}")


def path_length(architecture, n, kernel_size=3):
    """Sequential steps a signal needs from the first input to the last output of a sequence of ``n``.

    Computed, not looked up: start from input position 0, apply the architecture's connections one step
    (one layer, or one time step of a recurrence) at a time, and count the steps until position n − 1 is
    reached. This pair (first, last) is the farthest apart, so the result is the maximum path length.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    reached = torch.zeros(n, dtype=torch.bool)  # (n,) positions the first input has influenced
    reached[0] = True
    steps = 0
    while not reached[-1] or steps == 0:
        shifted = torch.zeros(n, dtype=torch.bool)  # (n,)
        for offset in _offsets(architecture, steps, n, kernel_size):
            if offset < n:  # a dilated kernel may reach beyond the sequence
                shifted[offset:] |= reached[: n - offset]  # output i reads position i - offset
        reached, steps = shifted, steps + 1
    return steps


@dataclass(frozen=True)
class PathLengths:
    """Maximum path length between positions, for sequences of length n.

    lengths:      (M,) int64 the sequence lengths n
    kernel_size:  k of the convolutions
    architectures: names, in :data:`ARCHITECTURES` order
    steps:        (A, M) int64 :func:`path_length` of each architecture at each n: recurrent n (O(n)),
                  convolution ⌈(n − 1)/(k − 1)⌉ (O(n/k)), dilated ⌈log_k n⌉ (O(log_k n)), attention 1 (O(1))
    """

    lengths: torch.Tensor
    kernel_size: int
    architectures: tuple
    steps: torch.Tensor


def path_lengths(lengths=(2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512), kernel_size=3):
    """Path lengths of RNNs, convolutions, dilated convolutions and self-attention (topic 23)."""
    steps = torch.tensor([[path_length(a, n, kernel_size) for n in lengths] for a in ARCHITECTURES])  # (A, M)
    return PathLengths(torch.tensor(lengths), kernel_size, ARCHITECTURES, steps)
