"""Random masks (attnlab's convention: True = may attend / True = padding) and seeds for the equality tests.

Every mask leaves the ``anchor`` key open for every query, so no row is fully masked: PyTorch returns NaN
there and attnlab raises, which is tested on its own.
"""

import types

import pytest
import torch

# modules against PyTorch's (nn.MultiheadAttention, Transformer layers): 1e-5 in float32, as the issue states
MODULE_TOLERANCE = {torch.float32: 1e-5, torch.float64: 1e-10}


def attn_mask(shape, kind, dtype, generator, anchor):
    """A boolean (True = may attend) or float (added; -inf blocks) mask of ``shape`` (..., L, S)."""
    if kind == "bool":
        mask = torch.rand(shape, generator=generator) < 0.6
        mask[..., anchor] = True
        return mask
    mask = torch.randn(shape, generator=generator, dtype=dtype)
    blocked = torch.rand(shape, generator=generator) < 0.3
    blocked[..., anchor] = False
    return mask.masked_fill(blocked, float("-inf"))


def key_padding_mask(N, S, kind, dtype, generator, anchor):
    """A boolean (True = padding) or float (added) (N, S) padding mask that never pads ``anchor``."""
    padding = torch.rand(N, S, generator=generator) < 0.4
    padding[:, anchor] = False
    if kind == "bool":
        return padding
    return torch.zeros(N, S, dtype=dtype).masked_fill(padding, float("-inf"))


@pytest.fixture(scope="session")
def masks():
    return types.SimpleNamespace(attn_mask=attn_mask, key_padding_mask=key_padding_mask)


@pytest.fixture(scope="session")
def seeded():
    """seeded(seed) -> a torch.Generator with that seed, for inputs and masks; torch's global generator, which
    initialises the modules, gets the same seed."""

    def generator(seed):
        torch.manual_seed(seed)
        return torch.Generator().manual_seed(seed)

    return generator
