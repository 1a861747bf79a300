"""Transformer examples of the residual-LayerNorm page (topic 19): norm-last vs norm-first, the feed-forward network.

The rules of every example hold (see :mod:`attnlab.examples`); the seeded ``EncoderLayer`` modules run in float32, as
PyTorch's defaults, and are initialised inside ``torch.random.fork_rng``.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.examples.common import seeded_generator
from attnlab.examples.seeds import SEEDS
from attnlab.transformer import EncoderLayer

# ---------------------------------------------------------------------------------------------------------
# Topic 19: residual + LayerNorm, norm-last vs norm-first; the position-wise feed-forward network
# ---------------------------------------------------------------------------------------------------------

# The two orders of an encoder layer, as segments of the residual stream x:
#   ("branch", names): x = x + f(x), f the named steps in order (a sublayer with its residual connection);
#   ("main", name):    x = name(x), on the stream itself.
# Norm-last (the paper) normalises the stream after each residual addition; norm-first normalises only what
# enters each sublayer, so the stream itself is never normalised.
BLOCK_ORDERS = {
    "norm_last": (("branch", ("self-attention",)), ("main", "LayerNorm"),
                  ("branch", ("feed-forward",)), ("main", "LayerNorm")),
    "norm_first": (("branch", ("LayerNorm", "self-attention")), ("branch", ("LayerNorm", "feed-forward"))),
}


@dataclass(frozen=True)
class BlockOrder:
    """One seeded ``EncoderLayer`` run both ways: norm-last (``norm_first=False``, the paper) and norm-first.

    Both runs use the same weights; only the place of the LayerNorms differs.

    x:          (N, L, E) = (1, 4, 8) the input, deliberately large (RMS ≈ 3)
    segments:   dict order -> :data:`BLOCK_ORDERS` [order]
    stream:     dict order -> (1 + segments, N, L, E): the residual stream before the first segment and after
                each one, computed by :func:`run_block_order` from the layer's own submodules
    rms:        dict order -> (1 + segments,) mean over tokens of each token's RMS ‖x‖ / √E
    output:     dict order -> (N, L, E) the layer's own forward pass (equal to ``stream[order][-1]``)
    """

    x: torch.Tensor
    segments: dict
    stream: dict
    rms: dict
    output: dict


def build_block_layer():
    """The seeded ``EncoderLayer(d_model=8, nhead=2, dim_feedforward=16)`` of :func:`block_order` (post-norm)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEEDS["transformer_block_order"])
        return EncoderLayer(8, 2, dim_feedforward=16).eval()


def run_block_order(layer, x, segments):
    """Run ``segments`` (see :data:`BLOCK_ORDERS`) with ``layer``'s submodules; x (N, L, E) -> (1 + segments, N, L, E).

    The first "LayerNorm" met is ``layer.norm1``, the second ``layer.norm2``, as in the layer's forward pass.
    """
    norms = iter((layer.norm1, layer.norm2))
    steps = {
        "self-attention": lambda h: layer.self_attn(h, h, h)[0],  # (N, L, E)
        "feed-forward": lambda h: layer.linear2(layer.activation(layer.linear1(h))),  # (N, L, E)
    }

    def apply(name, h):
        return next(norms)(h) if name == "LayerNorm" else steps[name](h)  # (N, L, E)

    stream = [x]
    for kind, names in segments:
        h = stream[-1]  # (N, L, E)
        if kind == "branch":
            branch = h
            for name in names:
                branch = apply(name, branch)  # (N, L, E)
            h = h + branch  # (N, L, E) the residual connection
        else:
            h = apply(names, h)  # (N, L, E)
        stream.append(h)
    return torch.stack(stream)  # (1 + segments, N, L, E)


@torch.no_grad()
def block_order():
    """Norm-last vs norm-first on one layer (topic 19); see :class:`BlockOrder`."""
    layer = build_block_layer()
    gen = seeded_generator("transformer_block_order")
    x = 3.0 * torch.randn(1, 4, 8, generator=gen)  # (N, L, E)
    stream = {order: run_block_order(layer, x, segments) for order, segments in BLOCK_ORDERS.items()}
    rms = {order: v.pow(2).mean(-1).sqrt().mean(dim=(1, 2)) for order, v in stream.items()}  # (1 + segments,)
    output = {}
    for order, flag in (("norm_last", False), ("norm_first", True)):
        layer.norm_first = flag
        output[order] = layer(x)  # (N, L, E)
    return BlockOrder(x, dict(BLOCK_ORDERS), stream, rms, output)


@dataclass(frozen=True)
class FeedForwardExample:
    """The position-wise feed-forward network of a seeded ``EncoderLayer(d_model=4, nhead=2, dim_feedforward=8)``.

    tokens:  (L,) row labels
    x:       (L, E) = (3, 4) the input rows (one decimal)
    w1:      (E, F) = (4, 8) linear1 as ``x @ w1 + b1``;  b1: (F,)
    hidden:  (L, F) relu(x @ w1 + b1): every row on its own, many entries exactly 0
    w2:      (F, E) = (8, 4) linear2 as ``hidden @ w2 + b2``;  b2: (E,)
    output:  (L, E) hidden @ w2 + b2
    row:     the row a figure highlights;  row_alone: (E,) the network applied to that row alone
    """

    tokens: tuple
    x: torch.Tensor
    w1: torch.Tensor
    b1: torch.Tensor
    hidden: torch.Tensor
    w2: torch.Tensor
    b2: torch.Tensor
    output: torch.Tensor
    row: int
    row_alone: torch.Tensor


def build_feed_forward_layer():
    """The seeded ``EncoderLayer`` whose feed-forward network :func:`feed_forward_example` shows."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEEDS["transformer_feed_forward"])
        return EncoderLayer(4, 2, dim_feedforward=8).eval()


@torch.no_grad()
def feed_forward_example(row=1):
    """The same small network on every position (topic 19); see :class:`FeedForwardExample`."""
    layer = build_feed_forward_layer()
    gen = seeded_generator("transformer_feed_forward")
    x = torch.randn(3, 4, generator=gen).round(decimals=1)  # (L, E)
    w1, b1 = layer.linear1.weight.T.clone(), layer.linear1.bias.clone()  # (E, F), (F,)
    w2, b2 = layer.linear2.weight.T.clone(), layer.linear2.bias.clone()  # (F, E), (E,)
    hidden = F.relu(x @ w1 + b1)  # (L, F)
    output = hidden @ w2 + b2  # (L, E)
    row_alone = layer.linear2(layer.activation(layer.linear1(x[row])))  # (E,)
    return FeedForwardExample(("x1", "x2", "x3"), x, w1, b1, hidden, w2, b2, output, row, row_alone)
