"""Worked examples that only the animations (``diagrams/``) need so far.

Same rules as :mod:`attnlab.examples.worked` (DESIGN convention 7): fixed, named inputs, every number computed
by attnlab's own modules, frozen dataclasses of float64 tensors with their shapes documented, fresh tensors on
every call. A still of the same idea should call the same function.
"""

from dataclasses import dataclass

import torch

from attnlab.positional import angular_speeds, sinusoidal_table

# ---------------------------------------------------------------------------------------------------------
# Topic 18: positional encoding as dials
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionalDials:
    """The sinusoidal encoding of d_model = 8 read as four dials, one per (sin, cos) pair of features.

    Dial i turns by ω_i radians per position; at position p its hand points at angle p·ω_i, and the hand's
    coordinates are the pair (PE[p, 2i], PE[p, 2i + 1]) = (sin p·ω_i, cos p·ω_i).

    d_model:    8
    speeds:     (d/2,) = (4,)  ω_i = angular_speeds(8) = (1, 0.1, 0.01, 0.001), fastest first
    positions:  (P,) int64      the positions shown: 0, 1, 2, 3, 4 step by step, then 100 and 1000
    steps:      number of leading ``positions`` reached one step at a time (the rest are jumps)
    angles:     (P, d/2)        p·ω_i, in radians (not reduced modulo 2π)
    table:      (P, d)          sinusoidal_table rows at ``positions``; table[1] is CONTENT.md's PE[1] =
                (0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0, 0.0010, 1.0)
    norms:      (P,)            ‖PE[p]‖ = √(d/2) = 2 at every position
    """

    d_model: int
    speeds: torch.Tensor
    positions: torch.Tensor
    steps: int
    angles: torch.Tensor
    table: torch.Tensor
    norms: torch.Tensor


def positional_dials(d_model=8, steps=5, jumps=(100, 1000)):
    """Four dials turning at the speeds of :func:`attnlab.positional.angular_speeds`; see :class:`PositionalDials`."""
    positions = torch.tensor(list(range(steps)) + list(jumps))  # (P,)
    speeds = angular_speeds(d_model)  # (d/2,)
    angles = positions[:, None].to(speeds.dtype) * speeds[None, :]  # (P, d/2)
    table = sinusoidal_table(int(positions.max()) + 1, d_model)[positions]  # (P, d)
    return PositionalDials(d_model, speeds, positions, steps, angles, table, table.norm(dim=-1))
