"""Sinusoidal positional encoding: where a vector sits in the sequence, written into its features.

Attention treats its inputs as a set: permute them and the outputs permute the same way. Adding
``PE[p]`` to the input at position p breaks that symmetry. Features come in pairs rotating at angular
speed ``ω_i = 1 / 10000^(2i/d)``, one dial per pair (interleaved, as in the paper):

    PE[p, 2i]     = sin(p · ω_i)
    PE[p, 2i + 1] = cos(p · ω_i)

Each pair has norm 1, so ``‖PE[p]‖ = sqrt(d/2)`` at every position, and ``PE[p + k]`` is ``PE[p]``
rotated pair by pair by angles ``k · ω_i``: a fixed offset is a fixed rotation, whatever p.
"""

import math

import torch
from torch import nn

from attnlab.attention import check_shape


def angular_speeds(d_model):
    """The (d_model/2,) angular speeds ``ω_i = 1 / 10000^(2i/d_model)``, fastest first."""
    i = torch.arange(d_model // 2, dtype=torch.float64)  # (d/2,)
    return 1.0 / 10000 ** (2 * i / d_model)  # (d/2,)


def sinusoidal_table(max_len, d_model):
    """The (max_len, d_model) float64 table: ``PE[p, 2i] = sin(p·ω_i)``, ``PE[p, 2i+1] = cos(p·ω_i)``."""
    if d_model % 2 != 0:
        raise ValueError(f"d_model must be even (features come in sin/cos pairs); got d_model={d_model}")
    positions = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)  # (max_len, 1)
    angles = positions * angular_speeds(d_model)  # (max_len, d/2)
    table = torch.empty(max_len, d_model, dtype=torch.float64)  # (max_len, d)
    table[:, 0::2] = angles.sin()  # even features: sine
    table[:, 1::2] = angles.cos()  # odd features: cosine
    return table


class PositionalEncoding(nn.Module):
    """Add the sinusoidal table to a batch of sequences: ``x (N, L, E) -> x·c + PE[:L]``.

    Args:
        d_model: features E (even).
        max_len: longest sequence L accepted.
        scale_input: if True, multiply the inputs by ``c = sqrt(d_model)`` before adding the table
            (the paper does this to its embeddings, whose entries are small next to PE's ±1); if
            False (the default), ``c = 1`` and the inputs are added unchanged.

    The table is the buffer ``pe`` (max_len, d_model), float32 by default (follows ``.to(dtype)``);
    it is not saved in the ``state_dict`` since it is fixed by ``d_model`` and ``max_len``.
    """

    def __init__(self, d_model, max_len=512, scale_input=False):
        super().__init__()
        self.d_model, self.max_len, self.scale_input = d_model, max_len, scale_input
        self.register_buffer("pe", sinusoidal_table(max_len, d_model).float(), persistent=False)

    def forward(self, x):
        """x (N, L, E) -> x (scaled by sqrt(E) if ``scale_input``) + PE[:L], (N, L, E)."""
        check_shape("x", x, "(N, L, E)", (None, None, self.d_model))
        L = x.shape[1]
        if L > self.max_len:
            raise ValueError(f"x has L = {L} positions, more than max_len = {self.max_len}")
        if self.scale_input:
            x = x * math.sqrt(self.d_model)  # (N, L, E)
        return x + self.pe[:L]  # (N, L, E)
