"""Splitting attention into heads (topic 14): wide heads, narrow heads, and the wrong way to split.

The queries of every head, for one small input X, computed by attnlab's :class:`MultiHeadAttention` with
seeded projections: wide (each head projects to all E features), narrow (one E×E projection whose output
columns are cut into H chunks, the right way) and the inputs cut into H chunks of features, each projected by
its own small head (the wrong way: no head sees all features). Projections are shown as X @ W, so
``W = in_proj_weight[rows].T`` with shape (E_in, E_out).
"""

from dataclasses import dataclass

import torch

from attnlab.examples.seeds import SEEDS
from attnlab.multihead import MultiHeadAttention


@dataclass(frozen=True)
class HeadSplit:
    """Queries of H heads three ways, for X (L, E) (no batch dimension; D = E/H).

    x:              (L, E)        the input, one token per row
    wide_w:         (H, E, E)     W^Q_h of each wide head
    wide_q:         (H, L, E)     X W^Q_h
    narrow_w:       (E, E)        the one W^Q of narrow heads; columns h·D:(h+1)·D belong to head h
    narrow_q:       (H, L, D)     (X W^Q) cut into H column chunks
    wrong_x:        (H, L, D)     X cut into H column chunks (features 0..D-1 to head 0, ...)
    wrong_w:        (H, D, D)     each head's projection of its own chunk
    wrong_q:        (H, L, D)     chunk_h W_h
    """

    x: torch.Tensor
    wide_w: torch.Tensor
    wide_q: torch.Tensor
    narrow_w: torch.Tensor
    narrow_q: torch.Tensor
    wrong_x: torch.Tensor
    wrong_w: torch.Tensor
    wrong_q: torch.Tensor


def _queries(attention, x):
    """Per-head queries (H, L, D) of ``attention`` for x (L, E) and its W^Q as X @ W matrices (H, E, D)."""
    trace = attention.trace(x[None], x[None], x[None])
    H, D = attention.num_heads, attention.head_dim
    w_q = attention.in_proj_weight[: H * D].T  # (E, H·D)
    return trace.q[0], w_q.reshape(-1, H, D).transpose(0, 1)  # (H, L, D), (H, E, D)


@torch.no_grad()
def head_split(length=2, embed_dim=4, num_heads=2):
    """Wide, narrow and wrongly split heads on one seeded input; see :class:`HeadSplit`."""
    generator = torch.Generator().manual_seed(SEEDS["head_split"])
    x = torch.randn(length, embed_dim, generator=generator).round(decimals=1)  # (L, E), one decimal to read
    D = embed_dim // num_heads
    with torch.random.fork_rng():  # seeded initialisation that leaves the caller's global RNG alone
        torch.manual_seed(SEEDS["head_split"])
        wide = MultiHeadAttention(embed_dim, num_heads, mode="wide", bias=False)
        narrow = MultiHeadAttention(embed_dim, num_heads, mode="narrow", bias=False)
        per_chunk = [MultiHeadAttention(D, 1, bias=False) for _ in range(num_heads)]

    wide_q, wide_w = _queries(wide, x)  # (H, L, E), (H, E, E)
    narrow_q, narrow_w = _queries(narrow, x)  # (H, L, D), (H, E, D)
    wrong_x = x.reshape(length, num_heads, D).transpose(0, 1)  # (H, L, D)
    wrong = [_queries(head, chunk) for head, chunk in zip(per_chunk, wrong_x)]
    wrong_q = torch.stack([q[0] for q, _ in wrong])  # (H, L, D)
    wrong_w = torch.stack([w[0] for _, w in wrong])  # (H, D, D)
    return HeadSplit(x, wide_w, wide_q, torch.cat(list(narrow_w), dim=1), narrow_q, wrong_x, wrong_w, wrong_q)
