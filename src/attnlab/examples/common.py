"""Shared by every section's examples: the dtype, tensors from literals, seeded generators and projections, attention.

Worked numbers use float64 (:data:`DTYPE`) so the printed digits of CONTENT.md ("Worked numbers") hold exactly and
tests can compare with PyTorch to 1e-12. Seeds come from :data:`attnlab.examples.seeds.SEEDS` by name.
"""

import math

import torch

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.seeds import SEEDS

DTYPE = torch.float64


def to_tensor(data):
    """The nested list or tuple ``data`` as a :data:`DTYPE` tensor."""
    return torch.tensor(data, dtype=DTYPE)


def seeded_generator(name):
    """A private ``torch.Generator`` seeded with ``SEEDS[name]`` (the global RNG is left alone)."""
    return torch.Generator().manual_seed(SEEDS[name])


def seeded_projections(generator, dim, count):
    """``count`` seeded (E, E) projection matrices drawn from ``generator``, entries N(0, 1/E), used as ``X @ W``."""
    return [torch.randn(dim, dim, generator=generator, dtype=DTYPE) / math.sqrt(dim) for _ in range(count)]


def attend(query, key, value, scale=None, attn_mask=None):
    """attnlab's scaled_dot_product_attention on unbatched (L, E) / (S, E) inputs; returns (out (L, E), w (L, S))."""
    out, w = scaled_dot_product_attention(
        query[None], key[None], value[None], attn_mask=attn_mask, scale=scale
    )  # (1, L, E), (1, L, S)
    return out[0], w[0]
